package web

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/handbook"
)

// Every enrolled municipality's handbook of a programme as one job
// (app/handbook_job.go, docs/handbook.md): the coordinator starts it from
// the programme's overview (or the API), follows it on the job's page, and
// downloads the PDFs as one zip file or one municipality's PDF at a time.

func (s *Server) handbookJobRoutes(rt *router) {
	rt.handle("POST /programmes/{key}/haandboeger", ruleHandbooks, s.page(s.formHandbooks))
	rt.handle("POST /api/v1/programmes/{key}/handbooks", ruleHandbooks, s.api(s.apiHandbooks))
	rt.handle("GET /jobs/{id}/haandboeger.zip", ruleJob, s.page(s.zipHandbooks))
	rt.handle("GET /jobs/{id}/haandboeger/{code}", ruleJob, s.page(s.pdfJobHandbook))
	rt.handle("GET /api/v1/jobs/{id}/handbooks.zip", ruleJob, s.api(s.zipHandbooks))
}

func (s *Server) formHandbooks(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	j, err := s.app.StartHandbooks(r.Context(), identityOf(r), key)
	if err != nil {
		return s.back(w, r, "/programmes/"+key, err, ok{})
	}
	return s.toJobPage(w, r, j)
}

func (s *Server) apiHandbooks(w http.ResponseWriter, r *http.Request) error {
	j, err := s.app.StartHandbooks(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return s.answerJob(w, r, j, func(res json.RawMessage) error { return writeRaw(w, http.StatusOK, res) })
}

// handbookFileName names one municipality's PDF, as the handbook page's
// own PDF is named.
func handbookFileName(key string, h handbook.JobFile) string {
	return fmt.Sprintf("haandbog-%s-%s-v%d.pdf", key, h.MunicipalityCode, h.Version)
}

func (s *Server) zipHandbooks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, hs, err := s.app.HandbookFiles(r.Context(), identityOf(r), id, "", true)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="haandboeger-%s-koersel-%d.zip"`, j.ProgrammeKey, j.ID))
	zw := zip.NewWriter(w)
	for _, h := range hs {
		// PDFs are compressed already: stored, not deflated again.
		f, err := zw.CreateHeader(&zip.FileHeader{Name: handbookFileName(j.ProgrammeKey, h), Method: zip.Store,
			Modified: j.FinishedAt.In(time.UTC)})
		if err != nil {
			return err
		}
		if _, err := f.Write(h.PDF); err != nil {
			return err
		}
	}
	return zw.Close()
}

func (s *Server) pdfJobHandbook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, hs, err := s.app.HandbookFiles(r.Context(), identityOf(r), id, r.PathValue("code"), true)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, handbookFileName(j.ProgrammeKey, hs[0])))
	_, err = w.Write(hs[0].PDF)
	return err
}

// handbookRow is one municipality in a handbook job's page.
type handbookRow struct {
	app.HandbookMade
	Size string // in kB, Danish
}

// handbooksView is a finished handbook job's result as its page shows it.
type handbooksView struct {
	app.HandbooksResult
	Size     string // all PDFs, in MB, Danish
	Rows     []handbookRow
	Failures []handbookRow
}

func handbooksPage(res app.HandbooksResult) handbooksView {
	v := handbooksView{HandbooksResult: res, Size: strings.Replace(fmt.Sprintf("%.1f MB", float64(res.Bytes)/1e6), ".", ",", 1)}
	for _, m := range res.Municipalities {
		row := handbookRow{HandbookMade: m, Size: fmt.Sprintf("%d kB", (m.Size+500)/1000)}
		if m.Error != "" {
			v.Failures = append(v.Failures, row)
		} else {
			v.Rows = append(v.Rows, row)
		}
	}
	return v
}

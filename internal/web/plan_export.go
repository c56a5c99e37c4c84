package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"path"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/export"
)

// Exports of a plan and the national overview, the spreadsheet import of a
// catalogue, and iCalendar feeds.

const (
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimeCSV  = "text/csv; charset=utf-8"
)

// sendFile writes a download with a file name.
func sendFile(w http.ResponseWriter, contentType, name string, b []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	_, err := w.Write(b)
	return err
}

func (s *Server) apiPlanMSPDI(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.ExportPlan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	b, err := export.MSPDI(p, s.app.Calendar())
	if err != nil {
		return err
	}
	return sendFile(w, "application/xml; charset=utf-8", fmt.Sprintf("%s-%s.xml", p.Programme, p.MunicipalityCode), b)
}

func (s *Server) apiPlanXLSX(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.ExportPlan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	b, err := export.PlanXLSX(p, app.DepsText)
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, fmt.Sprintf("%s-%s.xlsx", p.Programme, p.MunicipalityCode), b)
}

func (s *Server) apiPlanCSV(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.ExportPlan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return sendFile(w, mimeCSV, fmt.Sprintf("%s-%s.csv", p.Programme, p.MunicipalityCode), export.PlanCSV(p, app.DepsText))
}

func (s *Server) apiOverviewXLSX(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	// Streamed (export.OverviewXLSXTo): one municipality's plan in memory
	// at a time. Once the first byte is out an error can only end the
	// response; it is logged.
	started := false
	err = s.app.ExportOverviewEach(r.Context(), identityOf(r), r.PathValue("key"), asof, func(head export.Overview, each func(func(export.OverviewRow) error) error) error {
		w.Header().Set("Content-Type", mimeXLSX)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-oversigt-%s.xlsx"`, head.Programme, asof))
		started = true
		return export.OverviewXLSXTo(w, head, each, app.DepsText)
	})
	if err != nil && started {
		s.log.Error("overview export failed while streaming", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	return err
}

func (s *Server) apiOverviewCSV(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	o, err := s.app.Overview(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	head := export.Overview{Programme: o.Programme, ProgrammeName: o.Name, Asof: asof}
	for _, m := range o.Municipalities {
		head.Rows = append(head.Rows, export.OverviewRow{Code: m.Code, Name: m.Name, Region: m.Region, Wave: m.Wave, GoLive: m.GoLive,
			Phase: m.Phase, Colour: m.Colour, Counts: m.Counts})
	}
	w.Header().Set("Content-Type", mimeCSV)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-oversigt-%s.csv"`, o.Programme, asof))
	return export.OverviewCSVTo(w, head)
}

// apiCatalogueXLSX sends the published catalogue as the workbook the
// spreadsheet import reads (POST on the same address).
func (s *Server) apiCatalogueXLSX(w http.ResponseWriter, r *http.Request) error {
	name, b, err := s.app.CatalogueWorkbook(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, name, b)
}

// apiImportXLSX takes a catalogue spreadsheet as the request body.
func (s *Server) apiImportXLSX(w http.ResponseWriter, r *http.Request) error {
	b, err := readBody(w, r, maxCatalogueBody)
	if err != nil {
		return err
	}
	if len(b) == 0 {
		return badRequest("", "send regnearket (.xlsx) som forespørgslens krop")
	}
	name := r.URL.Query().Get("filename")
	if name == "" {
		name = r.PathValue("key") + ".xlsx"
	}
	key := r.PathValue("key")
	dry, err := dryRun(r)
	if err != nil {
		return err
	}
	yname, y, err := s.app.CatalogueFromXLSX(r.Context(), key, path.Base(name), b)
	if err != nil {
		return err
	}
	if dry {
		return s.previewAPI(w, r, yname, y, key)
	}
	// A large spreadsheet is a long publication: it runs as a job (jobs.go).
	j, err := s.app.StartPublish(r.Context(), identityOf(r), app.PublishRequest{SourceName: yname, Source: y, ExpectKey: key})
	if err != nil {
		return err
	}
	return s.answerJob(w, r, j, func(res json.RawMessage) error { return writeRaw(w, http.StatusOK, res) })
}

func (s *Server) apiCreateFeed(w http.ResponseWriter, r *http.Request) error {
	in := app.FeedRequest{Programme: r.PathValue("key"), Municipality: r.PathValue("code")}
	f, err := s.app.CreateFeed(r.Context(), identityOf(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, struct {
		app.CreatedFeed
		URL string `json:"url"`
	}{f, s.feedURL(f.Token)})
}

func (s *Server) apiRevokeFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.RevokeFeed(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// icalFeed serves a feed to calendar clients; the token in the URL is the
// only credential, as calendar clients cannot log in.
func (s *Server) icalFeed(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if len(token) < 5 || path.Ext(token) != ".ics" {
		return notFoundRoute(r)
	}
	cal, err := s.app.FeedCalendar(r.Context(), token[:len(token)-4], s.baseURL)
	if err != nil {
		return err
	}
	// An unchanged feed is the same bytes (DTSTAMP is each event's last
	// change), so its hash is a strong ETag; Last-Modified is the latest
	// change. ServeContent answers If-None-Match and If-Modified-Since
	// with 304 Not Modified.
	body := export.ICal(cal, s.app.Now())
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, "", cal.LastModified(), bytes.NewReader(body))
	return nil
}

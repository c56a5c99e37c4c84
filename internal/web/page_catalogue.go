package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
)

func (s *Server) pageCatalogue(w http.ResponseWriter, r *http.Request) error {
	c, err := s.app.Catalogue(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	id := identityOf(r)
	canPublish := id != nil && access.Publish(id.Subject)
	var scheduled []app.Job
	if canPublish {
		if scheduled, err = s.app.ScheduledPublications(r.Context(), c.Programme.Key); err != nil {
			return err
		}
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	return s.render(w, http.StatusOK, "catalogue.html", feedback(r, map[string]any{"Title": "Katalog – " + c.Programme.Name, "C": c,
		"Model": s.app.Model(), "CanPublish": canPublish, "Scheduled": scheduled,
		"CanNational": id != nil && access.ViewNational(id.Subject),
		"Q":           q, "Tasks": s.app.SearchCatalogue(c.Tasks, q)}))
}

// catalogueUpload reads a catalogue file from a form: an uploaded file
// (multipart) or pasted text.
func catalogueUpload(w http.ResponseWriter, r *http.Request) (name string, data []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxCatalogueBody)
	if err := r.ParseMultipartForm(maxCatalogueBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, &requestError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("filen er for stor (højst %d byte)", maxCatalogueBody)}
		}
		return "", nil, badRequest("file", "formularen kunne ikke læses")
	}
	if f, h, err := r.FormFile("file"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(f)
		return path.Base(h.Filename), b, err
	}
	name = path.Base(r.FormValue("filename"))
	if name == "." || name == "/" || name == "" {
		name = r.PathValue("key") + ".yaml"
	}
	if src := r.FormValue("source"); src != "" {
		return name, []byte(src), nil
	}
	return "", nil, badRequest("file", "vælg en katalogfil (YAML) eller indsæt dens indhold")
}

// formCataloguePreview shows what publishing an uploaded catalogue file would
// change, before anything is stored.
func (s *Server) formCataloguePreview(w http.ResponseWriter, r *http.Request) error {
	name, data, err := catalogueUpload(w, r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		// A workbook (the catalogue page's Excel download, edited) is
		// previewed and published as the catalogue file it stands for.
		yname, y, err := s.app.CatalogueFromXLSX(r.Context(), key, name, data)
		if err != nil {
			return s.previewProblems(w, r, key, name, nil, err)
		}
		name, data = yname, y
	}
	return s.previewPage(w, r, key, name, data, nil)
}

// previewPage renders the preview of publishing data, with extra page
// fields. Its form carries based_on, the version the preview was computed
// against, so that a publication in between refuses the confirmation.
func (s *Server) previewPage(w http.ResponseWriter, r *http.Request, key, name string, data []byte, extra map[string]any) error {
	return s.renderPreview(w, r, http.StatusOK, key, name, data, extra)
}

func (s *Server) renderPreview(w http.ResponseWriter, r *http.Request, status int, key, name string, data []byte, extra map[string]any) error {
	res, err := s.app.PreviewPublish(r.Context(), identityOf(r), name, data, key)
	page := map[string]any{"Title": "Forhåndsvisning af katalog", "Key": key, "Name": name, "Source": string(data), "R": res,
		"BasedOn": r.FormValue("based_on")}
	if res != nil {
		page["BasedOn"] = strconv.Itoa(res.BasedOn)
	}
	for k, v := range extra {
		page[k] = v
	}
	if err != nil {
		return s.previewProblems(w, r, key, name, page, err)
	}
	return s.render(w, status, "catalogue_preview.html", page)
}

// previewProblems shows the preview page with the problems of an invalid
// file (err an app.Error of code invalid; any other error is returned).
func (s *Server) previewProblems(w http.ResponseWriter, r *http.Request, key, name string, page map[string]any, err error) error {
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Code != app.CodeInvalid {
		return err
	}
	if page == nil {
		page = map[string]any{"Title": "Forhåndsvisning af katalog", "Key": key, "Name": name}
	}
	page["Error"], page["Problems"] = app.ErrorMessage(err), ae.Problems
	return s.render(w, http.StatusUnprocessableEntity, "catalogue_preview.html", page)
}

// formCataloguePublish publishes the file the preview showed, as a job
// whose page the browser is sent to (jobs.go). A preview that is no longer
// current – another version was published since – is refused with a fresh
// preview of the same file; run_at schedules the publication.
func (s *Server) formCataloguePublish(w http.ResponseWriter, r *http.Request) error {
	name, data, err := catalogueUpload(w, r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	req := app.PublishRequest{SourceName: name, Source: data, ExpectKey: key}
	if err := publishParams(r, &req); err != nil {
		return err
	}
	j, err := s.app.StartPublish(r.Context(), identityOf(r), req)
	if isStale(err) {
		return s.renderPreview(w, r, http.StatusConflict, key, name, data, map[string]any{"Stale": app.ErrorMessage(err)})
	}
	if err != nil {
		return s.back(w, r, "/programmes/"+key+"/catalogue", err, ok{})
	}
	return s.toJobPage(w, r, j)
}

package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
)

func (s *Server) pageCatalogue(w http.ResponseWriter, r *http.Request) error {
	c, err := s.app.Catalogue(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	id := identityOf(r)
	return s.render(w, http.StatusOK, "catalogue.html", feedback(r, map[string]any{"Title": "Katalog – " + c.Programme.Name, "C": c,
		"Model": s.app.Model(), "CanPublish": id != nil && access.Publish(id.Subject)}))
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
	res, err := s.app.PreviewPublish(r.Context(), identityOf(r), name, data, key)
	page := map[string]any{"Title": "Forhåndsvisning af katalog", "Key": key, "Name": name, "Source": string(data), "R": res,
		"BasedOn": r.FormValue("based_on")}
	if err != nil {
		var ae *app.Error
		if !errors.As(err, &ae) || ae.Code != app.CodeInvalid {
			return err
		}
		page["Error"], page["Problems"] = app.ErrorMessage(err), ae.Problems
		return s.render(w, http.StatusUnprocessableEntity, "catalogue_preview.html", page)
	}
	return s.render(w, http.StatusOK, "catalogue_preview.html", page)
}

// formCataloguePublish publishes the file the preview showed.
func (s *Server) formCataloguePublish(w http.ResponseWriter, r *http.Request) error {
	name, data, err := catalogueUpload(w, r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	// based_on is the version the file was edited from (the edit forms and
	// the catalogue page send it); without it the file is published as is.
	basedOn := 0
	if v := r.FormValue("based_on"); v != "" {
		if basedOn, err = strconv.Atoi(v); err != nil || basedOn < 1 {
			return badRequest("based_on", "based_on skal være et katalogversionsnummer")
		}
	}
	res, err := s.app.PublishBasedOn(r.Context(), identityOf(r), name, data, key, basedOn)
	if err != nil {
		return s.back(w, r, "/programmes/"+key+"/catalogue", err, ok{})
	}
	o := okMsg("katalog-udgivet", res.Version, len(res.Changes), len(res.Municipalities))
	if res.Unchanged {
		o = okMsg("katalog-uaendret")
	}
	return s.back(w, r, "/programmes/"+key+"/catalogue", nil, o)
}

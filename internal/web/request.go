package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// Request body limits: JSON bodies are small; catalogue files are the largest
// thing anyone uploads.
const (
	maxJSONBody      = 1 << 20
	maxCatalogueBody = 4 << 20
)

// asof reads the asof query parameter, defaulting to today.
func (s *Server) asof(r *http.Request) (model.Date, error) {
	v := r.URL.Query().Get("asof")
	if v == "" {
		return s.app.Today(), nil
	}
	d, err := model.ParseDate(v)
	if err != nil {
		return 0, badRequest("asof", fmt.Sprintf("asof=%q er ikke en dato på formen ÅÅÅÅ-MM-DD", v))
	}
	return d, nil
}

func pathID(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, &requestError{status: http.StatusNotFound, msg: fmt.Sprintf("%s %q findes ikke", name, v), field: name}
	}
	return id, nil
}

// readBody reads at most limit bytes, refusing larger bodies with 413.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, &requestError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("forespørgslen er for stor (højst %d byte)", limit)}
	}
	return b, err
}

// decodeJSON decodes a JSON body strictly: unknown fields and trailing data
// are errors naming what is wrong.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return &requestError{status: http.StatusUnsupportedMediaType, msg: "send JSON med Content-Type: application/json"}
		}
	}
	b, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(b, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) { // anything but the end, including a stray } or ]
		return badRequest("", "der står mere efter JSON-objektet")
	}
	return nil
}

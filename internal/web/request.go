package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"regexp"
	"slices"
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
	d, err := model.ParseInputDate(v)
	if err != nil {
		return 0, badRequest("asof", "asof: "+err.Error())
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

// pathThing reads path value name as the id of a thing, named in Danish
// with its article (e.g. "gevinsten"); a bad or missing id is a 404 that
// says the thing does not exist, without showing the raw value.
func pathThing(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &requestError{status: http.StatusNotFound, msg: what + " findes ikke"}
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

// parseMultipart parses a multipart form (file uploads: a catalogue, a
// task's document) within the upload limits. The body is wrapped so that a
// handler can still tell an upload that was too large (bodyTooLarge).
func parseMultipart(w http.ResponseWriter, r *http.Request) error {
	limit := int64(maxCatalogueBody + maxJSONBody)
	if strings.HasSuffix(r.URL.Path, "/documents") {
		limit = maxUploadBody
	}
	r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, limit)}
	return r.ParseMultipartForm(maxJSONBody)
}

// multilineFields are the form and JSON fields whose text may span lines
// (the pages' text areas and their API counterparts); every other text
// field is a single line.
var multilineFields = map[string]bool{
	"agreements": true, "announcement": true, "basis": true, "body": true, "checklist": true, "comment": true,
	"criteria": true, "decision": true, "depends_on": true, "description": true, "groups": true,
	"internal_note": true, "lessons": true, "links": true, "local_reason": true, "message": true,
	"move_reason": true, "note": true, "override_reason": true, "purpose": true, "reason": true,
	"resolution": true, "smart": true, "source": true, "status_comment": true, "summary": true, "text": true, "vision": true,
}

// isoDateLike is text a client means as a date; checkBody holds it to the
// allowed date range.
var isoDateLike = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// checkBody holds every text field of a request body – form fields, file
// names of uploads and the strings of a JSON body – to model.TextProblem,
// and every date in a JSON body to model.ParseInputDate's range, before any
// handler reads it: one rule for every route, answered 422 naming the
// field. Bodies it cannot read (too large, not JSON) are left to the
// handler, which refuses them with its own message.
func (s *Server) checkBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		var err error
		switch mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt {
		case "application/x-www-form-urlencoded":
			// A form that cannot be read is refused here (413, 400): read
			// once, it would look empty to the handler.
			if err = readForm(w, r); err == nil {
				err = checkFormText(r.PostForm)
			}
		case "multipart/form-data":
			if r.MultipartForm != nil || parseMultipart(w, r) == nil {
				err = checkFormText(r.MultipartForm.Value)
				for field, fs := range r.MultipartForm.File {
					for _, f := range fs {
						if err == nil {
							err = textError(field, f.Filename, false)
						}
					}
				}
			}
		case "application/json", "":
			err = checkJSONBody(r)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func checkFormText(form map[string][]string) error {
	for _, k := range slices.Sorted(maps.Keys(form)) {
		for _, v := range form[k] {
			if err := textError(k, v, multilineFields[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

func textError(field, v string, multiline bool) error {
	if p := model.TextProblem(v, multiline); p != "" {
		return &requestError{status: http.StatusUnprocessableEntity, field: field, msg: fmt.Sprintf("feltet %q %s", field, p)}
	}
	return nil
}

// checkJSONBody reads the body (putting it back for the handler) and checks
// its strings and dates.
func checkJSONBody(r *http.Request) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	rest := r.Body
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), rest), rest}
	if err != nil || len(b) > maxJSONBody {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil
	}
	return checkJSONValue("", v)
}

func checkJSONValue(field string, v any) error {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if err := checkJSONValue(k, x[k]); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := checkJSONValue(field, e); err != nil {
				return err
			}
		}
	case string:
		if err := textError(field, x, multilineFields[field]); err != nil {
			return err
		}
		if isoDateLike.MatchString(x) {
			if _, err := model.ParseInputDate(x); errors.Is(err, model.ErrDateRange) {
				return &requestError{status: http.StatusUnprocessableEntity, field: field, msg: fmt.Sprintf("feltet %q: %v", field, err)}
			}
		}
	}
	return nil
}

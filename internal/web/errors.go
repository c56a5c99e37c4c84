package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/paging"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[app.Code]int{
	app.CodeInvalid:  http.StatusUnprocessableEntity,
	app.CodeNotFound: http.StatusNotFound,
	app.CodeConflict: http.StatusConflict,
	app.CodeInternal: http.StatusInternalServerError,

	app.CodeUnauthenticated: http.StatusUnauthorized,
	app.CodeForbidden:       http.StatusForbidden,
	app.CodeThrottled:       http.StatusTooManyRequests,
}

// requestError is a problem with the request itself (syntax, size, method):
// it carries its own status.
type requestError struct {
	status int
	msg    string
	field  string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(field, msg string) error {
	return &requestError{status: http.StatusBadRequest, msg: msg, field: field}
}

func notFoundRoute(r *http.Request) error {
	return &requestError{status: http.StatusNotFound, msg: "siden " + r.URL.Path + " findes ikke"}
}

// Problem is an RFC 9457 problem document, the one shape of every error the
// API returns (docs/architecture.md, openapi.json's Problem). The members
// after detail are present only when they say something: the field at
// fault, every malformed field of a request, every problem of a catalogue
// file, every conflicting constraint of an infeasible wave plan.
type Problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail"`
	Field    string              `json:"field,omitempty"`
	Errors   []app.FieldError    `json:"errors,omitempty"`
	Problems []catalogue.Problem `json:"problems,omitempty"`
	Issues   []app.WaveIssue     `json:"issues,omitempty"`
	// Preview is a fresh preview when a stale one was confirmed (jobs.go).
	Preview *app.PublishResult `json:"preview,omitempty"`
}

// problemOf turns any error into a problem; internal causes are logged by the
// caller and never shown. Errors are found with errors.As, so an error
// wrapped on its way up keeps its status and its field.
func problemOf(err error) Problem {
	var pe *paging.Error
	if errors.As(err, &pe) {
		return Problem{Type: "about:blank", Title: http.StatusText(pe.Status), Status: pe.Status, Detail: pe.Msg, Field: pe.Param}
	}
	var re *requestError
	if errors.As(err, &re) {
		return Problem{Type: "about:blank", Title: http.StatusText(re.status), Status: re.status, Detail: re.msg, Field: re.field}
	}
	code := app.ErrorCode(err)
	status := statusOf[code]
	p := Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: app.ErrorMessage(err)}
	var ae *app.Error
	if errors.As(err, &ae) {
		p.Problems, p.Field = ae.Problems, ae.Field
	}
	var fe app.FieldErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		p.Errors, p.Field = fe, fe[0].Field
	}
	var in app.Infeasible
	if errors.As(err, &in) {
		p.Issues = in
	}
	return p
}

// api adapts a handler that returns an error to http.Handler, writing errors
// as JSON problems.
func (s *Server) api(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			p := problemOf(err)
			if p.Status >= 500 {
				s.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			}
			writeProblem(w, p)
		}
	})
}

func writeProblem(w http.ResponseWriter, p Problem) {
	b, _ := json.Marshal(p)
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	w.Write(append(b, '\n'))
}

// writeJSON encodes v before writing anything, so an encoding error can
// still become a problem response instead of a half-written body.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

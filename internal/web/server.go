// Package web serves udrul's JSON API and HTML pages over the app's use cases.
package web

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/udrul/udrul/internal/app"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed openapi.json
var openapi []byte

//go:embed static
var staticFS embed.FS

// Server handles HTTP for one App.
type Server struct {
	app   *app.App
	log   *slog.Logger
	pages *template.Template
}

// New parses the templates (failing fast on an error in them) and returns a Server.
func New(a *app.App, log *slog.Logger) (*Server, error) {
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return &Server{app: a, log: log, pages: t}, nil
}

// Handler returns the server's routes behind cross-origin protection, which
// refuses state-changing requests from other sites' pages.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, Problem{Type: "about:blank", Title: http.StatusText(http.StatusForbidden), Status: http.StatusForbidden,
			Detail: "ændringer skal komme fra udruls egne sider (forespørgsel fra et andet websted afvist)"})
	}))
	return cop.Handler(securityHeaders(mux))
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// Package web serves udrul's JSON API and HTML pages over the app's use cases.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"

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
	mux   *http.ServeMux

	// secureCookies marks cookies Secure on every request, not only on
	// TLS requests: for a server behind a TLS-terminating proxy.
	secureCookies bool
	// trustedProxies are the addresses whose X-Forwarded-For is believed
	// (clientIP); empty: the TCP peer is the client.
	trustedProxies   []netip.Prefix
	warnUntrustedXFF sync.Once
	logins           []*loginProvider // identity providers, in the login page's order (auth_providers.go)
	baseURL          string           // every absolute URL starts with it (base_url.go)
	contact          Contact          // the accessibility statement's contact (page_accessibility.go)
	// pageSlots bounds the pages being made at once (pages.go): beyond
	// them a request waits its turn instead of adding its data and HTML
	// to memory while competing for the same few cores.
	pageSlots chan struct{}
}

// Option configures a Server.
type Option func(*Server) error

// WithSecureCookies makes every cookie Secure (and __Host- prefixed), also
// when the request itself came over plain HTTP, as it does behind a
// TLS-terminating proxy. Without it cookies are Secure exactly when the
// request is TLS, so the demo on http://localhost works.
func WithSecureCookies(on bool) Option {
	return func(s *Server) error { s.secureCookies = on; return nil }
}

// WithTrustedProxies names the reverse proxies (addresses or CIDR ranges)
// whose X-Forwarded-For header gives the client's address, so that login
// throttling counts each client behind a TLS proxy on its own.
func WithTrustedProxies(cidrs []string) Option {
	return func(s *Server) error {
		for _, c := range cidrs {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			p, err := netip.ParsePrefix(c)
			if err != nil {
				a, aerr := netip.ParseAddr(c)
				if aerr != nil {
					return fmt.Errorf("trusted proxy %q is neither an address nor a CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24)", c)
				}
				p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
			}
			s.trustedProxies = append(s.trustedProxies, p.Masked())
		}
		return nil
	}
}

// New parses the templates (failing fast on an error in them) and returns a Server.
func New(a *app.App, log *slog.Logger, opts ...Option) (*Server, error) {
	t, err := template.New("").Funcs(funcs).Funcs(authFuncs).Funcs(extrasFuncs).Funcs(navFuncs).Funcs(modelFuncs(a.Model())).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s := &Server{app: a, log: log, pages: t, baseURL: DefaultBaseURL, pageSlots: make(chan struct{}, pageConcurrency())}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	s.mux = http.NewServeMux()
	s.routes(&router{s: s, mux: s.mux})
	return s, nil
}

// Handler returns the server's routes behind cross-origin protection, which
// refuses state-changing requests from other sites' pages, and behind
// authentication; the access policy is part of each route (route_table.go):
// every request is checked against the rule of the route it matches.
func (s *Server) Handler() http.Handler {
	mux := s.mux
	cop := http.NewCrossOriginProtection()
	// The SAML response comes from the identity provider's page; it is
	// checked by its signature and the login attempt's cookie instead.
	cop.AddInsecureBypassPattern("POST /auth/saml/{idp}/acs")
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, Problem{Type: "about:blank", Title: http.StatusText(http.StatusForbidden), Status: http.StatusForbidden,
			Detail: "ændringer skal komme fra udruls egne sider (forespørgsel fra et andet websted afvist)"})
	}))
	return cop.Handler(s.securityHeaders(s.authenticate(s.checkBody(mux))))
}

// securityHeaders sets the headers every response carries. Responses are
// not stored by browsers or proxies (Cache-Control: no-store): pages and API
// answers show one user's data, and a shared cache or the back button on a
// shared computer must not hand them to someone else; the few responses
// that may be kept (static files, calendar feeds) say so themselves. Behind
// a TLS proxy (--secure-cookies) or over TLS, browsers are told to use
// HTTPS only (HSTS, one year).
func (s *Server) securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
		w.Header().Set("Cache-Control", "no-store")
		if s.secureCookies || r.TLS != nil {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.ServeHTTP(w, r)
	})
}

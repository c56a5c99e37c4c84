package web

import (
	"context"
	"html/template"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/auth"
	"github.com/udrul/udrul/internal/model"
)

// Authentication and authorization for every route.
//
// authenticate finds out who is asking: a personal API token
// (Authorization: Bearer …, API routes only) or a session cookie. Requests
// authenticated by cookie that change state must carry the session's CSRF
// token (form field "csrf" or header X-CSRF-Token), in addition to the
// cross-origin protection in front of everything.
//
// The route the request matches then applies its own access rule, given
// where the route is registered (route_table.go).

type ctxKey int

const identityKey ctxKey = 0

// identityOf returns the signed-in user of a request, or nil.
func identityOf(r *http.Request) *app.Identity {
	id, _ := r.Context().Value(identityKey).(*app.Identity)
	return id
}

// Cookie names. __Host- cookies must be Secure, so plain-HTTP demos use
// the unprefixed names.
const (
	sessionCookie       = "udrul_session"
	secureSessionCookie = "__Host-udrul_session"
	loginCookie         = "udrul_login" // the login form's double-submit CSRF value
	oidcCookie          = "udrul_oidc"  // state, nonce and PKCE verifier of an OpenID Connect login
	csrfField           = "csrf"
	csrfHeader          = "X-CSRF-Token"
)

func (s *Server) secure(r *http.Request) bool { return s.secureCookies || r.TLS != nil }

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value, path string, maxAge int) {
	if s.secure(r) && name == sessionCookie {
		name = secureSessionCookie
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func sessionToken(r *http.Request) string {
	for _, n := range []string{secureSessionCookie, sessionCookie} {
		if c, err := r.Cookie(n); err == nil && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// sessionWriter carries the identity and CSRF token to render, so that
// every page can show who is signed in and put the token in its forms.
type sessionWriter struct {
	http.ResponseWriter
	id   *app.Identity
	csrf string
	// waves: the wave names of the programme the page is under, set by
	// page for routes with {key} (wave_names.go).
	waves *programmeWaves
}

func (w *sessionWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withSession adds "User" and "CSRF" to a page's data, and "WaveNames"
// (the programme's) to pages under a programme.
func withSession(w http.ResponseWriter, data any) any {
	m, ok := data.(map[string]any)
	if !ok {
		return data
	}
	sw := sessionOf(w)
	if sw == nil {
		return m
	}
	if _, set := m["User"]; !set && sw.id != nil {
		m["User"] = sw.id
	}
	if _, set := m["CSRF"]; !set {
		m["CSRF"] = sw.csrf
	}
	if _, set := m["WaveNames"]; !set && sw.waves != nil {
		m["WaveNames"] = sw.waves
	}
	return m
}

// sessionOf finds the sessionWriter under w, or nil.
func sessionOf(w http.ResponseWriter) *sessionWriter {
	for {
		if sw, ok := w.(*sessionWriter); ok {
			return sw
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
}

// authFuncs are template functions for the access pages.
var authFuncs = template.FuncMap{
	"roleLabel": func(r string) string { return access.Role(r).Label() },
	"roles":     func() []access.Role { return access.Roles },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			m[k] = kv[i+1]
		}
		return m
	},
	"orgKindLabel": func(k model.OrgKind) string {
		switch k {
		case model.OrgCentral:
			return "Central"
		case model.OrgSupplier:
			return "Leverandør"
		case model.OrgMunicipality:
			return "Kommune"
		case model.OrgInstitution:
			return "Institution"
		}
		return string(k)
	},
}

func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id *app.Identity
		csrf := ""
		if h := r.Header.Get("Authorization"); h != "" && isAPI(r) {
			scheme, token, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
				s.writeUnauthenticated(w, r, "send en API-nøgle som Authorization: Bearer <nøgle>")
				return
			}
			var err error
			if id, err = s.app.TokenIdentity(r.Context(), strings.TrimSpace(token)); err != nil {
				if app.ErrorCode(err) == app.CodeUnauthenticated {
					s.writeUnauthenticated(w, r, app.ErrorMessage(err))
				} else {
					s.log.Error("api token lookup failed", "err", err)
					writeProblem(w, problemOf(err))
				}
				return
			}
			// A read-only token reads; every other request is refused here,
			// before any route, so no write can slip through (docs/access.md).
			if id.ReadOnly && !safeMethod(r.Method) {
				s.fail(w, r, app.ReadOnlyToken())
				return
			}
		} else if tok := sessionToken(r); tok != "" {
			var err error
			id, err = s.app.SessionIdentity(r.Context(), tok)
			switch {
			case err == nil:
				csrf = auth.CSRFToken(tok)
			case app.ErrorCode(err) == app.CodeUnauthenticated:
				s.setCookie(w, r, sessionCookie, "", "/", -1) // forget a dead session
			default:
				s.log.Error("session lookup failed", "err", err)
				s.fail(w, r, err)
				return
			}
		}
		if id != nil && id.Method == "session" && !safeMethod(r.Method) && !strings.HasPrefix(r.URL.Path, "/login") {
			if !s.checkCSRF(w, r, csrf) {
				if bodyTooLarge(r) {
					s.fail(w, r, uploadTooLarge())
					return
				}
				s.fail(w, r, &requestError{status: http.StatusForbidden,
					msg: "formularen er udløbet eller kom ikke fra udrul (CSRF-kontrol); hent siden igen og prøv igen"})
				return
			}
		}
		if id != nil {
			r = r.WithContext(context.WithValue(r.Context(), identityKey, id))
		}
		next.ServeHTTP(&sessionWriter{ResponseWriter: w, id: id, csrf: csrf}, r)
	})
}

// checkCSRF compares the request's CSRF token with the session's. Forms
// send it as a field, scripts in a header. The form is parsed here with
// the same limit the form handlers use.
func (s *Server) checkCSRF(w http.ResponseWriter, r *http.Request, want string) bool {
	got := r.Header.Get(csrfHeader)
	if got == "" {
		switch mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt {
		case "application/x-www-form-urlencoded":
			r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
			if err := r.ParseForm(); err == nil {
				got = r.PostForm.Get(csrfField)
			}
		case "multipart/form-data": // file uploads: a catalogue, a task's document
			if err := parseMultipart(w, r); err == nil {
				got = r.PostFormValue(csrfField)
			}
		}
	}
	return want != "" && got != "" && auth.Equal(got, want)
}

// limitedBody remembers whether the request body hit its size limit, so
// that an upload too large to check for a CSRF token is answered 413.
type limitedBody struct {
	io.ReadCloser
	hit bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if tooLarge(err) {
		b.hit = true
	}
	return n, err
}

func bodyTooLarge(r *http.Request) bool {
	b, ok := r.Body.(*limitedBody)
	return ok && b.hit
}

// fail writes err as problem JSON for API paths and as an error page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	if p.Status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		if p.Status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="udrul"`)
		}
		writeProblem(w, p)
		return
	}
	s.errorPage(w, r, p)
}

func (s *Server) writeUnauthenticated(w http.ResponseWriter, r *http.Request, msg string) {
	s.fail(w, r, app.Unauthenticated(msg))
}

// clientIP is the address login throttling counts per and sessions record:
// the TCP peer, unless the peer is a configured trusted proxy
// (--trusted-proxy), in which case X-Forwarded-For is read from the right –
// each proxy appends the address it received the request from – and the
// first address that is not itself a trusted proxy is the client. Any
// client can write X-Forwarded-For, so it is never read from anyone else.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trustedProxy(peer) {
		if len(s.trustedProxies) == 0 && r.Header.Get("X-Forwarded-For") != "" {
			s.warnUntrustedXFF.Do(func() {
				s.log.Warn("requests carry X-Forwarded-For but no --trusted-proxy is set: login throttling counts the proxy's address for every client behind it")
			})
		}
		return host
	}
	client := peer
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: the last good address is the one to trust
		}
		client = a.Unmap()
		if !s.trustedProxy(client) {
			break
		}
	}
	return client.String()
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.trustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

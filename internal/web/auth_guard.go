package web

import (
	"context"
	"errors"
	"html/template"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

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
// guard then applies the rule of the route the request matches (routeRules,
// keyed by the route's pattern): anonymous requests to protected routes get
// 401 problem JSON under /api/ and a redirect to /login for pages; signed-in
// requests the policy (package access) refuses get 403. A route without a
// rule is open only to central administrators and coordinators, and the
// authorization-matrix test fails until it has one.

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
}

func (w *sessionWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withSession adds "User" and "CSRF" to a page's data.
func withSession(w http.ResponseWriter, data any) any {
	m, ok := data.(map[string]any)
	if !ok {
		return data
	}
	for {
		if sw, ok := w.(*sessionWriter); ok {
			if _, set := m["User"]; !set && sw.id != nil {
				m["User"] = sw.id
			}
			if _, set := m["CSRF"]; !set {
				m["CSRF"] = sw.csrf
			}
			return m
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return m
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
			limit := int64(maxCatalogueBody + maxJSONBody)
			if strings.HasSuffix(r.URL.Path, "/documents") {
				limit = maxUploadBody
			}
			r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, limit)}
			if err := r.ParseMultipartForm(maxJSONBody); err == nil {
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

// rule is the access rule of one route.
type rule int

const (
	rulePublic       rule = iota + 1 // anyone, signed in or not
	ruleSignedIn                     // any signed-in user
	ruleNational                     // access.ViewNational: overview and follow-up of all municipalities
	rulePublish                      // access.Publish
	ruleEnrol                        // access.Enrol
	ruleMunicipality                 // access.ViewMunicipality for path value {code}
	ruleTaskView                     // access.ViewTask for path value {id}
	ruleTaskChange                   // access.ChangeTask for path value {id}
	ruleTaskDelegate                 // access.Delegate for path value {id}
	ruleAdmin                        // access.Administer
	rulePlanChange                   // access.ChangePlan for path value {code}
	ruleFollowUp                     // app.CanFollowUp: the centre's follow-up staff (administrators, coordinators, the supplier)
	ruleCheckpoint                   // app.CanFollowUp, or the project lead of path value {code}
)

// routeRules gives every route pattern its rule. The authorization-matrix
// test in internal/cli tries every route with every role against this
// policy, and fails for a pattern missing here.
var routeRules = map[string]rule{
	"GET /healthz":            rulePublic,
	"GET /api/openapi.json":   rulePublic,
	"GET /static/":            rulePublic,
	"/api/":                   rulePublic, // the JSON 404 for unknown API paths
	"/":                       rulePublic, // the HTML 404
	"GET /login":              rulePublic,
	"POST /login":             rulePublic, // has its own CSRF check (double-submit cookie)
	"GET /auth/oidc/start":    rulePublic,
	"GET /auth/oidc/callback": rulePublic,
	"GET /tilgaengelighed":    rulePublic, // the accessibility statement must be readable without signing in

	"POST /logout":                           ruleSignedIn,
	"GET /{$}":                               ruleSignedIn,
	"GET /api/v1/programmes":                 ruleSignedIn,
	"GET /api/v1/programmes/{key}/catalogue": ruleSignedIn, // the published standard (access.ViewCatalogue)
	"GET /programmes/{key}/catalogue":        ruleSignedIn,
	"GET /programmes/{key}/catalogue.yaml":   ruleSignedIn,
	"GET /api/v1/me":                         ruleSignedIn,
	"GET /api/v1/me/tasks":                   ruleSignedIn,
	"GET /mine":                              ruleSignedIn,
	"GET /konto":                             ruleSignedIn,
	"POST /konto/password":                   ruleSignedIn,
	"POST /konto/tokens":                     ruleSignedIn,
	"POST /konto/tokens/{tid}/revoke":        ruleSignedIn,

	"GET /api/v1/programmes/{key}/overview": ruleNational,
	"GET /api/v1/programmes/{key}/followup": ruleNational,
	"GET /programmes/{key}":                 ruleNational,
	"GET /programmes/{key}/followup":        ruleNational,

	"POST /api/v1/programmes/{key}/catalogue":  rulePublish,
	"POST /api/v1/programmes/{key}/enrolments": ruleEnrol,

	"GET /api/v1/programmes/{key}/municipalities/{code}/tasks": ruleMunicipality,

	// Implementation plans (plan_api.go, plan_export.go, plan_pages.go).
	"GET /api/v1/programmes/{key}/municipalities/{code}/schedule":                   ruleMunicipality,
	"GET /api/v1/programmes/{key}/municipalities/{code}/baselines":                  ruleMunicipality,
	"GET /api/v1/programmes/{key}/municipalities/{code}/baselines/{id}":             ruleMunicipality,
	"GET /api/v1/programmes/{key}/municipalities/{code}/conflicts":                  ruleMunicipality,
	"GET /api/v1/programmes/{key}/municipalities/{code}/plan.xml":                   ruleMunicipality,
	"GET /api/v1/programmes/{key}/municipalities/{code}/plan.xlsx":                  ruleMunicipality,
	"GET /api/v1/programmes/{key}/municipalities/{code}/plan.csv":                   ruleMunicipality,
	"POST /api/v1/programmes/{key}/municipalities/{code}/calendar-feeds":            ruleMunicipality,
	"DELETE /api/v1/programmes/{key}/municipalities/{code}/calendar-feeds/{id}":     ruleMunicipality,
	"GET /programmes/{key}/municipalities/{code}/tasks/{task}":                      ruleMunicipality,
	"GET /programmes/{key}/municipalities/{code}/gantt":                             ruleMunicipality,
	"GET /programmes/{key}/municipalities/{code}/gantt.svg":                         ruleMunicipality,
	"POST /api/v1/programmes/{key}/municipalities/{code}/own-tasks":                 rulePlanChange,
	"PUT /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}":             rulePlanChange,
	"DELETE /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}":          rulePlanChange,
	"PUT /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}/status":      rulePlanChange,
	"POST /api/v1/programmes/{key}/municipalities/{code}/baselines":                 rulePlanChange,
	"POST /api/v1/programmes/{key}/municipalities/{code}/conflicts/{id}/resolution": rulePlanChange,
	"PUT /api/v1/tasks/{id}/dates":                                                  ruleTaskChange,
	"GET /api/v1/programmes/{key}/overview.xlsx":                                    ruleNational,
	"GET /api/v1/programmes/{key}/overview.csv":                                     ruleNational,
	"POST /api/v1/programmes/{key}/catalogue.xlsx":                                  rulePublish,
	"POST /programmes/{key}/catalogue/preview":                                      rulePublish,
	"POST /programmes/{key}/catalogue/publish":                                      rulePublish,
	"GET /programmes/{key}/catalogue/tasks/{task}":                                  rulePublish,
	"POST /programmes/{key}/catalogue/tasks/{task}":                                 rulePublish,
	"GET /programmes/{key}/catalogue/ny-opgave":                                     rulePublish,
	"POST /programmes/{key}/catalogue/ny-opgave":                                    rulePublish,
	"GET /programmes/{key}/catalogue/source":                                        rulePublish,
	"GET /ical/{token}":                                                             rulePublic, // the secret token in the URL is the credential (calendar clients cannot sign in)
	"GET /programmes/{key}/municipalities/{code}":                                   ruleMunicipality,

	// The plan's forms (plan_forms.go): the same rules as the plan API's
	// routes for the same use cases.
	"GET /programmes/{key}/municipalities/{code}/own-tasks":                   ruleMunicipality,
	"POST /programmes/{key}/municipalities/{code}/own-tasks":                  rulePlanChange,
	"GET /programmes/{key}/municipalities/{code}/own-tasks/{id}":              ruleMunicipality,
	"POST /programmes/{key}/municipalities/{code}/own-tasks/{id}":             rulePlanChange,
	"POST /programmes/{key}/municipalities/{code}/own-tasks/{id}/status":      rulePlanChange,
	"POST /programmes/{key}/municipalities/{code}/own-tasks/{id}/delete":      rulePlanChange,
	"GET /programmes/{key}/municipalities/{code}/baselines":                   ruleMunicipality,
	"POST /programmes/{key}/municipalities/{code}/baselines":                  rulePlanChange,
	"GET /programmes/{key}/municipalities/{code}/baselines/{id}":              ruleMunicipality,
	"GET /programmes/{key}/municipalities/{code}/conflicts":                   ruleMunicipality,
	"POST /programmes/{key}/municipalities/{code}/conflicts/{id}":             rulePlanChange,
	"POST /programmes/{key}/municipalities/{code}/calendar-feeds":             ruleMunicipality,
	"POST /programmes/{key}/municipalities/{code}/calendar-feeds/{id}/revoke": ruleMunicipality,
	"GET /tasks/{id}/dates":             ruleTaskView,
	"POST /tasks/{id}/dates":            ruleTaskChange,
	"POST /konto/kalender":              ruleSignedIn, // the user's own feed
	"POST /konto/kalender/{fid}/revoke": ruleSignedIn,

	// Wave planning (waveplan_*.go): the centre sees and plans; a
	// municipality sees its own placement in announced versions, and its
	// project lead answers the hearing.
	"GET /api/v1/programmes/{key}/waveplan/setup":                                        ruleNational,
	"PUT /api/v1/programmes/{key}/waveplan/setup":                                        ruleEnrol,
	"GET /api/v1/programmes/{key}/waveplan/versions":                                     ruleNational,
	"POST /api/v1/programmes/{key}/waveplan/versions":                                    ruleEnrol,
	"GET /api/v1/programmes/{key}/waveplan/versions/{n}":                                 ruleNational,
	"POST /api/v1/programmes/{key}/waveplan/versions/{n}/moves":                          ruleEnrol,
	"POST /api/v1/programmes/{key}/waveplan/versions/{n}/locks":                          ruleEnrol,
	"POST /api/v1/programmes/{key}/waveplan/versions/{n}/reoptimise":                     ruleEnrol,
	"POST /api/v1/programmes/{key}/waveplan/versions/{n}/announcement":                   ruleEnrol,
	"GET /api/v1/programmes/{key}/waveplan/versions/{n}/announcement":                    ruleNational,
	"POST /api/v1/programmes/{key}/waveplan/versions/{n}/final":                          ruleEnrol,
	"GET /api/v1/programmes/{key}/waveplan/versions/{n}/comments":                        ruleNational,
	"GET /api/v1/programmes/{key}/waveplan/versions/{n}/municipalities/{code}":           ruleMunicipality,
	"POST /api/v1/programmes/{key}/waveplan/versions/{n}/municipalities/{code}/comments": rulePlanChange,
	"GET /api/v1/programmes/{key}/waveplan/diff":                                         ruleNational,
	"GET /programmes/{key}/waveplan":                                                     ruleNational,
	"GET /programmes/{key}/waveplan/setup":                                               ruleNational,
	"POST /programmes/{key}/waveplan/setup":                                              ruleEnrol,
	"POST /programmes/{key}/waveplan/versions":                                           ruleEnrol,
	"GET /programmes/{key}/waveplan/versions/{n}":                                        ruleNational,
	"POST /programmes/{key}/waveplan/versions/{n}/move":                                  ruleEnrol,
	"POST /programmes/{key}/waveplan/versions/{n}/lock":                                  ruleEnrol,
	"POST /programmes/{key}/waveplan/versions/{n}/reoptimise":                            ruleEnrol,
	"POST /programmes/{key}/waveplan/versions/{n}/announce":                              ruleEnrol,
	"POST /programmes/{key}/waveplan/versions/{n}/final":                                 ruleEnrol,
	"GET /programmes/{key}/waveplan/versions/{n}/municipalities/{code}":                  ruleMunicipality,
	"POST /programmes/{key}/waveplan/versions/{n}/municipalities/{code}/comments":        rulePlanChange,
	"GET /programmes/{key}/waveplan/diff":                                                ruleNational,

	"GET /api/v1/tasks/{id}":          ruleTaskView,
	"GET /tasks/{id}":                 ruleTaskView,
	"PUT /api/v1/tasks/{id}/status":   ruleTaskChange,
	"POST /tasks/{id}/status":         ruleTaskChange,
	"PUT /api/v1/tasks/{id}/delegate": ruleTaskDelegate,
	"POST /tasks/{id}/delegate":       ruleTaskDelegate,

	// Checklist, links and documents of a task (task_extras.go): who may
	// see the task may download its documents; who may change its status
	// may tick, attach, add links and delete them.
	"PUT /api/v1/tasks/{id}/checklist/{item}":   ruleTaskChange,
	"POST /api/v1/tasks/{id}/links":             ruleTaskChange,
	"DELETE /api/v1/tasks/{id}/links/{link}":    ruleTaskChange,
	"POST /api/v1/tasks/{id}/documents":         ruleTaskChange,
	"GET /api/v1/tasks/{id}/documents/{doc}":    ruleTaskView,
	"DELETE /api/v1/tasks/{id}/documents/{doc}": ruleTaskChange,
	"POST /tasks/{id}/checklist":                ruleTaskChange,
	"POST /tasks/{id}/links":                    ruleTaskChange,
	"POST /tasks/{id}/links/{link}/delete":      ruleTaskChange,
	"POST /tasks/{id}/documents":                ruleTaskChange,
	"GET /tasks/{id}/documents/{doc}":           ruleTaskView,
	"POST /tasks/{id}/documents/{doc}/delete":   ruleTaskChange,

	"GET /admin":                                  ruleAdmin,
	"GET /admin/users":                            ruleAdmin,
	"POST /admin/users":                           ruleAdmin,
	"GET /admin/users/{uid}":                      ruleAdmin,
	"POST /admin/users/{uid}":                     ruleAdmin,
	"POST /admin/users/{uid}/password":            ruleAdmin,
	"POST /admin/users/{uid}/tokens":              ruleAdmin,
	"POST /admin/users/{uid}/tokens/{tid}/revoke": ruleAdmin,
	"GET /admin/organisations":                    ruleAdmin,

	// Follow-up (followup_api.go, followup_pages.go): everyone manages their
	// own mail; administrators see the outbox; the national worklist and
	// hypercare are central; the centre's follow-up staff write them; a
	// municipality reads its own contact log, checkpoints and incidents.
	"GET /api/v1/me/notifications":                                    ruleSignedIn,
	"PUT /api/v1/me/notifications":                                    ruleSignedIn,
	"GET /api/v1/notifications/preview":                               ruleSignedIn, // others' mail: administrators only (checked by the handler)
	"GET /konto/varsler":                                              ruleSignedIn,
	"POST /konto/varsler":                                             ruleSignedIn,
	"GET /konto/varsler/eksempel":                                     ruleSignedIn,
	"GET /api/v1/notifications/recipients":                            ruleAdmin,
	"PUT /api/v1/notifications/recipients/{uid}":                      ruleAdmin,
	"GET /api/v1/notifications/outbox":                                ruleAdmin,
	"GET /api/v1/notifications/outbox/{id}":                           ruleAdmin,
	"POST /api/v1/notifications/outbox/{id}/retry":                    ruleAdmin,
	"POST /api/v1/notifications/digests":                              ruleAdmin,
	"GET /admin/varsler":                                              ruleAdmin,
	"GET /admin/varsler/{id}":                                         ruleAdmin,
	"POST /admin/varsler/{id}/retry":                                  ruleAdmin,
	"GET /api/v1/programmes/{key}/worklist":                           ruleNational,
	"PUT /api/v1/programmes/{key}/worklist/{item}/owner":              ruleFollowUp,
	"PUT /api/v1/programmes/{key}/worklist/{item}/snooze":             ruleFollowUp,
	"DELETE /api/v1/programmes/{key}/worklist/{item}/snooze":          ruleFollowUp,
	"POST /programmes/{key}/worklist/{item}/owner":                    ruleFollowUp,
	"POST /programmes/{key}/worklist/{item}/snooze":                   ruleFollowUp,
	"POST /programmes/{key}/worklist/{item}/wake":                     ruleFollowUp,
	"GET /api/v1/programmes/{key}/municipalities/{code}/contacts":     ruleMunicipality,
	"POST /api/v1/programmes/{key}/municipalities/{code}/contacts":    ruleFollowUp,
	"GET /programmes/{key}/municipalities/{code}/contacts":            ruleMunicipality,
	"POST /programmes/{key}/municipalities/{code}/contacts":           ruleFollowUp,
	"GET /api/v1/programmes/{key}/municipalities/{code}/checkpoints":  ruleMunicipality,
	"POST /api/v1/programmes/{key}/municipalities/{code}/checkpoints": ruleCheckpoint,
	"GET /programmes/{key}/municipalities/{code}/checkpoints":         ruleMunicipality,
	"POST /programmes/{key}/municipalities/{code}/checkpoints":        ruleCheckpoint,
	"GET /api/v1/hypercare":                                           ruleNational,
	"POST /api/v1/hypercare/teams":                                    ruleFollowUp,
	"POST /api/v1/hypercare/teams/{id}/members":                       ruleFollowUp,
	"DELETE /api/v1/hypercare/teams/{id}/members/{mid}":               ruleFollowUp,
	"POST /api/v1/hypercare/teams/{id}/assignments":                   ruleFollowUp,
	"DELETE /api/v1/programmes/{key}/municipalities/{code}/hypercare": ruleFollowUp,
	"GET /api/v1/programmes/{key}/municipalities/{code}/incidents":    ruleMunicipality,
	"POST /api/v1/programmes/{key}/municipalities/{code}/incidents":   ruleFollowUp,
	"PUT /api/v1/incidents/{id}":                                      ruleFollowUp,
	"GET /api/v1/programmes/{key}/hypercare/summary":                  ruleNational,
	"PUT /api/v1/programmes/{key}/hypercare/waves/{wave}/lessons":     ruleFollowUp,
	"GET /hypercare":                                         ruleNational,
	"POST /hypercare/teams":                                  ruleFollowUp,
	"POST /hypercare/teams/{id}/members":                     ruleFollowUp,
	"POST /hypercare/teams/{id}/assignments":                 ruleFollowUp,
	"GET /programmes/{key}/hypercare":                        ruleNational,
	"POST /programmes/{key}/hypercare/waves/{wave}/lessons":  ruleFollowUp,
	"GET /programmes/{key}/municipalities/{code}/incidents":  ruleMunicipality,
	"POST /programmes/{key}/municipalities/{code}/incidents": ruleFollowUp,
	"POST /incidents/{id}":                                   ruleFollowUp,
	"GET /admin/programmes":                                  ruleAdmin,
	"POST /admin/programmes/{key}":                           ruleAdmin,
}

var warnedPatterns sync.Map

// guard applies the matched route's rule before the route's handler runs.
func (s *Server) guard(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r)
		if pattern == "" { // no route: the mux answers 404 or 405
			mux.ServeHTTP(w, r)
			return
		}
		ru, ok := routeRules[pattern]
		if !ok {
			if _, warned := warnedPatterns.LoadOrStore(pattern, true); !warned {
				s.log.Warn("route has no access rule; only central administrators and coordinators may use it", "pattern", pattern)
			}
			ru = rulePublish
		}
		if ru != rulePublic {
			id := identityOf(r)
			if id == nil {
				if isAPI(r) {
					s.writeUnauthenticated(w, r, "log ind eller send en API-nøgle som Authorization: Bearer <nøgle>")
					return
				}
				target := "/login"
				if r.Method == http.MethodGet && r.URL.Path != "/" {
					target += "?next=" + url.QueryEscape(r.URL.RequestURI())
				}
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			if err := s.allowed(r, ru, pattern, id); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

// allowed checks a signed-in user against a rule. A path value that names
// nothing (an unknown municipality or task) is let through for the handler
// to answer 404.
func (s *Server) allowed(r *http.Request, ru rule, pattern string, id *app.Identity) error {
	sub := id.Subject
	switch ru {
	case ruleSignedIn:
		if !sub.Role.Valid() {
			return app.Forbidden("din bruger har ingen gyldig rolle; kontakt en administrator")
		}
		return nil
	case ruleNational:
		if !access.ViewNational(sub) {
			return app.Forbidden("landsoversigten og opfølgningslisten viser alle kommuner og er forbeholdt KOMBIT, leverandøren og observatører; se din egen kommunes plan")
		}
		return nil
	case rulePublish:
		if !access.Publish(sub) {
			return app.Forbidden("kun KOMBIT's koordinatorer og administratorer må gøre dette")
		}
		return nil
	case ruleEnrol:
		if !access.Enrol(sub) {
			return app.Forbidden("kun KOMBIT's koordinatorer og administratorer må tilmelde kommuner")
		}
		return nil
	case ruleAdmin:
		if !access.Administer(sub) {
			return app.Forbidden("administrationen er forbeholdt centrale administratorer")
		}
		return nil
	case ruleFollowUp:
		if !app.CanFollowUp(sub) {
			return app.Forbidden("opfølgning er forbeholdt KOMBIT's koordinatorer og administratorer og leverandørens hypercareteams")
		}
		return nil
	case ruleCheckpoint:
		if app.CanFollowUp(sub) {
			return nil
		}
		mid, ok, err := s.app.MunicipalityID(r.Context(), pathValue(pattern, r.URL.Path, "code"))
		if err != nil || !ok {
			return err
		}
		if sub.Role != access.ProjectLead || sub.MunicipalityID != mid {
			return app.Forbidden("kontrolpunkter besluttes af KOMBIT, leverandøren eller kommunens egen projektleder")
		}
		return nil
	case ruleMunicipality, rulePlanChange:
		code := pathValue(pattern, r.URL.Path, "code")
		mid, ok, err := s.app.MunicipalityID(r.Context(), code)
		if err != nil || !ok {
			return err
		}
		if !access.ViewMunicipality(sub, mid) {
			return app.Forbidden("du har kun adgang til din egen kommunes data")
		}
		if ru == rulePlanChange && !access.ChangePlan(sub, mid) {
			return app.Forbidden("kun kommunens projektleder (og KOMBIT's koordinatorer og administratorer) kan ændre selve planen")
		}
		return nil
	case ruleTaskView, ruleTaskChange, ruleTaskDelegate:
		tid, err := strconv.ParseInt(pathValue(pattern, r.URL.Path, "id"), 10, 64)
		if err != nil {
			return nil
		}
		t, ok, err := s.app.TaskScope(r.Context(), tid)
		if err != nil || !ok {
			return err
		}
		if !access.ViewTask(sub, t) {
			return app.Forbidden("du har kun adgang til din egen kommunes opgaver")
		}
		if ru == ruleTaskChange && !access.ChangeTask(sub, t) {
			return app.Forbidden(changeRefusal(sub.Role))
		}
		if ru == ruleTaskDelegate && !access.Delegate(sub, t) {
			return app.Forbidden("du må ikke uddelegere denne opgave; det kan kommunens projektleder (og skolens tovholder for skolens egne opgaver)")
		}
		return nil
	}
	return errors.New("web: unknown access rule")
}

func changeRefusal(r access.Role) string {
	switch r {
	case access.Observer:
		return "som observatør kan du se alt, men ikke ændre noget"
	case access.Supplier:
		return "som leverandør kan du kun ændre status på opgaver, leverandøren er ansvarlig for"
	case access.Member:
		return "du kan kun ændre status på opgaver, der er uddelegeret til dig; spørg kommunens projektleder"
	case access.Tovholder:
		return "du kan kun ændre status på din egen institutions opgaver og opgaver, der er uddelegeret til dig"
	}
	return "du må ikke ændre denne opgave"
}

// pathValue extracts wildcard name from path by pattern ("METHOD /a/{x}/b").
// The request has not been routed yet, so r.PathValue is not set.
func pathValue(pattern, path, name string) string {
	if _, p, ok := strings.Cut(pattern, " "); ok {
		pattern = p
	}
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, seg := range ps {
		if i >= len(xs) {
			break
		}
		if seg == "{"+name+"}" {
			v, err := url.PathUnescape(xs[i])
			if err != nil {
				return xs[i]
			}
			return v
		}
	}
	return ""
}

// clientIP is the address login throttling counts per. X-Forwarded-For is
// not trusted: any client can set it.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

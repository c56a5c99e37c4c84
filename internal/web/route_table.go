package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
)

// The route table: every route is registered with its access rule in one
// call, rt.handle(pattern, rule, handler). There is no second list of
// patterns and no second path matcher: the guard wraps each route's own
// handler, so it runs after the mux has matched the request and reads the
// route's path values with r.PathValue. A route cannot be registered
// without a rule (handle panics at start on a missing or unknown one), and
// the authorization-matrix test (internal/cli/authz_test.go) reads the
// table through Routes.

// rule is the access rule of one route. The zero value is no rule.
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
	ruleFollowUp                     // access.FollowUp: the centre's follow-up staff
	ruleCheckpoint                   // access.DecideCheckpoint for path value {code}
	ruleEnd                          // not a rule: the end of the list
)

// ruleNames name the rules in Routes, for tests and documentation.
var ruleNames = map[rule]string{
	rulePublic:       "public",
	ruleSignedIn:     "signed-in",
	ruleNational:     "national",
	rulePublish:      "publish",
	ruleEnrol:        "enrol",
	ruleMunicipality: "municipality",
	ruleTaskView:     "task-view",
	ruleTaskChange:   "task-change",
	ruleTaskDelegate: "task-delegate",
	ruleAdmin:        "admin",
	rulePlanChange:   "plan-change",
	ruleFollowUp:     "follow-up",
	ruleCheckpoint:   "checkpoint",
}

func (ru rule) String() string { return ruleNames[ru] }

// Route is one entry of the route table as tests see it.
type Route struct {
	Pattern string // the ServeMux pattern, e.g. "GET /tasks/{id}"
	Rule    string // the name of its access rule, e.g. "task-change"
}

// router registers routes on a mux (nil when only listing them).
type router struct {
	s      *Server
	mux    *http.ServeMux
	routes []Route
}

// handle registers pattern with its access rule: the guard checks the rule
// before h runs. A route without a valid rule stops the server at start.
func (rt *router) handle(pattern string, ru rule, h http.Handler) {
	if ru <= 0 || ru >= ruleEnd {
		panic(fmt.Sprintf("web: route %q has no access rule", pattern))
	}
	rt.routes = append(rt.routes, Route{Pattern: pattern, Rule: ru.String()})
	if rt.mux != nil {
		rt.mux.Handle(pattern, rt.s.guard(ru, h))
	}
}

// Routes lists every route with its access rule, in registration order.
func Routes() []Route {
	rt := &router{s: &Server{}}
	rt.s.routes(rt)
	return rt.routes
}

// guard applies a route's rule before the route's handler runs: anonymous
// requests to protected routes get 401 problem JSON under /api/ and a
// redirect to /login for pages; signed-in requests the policy refuses get
// 403.
func (s *Server) guard(ru rule, h http.Handler) http.Handler {
	if ru == rulePublic {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		if err := s.allowed(r, ru, id); err != nil {
			s.fail(w, r, err)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// allowed checks a signed-in user against a rule. A path value that names
// nothing (an unknown municipality or task) is let through for the handler
// to answer 404.
func (s *Server) allowed(r *http.Request, ru rule, id *app.Identity) error {
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
		mid, ok, err := s.app.MunicipalityID(r.Context(), r.PathValue("code"))
		if err != nil || !ok {
			return err
		}
		if sub.Role != access.ProjectLead || sub.MunicipalityID != mid {
			return app.Forbidden("kontrolpunkter besluttes af KOMBIT, leverandøren eller kommunens egen projektleder")
		}
		return nil
	case ruleMunicipality, rulePlanChange:
		mid, ok, err := s.app.MunicipalityID(r.Context(), r.PathValue("code"))
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
		tid, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
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

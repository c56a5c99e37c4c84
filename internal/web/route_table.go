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
	ruleWorklist                     // access.ManageWorklist
	ruleCheckpoint                   // access.DecideCheckpoint for path value {code}
	ruleIncident                     // access.WriteIncident for path value {code}, or the municipality of incident {id}
	ruleRisks                        // access.ViewRisks for path value {code}
	ruleRiskChange                   // access.ChangeRisks for path value {code}
	ruleAllRisks                     // access.ViewAllRisks: every register of a programme
	ruleCentralRisks                 // access.ChangeCentralRisks
	ruleJob                          // access.ViewJob for job {id}: its creator and the roles that may do its operation
	ruleBenefits                     // access.ViewBenefits for path value {code}
	ruleBenefitEdit                  // access.ChangeBenefits for path value {code}
	ruleBenefitExt                   // access.ExtendBenefitDeadline
	rulePeople                       // access.ViewPeople for path value {code}
	rulePeopleChange                 // access.ChangePeople for path value {code}
	ruleTraining                     // access.ManageTraining
	ruleAnnounce                     // access.Announce: write and list announcements
	ruleAddOnManage                  // access.ManageAddOns
	ruleAddOnOrders                  // access.ViewAddOnOrders: every municipality's add-on orders
	ruleAgreement                    // access.ViewAgreement for path value {code}
	ruleAddOnOrder                   // access.ChangeAgreement for path value {code}
	ruleHandbooks                    // access.MakeHandbooks: every municipality's handbook of a programme as one job
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
	ruleWorklist:     "worklist",
	ruleCheckpoint:   "checkpoint",
	ruleIncident:     "incident",
	ruleRisks:        "risks",
	ruleRiskChange:   "risk-change",
	ruleAllRisks:     "all-risks",
	ruleCentralRisks: "central-risks",
	ruleJob:          "job",
	ruleBenefits:     "benefits",
	ruleBenefitEdit:  "benefit-change",
	ruleBenefitExt:   "benefit-extend",
	rulePeople:       "people",
	rulePeopleChange: "people-change",
	ruleTraining:     "training",
	ruleAnnounce:     "announce",
	ruleAddOnManage:  "addon-manage",
	ruleAddOnOrders:  "addon-orders",
	ruleAgreement:    "agreement",
	ruleAddOnOrder:   "agreement-change",
	ruleHandbooks:    "handbooks",
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

// municipalityOf finds the municipality a route acts on: path value
// {code}, or for incident routes without one, the municipality of
// incident {id}.
func (s *Server) municipalityOf(r *http.Request, ru rule) (int64, bool, error) {
	code := r.PathValue("code")
	if ru != ruleIncident || code != "" {
		return s.app.MunicipalityID(r.Context(), code)
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, false, nil
	}
	return s.app.IncidentMunicipality(r.Context(), id)
}

// allowed checks a signed-in user against a rule. A path value that names
// nothing (an unknown municipality or task) is let through for the handler
// to answer 404. The texts of refusals are the policy's own (package access).
// registerRule is the rule of one of a municipality's registers – risks,
// benefits, people, the add-on agreement – each read under its own
// predicate (observers see a municipality's plans but not its risks,
// benefits or people's names, e-mails and phones), and for the rule of a
// change also who may change it.
type registerRule struct {
	view, change               func(access.Subject, int64) bool
	viewRefusal, changeRefusal string
}

var registerRules = map[rule]registerRule{
	ruleRisks:        {view: access.ViewRisks, viewRefusal: access.RefuseRisks},
	ruleRiskChange:   {view: access.ViewRisks, viewRefusal: access.RefuseRisks, change: access.ChangeRisks, changeRefusal: access.RefuseChangeRisks},
	ruleBenefits:     {view: access.ViewBenefits, viewRefusal: access.RefuseBenefits},
	ruleBenefitEdit:  {view: access.ViewBenefits, viewRefusal: access.RefuseBenefits, change: access.ChangeBenefits, changeRefusal: access.RefuseChangeBenefits},
	rulePeople:       {view: access.ViewPeople, viewRefusal: access.RefusePeople},
	rulePeopleChange: {view: access.ViewPeople, viewRefusal: access.RefusePeople, change: access.ChangePeople, changeRefusal: access.RefuseChangePeople},
	ruleAgreement:    {view: access.ViewAgreement, viewRefusal: access.RefuseAgreement},
	ruleAddOnOrder:   {view: access.ViewAgreement, viewRefusal: access.RefuseAgreement, change: access.ChangeAgreement, changeRefusal: access.RefuseChangeAgreement},
}

func (s *Server) allowed(r *http.Request, ru rule, id *app.Identity) error {
	sub := id.Subject
	refuse := func(ok bool, reason string) error {
		if ok {
			return nil
		}
		return app.Forbidden(reason)
	}
	if rr, ok := registerRules[ru]; ok {
		mid, ok, err := s.municipalityOf(r, ru)
		if err != nil || !ok {
			return err
		}
		if !rr.view(sub, mid) {
			return app.Forbidden(rr.viewRefusal)
		}
		if rr.change != nil {
			return refuse(rr.change(sub, mid), rr.changeRefusal)
		}
		return nil
	}
	switch ru {
	case ruleSignedIn:
		return refuse(sub.Role.Valid(), access.RefuseRole)
	case ruleNational:
		return refuse(access.ViewNational(sub), access.RefuseNational)
	case rulePublish:
		return refuse(access.Publish(sub), access.RefusePublish)
	case ruleEnrol:
		return refuse(access.Enrol(sub), access.RefuseEnrol)
	case ruleAdmin:
		return refuse(access.Administer(sub), access.RefuseAdminister)
	case ruleFollowUp:
		return refuse(access.FollowUp(sub), access.RefuseFollowUp)
	case ruleWorklist:
		return refuse(access.ManageWorklist(sub), access.RefuseWorklist)
	case ruleAllRisks:
		return refuse(access.ViewAllRisks(sub), access.RefuseAllRisks)
	case ruleCentralRisks:
		return refuse(access.ChangeCentralRisks(sub), access.RefuseCentralRisks)
	case ruleJob:
		jid, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			return nil // the handler answers 400
		}
		creator, kind, ok, err := s.app.JobAccess(r.Context(), jid)
		if err != nil || !ok {
			return err
		}
		return refuse(access.ViewJob(sub, creator, kind), access.RefuseJob)
	case ruleAnnounce:
		return refuse(access.Announce(sub), access.RefuseAnnounce)
	case ruleBenefitExt:
		return refuse(access.ExtendBenefitDeadline(sub), access.RefuseExtendBenefits)
	case ruleTraining:
		return refuse(access.ManageTraining(sub), access.RefuseManageTraining)
	case ruleAddOnManage:
		return refuse(access.ManageAddOns(sub), access.RefuseManageAddOns)
	case ruleAddOnOrders:
		return refuse(access.ViewAddOnOrders(sub), access.RefuseAddOnOrders)
	case ruleHandbooks:
		return refuse(access.MakeHandbooks(sub), access.RefuseHandbooks)
	case ruleMunicipality, rulePlanChange, ruleCheckpoint, ruleIncident:
		mid, ok, err := s.municipalityOf(r, ru)
		if err != nil || !ok {
			return err
		}
		if !access.ViewMunicipality(sub, mid) {
			return app.Forbidden(access.RefuseMunicipality)
		}
		switch ru {
		case rulePlanChange:
			return refuse(access.ChangePlan(sub, mid), access.RefusePlanChange)
		case ruleCheckpoint:
			return refuse(access.DecideCheckpoint(sub, mid), access.RefuseCheckpoint)
		case ruleIncident:
			return refuse(access.WriteIncident(sub, mid), access.RefuseIncident)
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
			return app.Forbidden(access.RefuseTask)
		}
		switch ru {
		case ruleTaskChange:
			return refuse(access.ChangeTask(sub, t), access.RefuseChangeTask(sub.Role))
		case ruleTaskDelegate:
			return refuse(access.Delegate(sub, t), access.RefuseDelegate)
		}
		return nil
	}
	return errors.New("web: unknown access rule")
}

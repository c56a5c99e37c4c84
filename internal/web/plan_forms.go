package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// HTML forms for a municipality's own plan (issue 4 §3): own tasks and
// milestones, local date moves, baselines, conflicts with a new catalogue
// version, and the plan's calendar feeds. Every form posts the version of
// what the user saw; success redirects (post/redirect/get), a refusal shows
// the page again with the message next to the field and a 4xx status, and
// the app layer writes nothing of a refused change. The JSON API for the
// same use cases is in plan_api.go.

// fieldError is a refused form's message and the field it is about
// ("" for the form as a whole).
type fieldError struct {
	Field, Message string
}

// refusal turns an app error into the status and message a re-rendered
// form shows. Internal errors, and a plan or page that does not exist,
// are returned as fatal: they are not the user's input.
func refusal(err error) (int, *fieldError, error) {
	p := problemOf(err)
	switch app.ErrorCode(err) {
	case app.CodeInvalid, app.CodeConflict, app.CodeForbidden:
		return p.Status, &fieldError{Field: p.Field, Message: capitalise(p.Detail) + "."}, nil
	}
	var re *requestError
	if errors.As(err, &re) && re.status < 500 {
		return re.status, &fieldError{Field: re.field, Message: capitalise(re.msg) + "."}, nil
	}
	return 0, nil, err
}

// planHome is the address of a municipality's plan page.
func planHome(key, code string) string {
	return "/programmes/" + url.PathEscape(key) + "/municipalities/" + url.PathEscape(code)
}

// mayChangePlan reports whether the signed-in user may change the plan of
// the municipality with id mid (the rule of rulePlanChange).
func mayChangePlan(r *http.Request, mid int64) bool {
	id := identityOf(r)
	return id != nil && access.ViewMunicipality(id.Subject, mid) && access.ChangePlan(id.Subject, mid)
}

func seeOther(w http.ResponseWriter, r *http.Request, target string) error {
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// formDate reads an optional date field; a value that is not a date is
// refused naming the field.
func formDate(r *http.Request, field, label string) (model.Date, *fieldError) {
	v := strings.TrimSpace(r.PostForm.Get(field))
	if v == "" {
		return model.NoDate, nil
	}
	d, err := model.ParseInputDate(v)
	if err != nil {
		return model.NoDate, &fieldError{Field: field, Message: fmt.Sprintf("%s %s.", label, err)}
	}
	return d, nil
}

// formVersion reads the version the form was made from.
func formVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || v <= 0 {
		return 0, badRequest("version", "formularen mangler den version, du så; hent siden igen")
	}
	return v, nil
}

// ---- own tasks and milestones ----

// ownForm is the own-task form as typed.
type ownForm struct {
	Title, Description, Phase, Type string
	Milestone                       bool
	Start, End                      string
	Responsible, Executor, Assignee string
	Version                         int
}

func ownFormOf(o model.OwnTask) ownForm {
	return ownForm{Title: o.Title, Description: o.Description, Phase: o.Phase, Type: string(o.Type), Milestone: o.Milestone,
		Start: isoOrEmpty(o.Start), End: isoOrEmpty(o.End), Responsible: o.Responsible, Executor: o.Executor, Assignee: o.Assignee,
		Version: o.Version}
}

// readOwnForm reads the own-task form; a date that is not a date is
// refused before anything reaches the app.
func readOwnForm(r *http.Request) (app.OwnTaskInput, ownForm, *fieldError) {
	f := r.PostForm
	in := ownForm{Title: f.Get("title"), Description: f.Get("description"), Phase: f.Get("phase"), Type: f.Get("type"),
		Milestone: f.Get("milestone") != "", Start: f.Get("start"), End: f.Get("end"), Responsible: f.Get("responsible"),
		Executor: f.Get("executor"), Assignee: f.Get("assignee")}
	in.Version, _ = strconv.Atoi(f.Get("version"))
	out := app.OwnTaskInput{Title: in.Title, Description: in.Description, Phase: in.Phase, Type: model.TaskType(in.Type),
		Milestone: in.Milestone, Responsible: in.Responsible, Executor: in.Executor, Assignee: in.Assignee, Version: in.Version,
		KeepDependencies: true}
	var fe *fieldError
	if out.Start, fe = formDate(r, "start", "Startdatoen"); fe != nil {
		return out, in, fe
	}
	if out.End, fe = formDate(r, "end", "Slutdatoen"); fe != nil {
		return out, in, fe
	}
	return out, in, nil
}

// ownPage is the data of the own-tasks page and of one own task's page.
type ownPage struct {
	P         *app.PlanView
	Base      string
	CanChange bool
	Phases    []model.Phase
	Own       []model.OwnTask
	Task      *model.OwnTask // the own task's page
	Form      ownForm
	Err       *fieldError // the add or edit form
	StatusErr *fieldError
	DeleteErr *fieldError
	Notice    string
}

func (s *Server) ownPage(r *http.Request) (*ownPage, error) {
	p, err := s.app.Plan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), s.app.Today())
	if err != nil {
		return nil, err
	}
	return &ownPage{P: p, Base: planHome(p.Programme, p.Municipality.Code), CanChange: mayChangePlan(r, p.Municipality.ID),
		Phases: s.app.Model().Phases, Form: ownForm{Type: string(model.Mandatory)}, Notice: notice(r)}, nil
}

func (s *Server) renderOwnTasks(w http.ResponseWriter, r *http.Request, status int, pg *ownPage) error {
	own, err := s.app.OwnTasks(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	pg.Own = own
	return s.render(w, status, "plan_own.html", map[string]any{"Title": "Egne opgaver – " + pg.P.Municipality.Name, "O": pg})
}

func (s *Server) pageOwnTasks(w http.ResponseWriter, r *http.Request) error {
	pg, err := s.ownPage(r)
	if err != nil {
		return err
	}
	return s.renderOwnTasks(w, r, http.StatusOK, pg)
}

func (s *Server) formAddOwnTask(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	pg, err := s.ownPage(r)
	if err != nil {
		return err
	}
	in, typed, fe := readOwnForm(r)
	pg.Form = typed
	if fe == nil {
		var o model.OwnTask
		o, err = s.app.AddOwnTask(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
		if err == nil {
			return seeOther(w, r, fmt.Sprintf("%s/own-tasks/%d?gemt=oprettet", pg.Base, o.ID))
		}
	}
	status := http.StatusUnprocessableEntity
	if fe == nil {
		if status, fe, err = refusal(err); err != nil {
			return err
		}
	}
	pg.Err = fe
	return s.renderOwnTasks(w, r, status, pg)
}

// ownTaskPage reads the own task of the path for its page.
func (s *Server) ownTaskPage(r *http.Request) (*ownPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	pg, err := s.ownPage(r)
	if err != nil {
		return nil, err
	}
	o, err := s.app.OwnTask(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id)
	if err != nil {
		return nil, err
	}
	pg.Task, pg.Form = &o, ownFormOf(o)
	return pg, nil
}

func (s *Server) renderOwnTask(w http.ResponseWriter, status int, pg *ownPage) error {
	return s.render(w, status, "plan_own_task.html", map[string]any{"Title": pg.Task.Title + " – " + pg.P.Municipality.Name, "O": pg})
}

func (s *Server) pageOwnTask(w http.ResponseWriter, r *http.Request) error {
	pg, err := s.ownTaskPage(r)
	if err != nil {
		return err
	}
	return s.renderOwnTask(w, http.StatusOK, pg)
}

// ownTaskRefused shows the own task's page again after a refused form: on
// a version conflict with the task as it is now (the user's typing is
// dropped, and the message says so), otherwise with what the user typed.
func (s *Server) ownTaskRefused(w http.ResponseWriter, r *http.Request, err error, typed *ownForm, slot func(*ownPage) **fieldError) error {
	status, fe, err := refusal(err)
	if err != nil {
		return err
	}
	pg, err := s.ownTaskPage(r)
	if err != nil {
		return err
	}
	if status == http.StatusConflict {
		fe.Message += " Intet er gemt; siden viser nu opgaven, som den er."
	} else if typed != nil {
		pg.Form = *typed // with the version the user saw, so a stale form stays stale
	}
	*slot(pg) = fe
	return s.renderOwnTask(w, status, pg)
}

func (s *Server) formUpdateOwnTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	in, typed, fe := readOwnForm(r)
	if fe != nil {
		err = &app.Error{Code: app.CodeInvalid, Field: fe.Field, Message: strings.TrimSuffix(fe.Message, ".")}
	} else if in.Version <= 0 {
		err = &app.Error{Code: app.CodeInvalid, Field: "version", Message: "formularen mangler den version, du så; hent siden igen"}
	} else {
		_, err = s.app.UpdateOwnTask(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	}
	if err == nil {
		return seeOther(w, r, fmt.Sprintf("%s/own-tasks/%d?gemt=rettet", planHome(r.PathValue("key"), r.PathValue("code")), id))
	}
	return s.ownTaskRefused(w, r, err, &typed, func(p *ownPage) **fieldError { return &p.Err })
}

func (s *Server) formOwnTaskStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err == nil {
		ch := app.StatusChange{Status: model.Status(r.PostForm.Get("status")), Version: version}
		if !ch.Status.Valid() {
			err = &app.Error{Code: app.CodeInvalid, Field: "status", Message: fmt.Sprintf("vælg en status (%q er ikke en status)", ch.Status)}
		} else {
			_, err = s.app.SetOwnTaskStatus(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, ch)
		}
	}
	if err == nil {
		return seeOther(w, r, fmt.Sprintf("%s/own-tasks/%d?gemt=status", planHome(r.PathValue("key"), r.PathValue("code")), id))
	}
	return s.ownTaskRefused(w, r, err, nil, func(p *ownPage) **fieldError { return &p.StatusErr })
}

func (s *Server) formDeleteOwnTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err == nil {
		err = s.app.DeleteOwnTask(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, version)
	}
	if err == nil {
		return seeOther(w, r, planHome(r.PathValue("key"), r.PathValue("code"))+"/own-tasks?gemt=slettet")
	}
	return s.ownTaskRefused(w, r, err, nil, func(p *ownPage) **fieldError { return &p.DeleteErr })
}

// ---- moving a catalogue task's dates locally ----

type datesForm struct{ Start, End, Reason string }

func (s *Server) renderTaskDates(w http.ResponseWriter, r *http.Request, status int, form datesForm, fe *fieldError) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, history, err := s.app.Task(r.Context(), identityOf(r), id, s.app.Today())
	if err != nil {
		return err
	}
	can := false
	if me := identityOf(r); me != nil {
		if scope, ok, err := s.app.TaskScope(r.Context(), id); err != nil {
			return err
		} else if ok {
			can = access.ChangeTask(me.Subject, scope) && !t.Withdrawn
		}
	}
	if form == (datesForm{}) {
		form = datesForm{Start: t.Start.String(), End: t.End.String()}
	}
	var moves []model.StatusEvent
	for _, e := range history {
		if e.Kind == app.EventDates {
			moves = append(moves, e)
		}
	}
	return s.render(w, status, "plan_dates.html", map[string]any{"Title": "Datoer – " + t.Title, "T": t, "CanChange": can,
		"Form": form, "Err": fe, "Notice": notice(r), "Moves": moves, "Plan": planHome(t.Programme, t.Municipality)})
}

func (s *Server) pageTaskDates(w http.ResponseWriter, r *http.Request) error {
	return s.renderTaskDates(w, r, http.StatusOK, datesForm{}, nil)
}

// formMoveTask moves a task's dates locally (action=move, with a reason)
// or puts it back on the standard's dates (action=reset).
func (s *Server) formMoveTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	form := datesForm{Start: r.PostForm.Get("start"), End: r.PostForm.Get("end"), Reason: r.PostForm.Get("reason")}
	in := app.MoveInput{Reason: form.Reason, Reset: r.PostForm.Get("action") == "reset"}
	var fe *fieldError
	status := http.StatusUnprocessableEntity
	if in.Version, err = formVersion(r); err != nil {
		status, fe, _ = refusal(err)
	} else if !in.Reset {
		if in.Start, fe = formDate(r, "start", "Startdatoen"); fe == nil {
			in.End, fe = formDate(r, "end", "Slutdatoen")
		}
	}
	if fe == nil {
		if _, err = s.app.MoveTask(r.Context(), identityOf(r), id, in); err == nil {
			done := "flyttet"
			if in.Reset {
				done = "standard"
			}
			return seeOther(w, r, fmt.Sprintf("/tasks/%d/dates?gemt=%s", id, done))
		}
		if status, fe, err = refusal(err); err != nil {
			return err
		}
		if status == http.StatusConflict {
			fe.Message += " Intet er gemt; siden viser nu opgavens aktuelle datoer."
			form = datesForm{}
		}
	}
	return s.renderTaskDates(w, r, status, form, fe)
}

// ---- baselines ----

func (s *Server) renderBaselines(w http.ResponseWriter, r *http.Request, status int, name string, fe *fieldError) error {
	p, err := s.app.Plan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), s.app.Today())
	if err != nil {
		return err
	}
	bs, err := s.app.Baselines(r.Context(), identityOf(r), p.Programme, p.Municipality.Code)
	if err != nil {
		return err
	}
	return s.render(w, status, "plan_baseline.html", map[string]any{"Title": "Basisplaner – " + p.Municipality.Name, "P": p,
		"Base": planHome(p.Programme, p.Municipality.Code), "Baselines": bs, "CanChange": mayChangePlan(r, p.Municipality.ID),
		"Name": name, "Err": fe, "Notice": notice(r)})
}

func (s *Server) pageBaselines(w http.ResponseWriter, r *http.Request) error {
	return s.renderBaselines(w, r, http.StatusOK, "", nil)
}

func (s *Server) formCreateBaseline(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	name := r.PostForm.Get("name")
	b, err := s.app.CreateBaseline(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), name)
	if err == nil {
		return seeOther(w, r, fmt.Sprintf("%s/baselines/%d?gemt=basisplan", planHome(r.PathValue("key"), r.PathValue("code")), b.ID))
	}
	status, fe, err := refusal(err)
	if err != nil {
		return err
	}
	return s.renderBaselines(w, r, status, name, fe)
}

func (s *Server) pageBaseline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.Plan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	c, err := s.app.CompareBaseline(r.Context(), identityOf(r), p.Programme, p.Municipality.Code, id, asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "plan_baseline_compare.html", map[string]any{"Title": "Basisplan " + c.Baseline.Name + " – " + p.Municipality.Name,
		"P": p, "C": c, "Base": planHome(p.Programme, p.Municipality.Code), "Notice": notice(r)})
}

// ---- conflicts with a new catalogue version ----

func (s *Server) renderConflicts(w http.ResponseWriter, r *http.Request, status int, errID int64, fe *fieldError) error {
	p, err := s.app.Plan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), s.app.Today())
	if err != nil {
		return err
	}
	cs, err := s.app.Conflicts(r.Context(), identityOf(r), p.Programme, p.Municipality.Code)
	if err != nil {
		return err
	}
	open := openConflicts(cs)
	return s.render(w, status, "plan_conflicts.html", map[string]any{"Title": "Konflikter med standarden – " + p.Municipality.Name, "P": p,
		"Base": planHome(p.Programme, p.Municipality.Code), "Conflicts": cs, "Open": open, "CanChange": mayChangePlan(r, p.Municipality.ID),
		"ErrID": errID, "Err": fe, "Notice": notice(r)})
}

func (s *Server) pageConflicts(w http.ResponseWriter, r *http.Request) error {
	return s.renderConflicts(w, r, http.StatusOK, 0, nil)
}

// conflictChoice reads a conflict's resolution as the API and the form name
// it (keep_local, take_standard); anything else is no choice, which the use
// case refuses at the field.
func conflictChoice(name string) model.ConflictState {
	c, _ := model.ConflictStateByAPIName(name)
	return c
}

func (s *Server) formResolveConflict(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	choice := r.PostForm.Get("choice")
	version, err := formVersion(r)
	if err == nil {
		_, err = s.app.ResolveConflict(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, conflictChoice(choice), version)
	}
	if err == nil {
		done := "behold"
		if conflictChoice(choice) == model.ConflictTakeStandard {
			done = "tag"
		}
		return seeOther(w, r, planHome(r.PathValue("key"), r.PathValue("code"))+"/conflicts?gemt="+done)
	}
	status, fe, err := refusal(err)
	if err != nil {
		return err
	}
	return s.renderConflicts(w, r, status, id, fe)
}

// ---- the plan's calendar feeds (on the plan page) ----

func (s *Server) formCreatePlanFeed(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f, err := s.app.CreateFeed(r.Context(), identityOf(r), app.FeedRequest{Programme: r.PathValue("key"), Municipality: r.PathValue("code")})
	if err != nil {
		return err
	}
	// The address is shown once, so the page is rendered here rather than
	// after a redirect.
	return s.renderPlan(w, r, http.StatusOK, map[string]any{"NewFeedURL": s.feedURL(f.Token)})
}

func (s *Server) formRevokePlanFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.app.RevokeFeed(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id)
	if err == nil {
		return seeOther(w, r, planHome(r.PathValue("key"), r.PathValue("code"))+"?gemt=stoppet#kalender")
	}
	if app.ErrorCode(err) != app.CodeNotFound {
		return err
	}
	return s.renderPlan(w, r, http.StatusNotFound, map[string]any{"FeedErr": capitalise(app.ErrorMessage(err)) + "."})
}

// planFeedData is what the plan page's local navigation and calendar
// section need.
func (s *Server) planFeedData(r *http.Request, p *app.PlanView) (map[string]any, error) {
	side, err := s.app.PlanSideOf(r.Context(), identityOf(r), p.Programme, p.Municipality.Code)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Feeds": side.Feeds, "OpenConflicts": side.OpenConflicts, "Base": planHome(p.Programme, p.Municipality.Code),
		"Notice": notice(r), "CanManageFeeds": mayChangePlan(r, p.Municipality.ID)}, nil
}

func openConflicts(cs []app.ConflictView) int {
	n := 0
	for _, c := range cs {
		if c.State == model.ConflictOpen {
			n++
		}
	}
	return n
}

// ---- the user's personal calendar feed (on /konto) ----

func (s *Server) formCreateUserFeed(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f, err := s.app.CreateUserFeed(r.Context(), identityOf(r))
	if err != nil {
		return err
	}
	return s.renderAccountWith(w, r, http.StatusOK, map[string]any{"NewFeedURL": s.feedURL(f.Token)})
}

func (s *Server) formRevokeUserFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	err = s.app.RevokeUserFeed(r.Context(), identityOf(r).User.ID, id)
	if err == nil {
		return s.back(w, r, "/konto", nil, okMsg("abonnement-stoppet"))
	}
	if app.ErrorCode(err) != app.CodeNotFound {
		return err
	}
	return s.renderAccountWith(w, r, http.StatusNotFound, map[string]any{"FeedErr": capitalise(app.ErrorMessage(err)) + "."})
}

// planFormRoutes registers the plan forms' pages with their access rules.
func (s *Server) planFormRoutes(rt *router) {
	rt.handle("GET /programmes/{key}/municipalities/{code}/own-tasks", ruleMunicipality, s.page(s.pageOwnTasks))
	rt.handle("POST /programmes/{key}/municipalities/{code}/own-tasks", rulePlanChange, s.page(s.formAddOwnTask))
	rt.handle("GET /programmes/{key}/municipalities/{code}/own-tasks/{id}", ruleMunicipality, s.page(s.pageOwnTask))
	rt.handle("POST /programmes/{key}/municipalities/{code}/own-tasks/{id}", rulePlanChange, s.page(s.formUpdateOwnTask))
	rt.handle("POST /programmes/{key}/municipalities/{code}/own-tasks/{id}/status", rulePlanChange, s.page(s.formOwnTaskStatus))
	rt.handle("POST /programmes/{key}/municipalities/{code}/own-tasks/{id}/delete", rulePlanChange, s.page(s.formDeleteOwnTask))
	rt.handle("GET /programmes/{key}/municipalities/{code}/baselines", ruleMunicipality, s.page(s.pageBaselines))
	rt.handle("POST /programmes/{key}/municipalities/{code}/baselines", rulePlanChange, s.page(s.formCreateBaseline))
	rt.handle("GET /programmes/{key}/municipalities/{code}/baselines/{id}", ruleMunicipality, s.page(s.pageBaseline))
	rt.handle("GET /programmes/{key}/municipalities/{code}/conflicts", ruleMunicipality, s.page(s.pageConflicts))
	rt.handle("POST /programmes/{key}/municipalities/{code}/conflicts/{id}", rulePlanChange, s.page(s.formResolveConflict))
	rt.handle("POST /programmes/{key}/municipalities/{code}/calendar-feeds", rulePlanChange, s.page(s.formCreatePlanFeed))
	rt.handle("POST /programmes/{key}/municipalities/{code}/calendar-feeds/{id}/revoke", rulePlanChange, s.page(s.formRevokePlanFeed))
	rt.handle("GET /tasks/{id}/dates", ruleTaskView, s.page(s.pageTaskDates))
	rt.handle("POST /tasks/{id}/dates", ruleTaskChange, s.page(s.formMoveTask))
	rt.handle("POST /konto/kalender", ruleSignedIn, s.page(s.formCreateUserFeed))
	rt.handle("POST /konto/kalender/{fid}/revoke", ruleSignedIn, s.page(s.formRevokeUserFeed))
}

func init() {
	funcs["signed"] = signedDays
	// errOn reports whether a refused form's error e is about field f.
	funcs["errOn"] = func(e any, f string) bool {
		fe, ok := e.(*fieldError)
		return ok && fe != nil && fe.Field == f
	}
}

// signedDays shows a variance in working days with its sign ("+3", "-2",
// "0"); a missing one (nil) as a dash.
func signedDays(v any) string {
	if p, ok := v.(*int); ok {
		if p == nil {
			return "–"
		}
		v = *p
	}
	n, ok := v.(int)
	if !ok {
		return "–"
	}
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return strconv.Itoa(n)
}

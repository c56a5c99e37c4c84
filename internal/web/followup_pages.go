package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// Pages of follow-up: e-mail settings and the administrators' outbox, a
// municipality's contact log and checkpoints, hypercare. The worklist page
// itself is the UI's (followup.html); the forms it posts to are here.

func init() {
	funcs["dkTime"] = model.DanishTime
	funcs["prefLabel"] = func(p app.Preference) string { return p.Label() }
	funcs["preferences"] = func() []app.Preference { return app.Preferences }
	// Labels come from each enumeration's one table (package model).
	funcs["channelLabel"] = enumLabel(model.ContactChannels)
	funcs["stateLabel"] = enumLabel(model.OutboxStates)
	funcs["severityLabel"] = enumLabel(model.IncidentSeverities)
	funcs["incidentStatusLabel"] = enumLabel(model.IncidentStatuses)
	funcs["categoryLabel"] = enumLabel(model.IncidentCategories)
	funcs["categories"] = model.IncidentCategories.Values
	funcs["severities"] = model.IncidentSeverities.Values
	funcs["incidentStatuses"] = model.IncidentStatuses.Values
	// What a page offers follows the policy (package access). The
	// municipality pages are shown only to users who may see the
	// municipality, so a municipal user's own municipality is the page's.
	funcs["canFollowUp"] = func(id *app.Identity) bool { return id != nil && access.FollowUp(id.Subject) }
	funcs["canManageWorklist"] = func(id *app.Identity) bool { return id != nil && access.ManageWorklist(id.Subject) }
	funcs["canEscalate"] = func(id *app.Identity) bool { return id != nil && access.Escalate(id.Subject) }
	funcs["canDecideCheckpoint"] = func(id *app.Identity) bool {
		return id != nil && access.DecideCheckpoint(id.Subject, id.Subject.MunicipalityID)
	}
	funcs["canWriteIncident"] = func(id *app.Identity) bool {
		return id != nil && access.WriteIncident(id.Subject, id.Subject.MunicipalityID)
	}
	funcs["isAdmin"] = func(id *app.Identity) bool { return id != nil && access.Administer(id.Subject) }
	funcs["lines"] = func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }
}

// enumLabel is a template function that names a value of e in Danish; the
// value may be typed or plain text.
func enumLabel[T ~string](e model.Enum[T]) func(v any) string {
	return func(v any) string { return e.Label(T(fmt.Sprint(v))) }
}

func (s *Server) followupPageRoutes(rt *router) {
	rt.handle("GET /konto/varsler", ruleSignedIn, s.page(s.pageMyNotifications))
	rt.handle("POST /konto/varsler", ruleSignedIn, s.page(s.formMyNotifications))
	rt.handle("GET /konto/varsler/eksempel", ruleSignedIn, s.page(s.pageMailPreview))
	rt.handle("GET /admin/varsler", ruleAdmin, s.page(s.pageAdminNotifications))
	rt.handle("GET /admin/varsler/{id}", ruleAdmin, s.page(s.pageAdminMessage))
	rt.handle("POST /admin/varsler/{id}/retry", ruleAdmin, s.page(s.formRetryMessage))

	rt.handle("POST /programmes/{key}/worklist/{item}/owner", ruleWorklist, s.page(s.formWorklistOwner))
	rt.handle("POST /programmes/{key}/worklist/{item}/snooze", ruleWorklist, s.page(s.formSnooze))
	rt.handle("POST /programmes/{key}/worklist/{item}/wake", ruleWorklist, s.page(s.formWake))

	rt.handle("GET /programmes/{key}/municipalities/{code}/contacts", ruleMunicipality, s.page(s.pageContacts))
	rt.handle("POST /programmes/{key}/municipalities/{code}/contacts", ruleFollowUp, s.page(s.formAddContact))
	rt.handle("GET /programmes/{key}/municipalities/{code}/checkpoints", ruleMunicipality, s.page(s.pageCheckpoints))
	rt.handle("POST /programmes/{key}/municipalities/{code}/checkpoints", ruleCheckpoint, s.page(s.formDecideCheckpoint))

	rt.handle("GET /hypercare", ruleNational, s.page(s.pageHypercare))
	rt.handle("POST /hypercare/teams", ruleFollowUp, s.page(s.formCreateTeam))
	rt.handle("POST /hypercare/teams/{id}/members", ruleFollowUp, s.page(s.formAddMember))
	rt.handle("POST /hypercare/teams/{id}/assignments", ruleFollowUp, s.page(s.formAssign))
	rt.handle("GET /programmes/{key}/hypercare", ruleNational, s.page(s.pageHypercareSummary))
	rt.handle("POST /programmes/{key}/hypercare/waves/{wave}/lessons", ruleFollowUp, s.page(s.formSaveLessons))
	rt.handle("GET /programmes/{key}/municipalities/{code}/incidents", ruleMunicipality, s.page(s.pageIncidents))
	rt.handle("POST /programmes/{key}/municipalities/{code}/incidents", ruleIncident, s.page(s.formLogIncident))
	rt.handle("POST /incidents/{id}", ruleIncident, s.page(s.formUpdateIncident))
}

// feedback reads the outcome a form's redirect carries.
func feedback(r *http.Request, data map[string]any) map[string]any {
	data["Error"] = refusedMessage(r)
	data["Saved"] = notice(r)
	return data
}

// --- e-mail ---

func (s *Server) pageMyNotifications(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	v, err := s.app.NotifySettingsOf(r.Context(), id.User.ID)
	if err != nil {
		return err
	}
	progs, err := s.app.Programmes(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "followup_settings.html", feedback(r, map[string]any{
		"Title": "Mine mailvarsler", "S": v, "Programmes": progs}))
}

func (s *Server) formMyNotifications(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id := identityOf(r)
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	in := app.NotifyInput{Preference: app.Preference(r.PostForm.Get("preference")), Programmes: r.PostForm["programmes"], Version: version}
	_, err := s.app.SetNotifySettings(r.Context(), id, id.User.ID, in)
	return s.back(w, r, "/konto/varsler", err, okMsg("varsler"))
}

func (s *Server) pageMailPreview(w http.ResponseWriter, r *http.Request) error {
	p, err := s.mailPreview(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "followup_message.html", map[string]any{"Title": "Eksempel på mail", "Preview": p,
		"Back": "/konto/varsler"})
}

func (s *Server) pageAdminNotifications(w http.ResponseWriter, r *http.Request) error {
	states := r.URL.Query()["state"]
	if len(states) == 0 {
		states = []string{"fejlet", "afventer", "sender"}
	}
	if states[0] == "alle" {
		states = nil
	}
	v, err := s.app.Outbox(r.Context(), states, 200)
	if err != nil {
		return err
	}
	rs, err := s.app.NotifyRecipients(r.Context())
	if err != nil {
		return err
	}
	counts := map[string]int{} // by the states' names: a template cannot index a typed key with a string
	for st, n := range v.Counts {
		counts[string(st)] = n
	}
	return s.render(w, http.StatusOK, "followup_outbox.html", feedback(r, map[string]any{
		"Title": "Mailvarsler", "O": v, "Counts": counts, "Recipients": rs, "States": strings.Join(states, ","), "Section": "varsler"}))
}

func (s *Server) pageAdminMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.app.OutboxMessage(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "followup_message.html", feedback(r, map[string]any{"Title": "Mail " + strconv.FormatInt(id, 10),
		"Message": m, "Back": "/admin/varsler"}))
}

func (s *Server) formRetryMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.app.RetryOutboxMessage(r.Context(), identityOf(r), id)
	if app.ErrorCode(err) == app.CodeNotFound {
		return err
	}
	return s.back(w, r, fmt.Sprintf("/admin/varsler/%d", id), err, okMsg("mail-igen"))
}

// --- worklist forms ---

// worklistBack is where a worklist form returns to: the page it came from
// (a local path in the form's "back" field) or the programme's follow-up page.
func worklistBack(r *http.Request) string {
	if b := r.PostForm.Get("back"); b != "" {
		return safeNext(b)
	}
	return "/programmes/" + url.PathEscape(r.PathValue("key")) + "/followup"
}

func (s *Server) formWorklistOwner(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	var owner int64
	if v := r.PostForm.Get("owner"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return s.back(w, r, worklistBack(r), invalidForm("vælg en person på listen"), ok{})
		}
		owner = n
	}
	_, err := s.app.SetFollowupOwner(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("item"), owner)
	return s.back(w, r, worklistBack(r), err, okMsg("ansvarlig"))
}

func (s *Server) formSnooze(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	until, err := dateField("until", r.PostForm.Get("until"))
	if err != nil {
		return s.back(w, r, worklistBack(r), invalidForm("datoen skal skrives ÅÅÅÅ-MM-DD"), ok{})
	}
	_, err = s.app.SnoozeItem(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("item"), until, r.PostForm.Get("reason"))
	return s.back(w, r, worklistBack(r), err, okMsg("udsat"))
}

func (s *Server) formWake(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err := s.app.WakeItem(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("item"))
	return s.back(w, r, worklistBack(r), err, okMsg("vaekket"))
}

// --- contact log and checkpoints ---

func planPath(r *http.Request, suffix string) string {
	return "/programmes/" + url.PathEscape(r.PathValue("key")) + "/municipalities/" + url.PathEscape(r.PathValue("code")) + suffix
}

func (s *Server) pageContacts(w http.ResponseWriter, r *http.Request) error {
	l, err := s.app.ContactLog(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	// The form links an entry to the municipality's own tasks; its
	// institutions' instances (thousands) are not offered.
	p, err := s.app.MunicipalityTasks(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), s.app.Today())
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "contacts.html", feedback(r, map[string]any{
		"Title": "Kontaktlog – " + l.MunicipalityName, "L": l, "Tasks": p.Tasks, "Today": s.app.Today()}))
}

func (s *Server) formAddContact(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	c := contactJSON{Date: f.Get("date"), Channel: f.Get("channel"), Kind: f.Get("kind"), Participants: f.Get("participants"),
		Summary: f.Get("summary"), Agreements: f.Get("agreements"), InternalNote: f.Get("internal_note"),
		EscalatedTo: f.Get("escalated_to"), NextFollowup: f.Get("next_followup")}
	for _, v := range f["tasks"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			c.Tasks = append(c.Tasks, n)
		}
	}
	in, err := c.input()
	if err == nil {
		_, err = s.app.AddContact(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
		if app.ErrorCode(err) == app.CodeForbidden {
			return err // the policy's refusal (an escalation by someone who may not escalate): 403, as from the route's rule
		}
	}
	return s.back(w, r, planPath(r, "/contacts"), err, okMsg("kontakt"))
}

func (s *Server) pageCheckpoints(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Checkpoints(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "followup_checkpoints.html", feedback(r, map[string]any{
		"Title": "Kontrolpunkter – " + v.MunicipalityName, "C": v, "Asof": asof}))
}

func (s *Server) formDecideCheckpoint(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in := app.CheckpointInput{Transition: r.PostForm.Get("transition"), Decision: r.PostForm.Get("decision"), Basis: r.PostForm.Get("basis")}
	_, err := s.app.DecideCheckpoint(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	return s.back(w, r, planPath(r, "/checkpoints"), err, okMsg("beslutning"))
}

// --- hypercare ---

func (s *Server) pageHypercare(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Hypercare(r.Context(), identityOf(r), asof)
	if err != nil {
		return err
	}
	progs, err := s.app.Programmes(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "hypercare.html", feedback(r, map[string]any{"Title": "Hypercare", "H": v, "Asof": asof, "Programmes": progs}))
}

func (s *Server) formCreateTeam(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err := s.app.CreateHypercareTeam(r.Context(), identityOf(r), app.HypercareTeamInput{Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description")})
	return s.back(w, r, "/hypercare", err, okMsg("team"))
}

func (s *Server) formAddMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err = s.app.AddHypercareMember(r.Context(), identityOf(r), id, app.HypercareMemberInput{Name: r.PostForm.Get("name"),
		Email: r.PostForm.Get("email"), Role: r.PostForm.Get("role")})
	if app.ErrorCode(err) == app.CodeNotFound {
		return err
	}
	return s.back(w, r, "/hypercare", err, okMsg("deltager"))
}

func (s *Server) formAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	codes := strings.FieldsFunc(r.PostForm.Get("municipalities"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' })
	_, err = s.app.AssignHypercare(r.Context(), identityOf(r), id, r.PostForm.Get("programme"), codes)
	if app.ErrorCode(err) == app.CodeNotFound && strings.Contains(app.ErrorMessage(err), "hypercareteam") {
		return err
	}
	return s.back(w, r, "/hypercare", err, okMsg("tildelt"))
}

func (s *Server) pageHypercareSummary(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.HypercareSummary(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "hypercare_summary.html", feedback(r, map[string]any{"Title": "Hypercare pr. bølge",
		"Key": r.PathValue("key"), "Waves": v}))
}

func (s *Server) formSaveLessons(w http.ResponseWriter, r *http.Request) error {
	wave, err := strconv.Atoi(r.PathValue("wave"))
	if err != nil {
		return &requestError{status: http.StatusNotFound, msg: fmt.Sprintf("bølge %q findes ikke", r.PathValue("wave"))}
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	err = s.app.SaveLessons(r.Context(), identityOf(r), r.PathValue("key"), wave, r.PostForm.Get("text"))
	if app.ErrorCode(err) == app.CodeNotFound {
		return err
	}
	return s.back(w, r, "/programmes/"+url.PathEscape(r.PathValue("key"))+"/hypercare", err, okMsg("erfaringer"))
}

func (s *Server) pageIncidents(w http.ResponseWriter, r *http.Request) error {
	xs, err := s.app.Incidents(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	p, err := s.app.MunicipalityTasks(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), s.app.Today()) // only its name and go-live are shown
	if err != nil {
		return err
	}
	from, to := s.app.HypercareWindow(p.GoLive)
	return s.render(w, http.StatusOK, "hypercare_incidents.html", feedback(r, map[string]any{
		"Title": "Hændelser – " + p.Municipality.Name, "P": p, "Incidents": xs, "From": from, "To": to}))
}

func (s *Server) formLogIncident(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := app.IncidentInput{Category: model.IncidentCategory(f.Get("category")), Severity: model.IncidentSeverity(f.Get("severity")), Status: model.IncidentStatus(f.Get("status")), Title: f.Get("title"),
		Description: f.Get("description"), Resolution: f.Get("resolution")}
	_, err := s.app.LogIncident(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	return s.back(w, r, planPath(r, "/incidents"), err, okMsg("haendelse"))
}

func (s *Server) formUpdateIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	version, _ := strconv.Atoi(f.Get("version"))
	in := app.IncidentInput{Category: model.IncidentCategory(f.Get("category")), Severity: model.IncidentSeverity(f.Get("severity")), Status: model.IncidentStatus(f.Get("status")), Title: f.Get("title"),
		Description: f.Get("description"), Resolution: f.Get("resolution"), Version: version}
	v, err := s.app.UpdateIncident(r.Context(), identityOf(r), id, in)
	if app.ErrorCode(err) == app.CodeNotFound {
		return err
	}
	target := safeNext(f.Get("back"))
	if err == nil {
		target = fmt.Sprintf("/programmes/%s/municipalities/%s/incidents", url.PathEscape(v.Programme), url.PathEscape(v.Municipality))
	}
	return s.back(w, r, target, err, okMsg("haendelse-opdateret"))
}

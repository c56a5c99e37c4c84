package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// JSON API of follow-up (issue 5): e-mail settings and the outbox, the
// worklist, the contact log, checkpoints and hypercare. Pages are in
// followup_pages.go; routes with their access rules in followupRoutes.

func (s *Server) followupRoutes(rt *router) {
	rt.handle("GET /api/v1/me/notifications", ruleSignedIn, s.api(s.apiMyNotifications))
	rt.handle("PUT /api/v1/me/notifications", ruleSignedIn, s.api(s.apiSetMyNotifications))
	rt.handle("GET /api/v1/notifications/recipients", ruleAdmin, s.api(s.apiRecipients))
	rt.handle("PUT /api/v1/notifications/recipients/{uid}", ruleAdmin, s.api(s.apiSetRecipient))
	rt.handle("GET /api/v1/notifications/preview", ruleSignedIn, s.api(s.apiMailPreview))
	rt.handle("GET /api/v1/notifications/outbox", ruleAdmin, s.api(s.apiOutbox))
	rt.handle("GET /api/v1/notifications/outbox/{id}", ruleAdmin, s.api(s.apiOutboxMessage))
	rt.handle("POST /api/v1/notifications/outbox/{id}/retry", ruleAdmin, s.api(s.apiRetryMessage))
	rt.handle("POST /api/v1/notifications/digests", ruleAdmin, s.api(s.apiRunDigest))

	rt.handle("GET /api/v1/programmes/{key}/worklist", ruleNational, s.api(s.apiWorklist))
	rt.handle("PUT /api/v1/programmes/{key}/worklist/{item}/owner", ruleWorklist, s.api(s.apiWorklistOwner))
	rt.handle("PUT /api/v1/programmes/{key}/worklist/{item}/snooze", ruleWorklist, s.api(s.apiSnooze))
	rt.handle("DELETE /api/v1/programmes/{key}/worklist/{item}/snooze", ruleWorklist, s.api(s.apiWake))

	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/contacts", ruleMunicipality, s.api(s.apiContacts))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/contacts", ruleFollowUp, s.api(s.apiAddContact))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/checkpoints", ruleMunicipality, s.api(s.apiCheckpoints))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/checkpoints", ruleCheckpoint, s.api(s.apiDecideCheckpoint))

	rt.handle("GET /api/v1/hypercare", ruleNational, s.api(s.apiHypercare))
	rt.handle("POST /api/v1/hypercare/teams", ruleFollowUp, s.api(s.apiCreateTeam))
	rt.handle("POST /api/v1/hypercare/teams/{id}/members", ruleFollowUp, s.api(s.apiAddMember))
	rt.handle("DELETE /api/v1/hypercare/teams/{id}/members/{mid}", ruleFollowUp, s.api(s.apiRemoveMember))
	rt.handle("POST /api/v1/hypercare/teams/{id}/assignments", ruleFollowUp, s.api(s.apiAssign))
	rt.handle("DELETE /api/v1/programmes/{key}/municipalities/{code}/hypercare", ruleFollowUp, s.api(s.apiUnassign))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/incidents", ruleMunicipality, s.api(s.apiIncidents))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/incidents", ruleIncident, s.api(s.apiLogIncident))
	rt.handle("PUT /api/v1/incidents/{id}", ruleIncident, s.api(s.apiUpdateIncident))
	rt.handle("GET /api/v1/programmes/{key}/hypercare/summary", ruleNational, s.api(s.apiHypercareSummary))
	rt.handle("PUT /api/v1/programmes/{key}/hypercare/waves/{wave}/lessons", ruleFollowUp, s.api(s.apiSaveLessons))

	s.followupPageRoutes(rt)
}

// dateField parses an optional date of a request body, naming the field.
func dateField(field, v string) (model.Date, error) {
	if v == "" {
		return model.NoDate, nil
	}
	d, err := model.ParseInputDate(v)
	if err != nil {
		return 0, badRequest(field, field+": "+err.Error())
	}
	return d, nil
}

// timeField parses an optional RFC 3339 time, naming the field.
func timeField(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, badRequest(field, fmt.Sprintf("%s: %q er ikke et tidspunkt på formen 2027-03-01T09:30:00+01:00", field, v))
	}
	if _, err := model.ParseInputDate(v[:10]); err != nil { // the same date range as dates
		return time.Time{}, &requestError{status: http.StatusUnprocessableEntity, field: field, msg: field + ": " + err.Error()}
	}
	return t, nil
}

func queryInt(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, badRequest(name, fmt.Sprintf("%s=%q er ikke et tal", name, v))
	}
	return n, nil
}

// --- e-mail ---

func (s *Server) apiMyNotifications(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.NotifySettingsOf(r.Context(), identityOf(r).User.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiSetMyNotifications(w http.ResponseWriter, r *http.Request) error {
	var in app.NotifyInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	id := identityOf(r)
	v, err := s.app.SetNotifySettings(r.Context(), id, id.User.ID, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiRecipients(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.NotifyRecipients(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiSetRecipient(w http.ResponseWriter, r *http.Request) error {
	uid, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	var in app.NotifyInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.app.SetNotifySettings(r.Context(), identityOf(r), uid, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// mailPreview answers the preview of a mail: the next digest of a kind, or
// a publication's mail. Users preview their own mail; administrators
// anyone's.
func (s *Server) mailPreview(r *http.Request) (app.MailPreview, error) {
	q := r.URL.Query()
	id := identityOf(r)
	uid := id.User.ID
	if v := q.Get("user"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return app.MailPreview{}, badRequest("user", fmt.Sprintf("user=%q er ikke et bruger-id", v))
		}
		if n != uid && !access.Administer(id.Subject) {
			return app.MailPreview{}, app.Forbidden("du kan kun se dine egne mails")
		}
		uid = n
	}
	kind := q.Get("kind")
	if kind == "" {
		kind = app.DigestDaily
	}
	if kind == app.KindPublication {
		version, err := strconv.Atoi(q.Get("version"))
		if err != nil || version <= 0 {
			return app.MailPreview{}, badRequest("version", "angiv katalogversionen som version=<nummer>")
		}
		if q.Get("programme") == "" {
			return app.MailPreview{}, badRequest("programme", "angiv programmet som programme=<nøgle>")
		}
		return s.app.PreviewPublication(r.Context(), q.Get("programme"), version, uid)
	}
	day, err := dateField("date", q.Get("date"))
	if err != nil {
		return app.MailPreview{}, err
	}
	if day == model.NoDate {
		day = s.app.Today()
	}
	return s.app.PreviewDigest(r.Context(), uid, kind, day)
}

func (s *Server) apiMailPreview(w http.ResponseWriter, r *http.Request) error {
	p, err := s.mailPreview(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiOutbox(w http.ResponseWriter, r *http.Request) error {
	var states []string
	for _, v := range r.URL.Query()["state"] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				states = append(states, x)
			}
		}
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	v, err := s.app.Outbox(r.Context(), states, int(limit))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiOutboxMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.app.OutboxMessage(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

func (s *Server) apiRetryMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.app.RetryOutboxMessage(r.Context(), identityOf(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

type digestJSON struct {
	Kind string `json:"kind"`
	Date string `json:"date"`
}

// apiRunDigest makes a digest now (normally the server does it every
// morning); making one that exists does nothing.
func (s *Server) apiRunDigest(w http.ResponseWriter, r *http.Request) error {
	var in digestJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	day, err := dateField("date", in.Date)
	if err != nil {
		return err
	}
	if day == model.NoDate {
		day = s.app.Today()
	}
	res, err := s.app.RunDigest(r.Context(), in.Kind, day)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.Made {
		status = http.StatusCreated
	}
	return writeJSON(w, status, res)
}

// --- worklist ---

// worklist reads the worklist's options from the query (team, owner,
// include_snoozed) and returns it as of asof.
func (s *Server) worklist(r *http.Request, asof model.Date) (*app.Worklist, error) {
	o, err := worklistOptions(r)
	if err != nil {
		return nil, err
	}
	return s.app.Worklist(r.Context(), identityOf(r), r.PathValue("key"), asof, o)
}

// worklistOptions reads the worklist's filters from the query.
func worklistOptions(r *http.Request) (app.WorklistOptions, error) {
	var o app.WorklistOptions
	team, err := queryInt(r, "team")
	if err != nil {
		return o, err
	}
	owner, err := queryInt(r, "owner")
	if err != nil {
		return o, err
	}
	wave, err := queryInt(r, "wave")
	if err != nil {
		return o, err
	}
	o = app.WorklistOptions{TeamID: team, OwnerID: owner, Wave: int(wave), Municipality: r.URL.Query().Get("municipality")}
	switch v := model.TaskType(r.URL.Query().Get("type")); v {
	case "":
	case model.Critical, model.Mandatory:
		o.Type = v
	default:
		return o, badRequest("type", fmt.Sprintf("type=%q: brug kritisk eller obligatorisk", v))
	}
	switch v := r.URL.Query().Get("include_snoozed"); v {
	case "", "false", "nej":
	case "true", "ja":
		o.IncludeSnoozed = true
	default:
		return o, badRequest("include_snoozed", fmt.Sprintf("include_snoozed=%q: brug true eller false", v))
	}
	return o, nil
}

func (s *Server) apiWorklist(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	wl, err := s.worklist(r, asof)
	if err != nil {
		return err
	}
	v, err := s.listWorklist(r, wl)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

type ownerJSON struct {
	Owner *int64 `json:"owner"` // a user id; null clears
}

func (s *Server) apiWorklistOwner(w http.ResponseWriter, r *http.Request) error {
	var in ownerJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var owner int64
	if in.Owner != nil {
		if *in.Owner <= 0 {
			return badRequest("owner", "owner skal være et bruger-id eller null")
		}
		owner = *in.Owner
	}
	f, err := s.app.SetFollowupOwner(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("item"), owner)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

type snoozeJSON struct {
	Until  string `json:"until"`
	Reason string `json:"reason"`
}

func (s *Server) apiSnooze(w http.ResponseWriter, r *http.Request) error {
	var in snoozeJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	until, err := dateField("until", in.Until)
	if err != nil {
		return err
	}
	f, err := s.app.SnoozeItem(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("item"), until, in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

func (s *Server) apiWake(w http.ResponseWriter, r *http.Request) error {
	f, err := s.app.WakeItem(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("item"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

// --- contact log and checkpoints ---

func (s *Server) apiContacts(w http.ResponseWriter, r *http.Request) error {
	l, err := s.app.ContactLog(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	v, err := s.listContacts(r, l)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

type contactJSON struct {
	Date         string  `json:"date"`
	Channel      string  `json:"channel"`
	Kind         string  `json:"kind"`
	Participants string  `json:"participants"`
	Summary      string  `json:"summary"`
	Agreements   string  `json:"agreements"`
	InternalNote string  `json:"internal_note"`
	EscalatedTo  string  `json:"escalated_to"`
	NextFollowup string  `json:"next_followup"`
	Tasks        []int64 `json:"tasks"`
}

func (c contactJSON) input() (app.ContactInput, error) {
	in := app.ContactInput{Channel: model.ContactChannel(c.Channel), Kind: model.ContactKind(c.Kind), Participants: c.Participants, Summary: c.Summary, Agreements: c.Agreements,
		InternalNote: c.InternalNote, EscalatedTo: c.EscalatedTo, Tasks: c.Tasks}
	var err error
	if in.Date, err = dateField("date", c.Date); err != nil {
		return in, err
	}
	in.NextFollowup, err = dateField("next_followup", c.NextFollowup)
	return in, err
}

func (s *Server) apiAddContact(w http.ResponseWriter, r *http.Request) error {
	var c contactJSON
	if err := decodeJSON(w, r, &c); err != nil {
		return err
	}
	in, err := c.input()
	if err != nil {
		return err
	}
	x, err := s.app.AddContact(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiCheckpoints(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Checkpoints(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiDecideCheckpoint(w http.ResponseWriter, r *http.Request) error {
	var in app.CheckpointInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := s.app.DecideCheckpoint(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, d)
}

// --- hypercare ---

func (s *Server) apiHypercare(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Hypercare(r.Context(), identityOf(r), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCreateTeam(w http.ResponseWriter, r *http.Request) error {
	var in app.HypercareTeamInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := s.app.CreateHypercareTeam(r.Context(), identityOf(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, t)
}

func (s *Server) apiAddMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.HypercareMemberInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	m, err := s.app.AddHypercareMember(r.Context(), identityOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}

func (s *Server) apiRemoveMember(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		return err
	}
	if err := s.app.RemoveHypercareMember(r.Context(), identityOf(r), id, mid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type assignJSON struct {
	Programme      string   `json:"programme"`
	Municipalities []string `json:"municipalities"`
}

func (s *Server) apiAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in assignJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Programme == "" {
		return badRequest("programme", "programme mangler: hvilket programs udrulning gælder det?")
	}
	v, err := s.app.AssignHypercare(r.Context(), identityOf(r), id, in.Programme, in.Municipalities)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiUnassign(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.UnassignHypercare(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiIncidents(w http.ResponseWriter, r *http.Request) error {
	xs, err := s.app.Incidents(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	if xs, err = s.listIncidents(w, r, xs); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, xs)
}

type incidentJSON struct {
	OpenedAt    string `json:"opened_at"`
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	Status      string `json:"status"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Resolution  string `json:"resolution"`
	ResolvedAt  string `json:"resolved_at"`
	Version     int    `json:"version"`
}

func (x incidentJSON) input() (app.IncidentInput, error) {
	in := app.IncidentInput{Category: model.IncidentCategory(x.Category), Severity: model.IncidentSeverity(x.Severity), Status: model.IncidentStatus(x.Status), Title: x.Title, Description: x.Description,
		Resolution: x.Resolution, Version: x.Version}
	var err error
	if in.OpenedAt, err = timeField("opened_at", x.OpenedAt); err != nil {
		return in, err
	}
	in.ResolvedAt, err = timeField("resolved_at", x.ResolvedAt)
	return in, err
}

func (s *Server) apiLogIncident(w http.ResponseWriter, r *http.Request) error {
	var x incidentJSON
	if err := decodeJSON(w, r, &x); err != nil {
		return err
	}
	in, err := x.input()
	if err != nil {
		return err
	}
	v, err := s.app.LogIncident(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiUpdateIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var x incidentJSON
	if err := decodeJSON(w, r, &x); err != nil {
		return err
	}
	in, err := x.input()
	if err != nil {
		return err
	}
	v, err := s.app.UpdateIncident(r.Context(), identityOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiHypercareSummary(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.HypercareSummary(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

type lessonsJSON struct {
	Text string `json:"text"`
}

func (s *Server) apiSaveLessons(w http.ResponseWriter, r *http.Request) error {
	wave, err := strconv.Atoi(r.PathValue("wave"))
	if err != nil || wave < 0 || wave > 99 {
		return &requestError{status: http.StatusNotFound, msg: fmt.Sprintf("bølge %q findes ikke", r.PathValue("wave")), field: "wave"}
	}
	var in lessonsJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.app.SaveLessons(r.Context(), identityOf(r), r.PathValue("key"), wave, in.Text); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"wave": wave, "text": strings.TrimSpace(in.Text)})
}

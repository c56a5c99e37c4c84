package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/paging"
	"github.com/udrul/udrul/internal/store"
)

// Paging and filters of the JSON API's lists (issue 15): one helper for
// every list, internal/paging. New lists answer {…, "items": [...],
// "page": {total, limit, next_cursor}} with a default page size; lists that
// existed before paging keep their shape and return the whole list unless a
// limit or cursor is given, and gain a "page" member (or, for a bare array,
// the X-Total-Count and Link headers). docs/performance.md ("Scale") and openapi.json describe the parameters.

func (s *Server) listRoutes(rt *router) {
	rt.handle("GET /api/v1/programmes/{key}/tasks", ruleNational, s.api(s.apiTaskInstances))
	rt.handle("GET /api/v1/programmes/{key}/catalogue/tasks/{task}/municipalities", ruleNational, s.api(s.apiTaskAcross))
	rt.handle("GET /api/v1/tasks/{id}/documents", ruleTaskView, s.api(s.apiTaskDocuments))
	rt.handle("GET /programmes/{key}/catalogue/tasks/{task}/kommuner", ruleNational, s.page(s.pageTaskAcross))
}

// All filters on task instances.
var taskFilters = []string{paging.ParamWave, paging.ParamMunicipality, paging.ParamPhase, paging.ParamTheme, paging.ParamTask,
	paging.ParamType, paging.ParamStatus, paging.ParamColour, paging.ParamFrom, paging.ParamTo}

// listQuery parses a list request for spec; the implementation model's
// phases are the allowed phase values.
func (s *Server) listQuery(r *http.Request, spec paging.Spec) (paging.Query, error) {
	if spec.Phases == nil {
		for _, p := range s.app.Model().Phases {
			spec.Phases = append(spec.Phases, p.Key)
		}
	}
	spec.Context = append(spec.Context, "asof")
	return paging.Parse(r.URL.Query(), spec)
}

// pageHeaders says where a page is in its list in headers, for lists whose
// body is a bare array: X-Total-Count, and a Link to the next page.
func pageHeaders(w http.ResponseWriter, r *http.Request, info paging.Info) {
	w.Header().Set("X-Total-Count", strconv.Itoa(info.Total))
	if info.NextCursor != "" {
		u := url.URL{Path: r.URL.Path}
		q := r.URL.Query()
		q.Set(paging.ParamCursor, info.NextCursor)
		q.Set(paging.ParamLimit, strconv.Itoa(info.Limit))
		u.RawQuery = q.Encode()
		w.Header().Set("Link", "<"+u.String()+`>; rel="next"`)
	}
}

// pagingProblem turns a refused parameter into the API's problem.
func pagingProblem(err error) error {
	var pe *paging.Error
	if errors.As(err, &pe) {
		return &requestError{status: pe.Status, msg: pe.Msg, field: pe.Param}
	}
	return err
}

// taskFields are a task's filterable fields in a list.
func taskFields(t app.TaskView, wave int) paging.Fields {
	return paging.Fields{Wave: wave, Municipality: t.Municipality, Phase: t.Phase, Theme: t.Theme, Task: t.Key,
		Type: t.Type, Status: string(t.Status), Colour: t.Colour, Date: t.End}
}

func taskKey(t app.TaskView) string { return store.InstanceKey(t.End, t.ID) }

// apiTaskInstances pages a programme's task instances across municipalities.
func (s *Server) apiTaskInstances(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	q, err := s.listQuery(r, paging.Spec{Name: "tasks", Filters: taskFilters})
	if err != nil {
		return pagingProblem(err)
	}
	v, err := s.app.TaskInstances(r.Context(), identityOf(r), r.PathValue("key"), asof, q)
	if err != nil {
		return pagingProblem(err)
	}
	return writeJSON(w, http.StatusOK, v)
}

// apiTaskAcross is one catalogue task's status in every municipality.
func (s *Server) apiTaskAcross(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	filters := []string{paging.ParamWave, paging.ParamMunicipality, paging.ParamStatus, paging.ParamColour, paging.ParamFrom, paging.ParamTo}
	q, err := s.listQuery(r, paging.Spec{Name: "task-across/" + r.PathValue("task"), Filters: filters})
	if err != nil {
		return pagingProblem(err)
	}
	v, err := s.app.TaskAcrossMunicipalities(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("task"), asof, q)
	if err != nil {
		return pagingProblem(err)
	}
	return writeJSON(w, http.StatusOK, v)
}

// --- lists that existed before paging: same shape, plus "page" ---

type worklistListPage struct {
	*app.Worklist
	Page paging.Info `json:"page"` // of tasks
}

// listWorklist filters and pages the worklist's tasks; the municipalities
// (at most one line each) are not paged.
func (s *Server) listWorklist(r *http.Request, wl *app.Worklist) (any, error) {
	q, err := s.listQuery(r, paging.Spec{Name: "worklist", Filters: taskFilters, Compat: true,
		Context: []string{"team", "owner", "include_snoozed"}})
	if err != nil {
		return nil, pagingProblem(err)
	}
	var info paging.Info
	wl.Tasks, info = paging.Page(wl.Tasks, q, func(t app.WorklistTask) paging.Fields { return taskFields(t.TaskView, t.Wave) },
		func(t app.WorklistTask) string { return taskKey(t.TaskView) })
	return worklistListPage{wl, info}, nil
}

type followupPage struct {
	Asof  model.Date         `json:"asof"`
	Tasks []app.FollowupItem `json:"tasks"`
	Page  paging.Info        `json:"page"`
}

func (s *Server) listFollowup(r *http.Request, asof model.Date, items []app.FollowupItem) (any, error) {
	q, err := s.listQuery(r, paging.Spec{Name: "followup", Filters: taskFilters, Compat: true})
	if err != nil {
		return nil, pagingProblem(err)
	}
	page, info := paging.Page(items, q, func(t app.FollowupItem) paging.Fields { return taskFields(t.TaskView, t.Wave) },
		func(t app.FollowupItem) string { return taskKey(t.TaskView) })
	return followupPage{asof, page, info}, nil
}

type planPage struct {
	*app.PlanView
	Page paging.Info `json:"page"` // of tasks; counts and colour are the whole plan's
}

func (s *Server) listPlan(r *http.Request, p *app.PlanView) (any, error) {
	q, err := s.listQuery(r, paging.Spec{Name: "plan/" + p.Programme + "/" + p.Municipality.Code, Compat: true,
		Filters: []string{paging.ParamPhase, paging.ParamTheme, paging.ParamTask, paging.ParamType, paging.ParamStatus, paging.ParamColour, paging.ParamFrom, paging.ParamTo}})
	if err != nil {
		return nil, pagingProblem(err)
	}
	var info paging.Info
	p.Tasks, info = paging.Page(p.Tasks, q, func(t app.TaskView) paging.Fields {
		if t.Withdrawn && (len(q.Colours) > 0 || len(q.Statuses) > 0) {
			return paging.Fields{} // a withdrawn task has neither colour nor a status that counts
		}
		return taskFields(t, p.Wave)
	}, taskKey)
	return planPage{p, info}, nil
}

type contactPage struct {
	*app.ContactLog
	Page paging.Info `json:"page"` // of contacts, newest first; the timeline is whole
}

func (s *Server) listContacts(r *http.Request, l *app.ContactLog) (any, error) {
	q, err := s.listQuery(r, paging.Spec{Name: "contacts/" + l.Programme + "/" + l.Municipality, Compat: true,
		Filters: []string{paging.ParamFrom, paging.ParamTo}})
	if err != nil {
		return nil, pagingProblem(err)
	}
	var info paging.Info
	l.Contacts, info = paging.Page(l.Contacts, q, func(c model.Contact) paging.Fields { return paging.Fields{Date: c.OccurredOn} },
		func(c model.Contact) string { return paging.Key(paging.Desc(int64(c.OccurredOn)), paging.Desc(c.ID)) })
	return contactPage{l, info}, nil
}

// listIncidents filters and pages a bare array of incidents (newest
// first); where it stands is in the headers.
func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request, xs []app.IncidentView) ([]app.IncidentView, error) {
	q, err := s.listQuery(r, paging.Spec{Name: "incidents/" + r.PathValue("key") + "/" + r.PathValue("code"), Compat: true,
		Filters: []string{paging.ParamStatus, paging.ParamFrom, paging.ParamTo}, Statuses: incidentStatuses()})
	if err != nil {
		return nil, pagingProblem(err)
	}
	page, info := paging.Page(xs, q, func(x app.IncidentView) paging.Fields {
		return paging.Fields{Status: string(x.Status), Date: model.DateOf(x.OpenedAt.In(model.Copenhagen()))}
	}, func(x app.IncidentView) string { return paging.Key(paging.Desc(x.OpenedAt.Unix()), paging.Desc(x.ID)) })
	pageHeaders(w, r, info)
	return page, nil
}

type documentPage struct {
	Items []model.TaskDocument `json:"items"`
	Page  paging.Info          `json:"page"`
}

// apiTaskDocuments pages a task's documents, newest first (the task's
// detail carries them all too; there are at most app.MaxDocumentsPerTask).
func (s *Server) apiTaskDocuments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q, err := s.listQuery(r, paging.Spec{Name: "documents/" + r.PathValue("id"), Filters: []string{paging.ParamFrom, paging.ParamTo}})
	if err != nil {
		return pagingProblem(err)
	}
	x, err := s.app.TaskExtras(r.Context(), identityOf(r), id)
	if err != nil {
		return err
	}
	items, info := paging.Page(x.Documents, q, func(d model.TaskDocument) paging.Fields {
		return paging.Fields{Date: model.DateOf(d.UploadedAt.In(model.Copenhagen()))}
	}, func(d model.TaskDocument) string {
		return paging.Key(paging.Desc(d.UploadedAt.UnixNano()), paging.Desc(d.ID))
	})
	return writeJSON(w, http.StatusOK, documentPage{items, info})
}

// incidentStatuses are the incident statuses a list may be filtered by.
func incidentStatuses() []string {
	var out []string
	for _, v := range model.IncidentStatuses.Values() {
		out = append(out, string(v))
	}
	return out
}

package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// JSON API of implementation plans: schedule, own tasks, local moves,
// baselines and conflicts. Exports and feeds are in plan_export.go.

func (s *Server) apiSchedule(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Schedule(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiAddOwnTask(w http.ResponseWriter, r *http.Request) error {
	var in app.OwnTaskInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := s.app.AddOwnTask(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, ownTaskJSON(o))
}

func (s *Server) apiUpdateOwnTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.OwnTaskInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := s.app.UpdateOwnTask(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ownTaskJSON(o))
}

func (s *Server) apiDeleteOwnTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.URL.Query().Get("version"))
	if err != nil {
		return badRequest("version", "angiv opgavens version som ?version=N")
	}
	if err := s.app.DeleteOwnTask(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiOwnTaskStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var ch app.StatusChange
	if err := decodeJSON(w, r, &ch); err != nil {
		return err
	}
	o, err := s.app.SetOwnTaskStatus(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, ch)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ownTaskJSON(o))
}

// ownTaskView is an own task as the API sends it, with its key (derived
// from its ID).
type ownTaskView struct {
	Key         string             `json:"key"`
	ID          int64              `json:"id"`
	Title       string             `json:"title"`
	Description string             `json:"description"`
	Phase       string             `json:"phase"`
	Type        model.TaskType     `json:"type"`
	Milestone   bool               `json:"milestone"`
	Start       model.Date         `json:"start"`
	End         model.Date         `json:"end"`
	Responsible string             `json:"responsible"`
	Executor    string             `json:"executor"`
	Assignee    string             `json:"assignee"`
	DependsOn   []model.Dependency `json:"depends_on"`
	Status      model.Status       `json:"status"`
	StatusAt    time.Time          `json:"status_at,omitzero"`
	StatusBy    string             `json:"status_by,omitempty"`
	CreatedAt   time.Time          `json:"created_at"`
	CreatedBy   string             `json:"created_by"`
	Version     int                `json:"version"`
}

func ownTaskJSON(o model.OwnTask) ownTaskView {
	if o.DependsOn == nil {
		o.DependsOn = []model.Dependency{} // a list is [], never null
	}
	return ownTaskView{Key: o.Key(), ID: o.ID, Title: o.Title, Description: o.Description, Phase: o.Phase, Type: o.Type,
		Milestone: o.Milestone, Start: o.Start, End: o.End, Responsible: o.Responsible, Executor: o.Executor,
		Assignee: o.Assignee, DependsOn: o.DependsOn, Status: o.Status, StatusAt: o.StatusAt, StatusBy: o.StatusBy,
		CreatedAt: o.CreatedAt, CreatedBy: o.CreatedBy, Version: o.Version}
}

func (s *Server) apiMoveTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.MoveInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	t, err := s.app.MoveTask(r.Context(), identityOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (s *Server) apiBaselines(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.app.Baselines(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, bs)
}

func (s *Server) apiCreateBaseline(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	b, err := s.app.CreateBaseline(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, b)
}

func (s *Server) apiCompareBaseline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	c, err := s.app.CompareBaseline(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiConflicts(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.app.Conflicts(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cs)
}

func (s *Server) apiResolveConflict(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Choice string `json:"choice"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.app.ResolveConflict(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, conflictChoice(in.Choice), 0)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

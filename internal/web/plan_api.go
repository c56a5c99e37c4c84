package web

import (
	"net/http"
	"strconv"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
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

// ownTaskJSON adds the task's key, which is derived from its ID.
func ownTaskJSON(o store.OwnTask) any {
	if o.DependsOn == nil {
		o.DependsOn = []model.Dependency{} // a list is [], never null
	}
	return struct {
		Key string `json:"key"`
		store.OwnTask
	}{o.Key(), o}
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
	c, err := s.app.ResolveConflict(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, model.ConflictState(in.Choice), 0)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

type programmeJSON struct {
	Key     string `json:"key"`
	Name    string `json:"name"`
	Version int    `json:"version"`
}

func (s *Server) apiProgrammes(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.app.Programmes(r.Context())
	if err != nil {
		return err
	}
	out := make([]programmeJSON, len(ps))
	for i, p := range ps {
		out[i] = programmeJSON{Key: p.Key, Name: p.Name, Version: p.CurrentVersion}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiOverview(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	o, err := s.app.Overview(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, o)
}

func (s *Server) apiFollowup(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	items, err := s.app.Followup(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	v, err := s.listFollowup(r, asof, items)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.Plan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	v, err := s.listPlan(r, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	t, history, err := s.app.Task(r.Context(), identityOf(r), id, asof)
	if err != nil {
		return err
	}
	x, err := s.app.TaskExtras(r.Context(), identityOf(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, struct {
		app.TaskView
		History []model.StatusEvent `json:"history"`
		app.TaskExtras
	}{t, append([]model.StatusEvent{}, history...), x}) // [] rather than null for a task without history
}

func (s *Server) apiSetStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var ch app.StatusChange
	if err := decodeJSON(w, r, &ch); err != nil {
		return err
	}
	t, err := s.app.SetStatus(r.Context(), identityOf(r), id, ch)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (s *Server) apiCatalogue(w http.ResponseWriter, r *http.Request) error {
	c, err := s.app.Catalogue(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// apiPublish takes a catalogue file as the request body (YAML). The file's
// programme key must match the URL's; a new key creates the programme.
func (s *Server) apiPublish(w http.ResponseWriter, r *http.Request) error {
	b, err := readBody(w, r, maxCatalogueBody)
	if err != nil {
		return err
	}
	if len(b) == 0 {
		return badRequest("", "send kataloget (YAML) som forespørgslens krop")
	}
	name := r.URL.Query().Get("filename")
	if name == "" {
		name = r.PathValue("key") + ".yaml"
	}
	key := r.PathValue("key")
	if dry, err := dryRun(r); err != nil || dry {
		if err != nil {
			return err
		}
		return s.previewAPI(w, r, path.Base(name), b, key)
	}
	req := app.PublishRequest{SourceName: path.Base(name), Source: b, ExpectKey: key}
	if err := publishParams(r, &req); err != nil {
		return err
	}
	// The publication runs as a job (jobs.go): a quick one answers as
	// before, a long or scheduled one with 202 and the job.
	j, err := s.app.StartPublish(r.Context(), identityOf(r), req)
	if isStale(err) {
		return s.staleAPI(w, r, err, req.SourceName, b, key)
	}
	if err != nil {
		return err
	}
	return s.answerJob(w, r, j, func(raw json.RawMessage) error {
		var res app.PublishResult
		if err := json.Unmarshal(raw, &res); err != nil {
			return err
		}
		status := http.StatusOK
		if res.Created {
			status = http.StatusCreated
		}
		return writeRaw(w, status, raw)
	})
}

// dryRun reads the query parameter dry_run of an import: with true, the
// change summary is worked out and nothing is written.
func dryRun(r *http.Request) (bool, error) {
	switch r.URL.Query().Get("dry_run") {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, badRequest("dry_run", "dry_run skal være true eller false")
}

// previewAPI answers an import's dry run: the publication it would be,
// worked out and rolled back.
func (s *Server) previewAPI(w http.ResponseWriter, r *http.Request, name string, data []byte, key string) error {
	res, err := s.app.PreviewPublish(r.Context(), identityOf(r), name, data, key)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

type enrolmentJSON struct {
	Code   string `json:"code"`
	GoLive string `json:"golive"`
	Wave   int    `json:"wave"`
}

// apiEnrol enrols municipalities (or moves their go-live) in one transaction.
func (s *Server) apiEnrol(w http.ResponseWriter, r *http.Request) error {
	var in []enrolmentJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if len(in) == 0 {
		return badRequest("", "send en liste med mindst én tilmelding")
	}
	es := make([]app.Enrolment, len(in))
	for i, e := range in {
		d, err := model.ParseInputDate(e.GoLive)
		if err != nil {
			f := fmt.Sprintf("[%d].golive", i)
			return badRequest(f, f+": "+err.Error())
		}
		es[i] = app.Enrolment{Code: e.Code, GoLive: d, Wave: e.Wave}
	}
	j, err := s.app.StartEnrol(r.Context(), identityOf(r), r.PathValue("key"), es)
	if err != nil {
		return err
	}
	return s.answerJob(w, r, j, func(res json.RawMessage) error { return writeRaw(w, http.StatusOK, res) })
}

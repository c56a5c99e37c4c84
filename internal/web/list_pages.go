package web

import (
	"net/http"
	"net/url"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/paging"
)

// pageTaskAcross is one catalogue task in every municipality, for the
// centre: the same use case as GET …/catalogue/tasks/{task}/municipalities,
// filtered by wave, colour and status, 100 rows a page (cursor links).
func (s *Server) pageTaskAcross(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	// The form sends empty values for "all"; they are no filter.
	qv := r.URL.Query()
	for k, vs := range qv {
		if len(vs) == 1 && vs[0] == "" {
			delete(qv, k)
		}
	}
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = qv.Encode()
	filters := []string{paging.ParamWave, paging.ParamStatus, paging.ParamColour}
	q, err := s.listQuery(r2, paging.Spec{Name: "task-across/" + r.PathValue("task"), Filters: filters})
	if err != nil {
		return pagingProblem(err)
	}
	v, err := s.app.TaskAcrossMunicipalities(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("task"), asof, q)
	if err != nil {
		return pagingProblem(err)
	}
	ov, err := s.app.Overview(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	var waves []int
	for _, wv := range ov.Waves {
		waves = append(waves, wv.Wave)
	}
	data := map[string]any{
		"Title": v.Task.Title + " i alle kommuner", "V": v, "Waves": waves,
		"Colours":  []model.Colour{model.Red, model.Yellow, model.Green, model.None},
		"Statuses": []model.Status{model.NotStarted, model.Started, model.Completed, model.NotRelevant},
		"Red":      model.Red, "Yellow": model.Yellow, "Green": model.Green,
		"Filter":       map[string]string{"Wave": qv.Get("wave"), "Colour": qv.Get("colour"), "Status": qv.Get("status")},
		"FilterActive": qv.Get("wave") != "" || qv.Get("colour") != "" || qv.Get("status") != "",
	}
	data["More"] = v.Page.NextCursor != "" || q.After != ""
	if v.Page.NextCursor != "" {
		n := url.Values{}
		for k, vs := range qv {
			n[k] = vs
		}
		n.Set(paging.ParamCursor, v.Page.NextCursor)
		data["Next"] = r.URL.Path + "?" + n.Encode()
	}
	if q.After != "" {
		n := url.Values{}
		for k, vs := range qv {
			n[k] = vs
		}
		n.Del(paging.ParamCursor)
		data["First1"] = r.URL.Path + "?" + n.Encode()
	}
	return s.render(w, http.StatusOK, "task_across.html", data)
}

package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// planRow is one line of the municipality page: a municipality task, or a
// catalogue task done at every institution, summarised with a link to the
// institutions' own instances. Grouping keeps the page readable (and small)
// for a municipality with sixty schools.
type planRow struct {
	app.TaskView
	Institutions int          // 0 for a municipality task
	ByStatus     model.Counts // institution rows: how many per colour
	Done         int
}

type planPhase struct {
	Key, Name string
	Rows      []planRow
	Themes    []planTheme // the same rows by theme, in the model's order
}

type planTheme struct {
	Key, Name string
	Rows      []planRow
}

// planFilter narrows the municipality page; empty fields keep everything.
type planFilter struct {
	Type     model.TaskType
	Status   model.Status
	Colour   model.Colour
	Executor string
}

func readPlanFilter(r *http.Request) (planFilter, error) {
	q := r.URL.Query()
	f := planFilter{Type: model.TaskType(q.Get("type")), Status: model.Status(q.Get("status")),
		Colour: model.Colour(q.Get("colour")), Executor: q.Get("executor")}
	if f.Type != "" && !f.Type.Valid() {
		return f, badRequest("type", fmt.Sprintf("type=%q: brug valgfri, obligatorisk eller kritisk", f.Type))
	}
	if f.Status != "" && !f.Status.Valid() {
		return f, badRequest("status", fmt.Sprintf("status=%q er ikke en status", f.Status))
	}
	if f.Colour != "" && !slices.Contains(model.Colours, f.Colour) {
		return f, badRequest("colour", fmt.Sprintf("colour=%q: brug red, yellow, green eller none", f.Colour))
	}
	return f, nil
}

func (f planFilter) keep(t app.TaskView) bool {
	return (f.Type == "" || t.Type == f.Type) && (f.Status == "" || t.Status == f.Status) &&
		(f.Colour == "" || t.Colour == f.Colour) && (f.Executor == "" || t.Executor == f.Executor)
}

// groupPlan puts the filtered tasks under their phases in the model's order
// and folds each catalogue task's institution instances into one row,
// counted from the plan's buckets: the row's dates span the instances the
// filter keeps.
func groupPlan(p *app.GroupedPlan, im *model.ImplementationModel, f planFilter) []planPhase {
	rows := map[string][]planRow{}
	for _, t := range p.Tasks {
		if t.InstitutionID == 0 {
			if f.keep(t) {
				rows[t.Phase] = append(rows[t.Phase], planRow{TaskView: t})
			}
			continue
		}
		r := planRow{TaskView: t}
		r.Withdrawn = true
		for _, b := range p.Buckets[t.Key] {
			bt := t // the task as the bucket's instances are
			bt.Type, bt.Status, bt.Colour, bt.Withdrawn, bt.End = b.Type, b.Status, b.Colour, b.Withdrawn, b.End
			if !f.keep(bt) {
				continue
			}
			if r.Institutions == 0 {
				r.Type, r.Start, r.End = b.Type, b.Start, b.End
			}
			r.Start, r.End = min(r.Start, b.Start), max(r.End, b.End)
			r.Withdrawn = r.Withdrawn && b.Withdrawn
			r.Institutions += b.N
			r.ByStatus.Add(b.Colour, b.N)
			if b.Status == model.Completed {
				r.Done += b.N
			}
		}
		if r.Institutions > 0 {
			r.Colour = r.ByStatus.Colour()
			rows[t.Phase] = append(rows[t.Phase], r)
		}
	}
	var out []planPhase
	for _, ph := range im.Phases {
		if len(rows[ph.Key]) == 0 {
			continue
		}
		p := planPhase{Key: ph.Key, Name: ph.Name, Rows: rows[ph.Key]}
		for _, th := range im.Themes {
			var trs []planRow
			for _, r := range p.Rows {
				if r.Theme == th.Key {
					trs = append(trs, r)
				}
			}
			if len(trs) > 0 {
				p.Themes = append(p.Themes, planTheme{Key: th.Key, Name: th.Name, Rows: trs})
			}
		}
		// Own tasks may have no theme of the model: they are kept together.
		var other []planRow
		for _, r := range p.Rows {
			if _, known := im.Theme(r.Theme); !known {
				other = append(other, r)
			}
		}
		if len(other) > 0 {
			p.Themes = append(p.Themes, planTheme{Name: "Uden tema", Rows: other})
		}
		out = append(out, p)
	}
	return out
}

func executors(p *app.PlanView) []string {
	var out []string
	for _, t := range p.Tasks {
		if !slices.Contains(out, t.Executor) {
			out = append(out, t.Executor)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Server) pagePlan(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlan(w, r, http.StatusOK, nil)
}

// renderPlan shows the plan page with extra data for its sections (a new
// calendar feed's address, a refusal).
func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	f, err := readPlanFilter(r)
	if err != nil {
		return err
	}
	g, err := s.app.GroupedPlan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	p := g.PlanView
	data := map[string]any{"Title": p.Municipality.Name + " – " + p.ProgrammeName, "P": p,
		"Phases": groupPlan(g, s.app.Model(), f), "F": f, "Next": g.Next, "Executors": executors(p)}
	varyOnFragment(w)
	if isFragment(r) && status == http.StatusOK { // htmx filtering: only the phases' tables
		return s.render(w, status, "plan-fragment", data)
	}
	if data["Plans"], err = s.app.MunicipalityPlans(r.Context(), identityOf(r), p.Municipality.Code, asof, p); err != nil {
		return err
	}
	own, err := s.planFeedData(r, p) // plan_forms.go: local navigation and calendar feeds
	if err != nil {
		return err
	}
	for k, v := range own {
		data[k] = v
	}
	for k, v := range extra {
		data[k] = v
	}
	return s.render(w, status, "plan.html", data)
}

// pagePlanTask lists every institution's instance of one catalogue task.
func (s *Server) pagePlanTask(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.PlanTask(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PathValue("task"), asof)
	if err != nil {
		return err
	}
	ts := p.Tasks
	// The catalogue's checklist and links are the same for every instance (task_extras.html).
	x, err := s.app.TaskExtras(r.Context(), identityOf(r), ts[0].ID)
	if err != nil {
		return err
	}
	ids := make([]int64, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	done, err := s.app.ChecklistDone(r.Context(), ids)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "plan_task.html", map[string]any{"Title": ts[0].Title + " – " + p.Municipality.Name, "P": p, "Tasks": ts, "X": x, "XDone": done,
		"Holders": s.taskHolders(r, ts[0].ID)})
}

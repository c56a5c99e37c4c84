package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/gantt"
	"github.com/udrul/udrul/internal/model"
)

// phaseGroup is a plan's tasks in one phase of the implementation model.
type phaseGroup struct {
	Key, Name   string
	Tasks       []app.ScheduleTask
	Done, Total int // completed or not relevant, of all
}

// Open reports whether the phase has unfinished work.
func (g phaseGroup) Open() bool { return g.Done < g.Total }

// phaseGroups groups a plan's tasks by phase in the model's order.
func phaseGroups(im *model.ImplementationModel, v *app.ScheduleView) []phaseGroup {
	byPhase := map[string][]app.ScheduleTask{}
	for _, t := range v.Tasks {
		byPhase[t.Phase] = append(byPhase[t.Phase], t)
	}
	var out []phaseGroup
	add := func(key, name string) {
		g := phaseGroup{Key: key, Name: name, Tasks: byPhase[key], Total: len(byPhase[key])}
		for _, t := range g.Tasks {
			if t.Status == model.Completed || t.Status == model.NotRelevant {
				g.Done++
			}
		}
		out = append(out, g)
		delete(byPhase, key)
	}
	for _, ph := range im.Phases {
		if len(byPhase[ph.Key]) > 0 {
			add(ph.Key, "Fase "+ph.Key+" "+ph.Name)
		}
	}
	var rest []string
	for k := range byPhase { // phases the model does not know (should not happen)
		rest = append(rest, k)
	}
	slices.Sort(rest)
	for _, k := range rest {
		add(k, "Fase "+k)
	}
	return out
}

// ganttChart turns a plan's schedule into a chart: tasks grouped by phase in
// the implementation model's order, the model's phase windows as bands, the
// programme's milestones as lines. With collapse, phases whose tasks are
// all done are one line each.
func (s *Server) ganttChart(v *app.ScheduleView, title string, collapse bool) gantt.Chart {
	im := s.app.Model()
	c := gantt.Chart{Title: title, Today: v.Asof, GoLive: v.GoLive, CollapseDone: collapse}
	for _, g := range phaseGroups(im, v) {
		var rows []gantt.Row
		for _, t := range g.Tasks {
			r := gantt.Row{Key: t.Key, Label: t.Title, Start: t.Start, End: t.End, Status: t.Status, Milestone: t.Milestone,
				Critical: t.Critical, Late: t.Late}
			if t.Own {
				r.Label = "Egen: " + r.Label
			}
			if t.Institutions > 0 {
				r.Note = fmt.Sprintf("%d/%d institutioner færdige", t.Done, t.Institutions)
			}
			rows = append(rows, r)
			for _, d := range t.DependsOn {
				c.Links = append(c.Links, gantt.Link{From: d.Task, To: t.Key, Kind: d.Type})
			}
		}
		c.Groups = append(c.Groups, gantt.Group{Name: g.Name, Rows: rows})
	}
	for _, ph := range im.Phases {
		if ph.FromDays != nil || ph.ToDays != nil {
			b := gantt.Band{Name: ph.Key + " " + ph.Name, Start: v.GoLive - 3650, End: v.GoLive + 3650}
			if ph.FromDays != nil {
				b.Start = v.GoLive.AddDays(*ph.FromDays)
			}
			if ph.ToDays != nil {
				b.End = v.GoLive.AddDays(*ph.ToDays - 1)
			}
			if !hasChildren(im, ph.Key) {
				c.Bands = append(c.Bands, b)
			}
		}
	}
	for _, m := range v.Milestones {
		if m.Key != model.GoLive {
			c.Markers = append(c.Markers, gantt.Marker{Name: m.Name, Date: m.Date})
		}
	}
	return c
}

func hasChildren(im *model.ImplementationModel, key string) bool {
	for _, p := range im.Phases {
		if p.Parent == key {
			return true
		}
	}
	return false
}

// pageGantt shows a plan as a Gantt chart with a table of the same content
// for screen readers and for print. Phases whose tasks are all done are
// folded, in the chart and in the table, unless ?alle=ja.
func (s *Server) pageGantt(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Schedule(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	all := r.URL.Query().Get("alle") == "ja"
	title := v.Municipality.Name + ": implementeringsplan for " + v.ProgrammeName
	svg := gantt.SVG(s.ganttChart(v, title, !all))
	titles := map[string]string{}
	for _, t := range v.Tasks {
		titles[t.Key] = t.Title
	}
	f := valueFormat{titles: titles}
	deps := map[string]string{}
	for _, t := range v.Tasks {
		if len(t.DependsOn) > 0 {
			deps[t.Key] = f.dependencies(t.DependsOn)
		}
	}
	named := func(keys []string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			if out[i] = titles[k]; out[i] == "" {
				out[i] = k
			}
		}
		return out
	}
	return s.render(w, http.StatusOK, "plan_gantt.html", map[string]any{
		"Title": title, "V": v, "SVG": template.HTML(svg), "Deps": deps, "All": all,
		"Phases": phaseGroups(s.app.Model(), v), "Driving": named(v.Driving),
		"UndeclaredCritical": named(v.UndeclaredCritical), "DeclaredWithFloat": named(v.DeclaredWithFloat),
		"Base": "/programmes/" + v.Programme + "/municipalities/" + v.Municipality.Code,
		"API":  "/api/v1/programmes/" + v.Programme + "/municipalities/" + v.Municipality.Code,
	})
}

// ganttSVG serves the chart alone, for download or printing.
func (s *Server) ganttSVG(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Schedule(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	svg := gantt.SVG(s.ganttChart(v, v.Municipality.Name+": implementeringsplan for "+v.ProgrammeName, r.URL.Query().Get("alle") != "ja"))
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	_, err = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + svg))
	return err
}

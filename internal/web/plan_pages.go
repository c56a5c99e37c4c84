package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/gantt"
	"github.com/udrul/udrul/internal/model"
)

// ganttChart turns a plan's schedule into a chart: tasks grouped by phase in
// the implementation model's order, the model's phase windows as bands, the
// programme's milestones as lines.
func (s *Server) ganttChart(v *app.ScheduleView, title string) gantt.Chart {
	im := s.app.Model()
	c := gantt.Chart{Title: title, Today: v.Asof, GoLive: v.GoLive}
	byPhase := map[string][]gantt.Row{}
	for _, t := range v.Tasks {
		r := gantt.Row{Key: t.Key, Label: t.Title, Start: t.Start, End: t.End, Status: t.Status, Milestone: t.Milestone,
			Critical: t.Critical, Late: t.Late}
		if t.Own {
			r.Label = "Egen: " + r.Label
		}
		if t.Institutions > 0 {
			r.Note = fmt.Sprintf("%d/%d institutioner færdige", t.Done, t.Institutions)
		}
		byPhase[t.Phase] = append(byPhase[t.Phase], r)
		for _, d := range t.DependsOn {
			c.Links = append(c.Links, gantt.Link{From: d.Task, To: t.Key, Kind: d.Type})
		}
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
		if rows := byPhase[ph.Key]; len(rows) > 0 {
			c.Groups = append(c.Groups, gantt.Group{Name: "Fase " + ph.Key + " " + ph.Name, Rows: rows})
			delete(byPhase, ph.Key)
		}
	}
	for k, rows := range byPhase { // phases the model does not know (should not happen)
		c.Groups = append(c.Groups, gantt.Group{Name: "Fase " + k, Rows: rows})
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
// for screen readers and for print.
func (s *Server) pageGantt(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Schedule(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	title := v.Municipality.Name + ": implementeringsplan " + v.Programme
	svg := gantt.SVG(s.ganttChart(v, title))
	deps := map[string]string{}
	for _, t := range v.Tasks {
		var parts []string
		for _, d := range t.DependsOn {
			parts = append(parts, catalogue.FormatDependency(d))
		}
		deps[t.Key] = strings.Join(parts, ", ")
	}
	return s.render(w, http.StatusOK, "plan_gantt.html", map[string]any{
		"Title": title, "V": v, "SVG": template.HTML(svg), "Deps": deps,
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
	svg := gantt.SVG(s.ganttChart(v, v.Municipality.Name+": implementeringsplan "+v.Programme))
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	_, err = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + svg))
	return err
}

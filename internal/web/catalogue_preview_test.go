package web

import (
	"testing"

	"github.com/udrul/udrul/internal/model"
)

// TestTimingText: a task's placement in words, at the edges: before, after,
// around and on the milestone, a named milestone, calendar days.
func TestTimingText(t *testing.T) {
	p := &model.Programme{Milestones: []model.Milestone{{Key: "idriftsaettelse", Name: "Idriftsættelse", Offset: -5, Unit: model.WorkingDays}}}
	for _, c := range []struct {
		timing model.Timing
		want   string
	}{
		{model.Timing{Milestone: model.GoLive, Start: -30, End: -20, Unit: model.WorkingDays}, "30 til 20 arbejdsdage før go-live"},
		{model.Timing{Start: -30, End: -20}, "30 til 20 arbejdsdage før go-live"},
		{model.Timing{Milestone: model.GoLive, Start: 0, End: 10, Unit: model.WorkingDays}, "0 til 10 arbejdsdage efter go-live"},
		{model.Timing{Milestone: model.GoLive, Start: 0, End: 0, Unit: model.WorkingDays}, "på dagen for go-live"},
		{model.Timing{Milestone: model.GoLive, Start: -5, End: 0, Unit: model.WorkingDays}, "fra 5 arbejdsdage før til dagen for go-live"},
		{model.Timing{Milestone: "idriftsaettelse", Start: -2, End: 3, Unit: model.CalendarDays}, "fra 2 kalenderdage før til 3 kalenderdage efter Idriftsættelse"},
	} {
		if got := timingText(c.timing, p); got != c.want {
			t.Errorf("timingText(%+v) = %q, want %q", c.timing, got, c.want)
		}
	}
}

// TestShorten cuts long text at a word and leaves short text alone.
func TestShorten(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"kort tekst", 20, "kort tekst"},
		{"en  tekst\nover  linjer", 40, "en tekst over linjer"},
		{"et ord mere end der er plads til", 14, "et ord mere …"},
		{"langtordudenmellemrum", 5, "langt…"},
	} {
		if got := shorten(c.in, c.n); got != c.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

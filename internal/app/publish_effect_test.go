package app_test

import (
	"context"
	"os"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestPreviewEffect: a preview says, per changed task, the task before and
// after, and per municipality how many dates move, what is added and
// withdrawn, and its colour today before and after – the same colour the
// overview shows once the version is published.
func TestPreviewEffect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		// Enrolled months ago: a task published now whose deadline passed
		// since then turns the plan red (one ending before the enrolment
		// would be "før tilmelding" instead, docs/before-enrolment.md).
		if _, err := a.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1, EnrolledOn: date("2026-06-01")},
			{Code: "147", GoLive: date("2027-09-01"), Wave: 2, EnrolledOn: date("2026-06-01")}}); err != nil {
			t.Fatal(err)
		}
		before, err := a.Overview(ctx, nil, "mini", a.Today())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile("testdata/mini-v2.yaml")
		pre, err := a.PreviewPublish(ctx, app.System("k"), "mini-v2.yaml", b, "mini")
		if err != nil {
			t.Fatal(err)
		}
		e := pre.Effect
		if e == nil {
			t.Fatal("a preview without its effect")
		}
		if len(e.Tasks) != len(pre.Changes) {
			t.Fatalf("%d before/after pairs for %d changes", len(e.Tasks), len(pre.Changes))
		}
		for i, c := range pre.Changes {
			ba := e.Tasks[i]
			switch c.Kind {
			case catalogue.Added:
				if ba.Old != nil || ba.New == nil || ba.New.Key != c.Key {
					t.Errorf("added %s: %+v", c.Key, ba)
				}
			case catalogue.Withdrawn:
				if ba.New != nil || ba.Old == nil || ba.Old.Key != c.Key {
					t.Errorf("withdrawn %s: %+v", c.Key, ba)
				}
			default:
				if ba.Old == nil || ba.New == nil {
					t.Fatalf("changed %s: %+v", c.Key, ba)
				}
			}
			if c.Key == "m-krit" && (ba.Old.Timing.End != -20 || ba.New.Timing.End != -18) {
				t.Errorf("m-krit end %d → %d, want -20 → -18", ba.Old.Timing.End, ba.New.Timing.End)
			}
		}
		res := publish(t, a, "testdata/mini-v2.yaml")
		if res.Effect != nil {
			t.Error("a publication carries a preview's effect")
		}
		after, err := a.Overview(ctx, nil, "mini", a.Today())
		if err != nil {
			t.Fatal(err)
		}
		colour := func(o *app.Overview, code string) (model.Colour, model.Counts) {
			for _, m := range o.Municipalities {
				if m.Code == code {
					return m.Colour, m.Counts
				}
			}
			t.Fatalf("%s not in the overview", code)
			return "", model.Counts{}
		}
		got := map[string]app.MunicipalityEffect{}
		for _, m := range e.Municipalities {
			got[m.Code] = m
		}
		for _, code := range []string{"101", "147"} {
			m, ok := got[code]
			if !ok {
				t.Fatalf("no effect for %s: %+v", code, e.Municipalities)
			}
			bc, bn := colour(before, code)
			ac, an := colour(after, code)
			if m.Before != bc || m.BeforeCounts != bn || m.After != ac || m.AfterCounts != an {
				t.Errorf("%s: preview %s %+v → %s %+v, overview %s %+v → %s %+v", code, m.Before, m.BeforeCounts, m.After, m.AfterCounts, bc, bn, ac, an)
			}
			// m-krit (and m-ny) moved or added, m-valg withdrawn.
			if m.Moved < 1 || m.Added < 1 || m.Withdrawn < 1 {
				t.Errorf("%s: moved %d, added %d, withdrawn %d", code, m.Moved, m.Added, m.Withdrawn)
			}
		}
		// København goes live 1 March: the new task's deadline (50 working
		// days before) has passed, so the plan turns red; Frederiksberg's
		// go-live is far off and it does not.
		if k := got["101"]; !k.TurnsRed() {
			t.Errorf("København: %s → %s, want it to turn red", k.Before, k.After)
		}
		if f := got["147"]; f.TurnsRed() || f.TurnsYellow() {
			t.Errorf("Frederiksberg: %s → %s, want no warning", f.Before, f.After)
		}
		if s := e.Summary(); s.DatesMove != 2 || s.TurnRed != 1 {
			t.Errorf("summary %+v, want dates moving in 2 municipalities and 1 turning red", s)
		}
	})
}

// TestEffectColourChanges tables the colour transitions the preview names.
func TestEffectColourChanges(t *testing.T) {
	for _, c := range []struct {
		before, after         model.Colour
		red, yellow, improves bool
	}{
		{model.Green, model.Red, true, false, false},
		{model.Yellow, model.Red, true, false, false},
		{model.Red, model.Red, false, false, false},
		{model.None, model.Yellow, false, true, false},
		{model.Green, model.Yellow, false, true, false},
		{model.Red, model.Yellow, false, false, true},
		{model.Yellow, model.Yellow, false, false, false},
		{model.Yellow, model.Green, false, false, true},
		{model.Red, model.None, false, false, true},
		{model.Green, model.None, false, false, false},
	} {
		m := app.MunicipalityEffect{Before: c.before, After: c.after}
		if m.TurnsRed() != c.red || m.TurnsYellow() != c.yellow || m.Improves() != c.improves {
			t.Errorf("%s → %s: red %v yellow %v improves %v, want %v %v %v", c.before, c.after, m.TurnsRed(), m.TurnsYellow(), m.Improves(), c.red, c.yellow, c.improves)
		}
	}
}

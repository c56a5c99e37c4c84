package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// The demo runs both of Aula's tracks (seed 001 §8): the schools in waves
// 1–5 (steps A and B) with all 98 municipalities, day care in waves 6–10
// (steps C and D) with the 92 that joined it, after the schools' national
// launch and clear of the winter; in both some institutions pilot before
// their municipality and others go live later in its wave, and their tasks
// count back from their own dates.
func TestAulaBothTracks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	a, today := loadedDemo(t, "2026-11-24")
	ctx := context.Background()
	for _, c := range []struct {
		key        string
		munis      int
		firstWave  int
		lastWave   int
		steps      string
		category   string
		institutes int // at least this many institutions in the track
	}{
		{"samarbejdsplatformen", 98, 1, 7, "Trin A: kommunerne (skoler); Trin B: kommunens skoler", model.CategorySchool, 1000},
		{"samarbejdsplatformen-dagtilbud", 92, 4, 10, "Trin C: kommunerne (dagtilbud); Trin D: kommunens dagtilbud", model.CategoryDayCare, 1500},
	} {
		t.Run(c.key, func(t *testing.T) {
			ov, err := a.Overview(ctx, nil, c.key, today)
			if err != nil {
				t.Fatal(err)
			}
			if len(ov.Municipalities) != c.munis || ov.Steps != c.steps || ov.Pilots == 0 {
				t.Fatalf("%d municipalities, steps %q, %d pilots", len(ov.Municipalities), ov.Steps, ov.Pilots)
			}
			// Day care's next round (nextRound) is in no wave.
			w := slices.DeleteFunc(slices.Clone(ov.Waves), func(w app.WaveOverview) bool { return w.Wave == 0 })
			if w[0].Wave != c.firstWave || w[len(w)-1].Wave != c.lastWave {
				t.Errorf("waves %d–%d, want %d–%d", w[0].Wave, w[len(w)-1].Wave, c.firstWave, c.lastWave)
			}
			if n := len(ov.Waves) - len(w); n != map[string]int{"samarbejdsplatformen": 0, "samarbejdsplatformen-dagtilbud": 1}[c.key] {
				t.Errorf("%d groups without a wave", n)
			}
			pilots, later, institutions := 0, 0, 0
			for _, m := range ov.Municipalities {
				if c.category == model.CategoryDayCare {
					wk := m.GoLive.Time()
					if _, week := wk.ISOWeek(); week >= 52 || week <= 7 || m.GoLive <= today.AddDays(250) {
						t.Errorf("%s goes live %s (week %d): want after the schools' launch and clear of weeks 52–7", m.Name, m.GoLive, week)
					}
				}
				if m.Pilots == 0 && m.Code != ov.Municipalities[0].Code {
					continue
				}
				v, err := a.Institutions(ctx, nil, c.key, m.Code, today)
				if err != nil {
					t.Fatal(err)
				}
				institutions += len(v.Institutions)
				for _, in := range v.Institutions {
					if in.Category != c.category {
						t.Errorf("%s in the %s track", in.Name, in.Category)
					}
					switch {
					case in.Pilot:
						pilots++
						if in.GoLive >= m.GoLive || in.Problem != "" || !a.Calendar().IsWorkingDay(in.GoLive) {
							t.Errorf("pilot %s on %s, municipality %s: %s", in.Name, in.GoLive, m.GoLive, in.Problem)
						}
					case in.Own:
						later++
					}
				}
			}
			if pilots != ov.Pilots || later == 0 {
				t.Errorf("%d pilots on the institutions' pages, %d in the overview; %d later in the wave", pilots, ov.Pilots, later)
			}
			total, checked := 0, false
			for _, m := range ov.Municipalities {
				v, err := a.Institutions(ctx, nil, c.key, m.Code, today)
				if err != nil {
					t.Fatal(err)
				}
				total += len(v.Institutions)
				if m.Pilots == 0 || checked {
					continue
				}
				// A pilot's tasks end before the same tasks of an institution
				// on its municipality's date (or, placed from a national
				// date, the same day).
				checked = true
				var pilot, plain string
				for _, in := range v.Institutions {
					if in.Pilot && pilot == "" {
						pilot = in.Name
					} else if !in.Own && plain == "" {
						plain = in.Name
					}
				}
				p, err := a.Plan(ctx, nil, c.key, m.Code, today)
				if err != nil {
					t.Fatal(err)
				}
				if p.Pilots != m.Pilots || p.Steps != c.steps {
					t.Errorf("%s's plan: %d pilots, steps %q", m.Name, p.Pilots, p.Steps)
				}
				ends := map[string]map[string]model.Date{}
				for _, x := range p.Tasks {
					if ends[x.Key] == nil {
						ends[x.Key] = map[string]model.Date{}
					}
					ends[x.Key][x.InstitutionName] = x.End
				}
				earlier := 0
				for key, e := range ends {
					if pe, ok := e[pilot]; ok {
						if pe < e[plain] {
							earlier++
						} else if pe > e[plain] {
							t.Errorf("%s: %s's %s ends %s, after %s's %s", m.Name, pilot, key, pe, plain, e[plain])
						}
					}
				}
				if earlier == 0 {
					t.Errorf("%s: no task of the pilot %s ends earlier than %s's", m.Name, pilot, plain)
				}
			}
			if total < c.institutes || institutions == 0 {
				t.Errorf("%d institutions in the track, want %d or more", total, c.institutes)
			}
		})
	}
	// Day care follows the schools: its pilots go live after the national launch.
	ov, err := a.Overview(ctx, nil, "samarbejdsplatformen-dagtilbud", today)
	if err != nil {
		t.Fatal(err)
	}
	next := 0
	for _, w := range ov.Waves {
		switch w.Wave {
		case 4:
			if w.FirstGoLive.Time().Month() != time.September {
				t.Errorf("the day-care pilots go live %s, want September after the schools' launch", w.FirstGoLive)
			}
		case 0:
			next = w.Municipalities
			if w.FirstGoLive <= today.AddDays(365) {
				t.Errorf("the next round goes live from %s, want more than a year ahead", w.FirstGoLive)
			}
		}
	}
	if next != 2 {
		t.Errorf("%d day-care municipalities in the next round, want 2", next)
	}
}

package demo

import (
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// TestKSDTimeline: whatever day of the year the demo is built, KSD's eight
// waves follow seed 003 §5.5 – in order, on working days, none in the
// summer holiday or from week 52 to week 7, over about nine months (at
// most 290 days from the first go-live to the last) – lie far enough apart
// for the two hypercare teams to take turns (no three six-week hypercare
// windows overlap), the pilots more than six months past go-live and at
// least one wave ahead.
func TestKSDTimeline(t *testing.T) {
	cal := calendar.Danish()
	rule := waves.GoLiveRule{}
	start := model.NewDate(2026, 1, 1)
	minSpan, maxSpan, minGap := 1000, 0, 1000
	for day := range 2 * 366 {
		today := start.AddDays(day)
		plan := ksdGoLives(cal, rule, today)
		if len(plan) != 8 {
			t.Fatalf("%s: %d waves", today, len(plan))
		}
		g := map[int]model.Date{}
		for _, w := range plan {
			g[w.wave] = today.AddDays(w.offset)
		}
		for w := 1; w <= 8; w++ {
			if !cal.IsWorkingDay(g[w]) {
				t.Errorf("%s: wave %d on %s, not a working day", today, w, g[w])
			}
			if p, blocked := rule.Blocked(g[w]); blocked {
				t.Errorf("%s: wave %d on %s, in %s", today, w, g[w], p.Name)
			}
			if w > 1 {
				gap := int(g[w] - g[w-1])
				minGap = min(minGap, gap)
				if gap < 22 {
					t.Errorf("%s: wave %d on %s, %d days after wave %d", today, w, g[w], gap, w-1)
				}
			}
		}
		span := int(g[8] - g[1])
		minSpan, maxSpan = min(minSpan, span), max(maxSpan, span)
		if span > 290 || span < 240 {
			t.Errorf("%s: the rollout runs %d days (%s to %s), not about nine months", today, span, g[1], g[8])
		}
		if g[1] > today.AddMonths(-6) {
			t.Errorf("%s: the pilots went live %s, less than six months before", today, g[1])
		}
		if g[8] <= today {
			t.Errorf("%s: no wave ahead: %v", today, g)
		}
	}
	t.Logf("the rollout runs %d to %d days, waves at least %d days apart", minSpan, maxSpan, minGap)
}

// TestDemoPhasesEveryDay: whatever day of the year the demo is built, its
// programmes together have plans in every phase of the implementation
// model – KSD from 2.2 to 4 (a nine-month rollout, TestKSDTimeline), Aula
// and its day-care track the rest: 2.3 from the schools' catch-up wave, 2.1
// and, from the next round (nextRound), phases 1 and 0. It reads the
// phases' bounds from the implementation model and the go-lives from the
// functions Load enrols with; TestDemoCoversEveryPhaseAndColour checks the
// enrolled demo on a few days.
func TestDemoPhasesEveryDay(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Danish()
	start := model.NewDate(2026, 1, 1)
	for day := range 366 {
		today := start.AddDays(day)
		var golives []model.Date
		for _, w := range ksdGoLives(cal, waves.GoLiveRule{}, today) {
			golives = append(golives, today.AddDays(w.offset))
		}
		for _, w := range spWaves(today) {
			golives = append(golives, clearOf(cal, waves.GoLiveRule{OwnPeriods: true}, today.AddDays(w.offset)))
		}
		var ens []app.Enrolment
		for _, w := range dtWaves(today) {
			for range max(w.count, 1) {
				ens = append(ens, app.Enrolment{Wave: w.wave, GoLive: clearOf(cal, waves.GoLiveRule{}, today.AddDays(w.offset))})
			}
		}
		for _, e := range nextRound(cal, ens, today, waves.GoLiveRule{}) {
			golives = append(golives, e.GoLive)
		}
		phases := map[string]bool{}
		for _, g := range golives {
			if p, ok := im.PhaseAt(g, today); ok {
				phases[p.Key] = true
			}
		}
		for _, p := range im.Phases {
			if p.Key != "2" && !phases[p.Key] {
				t.Errorf("%s: no plan in phase %s %s", today, p.Key, p.Name)
			}
		}
	}
}

// TestKSDEnrolmentsAllYear: the enrolments Load makes for KSD, built on
// the first of every month of a year, keep seed 003 §5.5 – the seven pilots
// and only they in waves 1–2, 16–19 municipalities in each of waves 3–7, a
// few in the catch-up wave 8, no go-live in a blackout, at most 290 days
// from the first go-live to the last – and København, the largest
// municipality not among the pilots, goes live ahead of the demo's day.
func TestKSDEnrolmentsAllYear(t *testing.T) {
	munis, err := data.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Danish()
	rule := waves.GoLiveRule{}
	pilots := map[string]bool{}
	for _, p := range Pilots {
		pilots[p] = true
	}
	name := map[string]string{}
	for _, m := range munis {
		name[m.Code] = m.Name
	}
	for month := range 12 {
		today := model.NewDate(2027, time.Month(month+1), 1)
		ens := enrolments(cal, munis, ksdGoLives(cal, rule, today), today, rule, true)
		perWave := map[int]int{}
		first, last := ens[0].GoLive, ens[0].GoLive
		for _, e := range ens {
			perWave[e.Wave]++
			first, last = min(first, e.GoLive), max(last, e.GoLive)
			if (e.Wave <= 2) != pilots[name[e.Code]] {
				t.Errorf("%s: %s is in wave %d", today, name[e.Code], e.Wave)
			}
			if p, blocked := rule.Blocked(e.GoLive); blocked {
				t.Errorf("%s: %s goes live %s, in %s", today, name[e.Code], e.GoLive, p.Name)
			}
			if name[e.Code] == "København" && e.GoLive <= today {
				t.Errorf("%s: København goes live %s, not ahead", today, e.GoLive)
			}
		}
		if len(ens) != 98 || len(perWave) != 8 || perWave[1]+perWave[2] != 7 || perWave[8] == 0 || perWave[8] > 5 {
			t.Errorf("%s: municipalities per wave: %v", today, perWave)
		}
		for w := 3; w <= 7; w++ {
			if n := perWave[w]; n < 16 || n > 19 {
				t.Errorf("%s: wave %d has %d municipalities, want about a fifth of 88", today, w, n)
			}
		}
		if span := int(last - first); span < 240 || span > 290 {
			t.Errorf("%s: the rollout runs %d days, %s to %s, not about nine months", today, span, first, last)
		}
	}
}

package demo

import (
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// TestKSDTimeline: whatever day the demo is built, KSD's eight waves follow
// seed 003 §5.5 – in order, on working days, none in the summer holiday or
// from week 52 to week 7 – at least ksdMinGap days apart (no three
// hypercare windows overlap), with plans past go-live (phases 3–4) and a
// catch-up wave in phase 2.1. The span is nine and a half months when no
// blackout is in the way; the blackouts stretch it to at most a year.
func TestKSDTimeline(t *testing.T) {
	cal := calendar.Danish()
	rule := waves.GoLiveRule{}
	start := model.NewDate(2026, 1, 1)
	minSpan, maxSpan, long := 1000, 0, 0
	for day := range 2 * 366 {
		today := start.AddDays(day)
		g := ksdGoLives(cal, rule, today)
		if len(g) != 8 {
			t.Fatalf("%s: %d waves", today, len(g))
		}
		for w := 1; w <= 8; w++ {
			if !cal.IsWorkingDay(g[w]) {
				t.Errorf("%s: wave %d on %s, not a working day", today, w, g[w])
			}
			if p, blocked := rule.Blocked(g[w]); blocked {
				t.Errorf("%s: wave %d on %s, in %s", today, w, g[w], p.Name)
			}
			if w > 1 && g[w] < g[w-1].AddDays(ksdMinGap) {
				t.Errorf("%s: wave %d on %s, less than %d days after wave %d on %s", today, w, g[w], ksdMinGap, w-1, g[w-1])
			}
		}
		span := int(g[8] - g[1])
		minSpan, maxSpan = min(minSpan, span), max(maxSpan, span)
		if span > 310 {
			long++
		}
		if span > 366 {
			t.Errorf("%s: the rollout runs %d days (%s to %s)", today, span, g[1], g[8])
		}
		if g[1] >= today.AddDays(-91) || g[8] <= today.AddDays(91) {
			t.Errorf("%s: no plan past phase 3 or none in 2.1: %v", today, g)
		}
	}
	t.Logf("the rollout runs %d to %d days, more than 310 on %d of %d days", minSpan, maxSpan, long, 2*366)
	// The days the demo's tests build it on: the pilots six months past
	// go-live (the six-month readiness round and benefit measurements), and
	// with the Aula catch-up wave (phase 2.3) every phase from 2.1 on.
	for _, day := range []model.Date{model.NewDate(2026, 11, 24), model.NewDate(2026, 12, 7), model.NewDate(2027, 4, 1), model.NewDate(2027, 7, 15)} {
		g := ksdGoLives(cal, rule, day)
		if g[1] > day.AddMonths(-6) {
			t.Errorf("%s: the first pilots went live %s, less than six months before", day, g[1])
		}
		phases := map[string]bool{}
		for _, d := range g {
			switch off := int(d - day); {
			case off < -91:
				phases["4"] = true
			case off < 0:
				phases["3"] = true
			case off <= 14:
				phases["2.3"] = true
			case off <= 91:
				phases["2.2"] = true
			default:
				phases["2.1"] = true
			}
		}
		for _, p := range []string{"4", "3", "2.2", "2.1"} {
			if !phases[p] {
				t.Errorf("%s: no KSD plan in phase %s (%v)", day, p, g)
			}
		}
	}
}

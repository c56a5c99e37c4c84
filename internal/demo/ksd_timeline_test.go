package demo

import (
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// TestKSDTimeline: whatever day the demo is built, KSD's eight waves follow
// seed 003 §5.5 – in order, on working days, none in the summer holiday or
// from week 52 to week 7, over about nine months (eight to ten) – and
// place plans in phases 4, 3, 2.2 and 2.1 (2.3 comes from the Aula
// catch-up wave a week ahead, which has no blackouts).
func TestKSDTimeline(t *testing.T) {
	cal := calendar.Danish()
	rule := waves.GoLiveRule{}
	start := model.NewDate(2026, 1, 1)
	minSpan, maxSpan := 1000, 0
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
		if span < 240 || span > 310 { // eight to ten months
			t.Errorf("%s: the rollout runs %d days (%s to %s), not about nine months", today, span, g[1], g[8])
		}
		phases := map[string]bool{}
		for _, d := range g {
			switch off := int(d - today); {
			case off < -91:
				phases["4"] = true
			case off < 0:
				phases["3"] = true
			case off <= 14:
				phases["2.3"] = true
			case off <= 91:
				phases["2.2"] = true
			case off <= 365:
				phases["2.1"] = true
			}
		}
		for _, p := range []string{"4", "3", "2.2", "2.1"} {
			if !phases[p] {
				t.Errorf("%s: no KSD plan in phase %s (%v)", today, p, g)
			}
		}
	}
	t.Logf("the rollout runs %d to %d days", minSpan, maxSpan)
}

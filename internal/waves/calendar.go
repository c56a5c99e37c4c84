package waves

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// ISOWeekMonday returns the Monday of ISO week `week` of ISO year `year`.
// 4 January always lies in week 1, which is what anchors the count.
func ISOWeekMonday(year, week int) model.Date {
	jan4 := model.NewDate(year, time.January, 4)
	sinceMonday := (int(jan4.Weekday()) + 6) % 7
	return jan4.AddDays(-sinceMonday + 7*(week-1))
}

// StandardBlackouts returns the periods in which KSD-style rollouts do not go
// live (seed 003 §5.5) for the years from..to: the summer holiday, ISO weeks
// 27–32, and the winter stop from ISO week 52 to ISO week 7 of the next year.
// The winter stop that ends in `from` is included so that January and
// February of the first year are covered too.
func StandardBlackouts(from, to int) []Period {
	var ps []Period
	for y := from - 1; y <= to; y++ {
		if y >= from {
			ps = append(ps, Period{
				From: ISOWeekMonday(y, 27),
				To:   ISOWeekMonday(y, 32).AddDays(6),
				Name: fmt.Sprintf("Sommerferie %d", y),
			})
		}
		ps = append(ps, Period{
			From: ISOWeekMonday(y, 52),
			To:   ISOWeekMonday(y+1, 7).AddDays(6),
			Name: fmt.Sprintf("Jul og vinter %d/%d", y, y+1),
		})
	}
	return ps
}

// interval is a closed range of dates.
type interval struct{ from, to model.Date }

// cliques returns, for a set of intervals, every maximal set of indices whose
// intervals share a common day. In an interval graph each maximal clique is
// the set of intervals alive at some interval's start, so checking those
// starts is exact.
func cliques(ivs []interval) [][]int {
	var out [][]int
	for _, a := range ivs {
		var c []int
		for j, b := range ivs {
			if b.from <= a.from && a.from <= b.to {
				c = append(c, j)
			}
		}
		out = appendMaximal(out, c)
	}
	return out
}

// appendMaximal adds c unless a superset is present, dropping subsets of c.
func appendMaximal(sets [][]int, c []int) [][]int {
	for _, s := range sets {
		if subset(c, s) {
			return sets
		}
	}
	var kept [][]int
	for _, s := range sets {
		if !subset(s, c) {
			kept = append(kept, s)
		}
	}
	return append(kept, c)
}

// subset reports whether every element of a is in b (both ascending).
func subset(a, b []int) bool {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
	}
	return true
}

// maxDisjoint is the largest number of pairwise disjoint intervals (greedy by
// earliest end, which is optimal).
func maxDisjoint(ivs []interval) int {
	sorted := slices.Clone(ivs)
	slices.SortFunc(sorted, func(a, b interval) int { return cmp.Compare(a.to, b.to) })
	n, last := 0, model.Date(-1<<31)
	for _, iv := range sorted {
		if iv.from > last {
			n, last = n+1, iv.to
		}
	}
	return n
}

// GoLiveRule is when a programme may go live: never inside one of Periods,
// and, unless OwnPeriods is set, never inside the standard blackouts of
// StandardBlackouts either. The zero value is KSD's rule (seed 003 §5.5: no
// go-live in the summer holiday nor from week 52 to week 7), the default
// for a programme that says nothing else. Wave planning and enrolment both
// check a go-live with Blocked, so the rule lives in one place.
type GoLiveRule struct {
	Periods    []Period
	OwnPeriods bool // only Periods apply: the programme has said when it may go live
}

// Blocked returns the period a go-live on d falls in, if any.
func (r GoLiveRule) Blocked(d model.Date) (Period, bool) {
	for _, p := range r.Periods {
		if p.Contains(d) {
			return p, true
		}
	}
	if !r.OwnPeriods {
		for _, p := range StandardBlackouts(d.Year(), d.Year()+1) {
			if p.Contains(d) {
				return p, true
			}
		}
	}
	return Period{}, false
}

// Explain words a refused go-live for users, in Danish.
func (p Period) Explain(d model.Date) string {
	return fmt.Sprintf("go-live den %s ligger i perioden %s, hvor der ikke går kommuner i drift", d.Danish(), p)
}

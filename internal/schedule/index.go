package schedule

import (
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

// The passes compute on "points" instead of dates. A point is a boundary
// between working days: point(d) is the number of working days from a fixed
// origin up to, not including, date d. A task from start s to end e (both
// inclusive) occupies points point(s) to point(e+1); its duration in working
// days is the difference. Lags and durations then become integer additions,
// and weekends and holidays are already folded into the numbering.
//
// A start point p is the start of the p-th working day; a finish point p is
// the end of the working day before it. A date falling on a day off thus
// starts on the next working day and finishes on the previous one.

// dayIndex maps dates to points and points back to working days for a range
// of dates, so that both lookups are array accesses. Outside the range it
// falls back to the calendar, which is correct but walks day by day; callers
// widen the index once (covering) rather than lean on that.
type dayIndex struct {
	cal  *calendar.Calendar
	lo   model.Date   // first date in the table
	pts  []int32      // pts[i] is point(lo+i)
	days []model.Date // days[k] is the working day starting at point pts[0]+k
}

// margin is how far, in calendar days, the table reaches beyond the dates it
// was built for: seven days always hold a Danish working day, so days is
// never empty, and a month absorbs most as-of dates and late dates without
// widening.
const margin = 31

// newDayIndex builds a table for [lo, hi] (with margin) with origin lo.
func newDayIndex(cal *calendar.Calendar, lo, hi model.Date) *dayIndex {
	return buildIndex(cal, lo-margin, hi+margin, -countWorking(cal, lo-margin, lo))
}

// buildIndex tabulates [lo, hi]; first is the point of lo.
func buildIndex(cal *calendar.Calendar, lo, hi model.Date, first int32) *dayIndex {
	ix := &dayIndex{cal: cal, lo: lo, pts: make([]int32, hi-lo+1)}
	p := first
	for d := lo; d <= hi; d++ {
		ix.pts[d-lo] = p
		if cal.IsWorkingDay(d) {
			ix.days = append(ix.days, d)
			p++
		}
	}
	return ix
}

// countWorking counts working days in [a, b).
func countWorking(cal *calendar.Calendar, a, b model.Date) int32 {
	var n int32
	for d := a; d < b; d++ {
		if cal.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

func (ix *dayIndex) hi() model.Date { return ix.lo + model.Date(len(ix.pts)) - 1 }

// point returns point(d).
func (ix *dayIndex) point(d model.Date) int32 {
	if d >= ix.lo && d <= ix.hi() {
		return ix.pts[d-ix.lo]
	}
	if d < ix.lo {
		return ix.pts[0] - countWorking(ix.cal, d, ix.lo)
	}
	return ix.pts[len(ix.pts)-1] + countWorking(ix.cal, ix.hi(), d)
}

// day returns the working day that starts at point p.
func (ix *dayIndex) day(p int32) model.Date {
	k := int(p - ix.pts[0])
	switch {
	case k < 0:
		return ix.cal.AddWorkingDays(ix.days[0], k)
	case k >= len(ix.days):
		last := len(ix.days) - 1
		return ix.cal.AddWorkingDays(ix.days[last], k-last)
	}
	return ix.days[k]
}

// startDate is the date a task of duration dur starting at point p starts
// on. A zero-duration task has no day of its own; it is shown on the working
// day it follows, like its finish.
func (ix *dayIndex) startDate(p, dur int32) model.Date {
	if dur == 0 {
		return ix.day(p - 1)
	}
	return ix.day(p)
}

// finishDate is the last working day before finish point p.
func (ix *dayIndex) finishDate(p int32) model.Date { return ix.day(p - 1) }

// covering returns an index whose table holds every working day from point
// lo to point hi, widening a copy when needed so that converting a whole
// result stays array lookups. Points keep their numbering.
func (ix *dayIndex) covering(lo, hi int32) *dayIndex {
	first := ix.pts[0]
	if lo >= first && int(hi-first) < len(ix.days) {
		return ix
	}
	from, to := ix.lo, ix.hi()
	if lo < first {
		from = min(from, ix.day(lo))
	}
	if int(hi-first) >= len(ix.days) {
		to = max(to, ix.day(hi))
	}
	return buildIndex(ix.cal, from, to+margin, ix.point(from))
}

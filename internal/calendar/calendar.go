// Package calendar knows Danish working days and turns milestone offsets into dates.
package calendar

import (
	"fmt"
	"time"

	"github.com/rickar/cal/v2/dk"

	"github.com/udrul/udrul/internal/model"
)

// Supported years. Plans outside this range are refused rather than computed
// against a calendar we did not build.
const (
	FirstYear = 2000
	LastYear  = 2099
)

var (
	first = model.NewDate(FirstYear, time.January, 1)
	last  = model.NewDate(LastYear, time.December, 31)
)

// Calendar answers working-day questions for Denmark. Holidays are
// precomputed into a table so that generating a million task dates does not
// evaluate Easter a million times.
type Calendar struct {
	holiday []bool // indexed by date - first
	names   map[model.Date]string
}

// Danish returns the calendar of Danish public holidays, including
// grundlovsdag (a day off in the public sector) and store bededag only up to
// and including 2023, when it was abolished.
func Danish() *Calendar {
	c := &Calendar{holiday: make([]bool, last-first+1), names: map[model.Date]string{}}
	for y := FirstYear; y <= LastYear; y++ {
		for _, h := range dk.Holidays {
			obs, _ := h.Calc(y) // Danish holidays are not moved when they fall on a weekend
			if obs.IsZero() {
				continue
			}
			d := model.DateOf(obs)
			c.holiday[d-first] = true
			c.names[d] = h.Name
		}
	}
	return c
}

// InRange reports whether d lies within the calendar's years.
func InRange(d model.Date) bool { return d >= first && d <= last }

// RangeError says a computed date fell outside the supported years.
type RangeError struct{ Date model.Date }

func (e *RangeError) Error() string {
	return fmt.Sprintf("datoen %s ligger uden for kalenderens år %d–%d", e.Date, FirstYear, LastYear)
}

// Holiday returns the holiday's name if d is a public holiday.
func (c *Calendar) Holiday(d model.Date) (string, bool) {
	n, ok := c.names[d]
	return n, ok
}

// IsWorkingDay reports whether d is neither a weekend nor a public holiday.
func (c *Calendar) IsWorkingDay(d model.Date) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	if !InRange(d) {
		return true
	}
	return !c.holiday[d-first]
}

// OnOrBefore returns d if it is a working day, else the working day before it.
// Deadlines roll back, never forward: finishing early is safe, late is not.
func (c *Calendar) OnOrBefore(d model.Date) model.Date {
	for !c.IsWorkingDay(d) {
		d--
	}
	return d
}

// AddWorkingDays moves n working days from d. Offset 0 is d itself when it is
// a working day, else the working day before it; -n is the n-th working day
// before d and +n the n-th after it.
func (c *Calendar) AddWorkingDays(d model.Date, n int) model.Date {
	if n == 0 {
		return c.OnOrBefore(d)
	}
	step := model.Date(1)
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d += step
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts working days in (a, b] for a <= b, and the
// negated count of (b, a] otherwise.
func (c *Calendar) WorkingDaysBetween(a, b model.Date) int {
	sign := 1
	if b < a {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a + 1; d <= b; d++ {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// Offset applies an offset in the given unit to anchor. Calendar-day results
// that land on a day off roll back to the working day before.
func (c *Calendar) Offset(anchor model.Date, n int, u model.Unit) model.Date {
	if u == model.CalendarDays {
		return c.OnOrBefore(anchor.AddDays(n))
	}
	return c.AddWorkingDays(anchor, n)
}

// WarnUntil is the last day of the yellow window: warningDays working days after asof.
func (c *Calendar) WarnUntil(asof model.Date, warningDays int) model.Date {
	if warningDays <= 0 {
		return asof
	}
	return c.AddWorkingDays(asof, warningDays)
}

package calendar

import (
	"fmt"

	"github.com/udrul/udrul/internal/model"
)

// Milestones returns the date of every milestone of p for a municipality going
// live on golive. Go-live itself is the date as given.
func (c *Calendar) Milestones(p *model.Programme, golive model.Date) map[string]model.Date {
	out := map[string]model.Date{model.GoLive: golive}
	for _, m := range p.Milestones {
		if m.Key == model.GoLive {
			continue
		}
		if m.National() {
			out[m.Key] = m.Date // one date for every municipality
			continue
		}
		out[m.Key] = c.Offset(golive, m.Offset, m.Unit)
	}
	return out
}

// TaskDates computes start and end of a catalogue task from the milestone
// dates. It returns an error naming the task when the result is impossible:
// an unknown milestone, an end before the start, or a date outside the
// calendar's years.
func (c *Calendar) TaskDates(t *model.CatalogueTask, milestones map[string]model.Date) (start, end model.Date, err error) {
	ms := t.Timing.Milestone
	if ms == "" {
		ms = model.GoLive
	}
	anchor, ok := milestones[ms]
	if !ok {
		return 0, 0, fmt.Errorf("opgave %s: ukendt milepæl %q", t.Key, ms)
	}
	unit := t.Timing.Unit
	if unit == "" {
		unit = model.WorkingDays
	}
	start = c.Offset(anchor, t.Timing.Start, unit)
	end = c.Offset(anchor, t.Timing.End, unit)
	for _, d := range []model.Date{anchor, start, end} {
		if !InRange(d) {
			return 0, 0, fmt.Errorf("opgave %s: %w", t.Key, &RangeError{Date: d})
		}
	}
	if end < start {
		return 0, 0, fmt.Errorf("opgave %s: slutdato %s ligger før startdato %s", t.Key, end, start)
	}
	return start, end, nil
}

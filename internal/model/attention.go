package model

// NeedsAttention reports whether a task belongs on its owner's start page:
// it is still open (not started or started, not withdrawn) and either
// already carries a warning (red or yellow) or ends by until, the end of the
// start page's horizon. Completed and not-relevant tasks never do.
func NeedsAttention(t TaskInstance, c Colour, until Date) bool {
	if t.Withdrawn || (t.Status != NotStarted && t.Status != Started) {
		return false
	}
	return c == Red || c == Yellow || t.End <= until
}

// DeadlineBefore orders tasks soonest end date first, then by start date and
// id, so overdue work comes before work that is merely due.
func DeadlineBefore(a, b TaskInstance) bool {
	if a.End != b.End {
		return a.End < b.End
	}
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	return a.ID < b.ID
}

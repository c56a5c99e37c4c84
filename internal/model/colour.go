package model

import "fmt"

// Colour is a traffic light. None means the task carries no signal: it is
// optional, withdrawn, or mandatory but neither done nor close to its deadline.
type Colour string

const (
	None   Colour = "none"
	Green  Colour = "green"
	Yellow Colour = "yellow"
	Red    Colour = "red"
)

// Colours lists the colours from least to most severe.
var Colours = []Colour{None, Green, Yellow, Red}

func (c Colour) rank() int {
	switch c {
	case Green:
		return 1
	case Yellow:
		return 2
	case Red:
		return 3
	}
	return 0
}

// Label is the Danish word shown next to the colour, so status is never
// carried by colour alone.
func (c Colour) Label() string {
	switch c {
	case Green:
		return "Grøn"
	case Yellow:
		return "Gul"
	case Red:
		return "Rød"
	}
	return "Ingen"
}

// Worst returns the more severe of a and b. None is neutral: a municipality
// whose only signals are green is green, one with no signal at all is none.
func Worst(a, b Colour) Colour {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// TaskColour is the traffic-light rule of seed 003 §6.1 for one task as of a
// date. warnUntil is the last day of the warning window counted from asof (the
// programme's warning_days working days later); a not-started mandatory task
// whose end date falls in [asof, warnUntil] is yellow. A mandatory task whose
// end date is before asof and that is not completed is red, whatever it was
// started or not. Completed mandatory tasks are green. Everything else, and
// every optional task, has no colour.
//
// "Ikke relevant" can only be set on optional tasks; if a later catalogue
// version makes such a task mandatory, it counts as not started, so the
// municipality is prompted to act on it.
func TaskColour(t TaskType, s Status, end, asof, warnUntil Date) Colour {
	if !t.IsMandatory() {
		return None
	}
	if s == Completed {
		return Green
	}
	if end < asof {
		return Red
	}
	if (s == NotStarted || s == NotRelevant) && end <= warnUntil {
		return Yellow
	}
	return None
}

// BeforeEnrolment reports whether a task of a plan enrolled on enrolled
// ended before that day (its end date is before the enrolment date), so
// that it is shown apart as "før tilmelding" rather than red: a
// municipality enrolled late must not turn red at once for work whose time
// had passed before it joined. A task ending on the enrolment date itself
// is not before enrolment. enrolled NoDate (unknown) puts nothing before.
func BeforeEnrolment(end, enrolled Date) bool { return end < enrolled }

// Unsettled reports whether a task before enrolment still waits for the
// coordinator to settle it (fuldført or ikke relevant): it is listed on the
// plan's "før tilmelding" page until then.
func Unsettled(s Status, end, enrolled Date) bool {
	return BeforeEnrolment(end, enrolled) && (s == NotStarted || s == Started)
}

// PlanTaskColour is TaskColour for a task of a plan enrolled on enrolled:
// a task before enrolment (BeforeEnrolment) is green when completed and
// otherwise carries no colour – neither red nor yellow, whether settled as
// ikke relevant or still waiting to be settled. Every traffic light of a
// plan's task is this rule; the SQL that counts colours mirrors it
// (end date not before the plan's enrolled_on for red and yellow).
func PlanTaskColour(t TaskType, s Status, end, enrolled, asof, warnUntil Date) Colour {
	if t.IsMandatory() && s != Completed && BeforeEnrolment(end, enrolled) {
		return None
	}
	return TaskColour(t, s, end, asof, warnUntil)
}

// CheckSettlement returns an error explaining why a task may not be
// settled as to: only tasks before enrolment that are not yet settled, and
// only as fuldført or ikke relevant (which is allowed here on mandatory
// tasks too: the work may have been done some other way or not apply).
func CheckSettlement(s Status, end, enrolled Date, to Status) error {
	if to != Completed && to != NotRelevant {
		return fmt.Errorf("status %q: en opgave fra før tilmeldingen afklares som %q eller %q", to, Completed.Label(), NotRelevant.Label())
	}
	if !BeforeEnrolment(end, enrolled) {
		return fmt.Errorf("opgaven sluttede ikke før tilmeldingen")
	}
	if !Unsettled(s, end, enrolled) {
		return fmt.Errorf("opgaven er allerede afklaret (%s)", s.Label())
	}
	return nil
}

// Counts holds how many tasks have each colour.
type Counts struct {
	Green  int `json:"green"`
	Yellow int `json:"yellow"`
	Red    int `json:"red"`
	None   int `json:"none"`
}

// Add counts n tasks of colour c.
func (c *Counts) Add(col Colour, n int) {
	switch col {
	case Green:
		c.Green += n
	case Yellow:
		c.Yellow += n
	case Red:
		c.Red += n
	default:
		c.None += n
	}
}

// Merge adds all of o to c.
func (c *Counts) Merge(o Counts) {
	c.Green += o.Green
	c.Yellow += o.Yellow
	c.Red += o.Red
	c.None += o.None
}

// Total is the number of tasks counted.
func (c Counts) Total() int { return c.Green + c.Yellow + c.Red + c.None }

// Colour is the roll-up: the worst colour present.
func (c Counts) Colour() Colour {
	switch {
	case c.Red > 0:
		return Red
	case c.Yellow > 0:
		return Yellow
	case c.Green > 0:
		return Green
	}
	return None
}

// Package addon holds the rules of add-on purchases (tilkøb, seed 003
// §6.5 and figure 18): the add-on categories, the ordering deadline (the
// agreement must be made no later than 3 months before go-live) and the
// supplier's capacity for purchased user training (at most 5
// municipalities at once). It is pure: callers bring dates and orders.
package addon

import (
	"slices"
	"sort"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// Category is an add-on's kind of service (ydelsestype).
type Category string

const (
	Training         Category = "uddannelse"
	ChangeManagement Category = "forandringsledelse"
	Benefits         Category = "gevinstrealisering"
)

// Categories is the table of categories with their Danish labels, in the
// seed's order.
var Categories = model.Enum[Category]{
	{Value: Training, Label: "Uddannelse"},
	{Value: ChangeManagement, Label: "Forandringsledelse"},
	{Value: Benefits, Label: "Gevinstrealisering"},
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return Categories.Valid(c) }

// Label is the category's Danish name.
func (c Category) Label() string { return Categories.Label(c) }

// Theme is the implementation model's theme an add-on's tasks belong to:
// the category's own (the model has themes of the same names).
func (c Category) Theme() string { return string(c) }

// MainTask is the implementation model's main task (hovedopgave) an
// add-on's tasks belong to: 8 Kompetenceudvikling for training, 9
// Arbejdsgange og organisering for change management, 6
// Gevinstrealisering for benefit realisation.
func (c Category) MainTask() int {
	switch c {
	case Training:
		return 8
	case ChangeManagement:
		return 9
	}
	return 6
}

// DeadlineMonths is how long before go-live the agreement must be made
// ("Aftalen skal være indgået senest 3 måneder før KSD implementeres i
// kommunen").
const DeadlineMonths = 3

// Deadline is the last day an add-on may be ordered for a municipality
// going live on golive: the same day three months earlier (clamped to the
// month's end, so 31 May gives 28 or 29 February).
func Deadline(golive model.Date) model.Date { return golive.AddMonths(-DeadlineMonths) }

// Late reports whether an order made on today comes after the deadline.
// An order on the deadline itself is in time.
func Late(golive, today model.Date) bool { return today > Deadline(golive) }

// Capacity is how many municipalities the supplier can train at once
// ("KMD kan imødekomme op til 5 kommuners behov for tilkøb af undervisning
// til brugere samtidigt").
const Capacity = 5

// Window is the period one municipality's purchased user training takes
// the supplier: from the first start to the last end of the ordered
// add-on's tasks in that municipality's plan, both days included.
type Window struct {
	Municipality string // its name, as the refusal names it
	Start, End   model.Date
}

// Overlaps reports whether w and o share at least one day.
func (w Window) Overlaps(o Window) bool { return w.Start <= o.End && o.Start <= w.End }

// Overload says on which day an order would take the supplier over its
// capacity and which other municipalities it would be training then.
type Overload struct {
	Day            model.Date
	Municipalities []string // sorted
}

// CheckCapacity reports whether adding w to the windows the supplier holds
// already (held, other municipalities' live orders of capacity add-ons)
// brings more than limit municipalities into training on some day. A
// municipality counts once however many of its windows cover the day, and
// w's own municipality's other windows do not count against it. The day
// returned is the first day in w over the limit.
func CheckCapacity(limit int, held []Window, w Window) (Overload, bool) {
	// The number of windows covering a day only rises at a window's start,
	// so it is enough to look at w's start and the starts inside w.
	days := []model.Date{w.Start}
	for _, h := range held {
		if h.Start > w.Start && h.Start <= w.End {
			days = append(days, h.Start)
		}
	}
	slices.Sort(days)
	for _, d := range days {
		on := map[string]bool{}
		for _, h := range held {
			if h.Municipality != w.Municipality && h.Start <= d && d <= h.End {
				on[h.Municipality] = true
			}
		}
		if len(on)+1 > limit {
			names := make([]string, 0, len(on))
			for n := range on {
				names = append(names, n)
			}
			sort.Strings(names)
			return Overload{Day: d, Municipalities: names}, true
		}
	}
	return Overload{}, false
}

// AddOn is a stored add-on service of a programme's catalogue.
type AddOn struct {
	ID          int64     `json:"id"`
	ProgrammeID int64     `json:"-"`
	Category    Category  `json:"category"`
	Kind        string    `json:"kind"`
	Content     string    `json:"content"`
	TargetGroup string    `json:"target_group"`
	Form        string    `json:"form"`
	Extent      string    `json:"extent"`
	Supplier    string    `json:"supplier"`
	Capacity    bool      `json:"capacity"`
	Withdrawn   bool      `json:"withdrawn"`
	Position    int       `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
	Version     int       `json:"version"`
}

// Order is an add-on ordered for a plan, live or cancelled.
type Order struct {
	ID              int64     `json:"id"`
	PlanID          int64     `json:"-"`
	AddOnID         int64     `json:"addon_id"`
	OrderedAt       time.Time `json:"ordered_at"`
	OrderedBy       string    `json:"ordered_by"`
	ExceptionReason string    `json:"exception_reason,omitempty"`
	CancelledAt     time.Time `json:"cancelled_at,omitzero"`
	CancelledBy     string    `json:"cancelled_by,omitempty"`
	Version         int       `json:"version"`
	// Of the plan, for lists across municipalities.
	ProgrammeID      int64      `json:"-"`
	MunicipalityID   int64      `json:"-"`
	MunicipalityCode string     `json:"municipality"`
	MunicipalityName string     `json:"municipality_name"`
	GoLive           model.Date `json:"golive"`
}

// Event is an entry of a plan's add-on history.
type Event struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Message string    `json:"message"`
}

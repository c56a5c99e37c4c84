// Package export writes plans and the national overview in the formats
// people exchange them in – MS Project XML (MSPDI), Excel workbooks (.xlsx),
// CSV and iCalendar – and reads a catalogue from the spreadsheet central
// staff keep task lists in. It is pure: callers pass the data, every date
// and the calendar.
package export

import (
	"time"

	"github.com/udrul/udrul/internal/model"
)

// Plan is one municipality's plan, ready to write.
type Plan struct {
	Programme        string
	ProgrammeName    string
	MunicipalityCode string
	MunicipalityName string
	GoLive           model.Date
	Asof             model.Date
	Created          time.Time
	Phases           []Phase // the implementation model's phases, parents before children
	Tasks            []Task
	Milestones       []Milestone
}

// Phase is a phase of the implementation model.
type Phase struct {
	Key, Name, Parent string
}

// Task is one line of the plan (institution instances folded into one).
type Task struct {
	Key, Title, Notes, Phase, Theme string
	PhaseName, ThemeName            string // the keys' names, for people
	Type                            model.TaskType
	Status                          model.Status
	Colour                          model.Colour
	Start, End                      model.Date
	Duration                        int // working days
	Milestone, Critical, Own, Moved bool
	MoveReason                      string
	Responsible, Executor, Assignee string
	DependsOn                       []model.Dependency
	TotalFloat                      int
	ForecastEnd                     model.Date
	// DueByGoLive: the task must be done by go-live (schedule.DueByGoLive);
	// MS Project gets the go-live deadline on it.
	DueByGoLive bool
}

// Milestone is a programme milestone's date in the plan.
type Milestone struct {
	Key, Name string
	Date      model.Date
}

// OverviewRow is one municipality's line of the national overview with
// its plan's lines.
type OverviewRow struct {
	Code, Name, Region string
	Wave               int
	GoLive             model.Date
	Phase, PhaseName   string
	Colour             model.Colour
	Counts             model.Counts
	Tasks              []Task
}

// Overview is the national overview of a programme as of a date.
type Overview struct {
	Programme, ProgrammeName string
	Asof                     model.Date
	Rows                     []OverviewRow
}

var colourNames = map[model.Colour]string{model.Red: "Rød", model.Yellow: "Gul", model.Green: "Grøn", model.None: ""}

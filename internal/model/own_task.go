package model

import (
	"fmt"
	"time"
)

// OwnTask is a task or milestone a municipality added to its own plan.
type OwnTask struct {
	ID          int64
	PlanID      int64
	Title       string
	Description string
	Phase       string
	Type        TaskType
	Milestone   bool
	Start       Date
	End         Date
	Responsible string
	Executor    string
	Assignee    string
	DependsOn   []Dependency
	Status      Status
	StatusAt    time.Time
	StatusBy    string
	CreatedAt   time.Time
	CreatedBy   string
	Version     int
}

// OwnTaskKeyPrefix starts the key of every own task ("egen-12"), so it can
// never collide with a catalogue key's programme prefix in practice and is
// recognisable in dependencies and exports.
const OwnTaskKeyPrefix = "egen-"

// Key is the task's key in its plan.
func (o *OwnTask) Key() string { return fmt.Sprintf("%s%d", OwnTaskKeyPrefix, o.ID) }

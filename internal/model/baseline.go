package model

import "time"

// Baseline is a saved snapshot of a plan's dates.
type Baseline struct {
	ID      int64     `json:"id"`
	PlanID  int64     `json:"-"`
	Name    string    `json:"name"`
	TakenAt time.Time `json:"taken_at"`
	TakenBy string    `json:"taken_by"`
	Tasks   int       `json:"tasks"`
}

// BaselineTask is one task's dates in a baseline. Ref is "i<instance id>"
// or "o<own task id>", so a task is recognised even if its key is reused.
type BaselineTask struct {
	Ref    string `json:"ref"`
	Key    string `json:"key"`
	Title  string `json:"title"`
	Start  Date   `json:"start"`
	End    Date   `json:"end"`
	Status Status `json:"status"`
}

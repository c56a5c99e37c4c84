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

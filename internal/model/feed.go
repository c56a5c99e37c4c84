package model

import "time"

// Feed is an iCalendar subscription: a municipality's plan (PlanID), a
// user's tasks (UserID), or the tasks delegated to an e-mail address
// (Assignee; kept for feeds made before feeds had users).
type Feed struct {
	ID        int64     `json:"id"`
	PlanID    int64     `json:"-"`
	UserID    int64     `json:"-"`
	Assignee  string    `json:"assignee,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	Revoked   bool      `json:"revoked"`
}

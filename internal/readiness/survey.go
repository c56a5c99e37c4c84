package readiness

import "time"

// UserGroup is a user group of a municipality's survey.
type UserGroup struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// SurveyRound is a round of a plan's survey. Its dates are not stored:
// they follow from the plan's go-live (RoundWindow).
type SurveyRound struct {
	ID        int64     `json:"id"`
	PlanID    int64     `json:"-"`
	Kind      Kind      `json:"round"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	ClosedAt  time.Time `json:"closed_at,omitzero"`
	ClosedBy  string    `json:"closed_by,omitempty"`
}

// Closed reports whether the round has been closed.
func (r SurveyRound) Closed() bool { return !r.ClosedAt.IsZero() }

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

// Link is a respondent link; its token is shown once and only
// its hash stored.
type Link struct {
	ID        int64     `json:"id"`
	RoundID   int64     `json:"-"`
	Round     Kind      `json:"round"`
	GroupID   int64     `json:"group_id"`
	Group     string    `json:"group"`
	Kind      LinkKind  `json:"kind"`
	Limit     int       `json:"limit"`
	Used      int       `json:"used"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	RevokedBy string    `json:"revoked_by,omitempty"`
}

// Revoked reports whether the link has been revoked.
func (l Link) Revoked() bool { return !l.RevokedAt.IsZero() }

// Event is an entry of a survey's history.
type Event struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Message string    `json:"message"`
}

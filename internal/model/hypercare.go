package model

import "time"

// HypercareTeam is a supplier team that watches municipalities through
// their rollout (seed 003 §7.4).
type HypercareTeam struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	CreatedAt   time.Time         `json:"created_at"`
	CreatedBy   string            `json:"created_by"`
	Members     []HypercareMember `json:"members"`
}

// HypercareMember is a person on a team.
type HypercareMember struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Role  string `json:"role,omitempty"`
}

package model

import (
	"time"
)

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

// Lesson is what a wave's rollout taught, written for the next waves.
type Lesson struct {
	Wave      int       `json:"wave"`
	Text      string    `json:"text"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// Incident is a problem logged during a municipality's go-live.
type Incident struct {
	ID          int64            `json:"id"`
	PlanID      int64            `json:"-"`
	TeamID      int64            `json:"team_id,omitempty"`
	OpenedAt    time.Time        `json:"opened_at"`
	Category    IncidentCategory `json:"category"`
	Severity    IncidentSeverity `json:"severity"`
	Status      IncidentStatus   `json:"status"`
	Title       string           `json:"title"`
	Description string           `json:"description,omitempty"`
	Resolution  string           `json:"resolution,omitempty"`
	ResolvedAt  time.Time        `json:"resolved_at,omitzero"`
	CreatedAt   time.Time        `json:"created_at"`
	CreatedBy   string           `json:"created_by"`
	UpdatedAt   time.Time        `json:"updated_at"`
	UpdatedBy   string           `json:"updated_by"`
	Version     int              `json:"version"`
}

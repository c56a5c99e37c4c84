package model

import "time"

// CheckpointDecision is a recorded decision on a plan's phase transition.
type CheckpointDecision struct {
	ID         int64     `json:"id"`
	PlanID     int64     `json:"-"`
	Transition string    `json:"transition"`
	Decision   string    `json:"decision"`
	Basis      string    `json:"basis"`
	Done       int       `json:"done"`
	Total      int       `json:"total"`
	Blocking   []string  `json:"blocking"`
	DecidedAt  time.Time `json:"decided_at"`
	DecidedBy  string    `json:"decided_by"`
}

// Contact is an entry of the contact log: a mail, call or meeting with a
// municipality about a programme, or an escalation decided by a person.
type Contact struct {
	ID           int64          `json:"id"`
	PlanID       int64          `json:"-"`
	OccurredOn   Date           `json:"date"`
	Channel      ContactChannel `json:"channel"`
	Kind         ContactKind    `json:"kind"`
	Participants string         `json:"participants"`
	Summary      string         `json:"summary"`
	Agreements   string         `json:"agreements,omitempty"`
	InternalNote string         `json:"internal_note,omitempty"`
	EscalatedTo  string         `json:"escalated_to,omitempty"`
	NextFollowup Date           `json:"next_followup,omitzero"`
	CreatedAt    time.Time      `json:"created_at"`
	CreatedBy    string         `json:"created_by"`
	Tasks        []ContactTask  `json:"tasks"`
}

// ContactTask is a task a contact entry is about.
type ContactTask struct {
	ID          int64  `json:"id"`
	Key         string `json:"key"`
	Title       string `json:"title"`
	Institution string `json:"institution,omitempty"`
	Status      Status `json:"status"`
}

// CheckpointItem is a task instance that is an item of a phase transition's checklist.
type CheckpointItem struct {
	ID          int64    `json:"id"`
	Key         string   `json:"key"`
	Title       string   `json:"title"`
	Transition  string   `json:"-"`
	Type        TaskType `json:"type"`
	Status      Status   `json:"status"`
	End         Date     `json:"end"`
	Institution string   `json:"institution,omitempty"`
}

package model

import "time"

// Job is one long operation: what was asked (Input, JSON), by whom, when
// it may run, how far it is (Done of Total) and what came of it (Result,
// JSON, or Error, a Danish message).
type Job struct {
	ID           int64     `json:"id"`
	Kind         string    `json:"kind"`
	ProgrammeKey string    `json:"programme"`
	CreatedBy    int64     `json:"-"`
	CreatedName  string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	RunAt        time.Time `json:"run_at"`
	State        string    `json:"state"`
	Input        string    `json:"-"`
	Result       string    `json:"-"`
	Error        string    `json:"error,omitempty"`
	Done         int       `json:"done"`
	Total        int       `json:"total"`
	Attempts     int       `json:"attempts"`
	ClaimedBy    string    `json:"-"`
	ClaimedUntil time.Time `json:"-"`
	StartedAt    time.Time `json:"started_at,omitzero"`
	FinishedAt   time.Time `json:"finished_at,omitzero"`
}

package model

import "time"

// Job is one long operation: what was asked (Input, JSON), by whom, when
// it may run, how far it is (Done of Total) and what came of it (Result,
// JSON, or Error, a Danish message).
type Job struct {
	ID           int64     `json:"id"`
	Kind         JobKind   `json:"kind"`
	ProgrammeKey string    `json:"programme"`
	CreatedBy    int64     `json:"-"`
	CreatedName  string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	RunAt        time.Time `json:"run_at"`
	State        JobState  `json:"state"`
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

// JobKind is a long operation that runs as a job (docs/jobs.md).
type JobKind string

const (
	JobPublish   JobKind = "udgivelse"   // publishing a catalogue file (also a scheduled or a republished version)
	JobEnrol     JobKind = "tilmelding"  // enrolling municipalities
	JobWaveFinal JobKind = "bølgeplan"   // making a wave plan final
	JobHandbooks JobKind = "haandboeger" // every enrolled municipality's implementation handbook of a programme, as PDFs
)

// JobKinds is JobKind's table.
var JobKinds = Enum[JobKind]{
	{JobPublish, "Udgivelse af katalog"},
	{JobEnrol, "Tilmelding af kommuner"},
	{JobWaveFinal, "Endelig bølgeplan"},
	{JobHandbooks, "Implementeringshåndbøger for alle kommuner"},
}

// Label is the kind's Danish name.
func (k JobKind) Label() string { return JobKinds.Label(k) }

// JobState is where a job is: venter (waiting for a worker, or for its
// run_at), koerer (claimed by a worker until claimed_until), faerdig,
// fejlet (refused or failed; its error says why), annulleret (a waiting
// job called off).
type JobState string

const (
	JobWaiting   JobState = "venter"
	JobRunning   JobState = "koerer"
	JobDone      JobState = "faerdig"
	JobFailed    JobState = "fejlet"
	JobCancelled JobState = "annulleret"
)

// JobStates is JobState's table.
var JobStates = Enum[JobState]{
	{JobWaiting, "Venter"},
	{JobRunning, "I gang"},
	{JobDone, "Færdig"},
	{JobFailed, "Afvist"},
	{JobCancelled, "Annulleret"},
}

// Label is the state's Danish name.
func (s JobState) Label() string { return JobStates.Label(s) }

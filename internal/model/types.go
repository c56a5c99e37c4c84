package model

import "fmt"

// TaskType says how binding a catalogue task is (seed 003 §6.1).
type TaskType string

const (
	Optional  TaskType = "valgfri"
	Mandatory TaskType = "obligatorisk"
	Critical  TaskType = "kritisk" // mandatory and on the critical path
)

// TaskTypes lists the types in order of increasing weight.
var TaskTypes = []TaskType{Optional, Mandatory, Critical}

// Valid reports whether t is a known type.
func (t TaskType) Valid() bool { return t == Optional || t == Mandatory || t == Critical }

// IsMandatory reports whether the project lead must keep the status current;
// only such tasks carry a traffic light.
func (t TaskType) IsMandatory() bool { return t == Mandatory || t == Critical }

// Label is the Danish name shown to users.
func (t TaskType) Label() string {
	switch t {
	case Optional:
		return "Valgfri"
	case Mandatory:
		return "Obligatorisk"
	case Critical:
		return "Obligatorisk på kritisk vej"
	}
	return string(t)
}

// Level says whether a task is done once per municipality or once per institution.
type Level string

const (
	LevelMunicipality Level = "kommune"
	LevelInstitution  Level = "institution"
)

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == LevelMunicipality || l == LevelInstitution }

// Unit is how a timing offset is counted.
type Unit string

const (
	WorkingDays  Unit = "arbejdsdage"
	CalendarDays Unit = "kalenderdage"
)

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool { return u == WorkingDays || u == CalendarDays }

// GoLive is the key of the milestone every programme has: the municipality's go-live date.
const GoLive = "golive"

// Organisation kinds.
type OrgKind string

const (
	OrgCentral      OrgKind = "central"
	OrgSupplier     OrgKind = "leverandoer"
	OrgMunicipality OrgKind = "kommune"
	OrgInstitution  OrgKind = "institution"
)

// Status is the state of a task instance as set by the municipality.
type Status string

const (
	NotStarted  Status = "ikke_paabegyndt"
	Started     Status = "paabegyndt"
	Completed   Status = "fuldfoert"
	NotRelevant Status = "ikke_relevant"
)

// Statuses lists all statuses in workflow order.
var Statuses = []Status{NotStarted, Started, Completed, NotRelevant}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == NotStarted || s == Started || s == Completed || s == NotRelevant
}

// Label is the Danish name shown to users.
func (s Status) Label() string {
	switch s {
	case NotStarted:
		return "Ikke påbegyndt"
	case Started:
		return "Påbegyndt"
	case Completed:
		return "Fuldført"
	case NotRelevant:
		return "Ikke relevant"
	}
	return string(s)
}

// CheckTransition returns an error explaining why a task of type t may not move
// from status from to status to. Any move between the three working statuses is
// allowed (a completed task can be reopened); "ikke relevant" is reserved for
// optional tasks, because mandatory tasks must be done.
func CheckTransition(t TaskType, from, to Status) error {
	if !to.Valid() {
		return fmt.Errorf("ukendt status %q: brug ikke_paabegyndt, paabegyndt, fuldfoert eller ikke_relevant", to)
	}
	if from == to {
		return fmt.Errorf("opgaven har allerede status %q", to.Label())
	}
	if to == NotRelevant && t.IsMandatory() {
		return fmt.Errorf("status %q kan kun bruges på valgfrie opgaver; denne opgave er %q", to.Label(), t.Label())
	}
	return nil
}

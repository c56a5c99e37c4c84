package model

import "time"

// Organisation is KOMBIT, a supplier, a municipality or an institution
// (school or day-care unit) under its municipality.
type Organisation struct {
	ID         int64   `json:"-"`
	Kind       OrgKind `json:"kind"`
	Category   string  `json:"category,omitempty"` // skole or dagtilbud for institutions
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	ParentID   int64   `json:"-"`
	RegionCode string  `json:"region_code,omitempty"`
	RegionName string  `json:"region_name,omitempty"`
	Population int     `json:"population,omitempty"`
	AreaKm2    float64 `json:"area_km2,omitempty"`
}

// Institution categories.
const (
	CategorySchool  = "skole"
	CategoryDayCare = "dagtilbud"
)

// TaskInstance is one municipality's (or institution's) copy of a catalogue
// task, with concrete dates and its own status.
type TaskInstance struct {
	ID              int64  `json:"id"`
	PlanID          int64  `json:"-"`
	InstitutionID   int64  `json:"-"`
	InstitutionName string `json:"institution,omitempty"`
	CatalogueTask
	PlannedStart   Date      `json:"planned_start"`
	PlannedEnd     Date      `json:"planned_end"`
	Start          Date      `json:"start"`
	End            Date      `json:"end"`
	DateOverride   bool      `json:"date_override"`
	OverrideReason string    `json:"override_reason,omitempty"`
	Status         Status    `json:"status"`
	StatusAt       time.Time `json:"status_at,omitzero"`
	StatusBy       string    `json:"status_by,omitempty"`
	StatusComment  string    `json:"status_comment,omitempty"`
	Withdrawn      bool      `json:"withdrawn"`
	Version        int       `json:"version"`
	// Enrolled is the day its plan was enrolled (model.PlanTaskColour).
	Enrolled Date `json:"-"`
}

// StatusEvent is one entry of a task instance's history. History is
// append-only: entries are never changed or removed.
type StatusEvent struct {
	ID               int64     `json:"id"`
	InstanceID       int64     `json:"-"`
	At               time.Time `json:"at"`
	Actor            string    `json:"actor"`
	Kind             string    `json:"kind"` // status, catalogue, dates
	From             Status    `json:"from,omitempty"`
	To               Status    `json:"to,omitempty"`
	Comment          string    `json:"comment,omitempty"`
	CatalogueVersion int       `json:"catalogue_version,omitempty"`
}

// Event kinds.
const (
	EventStatus    = "status"
	EventCatalogue = "catalogue"
	EventEnrolment = "enrolment"
)

// Conflict is a publication's change to the standard dates of an instance
// the municipality moved locally.
type Conflict struct {
	ID               int64         `json:"id"`
	PlanID           int64         `json:"-"`
	InstanceID       int64         `json:"task_id"`
	CatalogueVersion int           `json:"catalogue_version"`
	OldStart         Date          `json:"standard_was_start"`
	OldEnd           Date          `json:"standard_was_end"`
	NewStart         Date          `json:"standard_now_start"`
	NewEnd           Date          `json:"standard_now_end"`
	LocalStart       Date          `json:"local_start"`
	LocalEnd         Date          `json:"local_end"`
	LocalReason      string        `json:"local_reason"`
	State            ConflictState `json:"state"`
	CreatedAt        time.Time     `json:"created_at"`
	ResolvedAt       time.Time     `json:"resolved_at,omitzero"`
	ResolvedBy       string        `json:"resolved_by,omitempty"`
}

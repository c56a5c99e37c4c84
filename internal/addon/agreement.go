package addon

import "time"

// Agreement is a plan's add-on agreement: the municipality's training
// lead (uddannelsesansvarlig), required before any order. Version 0: none
// stored yet.
type Agreement struct {
	PlanID            int64     `json:"-"`
	TrainingLead      string    `json:"training_lead"`
	TrainingLeadEmail string    `json:"training_lead_email"`
	UpdatedAt         time.Time `json:"updated_at,omitzero"`
	UpdatedBy         string    `json:"updated_by,omitempty"`
	Version           int       `json:"version"`
}

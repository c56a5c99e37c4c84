package benefit

import (
	"time"

	"github.com/udrul/udrul/internal/model"
)

// Register is a municipality's register header. Version 0 means
// nothing is stored yet.
type Register struct {
	Vision          string     `json:"vision"`
	ExtendedUntil   model.Date `json:"extended_until,omitzero"`
	ExtensionReason string     `json:"extension_reason,omitempty"`
	Version         int        `json:"version"`
	UpdatedAt       time.Time  `json:"updated_at,omitzero"`
	UpdatedBy       string     `json:"updated_by,omitempty"`
}

// Entry is a stored benefit and where it belongs.
type Entry struct {
	Benefit
	Key            int64     `json:"key"` // the row id; the register number is ID (G-<key>)
	MunicipalityID int64     `json:"-"`
	Municipality   string    `json:"municipality"`      // its code
	MunicipalityNm string    `json:"municipality_name"` // its name
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	CreatedBy      string    `json:"created_by"`
	UpdatedAt      time.Time `json:"updated_at"`
	UpdatedBy      string    `json:"updated_by"`
}

// MeasurementEntry is a stored post-measurement.
type MeasurementEntry struct {
	Measurement
	Key       int64     `json:"key"`
	BenefitID int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// Event is an entry of a register's history.
type Event struct {
	BenefitKey int64     `json:"benefit_key,omitempty"` // 0: the register's own entry
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Message    string    `json:"message"`
}

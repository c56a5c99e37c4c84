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

package people

import (
	"time"

	"github.com/udrul/udrul/internal/model"
)

// Entry is a person of a municipality's register of people, with the
// roles they hold.
type Entry struct {
	Key       int64       `json:"key"`
	Name      string      `json:"name"`
	Email     string      `json:"email"`
	Phone     string      `json:"phone"`
	Version   int         `json:"version"`
	Roles     []RoleEntry `json:"roles"`
	UpdatedAt time.Time   `json:"updated_at"`
	UpdatedBy string      `json:"updated_by"`
}

// RoleEntry is a role a person holds.
type RoleEntry struct {
	Key       int64            `json:"key"`
	PersonKey int64            `json:"-"`
	Role      model.PersonRole `json:"role"`
	Area      model.Area       `json:"area"`
	// InstitutionID is 0 for a role in the municipality's project.
	InstitutionID       int64  `json:"-"`
	Institution         string `json:"institution,omitempty"` // its code
	InstitutionName     string `json:"institution_name,omitempty"`
	InstitutionCategory string `json:"institution_category,omitempty"`
}

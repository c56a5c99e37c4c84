package risk

import "time"

// Entry is a risk of the register: the figure-19 fields and where it
// belongs.
type Entry struct {
	Risk
	Key            int64     `json:"key"` // the row id; the register number is ID (R-<key>)
	Level          Level     `json:"level"`
	MunicipalityID int64     `json:"-"`
	Municipality   string    `json:"municipality,omitempty"`      // its code, for a municipal risk
	MunicipalityNm string    `json:"municipality_name,omitempty"` // its name
	Wave           int       `json:"wave"`
	Exposure       int       `json:"exposure"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	CreatedBy      string    `json:"created_by"`
	UpdatedAt      time.Time `json:"updated_at"`
	UpdatedBy      string    `json:"updated_by"`
}

// Event is an entry of a risk's history.
type Event struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Message string    `json:"message"`
}

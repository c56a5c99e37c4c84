package catalogue

import (
	"encoding/json"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// Programme is a programme of the instance: its settings, its id and the
// number of its current catalogue version.
type Programme struct {
	ID int64
	model.Programme
	CurrentVersion int
}

// Version is a published catalogue version.
type Version struct {
	ID          int64           `json:"-"`
	Number      int             `json:"number"`
	PublishedAt time.Time       `json:"published_at"`
	PublishedBy string          `json:"published_by"`
	SourceName  string          `json:"source_name"`
	Source      string          `json:"-"`
	Summary     json.RawMessage `json:"summary"`
}

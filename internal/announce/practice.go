package announce

import (
	"time"

	"github.com/udrul/udrul/internal/model"
)

// PracticeMeeting is an agreed meeting of a pairing.
type PracticeMeeting struct {
	ID        int64      `json:"id"`
	Day       model.Date `json:"day"`
	Note      string     `json:"note"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy string     `json:"created_by"`
}

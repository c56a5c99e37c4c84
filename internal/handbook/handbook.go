// Package handbook holds the rules of the municipality's own
// implementation handbook (kommunespecifik implementeringshåndbog, seed 003
// §3.4; docs/handbook.md): when it is due, what of a plan it fixes, and
// what changed between two versions. It has no I/O.
package handbook

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// LeadDays is the seed's deadline: every municipality receives its handbook
// at the latest 20 days before its go-live.
const LeadDays = 20

// SendFromDays is when udrul sends the first version: 30 days before
// go-live, so that ten days of margin keep the deadline if udrul was down.
// A later change to the plan is sent as a new version up to go-live.
const SendFromDays = 30

// Deadline is the last day the first version may be sent.
func Deadline(golive model.Date) model.Date { return golive.AddDays(-LeadDays) }

// SendFrom is the first day the first version is sent.
func SendFrom(golive model.Date) model.Date { return golive.AddDays(-SendFromDays) }

// Due reports whether a plan going live on golive has its handbook sent
// (or sent again, when it changed) on today: from SendFrom up to and
// including go-live. A plan enrolled later than SendFrom gets its first
// version on the first day after enrolment.
func Due(golive, today model.Date) bool { return today >= SendFrom(golive) && today <= golive }

// Late reports whether a first version sent on day missed the deadline.
func Late(golive, day model.Date) bool { return day > Deadline(golive) }

// Line is one task of the plan as a version of the handbook fixes it.
type Line struct {
	Key      string         `json:"key"`
	Title    string         `json:"title"`
	Type     model.TaskType `json:"type"`
	Start    model.Date     `json:"start"`
	End      model.Date     `json:"end"`
	Executor string         `json:"executor,omitempty"`
	Own      bool           `json:"own,omitempty"`
}

// Snapshot is what a version of the handbook fixes of the plan: go-live,
// wave and the tasks with dates, type and executor. Statuses are not in it:
// progress is not a change of plan.
type Snapshot struct {
	GoLive model.Date `json:"golive"`
	Wave   int        `json:"wave"`
	Tasks  []Line     `json:"tasks"`
}

// JSON is the snapshot as stored.
func (s Snapshot) JSON() string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // plain values only
	}
	return string(b)
}

// Digest identifies the snapshot's content.
func (s Snapshot) Digest() string {
	h := sha256.Sum256([]byte(s.JSON()))
	return hex.EncodeToString(h[:])
}

// Parse reads a stored snapshot.
func Parse(s string) (Snapshot, error) {
	var out Snapshot
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}

// Changes lists in Danish what differs from prev to cur, in the order of
// go-live, wave, then cur's tasks (new and changed) and prev's tasks that
// are gone; waves are named as the programme names them. No change gives
// no lines.
func Changes(prev, cur Snapshot, waves model.WaveNames) []string {
	var out []string
	if prev.GoLive != cur.GoLive {
		out = append(out, fmt.Sprintf("Go-live er flyttet fra %s til %s.", prev.GoLive.Danish(), cur.GoLive.Danish()))
	}
	if prev.Wave != cur.Wave {
		out = append(out, fmt.Sprintf("Bølge er ændret fra %s til %s.", waves.Short(prev.Wave), waves.Short(cur.Wave)))
	}
	old := make(map[string]Line, len(prev.Tasks))
	for _, l := range prev.Tasks {
		old[l.Key] = l
	}
	seen := make(map[string]bool, len(cur.Tasks))
	for _, l := range cur.Tasks {
		seen[l.Key] = true
		p, ok := old[l.Key]
		if !ok {
			out = append(out, fmt.Sprintf("Ny opgave: %s (%s, %s).", l.Title, strings.ToLower(l.Type.Label()), period(l)))
			continue
		}
		var what []string
		if p.Title != l.Title {
			what = append(what, fmt.Sprintf("titel var %q", p.Title))
		}
		if p.Start != l.Start || p.End != l.End {
			what = append(what, fmt.Sprintf("datoer flyttet fra %s til %s", period(p), period(l)))
		}
		if p.Type != l.Type {
			what = append(what, fmt.Sprintf("type ændret fra %s til %s", strings.ToLower(p.Type.Label()), strings.ToLower(l.Type.Label())))
		}
		if p.Executor != l.Executor {
			what = append(what, fmt.Sprintf("udførende ændret fra %s til %s", orNone(p.Executor), orNone(l.Executor)))
		}
		if len(what) > 0 {
			out = append(out, fmt.Sprintf("%s: %s.", l.Title, strings.Join(what, "; ")))
		}
	}
	for _, l := range prev.Tasks {
		if !seen[l.Key] {
			out = append(out, fmt.Sprintf("Opgaven er udgået: %s.", l.Title))
		}
	}
	return out
}

func period(l Line) string {
	if l.Start == l.End {
		return l.End.Danish()
	}
	return l.Start.Danish() + "–" + l.End.Danish()
}

func orNone(s string) string {
	if s == "" {
		return "(ingen)"
	}
	return s
}

// JobFile is one municipality's handbook PDF made by a handbook job
// (kind haandboeger; docs/handbook.md, "All handbooks of a programme").
type JobFile struct {
	JobID            int64
	MunicipalityCode string
	MunicipalityName string
	Version          int
	PDF              []byte
}

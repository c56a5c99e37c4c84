package catalogue

import (
	"slices"

	"github.com/udrul/udrul/internal/model"
)

// ChangeKind says what happened to a task between two catalogue versions.
type ChangeKind string

const (
	Added     ChangeKind = "added"
	Changed   ChangeKind = "changed"
	Withdrawn ChangeKind = "withdrawn"
	Restored  ChangeKind = "restored" // withdrawn earlier, back in this version
)

// TaskChange describes one task's change. Fields lists the changed fields by
// their catalogue-file names, so a notification can say "slutdato ændret".
type TaskChange struct {
	Key    string     `json:"key"`
	Title  string     `json:"title"`
	Kind   ChangeKind `json:"kind"`
	Fields []string   `json:"fields,omitempty"`
}

// TimingChanged reports whether the change moves the task's dates.
func (c TaskChange) TimingChanged() bool {
	for _, f := range c.Fields {
		switch f {
		case "milestone", "start", "end", "unit":
			return true
		}
	}
	return c.Kind == Added || c.Kind == Restored
}

// Diff compares the tasks of the published catalogue (old, with the keys of
// tasks withdrawn earlier in withdrawn) with a new file's tasks. Changes come
// in the order of the new file, withdrawals last in the old order.
func Diff(old []model.CatalogueTask, withdrawn map[string]bool, next []model.CatalogueTask) []TaskChange {
	byKey := make(map[string]*model.CatalogueTask, len(old))
	for i := range old {
		byKey[old[i].Key] = &old[i]
	}
	var out []TaskChange
	inNext := make(map[string]bool, len(next))
	for i := range next {
		t := &next[i]
		inNext[t.Key] = true
		o := byKey[t.Key]
		switch {
		case o == nil:
			out = append(out, TaskChange{Key: t.Key, Title: t.Title, Kind: Added})
		case withdrawn[t.Key]:
			out = append(out, TaskChange{Key: t.Key, Title: t.Title, Kind: Restored, Fields: ChangedFields(o, t)})
		default:
			if f := ChangedFields(o, t); len(f) > 0 {
				out = append(out, TaskChange{Key: t.Key, Title: t.Title, Kind: Changed, Fields: f})
			}
		}
	}
	for i := range old {
		if !inNext[old[i].Key] && !withdrawn[old[i].Key] {
			out = append(out, TaskChange{Key: old[i].Key, Title: old[i].Title, Kind: Withdrawn})
		}
	}
	return out
}

// ChangedFields names the fields in which a and b differ.
func ChangedFields(a, b *model.CatalogueTask) []string {
	var f []string
	add := func(name string, differ bool) {
		if differ {
			f = append(f, name)
		}
	}
	add("title", a.Title != b.Title)
	add("description", a.Description != b.Description)
	add("theme", a.Theme != b.Theme)
	add("main_task", a.MainTask != b.MainTask)
	add("phase", a.Phase != b.Phase)
	add("type", a.Type != b.Type)
	add("level", a.Level != b.Level)
	add("responsible", a.Responsible != b.Responsible)
	add("executor", a.Executor != b.Executor)
	add("milestone", a.Timing.Milestone != b.Timing.Milestone)
	add("start", a.Timing.Start != b.Timing.Start)
	add("end", a.Timing.End != b.Timing.End)
	add("unit", a.Timing.Unit != b.Timing.Unit)
	add("depends_on", !slices.Equal(a.DependsOn, b.DependsOn))
	add("checkpoint", a.Checkpoint != b.Checkpoint)
	add("readiness_round", a.ReadinessRound != b.ReadinessRound)
	add("checklist", !slices.Equal(a.Checklist, b.Checklist))
	add("links", !slices.Equal(a.Links, b.Links))
	return f
}

// MilestonesChanged lists the keys of milestones whose placement differs;
// every task timed from such a milestone moves.
func MilestonesChanged(a, b *model.Programme) []string {
	var out []string
	for _, m := range b.Milestones {
		o, ok := a.Milestone(m.Key)
		if !ok || o.Offset != m.Offset || o.Unit != m.Unit || o.Date != m.Date {
			out = append(out, m.Key)
		}
	}
	for _, m := range a.Milestones {
		if _, ok := b.Milestone(m.Key); !ok && !slices.Contains(out, m.Key) {
			out = append(out, m.Key)
		}
	}
	return out
}

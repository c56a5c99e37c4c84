package schedule

import (
	"fmt"
	"strings"
)

// Kind says which ends of two tasks a dependency ties together.
type Kind string

const (
	FinishToStart  Kind = "FS" // To starts after From finishes (the default)
	StartToStart   Kind = "SS" // To starts no earlier than From starts
	FinishToFinish Kind = "FF" // To finishes no earlier than From finishes
)

// Valid reports whether k is a known kind; the empty kind means FS.
func (k Kind) Valid() bool {
	return k == "" || k == FinishToStart || k == StartToStart || k == FinishToFinish
}

// orDefault resolves the empty kind to FS, so catalogues can leave it out.
func (k Kind) orDefault() Kind {
	if k == "" {
		return FinishToStart
	}
	return k
}

// Dependency ties task To to task From. Lag is in working days and may be
// zero or negative: FS with lag 0 lets To start on the first working day
// after From's end; lag 2 leaves two working days between; lag -1 lets To
// start on From's last day.
type Dependency struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind Kind   `json:"kind,omitempty"`
	Lag  int    `json:"lag,omitempty"`
}

// Validate checks deps against the task keys of one plan: every dependency
// names two known tasks, has a known kind, and the dependencies contain no
// cycle. The first problem found is returned as a *DuplicateTaskError,
// *UnknownTaskError, *UnknownKindError or *CycleError. Checks run in a fixed
// order (keys, then dependencies in the order given, then cycles), so the
// same input always gives the same error.
func Validate(keys []string, deps []Dependency) error {
	g, err := newGraph(keys, deps)
	if err != nil {
		return err
	}
	_, err = g.topoOrder()
	return err
}

// DuplicateTaskError says a plan holds the same task key twice, which would
// make every dependency on it ambiguous.
type DuplicateTaskError struct{ Key string }

func (e *DuplicateTaskError) Error() string {
	return fmt.Sprintf("opgave %q findes mere end én gang i planen", e.Key)
}

// UnknownTaskError says a dependency names a task the plan does not have.
// Index is the dependency's position in the list, counted from 1 as users do.
type UnknownTaskError struct {
	Index int
	Dep   Dependency
	Key   string
}

func (e *UnknownTaskError) Error() string {
	return fmt.Sprintf("afhængighed %d (%s → %s): ukendt opgave %q", e.Index, e.Dep.From, e.Dep.To, e.Key)
}

// UnknownKindError says a dependency has a kind other than FS, SS or FF.
type UnknownKindError struct {
	Index int
	Dep   Dependency
}

func (e *UnknownKindError) Error() string {
	return fmt.Sprintf("afhængighed %d (%s → %s): ukendt type %q; brug FS, SS eller FF",
		e.Index, e.Dep.From, e.Dep.To, e.Dep.Kind)
}

// CycleError says the dependencies loop back on themselves, so no task in
// the loop could ever start. Keys holds the loop in dependency order,
// starting from its alphabetically first key; a self-dependency is one key.
type CycleError struct{ Keys []string }

func (e *CycleError) Error() string {
	return "afhængighederne danner en løkke: " + strings.Join(e.Keys, " → ") + " → " + e.Keys[0]
}

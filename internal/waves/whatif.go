package waves

import (
	"errors"
	"fmt"
	"slices"
)

// Errors returned by Scenario methods.
var (
	ErrUnknownMunicipality = errors.New("unknown municipality")
	ErrUnknownWave         = errors.New("unknown wave")
	ErrFixed               = errors.New("municipality is fixed to its wave")
	ErrLocked              = errors.New("municipality is locked")
)

// Scenario is a wave plan under discussion (seed 002: dialogue, hearing):
// an assignment plus the municipalities locked where they are. Each step
// reports its effect per criterion. A Scenario is not safe for concurrent use.
type Scenario struct {
	p      Problem
	in     *instance
	a      Assignment
	locked map[string]bool
}

// Relocation is one municipality changing wave.
type Relocation struct {
	Code     string
	From, To int    // wave numbers; From 0: none
	Why      string // in Danish, for a re-plan that keeps a current plan
}

// Change is the effect of a what-if step.
type Change struct {
	Before, After Score
	Delta         Score // After − Before, per criterion
	Moved         []Relocation
	Violations    []string // of the assignment after the step
}

// NewScenario starts a what-if session from an assignment of p (typically
// Optimize's); the assignment is re-evaluated against p.
func NewScenario(p Problem, a Assignment) *Scenario {
	return &Scenario{p: p, in: compile(p), a: Evaluate(p, a.Wave), locked: map[string]bool{}}
}

// Assignment returns the current assignment.
func (s *Scenario) Assignment() Assignment {
	a := s.a
	a.Wave = cloneMap(a.Wave)
	return a
}

// Lock keeps municipalities in their current wave through Reoptimize.
// Locking one member of a collaboration keeps the whole collaboration there.
func (s *Scenario) Lock(codes ...string) error {
	for _, c := range codes {
		if _, ok := s.a.Wave[c]; !ok {
			return fmt.Errorf("lock %s: %w", c, ErrUnknownMunicipality)
		}
	}
	for _, c := range codes {
		s.locked[c] = true
	}
	return nil
}

// Unlock releases locks; unknown or unlocked codes are ignored.
func (s *Scenario) Unlock(codes ...string) {
	for _, c := range codes {
		delete(s.locked, c)
	}
}

// Locked lists the locked municipality codes in ascending order.
func (s *Scenario) Locked() []string {
	out := make([]string, 0, len(s.locked))
	for c := range s.locked {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Move puts a municipality, and its collaboration partners with it, into
// another wave and reports the effect. Fixed and locked municipalities do not
// move (ErrFixed, ErrLocked). Any other move is allowed, even one that breaks
// a hard constraint such as a capacity: the Change then shows it under
// Score.Hard and in Violations, because seeing that is the point of asking.
func (s *Scenario) Move(code string, wave int) (Change, error) {
	i, ok := s.in.byCode[code]
	if !ok {
		return Change{}, fmt.Errorf("move %s: %w", code, ErrUnknownMunicipality)
	}
	if _, ok := s.in.byNum[wave]; !ok {
		return Change{}, fmt.Errorf("move %s to wave %d: %w", code, wave, ErrUnknownWave)
	}
	next := cloneMap(s.a.Wave)
	for _, k := range s.in.units[s.in.unitOf[i]].members {
		c := s.in.munis[k].Code
		if _, fixed := s.p.Fixed[c]; fixed && next[c] != wave {
			return Change{}, fmt.Errorf("move %s: %s: %w", code, s.in.label(k), ErrFixed)
		}
		if s.locked[c] && next[c] != wave {
			return Change{}, fmt.Errorf("move %s: %s: %w", code, s.in.label(k), ErrLocked)
		}
		next[c] = wave
	}
	return s.apply(Evaluate(s.p, next)), nil
}

// Reoptimize re-places every municipality that is neither fixed nor locked.
func (s *Scenario) Reoptimize(seed uint64) (Change, error) {
	return s.reoptimize(seed, nil, 0)
}

// Replan re-places the municipalities of a plan that has been announced:
// current is the announced placement, and the result moves as few
// municipalities away from it as the fixed placements, locks and other hard
// constraints allow, and at most maxMoves (0: no limit); only then does it
// balance. Change.Moved lists every municipality placed elsewhere than in
// current, each with the reason.
func (s *Scenario) Replan(seed uint64, current map[string]int, maxMoves int) (Change, error) {
	if current == nil {
		current = map[string]int{}
	}
	return s.reoptimize(seed, current, maxMoves)
}

func (s *Scenario) reoptimize(seed uint64, current map[string]int, maxMoves int) (Change, error) {
	q := s.p
	q.Current, q.MaxMoves = current, maxMoves
	q.Fixed = cloneMap(s.p.Fixed)
	for c := range s.locked {
		if _, fixed := q.Fixed[c]; !fixed {
			q.Fixed[c] = s.a.Wave[c]
		}
	}
	a, err := Optimize(q, seed)
	if err != nil {
		return Change{}, err
	}
	ch := s.apply(Evaluate(s.p, a.Wave))
	if current != nil {
		ch.Moved = a.Moved // who leaves the announced plan, and why
	}
	return ch, nil
}

// apply makes next the current assignment and describes the step.
func (s *Scenario) apply(next Assignment) Change {
	ch := Change{Before: s.a.Score, After: next.Score, Delta: next.Score.Sub(s.a.Score), Violations: next.Violations}
	for _, m := range s.in.munis {
		if from, to := s.a.Wave[m.Code], next.Wave[m.Code]; from != to {
			ch.Moved = append(ch.Moved, Relocation{Code: m.Code, From: from, To: to})
		}
	}
	s.a = next
	return ch
}

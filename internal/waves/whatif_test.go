package waves

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func mustScenario(t *testing.T, p Problem) *Scenario {
	t.Helper()
	a, err := Optimize(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	return NewScenario(p, a)
}

func TestScenarioMove(t *testing.T) {
	p := smallProblem()
	p.Groups = [][]string{{"561", "563"}}
	s := mustScenario(t, p)
	before := s.Assignment()
	from := before.Wave["825"]
	to := 5 - from // the other regular wave (2 ↔ 3)
	ch, err := s.Move("825", to)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Relocation{{Code: "825", From: from, To: to}}; !slices.Equal(ch.Moved, want) {
		t.Errorf("Moved = %v, want %v", ch.Moved, want)
	}
	if !scoresClose(ch.Delta, ch.After.Sub(ch.Before)) || !scoresClose(ch.Before, before.Score) {
		t.Errorf("delta inconsistent: %+v", ch)
	}
	if math.Abs(ch.Delta.CountBalance) < 1e-9 {
		t.Errorf("moving one municipality should change the count balance: %+v", ch.Delta)
	}
	if got := s.Assignment().Wave["825"]; got != to {
		t.Errorf("Læsø in wave %d after the move, want %d", got, to)
	}

	// A collaboration moves as one.
	target := 5 - s.Assignment().Wave["561"]
	ch, err = s.Move("563", target)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Moved) != 2 || s.Assignment().Wave["561"] != target {
		t.Errorf("Esbjerg did not follow Fanø: %v", ch.Moved)
	}
}

func TestScenarioMoveErrors(t *testing.T) {
	s := mustScenario(t, smallProblem())
	if err := s.Lock("825"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code string
		wave int
		want error
	}{
		{"479", 2, ErrFixed},
		{"825", 5 - s.Assignment().Wave["825"], ErrLocked},
		{"000", 2, ErrUnknownMunicipality},
		{"101", 42, ErrUnknownWave},
	}
	for _, tt := range tests {
		if _, err := s.Move(tt.code, tt.wave); !errors.Is(err, tt.want) {
			t.Errorf("Move(%s, %d) = %v, want %v", tt.code, tt.wave, err, tt.want)
		}
	}
	if err := s.Lock("000"); !errors.Is(err, ErrUnknownMunicipality) {
		t.Errorf("Lock(000) = %v", err)
	}
	// Moving a locked municipality to the wave it is in is not a move.
	if _, err := s.Move("825", s.Assignment().Wave["825"]); err != nil {
		t.Errorf("no-op move of a locked municipality: %v", err)
	}
}

func TestScenarioMoveShowsHardViolations(t *testing.T) {
	p := withWave(smallProblem(), 2, func(w *Wave) { w.Capacity = 3 })
	s := mustScenario(t, p)
	// Fill wave 2 beyond its capacity of 3.
	for c, w := range s.Assignment().Wave {
		if w == 3 {
			if _, err := s.Move(c, 2); err != nil {
				t.Fatal(err)
			}
		}
	}
	a := s.Assignment()
	if a.Score.Hard == 0 || !slices.ContainsFunc(a.Violations, func(v string) bool {
		return strings.HasPrefix(v, "HARD: bølge 2 har 6 kommuner, men kan højst")
	}) {
		t.Errorf("overfull wave not reported: %+v %v", a.Score, a.Violations)
	}
	// Re-optimising restores feasibility.
	ch, err := s.Reoptimize(1)
	if err != nil {
		t.Fatal(err)
	}
	if ch.After.Hard != 0 || ch.Delta.Hard >= 0 {
		t.Errorf("reoptimise left hard violations: %+v", ch.After)
	}
}

func TestScenarioCatchupAndReoptimizeWithLocks(t *testing.T) {
	p := mustKSDProblem(t)
	s := mustScenario(t, p)
	// Gentofte is not ready: it goes to catch-up, and Aalborg is locked
	// where it is while the rest is re-planned around them.
	ch, err := s.Move("157", 8)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Delta.Balance() <= 0 {
		t.Errorf("moving a municipality out of a balanced plan should worsen balance: %+v", ch.Delta)
	}
	aalborg := s.Assignment().Wave["851"]
	if err := s.Lock("157", "851"); err != nil {
		t.Fatal(err)
	}
	if got := s.Locked(); !slices.Equal(got, []string{"157", "851"}) {
		t.Errorf("Locked = %v", got)
	}
	ch, err = s.Reoptimize(1)
	if err != nil {
		t.Fatal(err)
	}
	a := s.Assignment()
	if a.Wave["157"] != 8 || a.Wave["851"] != aalborg {
		t.Errorf("locks not kept: Gentofte %d, Aalborg %d (was %d)", a.Wave["157"], a.Wave["851"], aalborg)
	}
	if ch.Delta.Balance() >= 0 {
		t.Errorf("re-optimising should recover balance: %+v", ch.Delta)
	}
	// 90 municipalities over 5 waves: exactly 18 each.
	if a.Score.CountBalance > 1e-9 || a.Score.Hard != 0 {
		t.Errorf("after re-optimising: %+v", a.Score)
	}
	s.Unlock("157")
	if got := s.Locked(); !slices.Equal(got, []string{"851"}) {
		t.Errorf("Locked after Unlock = %v", got)
	}
}

package training_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/training"
)

func day(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestCheckEdit(t *testing.T) {
	before := training.Run{Type: training.Classroom, Start: day("2027-03-01"), End: day("2027-03-01"), Place: "Rådhuset", Capacity: 20}
	moved := before
	moved.Start, moved.End = day("2027-03-08"), day("2027-03-08")
	smaller := before
	smaller.Capacity = 11
	trainer := before
	trainer.Trainer = "Karin"
	tests := []struct {
		name       string
		state      training.RunState
		after      training.Run
		registered int
		recorded   bool
		field      string // "" = allowed
		conflict   bool
	}{
		{"move a planned run", training.Planned, moved, 12, false, "", false},
		{"capacity down to the registered", training.Planned, training.Run{Type: before.Type, Start: before.Start, End: before.End, Place: before.Place, Capacity: 12}, 12, false, "", false},
		{"capacity below the registered", training.Planned, smaller, 12, false, "capacity", false},
		{"a cancelled run", training.Cancelled, trainer, 0, false, "run", true},
		{"move a run with results", training.Planned, moved, 12, true, "starts_on", true},
		{"correct the trainer of a run with results", training.Planned, trainer, 12, true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := training.CheckEdit(tt.state, before, tt.after, tt.registered, tt.recorded)
			var fe *training.FieldError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field || fe.Conflict != tt.conflict):
				t.Errorf("got %#v, want field %s conflict %v", err, tt.field, tt.conflict)
			}
		})
	}
}

func TestCheckCancel(t *testing.T) {
	starts := day("2027-03-01")
	tests := []struct {
		name     string
		state    training.RunState
		recorded bool
		today    string
		ok       bool
	}{
		{"the day before", training.Planned, false, "2027-02-28", true},
		{"on the day", training.Planned, false, "2027-03-01", false},
		{"after it took place", training.Planned, false, "2027-03-10", false},
		{"results recorded ahead", training.Planned, true, "2027-02-01", false},
		{"already cancelled", training.Cancelled, false, "2027-02-01", false},
	}
	for _, tt := range tests {
		err := training.CheckCancel(tt.state, starts, tt.recorded, day(tt.today))
		var fe *training.FieldError
		if tt.ok != (err == nil) || (err != nil && (!errors.As(err, &fe) || fe.Field != "run" || !fe.Conflict)) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestChangesAndMoved(t *testing.T) {
	a := training.Run{Type: training.Classroom, Start: day("2027-03-01"), End: day("2027-03-01"), Place: "Rådhuset", Capacity: 20, Trainer: "Karin"}
	b := a
	b.Start, b.End, b.Capacity = day("2027-03-08"), day("2027-03-09"), 25
	want := []string{"dato: 01.03.2027 → 08.03.2027–09.03.2027", "kapacitet: 20 → 25 pladser"}
	if got := training.Changes(a, b); !slices.Equal(got, want) {
		t.Errorf("changes %q, want %q", got, want)
	}
	if !training.Moved(a, b) {
		t.Error("a new date is not a move")
	}
	c := a
	c.Trainer, c.Capacity = "", 30
	if training.Moved(a, c) {
		t.Error("trainer and capacity are not a move")
	}
	if got := training.Changes(a, c); !slices.Equal(got, []string{"underviser: Karin → intet", "kapacitet: 20 → 30 pladser"}) {
		t.Errorf("changes %q", got)
	}
}

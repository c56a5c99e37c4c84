package model

import (
	"sort"
	"testing"
)

func TestNeedsAttention(t *testing.T) {
	until := NewDate(2026, 12, 21)
	task := func(s Status, end Date, withdrawn bool) TaskInstance {
		return TaskInstance{Status: s, End: end, Withdrawn: withdrawn}
	}
	later := until.AddDays(30)
	cases := []struct {
		name string
		t    TaskInstance
		c    Colour
		want bool
	}{
		{"red, not started, far away", task(NotStarted, later, false), Red, true},
		{"yellow, started", task(Started, later, false), Yellow, true},
		{"no colour, ends on the horizon's last day", task(NotStarted, until, false), None, true},
		{"no colour, ends the day after the horizon", task(NotStarted, until.AddDays(1), false), None, false},
		{"completed, ends inside the horizon", task(Completed, until, false), Green, false},
		{"not relevant", task(NotRelevant, until, false), None, false},
		{"withdrawn, red", task(NotStarted, until, true), Red, false},
	}
	for _, c := range cases {
		if got := NeedsAttention(c.t, c.c, until); got != c.want {
			t.Errorf("%s: NeedsAttention = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDeadlineBefore(t *testing.T) {
	d := NewDate(2026, 12, 1)
	ts := []TaskInstance{
		{ID: 3, End: d.AddDays(2)},
		{ID: 2, End: d, Start: d},
		{ID: 1, End: d, Start: d},
		{ID: 4, End: d, Start: d.AddDays(-3)},
	}
	sort.SliceStable(ts, func(i, j int) bool { return DeadlineBefore(ts[i], ts[j]) })
	var got []int64
	for _, x := range ts {
		got = append(got, x.ID)
	}
	want := []int64{4, 1, 2, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
}

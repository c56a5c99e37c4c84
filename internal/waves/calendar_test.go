package waves

import (
	"slices"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
)

func TestISOWeekMonday(t *testing.T) {
	tests := []struct {
		year, week int
		want       string
	}{
		{2027, 1, "2027-01-04"},  // 4 January is a Monday
		{2026, 1, "2025-12-29"},  // week 1 starts in the previous year
		{2021, 1, "2021-01-04"},  // 2020 had 53 weeks
		{2020, 53, "2020-12-28"}, // a 53rd week exists
		{2027, 27, "2027-07-05"},
		{2027, 52, "2027-12-27"},
	}
	for _, tt := range tests {
		got := ISOWeekMonday(tt.year, tt.week)
		if got.String() != tt.want {
			t.Errorf("ISOWeekMonday(%d, %d) = %s, want %s", tt.year, tt.week, got, tt.want)
		}
		if y, w := got.Time().ISOWeek(); y != tt.year || w != tt.week {
			t.Errorf("ISOWeekMonday(%d, %d) = %s is in ISO week %d-%d", tt.year, tt.week, got, y, w)
		}
		if got.Weekday() != time.Monday {
			t.Errorf("ISOWeekMonday(%d, %d) = %s is a %s", tt.year, tt.week, got, got.Weekday())
		}
	}
}

func TestStandardBlackouts(t *testing.T) {
	got := StandardBlackouts(2027, 2027)
	want := []Period{
		{From: d(2026, time.December, 21), To: d(2027, time.February, 21), Name: "Jul og vinter 2026/2027"},
		{From: d(2027, time.July, 5), To: d(2027, time.August, 15), Name: "Sommerferie 2027"},
		{From: d(2027, time.December, 27), To: d(2028, time.February, 20), Name: "Jul og vinter 2027/2028"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("StandardBlackouts(2027, 2027):\n got %v\nwant %v", got, want)
	}
	// Edges: the first and last day of each period are blocked, the days
	// around them are not.
	for _, p := range want {
		if !inAny(got, p.From) || !inAny(got, p.To) || inAny(got, p.From-1) || inAny(got, p.To+1) {
			t.Errorf("edges of %s wrong", p)
		}
	}
}

func inAny(ps []Period, day model.Date) bool {
	for _, p := range ps {
		if p.Contains(day) {
			return true
		}
	}
	return false
}

func TestCliquesAndDisjoint(t *testing.T) {
	iv := func(a, b int) interval { return interval{from: model.Date(a), to: model.Date(b)} }
	ivs := []interval{iv(0, 10), iv(5, 15), iv(12, 20), iv(30, 40), iv(8, 9)}
	got := cliques(ivs)
	want := [][]int{{0, 1, 4}, {1, 2}, {3}}
	if len(got) != len(want) {
		t.Fatalf("cliques = %v, want %v", got, want)
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g []int) bool { return slices.Equal(g, w) }) {
			t.Errorf("cliques = %v, missing %v", got, w)
		}
	}
	if n := maxDisjoint(ivs); n != 3 {
		t.Errorf("maxDisjoint = %d, want 3", n)
	}
}

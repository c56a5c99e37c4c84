package report

import (
	"slices"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

func d(s string) model.Date {
	x, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestProgress(t *testing.T) {
	phases := []model.Phase{{Key: "1", Name: "Initiering"}, {Key: "2.1", Name: "Planlægning"}, {Key: "2.2", Name: "Klargøring"}}
	tasks := []Task{
		{Phase: "2.1", Status: model.Completed, Colour: model.Green},
		{Phase: "2.1", Status: model.NotStarted, Colour: model.Red},
		{Phase: "2.1", Status: model.NotRelevant, Colour: model.None},
		{Phase: "1", Status: model.Completed, Colour: model.Green},
		{Phase: "9", Status: model.Started, Colour: model.Yellow},
	}
	got := Progress(phases, tasks)
	want := []struct {
		key, name    string
		n, done, pct int
		colour       model.Colour
	}{
		{"1", "Initiering", 1, 1, 100, model.Green},
		{"2.1", "Planlægning", 3, 2, 66, model.Red},
		{"9", "9", 1, 0, 0, model.Yellow},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d phases, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Phase != w.key || g.Name != w.name || g.Tasks != w.n || g.Done != w.done || g.Percent != w.pct || g.Colour != w.colour {
			t.Errorf("phase %d: got %+v, want %+v", i, g, w)
		}
	}
	if got := Progress(phases, nil); got == nil || len(got) != 0 {
		t.Errorf("no tasks: got %#v, want an empty list", got)
	}
}

func TestMonths(t *testing.T) {
	for _, c := range []struct {
		m           Month
		first, last string
		next, label string
	}{
		{"2027-01", "2027-01-01", "2027-01-31", "2027-02", "januar 2027"},
		{"2028-02", "2028-02-01", "2028-02-29", "2028-03", "februar 2028"},
		{"2026-12", "2026-12-01", "2026-12-31", "2027-01", "december 2026"},
	} {
		if c.m.First() != d(c.first) || c.m.Last() != d(c.last) || c.m.Next() != Month(c.next) || c.m.Label() != c.label {
			t.Errorf("%s: first %s last %s next %s label %q", c.m, c.m.First(), c.m.Last(), c.m.Next(), c.m.Label())
		}
	}
	if got := Months("2026-11", "2027-02"); !slices.Equal(got, []Month{"2026-11", "2026-12", "2027-01", "2027-02"}) {
		t.Errorf("Months: %v", got)
	}
	if got := Months("2027-02", "2027-01"); len(got) != 0 {
		t.Errorf("Months backwards: %v", got)
	}
	for _, bad := range []string{"2027-13", "2027-1", "x", "2027-01-01"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) took it", bad)
		}
	}
}

func TestTrendAndCompare(t *testing.T) {
	kept := []Snapshot{{Month: "2026-12", Counts: model.Counts{Red: 1}}, {Month: "2026-10", Counts: model.Counts{Red: 3}}}
	cur := Snapshot{Month: "2026-12", Counts: model.Counts{Red: 0, Yellow: 2}}
	got := Trend(kept, cur)
	if len(got) != 2 || got[0].Month != "2026-10" || got[1] != cur {
		t.Errorf("Trend: %+v", got)
	}
	for _, c := range []struct {
		a, b model.Counts
		want Direction
	}{
		{model.Counts{Red: 2}, model.Counts{Red: 1, Yellow: 5}, Better},
		{model.Counts{Red: 1, Yellow: 2}, model.Counts{Red: 1, Yellow: 1}, Better},
		{model.Counts{Red: 1}, model.Counts{Red: 2}, Worse},
		{model.Counts{Yellow: 1}, model.Counts{Yellow: 2}, Worse},
		{model.Counts{Red: 1, Green: 3}, model.Counts{Red: 1, Green: 9}, Unchanged},
	} {
		if got := Compare(c.a, c.b); got != c.want {
			t.Errorf("Compare(%+v, %+v) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}

func TestMovement(t *testing.T) {
	for _, c := range []struct {
		planned, current model.Date
		held             bool
		days             int
	}{
		{model.NoDate, d("2027-03-01"), true, 0},
		{d("2027-03-01"), d("2027-03-01"), true, 0},
		{d("2027-03-01"), d("2027-04-05"), false, 35},
		{d("2027-03-01"), d("2027-02-22"), false, -7},
	} {
		held, days := Movement(c.planned, c.current)
		if held != c.held || days != c.days {
			t.Errorf("Movement(%s, %s) = %v %d, want %v %d", c.planned, c.current, held, days, c.held, c.days)
		}
	}
}

func TestSupplierOnTime(t *testing.T) {
	asof := d("2027-01-15")
	for _, c := range []struct {
		name string
		ts   []SupplierTask
		want OnTime
	}{
		{"none", nil, OnTime{Percent: 100}},
		{"mixed", []SupplierTask{
			{End: d("2027-01-10"), Status: model.Completed, Done: d("2027-01-10")}, // on time, on the day
			{End: d("2027-01-10"), Status: model.Completed, Done: d("2027-01-11")}, // late
			{End: d("2027-01-14"), Status: model.Started},                          // overdue
			{End: d("2027-01-15"), Status: model.NotStarted},                       // due today: upcoming
			{End: d("2027-02-01"), Status: model.Completed, Done: d("2027-01-02")}, // early
			{End: d("2027-01-01"), Status: model.NotRelevant},                      // not counted
		}, OnTime{OnTime: 2, Late: 1, Overdue: 1, Upcoming: 1, Percent: 50}},
	} {
		if got := SupplierOnTime(c.ts, asof); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestOpenByMonth(t *testing.T) {
	asof := d("2027-01-15")
	tasks := []Task{
		{Start: d("2026-11-10"), End: d("2026-12-20"), Status: model.Completed, Done: d("2026-12-05")}, // open Nov only
		{Start: d("2026-11-10"), End: d("2026-12-20"), Status: model.NotStarted},                       // overdue: open from Nov on
		{Start: d("2027-01-05"), End: d("2027-02-10"), Status: model.Started},                          // open Jan; planned done Feb 10
		{Start: d("2027-02-01"), End: d("2027-03-31"), Status: model.NotStarted},                       // open Feb, done Mar 31 (last day)
		{Start: d("2026-10-01"), End: d("2026-10-02"), Status: model.NotRelevant},                      // never
		{Start: d("2026-12-01"), End: d("2026-12-31"), Status: model.Completed, Done: model.NoDate},    // done on its end: not open at Dec's end
	}
	got := OpenByMonth(tasks, "2026-10", "2027-03", asof)
	want := []int{0, 2, 1, 2, 2, 1}
	for i, w := range want {
		if got[i].Open != w {
			t.Errorf("%s: %d open, want %d", got[i].Month, got[i].Open, w)
		}
	}
}

func TestParseDistance(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 30, true}, {"0", 0, true}, {" 45 ", 45, true}, {"365", 365, true},
		{"366", 0, false}, {"-1", 0, false}, {"tre", 0, false}, {"1.5", 0, false},
	} {
		got, err := ParseDistance(c.in, 30)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseDistance(%q) = %d, %v", c.in, got, err)
		}
	}
}

func TestCloseGoLives(t *testing.T) {
	gs := []GoLive{
		{Code: "101", Name: "København", Programme: "ksd", Date: d("2027-03-01")},
		{Code: "101", Name: "København", Programme: "ky", Date: d("2027-03-20")},
		{Code: "101", Name: "København", Programme: "sapa", Date: d("2027-06-01")},
		{Code: "147", Name: "Frederiksberg", Programme: "ksd", Date: d("2027-04-01")},
		{Code: "147", Name: "Frederiksberg", Programme: "ky", Date: d("2027-04-01")},
		{Code: "751", Name: "Aarhus", Programme: "ksd", Date: d("2027-01-04")},
	}
	got := CloseGoLives(gs, 30)
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	if got[0].Code != "147" || got[0].Days != 0 || got[1].Code != "101" || got[1].Days != 19 ||
		got[1].First.Programme != "ksd" || got[1].Then.Programme != "ky" {
		t.Errorf("got %+v", got)
	}
	if got := CloseGoLives(gs, 100); len(got) != 4 {
		t.Errorf("100 days: %d pairs, want 4 (ksd–sapa 92 days and ky–sapa 73)", len(got))
	}
	if got := CloseGoLives(nil, 30); got == nil {
		t.Errorf("no go-lives: nil, want an empty list")
	}
}

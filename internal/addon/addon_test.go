package addon

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

func TestDeadline(t *testing.T) {
	for _, c := range []struct {
		golive, deadline string
	}{
		{"2027-03-01", "2026-12-01"},
		{"2027-05-31", "2027-02-28"}, // clamped to the month's end
		{"2028-05-31", "2028-02-29"}, // leap year
		{"2027-01-15", "2026-10-15"},
	} {
		if got := Deadline(d(c.golive)); got != d(c.deadline) {
			t.Errorf("Deadline(%s) = %s, want %s", c.golive, got, c.deadline)
		}
	}
	g := d("2027-03-01")
	if Late(g, d("2026-12-01")) {
		t.Error("an order on the deadline is in time")
	}
	if !Late(g, d("2026-12-02")) {
		t.Error("an order the day after the deadline is late")
	}
	if Late(g, d("2026-11-30")) {
		t.Error("an order before the deadline is in time")
	}
}

func TestCheckCapacity(t *testing.T) {
	w := func(m, s, e string) Window { return Window{Municipality: m, Start: d(s), End: d(e)} }
	four := []Window{
		w("A", "2027-01-04", "2027-01-29"),
		w("B", "2027-01-11", "2027-02-05"),
		w("C", "2027-01-18", "2027-02-12"),
		w("D", "2027-01-25", "2027-02-19"),
	}
	five := append(slices.Clone(four), w("E", "2027-02-01", "2027-02-26"))
	cases := []struct {
		name  string
		limit int
		held  []Window
		new   Window
		over  bool
		day   string
		names []string
	}{
		{"empty", 5, nil, w("X", "2027-01-01", "2027-01-31"), false, "", nil},
		{"four plus one is five", 5, four, w("X", "2027-01-25", "2027-01-29"), false, "", nil},
		{"five plus one is six", 5, append(slices.Clone(four), w("E", "2027-01-25", "2027-01-29")),
			w("X", "2027-01-25", "2027-01-25"), true, "2027-01-25", []string{"A", "B", "C", "D", "E"}},
		// E starts the day A ends: on 29 January A..E are five.
		{"shared edge day counts", 5, append(slices.Clone(four), w("E", "2027-01-29", "2027-02-26")),
			w("X", "2027-01-29", "2027-01-29"), true, "2027-01-29", []string{"A", "B", "C", "D", "E"}},
		// Ending the day before the others' peak: no overload.
		{"ends the day before", 5, five, w("X", "2026-12-01", "2027-01-24"), false, "", nil},
		// The peak of the five (1–29 Jan with A ... 1 Feb: A ended) – on 1 February B, C, D, E are on: four.
		{"after A ended", 5, five, w("X", "2027-01-30", "2027-02-05"), false, "", nil},
		// Starting the day after A ends but reaching into B..E's common days with a sixth.
		{"starts inside", 5, append(slices.Clone(five), w("F", "2027-02-03", "2027-02-04")),
			w("X", "2027-01-30", "2027-02-10"), true, "2027-02-03", []string{"B", "C", "D", "E", "F"}},
		{"own municipality does not count", 5, append(slices.Clone(four), w("X", "2027-01-25", "2027-01-29")),
			w("X", "2027-01-25", "2027-01-29"), false, "", nil},
		{"a municipality counts once", 5, append(slices.Clone(four), w("A", "2027-01-20", "2027-02-20")),
			w("X", "2027-01-25", "2027-01-29"), false, "", nil},
		{"limit one", 1, []Window{w("A", "2027-01-04", "2027-01-04")}, w("X", "2027-01-04", "2027-01-05"), true, "2027-01-04", []string{"A"}},
		{"limit one, day after", 1, []Window{w("A", "2027-01-04", "2027-01-04")}, w("X", "2027-01-05", "2027-01-05"), false, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, over := CheckCapacity(c.limit, c.held, c.new)
			if over != c.over {
				t.Fatalf("over = %v, want %v (%+v)", over, c.over, got)
			}
			if !over {
				return
			}
			if got.Day != d(c.day) || !slices.Equal(got.Municipalities, c.names) {
				t.Errorf("got %s %v, want %s %v", got.Day, got.Municipalities, c.day, c.names)
			}
		})
	}
}

func TestCategories(t *testing.T) {
	for _, c := range Categories.Values() {
		if !c.Valid() || c.Label() == string(c) || c.Theme() == "" || c.MainTask() < 1 || c.MainTask() > 16 {
			t.Errorf("category %q", c)
		}
	}
	if Category("x").Valid() {
		t.Error("unknown category valid")
	}
}

package calendar

import (
	"testing"

	"github.com/udrul/udrul/internal/model"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

var danish = Danish()

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2026-11-24", true, "ordinary Tuesday"},
		{"2026-11-28", false, "Saturday"},
		{"2026-11-29", false, "Sunday"},
		{"2026-01-01", false, "nytårsdag"},
		{"2026-04-02", false, "skærtorsdag 2026"},
		{"2026-04-03", false, "langfredag 2026"},
		{"2026-04-06", false, "2. påskedag 2026"},
		{"2026-05-14", false, "Kristi himmelfartsdag 2026"},
		{"2026-05-25", false, "2. pinsedag 2026"},
		{"2026-06-05", false, "grundlovsdag (Friday)"},
		{"2026-12-25", false, "juledag"},
		{"2026-12-28", true, "Monday after 2. juledag on a Saturday: not moved"},
		{"2023-05-05", false, "store bededag 2023, the last one"},
		{"2024-04-26", true, "store bededag abolished from 2024"},
		{"2027-04-23", true, "store bededag abolished (2027)"},
		{"2027-03-25", false, "skærtorsdag 2027"},
		{"2026-12-24", true, "juleaftensdag is not a public holiday"},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			if got := danish.IsWorkingDay(d(tt.date)); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-11-24", 0, "2026-11-24", "zero on a working day is the day itself"},
		{"2026-11-29", 0, "2026-11-27", "zero on a Sunday rolls back to Friday"},
		{"2026-11-27", 1, "2026-11-30", "Friday +1 skips the weekend"},
		{"2026-11-30", -1, "2026-11-27", "Monday -1 is the Friday before"},
		{"2026-11-24", 5, "2026-12-01", "a working week"},
		{"2026-04-01", 1, "2026-04-07", "over Easter: skærtorsdag, langfredag, weekend, 2. påskedag"},
		{"2026-04-07", -1, "2026-04-01", "back over Easter"},
		{"2026-12-23", 1, "2026-12-24", "juleaftensdag counts"},
		{"2026-12-24", 1, "2026-12-28", "juledag, 2. juledag and Sunday skipped"},
		{"2026-12-31", 1, "2027-01-04", "nytårsdag and weekend skipped"},
		{"2024-04-25", 1, "2024-04-26", "former store bededag is a working day in 2024"},
		{"2023-05-04", 1, "2023-05-08", "store bededag 2023 still skipped"},
		{"2027-01-04", -250, "2026-01-07", "about a year back"},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			if got := danish.AddWorkingDays(d(tt.from), tt.n); got != d(tt.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestOffsetCalendarDaysRollsBack(t *testing.T) {
	// 2026-11-24 + 4 calendar days is Saturday 28th: deadline moves to Friday.
	if got := danish.Offset(d("2026-11-24"), 4, model.CalendarDays); got != d("2026-11-27") {
		t.Errorf("got %s", got)
	}
	if got := danish.Offset(d("2026-11-24"), -1, model.CalendarDays); got != d("2026-11-23") {
		t.Errorf("got %s", got)
	}
}

func TestWarnUntil(t *testing.T) {
	tests := []struct {
		asof string
		days int
		want string
	}{
		{"2026-11-23", 3, "2026-11-26"}, // Monday → Thursday
		{"2026-11-26", 3, "2026-12-01"}, // Thursday → Tuesday over the weekend
		{"2026-11-28", 3, "2026-12-02"}, // from a Saturday: Mon, Tue, Wed
		{"2026-11-24", 0, "2026-11-24"},
	}
	for _, tt := range tests {
		if got := danish.WarnUntil(d(tt.asof), tt.days); got != d(tt.want) {
			t.Errorf("WarnUntil(%s, %d) = %s, want %s", tt.asof, tt.days, got, tt.want)
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	if n := danish.WorkingDaysBetween(d("2026-11-23"), d("2026-11-30")); n != 5 {
		t.Errorf("Mon→next Mon = %d, want 5", n)
	}
	if n := danish.WorkingDaysBetween(d("2026-11-30"), d("2026-11-23")); n != -5 {
		t.Errorf("reverse = %d, want -5", n)
	}
}

func TestTaskDates(t *testing.T) {
	p := &model.Programme{Key: "p", Milestones: []model.Milestone{{Key: "idrift", Offset: -5, Unit: model.WorkingDays}}}
	golive := d("2027-03-01") // Monday
	ms := danish.Milestones(p, golive)
	if ms["idrift"] != d("2027-02-22") {
		t.Fatalf("idrift = %s", ms["idrift"])
	}
	tests := []struct {
		name               string
		timing             model.Timing
		wantStart, wantEnd string
		wantErr            bool
	}{
		{"before go-live", model.Timing{Start: -10, End: -1}, "2027-02-15", "2027-02-26", false},
		{"relative to idrift", model.Timing{Milestone: "idrift", Start: 0, End: 2}, "2027-02-22", "2027-02-24", false},
		{"calendar days roll back from Saturdays", model.Timing{Start: -30, End: -2, Unit: model.CalendarDays}, "2027-01-29", "2027-02-26", false},
		{"end before start", model.Timing{Start: -1, End: -10}, "", "", true},
		{"unknown milestone", model.Timing{Milestone: "nope"}, "", "", true},
		{"out of calendar", model.Timing{Start: -100000, End: 0, Unit: model.CalendarDays}, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := &model.CatalogueTask{Key: "k", Timing: tt.timing}
			s, e, err := danish.TaskDates(task, ms)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want error, got %s–%s", s, e)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e != d(tt.wantEnd) {
				t.Errorf("end = %s, want %s", e, tt.wantEnd)
			}
			if tt.wantStart != "" && s != d(tt.wantStart) {
				t.Errorf("start = %s, want %s", s, tt.wantStart)
			}
		})
	}
}

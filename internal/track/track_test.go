package track_test

import (
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/track"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestCheckGoLive(t *testing.T) {
	cal := calendar.Danish()
	muni := d("2027-05-03") // a Monday
	for _, c := range []struct {
		name    string
		date    string
		pilot   bool
		problem string // a part of the refusal, "" when allowed
	}{
		{"the municipality's own date", "2027-05-03", false, ""},
		{"later in the wave", "2027-06-14", false, ""},
		{"last day of the wave", "2027-08-03", false, ""},
		{"after the wave", "2027-08-04", false, "i kommunens bølge"},
		{"a pilot a day before", "2027-04-30", true, ""},
		{"a pilot in January", "2027-01-04", true, ""},
		{"a pilot too early", "2026-10-30", false, "183 dage før kommunens go-live"},
		{"a Saturday", "2027-05-08", false, "lørdag eller søndag"},
		{"a Sunday pilot", "2027-04-25", false, "lørdag eller søndag"},
		{"Ascension Day", "2027-05-06", false, "helligdag"},
		{"Easter Monday pilot", "2027-03-29", false, "helligdag"},
		{"no date", "", false, "angiv"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var date model.Date
			if c.date != "" {
				date = d(c.date)
			}
			pilot, problem := track.CheckGoLive(cal, muni, date)
			if c.problem == "" && problem != "" {
				t.Fatalf("refused: %s", problem)
			}
			if c.problem != "" && !strings.Contains(problem, c.problem) {
				t.Fatalf("problem %q, want it to say %q", problem, c.problem)
			}
			if pilot != c.pilot {
				t.Errorf("pilot %v, want %v", pilot, c.pilot)
			}
		})
	}
}

func TestStepOf(t *testing.T) {
	for _, c := range []struct {
		category    string
		institution bool
		want        track.Step
	}{
		{"skole", false, track.StepA},
		{"skole", true, track.StepB},
		{"dagtilbud", false, track.StepC},
		{"dagtilbud", true, track.StepD},
		{"", false, ""},
		{"", true, ""},
	} {
		if got := track.StepOf(c.category, c.institution); got != c.want {
			t.Errorf("StepOf(%q, %v) = %q, want %q", c.category, c.institution, got, c.want)
		}
	}
	if track.StepD.Label() != "Trin D: kommunens dagtilbud" || track.Step("").Label() != "" {
		t.Errorf("labels: %q %q", track.StepD.Label(), track.Step("").Label())
	}
}

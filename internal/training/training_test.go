package training

import (
	"errors"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
)

func field(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

func d(s string) model.Date {
	x, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestPassMarkAndScore(t *testing.T) {
	for _, c := range []struct {
		score  float64
		passed bool
		field  string
	}{
		{0, false, ""}, {79.9, false, ""}, {80, true, ""}, {100, true, ""},
		{100.5, true, "score"}, {-1, false, "score"},
	} {
		if got := Passed(c.score); got != c.passed {
			t.Errorf("Passed(%v) = %t", c.score, got)
		}
		if got := field(ValidateScore(c.score)); got != c.field {
			t.Errorf("ValidateScore(%v) names %q, want %q", c.score, got, c.field)
		}
	}
}

func TestRunValidate(t *testing.T) {
	good := Run{Type: Classroom, Start: d("2027-02-01"), Place: "Rådhuset", Capacity: 20, Trainer: "KMD"}
	for _, c := range []struct {
		name  string
		edit  func(*Run)
		field string
	}{
		{"good", func(*Run) {}, ""},
		{"e-learning needs no place", func(r *Run) { r.Type, r.Place = ELearning, "" }, ""},
		{"type", func(r *Run) { r.Type = "webinar" }, "type"},
		{"no date", func(r *Run) { r.Start = 0 }, "starts_on"},
		{"ends before", func(r *Run) { r.End = r.Start.AddDays(-1) }, "ends_on"},
		{"too long", func(r *Run) { r.End = r.Start.AddDays(91) }, "ends_on"},
		{"no seats", func(r *Run) { r.Capacity = 0 }, "capacity"},
		{"too many seats", func(r *Run) { r.Capacity = MaxCapacity + 1 }, "capacity"},
		{"classroom without place", func(r *Run) { r.Place = " " }, "place"},
	} {
		r := good
		c.edit(&r)
		if got := field(r.Validate()); got != c.field {
			t.Errorf("%s: names %q, want %q", c.name, got, c.field)
		}
	}
	r := good
	_ = r.Validate()
	if r.End != r.Start {
		t.Error("a run without an end is one day")
	}
	if field(CheckCapacity(19, 20)) != "" || field(CheckCapacity(20, 20)) != "run" {
		t.Error("the 21st participant of 20 seats is refused naming run")
	}
	if field(ValidateEvaluation(1, 5)) != "" || field(ValidateEvaluation(0, 3)) != "satisfaction" || field(ValidateEvaluation(3, 6)) != "benefit" {
		t.Error("evaluations are 1–5 each")
	}
}

func TestSupplierTrainingCapacity(t *testing.T) {
	p := func(m, from, to string) PurchasedTraining {
		return PurchasedTraining{Municipality: m, Start: d(from), End: d(to)}
	}
	four := []PurchasedTraining{p("A", "2027-01-04", "2027-01-08"), p("B", "2027-01-04", "2027-01-08"), p("C", "2027-01-05", "2027-01-06"),
		p("D", "2027-01-06", "2027-01-15")}
	for _, c := range []struct {
		name    string
		planned []PurchasedTraining
		run     PurchasedTraining
		refused string // the municipalities named, "" when allowed
	}{
		{"fifth at once is allowed", four, p("E", "2027-01-06", "2027-01-06"), ""},
		{"sixth at once is refused", append(four, p("E", "2027-01-06", "2027-01-06")), p("F", "2027-01-01", "2027-01-10"), "A, B, C, D, E, F"},
		{"after the others end", append(four, p("E", "2027-01-06", "2027-01-06")), p("F", "2027-01-16", "2027-01-20"), ""},
		{"a sixth starting inside the run counts", append(four, p("E", "2027-01-07", "2027-01-07")), p("F", "2027-01-01", "2027-01-03"), ""},
		{"five on the last day is allowed", append(four, p("E", "2027-01-08", "2027-01-09")), p("F", "2027-01-06", "2027-01-08"), ""},
		{"six on the last day is refused", append(four, p("E", "2027-01-08", "2027-01-09"), p("G", "2027-01-08", "2027-01-08")), p("F", "2027-01-06", "2027-01-08"), "A, B, D, E, F, G"},
		{"the same municipality twice counts once", append(four, p("A", "2027-01-06", "2027-01-06")), p("F", "2027-01-06", "2027-01-06"), ""},
		{"a municipality's second run", append(four, p("E", "2027-01-06", "2027-01-06")), p("E", "2027-01-06", "2027-01-07"), ""},
	} {
		err := CheckSupplierTrainingCapacity(c.planned, c.run)
		switch {
		case c.refused == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.refused != "" && (err == nil || field(err) != "starts_on" || !strings.HasSuffix(err.Error(), c.refused)):
			t.Errorf("%s: %v, want the municipalities %s named", c.name, err, c.refused)
		}
	}
}

func TestWindowAndRates(t *testing.T) {
	w := Window{From: d("2027-01-04"), Until: d("2027-04-30")}
	for _, c := range []struct {
		from, to string
		out      bool
	}{{"2027-01-04", "2027-01-04", false}, {"2027-04-30", "2027-04-30", false}, {"2027-01-03", "2027-01-05", true}, {"2027-04-29", "2027-05-01", true}} {
		if got := w.Outside(d(c.from), d(c.to)); got != c.out {
			t.Errorf("Outside(%s, %s) = %t", c.from, c.to, got)
		}
	}
	if (Window{}).Outside(d("2020-01-01"), d("2020-01-01")) {
		t.Error("no window flags nothing")
	}
	var r PassRate
	for _, s := range []float64{80, 79, 100} {
		r.Add(s)
	}
	if r.Tested != 3 || r.Passed != 2 || r.Percent() != 67 || (PassRate{}).Percent() != 0 {
		t.Errorf("pass rate %+v = %d %%", r, r.Percent())
	}
}

func TestEvaluationThresholdIsTheSurveys(t *testing.T) {
	four := EvaluationSum{N: 4, Satisfaction: 16, Benefit: 12}
	if got := four.Summarise(readiness.DefaultThreshold); !got.Hidden || got.Answers != 0 {
		t.Errorf("4 answers: %+v, want hidden without a count", got)
	}
	four.Add(EvaluationSum{N: 1, Satisfaction: 4, Benefit: 3})
	if got := four.Summarise(readiness.DefaultThreshold); got.Hidden || got.Answers != 5 || got.Satisfaction != 4 || got.Benefit != 3 {
		t.Errorf("5 answers: %+v", got)
	}
	if got := (EvaluationSum{}).Summarise(0); !got.Hidden {
		t.Error("no answers are never shown")
	}
}

// A sign-up can be withdrawn up to the day before its run starts, and
// never once attendance or a score is recorded.
func TestCanWithdraw(t *testing.T) {
	yes, score := true, 85.0
	starts := d("2027-03-08")
	for _, c := range []struct {
		name     string
		today    string
		attended *bool
		score    *float64
		want     bool
	}{
		{"weeks before", "2027-02-15", nil, nil, true},
		{"the day before", "2027-03-07", nil, nil, true},
		{"the first day", "2027-03-08", nil, nil, false},
		{"after", "2027-03-09", nil, nil, false},
		{"attendance recorded early", "2027-03-01", &yes, nil, false},
		{"score recorded early", "2027-03-01", nil, &score, false},
	} {
		if got := CanWithdraw(starts, c.attended, c.score, d(c.today)); got != c.want {
			t.Errorf("%s: CanWithdraw = %v, want %v", c.name, got, c.want)
		}
	}
}

package readiness

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

var cal = calendar.Danish()

func d(y int, m time.Month, day int) model.Date { return model.NewDate(y, m, day) }

func TestRoundWindow(t *testing.T) {
	cases := []struct {
		name          string
		kind          Kind
		golive        model.Date
		opens, closes model.Date
	}{
		{"baseline 6 months before, a Tuesday", Baseline, d(2027, 3, 1), d(2026, 9, 1), d(2026, 9, 15)},
		{"status 1 month after, a Thursday", Status1, d(2027, 3, 1), d(2027, 4, 1), d(2027, 4, 15)},
		{"status 6 months after", Status6, d(2027, 3, 1), d(2027, 9, 1), d(2027, 9, 15)},
		// A Saturday rolls back to Friday.
		{"lands on a Saturday", Status1, d(2027, 3, 3), d(2027, 4, 2), d(2027, 4, 16)},
		// Juledag (Friday) rolls back to 24 December; nytårsdag is skipped in the window.
		{"lands on juledag", Status1, d(2026, 11, 25), d(2026, 12, 24), d(2027, 1, 11)},
		// Langfredag rolls back over skærtorsdag; anden påskedag is skipped.
		{"lands on langfredag", Status1, d(2027, 2, 26), d(2027, 3, 24), d(2027, 4, 12)},
		// 31 August minus 6 months is clamped to 28 February, a Saturday.
		{"month end clamped onto a Saturday", Baseline, d(2026, 8, 31), d(2026, 2, 27), d(2026, 3, 13)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := RoundWindow(cal, c.kind, c.golive)
			if w.Opens != c.opens || w.Closes != c.closes {
				t.Errorf("RoundWindow(%s, %s) = %s–%s, want %s–%s", c.kind, c.golive, w.Opens, w.Closes, c.opens, c.closes)
			}
			if !cal.IsWorkingDay(w.Opens) || !cal.IsWorkingDay(w.Closes) {
				t.Errorf("window %s–%s starts or ends on a day off", w.Opens, w.Closes)
			}
		})
	}
}

func TestRoundWindowMovesWithGoLive(t *testing.T) {
	before := RoundWindow(cal, Baseline, d(2027, 3, 1))
	after := RoundWindow(cal, Baseline, d(2027, 3, 8))
	if after.Opens != before.Opens+7 || after.Closes != before.Closes+7 {
		t.Errorf("go-live a week later: %v → %v, want both dates a week later", before, after)
	}
}

func TestDue(t *testing.T) {
	golive := d(2027, 3, 1) // baseline closes 2026-09-15
	if Due(cal, Baseline, golive, d(2026, 9, 15)) {
		t.Error("due on its closing day; want due only after it")
	}
	if !Due(cal, Baseline, golive, d(2026, 9, 16)) {
		t.Error("not due the day after closing")
	}
}

func TestAnswerValidate(t *testing.T) {
	cases := []struct {
		a     Answer
		field string // "" = valid
	}{
		{Answer{1, 2, 3, 4, 5}, ""},
		{Answer{5, 5, 5, 5, 5}, ""},
		{Answer{0, 3, 3, 3, 3}, "opmaerksomhed"},
		{Answer{3, 6, 3, 3, 3}, "motivation"},
		{Answer{3, 3, 3, 3, -1}, "anerkendelse"},
	}
	for _, c := range cases {
		err := c.a.Validate()
		var fe *FieldError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%v: %v, want valid", c.a, err)
		case c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field):
			t.Errorf("%v: %v, want an error naming %s", c.a, err, c.field)
		}
	}
}

func TestValidateThreshold(t *testing.T) {
	for n, ok := range map[int]bool{2: false, 3: true, 5: true, 0: false, -1: false, 1000: true, 1001: false} {
		if err := ValidateThreshold(n); (err == nil) != ok {
			t.Errorf("ValidateThreshold(%d) = %v, want ok=%v", n, err, ok)
		}
	}
}

func tally(as ...Answer) Tally {
	var t Tally
	for _, a := range as {
		t.Add(a)
	}
	return t
}

func repeat(a Answer, n int) []Answer {
	out := make([]Answer, n)
	for i := range out {
		out[i] = a
	}
	return out
}

func TestSummariseThreshold(t *testing.T) {
	four := tally(repeat(Answer{4, 4, 4, 4, 4}, 4)...)
	five := tally(repeat(Answer{4, 4, 4, 4, 4}, 5)...)
	cases := []struct {
		name      string
		t         Tally
		threshold int
		hidden    bool
	}{
		{"4 answers, threshold 5", four, 5, true},
		{"5 answers, threshold 5", five, 5, false},
		{"4 answers, threshold 4", four, 4, false},
		{"4 answers, threshold 3", four, 3, false},
		{"no answers", Tally{}, 3, true},
	}
	for _, c := range cases {
		r := Summarise(c.t, c.threshold)
		if r.Hidden != c.hidden {
			t.Errorf("%s: hidden %v, want %v", c.name, r.Hidden, c.hidden)
		}
		if r.Hidden && (r.N != 0 || r.Elements != nil || r.Focus != nil) {
			t.Errorf("%s: a hidden result gives figures: %+v", c.name, r)
		}
	}
}

func TestSummariseFocus(t *testing.T) {
	el := func(e Element) *Element { return &e }
	cases := []struct {
		name    string
		answers []Answer
		focus   *Element
		means   [NumElements]float64
	}{
		{"all above 3: no focus", repeat(Answer{4, 5, 4, 4, 5}, 5), nil, [5]float64{4, 5, 4, 4, 5}},
		{"mean exactly 3.0 is a focus", repeat(Answer{4, 4, 3, 4, 4}, 5), el(Knowledge), [5]float64{4, 4, 3, 4, 4}},
		{"the leftmost of several", repeat(Answer{4, 2, 3, 1, 4}, 5), el(Motivation), [5]float64{4, 2, 3, 1, 4}},
		{"only the last", repeat(Answer{5, 5, 5, 5, 2}, 5), el(Recognition), [5]float64{5, 5, 5, 5, 2}},
		// 3.2 on awareness is not a focus; motivation's 3.0 = (2+3+3+4+3)/5 is.
		{"mixed answers, mean 3.0 from a spread", []Answer{{3, 2, 5, 5, 5}, {3, 3, 5, 5, 5}, {4, 3, 5, 5, 5}, {3, 4, 5, 5, 5}, {3, 3, 5, 5, 5}},
			el(Motivation), [5]float64{3.2, 3, 5, 5, 5}},
		// 3.0001 would not be a focus: 3n+1 over n.
		{"just above 3", append(repeat(Answer{3, 4, 4, 4, 4}, 9), Answer{4, 4, 4, 4, 4}), nil, [5]float64{3.1, 4, 4, 4, 4}},
	}
	for _, c := range cases {
		r := Summarise(tally(c.answers...), 5)
		if r.Hidden {
			t.Fatalf("%s: hidden", c.name)
		}
		switch {
		case c.focus == nil && r.Focus != nil:
			t.Errorf("%s: focus %s, want none", c.name, r.Focus.Name())
		case c.focus != nil && (r.Focus == nil || *r.Focus != *c.focus):
			t.Errorf("%s: focus %v, want %s", c.name, r.Focus, c.focus.Name())
		}
		for i, e := range r.Elements {
			if math.Abs(e.Mean-c.means[i]) > 1e-9 {
				t.Errorf("%s: %s mean %v, want %v", c.name, e.Name, e.Mean, c.means[i])
			}
			if e.Focus != (e.Mean <= 3+1e-9) {
				t.Errorf("%s: %s focus flag %v with mean %v", c.name, e.Name, e.Focus, e.Mean)
			}
		}
	}
}

func TestSummariseDistribution(t *testing.T) {
	r := Summarise(tally(Answer{1, 2, 3, 4, 5}, Answer{1, 1, 3, 5, 5}, Answer{2, 2, 3, 4, 5}), 3)
	if got, want := r.Elements[Awareness].Distribution, [5]int{2, 1, 0, 0, 0}; got != want {
		t.Errorf("awareness distribution %v, want %v", got, want)
	}
	if got, want := r.Elements[Support].Distribution, [5]int{0, 0, 0, 2, 1}; got != want {
		t.Errorf("support distribution %v, want %v", got, want)
	}
	if r.N != 3 {
		t.Errorf("N = %d, want 3", r.N)
	}
}

func TestCompare(t *testing.T) {
	base := Summarise(tally(repeat(Answer{3, 2, 3, 4, 4}, 5)...), 5)
	status := Summarise(tally(repeat(Answer{4, 4, 3, 4, 5}, 6)...), 5)
	few := Summarise(tally(repeat(Answer{5, 5, 5, 5, 5}, 4)...), 5)
	c := Compare(Baseline, Status1, base, status)
	if c.Hidden || len(c.Changes) != NumElements {
		t.Fatalf("comparison %+v", c)
	}
	if ch := c.Changes[Motivation]; ch.From != 2 || ch.To != 4 || ch.Delta != 2 {
		t.Errorf("motivation change %+v, want 2 → 4 (+2)", ch)
	}
	if h := Compare(Baseline, Status1, base, few); !h.Hidden || h.Changes != nil {
		t.Errorf("comparison with a hidden round shows figures: %+v", h)
	}
	if h := Compare(Baseline, Status1, few, status); !h.Hidden {
		t.Errorf("comparison from a hidden round shows figures: %+v", h)
	}
}

func TestRun(t *testing.T) {
	cases := []struct {
		s    RoundState
		want bool
	}{
		{RoundState{Exists: true, Closed: true, Answers: 5}, true},
		{RoundState{Exists: true, Closed: true, Answers: 4}, false},
		{RoundState{Exists: true, Closed: false, Answers: 50}, false},
		{RoundState{}, false},
	}
	for _, c := range cases {
		if got := Run(c.s, 5); got != c.want {
			t.Errorf("Run(%+v, 5) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestAggregate(t *testing.T) {
	run := func(n int, a Answer) Round {
		return Round{State: RoundState{Exists: true, Closed: true, Answers: n}, Tally: tally(repeat(a, n)...)}
	}
	golive := d(2027, 3, 1) // baseline due after 2026-09-15, status-1 after 2027-04-15
	ms := []Municipality{
		{Code: "101", Name: "København", Wave: 2, GoLive: golive, Threshold: 5, Rounds: map[Kind]Round{
			Baseline: run(10, Answer{2, 2, 2, 2, 2}), Status1: run(10, Answer{4, 4, 4, 4, 4})}},
		{Code: "147", Name: "Frederiksberg", Wave: 1, GoLive: golive, Threshold: 5, Rounds: map[Kind]Round{
			Baseline: run(10, Answer{4, 4, 4, 4, 4}),
			// Closed with too few: counts nowhere and is missing once due.
			Status1: {State: RoundState{Exists: true, Closed: true, Answers: 3}, Tally: tally(repeat(Answer{1, 1, 1, 1, 1}, 3)...)}}},
		{Code: "151", Name: "Ballerup", Wave: 1, GoLive: golive, Threshold: 3, Rounds: map[Kind]Round{
			Baseline: {State: RoundState{Exists: true, Answers: 20}, Tally: tally(repeat(Answer{1, 1, 1, 1, 1}, 20)...)}}},
		{Code: "153", Name: "Brøndby", Wave: 1, GoLive: golive, Threshold: 5},
	}
	n := Aggregate(cal, ms, d(2027, 5, 1), 5)
	if len(n.Rounds) != 3 {
		t.Fatalf("rounds %+v", n.Rounds)
	}
	b := n.Rounds[0]
	if b.Kind != Baseline || b.Municipalities != 2 || b.Result.N != 20 || b.Result.Elements[0].Mean != 3 {
		t.Errorf("baseline aggregate %+v, want 2 municipalities, 20 answers, mean 3", b)
	}
	if s := n.Rounds[1]; s.Municipalities != 1 || s.Result.Elements[0].Mean != 4 {
		t.Errorf("status-1 aggregate %+v, want København's alone (mean 4)", s)
	}
	if s := n.Rounds[2]; !s.Result.Hidden || s.Municipalities != 0 {
		t.Errorf("status-6 aggregate %+v, want hidden (nobody)", s)
	}
	if len(n.Waves) != 2 || n.Waves[0].Wave != 1 || n.Waves[1].Wave != 2 {
		t.Fatalf("waves %+v, want 1 and 2 in order", n.Waves)
	}
	if w1 := n.Waves[0].Rounds[0]; w1.Municipalities != 1 || w1.Result.Elements[0].Mean != 4 {
		t.Errorf("wave 1 baseline %+v, want Frederiksberg's alone", w1)
	}
	want := map[string]string{
		"147 status-1": "lukket med for få svar (3, grænsen er 5)",
		"151 baseline": "runden er ikke lukket",
		"151 status-1": "runden er ikke oprettet",
		"153 baseline": "runden er ikke oprettet",
		"153 status-1": "runden er ikke oprettet",
	}
	got := map[string]string{}
	for _, m := range n.Missing {
		got[m.Code+" "+string(m.Kind)] = m.Reason
	}
	if len(got) != len(want) {
		t.Errorf("missing %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("missing %s: %q, want %q", k, got[k], v)
		}
	}
	// The aggregate's own threshold hides a cell with too few answers.
	small := Aggregate(cal, ms[:1], d(2027, 5, 1), 11)
	if !small.Rounds[0].Result.Hidden {
		t.Error("a national cell of 10 answers is shown with threshold 11")
	}
}

func TestSummariseGroupsHidesAComplementaryTotal(t *testing.T) {
	big := tally(repeat(Answer{4, 4, 4, 4, 4}, 5)...)
	small := tally(repeat(Answer{1, 1, 1, 1, 1}, 2)...)
	rs, total := SummariseGroups([]Tally{big, small}, 5)
	if rs[0].Hidden || !rs[1].Hidden || !total.Hidden {
		t.Errorf("5 and 2 answers: groups hidden %v %v, total hidden %v; want the total hidden too", rs[0].Hidden, rs[1].Hidden, total.Hidden)
	}
	rs, total = SummariseGroups([]Tally{big, {}}, 5)
	if rs[0].Hidden || !rs[1].Hidden || total.Hidden || total.N != 5 {
		t.Errorf("5 answers and an empty group: %+v, total %+v; want the total shown", rs, total)
	}
}

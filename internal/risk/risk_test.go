package risk

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
)

func valid() Risk {
	return Risk{ID: "R-1", Description: "Støttesystemerne er ikke opdateret før go-live, så sager kan ikke oprettes.",
		Registered: model.NewDate(2027, 1, 4), Category: Technical, Probability: 3, Consequence: 4, Proximity: Near,
		Reaction: Reduce, Prevention: "Test af integrationerne to uger før.", Status: Open, Initiator: "Projektleder",
		Owner: "KMD", Actor: "Teknisk ansvarlig", NextReview: model.NewDate(2027, 2, 1)}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Risk)
		field string
	}{
		{"valid", func(*Risk) {}, ""},
		{"no description", func(r *Risk) { r.Description = "  " }, "description"},
		{"no registration date", func(r *Risk) { r.Registered = model.NoDate }, "registered"},
		{"unknown category", func(r *Risk) { r.Category = "juridisk" }, "category"},
		{"probability 0", func(r *Risk) { r.Probability = 0 }, "probability"},
		{"probability 6", func(r *Risk) { r.Probability = 6 }, "probability"},
		{"consequence 6", func(r *Risk) { r.Consequence = 6 }, "consequence"},
		{"probability 1 and consequence 5", func(r *Risk) { r.Probability, r.Consequence = 1, 5 }, ""},
		{"unknown proximity", func(r *Risk) { r.Proximity = "i morgen" }, "proximity"},
		{"unknown reaction type", func(r *Risk) { r.Reaction = "ignorere" }, "reaction_type"},
		{"unknown status", func(r *Risk) { r.Status = "glemt" }, "status"},
		{"no owner", func(r *Risk) { r.Owner = "" }, "owner"},
		{"initiator too long", func(r *Risk) { r.Initiator = strings.Repeat("x", MaxShort+1) }, "initiator"},
		{"review before registration", func(r *Risk) { r.NextReview = model.NewDate(2027, 1, 1) }, "next_review"},
		{"lesson on an open risk", func(r *Risk) { r.Lesson = "Test tidligere." }, "lesson"},
		{"lesson on a closed risk", func(r *Risk) { r.Lesson, r.Status = "Test tidligere.", Closed }, ""},
	}
	for _, c := range cases {
		r := valid()
		c.edit(&r)
		err := r.Validate()
		var fe *FieldError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v, want valid", c.name, err)
		case c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field):
			t.Errorf("%s: %v, want an error naming %s", c.name, err, c.field)
		}
	}
}

func TestExposureAndBand(t *testing.T) {
	cases := []struct {
		p, c, exposure int
		band           string
	}{{1, 1, 1, "lav"}, {1, 5, 5, "lav"}, {2, 3, 6, "middel"}, {3, 4, 12, "middel"}, {3, 5, 15, "høj"}, {5, 5, 25, "høj"}}
	for _, c := range cases {
		r := Risk{Probability: c.p, Consequence: c.c}
		if r.Exposure() != c.exposure || Band(r.Exposure()) != c.band {
			t.Errorf("%d × %d: exposure %d (%s), want %d (%s)", c.p, c.c, r.Exposure(), Band(r.Exposure()), c.exposure, c.band)
		}
	}
}

func TestHeatmap(t *testing.T) {
	rs := []Risk{
		{Probability: 3, Consequence: 4, Status: Open},
		{Probability: 3, Consequence: 4, Status: Occurred},
		{Probability: 3, Consequence: 4, Status: Closed}, // not live
		{Probability: 5, Consequence: 1, Status: Open},
		{Probability: 0, Consequence: 9, Status: Open}, // invalid: ignored, not a panic
	}
	h := HeatmapOf(rs)
	if h.At(3, 4) != 2 || h.At(5, 1) != 1 || h.At(1, 5) != 0 {
		t.Errorf("heatmap %v", h)
	}
	total := 0
	for p := range h {
		for c := range h[p] {
			total += h[p][c]
		}
	}
	if total != 3 {
		t.Errorf("heatmap counts %d risks, want the 3 live ones", total)
	}
}

func TestOverdue(t *testing.T) {
	d := func(y int, m time.Month, day int) model.Date { return model.NewDate(y, m, day) }
	r := valid() // review 2027-02-01
	if Overdue(r, d(2027, 2, 1)) {
		t.Error("overdue on its review day")
	}
	if !Overdue(r, d(2027, 2, 2)) {
		t.Error("not overdue the day after")
	}
	r.Status = Closed
	if Overdue(r, d(2027, 3, 1)) {
		t.Error("a closed risk is overdue")
	}
	r.Status, r.NextReview = Open, model.NoDate
	if Overdue(r, d(2027, 3, 1)) {
		t.Error("a risk without a review date is overdue")
	}
}

func TestSupplierOwned(t *testing.T) {
	for owner, want := range map[string]bool{"KMD": true, " kmd ": true, "Leverandøren": true, "Kommunen": false, "": false} {
		if got := SupplierOwned(Risk{Owner: owner}, "KMD"); got != want {
			t.Errorf("owner %q: %v, want %v", owner, got, want)
		}
	}
}

func TestLessonFor(t *testing.T) {
	closed := Risk{Status: Closed, Lesson: "Book undervisningslokaler tidligt."}
	cases := []struct {
		r          Risk
		from, wave int
		want       bool
	}{
		{closed, 3, 4, true},
		{closed, 4, 4, false}, // the same wave
		{closed, 5, 4, false}, // a later wave
		{Risk{Status: Open, Lesson: "x"}, 3, 4, false},
		{Risk{Status: Closed}, 3, 4, false},
		{closed, 0, 4, false}, // a municipality without a wave
	}
	for i, c := range cases {
		if got := LessonFor(c.r, c.from, c.wave); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

func TestLabels(t *testing.T) {
	if Technical.Label() != "Teknisk" || Imminent.Label() == "" || Accept.Label() != "Acceptere" || Occurred.Label() != "Indtruffet" || Hypercare.Label() == "" {
		t.Error("a label is missing")
	}
}

func TestChanges(t *testing.T) {
	before := valid()
	cases := []struct {
		name string
		edit func(*Risk)
		want []Change
	}{
		{"nothing", func(*Risk) {}, []Change{}},
		{"probability, with the exposure it moves", func(r *Risk) { r.Probability = 5 }, []Change{
			{"Sandsynlighed", "3", "5"}, {"Eksponering", "12 (middel)", "20 (høj)"}}},
		{"same exposure, other factors", func(r *Risk) { r.Probability, r.Consequence = 4, 3 }, []Change{
			{"Sandsynlighed", "3", "4"}, {"Konsekvens", "4", "3"}}},
		{"closed with a lesson, review removed", func(r *Risk) { r.Status, r.Lesson, r.NextReview = Closed, "Test tidligere.", model.NoDate }, []Change{
			{"Status", "Åben", "Lukket"}, {"Næste gennemgang", "01.02.2027", "–"}, {"Læring", "–", "Test tidligere."}}},
		{"labels, not keys", func(r *Risk) { r.Category, r.Reaction, r.Proximity = Organisational, Fallback, Unknown }, []Change{
			{"Kategori", "Teknisk", "Organisatorisk"}, {"Nærhed", "1–3 måneder", "Ikke vurderet"}, {"Reaktionstype", "Reducere", "Beredskab"}}},
		{"owner emptied and registration date", func(r *Risk) { r.Owner, r.Registered = "", model.NewDate(2027, 1, 5) }, []Change{
			{"Registreringsdato", "04.01.2027", "05.01.2027"}, {"Ejer", "KMD", "–"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			after := before
			c.edit(&after)
			got := Changes(before, after)
			if len(got) != len(c.want) {
				t.Fatalf("Changes = %+v, want %+v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("change %d = %+v, want %+v", i, got[i], c.want[i])
				}
			}
		})
	}
}

func TestSummarise(t *testing.T) {
	asof := model.NewDate(2027, 3, 1)
	r := func(cat Category, p, c int, st Status, review model.Date) Risk {
		x := valid()
		x.Category, x.Probability, x.Consequence, x.Status, x.NextReview = cat, p, c, st, review
		return x
	}
	past, future := model.NewDate(2027, 2, 1), model.NewDate(2027, 4, 1)
	rs := []Placed{
		{r(Technical, 5, 3, Open, past), Municipal, 1},            // høj, overdue
		{r(Organisational, 2, 3, Occurred, future), Municipal, 1}, // middel
		{r(Technical, 5, 5, Closed, past), Municipal, 3},          // closed: no band, not overdue
		{r(Technical, 1, 1, Open, model.NoDate), Hypercare, 1},    // lav
		{r(Organisational, 4, 4, Open, past), Central, 0},         // høj, overdue; no wave
	}
	s := Summarise(rs, asof)
	if s.Total != 5 || s.Live != 4 || s.Overdue != 2 {
		t.Errorf("total %d, live %d, overdue %d; want 5, 4, 2", s.Total, s.Live, s.Overdue)
	}
	counts := func(cs []Count) map[string]int {
		m := map[string]int{}
		for _, c := range cs {
			if c.Label == "" {
				t.Errorf("%q has no label", c.Key)
			}
			m[c.Key] = c.Count
		}
		return m
	}
	for name, c := range map[string]struct {
		got  []Count
		want map[string]int
	}{
		"level":    {s.ByLevel, map[string]int{"kommune": 3, "central": 1, "hypercare": 1}},
		"category": {s.ByCategory, map[string]int{"teknisk": 3, "organisatorisk": 2}},
		"band":     {s.ByBand, map[string]int{"høj": 2, "middel": 1, "lav": 1}},
		"status":   {s.ByStatus, map[string]int{"aaben": 3, "indtruffet": 1, "lukket": 1}},
	} {
		got := counts(c.got)
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
		for k, n := range c.want {
			if got[k] != n {
				t.Errorf("%s %s: %d, want %d", name, k, got[k], n)
			}
		}
	}
	want := []WaveCount{{Wave: 1, Municipal: 2, Hypercare: 1, Live: 3, High: 1}, {Wave: 3, Municipal: 1}}
	if len(s.ByWave) != len(want) || s.ByWave[0] != want[0] || s.ByWave[1] != want[1] {
		t.Errorf("by wave %+v, want %+v", s.ByWave, want)
	}
	// Nothing: every key still listed with 0, and no waves.
	e := Summarise(nil, asof)
	if len(e.ByLevel) != 3 || len(e.ByCategory) != 2 || len(e.ByBand) != 3 || len(e.ByStatus) != 3 || e.ByWave == nil || len(e.ByWave) != 0 {
		t.Errorf("empty summary %+v", e)
	}
}

package waves

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// The go-live rule at its edges: the standard blackouts are the default,
// from the Monday of ISO week 52 to the Sunday of week 7, and the summer
// holiday from the Monday of week 27 to the Sunday of week 32.
func TestGoLiveRuleEdges(t *testing.T) {
	custom := Period{From: d(2027, time.March, 1), To: d(2027, time.March, 5), Name: "Valg"}
	for _, tc := range []struct {
		name    string
		rule    GoLiveRule
		day     model.Date
		blocked string // period name, "" for allowed
	}{
		{"Sunday before week 52", GoLiveRule{}, d(2027, time.December, 26), ""},
		{"Monday of week 52", GoLiveRule{}, d(2027, time.December, 27), "Jul og vinter 2027/2028"},
		{"new year", GoLiveRule{}, d(2028, time.January, 3), "Jul og vinter 2027/2028"},
		{"Sunday of week 7", GoLiveRule{}, d(2028, time.February, 20), "Jul og vinter 2027/2028"},
		{"Monday of week 8", GoLiveRule{}, d(2028, time.February, 21), ""},
		{"week 7 of a year that starts the count", GoLiveRule{}, d(2027, time.February, 21), "Jul og vinter 2026/2027"},
		{"Monday of week 8 in 2027", GoLiveRule{}, d(2027, time.February, 22), ""},
		{"Sunday before the summer holiday", GoLiveRule{}, d(2027, time.July, 4), ""},
		{"Monday of week 27", GoLiveRule{}, d(2027, time.July, 5), "Sommerferie 2027"},
		{"19 July 2027", GoLiveRule{}, d(2027, time.July, 19), "Sommerferie 2027"},
		{"Sunday of week 32", GoLiveRule{}, d(2027, time.August, 15), "Sommerferie 2027"},
		{"Monday of week 33", GoLiveRule{}, d(2027, time.August, 16), ""},
		{"a year with week 53", GoLiveRule{}, d(2026, time.December, 31), "Jul og vinter 2026/2027"},
		{"own periods allow the summer", GoLiveRule{OwnPeriods: true}, d(2027, time.July, 19), ""},
		{"own periods apply", GoLiveRule{OwnPeriods: true, Periods: []Period{custom}}, d(2027, time.March, 5), "Valg"},
		{"extra periods add to the standard", GoLiveRule{Periods: []Period{custom}}, d(2027, time.March, 1), "Valg"},
		{"extra periods keep the standard", GoLiveRule{Periods: []Period{custom}}, d(2027, time.July, 19), "Sommerferie 2027"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, blocked := tc.rule.Blocked(tc.day)
			if tc.blocked == "" && blocked {
				t.Fatalf("%s blocked by %s", tc.day.Danish(), p)
			}
			if tc.blocked != "" && (!blocked || p.Name != tc.blocked) {
				t.Fatalf("%s: got %v %v, want blocked by %q", tc.day.Danish(), p, blocked, tc.blocked)
			}
		})
	}
}

// A problem that says nothing about blackouts gets the standard ones: a
// wave going live on 19 July 2027 is refused, unless the programme names
// its own periods.
func TestStandardBlackoutsAreTheDefault(t *testing.T) {
	p := withWave(smallProblem(), 3, func(w *Wave) { w.GoLive = d(2027, time.July, 19) })
	p.Blackouts = nil
	if !hasKind(Validate(p), "wave-in-blackout") {
		t.Fatalf("19.07.2027 not refused: %v", Validate(p))
	}
	p.OwnBlackouts = true
	if hasKind(Validate(p), "wave-in-blackout") {
		t.Fatalf("refused although the programme allows it: %v", Validate(p))
	}
}

func hasKind(is []Issue, kind string) bool {
	return slices.ContainsFunc(is, func(i Issue) bool { return i.Kind == kind })
}

func issueOf(is []Issue, kind string) Issue {
	for _, i := range is {
		if i.Kind == kind {
			return i
		}
	}
	return Issue{}
}

var fyn9 = []string{"410", "430", "440", "450", "461", "479", "480", "482", "492"} // Fyn without Assens

// A collaboration containing a pilot is refused by default, naming the pilot
// and the group; the coordinator's rule decides otherwise.
func TestPilotCollaborations(t *testing.T) {
	for _, tc := range []struct {
		name   string
		group  []string
		pilot  string
		others []string
		wave   int
	}{
		{"Vallensbæk and Brøndby", []string{"187", "153"}, "Vallensbæk (187)", []string{"153"}, 1},
		{"Assens and nine on Fyn", append([]string{"420"}, fyn9...), "Assens (420)", fyn9, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustKSDProblem(t)
			p.Groups = [][]string{tc.group}
			is := issueOf(Validate(p), "pilot-in-collaboration")
			if is.Kind == "" || !strings.Contains(is.Message, tc.pilot) || !strings.Contains(is.Message, "Brøndby (153)") && tc.wave == 1 ||
				!strings.Contains(is.Message, "pilotbølge "+string(rune('0'+tc.wave))) {
				t.Fatalf("issue %+v, want one naming %s and the group", is, tc.pilot)
			}
			var ie *InfeasibleError
			if _, err := Optimize(p, 1); !errors.As(err, &ie) {
				t.Fatalf("Optimize: %v, want refused", err)
			}

			p.PilotGroups = PilotJoins
			a, err := Optimize(p, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tc.others {
				if a.Wave[c] != tc.wave {
					t.Errorf("join: %s in wave %d, want pilot wave %d", c, a.Wave[c], tc.wave)
				}
			}
			if a.Score.Hard != 0 {
				t.Errorf("join: hard violations %v", a.Violations)
			}

			p.PilotGroups = PilotLeaves
			a, err = Optimize(p, 1)
			if err != nil {
				t.Fatal(err)
			}
			if a.Wave[tc.group[0]] != tc.wave {
				t.Errorf("leave: pilot in wave %d", a.Wave[tc.group[0]])
			}
			first := a.Wave[tc.others[0]]
			for _, c := range tc.others {
				if a.Wave[c] < 3 || a.Wave[c] > 7 || a.Wave[c] != first {
					t.Errorf("leave: %s in wave %d, want the rest together in one regular wave (%d)", c, a.Wave[c], first)
				}
			}
			if a.Score.Hard != 0 {
				t.Errorf("leave: hard violations %v", a.Violations)
			}
		})
	}
}

// Moving a municipality that is not a pilot into a pilot wave is a hard
// violation the what-if shows at once.
func TestMoveIntoPilotWaveIsHard(t *testing.T) {
	p := mustKSDProblem(t)
	a, err := Optimize(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := NewScenario(p, a).Move("101", 1)
	if err != nil {
		t.Fatal(err)
	}
	hard, _ := SplitViolations(ch.Violations)
	if ch.After.Hard == 0 || !slices.Contains(hard, "København (101) er ikke pilotkommune, men står i pilotbølge 1") {
		t.Fatalf("hard %v (score %v)", hard, ch.After.Hard)
	}
	if !strings.HasPrefix(ch.Violations[0], HardPrefix) {
		t.Errorf("hard violations do not come first: %v", ch.Violations[:3])
	}
}

// The training check counts only the places that can take a municipality:
// a pilot wave's training window holds its pilots, not free municipalities.
func TestTrainingRoomCountsOnlyRegularWaves(t *testing.T) {
	p := smallProblem()
	p.Waves = []Wave{
		{Number: 1, Kind: Pilot, GoLive: d(2027, time.March, 1)},
		{Number: 2, Kind: Regular, GoLive: d(2027, time.April, 26)},
		{Number: 3, Kind: Regular, GoLive: d(2027, time.May, 3)},
	}
	p.TrainingParallel = 1
	for i := range p.Municipalities {
		if c := p.Municipalities[i].Code; c == "101" || c == "461" {
			p.Municipalities[i].PurchasedTraining = true
		}
	}
	start := time.Now()
	is := Validate(p)
	if !hasKind(is, "training-capacity") {
		t.Fatalf("not refused: %v", is)
	}
	if msg := issueOf(is, "training-capacity").Message; !strings.Contains(msg, "2 kommuner med købt uddannelse") || !strings.Contains(msg, "kun plads til 1") {
		t.Errorf("message %q", msg)
	}
	var ie *InfeasibleError
	if _, err := Optimize(p, 1); !errors.As(err, &ie) || time.Since(start) > time.Second {
		t.Fatalf("Optimize: %v after %v, want refused at once", err, time.Since(start))
	}
	// With room in a second training period it is feasible.
	p.Waves[2].GoLive = d(2027, time.June, 7)
	if is := Validate(p); hasKind(is, "training-capacity") {
		t.Fatalf("refused with room: %v", is)
	}
}

// Capacity in inhabitants and institutions holds or is refused naming the
// municipality and the rule.
func TestCapacityInInhabitantsAndInstitutions(t *testing.T) {
	p := mustKSDProblem(t)
	for i := range p.Waves {
		if p.Waves[i].Kind == Regular {
			p.Waves[i].MaxPopulation = 600_000
		}
	}
	is := Validate(p)
	if m := issueOf(is, "municipality-too-large").Message; !strings.Contains(m, "København (101)") {
		t.Errorf("København not named: %v", is)
	}
	if m := issueOf(is, "capacity-too-small").Message; !strings.Contains(m, "indbyggere") {
		t.Errorf("population room not checked: %v", is)
	}

	p = mustKSDProblem(t)
	for i := range p.Waves {
		if p.Waves[i].Kind == Regular {
			p.Waves[i].MaxPopulation = 1_070_000
		}
	}
	a, err := Optimize(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range a.Waves {
		if w.Kind == Regular && w.Population > 1_070_000 {
			t.Errorf("wave %d has %d inhabitants", w.Number, w.Population)
		}
	}
	// A wave over its institutions is a hard violation in Evaluate.
	q := smallProblem()
	for i := range q.Municipalities {
		q.Municipalities[i].Institutions = 10
	}
	q = withWave(q, 2, func(w *Wave) { w.MaxInstitutions = 25 })
	a, err = Optimize(q, 1)
	if err != nil {
		t.Fatal(err)
	}
	if a.Waves[1].Institutions > 25 {
		t.Errorf("wave 2 has %d institutions", a.Waves[1].Institutions)
	}
	all := map[string]int{}
	for _, m := range q.Municipalities {
		all[m.Code] = 2
	}
	hard, _ := SplitViolations(Evaluate(q, all).Violations)
	if !slices.ContainsFunc(hard, func(h string) bool { return strings.Contains(h, "skoler og dagtilbud, men kan højst tage 25") }) {
		t.Errorf("institutions over capacity not reported: %v", hard)
	}
}

// regularWithinHalfPercent checks every regular wave's population against
// the mean.
func regularWithinHalfPercent(t *testing.T, a Assignment) {
	t.Helper()
	var pops []int
	total := 0
	for _, w := range a.Waves {
		if w.Kind == Regular {
			pops = append(pops, w.Population)
			total += w.Population
		}
	}
	mean := float64(total) / float64(len(pops))
	for k, p := range pops {
		if dev := (float64(p) - mean) / mean; dev > 0.005 || dev < -0.005 {
			t.Errorf("regular wave %d: %d inhabitants, %.3f %% from the mean %.0f", k+1, p, 100*dev, mean)
		}
	}
}

// A re-plan of an announced KSD plan after one lock moves only the
// municipalities the lock forces, at most the allowed number, keeps every
// hard rule and stays within 0.5 % of the mean population per wave.
func TestReplanOneLockKSD(t *testing.T) {
	p := mustKSDProblem(t)
	announced, err := Optimize(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	regularWithinHalfPercent(t, announced)
	// Læsø asks, in the hearing, to go in another wave.
	from := announced.Wave["825"]
	to := 3
	if from == 3 {
		to = 4
	}
	replan := func(t *testing.T, p Problem, maxMoves int) (Change, error) {
		sc := NewScenario(p, announced)
		if _, err := sc.Move("825", to); err != nil {
			t.Fatal(err)
		}
		if err := sc.Lock("825"); err != nil {
			t.Fatal(err)
		}
		return sc.Replan(1, announced.Wave, maxMoves)
	}

	t.Run("no capacity: only the locked one moves", func(t *testing.T) {
		start := time.Now()
		ch, err := replan(t, p, 3)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("re-plan in %v", time.Since(start))
		if len(ch.Moved) != 1 || ch.Moved[0].Code != "825" || ch.Moved[0].To != to || !strings.Contains(ch.Moved[0].Why, "låst") {
			t.Fatalf("moved %+v, want Læsø alone", ch.Moved)
		}
		if ch.After.Hard != 0 {
			t.Errorf("hard: %v", ch.Violations)
		}
	})

	t.Run("full wave: one more has to make room", func(t *testing.T) {
		q := p
		q.Waves = slices.Clone(p.Waves)
		for i, w := range q.Waves {
			if w.Kind == Regular {
				q.Waves[i].Capacity = announced.Waves[i].Count // every regular wave is full
				if w.Number != to {
					q.Waves[i].Capacity++ // … but the target has no room
				}
			}
		}
		start := time.Now()
		ch, err := replan(t, q, 2)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("re-plan in %v: %+v", time.Since(start), ch.Moved)
		// Wave `to` was full, so at least one of its municipalities must
		// leave: two moves is the least possible.
		if len(ch.Moved) != 2 {
			t.Fatalf("moved %+v, want Læsø and one to make room", ch.Moved)
		}
		for _, r := range ch.Moved {
			if r.Code != "825" && (r.From != to || !strings.Contains(r.Why, "plads")) {
				t.Errorf("%+v: want it to leave wave %d to make room", r, to)
			}
		}
		if ch.After.Hard != 0 {
			t.Errorf("hard: %v", ch.Violations)
		}
		// Balance comes second: of all ways to make room with one move, the
		// re-plan takes the best balanced one (checked by enumeration).
		got := Evaluate(q, applyMoves(announced.Wave, ch.Moved)).Score.Balance()
		best := got
		locked := applyMoves(announced.Wave, []Relocation{{Code: "825", To: to}})
		for _, m := range q.Municipalities {
			if locked[m.Code] != to || m.Code == "825" {
				continue
			}
			for _, w := range q.Waves {
				if w.Kind != Regular || w.Number == to {
					continue
				}
				try := applyMoves(locked, []Relocation{{Code: m.Code, To: w.Number}})
				if e := Evaluate(q, try); e.Score.Hard == 0 {
					best = min(best, e.Score.Balance())
				}
			}
		}
		if got > best+1e-9 {
			t.Errorf("balance %.6f, the best two-move re-plan has %.6f", got, best)
		}

		// At most one move allowed: refused with the reason.
		_, err = replan(t, q, 1)
		var ie *InfeasibleError
		if !errors.As(err, &ie) || ie.Issues[0].Kind != "too-many-moves" || !strings.Contains(ie.Issues[0].Message, "højst 1") {
			t.Fatalf("max 1 move: %v", err)
		}
	})
}

func applyMoves(m map[string]int, rs []Relocation) map[string]int {
	out := cloneMap(m)
	for _, r := range rs {
		out[r.Code] = r.To
	}
	return out
}

func BenchmarkReplanKSD(b *testing.B) {
	p := mustKSDProblem(b)
	announced, err := Optimize(p, 1)
	if err != nil {
		b.Fatal(err)
	}
	cpu := cpuSeconds()
	defer func() { b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op") }()
	for b.Loop() {
		sc := NewScenario(p, announced)
		if _, err := sc.Move("825", 3); err != nil {
			b.Fatal(err)
		}
		if err := sc.Lock("825"); err != nil {
			b.Fatal(err)
		}
		if _, err := sc.Replan(1, announced.Wave, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExplainInCoordinatorWords(t *testing.T) {
	a := Evaluate(quad(), map[string]int{"a": 1, "b": 1, "c": 2, "e": 3})
	got := strings.Join(Explain(a), "\n")
	for _, want := range []string{"afviger højst 10 indbyggere", "fra gennemsnittet på 20.", "1–2 kommuner (gennemsnit 1,5)"} {
		if !strings.Contains(got, want) {
			t.Errorf("explanation lacks %q:\n%s", want, got)
		}
	}
}

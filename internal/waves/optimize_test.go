package waves

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// ksdWithConstraints adds illustrative collaborations, wishes and purchased
// training to the KSD instance (none of them are facts from the seeds).
func ksdWithConstraints(t *testing.T) Problem {
	p := mustKSDProblem(t)
	p.Groups = [][]string{
		{"561", "563"},        // Esbjerg, Fanø
		{"813", "825"},        // Frederikshavn, Læsø
		{"479", "492"},        // Svendborg, Ærø
		{"157", "159", "161"}, // Gentofte, Gladsaxe, Glostrup
	}
	p.Wishes = []Wish{
		{Code: "461", Preferred: []int{3}},      // Odense
		{Code: "851", Preferred: []int{6, 7}},   // Aalborg
		{Code: "665", Excluded: []int{3, 4, 5}}, // Lemvig
		{Code: "741", Preferred: []int{5}, Excluded: []int{7}},
	}
	p.Municipalities = slices.Clone(p.Municipalities)
	for i := range p.Municipalities {
		p.Municipalities[i].PurchasedTraining = i%5 == 0
	}
	return p
}

func TestOptimizeKeepsHardConstraints(t *testing.T) {
	p := ksdWithConstraints(t)
	if issues := Validate(p); len(issues) > 0 {
		t.Fatal(issues)
	}
	a, err := Optimize(p, 7)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", a.Score)
	for _, v := range a.Violations {
		t.Log(v)
	}
	if a.Score.Hard != 0 {
		t.Fatalf("hard violations: %v", a.Violations)
	}
	for _, g := range p.Groups {
		for _, c := range g[1:] {
			if a.Wave[c] != a.Wave[g[0]] {
				t.Errorf("collaboration %v split: %s in %d, %s in %d", g, g[0], a.Wave[g[0]], c, a.Wave[c])
			}
		}
	}
	for _, w := range p.Wishes {
		if slices.Contains(w.Excluded, a.Wave[w.Code]) {
			t.Errorf("%s placed in excluded wave %d", w.Code, a.Wave[w.Code])
		}
	}
	for _, s := range a.Waves {
		if s.Trained > DefaultTrainingParallel {
			t.Errorf("wave %d trains %d at once", s.Number, s.Trained)
		}
	}
	// Count floor of the balance objective: 91 over 5 waves as 18,18,18,18,19.
	if lb := 1.6 / 18.2; a.Score.Balance() > 1.01*lb {
		t.Errorf("balance %.6f more than 1 %% above the count floor %.6f", a.Score.Balance(), lb)
	}
	if a.Score.Wishes != 0 {
		t.Errorf("%v wishes unmet", a.Score.Wishes)
	}
}

func TestOptimizeDeterministicPerSeed(t *testing.T) {
	p := smallProblem()
	p.Groups = [][]string{{"561", "563"}}
	a1, err := Optimize(p, 3)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		a2, _ := Optimize(p, 3)
		if !mapsEqual(a1.Wave, a2.Wave) {
			t.Fatalf("seed 3 gave %v and %v", a1.Wave, a2.Wave)
		}
	}
	if a1.Wave["479"] != 1 || a1.Wave["561"] != a1.Wave["563"] {
		t.Errorf("fixed or group broken: %v", a1.Wave)
	}
	for code, w := range a1.Wave {
		if code != "479" && w != 2 && w != 3 {
			t.Errorf("%s in wave %d; free municipalities belong in regular waves", code, w)
		}
	}
}

func TestOptimizeReportsUnsatisfiableTraining(t *testing.T) {
	// Validate cannot see this one: three trained municipalities in one
	// collaboration, two waves, one training place at a time.
	p := smallProblem()
	p.TrainingParallel = 1
	p.Groups = [][]string{{"101", "147"}}
	p.Municipalities = slices.Clone(p.Municipalities)
	p.Municipalities[0].PurchasedTraining = true
	p.Municipalities[1].PurchasedTraining = true
	if issues := Validate(p); len(issues) > 0 {
		t.Fatalf("unexpected issues: %v", issues)
	}
	_, err := Optimize(p, 1)
	var inf *InfeasibleError
	if !errorsAs(err, &inf) || inf.Issues[0].Kind != "no-feasible-assignment-found" {
		t.Fatalf("Optimize = %v, want no-feasible-assignment-found", err)
	}
}

// TestSearchAgreesWithEvaluate checks that the incremental objective of the
// search, its delta shortcuts and Evaluate compute the same thing.
func TestSearchAgreesWithEvaluate(t *testing.T) {
	p := ksdWithConstraints(t)
	in := compile(p)
	rng := rand.New(rand.NewPCG(1, 2))
	st := in.construct(rng)
	regA, regB := make([]int, len(in.regions)), make([]int, len(in.regions))
	for range 2000 {
		k, l := st.movable[rng.IntN(len(st.movable))], st.movable[rng.IntN(len(st.movable))]
		a, b := st.at[k], st.at[l]
		if a == b || !in.units[k].can[b] || !in.units[l].can[a] {
			continue
		}
		r := len(in.regions)
		x, y := st.bundleOf(a, b, make([]int, r), k), st.bundleOf(b, a, make([]int, r), l)
		slow := st.exchangeDelta([]int{k}, []int{l}, a, b)
		fast := st.bundleDelta(a, b, &x, &y, st.local(a, b), regA, regB)
		if math.Abs(slow-fast) > 1e-9 {
			t.Fatalf("exchange delta %v, bundle delta %v", slow, fast)
		}
		before := st.cost()
		st.exchange([]int{k}, []int{l}, a, b)
		after := st.cost()
		if math.Abs(after-before-slow) > 1e-9 {
			t.Fatalf("delta %v, objective moved by %v", slow, after-before)
		}
	}
	soft, hard := st.objective()
	ev := Evaluate(p, in.waveMap(st.at))
	if math.Abs(soft-ev.Score.Total) > 1e-9 {
		t.Errorf("search objective %v, Evaluate total %v", soft, ev.Score.Total)
	}
	if hard == 0 && ev.Score.Hard != 0 {
		t.Errorf("search sees no hard violation, Evaluate does: %v", ev.Violations)
	}
}

package waves

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// searchParams set the effort of the search.
type searchParams struct {
	restarts int // independent runs; the best one wins
	// The first phase anneals with the secondary weights (mix, spread,
	// wishes) multiplied by amplify, so that the plan's structure is settled
	// while the temperature is still high enough to move whole municipalities;
	// the second anneals with the true weights at low temperature.
	amplify        float64
	iters1, iters2 int     // annealing steps per phase
	t0, t1, t2     float64 // temperatures: phase 1 from t0 to t1, phase 2 from t1 to t2
}

// defaultSearch is tuned on the KSD instance (docs/waves.md): every restart
// alone lands within 0.1 % of the MILP bound, the restarts buy robustness on
// instances with more hard constraints.
var defaultSearch = searchParams{restarts: 8, amplify: 30, iters1: 100_000, iters2: 50_000, t0: 0.05, t1: 1e-3, t2: 1e-6}

// Optimize places every municipality: fixed ones where they are fixed, their
// collaboration partners with them, and all others in the regular waves so
// that count and population are balanced, each wave mixes size classes and
// regions evenly, and wishes are met where possible. The hard constraints
// (fixed, collaborations, capacity, exclusions, parallel training) always
// hold in the result; if Validate finds a conflict, or the search cannot
// satisfy them, Optimize returns an *InfeasibleError. The result depends only
// on p and seed, not on timing or the number of cores.
func Optimize(p Problem, seed uint64) (Assignment, error) {
	if p.Current != nil {
		return optimize(p, seed, replanSearch)
	}
	return optimize(p, seed, defaultSearch)
}

// replanSearch is the effort of a re-plan: almost every unit stays where
// the current plan has it, so far fewer steps settle it.
var replanSearch = searchParams{restarts: 4, amplify: 30, iters1: 20_000, iters2: 10_000, t0: 0.05, t1: 1e-3, t2: 1e-6}

func optimize(p Problem, seed uint64, sp searchParams) (Assignment, error) {
	if issues := Validate(p); len(issues) > 0 {
		return Assignment{}, &InfeasibleError{Issues: issues}
	}
	in := compile(p)
	best := in.search(seed, sp)
	a := Evaluate(p, in.waveMap(best.at))
	if a.Score.Hard > 0 {
		hard, soft := SplitViolations(a.Violations)
		return a, &InfeasibleError{Soft: soft, Issues: []Issue{{
			Kind:        "no-feasible-assignment-found",
			Constraints: hard,
			Message:     "der blev ikke fundet nogen plan, der overholder alle de faste regler; den bedste plan, der blev fundet, bryder dem, der står her",
		}}}
	}
	if p.Current != nil && p.MaxMoves > 0 && len(a.Moved) > p.MaxMoves {
		names := make([]string, len(a.Moved))
		for k, r := range a.Moved {
			names[k] = in.label(in.byCode[r.Code])
		}
		return a, &InfeasibleError{Issues: []Issue{{
			Kind:        "too-many-moves",
			Constraints: []string{fmt.Sprintf("højst %d flytninger", p.MaxMoves)},
			Message: fmt.Sprintf("planen kan ikke overholde de faste regler med højst %d flytninger; den færreste, der blev fundet, er %d: %s",
				p.MaxMoves, len(a.Moved), strings.Join(names, ", ")),
		}}}
	}
	return a, nil
}

// search runs the restarts on all cores and keeps the best; ties go to the
// lowest restart number so the result does not depend on scheduling.
func (in *instance) search(seed uint64, sp searchParams) *state {
	results := make([]*state, max(1, sp.restarts))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for r := range results {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			rng := rand.New(rand.NewPCG(seed, uint64(r)))
			st := in.construct(rng)
			st.w = amplified(in.p.Weights, sp.amplify)
			st.anneal(rng, sp.iters1, sp.t0, sp.t1)
			st.w = in.p.Weights
			st.anneal(rng, sp.iters2, sp.t1, sp.t2)
			st.polish()
			results[r] = st
		})
	}
	wg.Wait()
	best, bestCost := results[0], results[0].cost()
	for _, st := range results[1:] {
		if c := st.cost(); c < bestCost-1e-12 {
			best, bestCost = st, c
		}
	}
	return best
}

func (st *state) cost() float64 {
	soft, hard := st.objective()
	return soft + hard
}

// construct places immovable units, then the others largest first (with a
// random tilt per restart) each where it raises the objective least, ties
// going to the least loaded wave.
func (in *instance) construct(rng *rand.Rand) *state {
	st := in.newState()
	st.tg = in.searchTargets()
	type key struct {
		k       int
		options int
		weight  float64
	}
	var order []key
	for k, u := range in.units {
		switch len(u.allowed) {
		case 0: // Validate reports this; keep the unit somewhere visible
			st.place(k, in.regular[0])
		case 1:
			st.place(k, u.allowed[0])
		default:
			w := (float64(u.pop)/st.tg.pop + float64(u.size)/st.tg.count) * (0.7 + 0.6*rng.Float64())
			order = append(order, key{k, len(u.allowed), w})
		}
	}
	slices.SortStableFunc(order, func(a, b key) int {
		if c := cmp.Compare(a.options, b.options); c != 0 {
			return c
		}
		return cmp.Compare(b.weight, a.weight)
	})
	for _, o := range order {
		st.place(o.k, st.cheapest(o.k))
	}
	return st
}

// cheapest returns the allowed wave where unplaced unit k costs least.
func (st *state) cheapest(k int) int {
	u := &st.in.units[k]
	best, bestCost := -1, math.Inf(1)
	for _, j := range u.allowed {
		before := st.local(j, j)
		st.place(k, j)
		c := st.local(j, j) - before + st.wish(k, j) +
			1e-3*(float64(st.t.pop[j])/st.tg.pop+float64(st.t.cnt[j])/st.tg.count)
		st.t.add(u, j, -1)
		if c < bestCost {
			best, bestCost = j, c
		}
	}
	st.at[k] = -1
	return best
}

// searchTargets are the targets of any complete assignment the search can
// produce: free units only ever sit in regular waves, so the regular totals
// are fixed before the search starts.
func (in *instance) searchTargets() targets {
	t := newTally(len(in.waves), len(in.regions))
	for k := range in.units {
		u := &in.units[k]
		j := u.fixed
		if j < 0 && len(in.regular) > 0 {
			j = in.regular[0]
		}
		if j >= 0 {
			t.add(u, j, 1)
		}
	}
	return in.targetsOf(t)
}

// anneal is simulated annealing over single relocations and pairwise swaps
// with a geometric cooling schedule.
func (st *state) anneal(rng *rand.Rand, iters int, t0, t1 float64) {
	n := len(st.movable)
	if n == 0 || iters == 0 {
		return
	}
	temp, cool := t0, math.Pow(t1/t0, 1/float64(iters))
	units := st.in.units
	for range iters {
		temp *= cool
		k := st.movable[rng.IntN(n)]
		a := st.at[k]
		if rng.IntN(4) == 0 {
			j := units[k].allowed[rng.IntN(len(units[k].allowed))]
			if j != a && accept(st.moveDelta(k, j), temp, rng) {
				st.move(k, j)
			}
			continue
		}
		l := st.movable[rng.IntN(n)]
		b := st.at[l]
		if a == b || !units[k].can[b] || !units[l].can[a] {
			continue
		}
		xs, ys := [1]int{k}, [1]int{l}
		if accept(st.exchangeDelta(xs[:], ys[:], a, b), temp, rng) {
			st.exchange(xs[:], ys[:], a, b)
		}
	}
}

func accept(delta, temp float64, rng *rand.Rand) bool {
	return delta <= 0 || rng.Float64() < math.Exp(-delta/temp)
}

// waveMap turns unit placements into the public code → wave number map.
func (in *instance) waveMap(at []int) map[string]int {
	m := make(map[string]int, len(in.munis))
	for i, mu := range in.munis {
		if j := at[in.unitOf[i]]; j >= 0 {
			m[mu.Code] = in.waves[j].Number
		}
	}
	return m
}

// amplified multiplies the secondary weights by f.
func amplified(w Weights, f float64) Weights {
	w.SizeMix *= f
	w.Region *= f
	w.Wish *= f
	return w
}

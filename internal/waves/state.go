package waves

// hardPenalty prices one municipality over a capacity or training limit in
// the search objective. It dwarfs every soft criterion, so the search only
// trades hard violations away, never in.
// It also dwarfs movePenalty times every municipality, so no number of
// moves is traded for a hard violation.
const hardPenalty = 1e6

// movePenalty prices one municipality moved away from Problem.Current. It
// dwarfs every balance gain a move can bring (København alone is 1,3 of
// population balance), so a re-plan moves as few as it can first and
// balances second: the objective is lexicographic.
const movePenalty = 1000.0

// state is one candidate assignment of units to waves, with its tally.
type state struct {
	in      *instance
	w       Weights // the weights being optimised, which vary by phase
	tg      targets
	t       *tally
	at      []int // unit index → wave index
	movable []int // units with more than one allowed wave
	cliques [][]int
}

func (in *instance) newState() *state {
	st := &state{in: in, w: in.p.Weights, t: newTally(len(in.waves), len(in.regions)), at: make([]int, len(in.units))}
	st.cliques = make([][]int, len(in.waves))
	for c, ws := range in.train {
		for _, j := range ws {
			st.cliques[j] = append(st.cliques[j], c)
		}
	}
	for k, u := range in.units {
		st.at[k] = -1
		if len(u.allowed) > 1 {
			st.movable = append(st.movable, k)
		}
	}
	return st
}

// place puts unplaced unit k into wave j.
func (st *state) place(k, j int) {
	st.at[k] = j
	st.t.add(&st.in.units[k], j, 1)
}

// move relocates unit k to wave j.
func (st *state) move(k, j int) {
	st.t.add(&st.in.units[k], st.at[k], -1)
	st.place(k, j)
}

// local is the part of the search objective that depends on waves a and b:
// their soft cost, their capacity overflow and the training overflow of every
// clique containing either.
func (st *state) local(a, b int) float64 {
	in, t := st.in, st.t
	c := in.waveCost(&st.w, t, &st.tg, a) + in.overflowOf(t, a)
	if b != a {
		c += in.waveCost(&st.w, t, &st.tg, b) + in.overflowOf(t, b)
	}
	for _, q := range st.cliques[a] {
		c += hardPenalty * float64(in.overTraining(t, q))
	}
	for _, q := range st.cliques[b] {
		if !containsInt(st.cliques[a], q) {
			c += hardPenalty * float64(in.overTraining(t, q))
		}
	}
	return c
}

// wish is unit k's own cost in wave j: its unmet preferences and, in a
// re-plan, its members moved away from the current plan.
func (st *state) wish(k, j int) float64 {
	u := &st.in.units[k]
	return st.w.Wish*float64(u.wish[j]) + movePenalty*float64(u.moves[j])
}

// moveDelta is the change of the objective if unit k moved to wave j; the
// state is left unchanged.
func (st *state) moveDelta(k, j int) float64 {
	a := st.at[k]
	before := st.local(a, j) + st.wish(k, a)
	st.move(k, j)
	after := st.local(a, j) + st.wish(k, j)
	st.move(k, a)
	return after - before
}

// exchange swaps the sets xs (all in wave a) and ys (all in wave b).
func (st *state) exchange(xs, ys []int, a, b int) {
	for _, k := range xs {
		st.move(k, b)
	}
	for _, k := range ys {
		st.move(k, a)
	}
}

// exchangeDelta is the change of the objective if xs moved from a to b and ys
// from b to a; the state is left unchanged.
func (st *state) exchangeDelta(xs, ys []int, a, b int) float64 {
	before := st.local(a, b)
	for _, k := range xs {
		before += st.wish(k, a)
	}
	for _, k := range ys {
		before += st.wish(k, b)
	}
	st.exchange(xs, ys, a, b)
	after := st.local(a, b)
	for _, k := range xs {
		after += st.wish(k, b)
	}
	for _, k := range ys {
		after += st.wish(k, a)
	}
	st.exchange(xs, ys, b, a)
	return after - before
}

// objective recomputes the full search objective from scratch; hard is
// already priced.
func (st *state) objective() (soft float64, hard float64) {
	in := st.in
	for j := range in.waves {
		soft += in.waveCost(&st.w, st.t, &st.tg, j)
		hard += in.overflowOf(st.t, j)
	}
	for q := range in.train {
		hard += hardPenalty * float64(in.overTraining(st.t, q))
	}
	for k, j := range st.at {
		soft += st.wish(k, j)
	}
	return soft, hard
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

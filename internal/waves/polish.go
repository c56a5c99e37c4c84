package waves

// polish is a deterministic descent after annealing: for every pair of
// regular waves it applies the best exchange of up to two units against up
// to two units (which includes single relocations and swaps) until no
// exchange improves the objective. Two-for-two exchanges are what tune the
// population sums to within a few dozen inhabitants once the counts are
// right; single swaps are too coarse for that.
func (st *state) polish() {
	regular := st.in.regular
	for improved := true; improved; {
		improved = false
		for x, a := range regular {
			for _, b := range regular[x+1:] {
				for st.improvePair(a, b) {
					improved = true
				}
				if st.swapWaves(a, b) {
					improved = true
				}
			}
		}
	}
}

// swapWaves exchanges the whole contents of waves a and b if that improves
// the objective. Balance hardly cares which of two waves holds which half of
// the plan, but wishes, exclusions and fixed members do, and no sequence of
// small exchanges gets from one labelling to the other without first
// wrecking the balance: the wave that holds København must also hold the
// smallest municipalities, so moving København means moving them all.
func (st *state) swapWaves(a, b int) bool {
	var xs, ys []int
	for _, k := range st.movable {
		switch st.at[k] {
		case a:
			if !st.in.units[k].can[b] {
				return false
			}
			xs = append(xs, k)
		case b:
			if !st.in.units[k].can[a] {
				return false
			}
			ys = append(ys, k)
		}
	}
	r := len(st.in.regions)
	x, y := st.bundleOf(a, b, make([]int, r), xs...), st.bundleOf(b, a, make([]int, r), ys...)
	regA, regB := make([]int, r), make([]int, r)
	if st.bundleDelta(a, b, &x, &y, st.local(a, b), regA, regB) >= -1e-12 {
		return false
	}
	st.exchange(xs, ys, a, b)
	return true
}

// bundle is a set of units that leave one wave together, with their sums.
type bundle struct {
	ks                     []int
	size, pop, train, inst int
	cls                    [numClasses]int
	reg                    []int
	wishFrom, wishTo       float64 // wish cost in the wave it leaves and the one it joins
}

// improvePair applies the best improving exchange between waves a and b and
// reports whether there was one. Deltas are computed from the sums alone, so
// the thousands of candidates cost no tally updates, and a candidate whose
// balance change alone rules it out is skipped before the rest is computed.
func (st *state) improvePair(a, b int) bool {
	xs, ys := st.bundles(a, b), st.bundles(b, a)
	base := st.local(a, b)
	balBase := st.balance(a, st.t.cnt[a], st.t.pop[a]) + st.balance(b, st.t.cnt[b], st.t.pop[b])
	// What the criteria other than balance can give back at most: every
	// moved municipality takes at most one unit of mix and of spread off each
	// of the two waves, and all hard overflow and wishes might vanish.
	soft := st.in.waveCost(&st.w, st.t, &st.tg, a) + st.in.waveCost(&st.w, st.t, &st.tg, b)
	secondary, hard := soft-balBase, base-soft
	perMoved := 2 * (st.w.SizeMix + st.w.Region)
	regA, regB := make([]int, len(st.in.regions)), make([]int, len(st.in.regions))
	bx, by, best := -1, -1, -1e-12
	for i := range xs {
		x := &xs[i]
		for j := range ys {
			y := &ys[j]
			if i == 0 && j == 0 {
				continue
			}
			pop := x.pop - y.pop
			moved := st.balance(a, st.t.cnt[a]-x.size+y.size, st.t.pop[a]-pop) +
				st.balance(b, st.t.cnt[b]+x.size-y.size, st.t.pop[b]+pop) - balBase
			gain := min(secondary, perMoved*float64(x.size+y.size)) + hard + x.wishFrom + y.wishFrom
			if moved-gain >= best {
				continue
			}
			if d := st.bundleDelta(a, b, x, y, base, regA, regB); d < best {
				bx, by, best = i, j, d
			}
		}
	}
	if bx < 0 {
		return false
	}
	st.exchange(xs[bx].ks, ys[by].ks, a, b)
	return true
}

// balance is the weighted count and population term of wave j holding cnt
// municipalities with pop inhabitants.
func (st *state) balance(j, cnt, pop int) float64 {
	if !st.in.isReg[j] {
		return 0
	}
	return st.w.Count*relDev(float64(cnt), st.tg.count) + st.w.Population*relDev(float64(pop), st.tg.pop)
}

// bundles lists the empty bundle, every movable unit in wave from that may
// go to wave to, and every pair of them.
func (st *state) bundles(from, to int) []bundle {
	var ks []int
	for _, k := range st.movable {
		if st.at[k] == from && st.in.units[k].can[to] {
			ks = append(ks, k)
		}
	}
	// One backing array each for the unit lists and the region vectors
	// keeps this from allocating thousands of small slices per call.
	n, r := 1+len(ks)*(len(ks)+1)/2, len(st.in.regions)
	regs := make([]int, n*r)
	members := make([]int, 0, 2*n)
	out := make([]bundle, 0, n)
	add := func(k ...int) {
		at := len(members)
		members = append(members, k...)
		i := len(out)
		out = append(out, st.bundleOf(from, to, regs[i*r:(i+1)*r:(i+1)*r], members[at:len(members):len(members)]...))
	}
	add()
	for x, k := range ks {
		add(k)
		for _, l := range ks[x+1:] {
			add(k, l)
		}
	}
	return out
}

// bundleOf sums units ks leaving wave from for wave to; reg must be zeroed
// and as long as the region list.
func (st *state) bundleOf(from, to int, reg []int, ks ...int) bundle {
	b := bundle{ks: ks, reg: reg}
	for _, k := range ks {
		u := &st.in.units[k]
		b.size += u.size
		b.pop += u.pop
		b.train += u.trained
		b.inst += u.inst
		for c, n := range u.cls {
			b.cls[c] += n
		}
		for r, n := range u.reg {
			b.reg[r] += n
		}
		b.wishFrom += st.wish(k, from)
		b.wishTo += st.wish(k, to)
	}
	return b
}

// bundleDelta is the change of the objective if x moved from a to b and y
// from b to a. base is st.local(a, b); regA and regB are scratch space.
func (st *state) bundleDelta(a, b int, x, y *bundle, base float64, regA, regB []int) float64 {
	in, t := st.in, st.t
	cntA, cntB := t.cnt[a]-x.size+y.size, t.cnt[b]+x.size-y.size
	var clsA, clsB [numClasses]int
	for c := range clsA {
		clsA[c] = t.cls[a][c] - x.cls[c] + y.cls[c]
		clsB[c] = t.cls[b][c] + x.cls[c] - y.cls[c]
	}
	for r := range regA {
		regA[r] = t.reg[a][r] - x.reg[r] + y.reg[r]
		regB[r] = t.reg[b][r] + x.reg[r] - y.reg[r]
	}
	after := in.costOf(&st.w, &st.tg, a, cntA, t.pop[a]-x.pop+y.pop, &clsA, regA) +
		in.costOf(&st.w, &st.tg, b, cntB, t.pop[b]+x.pop-y.pop, &clsB, regB) +
		in.overflow(a, cntA, t.pop[a]-x.pop+y.pop, t.inst[a]-x.inst+y.inst) +
		in.overflow(b, cntB, t.pop[b]+x.pop-y.pop, t.inst[b]+x.inst-y.inst)
	if len(st.cliques[a])+len(st.cliques[b]) > 0 {
		after += st.trainingWith(a, b, t.trained[a]-x.train+y.train, t.trained[b]+x.train-y.train)
	}
	return after + x.wishTo + y.wishTo - base - x.wishFrom - y.wishFrom
}

// trainingWith is the training penalty of the cliques touching a or b if
// they held ta and tb trained municipalities.
func (st *state) trainingWith(a, b, ta, tb int) float64 {
	in := st.in
	over := func(q int) float64 {
		n := 0
		for _, j := range in.train[q] {
			switch j {
			case a:
				n += ta
			case b:
				n += tb
			default:
				n += st.t.trained[j]
			}
		}
		return hardPenalty * float64(max(0, n-in.p.TrainingParallel))
	}
	pen := 0.0
	for _, q := range st.cliques[a] {
		pen += over(q)
	}
	for _, q := range st.cliques[b] {
		if !containsInt(st.cliques[a], q) {
			pen += over(q)
		}
	}
	return pen
}

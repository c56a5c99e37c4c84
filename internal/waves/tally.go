package waves

import "math"

// tally holds the per-wave sums every criterion is computed from. Moving a
// unit touches two waves only, which is what makes the search fast.
type tally struct {
	cnt, pop, trained, inst []int
	cls                     [][numClasses]int
	reg                     [][]int
}

func newTally(nWaves, nRegions int) *tally {
	t := &tally{
		cnt: make([]int, nWaves), pop: make([]int, nWaves), trained: make([]int, nWaves), inst: make([]int, nWaves),
		cls: make([][numClasses]int, nWaves), reg: make([][]int, nWaves),
	}
	for j := range t.reg {
		t.reg[j] = make([]int, nRegions)
	}
	return t
}

// add puts unit u into wave j (sign +1) or takes it out (sign -1).
func (t *tally) add(u *unit, j, sign int) {
	t.cnt[j] += sign * u.size
	t.pop[j] += sign * u.pop
	t.trained[j] += sign * u.trained
	t.inst[j] += sign * u.inst
	for k, c := range u.cls {
		t.cls[j][k] += sign * c
	}
	for r, c := range u.reg {
		t.reg[j][r] += sign * c
	}
}

// targets are the even shares the regular waves are measured against.
type targets struct {
	count, pop   float64
	clsLo, clsHi [numClasses]int
	regLo, regHi []int
}

// targetsOf derives the targets from what the regular waves hold in total.
// During a search the totals never change, because free units only move
// between regular waves, so the targets are computed once.
func (in *instance) targetsOf(t *tally) targets {
	nw := len(in.regular)
	tg := targets{regLo: make([]int, len(in.regions)), regHi: make([]int, len(in.regions))}
	if nw == 0 {
		return tg
	}
	var cnt, pop int
	var cls [numClasses]int
	reg := make([]int, len(in.regions))
	for _, j := range in.regular {
		cnt += t.cnt[j]
		pop += t.pop[j]
		for k := range cls {
			cls[k] += t.cls[j][k]
		}
		for r := range reg {
			reg[r] += t.reg[j][r]
		}
	}
	tg.count = float64(cnt) / float64(nw)
	tg.pop = float64(pop) / float64(nw)
	for k, c := range cls {
		tg.clsLo[k], tg.clsHi[k] = c/nw, (c+nw-1)/nw
	}
	for r, c := range reg {
		tg.regLo[r], tg.regHi[r] = c/nw, (c+nw-1)/nw
	}
	return tg
}

// waveTerms returns the raw criteria of regular wave j.
func (in *instance) waveTerms(t *tally, tg *targets, j int) (count, pop, mix, spread float64) {
	return termsOf(tg, t.cnt[j], t.pop[j], &t.cls[j], t.reg[j])
}

// termsOf computes the raw criteria of a regular wave from its sums.
func termsOf(tg *targets, cnt, pop int, cls *[numClasses]int, reg []int) (count, popDev, mix, spread float64) {
	count = relDev(float64(cnt), tg.count)
	popDev = relDev(float64(pop), tg.pop)
	for k, c := range cls {
		mix += outside(c, tg.clsLo[k], tg.clsHi[k])
	}
	for r, c := range reg {
		spread += outside(c, tg.regLo[r], tg.regHi[r])
	}
	return count, popDev, mix, spread
}

// waveCost is the weighted soft cost of wave j; zero for non-regular waves,
// which are not balanced.
func (in *instance) waveCost(w *Weights, t *tally, tg *targets, j int) float64 {
	return in.costOf(w, tg, j, t.cnt[j], t.pop[j], &t.cls[j], t.reg[j])
}

// costOf is waveCost for wave j holding the given sums.
func (in *instance) costOf(w *Weights, tg *targets, j, cnt, pop int, cls *[numClasses]int, reg []int) float64 {
	if !in.isReg[j] {
		return 0
	}
	c, p, m, s := termsOf(tg, cnt, pop, cls, reg)
	return w.Count*c + w.Population*p + w.SizeMix*m + w.Region*s
}

// overCapacity is how many municipalities wave j holds beyond its capacity.
func (in *instance) overCapacity(t *tally, j int) int { return max(0, t.cnt[j]-in.cap[j]) }

// overflow is the search penalty of wave j holding cnt municipalities, pop
// inhabitants and inst institutions: hardPenalty per municipality over the
// count capacity, and hardPenalty and more for any inhabitant or institution
// over those capacities (so the search is drawn towards less overflow).
func (in *instance) overflow(j, cnt, pop, inst int) float64 {
	c := hardPenalty * float64(max(0, cnt-in.cap[j]))
	if over := pop - in.capPop[j]; over > 0 {
		c += hardPenalty * (1 + float64(over)/float64(in.capPop[j]))
	}
	if over := inst - in.capInst[j]; over > 0 {
		c += hardPenalty * (1 + float64(over)/float64(in.capInst[j]))
	}
	return c
}

// overflowOf is overflow for wave j as t holds it.
func (in *instance) overflowOf(t *tally, j int) float64 {
	return in.overflow(j, t.cnt[j], t.pop[j], t.inst[j])
}

// overTraining is how many trained municipalities exceed TrainingParallel in
// training clique c.
func (in *instance) overTraining(t *tally, c int) int {
	n := 0
	for _, j := range in.train[c] {
		n += t.trained[j]
	}
	return max(0, n-in.p.TrainingParallel)
}

func relDev(x, mean float64) float64 {
	if mean == 0 {
		return 0
	}
	return math.Abs(x-mean) / mean
}

func outside(c, lo, hi int) float64 {
	switch {
	case c < lo:
		return float64(lo - c)
	case c > hi:
		return float64(c - hi)
	}
	return 0
}

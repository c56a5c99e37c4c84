package waves

import (
	"fmt"
	"slices"
)

func (v *validator) wishes() {
	in := v.in
	for _, w := range in.p.Wishes {
		rule := "wish of " + w.Code
		i, ok := in.byCode[w.Code]
		if !ok {
			v.add("unknown-municipality", fmt.Sprintf("there is a wish from municipality %s, which is not in the problem", w.Code), rule)
			continue
		}
		rule = "wish of " + in.label(i)
		for _, n := range append(slices.Clone(w.Preferred), w.Excluded...) {
			if _, ok := in.byNum[n]; !ok {
				v.add("unknown-wave", fmt.Sprintf("%s names wave %d in its wish, which does not exist", in.label(i), n), rule)
			}
		}
		for _, n := range w.Preferred {
			if slices.Contains(w.Excluded, n) {
				v.add("wish-contradiction", fmt.Sprintf("%s both prefers and excludes wave %d", in.label(i), n), rule)
			}
		}
	}
	for k := range in.units {
		u := &in.units[k]
		if u.fixed < 0 && len(in.regular) > 0 && allExcluded(u, in.regular) {
			who := in.memberList(u.members)
			if u.size > 1 {
				who = "collaboration " + who
			}
			v.add("all-waves-excluded", fmt.Sprintf("%s has excluded every regular wave (%s)", who, in.waveList(in.regular)),
				"exclusions of "+who)
		}
	}
}

// fixedLoad returns the municipalities and trained municipalities that fixed
// units put in each wave.
func (in *instance) fixedLoad() (cnt, trained []int, members [][]int) {
	cnt, trained, members = make([]int, len(in.waves)), make([]int, len(in.waves)), make([][]int, len(in.waves))
	for _, u := range in.units {
		if u.fixed >= 0 {
			cnt[u.fixed] += u.size
			trained[u.fixed] += u.trained
			members[u.fixed] = append(members[u.fixed], u.members...)
		}
	}
	return cnt, trained, members
}

func (v *validator) capacity() {
	in := v.in
	cnt, _, members := in.fixedLoad()
	free, room := 0, 0
	for j, w := range in.waves {
		if cnt[j] > in.cap[j] {
			v.add("fixed-over-capacity", fmt.Sprintf("wave %d can take %d municipalities (capacity %s), but %d are fixed to it or share a collaboration with one that is: %s",
				w.Number, in.cap[j], in.capacitySource(j), cnt[j], in.memberList(members[j])),
				waveName(w)+" capacity", "fixed placements")
		}
		if in.isReg[j] {
			room = min(noLimit, room+max(0, in.cap[j]-cnt[j]))
		}
	}
	for _, u := range in.units {
		if u.fixed < 0 {
			free += u.size
		}
	}
	if free > room && len(in.regular) > 0 {
		v.add("capacity-too-small", fmt.Sprintf("the regular waves (%s) have room for %d more municipalities, but %d are to be placed",
			in.waveList(in.regular), room, free), "capacities of the regular waves", "municipalities to place")
	}
}

// supplier checks the hypercare teams and the parallel training limit
// (seed 003 §6.5, §7.4).
func (v *validator) supplier() {
	in := v.in
	cnt, trained, _ := in.fixedLoad()
	active := func(j int) bool { return in.isReg[j] || cnt[j] > 0 }
	for _, msg := range in.hypercareOverlaps(active) {
		v.add("hypercare-overlap", msg, fmt.Sprintf("%d hypercare teams", in.p.HypercareTeams), "go-live dates")
	}
	for _, c := range in.train {
		n := 0
		for _, j := range c {
			n += trained[j]
		}
		if n > in.p.TrainingParallel {
			v.add("training-fixed-over", fmt.Sprintf("%s hold %d fixed municipalities with purchased training whose training overlaps; at most %d can train at once",
				in.waveList(c), n, in.p.TrainingParallel), "fixed placements", fmt.Sprintf("training limit %d", in.p.TrainingParallel))
		}
	}
	v.trainingTotal(active)
}

// trainingTotal is a necessary condition: with at most P municipalities in
// training at once, waves whose training windows overlap share those P, so
// the dates allow at most P × (most pairwise disjoint windows) in all.
func (v *validator) trainingTotal(active func(int) bool) {
	in := v.in
	total := 0
	for _, m := range in.munis {
		if m.PurchasedTraining {
			total++
		}
	}
	var ivs []interval
	for j, w := range in.waves {
		if active(j) {
			ivs = append(ivs, in.p.TrainingWindow.around(w.GoLive))
		}
	}
	if most := in.p.TrainingParallel * maxDisjoint(ivs); total > most {
		v.add("training-capacity", fmt.Sprintf("%d municipalities have purchased training, but with at most %d training at once and these go-live dates at most %d can be trained",
			total, in.p.TrainingParallel, most), fmt.Sprintf("training limit %d", in.p.TrainingParallel), "go-live dates")
	}
}

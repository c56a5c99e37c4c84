package waves

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/udrul/udrul/internal/dknum"
)

func dknumInt(n int) string { return dknum.Int(n) }

func (v *validator) wishes() {
	in := v.in
	for _, w := range in.p.Wishes {
		rule := "ønske fra " + w.Code
		i, ok := in.byCode[w.Code]
		if !ok {
			v.add("unknown-municipality", fmt.Sprintf("der er et ønske fra kommune %s, som ikke findes blandt kommunerne", w.Code), rule)
			continue
		}
		rule = "ønske fra " + in.label(i)
		for _, n := range append(slices.Clone(w.Preferred), w.Excluded...) {
			if _, ok := in.byNum[n]; !ok {
				v.add("unknown-wave", fmt.Sprintf("%s nævner bølge %d i sit ønske, men den findes ikke", in.label(i), n), rule)
			}
		}
		for _, n := range w.Preferred {
			if slices.Contains(w.Excluded, n) {
				v.add("wish-contradiction", fmt.Sprintf("%s både ønsker og fravælger bølge %d", in.label(i), n), rule)
			}
		}
	}
	for k := range in.units {
		u := &in.units[k]
		if u.fixed < 0 && len(in.regular) > 0 && allExcluded(u, in.regular) {
			who := in.memberList(u.members)
			if u.size > 1 {
				who = "samarbejdet " + who
			}
			v.add("all-waves-excluded", fmt.Sprintf("%s har fravalgt alle almindelige bølger (%s)", who, in.waveList(in.regular)),
				"fravalg fra "+who)
		}
	}
}

// fixedLoad returns the municipalities, trained municipalities, inhabitants
// and institutions that fixed units put in each wave.
type load struct {
	cnt, trained, pop, inst []int
	members                 [][]int
}

func (in *instance) fixedLoad() load {
	n := len(in.waves)
	l := load{cnt: make([]int, n), trained: make([]int, n), pop: make([]int, n), inst: make([]int, n), members: make([][]int, n)}
	for _, u := range in.units {
		if u.fixed >= 0 {
			l.cnt[u.fixed] += u.size
			l.trained[u.fixed] += u.trained
			l.pop[u.fixed] += u.pop
			l.inst[u.fixed] += u.inst
			l.members[u.fixed] = append(l.members[u.fixed], u.members...)
		}
	}
	return l
}

// capacity checks what the fixed placements alone break and whether the
// regular waves – the only places a free municipality can go – have room
// for the rest, in municipalities, inhabitants and institutions.
func (v *validator) capacity() {
	in := v.in
	l := in.fixedLoad()
	type measure struct {
		what       string
		fixed, cap []int
		free, room int
	}
	ms := []*measure{{what: "kommuner", fixed: l.cnt, cap: in.cap}, {what: "indbyggere", fixed: l.pop, cap: in.capPop},
		{what: "skoler og dagtilbud", fixed: l.inst, cap: in.capInst}}
	for _, u := range in.units {
		if u.fixed < 0 {
			ms[0].free += u.size
			ms[1].free += u.pop
			ms[2].free += u.inst
		}
	}
	for j, w := range in.waves {
		for _, m := range ms {
			if m.fixed[j] > m.cap[j] {
				v.add("fixed-over-capacity", fmt.Sprintf("bølge %d kan højst tage %s %s (%s), men de fastlagte kommuner og deres samarbejdspartnere har %s: %s",
					w.Number, dknum.Int(m.cap[j]), m.what, in.capacitySource(j), dknum.Int(m.fixed[j]), in.memberList(l.members[j])),
					waveName(w)+", kapacitet", "fastlagte kommuner")
			}
			if in.isReg[j] {
				m.room = min(noLimit, m.room+max(0, m.cap[j]-m.fixed[j]))
			}
		}
	}
	if len(in.regular) == 0 {
		return
	}
	for _, m := range ms {
		if m.free > m.room {
			v.add("capacity-too-small", fmt.Sprintf("de almindelige bølger (%s) har plads til %s %s mere, men der skal placeres %s",
				in.waveList(in.regular), dknum.Int(m.room), m.what, dknum.Int(m.free)), "de almindelige bølgers kapacitet", "kommunerne der skal placeres")
		}
	}
}

// supplier checks the hypercare teams and the parallel training limit
// (seed 003 §6.5, §7.4).
func (v *validator) supplier() {
	in := v.in
	l := in.fixedLoad()
	active := func(j int) bool { return in.isReg[j] || l.cnt[j] > 0 }
	for _, msg := range in.hypercareOverlaps(active) {
		v.add("hypercare-overlap", msg, fmt.Sprintf("%d hypercareteams", in.p.HypercareTeams), "go-live-datoerne")
	}
	for _, c := range in.train {
		n := 0
		for _, j := range c {
			n += l.trained[j]
		}
		if n > in.p.TrainingParallel {
			v.add("training-fixed-over", fmt.Sprintf("%s har %d fastlagte kommuner med købt uddannelse, hvis uddannelse overlapper; højst %d kan være i uddannelse ad gangen",
				capital(in.waveList(c)), n, in.p.TrainingParallel), "fastlagte kommuner", fmt.Sprintf("højst %d i uddannelse ad gangen", in.p.TrainingParallel))
		}
	}
	v.trainingRoom(l.trained)
}

// trainingRoom is a necessary condition that counts only the places that can
// take a municipality: the free municipalities with purchased training must
// go into regular waves, and on no day may more than P be in training,
// counting the fixed ones. The most the regular waves can take is a packing
// of intervals with capacities, which the greedy by earliest window end
// solves exactly (the constraint matrix has consecutive ones).
func (v *validator) trainingRoom(fixedTrained []int) {
	in := v.in
	free := 0
	for _, u := range in.units {
		if u.fixed < 0 {
			free += u.trained
		}
	}
	if free == 0 {
		return
	}
	load := make([]int, len(in.train))
	for q, c := range in.train {
		for _, j := range c {
			load[q] += fixedTrained[j]
		}
	}
	ivs := make([]interval, len(in.waves))
	for j, w := range in.waves {
		ivs[j] = in.p.TrainingWindow.around(w.GoLive)
	}
	order := slices.Clone(in.regular)
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ivs[a].to, ivs[b].to) })
	room := 0
	for _, j := range order {
		x := noLimit
		for q, c := range in.train {
			if slices.Contains(c, j) {
				x = min(x, max(0, in.p.TrainingParallel-load[q]))
			}
		}
		if x == noLimit {
			x = in.p.TrainingParallel
		}
		x = min(x, free-room)
		room += x
		for q, c := range in.train {
			if slices.Contains(c, j) {
				load[q] += x
			}
		}
	}
	if free > room {
		v.add("training-capacity", fmt.Sprintf("%d kommuner med købt uddannelse skal placeres i de almindelige bølger (%s), men med højst %d i uddannelse ad gangen og disse go-live-datoer er der kun plads til %d",
			free, in.waveList(in.regular), in.p.TrainingParallel, room), fmt.Sprintf("højst %d i uddannelse ad gangen", in.p.TrainingParallel), "go-live-datoerne")
	}
}

// moves checks a re-plan's limit: fixed municipalities that the current plan
// has elsewhere must move, and if they alone are more than MaxMoves, no plan
// can keep the limit.
func (v *validator) moves() {
	in := v.in
	if in.p.Current == nil || in.p.MaxMoves <= 0 {
		return
	}
	var forced []int
	for i := range in.munis {
		u := &in.units[in.unitOf[i]]
		if u.fixed >= 0 && in.current[i] != u.fixed {
			forced = append(forced, i)
		}
	}
	if len(forced) > in.p.MaxMoves {
		v.add("too-many-moves", fmt.Sprintf("højst %d kommuner må flyttes, men %d skal flyttes, fordi de er fastlagt eller låst i en anden bølge end i den gældende plan: %s",
			in.p.MaxMoves, len(forced), in.memberList(forced)), fmt.Sprintf("højst %d flytninger", in.p.MaxMoves), "fastlagte og låste kommuner")
	}
}

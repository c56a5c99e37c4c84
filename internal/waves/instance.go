package waves

import (
	"cmp"
	"math"
	"slices"
)

// noLimit stands for an unlimited capacity.
const noLimit = math.MaxInt32

// instance is a Problem compiled to dense indices, shared by validation,
// scoring and search so that the three agree on every rule.
type instance struct {
	p       Problem // with defaults applied
	munis   []Municipality
	byCode  map[string]int
	class   []SizeClass
	region  []int // index into regions
	regions []string
	waves   []Wave
	byNum   map[int]int
	regular []int  // indices of the regular waves
	isReg   []bool // by wave index
	cap     []int  // effective capacity per wave: Capacity and TeamCapacity
	capPop  []int  // MaxPopulation per wave, noLimit if none
	capInst []int  // MaxInstitutions per wave, noLimit if none
	current []int  // wave index per municipality in Problem.Current, -1 if none
	pilotOf []bool // municipality fixed to a pilot wave
	fixed   []int  // wave index per municipality, -1 if free
	units   []unit
	unitOf  []int   // municipality index → unit index
	train   [][]int // wave indices whose training windows share a day
}

// unit is a set of municipalities that always share a wave: a collaboration
// group, or a single municipality. The search moves units, never members.
type unit struct {
	members []int
	size    int
	pop     int
	cls     [numClasses]int
	reg     []int // members per region
	trained int
	inst    int
	fixed   int    // wave index, -1 if free
	allowed []int  // wave indices the unit may be placed in
	can     []bool // allowed, by wave index
	wish    []int  // unmet preferences per wave index
	moves   []int  // members that would leave their current wave, per wave index
	excl    []bool
}

// compile indexes p. It never fails: references it cannot resolve are
// skipped here and reported by Validate.
func compile(p Problem) *instance {
	p = p.withDefaults()
	in := &instance{p: p, munis: p.Municipalities, byCode: map[string]int{}, byNum: map[int]int{}}
	regionIdx := map[string]int{}
	for i, m := range in.munis {
		if _, dup := in.byCode[m.Code]; !dup {
			in.byCode[m.Code] = i
		}
		in.class = append(in.class, p.SizeClasses.Class(m.Population))
		r, ok := regionIdx[m.Region]
		if !ok {
			r = len(in.regions)
			regionIdx[m.Region] = r
			in.regions = append(in.regions, m.Region)
		}
		in.region = append(in.region, r)
	}
	in.compileWaves()
	in.fixed = make([]int, len(in.munis))
	in.current = make([]int, len(in.munis))
	in.pilotOf = make([]bool, len(in.munis))
	for i, m := range in.munis {
		in.fixed[i], in.current[i] = -1, -1
		if n, ok := p.Fixed[m.Code]; ok {
			if w, ok := in.byNum[n]; ok {
				in.fixed[i] = w
				in.pilotOf[i] = in.waves[w].Kind == Pilot
			}
		}
		if n, ok := p.Current[m.Code]; ok {
			if w, ok := in.byNum[n]; ok {
				in.current[i] = w
			}
		}
	}
	in.compileUnits()
	in.train = in.trainingCliques()
	return in
}

func (in *instance) compileWaves() {
	in.waves = slices.Clone(in.p.Waves)
	slices.SortStableFunc(in.waves, func(a, b Wave) int { return cmp.Compare(a.Number, b.Number) })
	for j, w := range in.waves {
		if _, dup := in.byNum[w.Number]; !dup {
			in.byNum[w.Number] = j
		}
		in.isReg = append(in.isReg, w.Kind == Regular)
		if w.Kind == Regular {
			in.regular = append(in.regular, j)
		}
		c := noLimit
		if w.Capacity > 0 {
			c = w.Capacity
		}
		if in.p.TeamCapacity > 0 {
			c = min(c, in.p.TeamCapacity)
		}
		in.cap = append(in.cap, c)
		in.capPop = append(in.capPop, limit(w.MaxPopulation))
		in.capInst = append(in.capInst, limit(w.MaxInstitutions))
	}
}

// groupRoots merges overlapping collaboration groups (union-find) and
// returns each municipality's root.
func (in *instance) groupRoots() []int {
	parent := make([]int, len(in.munis))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, g := range in.p.Groups {
		first := -1
		for _, code := range g {
			i, ok := in.byCode[code]
			if !ok || (in.p.PilotGroups == PilotLeaves && in.pilotOf[i]) {
				continue // a pilot that goes ahead alone leaves its collaboration
			}
			if first < 0 {
				first = i
				continue
			}
			a, b := find(first), find(i)
			parent[max(a, b)] = min(a, b) // the smaller index wins: deterministic
		}
	}
	for i := range parent {
		parent[i] = find(i)
	}
	return parent
}

func (in *instance) compileUnits() {
	roots := in.groupRoots()
	in.unitOf = make([]int, len(in.munis))
	byRoot := map[int]int{}
	for i := range in.munis {
		u, ok := byRoot[roots[i]]
		if !ok {
			u = len(in.units)
			byRoot[roots[i]] = u
			in.units = append(in.units, unit{fixed: -1, reg: make([]int, len(in.regions))})
		}
		in.unitOf[i] = u
		in.addMember(&in.units[u], i)
	}
	for k := range in.units {
		u := &in.units[k]
		u.allowed = in.allowedWaves(u)
		u.can = make([]bool, len(in.waves))
		for _, j := range u.allowed {
			u.can[j] = true
		}
	}
}

func (in *instance) addMember(u *unit, i int) {
	m := in.munis[i]
	u.members = append(u.members, i)
	u.size++
	u.pop += m.Population
	u.cls[in.class[i]]++
	u.reg[in.region[i]]++
	if m.PurchasedTraining {
		u.trained++
	}
	u.inst += m.Institutions
	if in.fixed[i] >= 0 && u.fixed < 0 {
		u.fixed = in.fixed[i]
	}
	if u.wish == nil {
		u.wish = make([]int, len(in.waves))
		u.excl = make([]bool, len(in.waves))
		u.moves = make([]int, len(in.waves))
	}
	if in.p.Current != nil {
		for j := range in.waves {
			if in.current[i] != j {
				u.moves[j]++
			}
		}
	}
	for _, wish := range in.p.Wishes {
		if wish.Code != m.Code {
			continue
		}
		for j, w := range in.waves {
			if len(wish.Preferred) > 0 && !slices.Contains(wish.Preferred, w.Number) {
				u.wish[j]++
			}
			if slices.Contains(wish.Excluded, w.Number) {
				u.excl[j] = true
			}
		}
	}
}

// allowedWaves: a fixed unit stays where it is fixed; a free unit may go to
// any regular wave it has not excluded and that can hold it.
func (in *instance) allowedWaves(u *unit) []int {
	if u.fixed >= 0 {
		return []int{u.fixed}
	}
	var ws []int
	for _, j := range in.regular {
		if !u.excl[j] && u.size <= in.cap[j] && u.pop <= in.capPop[j] && u.inst <= in.capInst[j] {
			ws = append(ws, j)
		}
	}
	return ws
}

// trainingCliques lists the sets of waves whose training windows overlap, the
// only sets on which TrainingParallel can bind.
func (in *instance) trainingCliques() [][]int {
	ivs := make([]interval, len(in.waves))
	for j, w := range in.waves {
		ivs[j] = in.p.TrainingWindow.around(w.GoLive)
	}
	return cliques(ivs)
}

// rolloutIntervals returns each wave's hypercare window.
func (in *instance) rolloutIntervals() []interval {
	ivs := make([]interval, len(in.waves))
	for j, w := range in.waves {
		ivs[j] = in.p.RolloutWindow.around(w.GoLive)
	}
	return ivs
}

func limit(n int) int {
	if n > 0 {
		return n
	}
	return noLimit
}

// label names a municipality the way users know it: "Aarhus (751)".
func (in *instance) label(i int) string {
	return in.munis[i].Name + " (" + in.munis[i].Code + ")"
}

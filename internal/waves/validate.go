package waves

import (
	"fmt"
	"slices"
	"strings"
)

// Issue is one reason a problem has no feasible assignment.
type Issue struct {
	Kind        string   // stable English key for code, e.g. "fixed-in-blackout"
	Constraints []string // the rules that conflict, each named for a user (Danish)
	Message     string   // one sentence for the user (Danish)
}

func (i Issue) String() string { return i.Kind + ": " + i.Message }

// InfeasibleError is returned by Optimize when Validate finds issues or the
// search cannot satisfy the hard constraints.
// Issues are the blocking reasons; Soft lists what the best assignment
// found also misses of the soft criteria, to be shown after them.
type InfeasibleError struct {
	Issues []Issue
	Soft   []string
}

func (e *InfeasibleError) Error() string {
	parts := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		parts[i] = is.String()
	}
	return "waves: infeasible: " + strings.Join(parts, "; ")
}

// Validate lists the infeasibilities of p: hard constraints that contradict
// each other or the data. An empty list does not prove feasibility (packing
// collaborations into capacities is NP-hard) but catches every conflict that
// can be seen without a search. Messages are Danish and name the
// municipalities and the rule.
func Validate(p Problem) []Issue {
	in := compile(p)
	v := &validator{in: in}
	v.municipalities()
	v.waves()
	v.fixed()
	v.groups()
	v.wishes()
	v.capacity()
	v.supplier()
	v.moves()
	return v.issues
}

type validator struct {
	in     *instance
	issues []Issue
}

func (v *validator) add(kind, msg string, constraints ...string) {
	v.issues = append(v.issues, Issue{Kind: kind, Constraints: constraints, Message: msg})
}

func (v *validator) municipalities() {
	seen := map[string]bool{}
	for _, m := range v.in.munis {
		switch {
		case m.Code == "":
			v.add("municipality-without-code", fmt.Sprintf("kommunen %q har ingen kommunekode", m.Name), "kommune "+m.Name)
		case seen[m.Code]:
			v.add("duplicate-municipality", fmt.Sprintf("kommunekoden %s står mere end én gang", m.Code), "kommune "+m.Code)
		}
		seen[m.Code] = true
		if m.Population < 0 || m.Institutions < 0 {
			v.add("negative-population", fmt.Sprintf("%s (%s) har et negativt indbyggertal eller antal institutioner", m.Name, m.Code), "kommune "+m.Code)
		}
	}
}

func (v *validator) waves() {
	in := v.in
	seen := map[int]bool{}
	rule := in.p.GoLiveRule()
	for _, w := range in.waves {
		name := waveName(w)
		if seen[w.Number] {
			v.add("duplicate-wave", fmt.Sprintf("bølgenummer %d står mere end én gang", w.Number), name)
		}
		seen[w.Number] = true
		if !w.Kind.Valid() {
			v.add("unknown-wave-kind", fmt.Sprintf("bølge %d har typen %q; den skal være pilot, almindelig eller opsamling", w.Number, w.Kind), name)
		}
		if w.Capacity < 0 || w.MaxPopulation < 0 || w.MaxInstitutions < 0 {
			v.add("negative-capacity", fmt.Sprintf("bølge %d har en negativ kapacitet", w.Number), name)
		}
		if b, ok := rule.Blocked(w.GoLive); ok {
			v.add("wave-in-blackout", fmt.Sprintf("Bølge %d: %s", w.Number, b.Explain(w.GoLive)), name, "perioden "+b.Name)
		}
	}
	if len(in.regular) == 0 {
		v.add("no-regular-wave", "der er ingen almindelig bølge at placere kommunerne i", "bølgerne")
	}
	if p := in.p; p.HypercareTeams < 0 || p.TeamCapacity < 0 || p.TrainingParallel < 0 || p.MaxMoves < 0 {
		v.add("negative-setting", fmt.Sprintf("antal hypercareteams (%d), et teams kapacitet (%d), grænsen for uddannelse (%d) og højeste antal flytninger (%d) kan ikke være negative",
			p.HypercareTeams, p.TeamCapacity, p.TrainingParallel, p.MaxMoves), "leverandørens kapacitet")
	}
	if !in.p.PilotGroups.Valid() {
		v.add("unknown-pilot-rule", fmt.Sprintf("reglen for samarbejder med pilotkommuner %q kendes ikke", in.p.PilotGroups), "regel for pilotsamarbejder")
	}
}

func (v *validator) fixed() {
	in := v.in
	rule := in.p.GoLiveRule()
	for _, code := range sortedKeys(in.p.Fixed) {
		n := in.p.Fixed[code]
		name := fmt.Sprintf("%s fastlagt til bølge %d", code, n)
		i, ok := in.byCode[code]
		if !ok {
			v.add("unknown-municipality", fmt.Sprintf("kommune %s er fastlagt til bølge %d, men findes ikke blandt kommunerne", code, n), name)
			continue
		}
		name = fmt.Sprintf("%s fastlagt til bølge %d", in.label(i), n)
		j, ok := in.byNum[n]
		if !ok {
			v.add("unknown-wave", fmt.Sprintf("%s er fastlagt til bølge %d, som ikke findes", in.label(i), n), name)
			continue
		}
		if b, ok := rule.Blocked(in.waves[j].GoLive); ok {
			v.add("fixed-in-blackout", fmt.Sprintf("%s er fastlagt til bølge %d: %s",
				in.label(i), n, b.Explain(in.waves[j].GoLive)), name, "perioden "+b.Name)
		}
		if u := &in.units[in.unitOf[i]]; u.excl[j] {
			v.add("fixed-to-excluded", fmt.Sprintf("%s er fastlagt til bølge %d, som %s har fravalgt",
				in.label(i), n, in.excluders(u, n)), name, fmt.Sprintf("fravalg af bølge %d", n))
		}
	}
}

// excluders names the members of u that excluded wave n.
func (in *instance) excluders(u *unit, n int) string {
	var names []string
	for _, w := range in.p.Wishes {
		i, ok := in.byCode[w.Code]
		if ok && in.unitOf[i] == in.unitOf[u.members[0]] && slices.Contains(w.Excluded, n) {
			names = append(names, in.label(i))
		}
	}
	return strings.Join(names, ", ")
}

func (v *validator) groups() {
	in := v.in
	for gi, g := range in.p.Groups {
		for _, code := range g {
			if _, ok := in.byCode[code]; !ok {
				v.add("unknown-municipality", fmt.Sprintf("samarbejde nr. %d nævner kommune %s, som ikke findes blandt kommunerne", gi+1, code),
					fmt.Sprintf("samarbejde nr. %d", gi+1))
			}
		}
	}
	for k := range in.units {
		u := &in.units[k]
		if u.fixed < 0 && len(u.allowed) == 0 && len(in.regular) > 0 && u.size == 1 && !allExcluded(u, in.regular) {
			v.add("municipality-too-large", fmt.Sprintf("%s har %s indbyggere og %s skoler og dagtilbud og kan ikke være i nogen af de almindelige bølger, den må placeres i",
				in.label(u.members[0]), dknumInt(u.pop), dknumInt(u.inst)), in.label(u.members[0]), "bølgernes kapacitet")
		}
		if u.size < 2 {
			continue
		}
		v.groupFixedApart(u)
		v.pilotGroup(u)
		if u.fixed < 0 && len(u.allowed) == 0 && !allExcluded(u, in.regular) {
			v.add("group-too-large", fmt.Sprintf("samarbejdet %s har %d kommuner og %s indbyggere og kan ikke være i nogen af de almindelige bølger, det må placeres i (den største kan tage %d kommuner)",
				in.memberList(u.members), u.size, dknumInt(u.pop), in.largestCapacity(u)), "samarbejdet "+in.memberList(u.members), "bølgernes kapacitet")
		}
	}
}

// pilotGroup refuses a collaboration that would pull municipalities that are
// not pilots into a pilot wave, unless the coordinator chose a rule for it.
func (v *validator) pilotGroup(u *unit) {
	in := v.in
	if in.p.PilotGroups != PilotRefuse || u.fixed < 0 || in.waves[u.fixed].Kind != Pilot {
		return
	}
	var pilots, others []int
	for _, i := range u.members {
		if in.fixed[i] == u.fixed {
			pilots = append(pilots, i)
		} else {
			others = append(others, i)
		}
	}
	if len(others) == 0 {
		return
	}
	v.add("pilot-in-collaboration", fmt.Sprintf(
		"Samarbejdet %s indeholder pilotkommunen %s i pilotbølge %d; samarbejdet ville trække %s med ind i pilotbølgen. Tag pilotkommunen ud af samarbejdet, eller vælg en regel for samarbejder med pilotkommuner (hele samarbejdet går med som pilot, eller pilotkommunen går alene)",
		in.memberList(u.members), in.memberList(pilots), in.waves[u.fixed].Number, in.memberList(others)),
		"samarbejdet "+in.memberList(u.members), fmt.Sprintf("pilotbølge %d kun for pilotkommuner", in.waves[u.fixed].Number))
}

func (v *validator) groupFixedApart(u *unit) {
	in := v.in
	var rules []string
	waves := map[int]bool{}
	for _, i := range u.members {
		if f := in.fixed[i]; f >= 0 {
			waves[f] = true
			rules = append(rules, fmt.Sprintf("%s fastlagt til bølge %d", in.label(i), in.waves[f].Number))
		}
	}
	if len(waves) > 1 {
		rules = append(rules, "samarbejdet "+in.memberList(u.members))
		v.add("group-fixed-apart", fmt.Sprintf("samarbejdet %s skal være i samme bølge, men kommunerne er fastlagt til forskellige bølger (%s)",
			in.memberList(u.members), strings.Join(rules[:len(rules)-1], "; ")), rules...)
	}
}

func allExcluded(u *unit, regular []int) bool {
	for _, j := range regular {
		if !u.excl[j] {
			return false
		}
	}
	return true
}

func (in *instance) largestCapacity(u *unit) int {
	best := 0
	for _, j := range in.regular {
		if !u.excl[j] {
			best = max(best, in.cap[j])
		}
	}
	return best
}

func waveName(w Wave) string {
	return fmt.Sprintf("bølge %d (go-live %s)", w.Number, w.GoLive.Danish())
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

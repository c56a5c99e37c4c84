package waves

import (
	"fmt"
	"slices"
	"strings"
)

// Issue is one reason a problem has no feasible assignment.
type Issue struct {
	Kind        string   // stable English key, e.g. "fixed-in-blackout"
	Constraints []string // the constraints that conflict, each named for a user
	Message     string   // one sentence for the user
}

func (i Issue) String() string { return i.Kind + ": " + i.Message }

// InfeasibleError is returned by Optimize when Validate finds issues or the
// search cannot satisfy the hard constraints.
type InfeasibleError struct{ Issues []Issue }

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
// can be seen without a search.
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
			v.add("municipality-without-code", fmt.Sprintf("municipality %q has no code", m.Name), "municipality "+m.Name)
		case seen[m.Code]:
			v.add("duplicate-municipality", fmt.Sprintf("municipality code %s occurs more than once", m.Code), "municipality "+m.Code)
		}
		seen[m.Code] = true
		if m.Population < 0 {
			v.add("negative-population", fmt.Sprintf("%s (%s) has a negative population", m.Name, m.Code), "municipality "+m.Code)
		}
	}
}

func (v *validator) waves() {
	in := v.in
	seen := map[int]bool{}
	for _, w := range in.waves {
		name := waveName(w)
		if seen[w.Number] {
			v.add("duplicate-wave", fmt.Sprintf("wave number %d occurs more than once", w.Number), name)
		}
		seen[w.Number] = true
		if !w.Kind.Valid() {
			v.add("unknown-wave-kind", fmt.Sprintf("wave %d has kind %q; want pilot, regular or catchup", w.Number, w.Kind), name)
		}
		if w.Capacity < 0 {
			v.add("negative-capacity", fmt.Sprintf("wave %d has a negative capacity", w.Number), name)
		}
		for _, b := range in.p.Blackouts {
			if b.Contains(w.GoLive) {
				v.add("wave-in-blackout", fmt.Sprintf("wave %d goes live on %s, inside the blackout %s",
					w.Number, w.GoLive.Danish(), b), name, "blackout "+b.Name)
			}
		}
	}
	if len(in.regular) == 0 {
		v.add("no-regular-wave", "there is no regular wave to place the municipalities in", "waves")
	}
	if p := in.p; p.HypercareTeams < 0 || p.TeamCapacity < 0 || p.TrainingParallel < 0 {
		v.add("negative-setting", fmt.Sprintf("hypercare teams (%d), team capacity (%d) and training limit (%d) cannot be negative",
			p.HypercareTeams, p.TeamCapacity, p.TrainingParallel), "supplier capacity")
	}
}

func (v *validator) fixed() {
	in := v.in
	for _, code := range sortedKeys(in.p.Fixed) {
		n := in.p.Fixed[code]
		rule := fmt.Sprintf("fixed %s → wave %d", code, n)
		i, ok := in.byCode[code]
		if !ok {
			v.add("unknown-municipality", fmt.Sprintf("municipality %s is fixed to wave %d but is not in the problem", code, n), rule)
			continue
		}
		rule = fmt.Sprintf("fixed %s → wave %d", in.label(i), n)
		j, ok := in.byNum[n]
		if !ok {
			v.add("unknown-wave", fmt.Sprintf("%s is fixed to wave %d, which does not exist", in.label(i), n), rule)
			continue
		}
		for _, b := range in.p.Blackouts {
			if b.Contains(in.waves[j].GoLive) {
				v.add("fixed-in-blackout", fmt.Sprintf("%s is fixed to wave %d, whose go-live %s falls in the blackout %s",
					in.label(i), n, in.waves[j].GoLive.Danish(), b), rule, "blackout "+b.Name)
			}
		}
		if u := &in.units[in.unitOf[i]]; u.excl[j] {
			v.add("fixed-to-excluded", fmt.Sprintf("%s is fixed to wave %d, which %s has excluded",
				in.label(i), n, in.excluders(u, n)), rule, "exclusion of wave "+fmt.Sprint(n))
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
				v.add("unknown-municipality", fmt.Sprintf("collaboration %d names municipality %s, which is not in the problem", gi+1, code),
					fmt.Sprintf("collaboration %d", gi+1))
			}
		}
	}
	for k := range in.units {
		u := &in.units[k]
		if u.size < 2 {
			continue
		}
		v.groupFixedApart(u)
		if u.fixed < 0 && len(u.allowed) == 0 && !allExcluded(u, in.regular) {
			v.add("group-too-large", fmt.Sprintf("collaboration %s has %d municipalities, more than any regular wave it may go in can take (largest: %d)",
				in.memberList(u.members), u.size, in.largestCapacity(u)), "collaboration "+in.memberList(u.members), "wave capacities")
		}
	}
}

func (v *validator) groupFixedApart(u *unit) {
	in := v.in
	var rules []string
	waves := map[int]bool{}
	for _, i := range u.members {
		if f := in.fixed[i]; f >= 0 {
			waves[f] = true
			rules = append(rules, fmt.Sprintf("fixed %s → wave %d", in.label(i), in.waves[f].Number))
		}
	}
	if len(waves) > 1 {
		rules = append(rules, "collaboration "+in.memberList(u.members))
		v.add("group-fixed-apart", fmt.Sprintf("collaboration %s must share a wave, but its members are fixed to different waves (%s)",
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

func waveName(w Wave) string { return fmt.Sprintf("wave %d (go-live %s)", w.Number, w.GoLive.Danish()) }

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

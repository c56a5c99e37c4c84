package waves

import (
	"fmt"
	"slices"
)

// relocations lists the municipalities whose wave differs from
// Problem.Current, each with the reason it moves, in Danish. t and where
// describe the new assignment.
func (in *instance) relocations(t *tally, where []int) []Relocation {
	var out []Relocation
	for i, j := range where {
		c := in.current[i]
		if j < 0 || c == j {
			continue
		}
		from := 0
		if n, ok := in.p.Current[in.munis[i].Code]; ok {
			from = n
		}
		out = append(out, Relocation{Code: in.munis[i].Code, From: from, To: in.waves[j].Number, Why: in.why(t, where, i, c, j)})
	}
	return out
}

// why explains why municipality i left wave c (-1: it had none) for j.
func (in *instance) why(t *tally, where []int, i, c, j int) string {
	u := &in.units[in.unitOf[i]]
	switch {
	case c < 0:
		return "var ikke med i den gældende plan"
	case in.fixed[i] == j:
		return fmt.Sprintf("er fastlagt eller låst til bølge %d", in.waves[j].Number)
	case u.fixed == j:
		var who []int
		for _, k := range u.members {
			if in.fixed[k] == j {
				who = append(who, k)
			}
		}
		return fmt.Sprintf("følger samarbejdet med %s, som er fastlagt eller låst til bølge %d", in.memberList(who), in.waves[j].Number)
	case u.excl[c]:
		return fmt.Sprintf("har fravalgt bølge %d", in.waves[c].Number)
	case !in.isReg[c]:
		return fmt.Sprintf("bølge %d er ikke en almindelig bølge (%s)", in.waves[c].Number, kindDanish(in.waves[c].Kind))
	case !slices.Contains(u.allowed, c):
		return fmt.Sprintf("samarbejdet kan ikke være i bølge %d", in.waves[c].Number)
	}
	if in.overflow(c, t.cnt[c]+1, t.pop[c]+in.munis[i].Population, t.inst[c]+in.munis[i].Institutions) > 0 {
		return fmt.Sprintf("giver plads i bølge %d, som ellers ville være over sin kapacitet", in.waves[c].Number)
	}
	for _, m := range u.members {
		if m != i && where[m] == j && in.current[m] != j {
			return "følger sit samarbejde"
		}
	}
	return "bytter plads, så de faste regler holder med færrest flytninger"
}

// kindDanish names a wave kind for users.
func kindDanish(k WaveKind) string {
	switch k {
	case Pilot:
		return "pilotbølge"
	case Catchup:
		return "opsamlingsbølge"
	}
	return "almindelig bølge"
}

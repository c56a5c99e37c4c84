package waves

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/dknum"
)

// hardViolations explains, in Danish, every hard constraint an assignment
// breaks; where holds each municipality's wave index (-1 if it has none).
func (in *instance) hardViolations(t *tally, where []int) []string {
	var v []string
	for i, j := range where {
		if f := in.fixed[i]; f >= 0 && j >= 0 && j != f {
			v = append(v, fmt.Sprintf("%s er fastlagt til bølge %d, men står i bølge %d",
				in.label(i), in.waves[f].Number, in.waves[j].Number))
		}
	}
	v = append(v, in.pilotIntruders(where)...)
	v = append(v, in.splitGroups(where)...)
	for _, w := range in.p.Wishes {
		i, ok := in.byCode[w.Code]
		if ok && where[i] >= 0 && slices.Contains(w.Excluded, in.waves[where[i]].Number) {
			v = append(v, fmt.Sprintf("%s har fravalgt bølge %d, men står i den", in.label(i), in.waves[where[i]].Number))
		}
	}
	for j := range in.waves {
		n := in.waves[j].Number
		if over := in.overCapacity(t, j); over > 0 {
			v = append(v, fmt.Sprintf("bølge %d har %d kommuner, men kan højst tage %d (%s)",
				n, t.cnt[j], in.cap[j], in.capacitySource(j)))
		}
		if t.pop[j] > in.capPop[j] {
			v = append(v, fmt.Sprintf("bølge %d har %s indbyggere, men kan højst tage %s",
				n, dknum.Int(t.pop[j]), dknum.Int(in.capPop[j])))
		}
		if t.inst[j] > in.capInst[j] {
			v = append(v, fmt.Sprintf("bølge %d har %s skoler og dagtilbud, men kan højst tage %s",
				n, dknum.Int(t.inst[j]), dknum.Int(in.capInst[j])))
		}
	}
	for c, ws := range in.train {
		if in.overTraining(t, c) > 0 {
			n := 0
			for _, j := range ws {
				n += t.trained[j]
			}
			v = append(v, fmt.Sprintf("%s ville have %d kommuner med købt uddannelse i uddannelse på samme tid; højst %d kan være det",
				capital(in.waveList(ws)), n, in.p.TrainingParallel))
		}
	}
	return append(v, in.hypercareOverlaps(func(j int) bool { return t.cnt[j] > 0 })...)
}

// pilotIntruders reports municipalities in a pilot wave that are not
// pilots there: pilot waves hold the pilots only. Under PilotJoins a pilot's
// collaboration partners are pilots too.
func (in *instance) pilotIntruders(where []int) []string {
	var v []string
	for i, j := range where {
		if j < 0 || in.waves[j].Kind != Pilot || in.fixed[i] == j {
			continue
		}
		if in.p.PilotGroups == PilotJoins && in.units[in.unitOf[i]].fixed == j {
			continue
		}
		v = append(v, fmt.Sprintf("%s er ikke pilotkommune, men står i pilotbølge %d", in.label(i), in.waves[j].Number))
	}
	return v
}

// splitGroups reports collaborations whose members sit in different waves.
func (in *instance) splitGroups(where []int) []string {
	var v []string
	for _, u := range in.units {
		if u.size < 2 {
			continue
		}
		var ws []int
		for _, i := range u.members {
			if where[i] >= 0 && !slices.Contains(ws, where[i]) {
				ws = append(ws, where[i])
			}
		}
		if len(ws) > 1 {
			slices.Sort(ws)
			v = append(v, fmt.Sprintf("samarbejdet %s er delt over %s", in.memberList(u.members), in.waveList(ws)))
		}
	}
	return v
}

// hypercareOverlaps reports days on which more of the active waves need a
// hypercare team than there are teams. One team serves one whole wave, and
// for intervals the largest overlap equals the number of teams needed.
func (in *instance) hypercareOverlaps(active func(j int) bool) []string {
	ivs := in.rolloutIntervals()
	var v []string
	for _, c := range cliques(ivs) {
		var ws []int
		for _, j := range c {
			if active(j) {
				ws = append(ws, j)
			}
		}
		if len(ws) > in.p.HypercareTeams {
			day := ivs[ws[0]].from
			for _, j := range ws {
				day = max(day, ivs[j].from)
			}
			v = append(v, fmt.Sprintf("%s har alle brug for et hypercareteam den %s, men der er kun %d teams (et team er optaget fra %d dage før til %d dage efter go-live)",
				capital(in.waveList(ws)), day.Danish(), in.p.HypercareTeams, in.p.RolloutWindow.Before, in.p.RolloutWindow.After))
		}
	}
	return v
}

func (in *instance) capacitySource(j int) string {
	if in.p.TeamCapacity > 0 && in.cap[j] == in.p.TeamCapacity &&
		(in.waves[j].Capacity == 0 || in.waves[j].Capacity > in.p.TeamCapacity) {
		return "det et hypercareteam kan bære"
	}
	return "bølgens kapacitet"
}

// waveList formats wave indices as "bølge 3, 4 og 5".
func (in *instance) waveList(js []int) string {
	if len(js) == 1 {
		return "bølge " + strconv.Itoa(in.waves[js[0]].Number)
	}
	parts := make([]string, len(js))
	for k, j := range js {
		parts[k] = strconv.Itoa(in.waves[j].Number)
	}
	return "bølge " + strings.Join(parts[:len(parts)-1], ", ") + " og " + parts[len(parts)-1]
}

func (in *instance) memberList(is []int) string {
	parts := make([]string, len(is))
	for k, i := range is {
		parts[k] = in.label(i)
	}
	return strings.Join(parts, ", ")
}

// capital upper-cases the first letter of a sentence.
func capital(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	return string(r)
}

// waveStats summarises each wave.
func (in *instance) waveStats(t *tally, where []int) []WaveStats {
	out := make([]WaveStats, len(in.waves))
	for j, w := range in.waves {
		out[j] = WaveStats{Number: w.Number, Kind: w.Kind, Count: t.cnt[j], Population: t.pop[j],
			Classes: t.cls[j], Trained: t.trained[j], Institutions: t.inst[j], Regions: map[string]int{}}
		for r, c := range t.reg[j] {
			if c > 0 {
				out[j].Regions[in.regions[r]] = c
			}
		}
	}
	for i, j := range where {
		if j >= 0 {
			out[j].Members = append(out[j].Members, in.munis[i].Code)
		}
	}
	return out
}

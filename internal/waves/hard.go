package waves

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// hardViolations explains every hard constraint an assignment breaks; where
// holds each municipality's wave index (-1 if it has none).
func (in *instance) hardViolations(t *tally, where []int) []string {
	var v []string
	for i, j := range where {
		if f := in.fixed[i]; f >= 0 && j >= 0 && j != f {
			v = append(v, fmt.Sprintf("%s is fixed to wave %d but is in wave %d",
				in.label(i), in.waves[f].Number, in.waves[j].Number))
		}
	}
	v = append(v, in.splitGroups(where)...)
	for _, w := range in.p.Wishes {
		i, ok := in.byCode[w.Code]
		if ok && where[i] >= 0 && slices.Contains(w.Excluded, in.waves[where[i]].Number) {
			v = append(v, fmt.Sprintf("%s has excluded wave %d but is in it", in.label(i), in.waves[where[i]].Number))
		}
	}
	for j := range in.waves {
		if over := in.overCapacity(t, j); over > 0 {
			v = append(v, fmt.Sprintf("wave %d holds %d municipalities but can take %d (capacity %s)",
				in.waves[j].Number, t.cnt[j], in.cap[j], in.capacitySource(j)))
		}
	}
	for c, ws := range in.train {
		if in.overTraining(t, c) > 0 {
			n := 0
			for _, j := range ws {
				n += t.trained[j]
			}
			v = append(v, fmt.Sprintf("%s would have %d municipalities with purchased training in training at the same time; at most %d can be",
				in.waveList(ws), n, in.p.TrainingParallel))
		}
	}
	return append(v, in.hypercareOverlaps(func(j int) bool { return t.cnt[j] > 0 })...)
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
			v = append(v, fmt.Sprintf("collaboration %s is split over %s", in.memberList(u.members), in.waveList(ws)))
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
			v = append(v, fmt.Sprintf("%s all need a hypercare team on %s, but there are only %d teams (rollout window %d days before to %d after go-live)",
				in.waveList(ws), day.Danish(), in.p.HypercareTeams, in.p.RolloutWindow.Before, in.p.RolloutWindow.After))
		}
	}
	return v
}

func (in *instance) capacitySource(j int) string {
	if in.p.TeamCapacity > 0 && in.cap[j] == in.p.TeamCapacity &&
		(in.waves[j].Capacity == 0 || in.waves[j].Capacity > in.p.TeamCapacity) {
		return "of one hypercare team"
	}
	return "of the wave"
}

// waveList formats wave indices as "waves 3, 4 and 5".
func (in *instance) waveList(js []int) string {
	if len(js) == 1 {
		return "wave " + strconv.Itoa(in.waves[js[0]].Number)
	}
	parts := make([]string, len(js))
	for k, j := range js {
		parts[k] = strconv.Itoa(in.waves[j].Number)
	}
	return "waves " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func (in *instance) memberList(is []int) string {
	parts := make([]string, len(is))
	for k, i := range is {
		parts[k] = in.label(i)
	}
	return strings.Join(parts, ", ")
}

// waveStats summarises each wave.
func (in *instance) waveStats(t *tally, where []int) []WaveStats {
	out := make([]WaveStats, len(in.waves))
	for j, w := range in.waves {
		out[j] = WaveStats{Number: w.Number, Kind: w.Kind, Count: t.cnt[j], Population: t.pop[j],
			Classes: t.cls[j], Trained: t.trained[j], Regions: map[string]int{}}
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

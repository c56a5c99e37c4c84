package schedule

import (
	"cmp"
	"slices"
)

// kindCode is Kind as a byte, so the passes switch on a byte, not a string.
type kindCode uint8

const (
	codeFS kindCode = iota
	codeSS
	codeFF
)

func codeOf(k Kind) kindCode {
	switch k.orDefault() {
	case StartToStart:
		return codeSS
	case FinishToFinish:
		return codeFF
	}
	return codeFS
}

// link is one end of a dependency as seen from a task: the task at the
// other end, the kind and the lag.
type link struct {
	other int32
	kind  kindCode
	lag   int32
}

// graph holds the dependencies of a plan in compressed adjacency form
// (all predecessor links in one slice, offsets per task), which keeps the
// passes over a few thousand tasks inside the CPU cache.
type graph struct {
	keys    []string
	predOff []int32 // predecessors of task i are preds[predOff[i]:predOff[i+1]]
	preds   []link
	succOff []int32
	succs   []link
}

func (g *graph) predsOf(i int32) []link { return g.preds[g.predOff[i]:g.predOff[i+1]] }
func (g *graph) succsOf(i int32) []link { return g.succs[g.succOff[i]:g.succOff[i+1]] }

// newGraph resolves dependency keys to task positions. It reports the first
// duplicate key or bad dependency, in input order.
func newGraph(keys []string, deps []Dependency) (*graph, error) {
	pos := make(map[string]int32, len(keys))
	for i, k := range keys {
		if _, dup := pos[k]; dup {
			return nil, &DuplicateTaskError{Key: k}
		}
		pos[k] = int32(i)
	}
	from := make([]int32, len(deps))
	to := make([]int32, len(deps))
	for i, d := range deps {
		var ok bool
		if from[i], ok = pos[d.From]; !ok {
			return nil, &UnknownTaskError{Index: i + 1, Dep: d, Key: d.From}
		}
		if to[i], ok = pos[d.To]; !ok {
			return nil, &UnknownTaskError{Index: i + 1, Dep: d, Key: d.To}
		}
		if !d.Kind.Valid() {
			return nil, &UnknownKindError{Index: i + 1, Dep: d}
		}
	}
	g := &graph{keys: keys}
	g.predOff, g.preds = adjacency(len(keys), deps, to, from)
	g.succOff, g.succs = adjacency(len(keys), deps, from, to)
	return g, nil
}

// adjacency builds offsets and links grouped by owner[i], each link pointing
// at other[i], keeping the dependencies' input order within a task.
func adjacency(n int, deps []Dependency, owner, other []int32) ([]int32, []link) {
	off := make([]int32, n+1)
	for _, o := range owner {
		off[o+1]++
	}
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	next := slices.Clone(off[:n])
	links := make([]link, len(deps))
	for i, d := range deps {
		o := owner[i]
		links[next[o]] = link{other: other[i], kind: codeOf(d.Kind), lag: int32(d.Lag)}
		next[o]++
	}
	return off, links
}

// topoOrder returns the tasks so that every task comes after all its
// predecessors, or a *CycleError. It is Kahn's algorithm: tasks without
// predecessors in plan order first, then each as its last predecessor is
// placed, so the order is the same on every run.
func (g *graph) topoOrder() ([]int32, error) {
	n := len(g.keys)
	waiting := make([]int32, n)
	order := make([]int32, 0, n)
	for i := range n {
		waiting[i] = g.predOff[i+1] - g.predOff[i]
		if waiting[i] == 0 {
			order = append(order, int32(i))
		}
	}
	// order doubles as the queue: entries before head are finished.
	for head := 0; head < len(order); head++ {
		for _, l := range g.succsOf(order[head]) {
			waiting[l.other]--
			if waiting[l.other] == 0 {
				order = append(order, l.other)
			}
		}
	}
	if len(order) < n {
		return nil, &CycleError{Keys: g.findCycle(order)}
	}
	return order, nil
}

// findCycle returns one cycle among the tasks Kahn's algorithm could not
// order. It walks tasks and successors in key order and rotates the cycle to
// start at its smallest key, so the reported cycle does not depend on the
// order in which tasks or dependencies were listed.
func (g *graph) findCycle(ordered []int32) []string {
	const (
		unseen = iota
		onPath
		finished
	)
	state := make([]uint8, len(g.keys))
	for _, i := range ordered {
		state[i] = finished // acyclic part: cannot be on a cycle
	}
	var path, cycle []int32
	var visit func(v int32) bool
	visit = func(v int32) bool {
		state[v] = onPath
		path = append(path, v)
		for _, s := range g.sortByKey(others(g.succsOf(v))) {
			switch state[s] {
			case onPath:
				cycle = path[slices.Index(path, s):]
				return true
			case unseen:
				if visit(s) {
					return true
				}
			}
		}
		state[v] = finished
		path = path[:len(path)-1]
		return false
	}
	all := make([]int32, len(g.keys))
	for i := range all {
		all[i] = int32(i)
	}
	for _, v := range g.sortByKey(all) {
		if state[v] == unseen && visit(v) {
			break
		}
	}
	return g.rotatedKeys(cycle)
}

// others lists the tasks at the other end of links.
func others(links []link) []int32 {
	out := make([]int32, len(links))
	for i, l := range links {
		out[i] = l.other
	}
	return out
}

// sortByKey sorts task positions by key, in place, and returns them.
func (g *graph) sortByKey(ids []int32) []int32 {
	slices.SortFunc(ids, func(a, b int32) int { return cmp.Compare(g.keys[a], g.keys[b]) })
	return ids
}

// rotatedKeys names the cycle's tasks starting from the smallest key.
func (g *graph) rotatedKeys(cycle []int32) []string {
	first := 0
	for i, v := range cycle {
		if g.keys[v] < g.keys[cycle[first]] {
			first = i
		}
	}
	keys := make([]string, 0, len(cycle))
	for i := range cycle {
		keys = append(keys, g.keys[cycle[(first+i)%len(cycle)]])
	}
	return keys
}

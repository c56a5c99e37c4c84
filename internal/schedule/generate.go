package schedule

import (
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

// Shape of generated plans, in working days relative to go-live.
const (
	genFirst        = -240 // about a year before go-live, where phase 2 begins
	genLast         = 120  // about six months after, for follow-up tasks
	genStatusOffset = -120 // the statuses are as a municipality would have them this far before go-live
	genWindow       = 150  // predecessors are drawn from this many earlier-starting tasks
)

// GeneratePlan returns a deterministic, consistent plan of n tasks (n ≥ 0)
// plus a go-live milestone, for benchmarks and tests: the same n and seed
// give the same plan on every machine and Go version (it uses its own
// generator, not math/rand).
//
// Go-live is Monday 1 March 2027. Tasks start from about a year before
// go-live to half a year after, last 1–20 working days (some up to 60; about
// 4 % are milestones), and each depends on 1–3 tasks that start earlier
// (2 on average): 75 % FS, 15 % SS, 10 % FF, with lags from −2 to 5 working
// days, tightened where needed so that every task's planned dates honour its
// links. A go-live milestone, key "golive", follows a few tasks that end just
// before it. About 15 % of tasks are typed kritisk, 25 % valgfri. Statuses are
// as of 120 working days before go-live: most earlier tasks completed, a few
// started or late, some current ones started, optional ones now and then
// "ikke relevant".
func GeneratePlan(n int, seed int64) Plan {
	cal := calendar.Danish()
	golive := model.NewDate(2027, time.March, 1)
	ix := newDayIndex(cal, golive-420, golive+260)
	zero := ix.point(golive)
	r := &rng{s: uint64(seed)}
	g := &generator{r: r, start: make([]int32, n), finish: make([]int32, n)}
	g.place(n)
	p := Plan{GoLive: golive, Tasks: make([]Task, n)}
	status := zero + genStatusOffset
	for i := range n {
		p.Tasks[i] = g.task(i, ix, zero, status)
		p.Dependencies = append(p.Dependencies, g.links(i)...)
	}
	return g.addGoLive(p)
}

// rng is splitmix64: tiny, fast and fixed forever, unlike math/rand's streams.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// percent returns true p times in a hundred.
func (r *rng) percent(p int) bool { return r.intn(100) < p }

// generator keeps the planned points of the tasks generated so far, relative
// to go-live, so links can be chosen to fit them.
type generator struct {
	r             *rng
	start, finish []int32
}

// place spreads start points evenly with jitter, in increasing order, and
// draws durations.
func (g *generator) place(n int) {
	span := genLast - genFirst
	prev := int32(genFirst)
	for i := range n {
		s := int32(genFirst + i*span/max(n, 1) + g.r.intn(5))
		s = max(s, prev)
		prev = s
		dur := int32(1 + g.r.intn(20))
		switch {
		case g.r.percent(4):
			dur = 0
		case g.r.percent(8):
			dur = int32(20 + g.r.intn(41))
		}
		g.start[i], g.finish[i] = s, s+dur
	}
}

// task builds task i with dates and a status as of the status point.
func (g *generator) task(i int, ix *dayIndex, zero, status int32) Task {
	s, f := g.start[i]+zero, g.finish[i]+zero
	t := Task{Key: fmt.Sprintf("t%04d", i), End: ix.finishDate(f), Type: model.Mandatory, Status: model.NotStarted}
	t.Start, t.Milestone = ix.startDate(s, f-s), s == f
	switch v := g.r.intn(100); {
	case v < 15:
		t.Type = model.Critical
	case v < 40:
		t.Type = model.Optional
	}
	v := g.r.intn(100)
	switch {
	case f <= status: // due by now: mostly done, some under way, some late
		if v < 88 {
			t.Status = model.Completed
		} else if v < 94 {
			t.Status = model.Started
		}
	case s < status && v < 60: // under way
		t.Status = model.Started
	}
	if t.Type == model.Optional && t.Status != model.Completed && g.r.percent(10) {
		t.Status = model.NotRelevant
	}
	return t
}

// links draws task i's predecessors among the tasks starting before it.
func (g *generator) links(i int) []Dependency {
	var deps []Dependency
	want := 1 + g.r.intn(3)
	seen := map[int]bool{}
	for try := 0; try < 3*want && len(deps) < want && i > 0; try++ {
		j := i - 1 - g.r.intn(min(i, genWindow))
		if seen[j] {
			continue
		}
		kind, lag, ok := g.fit(j, i)
		if !ok {
			continue
		}
		seen[j] = true
		deps = append(deps, Dependency{From: fmt.Sprintf("t%04d", j), To: fmt.Sprintf("t%04d", i), Kind: kind, Lag: lag})
	}
	return deps
}

// fit draws a kind and a lag for j → i and tightens the lag so the planned
// dates honour it; it refuses links that would need a lag below −10.
func (g *generator) fit(j, i int) (Kind, int, bool) {
	kind, room := FinishToStart, g.start[i]-g.finish[j]
	switch v := g.r.intn(100); {
	case v >= 90:
		kind, room = FinishToFinish, g.finish[i]-g.finish[j]
	case v >= 75:
		kind, room = StartToStart, g.start[i]-g.start[j]
	}
	lag := min(int32(g.r.intn(8)-2), room)
	return kind, int(lag), lag >= -10
}

// addGoLive appends the go-live milestone after the tasks that end in the
// last two weeks before it, with the lag that puts it exactly on go-live (a
// milestone marks the end of its day, one working day after a task that
// ends the day before).
func (g *generator) addGoLive(p Plan) Plan {
	gl := Task{Key: "golive", Start: p.GoLive, End: p.GoLive, Type: model.Critical, Status: model.NotStarted, Milestone: true}
	for i := range p.Tasks {
		if g.finish[i] <= 0 && g.finish[i] > -10 && g.start[i] < g.finish[i] {
			p.Dependencies = append(p.Dependencies, Dependency{From: p.Tasks[i].Key, To: gl.Key, Lag: int(1 - g.finish[i])})
		}
	}
	p.Tasks = append(p.Tasks, gl)
	return p
}

package schedule

import (
	"fmt"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

// Task is one task of a municipality's plan, as the analyses need it.
type Task struct {
	Key   string
	Start model.Date // first working day, inclusive
	End   model.Date // last working day, inclusive; the task's deadline
	// Type is the declared type; model.Critical means the catalogue puts the
	// task on the critical path. Optional tasks never hold up go-live.
	Type   model.TaskType
	Status model.Status
	// Milestone marks a zero-duration event on End (a checkpoint, go-live
	// itself); Start is ignored. A task with Start == End lasts one day.
	Milestone bool
	// GoLive is the go-live this task must be ready for when it is not the
	// plan's: an institution's own go-live, for that institution's
	// instance of an institution task. model.NoDate means the plan's.
	GoLive model.Date
}

// Plan is what the analyses read: the tasks of one municipality's plan for
// one solution, the dependencies between them, and its go-live date.
type Plan struct {
	Tasks        []Task
	Dependencies []Dependency
	GoLive       model.Date // model.NoDate when the plan has none
}

// Network is a validated plan compiled for repeated analysis: dependencies
// resolved to positions, tasks in topological order, dates turned into
// working-day points. It is read-only after Compile and safe for concurrent
// use.
type Network struct {
	tasks     []Task
	g         *graph
	order     []int32 // topological order
	ix        *dayIndex
	start     []int32      // planned start point
	finish    []int32      // planned finish point
	dur       []int32      // finish - start, in working days
	gating    []bool       // must be done by go-live
	deadline  []int32      // finish point a gating task must meet
	goLiveOf  []model.Date // the go-live each task serves (Task.GoLive or the plan's)
	goLiveAt  []int32      // its start point
	done      []bool       // completed or not relevant: never moves, holds nothing back
	goLive    model.Date
	goLivePt  int32 // go-live's start point
	hasGoLive bool
	// anyGoLive: some task serves a go-live (the plan's or its own), so
	// criticality is measured against go-lives rather than the plan's end.
	anyGoLive bool
}

// Compile validates p (see Validate; also no task may end before it starts)
// and prepares it for CriticalPath and Forecast. p's slices are not copied:
// do not change them while the Network is in use.
func Compile(cal *calendar.Calendar, p Plan) (*Network, error) {
	keys := make([]string, len(p.Tasks))
	for i, t := range p.Tasks {
		if !t.Milestone && t.End < t.Start {
			return nil, fmt.Errorf("opgave %q: slutdato %s ligger før startdato %s", t.Key, t.End, t.Start)
		}
		keys[i] = t.Key
	}
	g, err := newGraph(keys, p.Dependencies)
	if err != nil {
		return nil, err
	}
	order, err := g.topoOrder()
	if err != nil {
		return nil, err
	}
	n := &Network{tasks: p.Tasks, g: g, order: order, goLive: p.GoLive, hasGoLive: p.GoLive != model.NoDate}
	lo, hi := dateRange(p)
	n.ix = newDayIndex(cal, lo, hi)
	if n.hasGoLive {
		n.goLivePt = n.ix.point(p.GoLive)
	}
	n.placeTasks()
	return n, nil
}

// dateRange spans every date in the plan.
func dateRange(p Plan) (lo, hi model.Date) {
	lo, hi = p.GoLive, p.GoLive
	if p.GoLive == model.NoDate && len(p.Tasks) > 0 {
		lo, hi = p.Tasks[0].End, p.Tasks[0].End
	}
	for _, t := range p.Tasks {
		if !t.Milestone {
			lo = min(lo, t.Start)
		}
		lo, hi = min(lo, t.End), max(hi, t.End)
		if t.GoLive != model.NoDate {
			lo, hi = min(lo, t.GoLive), max(hi, t.GoLive)
		}
	}
	return lo, hi
}

// placeTasks turns planned dates into points. Milestones become
// zero-duration events at the end of their day. Tasks marked "ikke relevant"
// keep their planned place, so links through them hold as planned; they just
// never gate go-live, are never critical, and never move in a forecast.
func (n *Network) placeTasks() {
	c := len(n.tasks)
	n.start, n.finish, n.dur = make([]int32, c), make([]int32, c), make([]int32, c)
	n.gating, n.done, n.deadline = make([]bool, c), make([]bool, c), make([]int32, c)
	n.goLiveOf, n.goLiveAt = make([]model.Date, c), make([]int32, c)
	for i, t := range n.tasks {
		n.finish[i] = n.ix.point(t.End + 1)
		n.start[i] = n.finish[i]
		if !t.Milestone {
			n.start[i] = n.ix.point(t.Start)
		}
		n.dur[i] = n.finish[i] - n.start[i]
		n.done[i] = t.Status == model.Completed || t.Status == model.NotRelevant
		g, gp := n.goLive, n.goLivePt
		if t.GoLive != model.NoDate {
			g, gp = t.GoLive, n.ix.point(t.GoLive)
		}
		n.goLiveOf[i], n.goLiveAt[i] = g, gp
		n.anyGoLive = n.anyGoLive || g != model.NoDate
		n.gating[i] = DueByGoLive(t, g)
		n.deadline[i] = gp
		if t.End == g {
			n.deadline[i] = n.finish[i] // work planned on the go-live day may use it
		}
	}
}

// DueByGoLive says whether t must be done by go-live ("gating"): planned to
// end on or before go-live, not optional and not "ikke relevant". Such a
// task must finish before the go-live day begins, or by the end of that day
// if it is planned on it. The MS Project export gives these tasks that
// deadline, so MS Project measures their float as this package does.
func DueByGoLive(t Task, goLive model.Date) bool {
	return goLive != model.NoDate && t.End <= goLive && t.Type != model.Optional && t.Status != model.NotRelevant
}

// startBound is the earliest start point link l allows for a task of
// duration dur, given its predecessor's start and finish points.
func startBound(l link, predStart, predFinish, dur int32) int32 {
	switch l.kind {
	case codeSS:
		return predStart + l.lag
	case codeFF:
		return predFinish + l.lag - dur
	}
	return predFinish + l.lag
}

// finishBound is the latest finish point link l allows for a task of
// duration dur, given its successor's late start and late finish points.
func finishBound(l link, succStart, succFinish, dur int32) int32 {
	switch l.kind {
	case codeSS:
		return succStart - l.lag + dur
	case codeFF:
		return succFinish - l.lag
	}
	return succStart - l.lag
}

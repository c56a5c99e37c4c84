package schedule

import (
	"cmp"
	"math"
	"slices"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

// TaskFloat is one task's place in the critical-path analysis. Dates are
// working days: ES/LS the first day of work, EF/LF the last (for a
// zero-duration task all four are the day it marks).
type TaskFloat struct {
	Key        string
	Duration   int // working days
	ES, EF     model.Date
	LS, LF     model.Date
	TotalFloat int // working days it can slip; negative when it already misses its deadline
	// Critical is computed: no float, and (when the plan has a go-live)
	// the float is measured against go-live.
	Critical         bool
	DeclaredCritical bool // the catalogue types it "kritisk"
	// GoLive is the go-live the task's late finish derives from, directly
	// or through its successors: the plan's, or an institution's own
	// (Task.GoLive). model.NoDate when it is measured against the plan's end.
	GoLive model.Date
}

// Divergence says how computed and declared criticality disagree.
type Divergence string

const (
	Agrees             Divergence = ""
	DeclaredWithFloat  Divergence = "declared_with_float" // typed kritisk, but has float
	UndeclaredCritical Divergence = "undeclared_critical" // not typed kritisk, but has none
)

// Divergence compares the computed and the declared critical path.
func (t TaskFloat) Divergence() Divergence {
	switch {
	case t.DeclaredCritical && !t.Critical:
		return DeclaredWithFloat
	case !t.DeclaredCritical && t.Critical:
		return UndeclaredCritical
	}
	return Agrees
}

// CriticalPathResult is the analysis of a whole plan.
type CriticalPathResult struct {
	Tasks    []TaskFloat // in plan order
	Critical []string    // keys of the critical tasks, by early start then plan order
	Finish   model.Date  // the plan's early finish: the last EF
}

// CriticalPath compiles p and analyses it; see Network.CriticalPath.
func CriticalPath(cal *calendar.Calendar, p Plan) (*CriticalPathResult, error) {
	n, err := Compile(cal, p)
	if err != nil {
		return nil, err
	}
	return n.CriticalPath(), nil
}

// CriticalPath runs the forward and backward passes.
//
// Forward: a task starts at its planned start, or later if a predecessor
// forces it (the plan's dates act as "start no earlier than"), so a
// consistent plan has ES/EF on its own dates.
//
// Backward: a task must be done by go-live when its planned end is on or
// before go-live, it is not optional and not "ikke relevant". Such a task
// must finish before the go-live day begins, or by the end of the go-live
// day if it is planned on that day. Every other task, including all work
// after go-live, must finish by the plan's end (the latest early finish or
// go-live deadline). Float is LS − ES in working days.
//
// A task is critical when its float is ≤ 0 and its late finish comes from
// go-live, directly or through its successors. The tail after go-live has no
// deadline worth defending, so its zero float (against the plan's end) is
// not reported as critical. Without a go-live date this is classic CPM
// against the plan's end. Tasks marked "ikke relevant" are never critical.
func (n *Network) CriticalPath() *CriticalPathResult {
	es, ef := n.forward()
	ls, lf, bound := n.backward(ef)
	res := &CriticalPathResult{Tasks: make([]TaskFloat, len(n.tasks))}
	lo, hi := int32(0), int32(0)
	for i := range n.tasks {
		lo, hi = min(lo, es[i], ls[i]), max(hi, ef[i], lf[i])
	}
	ix := n.ix.covering(lo-1, hi) // a zero-duration task shows the day before its point
	var crit []int32
	for i, t := range n.tasks {
		float := ls[i] - es[i]
		critical := float <= 0 && (bound[i] != model.NoDate || !n.anyGoLive) && t.Status != model.NotRelevant
		res.Tasks[i] = TaskFloat{
			Key: t.Key, Duration: int(n.dur[i]),
			ES: ix.startDate(es[i], n.dur[i]), EF: ix.finishDate(ef[i]),
			LS: ix.startDate(ls[i], n.dur[i]), LF: ix.finishDate(lf[i]),
			TotalFloat: int(float), Critical: critical, DeclaredCritical: t.Type == model.Critical, GoLive: bound[i],
		}
		if critical {
			crit = append(crit, int32(i))
		}
	}
	slices.SortStableFunc(crit, func(a, b int32) int { return cmp.Compare(es[a], es[b]) })
	for _, i := range crit {
		res.Critical = append(res.Critical, n.tasks[i].Key)
	}
	if len(n.tasks) > 0 {
		res.Finish = ix.finishDate(slices.Max(ef))
	}
	return res
}

// forward computes early start and finish points.
func (n *Network) forward() (es, ef []int32) {
	es, ef = make([]int32, len(n.tasks)), make([]int32, len(n.tasks))
	for _, i := range n.order {
		s := n.start[i]
		for _, l := range n.g.predsOf(i) {
			s = max(s, startBound(l, es[l.other], ef[l.other], n.dur[i]))
		}
		es[i], ef[i] = s, s+n.dur[i]
	}
	return es, ef
}

// backward computes late start and finish points, and the go-live each
// task's late finish derives from (bound; model.NoDate: the plan's end). On
// equal late finishes a go-live wins over the plan's end, and the earlier of
// two go-lives wins: the first commitment at stake.
func (n *Network) backward(ef []int32) (ls, lf []int32, bound []model.Date) {
	c := len(n.tasks)
	ls, lf, bound = make([]int32, c), make([]int32, c), make([]model.Date, c)
	end := int32(math.MinInt32) // the plan's end: the deadline of everything else
	for i, f := range ef {
		end = max(end, f, n.deadline[i])
	}
	for k := len(n.order) - 1; k >= 0; k-- {
		i := n.order[k]
		f, b := end, model.NoDate
		if n.gating[i] {
			f, b = n.deadline[i], n.goLiveOf[i]
		}
		for _, l := range n.g.succsOf(i) {
			v, sb := finishBound(l, ls[l.other], lf[l.other], n.dur[i]), bound[l.other]
			if v < f || (v == f && sb != model.NoDate && (b == model.NoDate || sb < b)) {
				f, b = v, sb
			}
		}
		ls[i], lf[i], bound[i] = f-n.dur[i], f, b
	}
	return ls, lf, bound
}

package schedule

import (
	"slices"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

// TaskForecast is where one task is expected to land, as of a date.
type TaskForecast struct {
	Key           string
	Late          bool // not done, and its planned end is before the as-of date
	ForecastStart model.Date
	ForecastEnd   model.Date
	SlipDays      int // working days ForecastEnd lies after the planned end
	// DrivenBy is the predecessor that pushed the task. A task that slips
	// with no DrivenBy is held back by the as-of date itself: it is late, or
	// not started after its planned start.
	DrivenBy string
}

// ForecastResult is the forecast of a whole plan as of a date.
type ForecastResult struct {
	AsOf   model.Date
	Tasks  []TaskForecast // in plan order
	GoLive model.Date
	// GoLiveReady is the earliest go-live the forecast allows: the working
	// day after the last task that must be done by go-live is forecast to
	// finish (that day itself if the task is planned on the go-live day).
	// model.NoDate when the plan has no go-live or no such task.
	GoLiveReady    model.Date
	GoLiveAtRisk   bool // GoLiveReady is after go-live
	GoLiveSlipDays int  // working days GoLiveReady lies after go-live, when at risk
	// Driving is, when at risk, the chain that causes it: from the task that
	// started the slip (usually a late one) through each task it pushed to
	// the task that finishes last.
	Driving []string
	// GoLives is the same outlook for each other go-live that tasks serve
	// (Task.GoLive: institutions' own go-lives), by date; the fields above
	// are the plan's go-live alone.
	GoLives []GoLiveOutlook
}

// GoLiveOutlook is the forecast for one go-live: of the tasks that must be
// ready for it, when they allow it and, when that is late, why.
type GoLiveOutlook struct {
	GoLive   model.Date
	Ready    model.Date
	AtRisk   bool
	SlipDays int
	Driving  []string
}

// Forecast compiles p and forecasts it; see Network.Forecast.
func Forecast(cal *calendar.Calendar, p Plan, asof model.Date) (*ForecastResult, error) {
	n, err := Compile(cal, p)
	if err != nil {
		return nil, err
	}
	return n.Forecast(asof), nil
}

// Marks in a forecast's driver table for tasks not pushed by a predecessor.
const (
	byPlan int32 = -1 // on its planned dates
	byAsOf int32 = -2 // held back by the as-of date: it cannot move into the past
)

// Forecast projects the plan forward from asof. Work resumes on the first
// working day on or after asof, so a weekend as-of date forecasts from
// Monday. The rules, by status:
//
//   - Completed and "ikke relevant" tasks stay on their planned dates and
//     hold nothing back: their successors only wait for unfinished work.
//   - A task not started cannot start before asof; its whole duration counts
//     from its forecast start, which is also pushed by unfinished
//     predecessors through FS, SS and FF links with their lags.
//   - A started task keeps its planned start (the actual one is not
//     recorded) and finishes at its planned end, but no earlier than the end
//     of the first working day on or after asof, and no earlier than its FF
//     links allow; links on its start no longer apply, as it has begun.
//
// Nothing is forecast earlier than planned: the plan's dates are the
// earliest dates, so slip is never negative.
func (n *Network) Forecast(asof model.Date) *ForecastResult {
	a := n.ix.point(asof)
	fs, ff, by := n.forecastPass(a)
	res := &ForecastResult{AsOf: asof, Tasks: make([]TaskForecast, len(n.tasks))}
	lo, hi := a, a
	for i := range n.tasks {
		lo, hi = min(lo, fs[i]), max(hi, ff[i])
	}
	ix := n.ix.covering(lo-1, hi)
	for i, t := range n.tasks {
		tf := TaskForecast{
			Key: t.Key, Late: !n.done[i] && t.End < asof,
			ForecastStart: ix.startDate(fs[i], n.dur[i]), ForecastEnd: ix.finishDate(ff[i]),
			SlipDays: int(ff[i] - n.finish[i]),
		}
		if by[i] >= 0 {
			tf.DrivenBy = n.tasks[by[i]].Key
		}
		res.Tasks[i] = tf
	}
	if n.anyGoLive {
		n.goLiveOutlook(res, ix, ff, by)
	}
	return res
}

// forecastPass computes forecast start and finish points in topological
// order, and by: what set each task's dates (a predecessor, or a mark).
func (n *Network) forecastPass(a int32) (fs, ff, by []int32) {
	c := len(n.tasks)
	fs, ff, by = make([]int32, c), make([]int32, c), make([]int32, c)
	for _, i := range n.order {
		switch {
		case n.done[i]:
			fs[i], ff[i], by[i] = n.start[i], n.finish[i], byPlan
		case n.tasks[i].Status == model.Started:
			fs[i] = n.start[i]
			ff[i], by[i] = n.startedFinish(i, a, ff)
		default:
			fs[i], by[i] = n.notStartedStart(i, a, fs, ff)
			ff[i] = fs[i] + n.dur[i]
		}
	}
	return fs, ff, by
}

// notStartedStart is the forecast start point of a task not yet begun. On a
// tie a predecessor wins over the as-of date, so the driving chain reaches
// back to where the slip began.
func (n *Network) notStartedStart(i, a int32, fs, ff []int32) (int32, int32) {
	s, by := n.start[i], byPlan
	// A milestone cannot be reached before the end of today either.
	if floor := max(a, a+1-n.dur[i]); floor > s {
		s, by = floor, byAsOf
	}
	for _, l := range n.g.predsOf(i) {
		if n.done[l.other] {
			continue
		}
		v := startBound(l, fs[l.other], ff[l.other], n.dur[i])
		if v > s || (v == s && v > n.start[i]) {
			s, by = v, l.other
		}
	}
	return s, by
}

// startedFinish is the forecast finish point of a task under way.
func (n *Network) startedFinish(i, a int32, finish []int32) (int32, int32) {
	f, by := n.finish[i], byPlan
	if a+1 > f {
		f, by = a+1, byAsOf
	}
	for _, l := range n.g.predsOf(i) {
		if l.kind != codeFF || n.done[l.other] {
			continue
		}
		v := finish[l.other] + l.lag
		if v > f || (v == f && v > n.finish[i]) {
			f, by = v, l.other
		}
	}
	return f, by
}

// goLiveOutlook fills in the go-live fields: the plan's go-live in res's
// own fields, every other go-live a task serves in res.GoLives.
func (n *Network) goLiveOutlook(res *ForecastResult, ix *dayIndex, ff, by []int32) {
	var others []model.Date
	for i, g := range n.goLiveOf {
		if n.gating[i] && g != n.goLive && !slices.Contains(others, g) {
			others = append(others, g)
		}
	}
	slices.Sort(others)
	if n.hasGoLive {
		o := n.outlook(n.goLive, ix, ff, by)
		res.GoLive, res.GoLiveReady, res.GoLiveAtRisk, res.GoLiveSlipDays, res.Driving = o.GoLive, o.Ready, o.AtRisk, o.SlipDays, o.Driving
	}
	for _, g := range others {
		res.GoLives = append(res.GoLives, n.outlook(g, ix, ff, by))
	}
}

// outlook is go-live g's forecast. Each task that must be done by g allows
// it at the earliest on the working day after its forecast finish (on that
// day itself for work planned on the go-live day); the latest of these is
// when the tasks are ready, and the task that sets it ends the driving
// chain.
func (n *Network) outlook(g model.Date, ix *dayIndex, ff, by []int32) GoLiveOutlook {
	o := GoLiveOutlook{GoLive: g}
	last, ready := int32(-1), int32(0)
	for i := range n.tasks {
		if !n.gating[i] || n.goLiveOf[i] != g {
			continue
		}
		// On a tie the later finish wins: it ends the longer chain.
		r := ff[i] - (n.deadline[i] - n.goLiveAt[i])
		if last < 0 || r > ready || (r == ready && ff[i] > ff[last]) {
			last, ready = int32(i), r
		}
	}
	if last < 0 {
		return o
	}
	o.Ready = ix.day(ready)
	at := n.goLiveAt[last]
	if ready <= at {
		return o
	}
	o.AtRisk, o.SlipDays = true, int(ready-at)
	for i := last; i >= 0; i = by[i] {
		o.Driving = append(o.Driving, n.tasks[i].Key)
	}
	slices.Reverse(o.Driving)
	return o
}

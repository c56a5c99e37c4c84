package gen

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
)

// ErrExists is returned by Populate when the database already holds the programme.
var ErrExists = errors.New("gen: programme exists")

// Options says what Populate builds. Start from DefaultOptions and change
// fields: zero counts are meaningful (no institutions, no institution-level
// tasks), so only the empty strings, the zero dates, WaveSpacing 0 and a nil
// Progress are replaced by defaults. Each field maps to one flag of
// `udrul generate` (named in its comment).
type Options struct {
	Programme        string     // --programme: programme key (default "gen")
	Municipalities   int        // --municipalities: generated municipalities, all enrolled (default 98)
	Institutions     int        // --institutions: institutions per municipality (default 102)
	Tasks            int        // --tasks: catalogue tasks (default 150)
	InstitutionTasks int        // --institution-tasks: of which at institution level (default 100)
	Waves            int        // --waves: rollout waves, 1–99 (default 8)
	FirstGoLive      model.Date // --first-golive: first wave's go-live (default 2027-03-01)
	WaveSpacing      int        // --wave-spacing: working days between waves (default 20)
	Asof             model.Date // --asof: the day the status mix is drawn for (default: 4 wave spacings after the first go-live)
	Seed             int64      // --seed: same seed, same data (default 1)
	Actor            string     // --actor: who the generated writes are by (default "generator")

	// Progress, if set, is called as work proceeds: stage is
	// "organisations", "catalogue", "plans" or "statuses".
	Progress func(stage string, done, total int)
}

// DefaultOptions is the one-million-instance programme of docs/performance.md:
// 98 municipalities × (50 municipality tasks + 100 institution tasks × 102
// institutions) = 1,004,500 task instances.
func DefaultOptions() Options {
	return Options{
		Programme:        ProgrammeKey,
		Municipalities:   98,
		Institutions:     102,
		Tasks:            150,
		InstitutionTasks: 100,
		Waves:            8,
		FirstGoLive:      model.NewDate(2027, time.March, 1),
		WaveSpacing:      20,
		Seed:             1,
		Actor:            "generator",
	}
}

// Instances is the number of task instances Populate creates with o.
func (o Options) Instances() int {
	return o.Municipalities * (o.Tasks - o.InstitutionTasks + o.InstitutionTasks*o.Institutions)
}

// WithDefaults returns o with the defaults filled in where Options says
// they are: Programme, FirstGoLive, WaveSpacing, Asof, Actor and Progress.
func (o Options) WithDefaults() Options {
	d := DefaultOptions()
	if o.Programme == "" {
		o.Programme = d.Programme
	}
	if o.FirstGoLive == model.NoDate {
		o.FirstGoLive = d.FirstGoLive
	}
	if o.WaveSpacing == 0 {
		o.WaveSpacing = d.WaveSpacing
	}
	if o.Asof == model.NoDate {
		o.Asof = calendar.Danish().AddWorkingDays(o.FirstGoLive, 4*o.WaveSpacing)
	}
	if o.Actor == "" {
		o.Actor = d.Actor
	}
	if o.Progress == nil {
		o.Progress = func(string, int, int) {}
	}
	return o
}

// Validate reports the first option that cannot work.
func (o Options) Validate() error {
	switch {
	case o.Municipalities < 1 || o.Municipalities > 999:
		return fmt.Errorf("gen: municipalities must be 1–999, not %d", o.Municipalities)
	case o.Institutions < 0 || o.Institutions > 999:
		return fmt.Errorf("gen: institutions per municipality must be 0–999, not %d", o.Institutions)
	case o.Tasks < 1 || o.Tasks > 999:
		return fmt.Errorf("gen: tasks must be 1–999, not %d", o.Tasks)
	case o.InstitutionTasks < 0 || o.InstitutionTasks > o.Tasks:
		return fmt.Errorf("gen: institution tasks must be 0–%d (the number of tasks), not %d", o.Tasks, o.InstitutionTasks)
	case o.Waves < 1 || o.Waves > 99:
		return fmt.Errorf("gen: waves must be 1–99, not %d", o.Waves)
	case o.WaveSpacing < 0:
		return fmt.Errorf("gen: wave spacing must not be negative")
	}
	return nil
}

// Stats says what Populate built and how long each stage took.
type Stats struct {
	Programme        string               `json:"programme"`
	Municipalities   int                  `json:"municipalities"`
	Institutions     int                  `json:"institutions"`
	CatalogueTasks   int                  `json:"catalogue_tasks"`
	InstitutionTasks int                  `json:"institution_tasks"`
	Instances        int                  `json:"instances"`
	StatusChanges    int                  `json:"status_changes"`
	ByStatus         map[model.Status]int `json:"by_status"`
	FirstGoLive      model.Date           `json:"first_golive"`
	LastGoLive       model.Date           `json:"last_golive"`
	Asof             model.Date           `json:"asof"`

	Organisations time.Duration `json:"-"`
	Publish       time.Duration `json:"-"`
	Enrol         time.Duration `json:"-"`
	Statuses      time.Duration `json:"-"`
}

// Populate builds a whole programme through the app's use cases, so the
// database holds exactly what the product writes: it loads the generated
// municipalities and institutions (LoadOrganisations), publishes the
// generated catalogue (Publish), enrols every municipality in waves (Enrol)
// and sets a realistic mix of statuses as of o.Asof (BulkSetStatus, one
// history entry per change):
//
//   - half of the municipalities are on track: every task that has ended is
//     completed (they are green, or yellow when something is due shortly);
//   - in the others, tasks that ended more than two weeks before Asof are
//     mostly completed (96 %), some started (3 %), a few not started, and
//     tasks that ended in the two weeks before Asof 80 % completed, 12 %
//     started; in one municipality in five (behind) fewer: 88 % and 60 %;
//   - tasks under way on Asof: 20 % completed, 45 % started (35 % and 45 %
//     in the one municipality in five that is ahead);
//   - tasks not yet begun: 3 % started (8 % when ahead);
//   - a quarter of the optional tasks that have begun are "ikke relevant".
//
// Every outcome is drawn from o.Seed and the municipality, task and
// institution it is about, so the same options give the same data. The
// database must not hold the programme yet.
func Populate(ctx context.Context, a *app.App, o Options) (Stats, error) {
	o = o.WithDefaults()
	st := Stats{Programme: o.Programme, ByStatus: map[model.Status]int{}, Asof: o.Asof}
	if err := o.Validate(); err != nil {
		return st, err
	}
	progs, err := a.Programmes(ctx)
	if err != nil {
		return st, err
	}
	for _, p := range progs {
		if p.Key == o.Programme {
			return st, fmt.Errorf("%w: the database already holds programme %q", ErrExists, o.Programme)
		}
	}

	t0 := time.Now()
	munis, insts := Municipalities(o.Municipalities, o.Institutions)
	o.Progress("organisations", 0, len(munis)+len(insts))
	if err := a.LoadOrganisations(ctx, munis, insts); err != nil {
		return st, fmt.Errorf("gen: organisations: %w", err)
	}
	st.Municipalities, st.Institutions = len(munis), len(insts)
	o.Progress("organisations", len(munis)+len(insts), len(munis)+len(insts))

	t1 := time.Now()
	o.Progress("catalogue", 0, 1)
	cat := catalogueFor(o.Programme, o.Tasks, o.InstitutionTasks, o.Seed)
	if _, err := a.Publish(ctx, app.System(o.Actor), "genereret-"+o.Programme+".yaml", cat, ""); err != nil {
		return st, fmt.Errorf("gen: publish catalogue: %w", err)
	}
	st.CatalogueTasks, st.InstitutionTasks = o.Tasks, o.InstitutionTasks
	o.Progress("catalogue", 1, 1)

	t2 := time.Now()
	codes := make([]string, len(munis))
	for i, m := range munis {
		codes[i] = m.Code
	}
	// The generated waves are spaced evenly through the year, and wave 6
	// goes live in the summer holiday, which enrolment refuses under the
	// standard go-live rule. The programme names its own periods without
	// go-live – none – so the data stay those every figure in
	// docs/performance.md was measured on.
	ws, err := a.WaveSetup(ctx, app.System(o.Actor), o.Programme)
	if err != nil {
		return st, err
	}
	ws.OwnBlackouts, ws.Blackouts = true, nil
	if _, err := a.SaveWaveSetup(ctx, app.System(o.Actor), o.Programme, *ws); err != nil {
		return st, fmt.Errorf("gen: allow go-lives in the summer holiday: %w", err)
	}
	es := Enrolments(codes, o)
	st.FirstGoLive, st.LastGoLive = es[0].GoLive, es[0].GoLive
	for _, e := range es {
		st.FirstGoLive, st.LastGoLive = min(st.FirstGoLive, e.GoLive), max(st.LastGoLive, e.GoLive)
	}
	// Enrol in transactions of about 50,000 instances: the product's
	// national enrolment is one call, but one transaction of a million rows
	// only makes the write-ahead log huge.
	perPlan := max(o.Tasks-o.InstitutionTasks+o.InstitutionTasks*o.Institutions, 1)
	step := max(1, 50000/perPlan)
	o.Progress("plans", 0, len(es))
	for i := 0; i < len(es); i += step {
		res, err := a.Enrol(ctx, app.System(o.Actor), o.Programme, es[i:min(i+step, len(es))])
		if err != nil {
			return st, fmt.Errorf("gen: enrol: %w", err)
		}
		for _, r := range res {
			st.Instances += r.Instances
		}
		o.Progress("plans", min(i+step, len(es)), len(es))
	}

	t3 := time.Now()
	o.Progress("statuses", 0, len(es))
	for i, e := range es {
		n, err := setStatuses(ctx, a, o, e.Code, &st)
		if err != nil {
			return st, fmt.Errorf("gen: statuses of %s: %w", e.Code, err)
		}
		st.StatusChanges += n
		o.Progress("statuses", i+1, len(es))
	}
	t4 := time.Now()
	st.Organisations, st.Publish, st.Enrol, st.Statuses = t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3)
	return st, nil
}

// setStatuses draws and writes the statuses of one municipality's plan.
func setStatuses(ctx context.Context, a *app.App, o Options, code string, st *Stats) (int, error) {
	plan, err := a.Plan(ctx, nil, o.Programme, code, o.Asof)
	if err != nil {
		return 0, err
	}
	pace := roll(o.Seed, "pace", code)
	actor := "Projektleder, " + plan.Municipality.Name + " (genereret)"
	var ups []app.StatusUpdate
	for _, x := range plan.Tasks {
		s, comment := outcome(o, pace, code, x.TaskInstance)
		st.ByStatus[s]++
		if s == x.Status {
			continue
		}
		ups = append(ups, app.StatusUpdate{ID: x.ID, StatusChange: app.StatusChange{Status: s, Comment: comment, Version: x.Version}})
	}
	written := 0
	for len(ups) > 0 {
		n := min(len(ups), app.MaxBulkStatus)
		k, err := a.BulkSetStatus(ctx, app.System(actor), ups[:n])
		if err != nil {
			return written, err
		}
		written += k
		ups = ups[n:]
	}
	return written, nil
}

// outcome is the status a generated municipality has given a task by o.Asof.
// pace (0–999) sets the municipality's pace: below 200 behind schedule,
// from 500 on track (everything that has ended is done), from 800 ahead.
func outcome(o Options, pace int, code string, x model.TaskInstance) (model.Status, string) {
	if x.Withdrawn {
		return x.Status, ""
	}
	r := roll(o.Seed, code, x.Key, x.InstitutionName)
	behind, onTrack, ahead := pace < 200, pace >= 500, pace >= 800
	asof := o.Asof
	if x.Type == model.Optional && x.Start <= asof && roll(o.Seed, "relevant", code, x.Key, x.InstitutionName) < 250 {
		return model.NotRelevant, "Ikke relevant for os (genereret)."
	}
	var done, started int // per mille completed, and completed or started
	switch {
	case x.End < asof && onTrack:
		done, started = 1000, 1000
	case x.End < asof.AddDays(-14):
		done, started = pick(behind, 880, 960), pick(behind, 950, 990)
	case x.End < asof:
		done, started = pick(behind, 600, 800), pick(behind, 800, 920)
	case x.Start <= asof:
		done, started = pick(ahead, 350, 200), pick(ahead, 800, 650)
	default:
		done, started = 0, pick(ahead, 80, 30)
	}
	switch {
	case r < done:
		return model.Completed, "Udført (genereret)."
	case r < started:
		return model.Started, "I gang (genereret)."
	}
	return model.NotStarted, ""
}

func pick(cond bool, yes, no int) int {
	if cond {
		return yes
	}
	return no
}

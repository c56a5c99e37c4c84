package app

import (
	"context"
	"sort"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/track"
)

// Overview is a programme's national picture as of a date.
type Overview struct {
	Programme      string                 `json:"programme"`
	Name           string                 `json:"name"`
	Asof           model.Date             `json:"asof"`
	WarnUntil      model.Date             `json:"warn_until"`
	Municipalities []MunicipalityOverview `json:"municipalities"`
	Waves          []WaveOverview         `json:"waves"`
	// WaveNames are the programme's names for its waves, for pages.
	WaveNames model.WaveNames `json:"-"`
	National  model.Counts    `json:"national"`
	Colour    model.Colour    `json:"colour"`
	// Steps names seed 001's steps of the programme's track ("" without
	// one); Pilots counts the institutions going live before their
	// municipality (docs/institutions.md).
	Steps  string `json:"steps,omitempty"`
	Pilots int    `json:"pilots,omitempty"`
}

// MunicipalityOverview is one municipality's line in the overview.
type MunicipalityOverview struct {
	Code       string       `json:"code"`
	Name       string       `json:"name"`
	Region     string       `json:"region"`
	Population int          `json:"population"`
	Wave       int          `json:"wave"`
	GoLive     model.Date   `json:"golive"`
	Phase      string       `json:"phase"`
	Colour     model.Colour `json:"colour"`
	Counts     model.Counts `json:"counts"`
	Pilots     int          `json:"pilots,omitempty"` // its institutions going live before it
}

// WaveOverview is the roll-up of one wave.
type WaveOverview struct {
	Wave           int          `json:"wave"`
	Municipalities int          `json:"municipalities"`
	FirstGoLive    model.Date   `json:"first_golive"`
	LastGoLive     model.Date   `json:"last_golive"`
	Colour         model.Colour `json:"colour"`
	Counts         model.Counts `json:"counts"`    // task counts over the wave
	ByColour       model.Counts `json:"by_colour"` // municipalities per roll-up colour
}

// Overview computes every municipality's traffic light, the per-wave and the
// national roll-up as of asof. It reads per-plan totals kept by triggers and
// two ranges of end dates, only for plans that changed since they were
// last counted for the date (planColours), rather than the instances or all
// their buckets, so its cost does not grow with institutions or tasks.
func (a *FollowUpService) Overview(ctx context.Context, by *Identity, programmeKey string, asof model.Date) (*Overview, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var o *Overview
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		warn := a.cal.WarnUntil(asof, prog.WarningDays)
		counts, err := a.planColours(ctx, tx, prog.ID, asof, warn)
		if err != nil {
			return err
		}
		o = a.overviewOf(prog, plans, counts, asof, warn)
		return a.pilotsOf(ctx, tx, prog, plans, o)
	})
	return o, err
}

// pilotsOf counts each municipality's institutions that go live before it.
func (a *FollowUpService) pilotsOf(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plans []store.Plan, o *Overview) error {
	own, err := tx.OwnGoLivesOfProgramme(ctx, prog.ID)
	if err != nil || len(own) == 0 {
		return err
	}
	for i, p := range plans {
		for _, d := range own[p.ID] {
			if d < p.GoLive {
				o.Municipalities[i].Pilots++
				o.Pilots++
			}
		}
	}
	return nil
}

// overview is on the core: a catalogue preview colours plans with it too
// (publish_effect.go).
func (a *core) overview(prog catalogue.Programme, plans []store.Plan, buckets []store.Bucket, asof model.Date) *Overview {
	warn := a.cal.WarnUntil(asof, prog.WarningDays)
	counts := make(map[int64]model.Counts, len(plans))
	enrolled := make(map[int64]model.Date, len(plans))
	for _, p := range plans {
		enrolled[p.ID] = p.EnrolledOn
	}
	for _, b := range buckets {
		c := counts[b.PlanID]
		c.Add(model.PlanTaskColour(b.Type, b.Status, b.End, enrolled[b.PlanID], asof, warn), b.N)
		counts[b.PlanID] = c
	}
	return a.overviewOf(prog, plans, counts, asof, warn)
}

// overviewOf rolls up the plans' colour counts (by plan id) into the
// overview.
func (a *core) overviewOf(prog catalogue.Programme, plans []store.Plan, counts map[int64]model.Counts, asof, warn model.Date) *Overview {
	o := &Overview{Programme: prog.Key, Name: prog.Name, Asof: asof, WarnUntil: warn, WaveNames: prog.Waves, Municipalities: make([]MunicipalityOverview, 0, len(plans)),
		Steps: track.StepsLabel(prog.Institutions)}
	waves := map[int]*WaveOverview{}
	for _, p := range plans {
		c := counts[p.ID]
		m := MunicipalityOverview{Code: p.Municipality.Code, Name: p.Municipality.Name, Region: p.Municipality.RegionName,
			Population: p.Municipality.Population, Wave: p.Wave, GoLive: p.GoLive, Colour: c.Colour(), Counts: c}
		if ph, ok := a.model.PhaseAt(p.GoLive, asof); ok {
			m.Phase = ph.Key
		}
		o.Municipalities = append(o.Municipalities, m)
		o.National.Merge(c)
		w := waves[p.Wave]
		if w == nil {
			w = &WaveOverview{Wave: p.Wave, FirstGoLive: p.GoLive, LastGoLive: p.GoLive}
			waves[p.Wave] = w
		}
		w.Municipalities++
		w.Counts.Merge(c)
		w.ByColour.Add(m.Colour, 1)
		w.FirstGoLive, w.LastGoLive = min(w.FirstGoLive, p.GoLive), max(w.LastGoLive, p.GoLive)
	}
	for _, w := range waves {
		w.Colour = w.ByColour.Colour()
		o.Waves = append(o.Waves, *w)
	}
	sort.Slice(o.Waves, func(i, j int) bool { return o.Waves[i].Wave < o.Waves[j].Wave })
	if o.Waves == nil {
		o.Waves = []WaveOverview{}
	}
	o.Colour = o.National.Colour()
	return o
}

// FollowupItem is a critical-path task that is yellow and not started.
type FollowupItem struct {
	TaskView
	Wave   int        `json:"wave"`
	GoLive model.Date `json:"golive"`
}

// Followup returns the extract the centre acts on proactively (seed 003
// §6.1): critical-path tasks that are yellow and not started as of asof,
// across all municipalities, soonest deadline first.
func (a *FollowUpService) Followup(ctx context.Context, by *Identity, programmeKey string, asof model.Date) ([]FollowupItem, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	out := []FollowupItem{}
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		byID := map[int64]store.Plan{}
		for _, p := range plans {
			byID[p.ID] = p
		}
		warn := a.cal.WarnUntil(asof, prog.WarningDays)
		xs, err := tx.CriticalDueBetween(ctx, prog.ID, asof, warn)
		if err != nil {
			return err
		}
		for _, x := range xs {
			tv := a.colourTask(x, asof, warn)
			if tv.Colour != model.Yellow {
				continue
			}
			p := byID[x.PlanID]
			tv.Programme, tv.Municipality, tv.MunicipalityName = prog.Key, p.Municipality.Code, p.Municipality.Name
			out = append(out, FollowupItem{TaskView: tv, Wave: p.Wave, GoLive: p.GoLive})
		}
		return nil
	})
	return out, err
}

// CatalogueView is a programme's current catalogue and its versions.
type CatalogueView struct {
	Programme model.Programme     `json:"programme"`
	Version   int                 `json:"version"`
	Tasks     []CatalogueTaskView `json:"tasks"`
	Versions  []catalogue.Version `json:"versions"`
}

// CatalogueTaskView is a catalogue task with its version bookkeeping.
type CatalogueTaskView struct {
	model.CatalogueTask
	AddedVersion     int `json:"added_version"`
	ChangedVersion   int `json:"changed_version"`
	WithdrawnVersion int `json:"withdrawn_version,omitempty"`
}

// Catalogue returns a programme's catalogue, withdrawn tasks last.
func (a *FollowUpService) Catalogue(ctx context.Context, programmeKey string) (*CatalogueView, error) {
	var v *CatalogueView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		tasks, err := tx.CatalogueTasks(ctx, prog.ID)
		if err != nil {
			return err
		}
		if err := attachDependencies(ctx, tx, prog.ID, tasks); err != nil {
			return err
		}
		versions, err := tx.Versions(ctx, prog.ID)
		if err != nil {
			return err
		}
		v = &CatalogueView{Programme: prog.Programme, Version: prog.CurrentVersion, Versions: versions}
		var withdrawn []CatalogueTaskView
		for _, t := range tasks {
			tv := CatalogueTaskView{CatalogueTask: t.CatalogueTask, AddedVersion: t.AddedVersion, ChangedVersion: t.ChangedVersion,
				WithdrawnVersion: t.WithdrawnVersion}
			if t.WithdrawnVersion != 0 {
				withdrawn = append(withdrawn, tv)
			} else {
				v.Tasks = append(v.Tasks, tv)
			}
		}
		v.Tasks = append(v.Tasks, withdrawn...)
		return nil
	})
	return v, err
}

// MunicipalitiesByColour counts the municipalities per roll-up colour, for
// a one-line national picture (the start page of central users).
func (o *Overview) MunicipalitiesByColour() model.Counts {
	var c model.Counts
	for _, m := range o.Municipalities {
		c.Add(m.Colour, 1)
	}
	return c
}

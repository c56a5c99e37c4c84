package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// PublishResult is the change summary of a publication.
type PublishResult struct {
	Programme      string                 `json:"programme"`
	Version        int                    `json:"version"`
	BasedOn        int                    `json:"based_on"`  // the version the change summary is computed against; 0 for a new programme
	Created        bool                   `json:"created"`   // the programme was new
	Unchanged      bool                   `json:"unchanged"` // nothing differed; no version was made
	Settings       []string               `json:"settings,omitempty"`
	Changes        []catalogue.TaskChange `json:"changes"`
	Municipalities []MunicipalityChanges  `json:"municipalities"`
	// Effect is set on a preview only (publish_effect.go).
	Effect *PublishEffect `json:"-"`
}

// MunicipalityChanges says what a publication changed in one municipality's plan.
type MunicipalityChanges struct {
	Code    string       `json:"code"`
	Name    string       `json:"name"`
	Changes []PlanChange `json:"changes"`
}

// PlanChange is one task's change in one plan. KeptLocalDates counts
// instances whose locally moved dates were kept although the standard's
// timing changed.
type PlanChange struct {
	Key            string               `json:"key"`
	Kind           catalogue.ChangeKind `json:"kind"`
	Fields         []string             `json:"fields,omitempty"`
	Instances      int                  `json:"instances"`
	KeptLocalDates int                  `json:"kept_local_dates,omitempty"`
}

// Publish validates a catalogue file and publishes it: a new programme with
// version 1, or the programme's next version. All enrolled plans follow in the
// same transaction: new tasks appear, changed timing reaches instances without
// local dates, withdrawn tasks are marked withdrawn. If expectKey is set, the
// file must be for that programme. The caller must be allowed to publish
// (access.Publish).
func (a *CatalogueService) Publish(ctx context.Context, by *Identity, sourceName string, data []byte, expectKey string) (*PublishResult, error) {
	return a.publish(ctx, by, sourceName, data, expectKey, publishOpts{})
}

// PublishBasedOn is Publish for a file previewed or edited from catalogue
// version basedOn (0: the programme did not exist yet): if another version
// has been published since, nothing is published and the error is a
// conflict (field based_on), so that nobody's publication silently undoes
// another's.
func (a *CatalogueService) PublishBasedOn(ctx context.Context, by *Identity, sourceName string, data []byte, programmeKey string, basedOn int) (*PublishResult, error) {
	return a.publish(ctx, by, sourceName, data, programmeKey, publishOpts{basedOn: basedOn, check: true})
}

// PreviewPublish validates a catalogue file and computes the change summary
// its publication would have, by running the whole publication and rolling
// it back, so the preview can never differ from what Publish does.
func (a *CatalogueService) PreviewPublish(ctx context.Context, by *Identity, sourceName string, data []byte, expectKey string) (*PublishResult, error) {
	return a.publish(ctx, by, sourceName, data, expectKey, publishOpts{preview: true})
}

// publishOpts are the variants of a publication.
type publishOpts struct {
	basedOn int  // the version the file was previewed or edited from
	check   bool // refuse if the current version is not basedOn
	preview bool // roll back
}

// errPreview rolls back a publication that was only a preview.
var errPreview = errors.New("preview: roll back")

// StaleError is the conflict of a publication confirmed from a preview (or
// an edit) of a version that is no longer current.
func StaleError(current, basedOn int) *Error {
	return &Error{Code: CodeConflict, Field: "based_on", Message: fmt.Sprintf(
		"kataloget er udgivet i version %d, efter at forhåndsvisningen blev lavet på version %d; intet er udgivet – se den nye forhåndsvisning og udgiv igen, hvis den stadig er rigtig",
		current, basedOn)}
}

func (a *CatalogueService) parseCatalogue(sourceName string, data []byte, expectKey string) (*model.Catalogue, error) {
	cat, err := catalogue.Parse(sourceName, data, a.model)
	if err != nil {
		var inv *catalogue.Invalid
		if errors.As(err, &inv) {
			return nil, &Error{Code: CodeInvalid, Message: "kataloget er ugyldigt", Problems: inv.Problems, Err: err}
		}
		return nil, err
	}
	if expectKey != "" && cat.Programme.Key != expectKey {
		return nil, invalid("filen er kataloget for programmet %q, ikke %q", cat.Programme.Key, expectKey)
	}
	return cat, nil
}

func (a *CatalogueService) publish(ctx context.Context, by *Identity, sourceName string, data []byte, expectKey string, o publishOpts) (*PublishResult, error) {
	if err := checkPublish(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	cat, err := a.parseCatalogue(sourceName, data, expectKey)
	if err != nil {
		return nil, err
	}
	var res *PublishResult
	err = a.write(ctx, func(tx *store.Tx) error {
		p := &publication{app: a, tx: tx, cat: cat, actor: actor, source: string(data), sourceName: sourceName, opts: o}
		res, err = p.run(ctx)
		if err == nil && o.preview {
			return errPreview
		}
		if err == nil {
			// A job's publication records its end in this transaction (jobs.go).
			err = finishJob(ctx, tx, res)
		}
		return err
	})
	if err != nil && !(o.preview && errors.Is(err, errPreview)) {
		return nil, err
	}
	return res, nil
}

type publication struct {
	app        *CatalogueService
	tx         *store.Tx
	cat        *model.Catalogue
	actor      string
	source     string
	sourceName string
	opts       publishOpts

	prog    catalogue.Programme
	old     catalogue.Programme
	tasks   map[string]*store.CatalogueTask // by key, after the update
	changes []catalogue.TaskChange

	// A preview (opts.preview) also works out its effect on dates and
	// colours (publish_effect.go); this is its bookkeeping.
	effect       *PublishEffect
	before       *Overview
	moved, added map[string]int // instances by municipality code

	updates []store.Schedule // changed instances, written together by applyToPlans
}

func (p *publication) run(ctx context.Context) (*PublishResult, error) {
	prog, err := p.tx.ProgrammeByKey(ctx, p.cat.Programme.Key)
	created := errors.Is(err, store.ErrNotFound)
	if err != nil && !created {
		return nil, err
	}
	if p.opts.check && prog.CurrentVersion != p.opts.basedOn {
		return nil, StaleError(prog.CurrentVersion, p.opts.basedOn)
	}
	p.old, p.prog = prog, prog
	existing, err := p.tx.CatalogueTasks(ctx, prog.ID)
	if err != nil {
		return nil, err
	}
	if err := attachDependencies(ctx, p.tx, prog.ID, existing); err != nil {
		return nil, err
	}
	if err := p.diff(existing); err != nil {
		return nil, err
	}
	if p.opts.preview {
		if err := p.effectBefore(ctx, existing); err != nil {
			return nil, err
		}
	}
	settings := settingsChanged(&p.old.Programme, &p.cat.Programme)
	if p.changes == nil {
		p.changes = []catalogue.TaskChange{}
	}
	res := &PublishResult{Programme: p.cat.Programme.Key, BasedOn: prog.CurrentVersion, Created: created, Settings: settings,
		Changes: p.changes, Municipalities: []MunicipalityChanges{}}
	if !created && len(p.changes) == 0 && len(settings) == 0 {
		res.Version, res.Unchanged = prog.CurrentVersion, true
		return res, nil
	}
	p.prog.Programme = p.cat.Programme
	p.prog.CurrentVersion++
	res.Version = p.prog.CurrentVersion
	if err := p.tx.SaveProgramme(ctx, &p.prog); err != nil {
		return nil, err
	}
	if err := p.saveTasks(ctx, existing); err != nil {
		return nil, err
	}
	if err := p.tx.ReplaceCatalogueDependencies(ctx, p.prog.ID, p.cat.Tasks); err != nil {
		return nil, err
	}
	pcs, err := p.applyToPlans(ctx, res)
	if err != nil {
		return nil, err
	}
	if p.opts.preview {
		if err := p.effectAfter(ctx, res); err != nil {
			return nil, err
		}
	}
	summary, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	v := &catalogue.Version{Number: res.Version, PublishedBy: p.actor, SourceName: p.sourceName, Source: p.source, Summary: summary}
	if err := p.tx.InsertVersion(ctx, p.prog.ID, v); err != nil {
		return nil, err
	}
	if err := p.tx.InsertPublicationChanges(ctx, v.ID, pcs); err != nil {
		return nil, err
	}
	// The project leads' notifications go in the same transaction (notify.go).
	return res, p.app.queuePublication(ctx, p.tx, p.prog, v)
}

// diff compares the file with the stored catalogue. Moving a milestone
// changes the timing of every task placed from it.
func (p *publication) diff(existing []store.CatalogueTask) error {
	var active []model.CatalogueTask
	withdrawn := map[string]bool{}
	for _, t := range existing {
		active = append(active, t.CatalogueTask)
		if t.WithdrawnVersion != 0 {
			withdrawn[t.Key] = true
		}
	}
	p.changes = catalogue.Diff(active, withdrawn, p.cat.Tasks)
	for _, c := range p.changes {
		if c.Kind == catalogue.Changed && slices.Contains(c.Fields, "level") {
			return invalid("opgave %s: niveau (kommune/institution) kan ikke ændres på en udgivet opgave; træk den tilbage og opret en ny nøgle", c.Key)
		}
	}
	moved := catalogue.MilestonesChanged(&p.old.Programme, &p.cat.Programme)
	if len(moved) == 0 || p.old.ID == 0 {
		return nil
	}
	listed := map[string]int{}
	for i, c := range p.changes {
		listed[c.Key] = i
	}
	for _, t := range p.cat.Tasks {
		if !slices.Contains(moved, t.Timing.Milestone) {
			continue
		}
		if i, ok := listed[t.Key]; ok {
			if !p.changes[i].TimingChanged() {
				p.changes[i].Fields = append(p.changes[i].Fields, "milestone_offset")
			}
			continue
		}
		p.changes = append(p.changes, catalogue.TaskChange{Key: t.Key, Title: t.Title, Kind: catalogue.Changed, Fields: []string{"milestone_offset"}})
	}
	return nil
}

func settingsChanged(a, b *model.Programme) []string {
	var out []string
	if a.Name != b.Name {
		out = append(out, "name")
	}
	if a.Description != b.Description {
		out = append(out, "description")
	}
	if a.WarningDays != b.WarningDays {
		out = append(out, "warning_days")
	}
	if a.Institutions != b.Institutions {
		out = append(out, "institutions")
	}
	if !slices.Equal(a.Milestones, b.Milestones) {
		out = append(out, "milestones")
	}
	if !slices.Equal(a.Waves, b.Waves) {
		out = append(out, "waves") // a new version, so that a renamed wave is published like any other setting
	}
	return out
}

func (p *publication) saveTasks(ctx context.Context, existing []store.CatalogueTask) error {
	version := p.prog.CurrentVersion
	byKey := map[string]*store.CatalogueTask{}
	for i := range existing {
		byKey[existing[i].Key] = &existing[i]
	}
	changed := map[string]bool{}
	for _, c := range p.changes {
		changed[c.Key] = true
	}
	p.tasks = map[string]*store.CatalogueTask{}
	inFile := map[string]bool{}
	var save []*store.CatalogueTask
	for i, t := range p.cat.Tasks {
		inFile[t.Key] = true
		ct := byKey[t.Key]
		if ct == nil {
			ct = &store.CatalogueTask{AddedVersion: version, ChangedVersion: version}
		} else if changed[t.Key] {
			ct.ChangedVersion = version
		}
		ct.CatalogueTask, ct.Position, ct.WithdrawnVersion = t, i, 0
		save = append(save, ct)
		p.tasks[t.Key] = ct
	}
	for i := range existing {
		ct := &existing[i]
		if inFile[ct.Key] {
			continue
		}
		if ct.WithdrawnVersion == 0 {
			ct.WithdrawnVersion, ct.ChangedVersion = version, version
			save = append(save, ct)
		}
		p.tasks[ct.Key] = ct
	}
	return p.tx.SaveCatalogueTasks(ctx, p.prog.ID, save)
}

// applyToPlans carries the changes into every enrolled plan.
func (p *publication) applyToPlans(ctx context.Context, res *PublishResult) ([]store.PublicationChange, error) {
	plans, err := p.tx.Plans(ctx, p.prog.ID)
	if err != nil || len(plans) == 0 || len(p.changes) == 0 {
		return nil, err
	}
	var ids []int64
	for _, c := range p.changes {
		ids = append(ids, p.tasks[c.Key].ID)
	}
	schedules, err := p.tx.SchedulesOfTasks(ctx, ids)
	if err != nil {
		return nil, err
	}
	type planTask struct {
		plan int64
		task int64
	}
	existing := map[planTask][]store.Schedule{}
	for _, s := range schedules {
		k := planTask{s.PlanID, s.CatalogueTaskID}
		existing[k] = append(existing[k], s)
	}
	// Institutions with a go-live of their own count from it (docs/institutions.md).
	own, err := p.tx.OwnGoLivesOfProgramme(ctx, p.prog.ID)
	if err != nil {
		return nil, err
	}
	var pcs []store.PublicationChange
	var events []model.StatusEvent
	var fresh []store.NewInstance
	for i, plan := range plans {
		reportProgress(ctx, i, len(plans)+1) // the last step: storing the new instances
		milestones := p.app.cal.Milestones(&p.prog.Programme, plan.GoLive)
		dates := newGoLives(p.app.cal, &p.prog.Programme, milestones, own[plan.ID])
		mc := MunicipalityChanges{Code: plan.Municipality.Code, Name: plan.Municipality.Name}
		for _, c := range p.changes {
			ct := p.tasks[c.Key]
			pc := PlanChange{Key: c.Key, Kind: c.Kind, Fields: c.Fields}
			olds := existing[planTask{plan.ID, ct.ID}]
			if len(olds) == 0 && c.Kind != catalogue.Withdrawn {
				news, err := p.app.newInstances(ctx, p.tx, &p.prog.Programme, plan, ct, milestones)
				if err != nil {
					return nil, err
				}
				if err := p.app.ownDates(news, ct, dates); err != nil {
					return nil, err
				}
				fresh = append(fresh, news...)
				pc.Instances = len(news)
				p.noteAdded(plan.Municipality.Code, len(news))
			}
			for _, s := range olds {
				kept, err := p.update(ctx, s, ct, c, dates.of(s.InstitutionID), plan)
				if err != nil {
					return nil, err
				}
				if kept {
					pc.KeptLocalDates++
				}
				pc.Instances++
				events = append(events, model.StatusEvent{InstanceID: s.ID, Actor: p.actor, Kind: model.EventCatalogue,
					Comment: changeComment(c), CatalogueVersion: p.prog.CurrentVersion})
			}
			if pc.Instances == 0 {
				continue
			}
			mc.Changes = append(mc.Changes, pc)
			pcs = append(pcs, store.PublicationChange{PlanID: plan.ID, TaskKey: c.Key, Kind: string(c.Kind), Fields: c.Fields, Instances: pc.Instances})
		}
		plan.CatalogueVersion = p.prog.CurrentVersion
		if err := p.tx.SavePlan(ctx, &plan, p.actor); err != nil {
			return nil, err
		}
		if len(mc.Changes) > 0 {
			res.Municipalities = append(res.Municipalities, mc)
		}
	}
	reportProgress(ctx, len(plans), len(plans)+1)
	if err := p.tx.UpdateSchedules(ctx, p.updates); err != nil {
		return nil, err
	}
	if err := p.tx.InsertInstances(ctx, fresh); err != nil {
		return nil, err
	}
	return pcs, p.tx.AppendEvents(ctx, events)
}

// update applies a change to one existing instance (to be written with
// p.updates) and reports whether locally moved dates were kept against a
// changed standard timing.
func (p *publication) update(ctx context.Context, s store.Schedule, ct *store.CatalogueTask, c catalogue.TaskChange,
	milestones map[string]model.Date, plan store.Plan) (keptLocal bool, err error) {
	next := s
	next.Type = ct.Type
	next.Withdrawn = c.Kind == catalogue.Withdrawn
	if !next.Withdrawn {
		start, end, err := p.app.cal.TaskDates(&ct.CatalogueTask, milestones)
		if err != nil {
			return false, invalid("%v (kommune %s %s)", err, plan.Municipality.Code, plan.Municipality.Name)
		}
		next.PlannedStart, next.PlannedEnd = start, end
		if s.DateOverride {
			// The municipality moved this task: its dates stay, and a changed
			// standard becomes a conflict for it to resolve (plan_conflicts.go).
			keptLocal = start != s.PlannedStart || end != s.PlannedEnd
			if keptLocal {
				if err := recordConflict(ctx, p.tx, s, start, end, p.prog.CurrentVersion); err != nil {
					return false, err
				}
			}
		} else {
			next.Start, next.End = start, end
			if start != s.Start || end != s.End {
				p.noteMoved(plan.Municipality.Code, 1)
			}
		}
	}
	if next != s {
		p.updates = append(p.updates, next)
	}
	return keptLocal, nil
}

func changeComment(c catalogue.TaskChange) string {
	switch c.Kind {
	case catalogue.Added:
		return "Ny opgave i kataloget"
	case catalogue.Withdrawn:
		return "Opgaven er trukket tilbage fra kataloget"
	case catalogue.Restored:
		return "Opgaven er genindsat i kataloget"
	}
	return fmt.Sprintf("Opgaven er ændret i kataloget (%s)", fieldLabels(c.Fields))
}

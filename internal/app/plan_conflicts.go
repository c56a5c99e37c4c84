package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// attachDependencies puts the stored dependencies on the stored catalogue
// tasks, so publication compares them with the file's.
func attachDependencies(ctx context.Context, tx *store.Tx, programmeID int64, tasks []store.CatalogueTask) error {
	if programmeID == 0 {
		return nil
	}
	deps, err := tx.CatalogueDependencies(ctx, programmeID)
	if err != nil {
		return err
	}
	for i := range tasks {
		tasks[i].DependsOn = deps[tasks[i].Key]
	}
	return nil
}

// recordConflict notes that a publication moved the standard dates of an
// instance whose dates the municipality had moved: what the standard said,
// what it says now, and what the municipality has.
func recordConflict(ctx context.Context, tx *store.Tx, s store.Schedule, newStart, newEnd model.Date, version int) error {
	return tx.RecordConflict(ctx, model.Conflict{PlanID: s.PlanID, InstanceID: s.ID, CatalogueVersion: version,
		OldStart: s.PlannedStart, OldEnd: s.PlannedEnd, NewStart: newStart, NewEnd: newEnd, LocalStart: s.Start, LocalEnd: s.End})
}

// closeOpenConflict resolves an instance's open conflict, if any.
func closeOpenConflict(ctx context.Context, tx *store.Tx, instanceID int64, state model.ConflictState, actor string) error {
	x, err := tx.Instance(ctx, instanceID)
	if err != nil {
		return err
	}
	cs, err := tx.ConflictsOfPlan(ctx, x.PlanID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.InstanceID == instanceID && c.State == model.ConflictOpen {
			return tx.ResolveConflict(ctx, c.ID, state, actor)
		}
	}
	return nil
}

// ConflictView is a conflict with the task it concerns.
type ConflictView struct {
	model.Conflict
	Key         string `json:"key"`
	Title       string `json:"title"`
	Institution string `json:"institution,omitempty"`
	TaskVersion int    `json:"task_version"`
}

// Conflicts lists a plan's conflicts between local dates and the standard,
// open ones first.
func (a *PlanService) Conflicts(ctx context.Context, by *Identity, programmeKey, code string) ([]ConflictView, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var out []ConflictView
	err := a.read(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, a.Today())
		if err != nil {
			return err
		}
		cs, err := tx.ConflictsOfPlan(ctx, d.plan.ID)
		if err != nil {
			return err
		}
		byID := map[int64]model.TaskInstance{}
		for _, x := range d.insts {
			byID[x.ID] = x
		}
		out = make([]ConflictView, 0, len(cs))
		for _, c := range cs {
			x := byID[c.InstanceID]
			if c.State == model.ConflictOpen {
				c.LocalReason = x.OverrideReason
			}
			out = append(out, ConflictView{Conflict: c, Key: x.Key, Title: x.Title, Institution: x.InstitutionName, TaskVersion: x.Version})
		}
		return nil
	})
	return out, err
}

// ResolveConflict settles a conflict: keep_local keeps the municipality's
// dates (now measured against the new standard), take_standard moves the
// task to the new standard's dates. Both are written to the task's history.
// taskVersion, when not 0, is the task version the user saw: a task changed
// since is refused as a conflict, so a decision is never taken on stale
// dates.
func (a *PlanService) ResolveConflict(ctx context.Context, by *Identity, programmeKey, code string, id int64, choice model.ConflictState, taskVersion int) (ConflictView, error) {
	var out ConflictView
	actor := actorOf(by)
	err := a.write(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, a.Today())
		if err != nil {
			return err
		}
		if err := checkChangePlan(by, d.plan.Municipality.ID); err != nil {
			return err
		}
		c, err := tx.ConflictByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && c.PlanID != d.plan.ID) {
			return notFound("konflikt %d findes ikke", id)
		} else if err != nil {
			return err
		}
		if c.State != model.ConflictOpen {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf("konflikten er allerede løst (%s)", c.State.Label())}
		}
		x, err := tx.Instance(ctx, c.InstanceID)
		if err != nil {
			return err
		}
		if taskVersion != 0 && taskVersion != x.Version {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf("opgaven %q er ændret i mellemtiden (version %d, ikke %d); se konflikten igen", x.Title, x.Version, taskVersion)}
		}
		var comment string
		switch choice {
		case model.ConflictKeepLocal:
			comment = fmt.Sprintf("Lokale datoer %s–%s beholdt; standarden siger nu %s–%s (katalogversion %d)",
				x.Start.Danish(), x.End.Danish(), x.PlannedStart.Danish(), x.PlannedEnd.Danish(), c.CatalogueVersion)
		case model.ConflictTakeStandard:
			if err := tx.SetLocalDates(ctx, x.ID, x.Version, x.PlannedStart, x.PlannedEnd, false, ""); err != nil {
				return err
			}
			comment = fmt.Sprintf("Standardens datoer %s–%s taget (katalogversion %d); de lokale %s–%s er forladt",
				x.PlannedStart.Danish(), x.PlannedEnd.Danish(), c.CatalogueVersion, x.Start.Danish(), x.End.Danish())
		default:
			return invalidField("choice", "vælg keep_local (behold egne datoer) eller take_standard (tag standarden)")
		}
		if err := tx.ResolveConflict(ctx, id, choice, actor); err != nil {
			return err
		}
		if err := tx.AppendEvents(ctx, []model.StatusEvent{{InstanceID: x.ID, Actor: actor, Kind: EventDates, Comment: comment,
			CatalogueVersion: c.CatalogueVersion}}); err != nil {
			return err
		}
		if c, err = tx.ConflictByID(ctx, id); err != nil {
			return err
		}
		c.LocalReason = x.OverrideReason
		out = ConflictView{Conflict: c, Key: x.Key, Title: x.Title, Institution: x.InstitutionName, TaskVersion: x.Version + 1}
		if choice == model.ConflictKeepLocal {
			out.TaskVersion = x.Version
		}
		return nil
	})
	return out, err
}

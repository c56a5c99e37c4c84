package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/orgs"
	"github.com/udrul/udrul/internal/store"
)

// EnsureReferenceOrganisations loads the organisations shipped in the
// binary (orgs.Reference) into a database that has no municipality yet – a
// new installation – and returns how many it stored. A database that has
// municipalities is left as it is: from then on `udrul orgs import`
// changes them.
func (a *UserService) EnsureReferenceOrganisations(ctx context.Context) (int, error) {
	n := 0
	err := a.write(ctx, func(tx *store.Tx) error {
		munis, err := tx.CountOrganisations(ctx, model.OrgMunicipality)
		if err != nil || munis > 0 {
			return err
		}
		ref, err := orgs.Reference()
		if err != nil {
			return err
		}
		f := &orgs.File{Has: map[string]bool{}}
		for _, c := range orgs.Columns {
			f.Has[c] = true
		}
		for i, o := range ref {
			f.Rows = append(f.Rows, orgs.Row{Line: i + 2, Org: o})
		}
		p, err := a.planOrganisations(ctx, tx, f)
		if err != nil {
			return err
		}
		n = len(p.Added) + len(p.Changed)
		return writeOrganisations(ctx, tx, p)
	})
	return n, err
}

// OrgImport is what importing an organisations file does (or would do).
type OrgImport struct {
	*orgs.Plan
	// NewTasks counts the task instances that institutions new to a
	// municipality get in its plans, as enrolment would have given them.
	NewTasks int
}

// ImportOrganisations compares an organisations file with the database and,
// unless dryRun, stores what it adds and changes, all in one transaction:
// the organisations, and the institution tasks that institutions added to
// (or moved into) an enrolled municipality get in its plans. On any problem
// it returns orgs.Problems (every problem in the file) and writes nothing.
func (a *UserService) ImportOrganisations(ctx context.Context, f *orgs.File, dryRun bool) (*OrgImport, error) {
	res := &OrgImport{}
	run := a.write
	if dryRun {
		run = a.read
	}
	err := run(ctx, func(tx *store.Tx) (err error) {
		if res.Plan, err = a.planOrganisations(ctx, tx, f); err != nil {
			return err
		}
		if !dryRun {
			if err := writeOrganisations(ctx, tx, res.Plan); err != nil {
				return err
			}
		}
		res.NewTasks, err = a.tasksOfNewInstitutions(ctx, tx, res.Plan, !dryRun)
		return err
	})
	return res, err
}

// tasksOfNewInstitutions gives every institution in p that has no tasks yet
// – added, or moved or recategorised before it had any – the
// institution-level tasks of its municipality's plans, in programmes whose
// scope includes its category, with the dates the plan's go-live gives. It
// counts them, and inserts them when write is set (after
// writeOrganisations, so that new institutions have ids).
func (a *UserService) tasksOfNewInstitutions(ctx context.Context, tx *store.Tx, p *orgs.Plan, write bool) (int, error) {
	var insts []model.Organisation
	for _, cs := range [][]orgs.Change{p.Added, p.Changed} {
		for _, c := range cs {
			if c.Org.Kind != model.OrgInstitution || c.Tasks > 0 {
				continue
			}
			muni, err := tx.OrganisationByCode(ctx, model.OrgMunicipality, c.Org.Parent)
			if errors.Is(err, store.ErrNotFound) {
				continue // a municipality new in the same file (dry run): no plans yet
			} else if err != nil {
				return 0, err
			}
			in := c.Org.Model()
			in.ParentID = muni.ID
			if write {
				stored, err := tx.OrganisationByCode(ctx, model.OrgInstitution, in.Code)
				if err != nil {
					return 0, err
				}
				in.ID = stored.ID
			}
			insts = append(insts, in)
		}
	}
	if len(insts) == 0 {
		return 0, nil
	}
	progs, err := tx.Programmes(ctx)
	if err != nil {
		return 0, err
	}
	var fresh []store.NewInstance
	for _, prog := range progs {
		tasks, err := tx.CatalogueTasks(ctx, prog.ID)
		if err != nil {
			return 0, err
		}
		for _, in := range insts {
			if prog.Institutions != "" && prog.Institutions != in.Category {
				continue
			}
			plan, err := tx.PlanOf(ctx, prog.ID, in.ParentID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			} else if err != nil {
				return 0, err
			}
			milestones := a.cal.Milestones(&prog.Programme, plan.GoLive)
			for i := range tasks {
				if tasks[i].WithdrawnVersion != 0 || tasks[i].Level != model.LevelInstitution {
					continue
				}
				news, err := a.instancesFor(plan, &tasks[i], milestones, []model.Organisation{in})
				if err != nil {
					return 0, err
				}
				fresh = append(fresh, news...)
			}
		}
	}
	if write {
		return len(fresh), tx.InsertInstances(ctx, fresh)
	}
	return len(fresh), nil
}

// ExportOrganisations returns every organisation, as `udrul orgs export`
// writes them.
func (a *UserService) ExportOrganisations(ctx context.Context) ([]orgs.Org, error) {
	var out []orgs.Org
	err := a.read(ctx, func(tx *store.Tx) error {
		all, err := tx.AllOrganisations(ctx)
		for _, e := range all {
			out = append(out, orgs.FromModel(e.Organisation, e.ParentCode))
		}
		return err
	})
	return out, err
}

func (a *UserService) planOrganisations(ctx context.Context, tx *store.Tx, f *orgs.File) (*orgs.Plan, error) {
	all, err := tx.AllOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	cur := make([]orgs.Current, len(all))
	for i, e := range all {
		cur[i] = orgs.Current{Org: orgs.FromModel(e.Organisation, e.ParentCode), Tasks: e.Tasks}
	}
	p, probs := orgs.Diff(cur, f)
	if probs != nil {
		return nil, probs
	}
	return p, nil
}

// writeOrganisations stores a plan's organisations, municipalities before
// the institutions under them.
func writeOrganisations(ctx context.Context, tx *store.Tx, p *orgs.Plan) error {
	parents := map[string]int64{}
	for _, o := range p.Writes() {
		m := o.Model()
		if o.Kind == model.OrgInstitution {
			id, ok := parents[o.Parent]
			if !ok {
				muni, err := tx.OrganisationByCode(ctx, model.OrgMunicipality, o.Parent)
				if errors.Is(err, store.ErrNotFound) {
					// orgs.Diff checked every parent; this is a bug, not bad input.
					return fmt.Errorf("app: institution %s: municipality %s vanished", o.Code, o.Parent)
				} else if err != nil {
					return err
				}
				id = muni.ID
			}
			m.ParentID = id
		}
		if err := tx.UpsertOrganisation(ctx, &m); err != nil {
			return err
		}
		if o.Kind == model.OrgMunicipality {
			parents[o.Code] = m.ID
		}
	}
	return nil
}

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
func (a *App) EnsureReferenceOrganisations(ctx context.Context) (int, error) {
	ref, err := orgs.Reference()
	if err != nil {
		return 0, err
	}
	f := &orgs.File{Has: map[string]bool{}}
	for _, c := range orgs.Columns {
		f.Has[c] = true
	}
	for i, o := range ref {
		f.Rows = append(f.Rows, orgs.Row{Line: i + 2, Org: o})
	}
	n := 0
	err = a.write(ctx, func(tx *store.Tx) error {
		munis, err := tx.CountOrganisations(ctx, model.OrgMunicipality)
		if err != nil || munis > 0 {
			return err
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

// ImportOrganisations compares an organisations file with the database and,
// unless dryRun, stores what it adds and changes, all in one transaction.
// On any problem it returns orgs.Problems (every problem in the file) and
// writes nothing.
func (a *App) ImportOrganisations(ctx context.Context, f *orgs.File, dryRun bool) (*orgs.Plan, error) {
	var p *orgs.Plan
	run := a.write
	if dryRun {
		run = a.read
	}
	err := run(ctx, func(tx *store.Tx) (err error) {
		if p, err = a.planOrganisations(ctx, tx, f); err != nil || dryRun {
			return err
		}
		return writeOrganisations(ctx, tx, p)
	})
	return p, err
}

// ExportOrganisations returns every organisation, as `udrul orgs export`
// writes them.
func (a *App) ExportOrganisations(ctx context.Context) ([]orgs.Org, error) {
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

func (a *App) planOrganisations(ctx context.Context, tx *store.Tx, f *orgs.File) (*orgs.Plan, error) {
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

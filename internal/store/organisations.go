package store

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/model"
)

const orgColumns = "id, kind, category, code, name, COALESCE(parent_id, 0), region_code, region_name, population, area_km2"

func scanOrg(sc interface{ Scan(...any) error }, o *model.Organisation) error {
	return sc.Scan(&o.ID, &o.Kind, &o.Category, &o.Code, &o.Name, &o.ParentID, &o.RegionCode, &o.RegionName, &o.Population, &o.AreaKm2)
}

// UpsertOrganisation inserts o or updates the organisation with the same kind
// and code, and sets o.ID.
func (t *Tx) UpsertOrganisation(ctx context.Context, o *model.Organisation) error {
	var parent any
	if o.ParentID != 0 {
		parent = o.ParentID
	}
	err := t.queryRow(ctx, `INSERT INTO organisations (kind, category, code, name, parent_id, region_code, region_name, population, area_km2)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, code) DO UPDATE SET category = excluded.category, name = excluded.name, parent_id = excluded.parent_id,
			region_code = excluded.region_code, region_name = excluded.region_name, population = excluded.population, area_km2 = excluded.area_km2
		RETURNING id`,
		o.Kind, o.Category, o.Code, o.Name, parent, o.RegionCode, o.RegionName, o.Population, o.AreaKm2).Scan(&o.ID)
	if err != nil {
		return fmt.Errorf("store: upsert organisation %s %s: %w", o.Kind, o.Code, err)
	}
	return nil
}

// Organisations lists organisations of a kind ordered by code (numerically
// for municipality codes).
func (t *Tx) Organisations(ctx context.Context, kind model.OrgKind) ([]model.Organisation, error) {
	rows, err := t.query(ctx, "SELECT "+orgColumns+" FROM organisations WHERE kind = ? ORDER BY LENGTH(code), code", kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Organisation
	for rows.Next() {
		var o model.Organisation
		if err := scanOrg(rows, &o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OrganisationByCode returns the organisation of kind with code, or ErrNotFound.
func (t *Tx) OrganisationByCode(ctx context.Context, kind model.OrgKind, code string) (model.Organisation, error) {
	var o model.Organisation
	err := scanOrg(t.queryRow(ctx, "SELECT "+orgColumns+" FROM organisations WHERE kind = ? AND code = ?", kind, code), &o)
	return o, notFound(err, fmt.Sprintf("%s %s", kind, code))
}

// Institutions lists a municipality's institutions, all of them when
// category is empty.
func (t *Tx) Institutions(ctx context.Context, municipalityID int64, category string) ([]model.Organisation, error) {
	rows, err := t.query(ctx, "SELECT "+orgColumns+` FROM organisations
		WHERE kind = 'institution' AND parent_id = ? AND (? = '' OR category = ?) ORDER BY code`, municipalityID, category, category)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Organisation
	for rows.Next() {
		var o model.Organisation
		if err := scanOrg(rows, &o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

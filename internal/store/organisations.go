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

// OrganisationEntry is an organisation with its parent's code and, for an
// institution, how many task instances are its.
type OrganisationEntry struct {
	model.Organisation
	ParentCode string
	Tasks      int
}

// AllOrganisations lists every organisation, for comparing an
// organisations file with the database.
func (t *Tx) AllOrganisations(ctx context.Context) ([]OrganisationEntry, error) {
	rows, err := t.query(ctx, `SELECT o.id, o.kind, o.category, o.code, o.name, COALESCE(o.parent_id, 0), o.region_code, o.region_name,
			o.population, o.area_km2, COALESCE(p.code, ''), COALESCE(n.tasks, 0)
		FROM organisations o
		LEFT JOIN organisations p ON p.id = o.parent_id
		LEFT JOIN (SELECT institution_id, COUNT(*) AS tasks FROM task_instances WHERE institution_id IS NOT NULL GROUP BY institution_id) n
			ON n.institution_id = o.id
		ORDER BY o.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrganisationEntry
	for rows.Next() {
		var e OrganisationEntry
		o := &e.Organisation
		if err := rows.Scan(&o.ID, &o.Kind, &o.Category, &o.Code, &o.Name, &o.ParentID, &o.RegionCode, &o.RegionName,
			&o.Population, &o.AreaKm2, &e.ParentCode, &e.Tasks); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountOrganisations counts the organisations of a kind.
func (t *Tx) CountOrganisations(ctx context.Context, kind model.OrgKind) (int, error) {
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE kind = ?", kind).Scan(&n)
	return n, err
}

package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/udrul/udrul/internal/model"
)

// Plan is a municipality's plan in a programme.
type Plan struct {
	ID               int64
	ProgrammeID      int64
	Municipality     model.Organisation
	GoLive           model.Date
	Wave             int
	CatalogueVersion int
	// EnrolledOn is the day the municipality was enrolled: tasks that
	// ended before it are "før tilmelding" (model.BeforeEnrolment). Set
	// when the plan is saved first; a SavePlan with it already set (the
	// demo's history) keeps it.
	EnrolledOn model.Date
}

const planSelect = `SELECT p.id, p.programme_id, p.golive, p.wave, p.catalogue_version, p.enrolled_on,
	o.id, o.kind, o.category, o.code, o.name, COALESCE(o.parent_id, 0), o.region_code, o.region_name, o.population, o.area_km2
	FROM plans p JOIN organisations o ON o.id = p.organisation_id`

func scanPlan(sc interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	o := &p.Municipality
	err := sc.Scan(&p.ID, &p.ProgrammeID, &p.GoLive, &p.Wave, &p.CatalogueVersion, &p.EnrolledOn,
		&o.ID, &o.Kind, &o.Category, &o.Code, &o.Name, &o.ParentID, &o.RegionCode, &o.RegionName, &o.Population, &o.AreaKm2)
	return p, err
}

// Plans lists a programme's plans ordered by wave, go-live and municipality code.
func (t *Tx) Plans(ctx context.Context, programmeID int64) ([]Plan, error) {
	rows, err := t.query(ctx, planSelect+" WHERE p.programme_id = ? ORDER BY p.wave, p.golive, LENGTH(o.code), o.code", programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PlanOf returns the plan of a municipality in a programme, or ErrNotFound.
func (t *Tx) PlanOf(ctx context.Context, programmeID, municipalityID int64) (Plan, error) {
	p, err := scanPlan(t.queryRow(ctx, planSelect+" WHERE p.programme_id = ? AND p.organisation_id = ?", programmeID, municipalityID))
	return p, notFound(err, "plan")
}

// PlanByID returns a plan, or ErrNotFound.
func (t *Tx) PlanByID(ctx context.Context, id int64) (Plan, error) {
	p, err := scanPlan(t.queryRow(ctx, planSelect+" WHERE p.id = ?", id))
	return p, notFound(err, "plan")
}

// SavePlan inserts p (when p.ID is 0) or updates go-live, wave and catalogue version.
func (t *Tx) SavePlan(ctx context.Context, p *Plan, actor string) error {
	var err error
	if p.ID == 0 {
		if p.EnrolledOn == model.NoDate {
			p.EnrolledOn = model.DanishDate(t.now)
		}
		err = t.queryRow(ctx, `INSERT INTO plans (programme_id, organisation_id, golive, wave, enrolled_at, enrolled_by, catalogue_version, enrolled_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.ProgrammeID, p.Municipality.ID, p.GoLive, p.Wave, ts(t.now), actor, p.CatalogueVersion, p.EnrolledOn).Scan(&p.ID)
	} else {
		_, err = t.exec(ctx, "UPDATE plans SET golive = ?, wave = ?, catalogue_version = ? WHERE id = ?",
			p.GoLive, p.Wave, p.CatalogueVersion, p.ID)
	}
	if err != nil {
		return fmt.Errorf("store: save plan for %s: %w", p.Municipality.Code, err)
	}
	return nil
}

// PublicationChange records that a catalogue version changed a task in a plan.
type PublicationChange struct {
	PlanID    int64
	TaskKey   string
	Kind      string
	Fields    []string
	Instances int
}

// planChange is one entry of a publication_plan_changes row's JSON list,
// stored with these field names.
type planChange struct {
	Key       string
	Kind      string
	Fields    []string
	Instances int
}

// InsertPublicationChanges records what a version changed for which plans:
// one row per plan, listing its changed tasks in the order given (migration
// 0033 says why).
func (t *Tx) InsertPublicationChanges(ctx context.Context, versionID int64, changes []PublicationChange) error {
	type planRow struct {
		plan    int64
		changes []planChange
	}
	var rows []planRow
	at := map[int64]int{}
	for _, c := range changes {
		i, ok := at[c.PlanID]
		if !ok {
			i = len(rows)
			at[c.PlanID] = i
			rows = append(rows, planRow{plan: c.PlanID})
		}
		fields := c.Fields
		if fields == nil {
			fields = []string{}
		}
		rows[i].changes = append(rows[i].changes, planChange{Key: c.TaskKey, Kind: c.Kind, Fields: fields, Instances: c.Instances})
	}
	type encoded struct {
		plan    int64
		changes string
	}
	out := make([]encoded, len(rows))
	for i, r := range rows {
		b, err := json.Marshal(r.changes)
		if err != nil {
			return err
		}
		out[i] = encoded{r.plan, string(b)}
	}
	return execRows(ctx, t, "insert publication changes", out, 100,
		"INSERT INTO publication_plan_changes (version_id, plan_id, changes) VALUES ", "(?, ?, ?)", "",
		func(r encoded) []any { return []any{versionID, r.plan, r.changes} })
}

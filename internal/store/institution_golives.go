package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// InstitutionGoLive is an institution's own go-live in its municipality's
// plan (migration 0024). Own false: it follows the municipality's go-live
// (GoLive is then the last own date it had, kept for the history).
type InstitutionGoLive struct {
	PlanID        int64
	InstitutionID int64
	Own           bool
	GoLive        model.Date
	Version       int
	SetAt         time.Time
	SetBy         string
}

func (t *Tx) institutionGoLives(ctx context.Context, where string, args ...any) ([]InstitutionGoLive, error) {
	rows, err := t.query(ctx, `SELECT g.plan_id, g.institution_id, g.own, g.golive, g.version, g.set_at, g.set_by
		FROM institution_golives g JOIN plans p ON p.id = g.plan_id WHERE `+where+" ORDER BY g.plan_id, g.institution_id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: institution go-lives: %w", err)
	}
	defer rows.Close()
	var out []InstitutionGoLive
	for rows.Next() {
		var g InstitutionGoLive
		if err := rows.Scan(&g.PlanID, &g.InstitutionID, &g.Own, &g.GoLive, &g.Version, timestamp{&g.SetAt}, &g.SetBy); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// InstitutionGoLivesOfPlan lists the institutions of a plan that ever had
// a date of their own, by institution id.
func (t *Tx) InstitutionGoLivesOfPlan(ctx context.Context, planID int64) (map[int64]InstitutionGoLive, error) {
	gs, err := t.institutionGoLives(ctx, "g.plan_id = ?", planID)
	out := make(map[int64]InstitutionGoLive, len(gs))
	for _, g := range gs {
		out[g.InstitutionID] = g
	}
	return out, err
}

// OwnGoLivesOfProgramme maps plan id and institution id to the own go-live
// of every institution in a programme that has one.
func (t *Tx) OwnGoLivesOfProgramme(ctx context.Context, programmeID int64) (map[int64]map[int64]model.Date, error) {
	gs, err := t.institutionGoLives(ctx, "p.programme_id = ? AND g.own = ?", programmeID, true)
	out := map[int64]map[int64]model.Date{}
	for _, g := range gs {
		if out[g.PlanID] == nil {
			out[g.PlanID] = map[int64]model.Date{}
		}
		out[g.PlanID][g.InstitutionID] = g.GoLive
	}
	return out, err
}

// OwnGoLivesOfPlan maps institution id to the own go-live of every
// institution in a plan that has one.
func (t *Tx) OwnGoLivesOfPlan(ctx context.Context, planID int64) (map[int64]model.Date, error) {
	gs, err := t.institutionGoLives(ctx, "g.plan_id = ? AND g.own = ?", planID, true)
	out := make(map[int64]model.Date, len(gs))
	for _, g := range gs {
		out[g.InstitutionID] = g.GoLive
	}
	return out, err
}

// SetInstitutionGoLive stores an institution's go-live in a plan: its own
// date (own) or back to the municipality's (own false, golive the date it
// had). expectedVersion is the version the caller saw, 0 when the
// institution has no row yet; ErrConflict when someone got there first.
func (t *Tx) SetInstitutionGoLive(ctx context.Context, planID, institutionID int64, expectedVersion int, own bool, golive model.Date, actor string) error {
	if expectedVersion == 0 {
		// ON CONFLICT DO NOTHING rather than a unique violation, which
		// would abort a PostgreSQL transaction.
		res, err := t.exec(ctx, `INSERT INTO institution_golives (plan_id, institution_id, own, golive, version, set_at, set_by)
			VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (plan_id, institution_id) DO NOTHING`, planID, institutionID, own, golive, ts(t.now), actor)
		if err != nil {
			return fmt.Errorf("store: institution go-live: %w", err)
		}
		return changedOne(res, institutionID, expectedVersion)
	}
	res, err := t.exec(ctx, `UPDATE institution_golives SET own = ?, golive = ?, version = version + 1, set_at = ?, set_by = ?
		WHERE plan_id = ? AND institution_id = ? AND version = ?`, own, golive, ts(t.now), actor, planID, institutionID, expectedVersion)
	if err != nil {
		return fmt.Errorf("store: institution go-live: %w", err)
	}
	return changedOne(res, institutionID, expectedVersion)
}

func changedOne(res sql.Result, institutionID int64, expectedVersion int) error {
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("institution %d's go-live is not at version %d: %w", institutionID, expectedVersion, ErrConflict)
	}
	return nil
}

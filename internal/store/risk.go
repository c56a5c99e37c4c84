package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/risk"
)

// The risk register's tables (migration 0011): one row per risk with the
// fields of seed 003 figure 19, a version for optimistic concurrency, and
// an append-only history.

// RiskFilter selects risks of a programme; empty fields select all.
type RiskFilter struct {
	Level          risk.Level
	MunicipalityID int64
	Status         risk.Status
	Category       risk.Category
	Wave           int // a wave (≥ 1); 0 selects every wave
}

const riskSelect = `SELECT r.id, r.level, COALESCE(r.municipality_id, 0), COALESCE(o.code, ''), COALESCE(o.name, ''), r.wave,
	r.description, r.registered, r.category, r.probability, r.consequence, r.proximity, r.reaction_type, r.reaction,
	r.status, r.initiator, r.owner, r.actor, r.next_review, r.lesson, r.version, r.created_at, r.created_by, r.updated_at, r.updated_by
	FROM risks r LEFT JOIN organisations o ON o.id = r.municipality_id`

func scanRisk(sc interface{ Scan(...any) error }) (risk.Entry, error) {
	var x risk.Entry
	err := sc.Scan(&x.Key, &x.Level, &x.MunicipalityID, &x.Municipality, &x.MunicipalityNm, &x.Wave,
		&x.Description, &x.Registered, &x.Category, &x.Probability, &x.Consequence, &x.Proximity, &x.Reaction, &x.Prevention,
		&x.Status, &x.Initiator, &x.Owner, &x.Actor, optDate{&x.NextReview}, &x.Lesson, &x.Version,
		timestamp{&x.CreatedAt}, &x.CreatedBy, timestamp{&x.UpdatedAt}, &x.UpdatedBy)
	x.ID = fmt.Sprintf("R-%d", x.Key)
	x.Exposure = x.Risk.Exposure()
	return x, err
}

// Risks lists a programme's risks matching f, highest exposure first.
func (t *Tx) Risks(ctx context.Context, programmeID int64, f RiskFilter) ([]risk.Entry, error) {
	where := []string{"r.programme_id = ?"}
	args := []any{programmeID}
	if f.Level != "" {
		where, args = append(where, "r.level = ?"), append(args, string(f.Level))
	}
	if f.MunicipalityID != 0 {
		where, args = append(where, "r.municipality_id = ?"), append(args, f.MunicipalityID)
	}
	if f.Status != "" {
		where, args = append(where, "r.status = ?"), append(args, string(f.Status))
	}
	if f.Category != "" {
		where, args = append(where, "r.category = ?"), append(args, string(f.Category))
	}
	if f.Wave != 0 {
		where, args = append(where, "r.wave = ?"), append(args, f.Wave)
	}
	rows, err := t.query(ctx, riskSelect+" WHERE "+strings.Join(where, " AND ")+
		" ORDER BY r.probability * r.consequence DESC, r.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: risks: %w", err)
	}
	defer rows.Close()
	out := []risk.Entry{}
	for rows.Next() {
		x, err := scanRisk(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Risk returns a programme's risk by row id, or ErrNotFound.
func (t *Tx) Risk(ctx context.Context, programmeID, key int64) (risk.Entry, error) {
	x, err := scanRisk(t.queryRow(ctx, riskSelect+" WHERE r.programme_id = ? AND r.id = ?", programmeID, key))
	return x, notFound(err, "risk")
}

// InsertRisk adds a risk; x.Key, Version and the times are set.
func (t *Tx) InsertRisk(ctx context.Context, programmeID int64, x *risk.Entry, by string) error {
	var mun any
	if x.MunicipalityID != 0 {
		mun = x.MunicipalityID
	}
	err := t.queryRow(ctx, `INSERT INTO risks (programme_id, level, municipality_id, wave, description, registered, category,
		probability, consequence, proximity, reaction_type, reaction, status, initiator, owner, actor, next_review, lesson,
		version, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id`,
		programmeID, string(x.Level), mun, x.Wave, x.Description, x.Registered, string(x.Category), x.Probability, x.Consequence,
		string(x.Proximity), string(x.Reaction), x.Prevention, string(x.Status), x.Initiator, x.Owner, x.Actor,
		dateArg(x.NextReview), x.Lesson, ts(t.now), by, ts(t.now), by).Scan(&x.Key)
	if err != nil {
		return fmt.Errorf("store: insert risk: %w", err)
	}
	x.ID, x.Version, x.Exposure = fmt.Sprintf("R-%d", x.Key), 1, x.Risk.Exposure()
	x.CreatedAt, x.CreatedBy, x.UpdatedAt, x.UpdatedBy = t.now, by, t.now, by
	return nil
}

// UpdateRisk writes the figure-19 fields of risk x.Key if its version is
// still x.Version (else ErrConflict) and advances the version.
func (t *Tx) UpdateRisk(ctx context.Context, x *risk.Entry, by string) error {
	res, err := t.exec(ctx, `UPDATE risks SET description = ?, registered = ?, category = ?, probability = ?, consequence = ?,
		proximity = ?, reaction_type = ?, reaction = ?, status = ?, initiator = ?, owner = ?, actor = ?, next_review = ?, lesson = ?,
		version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
		x.Description, x.Registered, string(x.Category), x.Probability, x.Consequence, string(x.Proximity), string(x.Reaction),
		x.Prevention, string(x.Status), x.Initiator, x.Owner, x.Actor, dateArg(x.NextReview), x.Lesson,
		ts(t.now), by, x.Key, x.Version)
	if err != nil {
		return fmt.Errorf("store: update risk: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("risk %d changed meanwhile: %w", x.Key, ErrConflict)
	}
	x.Version++
	x.UpdatedAt, x.UpdatedBy, x.Exposure = t.now, by, x.Risk.Exposure()
	return nil
}

// AppendRiskEvent adds an entry to a risk's history.
func (t *Tx) AppendRiskEvent(ctx context.Context, key int64, actor, message string) error {
	_, err := t.exec(ctx, "INSERT INTO risk_events (risk_id, at, actor, message) VALUES (?, ?, ?, ?)", key, ts(t.now), actor, message)
	return err
}

// RiskEvents returns a risk's history, oldest first.
func (t *Tx) RiskEvents(ctx context.Context, key int64) ([]risk.Event, error) {
	rows, err := t.query(ctx, "SELECT at, actor, message FROM risk_events WHERE risk_id = ? ORDER BY id", key)
	if err != nil {
		return nil, fmt.Errorf("store: risk events: %w", err)
	}
	defer rows.Close()
	out := []risk.Event{}
	for rows.Next() {
		var e risk.Event
		if err := rows.Scan(timestamp{&e.At}, &e.Actor, &e.Message); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

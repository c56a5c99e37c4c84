package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/benefit"
	"github.com/udrul/udrul/internal/model"
)

// The benefit register's tables (migration 0012): a register per
// municipality and programme (its vision and the coordinator's extension),
// the benefits with a version for optimistic concurrency, their
// post-measurements, and an append-only history.

const benefitSelect = `SELECT b.id, b.municipality_id, o.code, o.name, b.title, b.type, b.goal, b.change_name, b.owner, b.accountable,
	b.smart, b.indicator, b.unit, b.direction, b.baseline_value, b.baseline_date, b.target_value, b.target_date,
	b.version, b.created_at, b.created_by, b.updated_at, b.updated_by
	FROM benefits b JOIN organisations o ON o.id = b.municipality_id`

func scanBenefit(sc interface{ Scan(...any) error }) (benefit.Entry, error) {
	var x benefit.Entry
	err := sc.Scan(&x.Key, &x.MunicipalityID, &x.Municipality, &x.MunicipalityNm, &x.Title, &x.Type, &x.Goal, &x.Change,
		&x.Owner, &x.Accountable, &x.Smart, &x.Indicator, &x.Unit, &x.Direction, &x.BaselineValue, &x.BaselineDate,
		&x.TargetValue, &x.TargetDate, &x.Version, timestamp{&x.CreatedAt}, &x.CreatedBy, timestamp{&x.UpdatedAt}, &x.UpdatedBy)
	x.ID = fmt.Sprintf("G-%d", x.Key)
	return x, err
}

// Benefits lists a programme's benefits, of one municipality or (id 0) of
// all, in the order they were registered.
func (t *Tx) Benefits(ctx context.Context, programmeID, municipalityID int64) ([]benefit.Entry, error) {
	q, args := benefitSelect+" WHERE b.programme_id = ?", []any{programmeID}
	if municipalityID != 0 {
		q, args = q+" AND b.municipality_id = ?", append(args, municipalityID)
	}
	rows, err := t.query(ctx, q+" ORDER BY b.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: benefits: %w", err)
	}
	defer rows.Close()
	out := []benefit.Entry{}
	for rows.Next() {
		x, err := scanBenefit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Benefit returns a programme's benefit by row id, or ErrNotFound.
func (t *Tx) Benefit(ctx context.Context, programmeID, key int64) (benefit.Entry, error) {
	x, err := scanBenefit(t.queryRow(ctx, benefitSelect+" WHERE b.programme_id = ? AND b.id = ?", programmeID, key))
	return x, notFound(err, "benefit")
}

// InsertBenefit adds a benefit to the municipality's register; x.Key,
// Version and the times are set.
func (t *Tx) InsertBenefit(ctx context.Context, programmeID int64, x *benefit.Entry, by string) error {
	err := t.queryRow(ctx, `INSERT INTO benefits (programme_id, municipality_id, title, type, goal, change_name, owner, accountable,
		smart, indicator, unit, direction, baseline_value, baseline_date, target_value, target_date,
		version, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id`,
		programmeID, x.MunicipalityID, x.Title, string(x.Type), x.Goal, x.Change, x.Owner, x.Accountable, x.Smart, x.Indicator,
		x.Unit, string(x.Direction), x.BaselineValue, x.BaselineDate, x.TargetValue, x.TargetDate,
		ts(t.now), by, ts(t.now), by).Scan(&x.Key)
	if err != nil {
		return fmt.Errorf("store: insert benefit: %w", err)
	}
	x.ID, x.Version = fmt.Sprintf("G-%d", x.Key), 1
	x.CreatedAt, x.CreatedBy, x.UpdatedAt, x.UpdatedBy = t.now, by, t.now, by
	return nil
}

// UpdateBenefit writes benefit x.Key's fields if its version is still
// x.Version (else ErrConflict) and advances the version.
func (t *Tx) UpdateBenefit(ctx context.Context, x *benefit.Entry, by string) error {
	res, err := t.exec(ctx, `UPDATE benefits SET title = ?, type = ?, goal = ?, change_name = ?, owner = ?, accountable = ?,
		smart = ?, indicator = ?, unit = ?, direction = ?, baseline_value = ?, baseline_date = ?, target_value = ?, target_date = ?,
		version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
		x.Title, string(x.Type), x.Goal, x.Change, x.Owner, x.Accountable, x.Smart, x.Indicator, x.Unit, string(x.Direction),
		x.BaselineValue, x.BaselineDate, x.TargetValue, x.TargetDate, ts(t.now), by, x.Key, x.Version)
	if err != nil {
		return fmt.Errorf("store: update benefit: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("benefit %d changed meanwhile: %w", x.Key, ErrConflict)
	}
	x.Version++
	x.UpdatedAt, x.UpdatedBy = t.now, by
	return nil
}

// BenefitMeasurements lists the post-measurements of a programme's
// benefits, of one municipality or (id 0) of all, per benefit row id,
// oldest first.
func (t *Tx) BenefitMeasurements(ctx context.Context, programmeID, municipalityID int64) (map[int64][]benefit.MeasurementEntry, error) {
	q := `SELECT m.id, m.benefit_id, m.value, m.measured_on, m.comment, m.created_at, m.created_by
		FROM benefit_measurements m JOIN benefits b ON b.id = m.benefit_id WHERE b.programme_id = ?`
	args := []any{programmeID}
	if municipalityID != 0 {
		q, args = q+" AND b.municipality_id = ?", append(args, municipalityID)
	}
	rows, err := t.query(ctx, q+" ORDER BY m.benefit_id, m.measured_on, m.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: benefit measurements: %w", err)
	}
	defer rows.Close()
	out := map[int64][]benefit.MeasurementEntry{}
	for rows.Next() {
		var m benefit.MeasurementEntry
		if err := rows.Scan(&m.Key, &m.BenefitID, &m.Value, &m.Date, &m.Comment, timestamp{&m.CreatedAt}, &m.CreatedBy); err != nil {
			return nil, err
		}
		out[m.BenefitID] = append(out[m.BenefitID], m)
	}
	return out, rows.Err()
}

// InsertMeasurement adds a post-measurement to benefit m.BenefitID.
func (t *Tx) InsertMeasurement(ctx context.Context, m *benefit.MeasurementEntry, by string) error {
	err := t.queryRow(ctx, `INSERT INTO benefit_measurements (benefit_id, value, measured_on, comment, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, m.BenefitID, m.Value, m.Date, m.Comment, ts(t.now), by).Scan(&m.Key)
	if err != nil {
		return fmt.Errorf("store: insert measurement: %w", err)
	}
	m.CreatedAt, m.CreatedBy = t.now, by
	return nil
}

// BenefitRegisterOf returns the municipality's register header; a
// register nothing is stored for yet has version 0.
func (t *Tx) BenefitRegisterOf(ctx context.Context, programmeID, municipalityID int64) (benefit.Register, error) {
	var r benefit.Register
	err := t.queryRow(ctx, `SELECT vision, extended_until, extension_reason, version, updated_at, updated_by
		FROM benefit_registers WHERE programme_id = ? AND municipality_id = ?`, programmeID, municipalityID).
		Scan(&r.Vision, optDate{&r.ExtendedUntil}, &r.ExtensionReason, &r.Version, timestamp{&r.UpdatedAt}, &r.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return benefit.Register{}, nil
	}
	return r, err
}

// BenefitExtensions lists the programme's extensions of the last
// post-measurement date per municipality id.
func (t *Tx) BenefitExtensions(ctx context.Context, programmeID int64) (map[int64]model.Date, error) {
	rows, err := t.query(ctx, `SELECT municipality_id, extended_until FROM benefit_registers
		WHERE programme_id = ? AND extended_until IS NOT NULL`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]model.Date{}
	for rows.Next() {
		var id int64
		var d model.Date
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = d
	}
	return out, rows.Err()
}

// SaveBenefitRegister writes the municipality's register header r if its
// stored version is still r.Version (0: none stored yet), else
// ErrConflict, and advances the version.
func (t *Tx) SaveBenefitRegister(ctx context.Context, programmeID, municipalityID int64, r *benefit.Register, by string) error {
	var res sql.Result
	var err error
	if r.Version == 0 {
		res, err = t.exec(ctx, `INSERT INTO benefit_registers (programme_id, municipality_id, vision, extended_until, extension_reason,
			version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (programme_id, municipality_id) DO NOTHING`,
			programmeID, municipalityID, r.Vision, dateArg(r.ExtendedUntil), r.ExtensionReason, ts(t.now), by)
	} else {
		res, err = t.exec(ctx, `UPDATE benefit_registers SET vision = ?, extended_until = ?, extension_reason = ?, version = version + 1,
			updated_at = ?, updated_by = ? WHERE programme_id = ? AND municipality_id = ? AND version = ?`,
			r.Vision, dateArg(r.ExtendedUntil), r.ExtensionReason, ts(t.now), by, programmeID, municipalityID, r.Version)
	}
	if err != nil {
		return fmt.Errorf("store: save benefit register: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("benefit register changed meanwhile: %w", ErrConflict)
	}
	r.Version++
	r.UpdatedAt, r.UpdatedBy = t.now, by
	return nil
}

// AppendBenefitEvent adds an entry to a register's history; benefitKey 0
// is an entry about the register itself.
func (t *Tx) AppendBenefitEvent(ctx context.Context, programmeID, municipalityID, benefitKey int64, actor, message string) error {
	var b any
	if benefitKey != 0 {
		b = benefitKey
	}
	_, err := t.exec(ctx, `INSERT INTO benefit_events (programme_id, municipality_id, benefit_id, at, actor, message)
		VALUES (?, ?, ?, ?, ?, ?)`, programmeID, municipalityID, b, ts(t.now), actor, message)
	return err
}

// BenefitEvents lists a register's history, newest first: every entry, or
// (benefitKey ≠ 0) one benefit's.
func (t *Tx) BenefitEvents(ctx context.Context, programmeID, municipalityID, benefitKey int64) ([]benefit.Event, error) {
	q, args := `SELECT COALESCE(benefit_id, 0), at, actor, message FROM benefit_events WHERE programme_id = ? AND municipality_id = ?`,
		[]any{programmeID, municipalityID}
	if benefitKey != 0 {
		q, args = q+" AND benefit_id = ?", append(args, benefitKey)
	}
	rows, err := t.query(ctx, q+" ORDER BY id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: benefit events: %w", err)
	}
	defer rows.Close()
	out := []benefit.Event{}
	for rows.Next() {
		var e benefit.Event
		if err := rows.Scan(&e.BenefitKey, timestamp{&e.At}, &e.Actor, &e.Message); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// WaveVersion is one numbered version of a programme's wave plan. Inputs and
// Score are JSON documents owned by the app.
type WaveVersion struct {
	ID            int64
	ProgrammeID   int64
	Number        int
	State         model.WaveState
	Revision      int // raised by every change to the assignment or state
	Seed          int64
	BasedOn       int // the version it was copied from; 0 if optimised
	SetupRevision int
	Inputs        []byte
	Score         []byte
	CreatedAt     time.Time
	CreatedBy     string
	AnnouncedAt   time.Time // zero until announced
	AnnouncedBy   string
	FinalisedAt   time.Time // zero until final
	FinalisedBy   string
}

// WaveAssignmentRow is one municipality's wave in a version.
type WaveAssignmentRow struct {
	Code   string
	Wave   int
	Locked bool
}

const waveVersionColumns = `id, programme_id, number, state, revision, seed, based_on, setup_revision, inputs, score,
	created_at, created_by, announced_at, announced_by, finalised_at, finalised_by`

func scanWaveVersion(sc interface{ Scan(...any) error }) (WaveVersion, error) {
	var v WaveVersion
	var inputs, score string
	err := sc.Scan(&v.ID, &v.ProgrammeID, &v.Number, &v.State, &v.Revision, &v.Seed, &v.BasedOn, &v.SetupRevision, &inputs, &score,
		timestamp{&v.CreatedAt}, &v.CreatedBy, timestamp{&v.AnnouncedAt}, &v.AnnouncedBy, timestamp{&v.FinalisedAt}, &v.FinalisedBy)
	v.Inputs, v.Score = []byte(inputs), []byte(score)
	return v, err
}

// InsertWaveVersion stores a new version with its assignment and sets v.ID.
// v.Number must come from NextWaveVersion.
func (t *Tx) InsertWaveVersion(ctx context.Context, v *WaveVersion, rows []WaveAssignmentRow) error {
	err := t.queryRow(ctx, `INSERT INTO waveplan_versions (programme_id, number, state, revision, seed, based_on, setup_revision,
		inputs, score, created_at, created_by) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		v.ProgrammeID, v.Number, v.State, v.Seed, v.BasedOn, v.SetupRevision, string(v.Inputs), string(v.Score), ts(t.now), v.CreatedBy).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("store: insert wave plan version %d: %w", v.Number, err)
	}
	v.Revision, v.CreatedAt = 1, t.now
	return t.insertAssignments(ctx, v.ID, rows)
}

func (t *Tx) insertAssignments(ctx context.Context, versionID int64, rows []WaveAssignmentRow) error {
	return execRows(ctx, t, "insert wave assignments", rows, 200, "INSERT INTO waveplan_assignments (version_id, organisation_id, wave, locked) VALUES ",
		"(?, (SELECT id FROM organisations WHERE kind = ? AND code = ?), ?, ?)", "",
		func(r WaveAssignmentRow) []any {
			return []any{versionID, model.OrgMunicipality, r.Code, r.Wave, r.Locked}
		})
}

// WaveVersions lists a programme's versions by number.
func (t *Tx) WaveVersions(ctx context.Context, programmeID int64) ([]WaveVersion, error) {
	rows, err := t.query(ctx, "SELECT "+waveVersionColumns+" FROM waveplan_versions WHERE programme_id = ? ORDER BY number", programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WaveVersion
	for rows.Next() {
		v, err := scanWaveVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// WaveVersion returns version number n of a programme, or ErrNotFound.
func (t *Tx) WaveVersion(ctx context.Context, programmeID int64, n int) (WaveVersion, error) {
	v, err := scanWaveVersion(t.queryRow(ctx, "SELECT "+waveVersionColumns+" FROM waveplan_versions WHERE programme_id = ? AND number = ?", programmeID, n))
	return v, notFound(err, fmt.Sprintf("wave plan version %d", n))
}

// WaveAssignments returns a version's assignment ordered by municipality code.
func (t *Tx) WaveAssignments(ctx context.Context, versionID int64) ([]WaveAssignmentRow, error) {
	rows, err := t.query(ctx, `SELECT o.code, a.wave, a.locked FROM waveplan_assignments a JOIN organisations o ON o.id = a.organisation_id
		WHERE a.version_id = ? ORDER BY LENGTH(o.code), o.code`, versionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WaveAssignmentRow
	for rows.Next() {
		var r WaveAssignmentRow
		if err := rows.Scan(&r.Code, &r.Wave, &r.Locked); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UpdateWaveVersion writes a changed assignment (only the given rows) and
// score of version v if its revision is still expected, raising the
// revision; it returns ErrConflict if the version changed in between or is no
// longer a draft.
func (t *Tx) UpdateWaveVersion(ctx context.Context, versionID int64, expected int, score []byte, changed []WaveAssignmentRow) error {
	res, err := t.exec(ctx, "UPDATE waveplan_versions SET revision = revision + 1, score = ? WHERE id = ? AND revision = ? AND state = ?",
		string(score), versionID, expected, model.WaveDraft)
	if err != nil {
		return fmt.Errorf("store: update wave plan version: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: wave plan version revision %d: %w", expected, ErrConflict)
	}
	for _, r := range changed {
		if _, err := t.exec(ctx, `UPDATE waveplan_assignments SET wave = ?, locked = ?
			WHERE version_id = ? AND organisation_id = (SELECT id FROM organisations WHERE kind = ? AND code = ?)`,
			r.Wave, r.Locked, versionID, model.OrgMunicipality, r.Code); err != nil {
			return fmt.Errorf("store: update wave assignment of %s: %w", r.Code, err)
		}
	}
	return nil
}

// SetWaveVersionState moves a version from state from to state to if its
// revision is still expected, stamping announced_* (to hearing) or
// finalised_* (to final). It returns ErrConflict otherwise.
func (t *Tx) SetWaveVersionState(ctx context.Context, versionID int64, expected int, from, to model.WaveState, actor string) error {
	set := ""
	args := []any{to}
	switch to {
	case model.WaveHearing:
		set, args = ", announced_at = ?, announced_by = ?", append(args, ts(t.now), actor)
	case model.WaveFinal:
		set, args = ", finalised_at = ?, finalised_by = ?", append(args, ts(t.now), actor)
	}
	args = append(args, versionID, expected, from)
	res, err := t.exec(ctx, "UPDATE waveplan_versions SET revision = revision + 1, state = ?"+set+" WHERE id = ? AND revision = ? AND state = ?", args...)
	if err != nil {
		return fmt.Errorf("store: set wave plan version state: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: wave plan version is no longer %s at revision %d: %w", from, expected, ErrConflict)
	}
	return nil
}

// SupersedeWaveVersions marks a programme's versions in state as superseded
// and returns their numbers.
func (t *Tx) SupersedeWaveVersions(ctx context.Context, programmeID int64, state model.WaveState) ([]int, error) {
	rows, err := t.query(ctx, `UPDATE waveplan_versions SET state = ?, revision = revision + 1 WHERE programme_id = ? AND state = ?
		RETURNING number`, model.WaveSuperseded, programmeID, state)
	if err != nil {
		return nil, fmt.Errorf("store: supersede wave plan versions: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// WaveStep is one entry of a version's log.
type WaveStep struct {
	At      time.Time
	Actor   string
	Kind    string
	Summary string
	Change  []byte // JSON, may be empty
}

// AppendWaveStep adds an entry to a version's log.
func (t *Tx) AppendWaveStep(ctx context.Context, versionID int64, s WaveStep) error {
	_, err := t.exec(ctx, "INSERT INTO waveplan_steps (version_id, at, actor, kind, summary, change) VALUES (?, ?, ?, ?, ?, ?)",
		versionID, ts(t.now), s.Actor, s.Kind, s.Summary, string(s.Change))
	if err != nil {
		return fmt.Errorf("store: append wave plan step: %w", err)
	}
	return nil
}

// WaveSteps returns a version's log, oldest first.
func (t *Tx) WaveSteps(ctx context.Context, versionID int64) ([]WaveStep, error) {
	rows, err := t.query(ctx, "SELECT at, actor, kind, summary, change FROM waveplan_steps WHERE version_id = ? ORDER BY id", versionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WaveStep
	for rows.Next() {
		var s WaveStep
		var ch string
		if err := rows.Scan(timestamp{&s.At}, &s.Actor, &s.Kind, &s.Summary, &ch); err != nil {
			return nil, err
		}
		s.Change = []byte(ch)
		out = append(out, s)
	}
	return out, rows.Err()
}

// WaveComment is a municipality's hearing comment on a version.
type WaveComment struct {
	ID        int64
	Code      string // municipality
	Author    string
	Body      string
	CreatedAt time.Time
}

// InsertWaveComment stores a comment and sets its ID and time.
func (t *Tx) InsertWaveComment(ctx context.Context, versionID int64, c *WaveComment) error {
	err := t.queryRow(ctx, `INSERT INTO waveplan_comments (version_id, organisation_id, author, body, created_at)
		VALUES (?, (SELECT id FROM organisations WHERE kind = ? AND code = ?), ?, ?, ?) RETURNING id`,
		versionID, model.OrgMunicipality, c.Code, c.Author, c.Body, ts(t.now)).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("store: insert hearing comment: %w", err)
	}
	c.CreatedAt = t.now
	return nil
}

// WaveComments returns a version's comments by municipality code and time;
// code "" means every municipality.
func (t *Tx) WaveComments(ctx context.Context, versionID int64, code string) ([]WaveComment, error) {
	rows, err := t.query(ctx, `SELECT c.id, o.code, c.author, c.body, c.created_at FROM waveplan_comments c
		JOIN organisations o ON o.id = c.organisation_id WHERE c.version_id = ? AND (? = '' OR o.code = ?)
		ORDER BY LENGTH(o.code), o.code, c.id`, versionID, code, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WaveComment
	for rows.Next() {
		var c WaveComment
		if err := rows.Scan(&c.ID, &c.Code, &c.Author, &c.Body, timestamp{&c.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// WaveAnnouncement is what one municipality is told when a version is
// announced.
type WaveAnnouncement struct {
	Code         string
	Wave         int
	GoLive       model.Date
	PreviousWave int // in the previously announced version; 0 if none
	CreatedAt    time.Time
}

// InsertWaveAnnouncements records a version's announcement per municipality.
func (t *Tx) InsertWaveAnnouncements(ctx context.Context, versionID int64, as []WaveAnnouncement) error {
	for _, a := range as {
		if _, err := t.exec(ctx, `INSERT INTO waveplan_announcements (version_id, organisation_id, wave, golive, previous_wave, created_at)
			VALUES (?, (SELECT id FROM organisations WHERE kind = ? AND code = ?), ?, ?, ?, ?)`,
			versionID, model.OrgMunicipality, a.Code, a.Wave, a.GoLive, a.PreviousWave, ts(t.now)); err != nil {
			return fmt.Errorf("store: record announcement to %s: %w", a.Code, err)
		}
	}
	return nil
}

// WaveAnnouncements returns a version's announcement rows by municipality code.
func (t *Tx) WaveAnnouncements(ctx context.Context, versionID int64) ([]WaveAnnouncement, error) {
	rows, err := t.query(ctx, `SELECT o.code, a.wave, a.golive, a.previous_wave, a.created_at
		FROM waveplan_announcements a JOIN organisations o ON o.id = a.organisation_id
		WHERE a.version_id = ? ORDER BY LENGTH(o.code), o.code`, versionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WaveAnnouncement
	for rows.Next() {
		var a WaveAnnouncement
		if err := rows.Scan(&a.Code, &a.Wave, &a.GoLive, &a.PreviousWave, timestamp{&a.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/udrul/udrul/internal/training"
)

// Training's tables (migration 0020): courses, their runs, participants
// with attendance and final-test score, and anonymous evaluations.

// InsertCourse adds a course to a programme.
func (t *Tx) InsertCourse(ctx context.Context, programmeID int64, c *training.Course, by string) error {
	err := t.queryRow(ctx, `INSERT INTO courses (programme_id, title, description, created_at, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		programmeID, c.Title, c.Description, ts(t.now), by).Scan(&c.Key)
	if err != nil {
		return fmt.Errorf("store: insert course: %w", err)
	}
	c.CreatedAt, c.CreatedBy = t.now, by
	return nil
}

// Courses lists a programme's courses in the order created.
func (t *Tx) Courses(ctx context.Context, programmeID int64) ([]training.Course, error) {
	rows, err := t.query(ctx, "SELECT id, title, description, created_at, created_by FROM courses WHERE programme_id = ? ORDER BY id", programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: courses: %w", err)
	}
	defer rows.Close()
	out := []training.Course{}
	for rows.Next() {
		var c training.Course
		if err := rows.Scan(&c.Key, &c.Title, &c.Description, timestamp{&c.CreatedAt}, &c.CreatedBy); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const runSelect = `SELECT r.id, r.course_id, c.title, r.type, r.starts_on, r.ends_on, r.place, r.capacity, r.trainer,
	COALESCE(r.municipality_id, 0), COALESCE(o.code, ''), COALESCE(o.name, ''), r.purchased, r.version,
	(SELECT COUNT(*) FROM course_participants p WHERE p.run_id = r.id), r.state, r.cancel_reason
	FROM course_runs r JOIN courses c ON c.id = r.course_id LEFT JOIN organisations o ON o.id = r.municipality_id`

func scanRun(sc interface{ Scan(...any) error }) (training.RunEntry, error) {
	var r training.RunEntry
	err := sc.Scan(&r.Key, &r.CourseKey, &r.CourseTitle, &r.Type, &r.Start, &r.End, &r.Place, &r.Capacity, &r.Trainer,
		&r.MunicipalityID, &r.Municipality, &r.MunicipalityName, &r.Purchased, &r.Version, &r.Participants, &r.State, &r.CancelReason)
	return r, err
}

// Runs lists a programme's course runs by date.
func (t *Tx) Runs(ctx context.Context, programmeID int64) ([]training.RunEntry, error) {
	rows, err := t.query(ctx, runSelect+" WHERE c.programme_id = ? ORDER BY r.starts_on, r.id", programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: course runs: %w", err)
	}
	defer rows.Close()
	out := []training.RunEntry{}
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Run returns a programme's course run, or ErrNotFound.
func (t *Tx) Run(ctx context.Context, programmeID, key int64) (training.RunEntry, error) {
	r, err := scanRun(t.queryRow(ctx, runSelect+" WHERE c.programme_id = ? AND r.id = ?", programmeID, key))
	return r, notFound(err, "course run")
}

// InsertRun adds a run to course r.CourseKey.
func (t *Tx) InsertRun(ctx context.Context, r *training.RunEntry, by string) error {
	var muni any
	if r.MunicipalityID != 0 {
		muni = r.MunicipalityID
	}
	err := t.queryRow(ctx, `INSERT INTO course_runs (course_id, type, starts_on, ends_on, place, capacity, trainer, municipality_id, purchased,
		version, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		r.CourseKey, string(r.Type), r.Start, r.End, r.Place, r.Capacity, r.Trainer, muni, r.Purchased, ts(t.now), by).Scan(&r.Key)
	if err != nil {
		return fmt.Errorf("store: insert course run: %w", err)
	}
	r.Version, r.State = 1, training.Planned
	return nil
}

// UpdateRun writes r's type, dates, place, capacity and trainer if its
// version is still version (else ErrConflict), and advances the version.
func (t *Tx) UpdateRun(ctx context.Context, r *training.RunEntry, version int) error {
	res, err := t.exec(ctx, `UPDATE course_runs SET type = ?, starts_on = ?, ends_on = ?, place = ?, capacity = ?, trainer = ?,
		version = version + 1 WHERE id = ? AND version = ? AND state = ?`,
		string(r.Type), r.Start, r.End, r.Place, r.Capacity, r.Trainer, r.Key, version, training.Planned)
	if err != nil {
		return fmt.Errorf("store: update course run: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("course run %d version %d: %w", r.Key, version, ErrConflict)
	}
	r.Version = version + 1
	return nil
}

// CancelRun marks a run cancelled if its version is still version (else
// ErrConflict); the run and its participants stay.
func (t *Tx) CancelRun(ctx context.Context, runKey int64, version int, reason string) error {
	res, err := t.exec(ctx, `UPDATE course_runs SET state = ?, cancel_reason = ?, version = version + 1
		WHERE id = ? AND version = ? AND state = ?`, training.Cancelled, reason, runKey, version, training.Planned)
	if err != nil {
		return fmt.Errorf("store: cancel course run: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("course run %d version %d: %w", runKey, version, ErrConflict)
	}
	return nil
}

// InsertRunEvent adds an entry to a run's history.
func (t *Tx) InsertRunEvent(ctx context.Context, runKey int64, e training.RunEvent) error {
	_, err := t.exec(ctx, "INSERT INTO course_run_events (run_id, at, actor, kind, comment) VALUES (?, ?, ?, ?, ?)",
		runKey, ts(t.now), e.Actor, e.Kind, e.Comment)
	if err != nil {
		return fmt.Errorf("store: course run event: %w", err)
	}
	return nil
}

// RunEvents is a run's history, oldest first.
func (t *Tx) RunEvents(ctx context.Context, runKey int64) ([]training.RunEvent, error) {
	rows, err := t.query(ctx, "SELECT at, actor, kind, comment FROM course_run_events WHERE run_id = ? ORDER BY id", runKey)
	if err != nil {
		return nil, fmt.Errorf("store: course run events: %w", err)
	}
	defer rows.Close()
	out := []training.RunEvent{}
	for rows.Next() {
		var e training.RunEvent
		if err := rows.Scan(timestamp{&e.At}, &e.Actor, &e.Kind, &e.Comment); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RunRecipient is a participant of a run with their e-mail address ("" if
// the register has none).
type RunRecipient struct {
	PersonKey int64
	Name      string
	Email     string
}

// RunRecipients lists a run's participants with their addresses.
func (t *Tx) RunRecipients(ctx context.Context, runKey int64) ([]RunRecipient, error) {
	rows, err := t.query(ctx, `SELECT pe.id, pe.name, pe.email FROM course_participants cp JOIN people pe ON pe.id = cp.person_id
		WHERE cp.run_id = ? ORDER BY pe.name, pe.id`, runKey)
	if err != nil {
		return nil, fmt.Errorf("store: run recipients: %w", err)
	}
	defer rows.Close()
	var out []RunRecipient
	for rows.Next() {
		var r RunRecipient
		if err := rows.Scan(&r.PersonKey, &r.Name, &r.Email); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Participants lists the participants of a programme's runs, of one run or
// (0) of all, by run and name.
func (t *Tx) Participants(ctx context.Context, programmeID, runKey int64) ([]training.Participant, error) {
	q := `SELECT cp.run_id, cp.person_id, pe.name, pe.municipality_id, o.code, o.name, cp.attended, cp.score, cp.version
		FROM course_participants cp JOIN people pe ON pe.id = cp.person_id JOIN organisations o ON o.id = pe.municipality_id
		WHERE pe.programme_id = ?`
	args := []any{programmeID}
	if runKey != 0 {
		q, args = q+" AND cp.run_id = ?", append(args, runKey)
	}
	rows, err := t.query(ctx, q+" ORDER BY cp.run_id, pe.name, pe.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: participants: %w", err)
	}
	defer rows.Close()
	out := []training.Participant{}
	for rows.Next() {
		var p training.Participant
		var att sql.NullBool
		var score sql.NullFloat64
		if err := rows.Scan(&p.RunKey, &p.PersonKey, &p.Name, &p.MunicipalityID, &p.Municipality, &p.MunicipalityName, &att, &score, &p.Version); err != nil {
			return nil, err
		}
		if att.Valid {
			p.Attended = &att.Bool
		}
		if score.Valid {
			p.Score = &score.Float64
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// InsertParticipant signs person up for run; a person already on the run
// is ErrConflict.
func (t *Tx) InsertParticipant(ctx context.Context, runKey, personKey int64, by string) error {
	_, err := t.exec(ctx, `INSERT INTO course_participants (run_id, person_id, version, registered_at, registered_by) VALUES (?, ?, 1, ?, ?)`,
		runKey, personKey, ts(t.now), by)
	if IsUniqueViolation(err) {
		return fmt.Errorf("participant %d of run %d: %w", personKey, runKey, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: insert participant: %w", err)
	}
	// The run's version advances, so that two sign-ups racing for its last
	// seat cannot both pass the capacity check.
	_, err = t.exec(ctx, "UPDATE course_runs SET version = version + 1 WHERE id = ?", runKey)
	return err
}

// DeleteParticipant takes a person off a run; ErrNotFound if they were not
// on it. The run's version advances, as with a sign-up.
func (t *Tx) DeleteParticipant(ctx context.Context, runKey, personKey int64) error {
	res, err := t.exec(ctx, "DELETE FROM course_participants WHERE run_id = ? AND person_id = ?", runKey, personKey)
	if err != nil {
		return fmt.Errorf("store: delete participant: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("participant %d of run %d: %w", personKey, runKey, ErrNotFound)
	}
	_, err = t.exec(ctx, "UPDATE course_runs SET version = version + 1 WHERE id = ?", runKey)
	return err
}

// UpdateParticipant records attendance and score if the version is still
// version (else ErrConflict).
func (t *Tx) UpdateParticipant(ctx context.Context, runKey, personKey int64, attended *bool, score *float64, version int) error {
	var att, sc any
	if attended != nil {
		att = *attended
	}
	if score != nil {
		sc = *score
	}
	res, err := t.exec(ctx, `UPDATE course_participants SET attended = ?, score = ?, version = version + 1
		WHERE run_id = ? AND person_id = ? AND version = ?`, att, sc, runKey, personKey, version)
	if err != nil {
		return fmt.Errorf("store: update participant: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("participant %d of run %d: %w", personKey, runKey, ErrConflict)
	}
	return nil
}

// InsertEvaluation adds an anonymous evaluation of a run.
func (t *Tx) InsertEvaluation(ctx context.Context, runKey int64, satisfaction, benefit int) error {
	_, err := t.exec(ctx, "INSERT INTO course_evaluations (run_id, satisfaction, benefit, created_at) VALUES (?, ?, ?, ?)",
		runKey, satisfaction, benefit, ts(t.now))
	if err != nil {
		return fmt.Errorf("store: insert evaluation: %w", err)
	}
	return nil
}

// EvaluationSums adds up a programme's evaluations per run.
func (t *Tx) EvaluationSums(ctx context.Context, programmeID int64) (map[int64]training.EvaluationSum, error) {
	rows, err := t.query(ctx, `SELECT e.run_id, COUNT(*), SUM(e.satisfaction), SUM(e.benefit)
		FROM course_evaluations e JOIN course_runs r ON r.id = e.run_id JOIN courses c ON c.id = r.course_id
		WHERE c.programme_id = ? GROUP BY e.run_id`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: evaluation sums: %w", err)
	}
	defer rows.Close()
	out := map[int64]training.EvaluationSum{}
	for rows.Next() {
		var id int64
		var s training.EvaluationSum
		if err := rows.Scan(&id, &s.N, &s.Satisfaction, &s.Benefit); err != nil {
			return nil, err
		}
		out[id] = s
	}
	return out, rows.Err()
}

// TrainingWindows is, per municipality id, the span of its plan's training
// tasks (theme uddannelse) in a programme: the earliest start and the
// latest end of the instances not withdrawn.
func (t *Tx) TrainingWindows(ctx context.Context, programmeID int64) (map[int64]training.Window, error) {
	rows, err := t.query(ctx, `SELECT p.organisation_id, MIN(i.start_date), MAX(i.end_date)
		FROM task_instances i JOIN catalogue_tasks c ON c.id = i.catalogue_task_id JOIN plans p ON p.id = i.plan_id
		WHERE i.programme_id = ? AND c.theme = 'uddannelse' AND NOT i.withdrawn GROUP BY p.organisation_id`, programmeID)
	if err != nil {
		return nil, fmt.Errorf("store: training windows: %w", err)
	}
	defer rows.Close()
	out := map[int64]training.Window{}
	for rows.Next() {
		var id int64
		var w training.Window
		if err := rows.Scan(&id, &w.From, &w.Until); err != nil {
			return nil, err
		}
		out[id] = w
	}
	return out, rows.Err()
}

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
	(SELECT COUNT(*) FROM course_participants p WHERE p.run_id = r.id)
	FROM course_runs r JOIN courses c ON c.id = r.course_id LEFT JOIN organisations o ON o.id = r.municipality_id`

func scanRun(sc interface{ Scan(...any) error }) (training.RunEntry, error) {
	var r training.RunEntry
	err := sc.Scan(&r.Key, &r.CourseKey, &r.CourseTitle, &r.Type, &r.Start, &r.End, &r.Place, &r.Capacity, &r.Trainer,
		&r.MunicipalityID, &r.Municipality, &r.MunicipalityName, &r.Purchased, &r.Version, &r.Participants)
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
	r.Version = 1
	return nil
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

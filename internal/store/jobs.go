package store

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/model"
)

const jobColumns = `id, kind, programme_key, created_by, created_name, created_at, run_at, state, input, result, error,
	done, total, attempts, claimed_by, claimed_until, started_at, finished_at`

func scanJob(sc interface{ Scan(...any) error }) (model.Job, error) {
	var j model.Job
	err := sc.Scan(&j.ID, &j.Kind, &j.ProgrammeKey, &j.CreatedBy, &j.CreatedName, timestamp{&j.CreatedAt}, timestamp{&j.RunAt},
		&j.State, &j.Input, &j.Result, &j.Error, &j.Done, &j.Total, &j.Attempts, &j.ClaimedBy, timestamp{&j.ClaimedUntil},
		timestamp{&j.StartedAt}, timestamp{&j.FinishedAt})
	return j, err
}

// InsertJob writes a waiting job, due at j.RunAt (now when zero), and sets
// j.ID, CreatedAt, RunAt and State.
func (t *Tx) InsertJob(ctx context.Context, j *model.Job) error {
	j.CreatedAt, j.State = t.now, model.JobWaiting
	if j.RunAt.IsZero() {
		j.RunAt = t.now
	}
	err := t.queryRow(ctx, `INSERT INTO jobs (kind, programme_key, created_by, created_name, created_at, run_at, state, input)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		j.Kind, j.ProgrammeKey, j.CreatedBy, j.CreatedName, ts(j.CreatedAt), ts(j.RunAt), model.JobWaiting, j.Input).Scan(&j.ID)
	if err != nil {
		return fmt.Errorf("store: insert job: %w", err)
	}
	return nil
}

// JobByID returns one job, or ErrNotFound.
func (t *Tx) JobByID(ctx context.Context, id int64) (model.Job, error) {
	j, err := scanJob(t.queryRow(ctx, "SELECT "+jobColumns+" FROM jobs WHERE id = ?", id))
	return j, notFound(err, fmt.Sprintf("job %d", id))
}

// JobsOfProgramme lists a programme's jobs of one kind in the given state,
// soonest run_at first.
func (t *Tx) JobsOfProgramme(ctx context.Context, key string, kind model.JobKind, state model.JobState) ([]model.Job, error) {
	rows, err := t.query(ctx, "SELECT "+jobColumns+" FROM jobs WHERE programme_key = ? AND kind = ? AND state = ? ORDER BY run_at, id",
		key, kind, state)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Job{}
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// ClaimJob takes the job that is due first – waiting with run_at reached,
// or running under a lease that ran out (its worker stopped) – for owner
// until leaseUntil, counting an attempt. ok is false when nothing is due.
// Two workers never claim the same job: on PostgreSQL the candidate row is
// locked with FOR UPDATE SKIP LOCKED (a job whose finishing transaction is
// still open is locked, so it is skipped too); on SQLite the single UPDATE
// runs under the database's write lock.
func (t *Tx) ClaimJob(ctx context.Context, owner string, leaseUntil time.Time) (j model.Job, ok bool, err error) {
	lock := ""
	if t.postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	now := ts(t.now)
	rows, err := t.query(ctx, `UPDATE jobs SET state = ?, claimed_by = ?, claimed_until = ?, attempts = attempts + 1,
			started_at = COALESCE(started_at, ?)
		WHERE id IN (SELECT id FROM jobs
			WHERE (state = ? AND run_at <= ?) OR (state = ? AND claimed_until <= ?)
			ORDER BY run_at, id LIMIT 1`+lock+`)
		RETURNING `+jobColumns,
		model.JobRunning, owner, ts(leaseUntil), now, model.JobWaiting, now, model.JobRunning, now)
	if err != nil {
		return j, false, fmt.Errorf("store: claim job: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		if j, err = scanJob(rows); err != nil {
			return j, false, err
		}
		ok = true
	}
	return j, ok, rows.Err()
}

// RenewJob extends owner's lease on a running job and records its
// progress. It reports false if owner no longer holds the claim.
func (t *Tx) RenewJob(ctx context.Context, id int64, owner string, leaseUntil time.Time, done, total int) (bool, error) {
	res, err := t.exec(ctx, `UPDATE jobs SET claimed_until = ?, done = ?, total = ? WHERE id = ? AND state = ? AND claimed_by = ?`,
		ts(leaseUntil), done, total, id, model.JobRunning, owner)
	if err != nil {
		return false, fmt.Errorf("store: renew job %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishJob records the outcome of a running job held by owner: faerdig
// with its result, or, when failure is not empty, fejlet with that message.
// Called in the transaction that did the work, it makes the work and its
// record one: it reports false (and writes nothing) if owner lost the claim,
// and the caller then rolls back.
func (t *Tx) FinishJob(ctx context.Context, id int64, owner, result, failure string) (bool, error) {
	state := model.JobDone
	if failure != "" {
		state = model.JobFailed
	}
	res, err := t.exec(ctx, `UPDATE jobs SET state = ?, result = ?, error = ?, done = total, finished_at = ?,
			claimed_by = '', claimed_until = NULL
		WHERE id = ? AND state = ? AND claimed_by = ?`, state, result, failure, ts(t.now), id, model.JobRunning, owner)
	if err != nil {
		return false, fmt.Errorf("store: finish job %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseJob hands a claimed job back unrun (its worker is stopping): due
// at once, the claim's attempt not counted.
func (t *Tx) ReleaseJob(ctx context.Context, id int64, owner string) error {
	_, err := t.exec(ctx, `UPDATE jobs SET state = ?, attempts = attempts - 1, claimed_by = '', claimed_until = NULL
		WHERE id = ? AND state = ? AND claimed_by = ?`, model.JobWaiting, id, model.JobRunning, owner)
	return err
}

// CancelJob calls off a waiting job. It reports false if the job is no
// longer waiting (a worker has taken it, or it is finished).
func (t *Tx) CancelJob(ctx context.Context, id int64) (bool, error) {
	res, err := t.exec(ctx, `UPDATE jobs SET state = ?, finished_at = ? WHERE id = ? AND state = ?`, model.JobCancelled, ts(t.now), id, model.JobWaiting)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

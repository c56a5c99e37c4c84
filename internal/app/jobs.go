package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// Jobs: long operations (publishing a catalogue, enrolling municipalities,
// making a wave plan final) are written to the jobs table by the request
// that asks for them, which answers at once with the job. A JobWorker in
// some server claims the job with a lease, as the mail sender claims mail,
// and runs the operation in its one transaction; that transaction also
// marks the job finished, on condition that the worker still holds the
// claim. So a job is done exactly once: if its worker dies, the lease runs
// out and another worker takes it; if a worker that lost its claim gets to
// the end, its transaction is rolled back. docs/jobs.md has the details.

// Job is a job as callers see it: the stored row and what came of it.
type Job struct {
	model.Job
	// Result is the operation's answer (PublishResult, []EnrolResult,
	// WaveFinalResult as JSON) when the job is finished, else null.
	Result json.RawMessage `json:"result"`
	// Problems are a refused catalogue file's problems.
	Problems []catalogue.Problem `json:"problems,omitempty"`
}

// Finished reports whether the job has ended (done, failed or cancelled).
func (j Job) Finished() bool {
	return j.State == model.JobDone || j.State == model.JobFailed || j.State == model.JobCancelled
}

// Percent is the job's progress, 0–100.
func (j Job) Percent() int {
	if j.State == model.JobDone {
		return 100
	}
	if j.Total <= 0 {
		return 0
	}
	return min(100, j.Done*100/j.Total)
}

// jobFailure is what a refused job records besides its message: the
// error's code and field, and a refused file's problems.
type jobFailure struct {
	Code     Code                `json:"code"`
	Field    string              `json:"field,omitempty"`
	Problems []catalogue.Problem `json:"problems,omitempty"`
}

// JobError is the error a failed job ended with (nil for any other job),
// with the code, field and problems of the operation's refusal.
func JobError(j Job) error {
	if j.State != model.JobFailed {
		return nil
	}
	var f jobFailure
	json.Unmarshal([]byte(j.Job.Result), &f)
	if f.Code == "" {
		f.Code = CodeInternal
	}
	return &Error{Code: f.Code, Field: f.Field, Problems: f.Problems, Message: j.Error}
}

func jobOf(j model.Job) Job {
	out := Job{Job: j}
	switch {
	case j.State == model.JobDone && j.Result != "":
		out.Result = json.RawMessage(j.Result)
	case j.State == model.JobFailed && j.Result != "":
		var f jobFailure
		if json.Unmarshal([]byte(j.Result), &f) == nil {
			out.Problems = f.Problems
		}
		out.Result = nil
	}
	return out
}

// enqueue writes a job in its own transaction and wakes this server's
// worker.
func (a *App) enqueue(ctx context.Context, by *Identity, kind model.JobKind, programmeKey string, input any, runAt time.Time) (Job, error) {
	in, err := json.Marshal(input)
	if err != nil {
		return Job{}, err
	}
	j := model.Job{Kind: kind, ProgrammeKey: programmeKey, CreatedName: actorOf(by), RunAt: runAt, Input: string(in)}
	if by != nil && !by.system {
		j.CreatedBy = by.User.ID
	}
	err = a.write(ctx, func(tx *store.Tx) error { return tx.InsertJob(ctx, &j) })
	if err != nil {
		return Job{}, err
	}
	a.jobs.wake()
	a.log.Info("job queued", "job", j.ID, "kind", kind, "programme", programmeKey, "actor", j.CreatedName, "run_at", j.RunAt)
	return jobOf(j), nil
}

// Job returns one job for by: its creator or a role that may do its
// operation (access.ViewJob). While this server runs it, the progress is
// the live one.
func (a *App) Job(ctx context.Context, by *Identity, id int64) (Job, error) {
	var j model.Job
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		j, err = tx.JobByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("kørsel %d findes ikke", id)
		}
		return err
	})
	if err != nil {
		return Job{}, err
	}
	if !unrestricted(by) && !access.ViewJob(by.Subject, j.CreatedBy, access.JobKind(j.Kind)) {
		return Job{}, forbidden("%s", access.RefuseJob)
	}
	if j.State == model.JobRunning {
		if done, total, ok := a.jobs.progress(j.ID); ok {
			j.Done, j.Total = done, total
		}
	}
	return jobOf(j), nil
}

// JobAccess returns what the access rule of a job's routes needs: its
// creator and kind; ok is false if there is no such job.
func (a *App) JobAccess(ctx context.Context, id int64) (creator int64, kind access.JobKind, ok bool, err error) {
	err = a.read(ctx, func(tx *store.Tx) error {
		j, err := tx.JobByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		creator, kind, ok = j.CreatedBy, access.JobKind(j.Kind), err == nil
		return err
	})
	return creator, kind, ok, err
}

// CancelJob calls off a waiting job (a scheduled publication) for by, who
// must be allowed to do its operation.
func (a *App) CancelJob(ctx context.Context, by *Identity, id int64) (Job, error) {
	j, err := a.Job(ctx, by, id)
	if err != nil {
		return j, err
	}
	if !unrestricted(by) && !access.RunJob(by.Subject, access.JobKind(j.Kind)) {
		return j, forbidden("%s", access.RefuseJob)
	}
	err = a.write(ctx, func(tx *store.Tx) error {
		ok, err := tx.CancelJob(ctx, id)
		if err == nil && !ok {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf("kørslen er %s og kan ikke annulleres", j.State.Label())}
		}
		return err
	})
	if err != nil {
		return j, err
	}
	a.log.Info("job cancelled", "job", id, "actor", actorOf(by))
	return a.Job(ctx, by, id)
}

// WaitJob waits until job id has finished or wait has passed, and returns
// it as it is then. The request that queued a job uses it to answer at
// once when the job is quick.
func (a *App) WaitJob(ctx context.Context, by *Identity, id int64, wait time.Duration) (Job, error) {
	deadline := time.Now().Add(wait)
	pause := 10 * time.Millisecond
	for {
		j, err := a.Job(ctx, by, id)
		if err != nil || j.Finished() || time.Now().After(deadline) {
			return j, err
		}
		select {
		case <-ctx.Done():
			return j, ctx.Err()
		case <-time.After(min(pause, time.Until(deadline))):
		}
		pause = min(2*pause, 250*time.Millisecond)
	}
}

// jobRun is the claim a worker holds on the job it runs; it travels in the
// operation's context, so that the operation's transaction can finish the
// job (finishJob) and report progress.
type jobRun struct {
	id    int64
	owner string
	reg   *jobRegistry
}

type jobRunKey struct{}

func runOf(ctx context.Context) *jobRun {
	r, _ := ctx.Value(jobRunKey{}).(*jobRun)
	return r
}

// errJobLost rolls back the work of a worker that no longer holds its
// job's claim: another worker has it, and will do the work once.
var errJobLost = errors.New("job: the claim was lost; rolled back")

// finishJob marks the job of ctx, if any, finished with result, in tx –
// the transaction that did the work – or fails with errJobLost if the
// worker lost its claim, which rolls the work back.
func finishJob(ctx context.Context, tx *store.Tx, result any) error {
	run := runOf(ctx)
	if run == nil {
		return nil
	}
	b, err := json.Marshal(result)
	if err != nil {
		return err
	}
	ok, err := tx.FinishJob(ctx, run.id, run.owner, string(b), "")
	if err != nil {
		return err
	}
	if !ok {
		return errJobLost
	}
	return nil
}

// reportProgress records how far the job of ctx, if any, has come.
func reportProgress(ctx context.Context, done, total int) {
	if run := runOf(ctx); run != nil {
		run.reg.set(run.id, done, total)
	}
}

// jobRegistry is this process's view of the jobs it runs: their live
// progress, and a signal that wakes the worker when a job is queued.
type jobRegistry struct {
	mu      sync.Mutex
	running map[int64][2]int
	kick    chan struct{}
}

func newJobRegistry() *jobRegistry {
	return &jobRegistry{running: map[int64][2]int{}, kick: make(chan struct{}, 1)}
}

func (r *jobRegistry) wake() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

func (r *jobRegistry) set(id int64, done, total int) {
	r.mu.Lock()
	r.running[id] = [2]int{done, total}
	r.mu.Unlock()
}

func (r *jobRegistry) progress(id int64) (done, total int, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.running[id]
	return p[0], p[1], ok
}

func (r *jobRegistry) forget(id int64) {
	r.mu.Lock()
	delete(r.running, id)
	r.mu.Unlock()
}

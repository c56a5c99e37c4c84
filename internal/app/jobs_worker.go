package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// Defaults of a JobWorker.
const (
	DefaultJobLease = 2 * time.Minute
	DefaultJobPoll  = 2 * time.Second
)

// JobWorker runs jobs. Any number of workers (in one or several servers)
// may run against the same database: each job is claimed by one at a time,
// under a lease the worker renews while the job runs.
type JobWorker struct {
	app *App
	// Owner names this worker in claims; default host name, process id and
	// a random suffix.
	Owner string
	// Lease is how long a claim holds without renewal; the worker renews
	// it (and writes the progress) every Lease/4 while a job runs.
	Lease time.Duration
	Poll  time.Duration // pause when nothing is due
}

// JobWorker returns a worker for this App's jobs.
func (a *App) JobWorker() *JobWorker {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return &JobWorker{app: a, Owner: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b)),
		Lease: DefaultJobLease, Poll: DefaultJobPoll}
}

// Run runs due jobs until ctx ends, waking when this server queues one and
// every Poll otherwise (for jobs queued by other servers and scheduled
// ones).
func (w *JobWorker) Run(ctx context.Context) {
	for ctx.Err() == nil {
		ran, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.app.log.Error("job worker", "err", err)
		}
		if ran {
			continue
		}
		select {
		case <-ctx.Done():
		case <-w.app.jobs.kick:
		case <-time.After(w.Poll):
		}
	}
}

// RunOnce claims the job that is due first and runs it. ran is false when
// no job was due. A refused operation (an invalid file, a stale preview, a
// conflict) ends the job as fejlet with the operation's Danish message; a
// job this worker lost the claim of is left to the worker that has it.
func (w *JobWorker) RunOnce(ctx context.Context) (ran bool, err error) {
	a := w.app
	var j model.Job
	var ok bool
	err = a.write(ctx, func(tx *store.Tx) (err error) {
		j, ok, err = tx.ClaimJob(ctx, w.Owner, tx.Now().Add(w.Lease))
		return err
	})
	if err != nil || !ok {
		return false, err
	}
	a.log.Info("job started", "job", j.ID, "kind", j.Kind, "programme", j.ProgrammeKey, "attempt", j.Attempts, "owner", w.Owner)
	started := time.Now()
	err = w.run(ctx, j)
	switch {
	case err == nil:
		a.log.Info("job done", "job", j.ID, "kind", j.Kind, "duration", time.Since(started).Round(time.Millisecond))
		return true, nil
	case errors.Is(err, errJobLost):
		a.log.Warn("job claim lost; its new worker does it", "job", j.ID, "owner", w.Owner)
		return true, nil
	case ctx.Err() != nil:
		// Stopping: hand the job back for another worker (or this one after a restart).
		return true, a.write(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.ReleaseJob(ctx, j.ID, w.Owner) })
	}
	msg, failure := ErrorMessage(err), jobFailure{Code: ErrorCode(err)}
	var ae *Error
	if errors.As(err, &ae) {
		failure.Field, failure.Problems = ae.Field, ae.Problems
		a.log.Info("job refused", "job", j.ID, "kind", j.Kind, "reason", msg)
	} else {
		a.log.Error("job failed", "job", j.ID, "kind", j.Kind, "err", err)
		msg = "der opstod en fejl i serveren, og intet er gemt; prøv igen, og kontakt en administrator, hvis det sker igen"
	}
	f, _ := json.Marshal(failure)
	err = a.write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		_, err := tx.FinishJob(ctx, j.ID, w.Owner, string(f), msg)
		return err
	})
	return true, err
}

// run does job j under w's claim, renewing the lease meanwhile.
func (w *JobWorker) run(ctx context.Context, j model.Job) (err error) {
	a := w.app
	run := &jobRun{id: j.ID, owner: w.Owner, reg: a.jobs}
	a.jobs.set(j.ID, 0, 0)
	defer a.jobs.forget(j.ID)
	hbCtx, stop := context.WithCancel(ctx)
	heartbeat := make(chan struct{})
	go func() {
		defer close(heartbeat)
		w.heartbeat(hbCtx, j.ID)
	}()
	defer func() {
		stop()
		<-heartbeat
		if p := recover(); p != nil {
			err = fmt.Errorf("job %d panicked: %v", j.ID, p)
		}
	}()
	return a.runJob(context.WithValue(ctx, jobRunKey{}, run), j)
}

// heartbeat renews the claim on job id and writes its progress every
// Lease/4 until ctx ends. On SQLite a renewal waits while the job's own
// transaction holds the write lock; nobody else can claim the job then
// either, so nothing is lost.
func (w *JobWorker) heartbeat(ctx context.Context, id int64) {
	every := max(w.Lease/4, 100*time.Millisecond)
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
		done, total, _ := w.app.jobs.progress(id)
		err := w.app.write(ctx, func(tx *store.Tx) error {
			_, err := tx.RenewJob(ctx, id, w.Owner, tx.Now().Add(w.Lease), done, total)
			return err
		})
		if err != nil && ctx.Err() == nil {
			w.app.log.Debug("job lease not renewed", "job", id, "err", err)
		}
	}
}

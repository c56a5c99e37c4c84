package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// PublishRequest is a publication to run as a job.
type PublishRequest struct {
	SourceName string
	Source     []byte
	// ExpectKey is the programme the file must be for ("" for any).
	ExpectKey string
	// BasedOn is the catalogue version the publication was previewed or
	// edited from (0: the programme did not exist); with Check, a
	// publication of another version in between refuses it – when it is
	// asked for and again when it runs.
	BasedOn int
	Check   bool
	// RunAt schedules the publication (zero: now).
	RunAt time.Time
}

// publishInput is a publication job's stored input.
type publishInput struct {
	SourceName string `json:"source_name"`
	Source     string `json:"source"`
	ExpectKey  string `json:"expect_key"`
	BasedOn    int    `json:"based_on"`
	Check      bool   `json:"check"`
}

// StartPublish checks a publication – the file, the caller's right, a
// stale preview – and queues it as a job. Whatever can be refused at once
// is refused here (an invalid file, a stale preview, a date in the past),
// so a job only fails on what changes while it waits.
func (a *App) StartPublish(ctx context.Context, by *Identity, req PublishRequest) (Job, error) {
	if err := allow(by, access.Publish, access.RefusePublish); err != nil {
		return Job{}, err
	}
	cat, err := a.parseCatalogue(req.SourceName, req.Source, req.ExpectKey)
	if err != nil {
		return Job{}, err
	}
	if !req.RunAt.IsZero() && !req.RunAt.After(a.now()) {
		return Job{}, invalidField("run_at", "tidspunktet for udgivelsen er allerede passeret; vælg et senere")
	}
	if req.Check {
		if err := a.checkBasedOn(ctx, cat.Programme.Key, req.BasedOn); err != nil {
			return Job{}, err
		}
	}
	in := publishInput{SourceName: req.SourceName, Source: string(req.Source), ExpectKey: req.ExpectKey, BasedOn: req.BasedOn, Check: req.Check}
	return a.enqueue(ctx, by, model.JobPublish, cat.Programme.Key, in, req.RunAt)
}

// checkBasedOn refuses a publication previewed from a version that is no
// longer the current one.
func (a *App) checkBasedOn(ctx context.Context, key string, basedOn int) error {
	return a.read(ctx, func(tx *store.Tx) error {
		prog, err := tx.ProgrammeByKey(ctx, key)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if prog.CurrentVersion != basedOn {
			return StaleError(prog.CurrentVersion, basedOn)
		}
		return nil
	})
}

// StartRepublish queues the publication of an earlier catalogue version's
// file as the next version: the same publication as any other, so the
// municipalities' local work (moved dates, statuses, own tasks) is kept and
// a changed standard becomes a conflict for them to resolve. basedOn is the
// current version the caller saw.
func (a *App) StartRepublish(ctx context.Context, by *Identity, programmeKey string, version, basedOn int, runAt time.Time) (Job, error) {
	f, err := a.CatalogueVersionFile(ctx, programmeKey, version)
	if err != nil {
		return Job{}, err
	}
	return a.StartPublish(ctx, by, PublishRequest{SourceName: f.SourceName, Source: []byte(f.Source), ExpectKey: programmeKey,
		BasedOn: basedOn, Check: true, RunAt: runAt})
}

// CatalogueVersionFile is the file of one published catalogue version.
type CatalogueVersionFile struct {
	Version    int
	SourceName string
	Source     string
}

// CatalogueVersionFile returns the file version n of a programme's
// catalogue was published from.
func (a *App) CatalogueVersionFile(ctx context.Context, programmeKey string, n int) (CatalogueVersionFile, error) {
	var f CatalogueVersionFile
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		name, src, err := tx.VersionSource(ctx, prog.ID, n)
		if errors.Is(err, store.ErrNotFound) {
			return &Error{Code: CodeNotFound, Field: "version", Message: fmt.Sprintf("kataloget har ingen version %d", n)}
		}
		f = CatalogueVersionFile{Version: n, SourceName: name, Source: src}
		return err
	})
	return f, err
}

// ScheduledPublications lists a programme's publications waiting for
// their time.
func (a *App) ScheduledPublications(ctx context.Context, programmeKey string) ([]Job, error) {
	var js []model.Job
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		js, err = tx.JobsOfProgramme(ctx, programmeKey, model.JobPublish, model.JobWaiting)
		return err
	})
	out := make([]Job, 0, len(js))
	now := a.now()
	for _, j := range js {
		if j.RunAt.After(now) {
			out = append(out, jobOf(j))
		}
	}
	return out, err
}

// enrolInput is an enrolment job's stored input.
type enrolInput struct {
	Enrolments []Enrolment `json:"enrolments"`
}

// StartEnrol queues an enrolment (app.Enrol) as a job.
func (a *App) StartEnrol(ctx context.Context, by *Identity, programmeKey string, es []Enrolment) (Job, error) {
	if err := allow(by, access.Enrol, access.RefuseEnrol); err != nil {
		return Job{}, err
	}
	if len(es) == 0 {
		return Job{}, invalid("send en liste med mindst én tilmelding")
	}
	if err := a.read(ctx, func(tx *store.Tx) error { _, err := a.programme(ctx, tx, programmeKey); return err }); err != nil {
		return Job{}, err
	}
	return a.enqueue(ctx, by, model.JobEnrol, programmeKey, enrolInput{Enrolments: es}, time.Time{})
}

// waveFinalInput is a wave-plan job's stored input.
type waveFinalInput struct {
	Version     int  `json:"version"`
	Revision    int  `json:"revision"`
	ConfirmLive bool `json:"confirm_live,omitempty"`
}

// StartWaveFinal queues making wave-plan version n final
// (FinaliseWaveVersion) as a job.
func (a *App) StartWaveFinal(ctx context.Context, by *Identity, programmeKey string, n int, req WaveTransition) (Job, error) {
	if err := allow(by, access.Enrol, access.RefuseEnrol); err != nil {
		return Job{}, err
	}
	if err := a.read(ctx, func(tx *store.Tx) error { _, err := a.loadVersion(ctx, tx, programmeKey, n); return err }); err != nil {
		return Job{}, err
	}
	return a.enqueue(ctx, by, model.JobWaveFinal, programmeKey, waveFinalInput{Version: n, Revision: req.Revision, ConfirmLive: req.ConfirmLive}, time.Time{})
}

// runJob does a claimed job's operation as its creator, whose right is
// checked again (it may have changed while a scheduled job waited). The
// operation finishes the job in its own transaction (finishJob).
func (a *App) runJob(ctx context.Context, j model.Job) error {
	by := System(j.CreatedName)
	if j.CreatedBy != 0 {
		err := a.read(ctx, func(tx *store.Tx) error {
			u, err := tx.UserByID(ctx, j.CreatedBy)
			if err != nil {
				return err
			}
			by = identityOf(u, "job")
			return nil
		})
		if errors.Is(err, store.ErrNotFound) {
			return forbidden("brugeren, der startede kørslen, findes ikke længere")
		} else if err != nil {
			return err
		}
		if !by.User.Active || !access.RunJob(by.Subject, access.JobKind(j.Kind)) {
			return forbidden("%s har ikke længere ret til at udføre kørslen", j.CreatedName)
		}
	}
	switch j.Kind {
	case model.JobPublish:
		var in publishInput
		if err := json.Unmarshal([]byte(j.Input), &in); err != nil {
			return err
		}
		_, err := a.publish(ctx, by, in.SourceName, []byte(in.Source), in.ExpectKey, publishOpts{basedOn: in.BasedOn, check: in.Check})
		return err
	case model.JobEnrol:
		var in enrolInput
		if err := json.Unmarshal([]byte(j.Input), &in); err != nil {
			return err
		}
		_, err := a.Enrol(ctx, by, j.ProgrammeKey, in.Enrolments)
		return err
	case model.JobWaveFinal:
		var in waveFinalInput
		if err := json.Unmarshal([]byte(j.Input), &in); err != nil {
			return err
		}
		_, err := a.FinaliseWaveVersion(ctx, by, j.ProgrammeKey, in.Version, WaveTransition{Revision: in.Revision, ConfirmLive: in.ConfirmLive})
		return err
	case model.JobHandbooks:
		return a.makeHandbooks(ctx, j)
	}
	return fmt.Errorf("job %d: unknown kind %q", j.ID, j.Kind)
}

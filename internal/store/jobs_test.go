package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// The job lease: a second worker does not take a job another holds; it
// takes it when the lease has run out, and then the first worker can no
// longer finish it; a scheduled job waits for its time; only a waiting job
// can be cancelled.
func TestJobLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		ctx := context.Background()
		t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
		at := func(d time.Duration, fn func(tx *store.Tx) error) {
			t.Helper()
			if err := db.InTx(ctx, t0.Add(d), fn); err != nil {
				t.Fatal(err)
			}
		}
		claim := func(d time.Duration, owner string) (model.Job, bool) {
			t.Helper()
			var j model.Job
			var ok bool
			at(d, func(tx *store.Tx) (err error) {
				j, ok, err = tx.ClaimJob(ctx, owner, tx.Now().Add(time.Minute))
				return err
			})
			return j, ok
		}
		now := model.Job{Kind: model.JobPublish, ProgrammeKey: "p", CreatedBy: 7, CreatedName: "Kim (KOMBIT)", Input: `{"a":1}`}
		later := model.Job{Kind: model.JobPublish, ProgrammeKey: "p", CreatedName: "system", Input: `{}`, RunAt: t0.Add(24 * time.Hour)}
		at(0, func(tx *store.Tx) error {
			if err := tx.InsertJob(ctx, &now); err != nil {
				return err
			}
			return tx.InsertJob(ctx, &later)
		})
		if now.State != model.JobWaiting || !now.RunAt.Equal(t0) {
			t.Fatalf("inserted %+v", now)
		}

		a, ok := claim(time.Second, "A")
		if !ok || a.ID != now.ID || a.State != model.JobRunning || a.ClaimedBy != "A" || a.Attempts != 1 || a.Input != `{"a":1}` {
			t.Fatalf("A claimed %+v, %v", a, ok)
		}
		if b, ok := claim(2*time.Second, "B"); ok {
			t.Fatalf("B took job %d although A holds job %d and the other is not due", b.ID, a.ID)
		}
		// A renews its lease and reports progress; B still finds nothing.
		at(50*time.Second, func(tx *store.Tx) error {
			ok, err := tx.RenewJob(ctx, a.ID, "A", tx.Now().Add(time.Minute), 3, 98)
			if !ok {
				t.Error("A could not renew its own claim")
			}
			return err
		})
		if _, ok := claim(100*time.Second, "B"); ok {
			t.Fatal("B took a job whose lease A renewed")
		}
		// A stops renewing (its server died): after the lease B takes the job.
		b, ok := claim(111*time.Second, "B")
		if !ok || b.ID != a.ID || b.ClaimedBy != "B" || b.Attempts != 2 || b.Done != 3 || b.Total != 98 || !b.StartedAt.Equal(a.StartedAt) {
			t.Fatalf("after the lease B claimed %+v, %v", b, ok)
		}
		at(112*time.Second, func(tx *store.Tx) error {
			if ok, err := tx.FinishJob(ctx, a.ID, "A", `{}`, ""); ok || err != nil {
				t.Errorf("A finished a job B holds: %v %v", ok, err)
			}
			if ok, err := tx.RenewJob(ctx, a.ID, "A", tx.Now().Add(time.Minute), 4, 98); ok || err != nil {
				t.Errorf("A renewed a job B holds: %v %v", ok, err)
			}
			ok, err := tx.FinishJob(ctx, a.ID, "B", `{"version":2}`, "")
			if !ok {
				t.Error("B could not finish its job")
			}
			return err
		})
		var done model.Job
		at(113*time.Second, func(tx *store.Tx) (err error) { done, err = tx.JobByID(ctx, a.ID); return err })
		if done.State != model.JobDone || done.Result != `{"version":2}` || done.Done != 98 || done.ClaimedBy != "" || done.FinishedAt.IsZero() {
			t.Errorf("finished job %+v", done)
		}
		if _, ok := claim(time.Hour, "C"); ok {
			t.Error("a finished job or one not yet due was claimed")
		}
		// The scheduled job is due at its time; a refusal is recorded as fejlet.
		c, ok := claim(24*time.Hour, "C")
		if !ok || c.ID != later.ID {
			t.Fatalf("at its time C claimed %+v, %v", c, ok)
		}
		at(24*time.Hour+time.Second, func(tx *store.Tx) error {
			if ok, err := tx.CancelJob(ctx, c.ID); ok || err != nil {
				t.Errorf("cancelled a running job: %v %v", ok, err)
			}
			ok, err := tx.FinishJob(ctx, c.ID, "C", `{}`, "kataloget er udgivet i version 3")
			if !ok {
				t.Error("C could not record its refusal")
			}
			return err
		})
		at(24*time.Hour+2*time.Second, func(tx *store.Tx) error {
			j, err := tx.JobByID(ctx, c.ID)
			if j.State != model.JobFailed || j.Error != "kataloget er udgivet i version 3" {
				t.Errorf("refused job %+v", j)
			}
			return err
		})
		// Released jobs are due again at once, their attempt not counted;
		// a waiting job can be cancelled and is then never claimed.
		rel := model.Job{Kind: model.JobEnrol, ProgrammeKey: "p", CreatedName: "x", Input: `{}`}
		at(48*time.Hour, func(tx *store.Tx) error { return tx.InsertJob(ctx, &rel) })
		d, _ := claim(48*time.Hour+time.Second, "D")
		at(48*time.Hour+2*time.Second, func(tx *store.Tx) error { return tx.ReleaseJob(ctx, d.ID, "D") })
		e, ok := claim(48*time.Hour+3*time.Second, "E")
		if !ok || e.ID != rel.ID || e.Attempts != 1 {
			t.Fatalf("after a release E claimed %+v, %v", e, ok)
		}
		can := model.Job{Kind: model.JobPublish, ProgrammeKey: "p", CreatedName: "x", Input: `{}`, RunAt: t0.Add(72 * time.Hour)}
		at(48*time.Hour, func(tx *store.Tx) error { return tx.InsertJob(ctx, &can) })
		at(49*time.Hour, func(tx *store.Tx) error {
			if ok, err := tx.CancelJob(ctx, can.ID); !ok || err != nil {
				t.Errorf("could not cancel a waiting job: %v %v", ok, err)
			}
			js, err := tx.JobsOfProgramme(ctx, "p", model.JobPublish, model.JobWaiting)
			if len(js) != 0 {
				t.Errorf("waiting publications after the cancel: %+v", js)
			}
			return err
		})
		if j, ok := claim(80*time.Hour, "F"); ok && j.ID == can.ID {
			t.Error("a cancelled job was claimed")
		}
		if _, err := func() (model.Job, error) {
			var j model.Job
			err := db.ReadTx(ctx, func(tx *store.Tx) (err error) { j, err = tx.JobByID(ctx, 99999); return err })
			return j, err
		}(); err == nil {
			t.Error("an unknown job was found")
		}
	})
}

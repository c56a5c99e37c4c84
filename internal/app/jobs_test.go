package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

func readTestFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runJobs lets w run every due job and reports how many it ran.
func runJobs(t *testing.T, w *app.JobWorker) int {
	t.Helper()
	n := 0
	for {
		ran, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return n
		}
		n++
	}
}

func catalogueVersion(t *testing.T, a *app.App) int {
	t.Helper()
	c, err := a.Catalogue(context.Background(), "mini")
	if err != nil {
		t.Fatal(err)
	}
	return c.Version
}

// A publication as a job: queued at once, run by a worker, its result and
// progress kept; seen by its creator and by the roles that may publish,
// refused to others.
func TestJobPublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, _ := newAuthApp(t, url)
		coord := signIn(t, a, "k@kombit.dk", "Kim", access.Coordinator, "kombit")
		other := signIn(t, a, "k2@kombit.dk", "Karen", access.Coordinator, "kombit")
		obs := signIn(t, a, "o@kombit.dk", "Ole", access.Observer, "kombit")
		pl := signIn(t, a, "pl@kk.dk", "Pia", access.ProjectLead, "101")
		if _, err := a.StartPublish(ctx, pl, app.PublishRequest{SourceName: "mini.yaml", Source: readTestFile(t, "mini-v1.yaml")}); app.ErrorCode(err) != app.CodeForbidden {
			t.Fatalf("project lead started a publication: %v", err)
		}
		bad := []byte(strings.Replace(string(readTestFile(t, "mini-v1.yaml")), "type:", "tpye:", 1))
		if _, err := a.StartPublish(ctx, coord, app.PublishRequest{SourceName: "mini.yaml", Source: bad}); app.ErrorCode(err) != app.CodeInvalid {
			t.Fatalf("an invalid file was queued: %v", err)
		}
		j, err := a.StartPublish(ctx, coord, app.PublishRequest{SourceName: "mini.yaml", Source: readTestFile(t, "mini-v1.yaml"), ExpectKey: "mini", Check: true})
		if err != nil {
			t.Fatal(err)
		}
		if j.State != model.JobWaiting || j.Kind != model.JobPublish || j.ProgrammeKey != "mini" || j.Result != nil {
			t.Fatalf("queued %+v", j)
		}
		if _, err := a.Catalogue(ctx, "mini"); app.ErrorCode(err) != app.CodeNotFound {
			t.Fatalf("the programme exists before the job ran: %v", err)
		}
		w := a.JobWorker()
		if n := runJobs(t, w); n != 1 {
			t.Fatalf("worker ran %d jobs", n)
		}
		for _, by := range []*app.Identity{coord, other} {
			got, err := a.Job(ctx, by, j.ID)
			if err != nil {
				t.Fatal(err)
			}
			var res app.PublishResult
			if got.State != model.JobDone || got.Percent() != 100 || json.Unmarshal(got.Result, &res) != nil || res.Version != 1 || !res.Created {
				t.Fatalf("done job %+v result %s", got.Job, got.Result)
			}
		}
		for _, by := range []*app.Identity{obs, pl} {
			if _, err := a.Job(ctx, by, j.ID); app.ErrorCode(err) != app.CodeForbidden {
				t.Errorf("%s saw the job: %v", by.User.Name, err)
			}
		}
		if _, err := a.Job(ctx, coord, j.ID+100); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("unknown job: %v", err)
		}
		if v := catalogueVersion(t, a); v != 1 {
			t.Fatalf("version %d", v)
		}
		// Enrolment as a job, with its result.
		ej, err := a.StartEnrol(ctx, coord, "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}})
		if err != nil {
			t.Fatal(err)
		}
		runJobs(t, w)
		got, err := a.Job(ctx, other, ej.ID)
		var ers []app.EnrolResult
		if err != nil || got.State != model.JobDone || json.Unmarshal(got.Result, &ers) != nil || len(ers) != 1 || !ers[0].Created {
			t.Fatalf("enrol job %+v %s %v", got.Job, got.Result, err)
		}
	})
}

// A second instance's worker does not take a job the first holds; when
// the first stops (its lease runs out without renewal), the second takes
// the job and does it, once.
func TestJobResumedAfterLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, clock := newAuthApp(t, url)
		coord := signIn(t, a, "k@kombit.dk", "Kim", access.Coordinator, "kombit")
		j, err := a.StartPublish(ctx, coord, app.PublishRequest{SourceName: "mini.yaml", Source: readTestFile(t, "mini-v1.yaml")})
		if err != nil {
			t.Fatal(err)
		}
		// The first instance's worker claims the job and dies before it
		// commits anything: its claim is in the database, nothing else.
		db := storetest.Open(t, url)
		if err := db.InTx(ctx, clock.now(), func(tx *store.Tx) error {
			got, ok, err := tx.ClaimJob(ctx, "instance-1", tx.Now().Add(app.DefaultJobLease))
			if ok && got.ID != j.ID {
				t.Errorf("claimed job %d", got.ID)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A second instance: its own connection pool and worker.
		im, _ := data.ImplementationModel()
		b := app.New(storetest.Open(t, url), im, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.now)
		w := b.JobWorker()
		if n := runJobs(t, w); n != 0 {
			t.Fatalf("the second worker took a leased job (%d)", n)
		}
		if got, _ := b.Job(ctx, coord, j.ID); got.State != model.JobRunning || got.Attempts != 1 {
			t.Fatalf("job while leased: %+v", got.Job)
		}
		clock.add(app.DefaultJobLease + time.Second)
		if n := runJobs(t, w); n != 1 {
			t.Fatalf("after the lease the second worker ran %d jobs", n)
		}
		got, err := b.Job(ctx, coord, j.ID)
		if err != nil || got.State != model.JobDone || got.Attempts != 2 {
			t.Fatalf("resumed job %+v %v", got.Job, err)
		}
		// The dead instance's claim cannot finish it again.
		if err := db.InTx(ctx, clock.now(), func(tx *store.Tx) error {
			if ok, err := tx.FinishJob(ctx, j.ID, "instance-1", "{}", ""); ok || err != nil {
				t.Errorf("the first claim finished the job again: %v %v", ok, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if n := runJobs(t, a.JobWorker()); n != 0 || catalogueVersion(t, a) != 1 {
			t.Fatalf("the job ran again (%d) or made version %d", n, catalogueVersion(t, a))
		}
	})
}

// A publication confirmed from a stale preview is refused when it is asked
// for, and when another publication comes in while it waits, when it runs;
// a scheduled publication waits for its time; an earlier version is
// republished through the same publication, keeping local work.
func TestJobPublishStaleScheduledRepublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, clock := newAuthApp(t, url)
		coord := signIn(t, a, "k@kombit.dk", "Kim", access.Coordinator, "kombit")
		w := a.JobWorker()
		v1, v2 := readTestFile(t, "mini-v1.yaml"), readTestFile(t, "mini-v2.yaml")
		if _, err := a.Publish(ctx, app.System("k"), "mini.yaml", v1, "mini"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		// Previewed on version 0 (before v1): refused at once.
		_, err := a.StartPublish(ctx, coord, app.PublishRequest{SourceName: "mini.yaml", Source: v2, ExpectKey: "mini", BasedOn: 0, Check: true})
		var ae *app.Error
		if !errorsAs(err, &ae) || ae.Code != app.CodeConflict || ae.Field != "based_on" || !strings.Contains(ae.Message, "udgivet i version 1, efter at forhåndsvisningen blev lavet på version 0") {
			t.Fatalf("stale preview: %v", err)
		}
		// Previewed on 1, but 2 comes first: the job is refused when it runs.
		j, err := a.StartPublish(ctx, coord, app.PublishRequest{SourceName: "mini.yaml", Source: v2, ExpectKey: "mini", BasedOn: 1, Check: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Publish(ctx, app.System("k"), "mini.yaml", v2, "mini"); err != nil {
			t.Fatal(err)
		}
		runJobs(t, w)
		got, _ := a.Job(ctx, coord, j.ID)
		if got.State != model.JobFailed || !strings.Contains(got.Error, "udgivet i version 2") || catalogueVersion(t, a) != 2 {
			t.Fatalf("stale job %+v, version %d", got.Job, catalogueVersion(t, a))
		}

		// The municipality's local work on version 2: a status.
		today := model.DanishDate(clock.now())
		plan, err := a.Plan(ctx, app.System("k"), "mini", "101", today)
		if err != nil || len(plan.Tasks) == 0 {
			t.Fatal(err)
		}
		x := plan.Tasks[0]
		if _, err := a.SetStatus(ctx, app.System("Pia"), x.ID, app.StatusChange{Status: model.Started, Version: x.Version}); err != nil {
			t.Fatal(err)
		}

		// Republishing version 1, scheduled for tomorrow.
		if _, err := a.StartRepublish(ctx, coord, "mini", 1, 2, clock.now().Add(-time.Hour)); app.ErrorCode(err) != app.CodeInvalid {
			t.Fatalf("a publication scheduled in the past: %v", err)
		}
		if _, err := a.StartRepublish(ctx, coord, "mini", 9, 2, time.Time{}); app.ErrorCode(err) != app.CodeNotFound {
			t.Fatalf("republishing a version that does not exist: %v", err)
		}
		rj, err := a.StartRepublish(ctx, coord, "mini", 1, 2, clock.now().Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if s, err := a.ScheduledPublications(ctx, "mini"); err != nil || len(s) != 1 || s[0].ID != rj.ID {
			t.Fatalf("scheduled: %+v %v", s, err)
		}
		if n := runJobs(t, w); n != 0 {
			t.Fatalf("a job scheduled for tomorrow ran today (%d)", n)
		}
		clock.add(24 * time.Hour)
		if n := runJobs(t, w); n != 1 {
			t.Fatalf("the scheduled job did not run (%d)", n)
		}
		got, _ = a.Job(ctx, coord, rj.ID)
		var res app.PublishResult
		if got.State != model.JobDone || json.Unmarshal(got.Result, &res) != nil || res.Version != 3 || res.BasedOn != 2 || len(res.Changes) == 0 {
			t.Fatalf("republished %+v %s", got.Job, got.Result)
		}
		after, err := a.Plan(ctx, app.System("k"), "mini", "101", today)
		if err != nil {
			t.Fatal(err)
		}
		for _, y := range after.Tasks {
			if y.ID == x.ID && y.Status != model.Started {
				t.Errorf("republishing lost the municipality's status: %s", y.Status)
			}
		}
		f3, err := a.CatalogueVersionFile(ctx, "mini", 3)
		if err != nil || f3.Source != string(v1) {
			t.Fatalf("version 3 is not version 1's file: %v", err)
		}
		// A waiting scheduled job can be cancelled; a finished one not.
		sj, err := a.StartPublish(ctx, coord, app.PublishRequest{SourceName: "mini.yaml", Source: v2, ExpectKey: "mini", BasedOn: 3, Check: true,
			RunAt: clock.now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if c, err := a.CancelJob(ctx, coord, sj.ID); err != nil || c.State != model.JobCancelled {
			t.Fatalf("cancel: %+v %v", c, err)
		}
		if _, err := a.CancelJob(ctx, coord, rj.ID); app.ErrorCode(err) != app.CodeConflict {
			t.Fatalf("cancelled a finished job: %v", err)
		}
		clock.add(2 * time.Hour)
		if n := runJobs(t, w); n != 0 || catalogueVersion(t, a) != 3 {
			t.Fatalf("a cancelled job ran")
		}
	})
}

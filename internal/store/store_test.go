package store_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// seed stores one programme with one task, one plan and one instance.
func seed(t *testing.T, db *store.DB) (instanceID int64) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
		muni := model.Organisation{Kind: model.OrgMunicipality, Code: "101", Name: "København"}
		if err := tx.UpsertOrganisation(ctx, &muni); err != nil {
			return err
		}
		p := &catalogue.Programme{Programme: model.Programme{Key: "p", Name: "P", WarningDays: 3}, CurrentVersion: 1}
		if err := tx.SaveProgramme(ctx, p); err != nil {
			return err
		}
		ct := &store.CatalogueTask{CatalogueTask: model.CatalogueTask{Key: "t", Title: "T", Type: model.Critical, Level: model.LevelMunicipality,
			Timing: model.Timing{Milestone: model.GoLive, Start: -10, End: -5, Unit: model.WorkingDays}}, AddedVersion: 1, ChangedVersion: 1}
		if err := tx.SaveCatalogueTask(ctx, p.ID, ct); err != nil {
			return err
		}
		plan := &store.Plan{ProgrammeID: p.ID, Municipality: muni, GoLive: model.NewDate(2027, 3, 1), CatalogueVersion: 1}
		if err := tx.SavePlan(ctx, plan, "test"); err != nil {
			return err
		}
		if err := tx.InsertInstances(ctx, []store.NewInstance{{PlanID: plan.ID, ProgrammeID: p.ID, CatalogueTaskID: ct.ID,
			Type: model.Critical, Start: model.NewDate(2027, 2, 15), End: model.NewDate(2027, 2, 22)}}); err != nil {
			return err
		}
		xs, err := tx.InstancesOfPlan(ctx, plan.ID)
		if err != nil {
			return err
		}
		instanceID = xs[0].ID
		return tx.AppendEvents(ctx, []model.StatusEvent{{InstanceID: instanceID, Actor: "test", Kind: model.EventEnrolment}})
	})
	if err != nil {
		t.Fatal(err)
	}
	return instanceID
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.EachEmpty(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		applied, err := db.Migrate(context.Background())
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %v, err %v", applied, err)
		}
		v, latest, err := db.SchemaVersion(context.Background())
		if err != nil || v != latest || v == 0 {
			t.Fatalf("schema version %d of %d, err %v", v, latest, err)
		}
	})
}

func TestHistoryIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		seed(t, db)
		ctx := context.Background()
		for _, q := range []string{"UPDATE status_events SET actor = 'someone else'", "DELETE FROM status_events"} {
			err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error { return tx.ExecForTest(ctx, q) })
			if err == nil {
				t.Errorf("%q succeeded on the append-only history", q)
			}
		}
	})
}

// Two users send a change based on the same version at the same moment:
// exactly one wins, the other gets ErrConflict, and the history has one entry.
func TestConcurrentStatusChangesAreDetected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		id := seed(t, db)
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
					return tx.SetStatus(ctx, id, 1, model.Started, "", "user")
				})
			}()
		}
		wg.Wait()
		ok, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("ok %d, conflicts %d; want one of each", ok, conflicts)
		}
		db.ReadTx(ctx, func(tx *store.Tx) error {
			x, err := tx.Instance(ctx, id)
			if err != nil || x.Version != 2 || x.Status != model.Started {
				t.Errorf("instance after race: %+v, %v", x, err)
			}
			return nil
		})
	})
}

// plan_counts follows every change of status, end date, type and withdrawal.
func TestBucketsFollowInstanceChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		id := seed(t, db)
		ctx := context.Background()
		buckets := func() []store.Bucket {
			var out []store.Bucket
			db.ReadTx(ctx, func(tx *store.Tx) error {
				ps, _ := tx.Programmes(ctx)
				var err error
				out, err = tx.Buckets(ctx, ps[0].ID)
				return err
			})
			return out
		}
		if b := buckets(); len(b) != 1 || b[0].N != 1 || b[0].Status != model.NotStarted {
			t.Fatalf("after insert: %+v", b)
		}
		db.InTx(ctx, time.Now(), func(tx *store.Tx) error { return tx.SetStatus(ctx, id, 1, model.Completed, "", "u") })
		if b := buckets(); len(b) != 1 || b[0].Status != model.Completed {
			t.Fatalf("after status: %+v", b)
		}
		db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			ss, err := tx.SchedulesOfTasks(ctx, []int64{1})
			if err != nil || len(ss) != 1 {
				t.Fatalf("schedules %v %v", ss, err)
			}
			s := ss[0]
			s.End, s.Withdrawn = s.End+1, true
			return tx.UpdateSchedule(ctx, s)
		})
		if b := buckets(); len(b) != 0 {
			t.Fatalf("withdrawn instance still counted: %+v", b)
		}
	})
}

// A programme's wave names survive storage (migration 0032); none read
// back as none.
func TestProgrammeWaveNames(t *testing.T) {
	storetest.EachEmpty(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		ctx := context.Background()
		names := model.WaveNames{{Number: 1, Name: "Pilot 1"}, {Number: 3, Name: "Bølge 1"}}
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			if err := tx.SaveProgramme(ctx, &catalogue.Programme{Programme: model.Programme{Key: "p", Name: "P", Waves: names}}); err != nil {
				return err
			}
			if err := tx.SaveProgramme(ctx, &catalogue.Programme{Programme: model.Programme{Key: "q", Name: "Q"}}); err != nil {
				return err
			}
			p, err := tx.ProgrammeByKey(ctx, "p")
			if err != nil {
				return err
			}
			q, err := tx.ProgrammeByKey(ctx, "q")
			if err != nil {
				return err
			}
			if !slices.Equal(p.Waves, names) || q.Waves != nil {
				t.Errorf("wave names %+v and %+v", p.Waves, q.Waves)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

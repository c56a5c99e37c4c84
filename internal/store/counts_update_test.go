package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// One statement that moves, retypes, withdraws and restores many instances
// at once (UpdateSchedules, as a publication does) leaves plan_counts and
// plan_totals equal to counting the instances themselves – on PostgreSQL
// they follow updates per statement (migration 0031), on SQLite per row.
func TestCountsFollowBatchedUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		first := seed(t, db)
		ctx := context.Background()
		var planID int64
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			x, err := tx.Instance(ctx, first)
			if err != nil {
				return err
			}
			planID = x.PlanID
			if err := tx.SetStatus(ctx, first, x.Version, model.Completed, "", "u"); err != nil {
				return err
			}
			ss, err := tx.SchedulesOfPlan(ctx, planID)
			if err != nil || len(ss) != 1 {
				return fmt.Errorf("schedules %v: %w", ss, err)
			}
			return tx.UpdateSchedules(ctx, []store.Schedule{{ID: first, Type: model.Mandatory,
				PlannedStart: ss[0].PlannedStart, PlannedEnd: ss[0].PlannedEnd, Start: ss[0].Start, End: ss[0].End + 3}})
		})
		if err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			sqldb := db.SQLForTest()
			var bad int
			// Every live (type, status, end) group counted, and no count without instances.
			q := `SELECT COUNT(*) FROM (
				SELECT type, status, end_date, COUNT(*) AS n FROM task_instances WHERE plan_id = $1 AND NOT withdrawn GROUP BY type, status, end_date) i
				FULL JOIN (SELECT type, status, end_date, n FROM plan_counts WHERE plan_id = $1 AND n <> 0) c
				ON c.type = i.type AND c.status = i.status AND c.end_date = i.end_date
				WHERE i.n IS NULL OR c.n IS NULL OR i.n <> c.n`
			if !store.IsPostgres(url) {
				q = `SELECT COUNT(*) FROM (
					SELECT type, status, end_date, COUNT(*) AS n FROM task_instances WHERE plan_id = ?1 AND NOT withdrawn GROUP BY type, status, end_date) i
					FULL JOIN (SELECT type, status, end_date, n FROM plan_counts WHERE plan_id = ?1 AND n <> 0) c
					ON c.type = i.type AND c.status = i.status AND c.end_date = i.end_date
					WHERE i.n IS NULL OR c.n IS NULL OR i.n <> c.n`
			}
			if err := sqldb.QueryRow(q, planID).Scan(&bad); err != nil {
				t.Fatal(err)
			}
			if bad != 0 {
				t.Errorf("%s: %d buckets of plan_counts differ from the instances", when, bad)
			}
			var total, green, wantTotal, wantGreen int
			p := "$1"
			if !store.IsPostgres(url) {
				p = "?1"
			}
			if err := sqldb.QueryRow("SELECT total, green FROM plan_totals WHERE plan_id = "+p, planID).Scan(&total, &green); err != nil {
				t.Fatal(err)
			}
			if err := sqldb.QueryRow(`SELECT COUNT(*), COUNT(CASE WHEN type IN ('obligatorisk', 'kritisk') AND status = 'fuldfoert' THEN 1 END)
				FROM task_instances WHERE plan_id = `+p+` AND NOT withdrawn`, planID).Scan(&wantTotal, &wantGreen); err != nil {
				t.Fatal(err)
			}
			if total != wantTotal || green != wantGreen {
				t.Errorf("%s: plan_totals %d total, %d green; the instances %d and %d", when, total, green, wantTotal, wantGreen)
			}
		}
		check("after one update")

		// Many instances of other tasks in the plan, then one statement
		// changing them in every way at once.
		err = db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			x, err := tx.Instance(ctx, first)
			if err != nil {
				return err
			}
			plan, err := tx.PlanByID(ctx, planID)
			if err != nil {
				return err
			}
			var news []store.NewInstance
			for i := range 40 {
				ct := &store.CatalogueTask{CatalogueTask: model.CatalogueTask{Key: fmt.Sprintf("k%d", i), Title: "T", Type: model.Optional,
					Level: model.LevelMunicipality, Timing: x.Timing}, AddedVersion: 1, ChangedVersion: 1}
				if err := tx.SaveCatalogueTask(ctx, plan.ProgrammeID, ct); err != nil {
					return err
				}
				news = append(news, store.NewInstance{PlanID: planID, ProgrammeID: plan.ProgrammeID, CatalogueTaskID: ct.ID,
					Type: []model.TaskType{model.Optional, model.Mandatory, model.Critical}[i%3], Start: x.Start, End: x.End + model.Date(i%4)})
			}
			return tx.InsertInstances(ctx, news)
		})
		if err != nil {
			t.Fatal(err)
		}
		check("after insert")
		err = db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			ss, err := tx.SchedulesOfPlan(ctx, planID)
			if err != nil {
				return err
			}
			for i := range ss {
				switch i % 4 {
				case 0:
					ss[i].Withdrawn = true
				case 1:
					ss[i].End += 7
				case 2:
					ss[i].Type = model.Critical
				case 3: // unchanged
				}
			}
			if err := tx.UpdateSchedules(ctx, ss); err != nil {
				return err
			}
			// Restore some of the withdrawn ones with new dates.
			for i := range ss {
				ss[i].Withdrawn, ss[i].End = false, ss[i].End+1
			}
			return tx.UpdateSchedules(ctx, ss[:len(ss)/2])
		})
		if err != nil {
			t.Fatal(err)
		}
		check("after batched updates")
	})
}

package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// Migration 0033 keeps a version's changes per plan instead of per plan and
// task. A database with changes stored the old way upgrades with every
// change still there, in catalogue order, with its fields and instance
// count, and read back as before (the notifications' source); a version
// written after the upgrade reads the same way.
func TestUpgradeKeepsPublishedChanges(t *testing.T) {
	const before = 32
	storetest.EachEmpty(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, _, exec := migratedTo(t, url, before)
		const at = "'2026-11-30T07:00:00.000000Z'"
		exec("INSERT INTO organisations (id, kind, code, name) VALUES (1, 'kommune', '101', 'København'), (2, 'kommune', '147', 'Frederiksberg')")
		exec("INSERT INTO programmes (id, key, name, warning_days, current_version, created_at) VALUES (1, 'p', 'P', 3, 2, " + at + ")")
		exec(`INSERT INTO catalogue_tasks (id, programme_id, key, position, title, description, theme, main_task, phase, type, level,
			responsible, executor, milestone, start_offset, end_offset, unit, added_version, changed_version)
			VALUES (1, 1, 'b', 1, 'Bee', '', '', 1, '1', 'kritisk', 'kommune', '', '', 'golive', -10, -5, 'arbejdsdage', 1, 2),
			       (2, 1, 'a', 2, 'Aa', '', '', 1, '1', 'obligatorisk', 'kommune', '', '', 'golive', -10, -5, 'arbejdsdage', 2, 2)`)
		exec("INSERT INTO plans (id, programme_id, organisation_id, golive, enrolled_at, enrolled_by, catalogue_version) VALUES (1, 1, 1, '2027-03-01', " + at + ", 'test', 2), (2, 1, 2, '2027-04-05', " + at + ", 'test', 2)")
		exec(`INSERT INTO task_instances (id, plan_id, programme_id, catalogue_task_id, type, planned_start, planned_end, start_date, end_date)
			VALUES (1, 1, 1, 1, 'kritisk', '2027-02-15', '2027-02-22', '2027-02-15', '2027-02-22'),
			       (2, 1, 1, 2, 'obligatorisk', '2027-02-15', '2027-02-20', '2027-02-15', '2027-02-20'),
			       (3, 2, 1, 2, 'obligatorisk', '2027-03-20', '2027-03-27', '2027-03-20', '2027-03-27')`)
		exec("INSERT INTO catalogue_versions (id, programme_id, number, published_at, published_by, source_name, source, summary) VALUES (7, 1, 2, " + at + ", 'test', 'k.yaml', '', '{}')")
		exec(`INSERT INTO publication_changes (version_id, plan_id, task_key, kind, fields, instances) VALUES
			(7, 1, 'a', 'added', '', 1), (7, 1, 'b', 'changed', 'title,end', 1), (7, 2, 'a', 'added', '', 1)`)

		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		want := []string{
			"v2 plan 1 b changed [title end] 1: Bee kritisk kommune 2027-02-22–2027-02-22",
			"v2 plan 1 a added [] 1: Aa obligatorisk kommune 2027-02-20–2027-02-20",
			"v2 plan 2 a added [] 1: Aa obligatorisk kommune 2027-03-27–2027-03-27",
		}
		if got := publishedChanges(t, db, 7); !slices.Equal(got, want) {
			t.Errorf("after the upgrade:\n got  %q\n want %q", got, want)
		}

		// A version written now reads back the same way.
		exec("INSERT INTO catalogue_versions (id, programme_id, number, published_at, published_by, source_name, source, summary) VALUES (8, 1, 3, " + at + ", 'test', 'k.yaml', '', '{}')")
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			return tx.InsertPublicationChanges(ctx, 8, []store.PublicationChange{
				{PlanID: 2, TaskKey: "a", Kind: "withdrawn", Instances: 1},
				{PlanID: 1, TaskKey: "b", Kind: "changed", Fields: []string{"type"}, Instances: 1},
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		want = []string{
			"v3 plan 1 b changed [type] 1: Bee kritisk kommune 2027-02-22–2027-02-22",
			"v3 plan 2 a withdrawn [] 1: Aa obligatorisk kommune 2027-03-27–2027-03-27",
		}
		if got := publishedChanges(t, db, 8); !slices.Equal(got, want) {
			t.Errorf("a new version:\n got  %q\n want %q", got, want)
		}
	})
}

func publishedChanges(t *testing.T, db *store.DB, versions ...int64) []string {
	t.Helper()
	var out []string
	err := db.ReadTx(context.Background(), func(tx *store.Tx) error {
		cs, err := tx.PublishedChanges(context.Background(), versions)
		for _, c := range cs {
			fields := c.Fields
			if fields == nil {
				fields = []string{}
			}
			out = append(out, fmt.Sprintf("v%d plan %d %s %s %v %d: %s %s %s %s–%s", c.Version, c.PlanID, c.TaskKey, c.Kind, fields, c.Instances,
				c.Title, c.Type, c.Level, c.FirstEnd, c.LastEnd))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

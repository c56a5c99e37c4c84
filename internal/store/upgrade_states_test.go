package store_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/waves"
)

// Migration 0026 renames the wave plan versions' and the plan conflicts'
// stored states to Danish words. A database with rows in the English states
// upgrades with each row in the matching Danish state, every other value
// and every row that refers to a version intact (SQLite rebuilds the
// tables), the foreign keys holding, and the one-in-hearing and one-open
// rules still enforced on the new values.
func TestUpgradeRenamesStoredStates(t *testing.T) {
	const before = 25
	storetest.EachEmpty(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, raw, exec := migratedTo(t, url, before)
		const at = "'2026-11-30T07:00:00.000000Z'"
		exec("INSERT INTO organisations (id, kind, code, name) VALUES (1, 'kommune', '101', 'København'), (2, 'kommune', '147', 'Frederiksberg')")
		exec("INSERT INTO programmes (id, key, name, warning_days, current_version, created_at) VALUES (1, 'p', 'P', 3, 1, " + at + ")")
		exec(`INSERT INTO catalogue_tasks (id, programme_id, key, position, title, description, theme, main_task, phase, type, level,
			responsible, executor, milestone, start_offset, end_offset, unit, added_version, changed_version)
			VALUES (1, 1, 't1', 1, 'T', '', '', 1, '1', 'kritisk', 'kommune', '', '', 'golive', -10, -5, 'arbejdsdage', 1, 1),
			       (2, 1, 't2', 2, 'T', '', '', 1, '1', 'kritisk', 'kommune', '', '', 'golive', -10, -5, 'arbejdsdage', 1, 1),
			       (3, 1, 't3', 3, 'T', '', '', 1, '1', 'kritisk', 'kommune', '', '', 'golive', -10, -5, 'arbejdsdage', 1, 1)`)
		exec("INSERT INTO plans (id, programme_id, organisation_id, golive, enrolled_at, enrolled_by, catalogue_version) VALUES (1, 1, 1, '2027-03-01', " + at + ", 'test', 1)")
		exec(`INSERT INTO task_instances (id, plan_id, programme_id, catalogue_task_id, type, planned_start, planned_end, start_date, end_date)
			VALUES (1, 1, 1, 1, 'kritisk', '2027-02-15', '2027-02-22', '2027-02-15', '2027-02-22'),
			       (2, 1, 1, 2, 'kritisk', '2027-02-15', '2027-02-22', '2027-02-15', '2027-02-22'),
			       (3, 1, 1, 3, 'kritisk', '2027-02-15', '2027-02-22', '2027-02-15', '2027-02-22')`)
		conflict := func(id int, state string) {
			exec(strings.NewReplacer("ID", string(rune('0'+id)), "STATE", state).Replace(`INSERT INTO plan_conflicts (id, plan_id, instance_id, catalogue_version,
				old_start, old_end, new_start, new_end, local_start, local_end, state, created_at)
				VALUES (ID, 1, ID, 2, '2027-02-15', '2027-02-22', '2027-02-08', '2027-02-15', '2027-02-01', '2027-02-05', 'STATE', ` + at + ")"))
		}
		conflict(1, "open")
		conflict(2, "keep_local")
		conflict(3, "take_standard")
		for i, state := range []string{"superseded", "final", "hearing", "draft"} {
			n := string(rune('1' + i))
			exec(`INSERT INTO waveplan_versions (id, programme_id, number, state, seed, setup_revision, inputs, score, created_at, created_by)
				VALUES (` + n + ", 1, " + n + ", '" + state + "', 7, 1, '{}', '{}', " + at + ", 'test')")
			exec("INSERT INTO waveplan_assignments (version_id, organisation_id, wave, locked) VALUES (" + n + ", 1, 1, TRUE), (" + n + ", 2, 2, FALSE)")
			exec("INSERT INTO waveplan_steps (id, version_id, at, actor, kind, summary) VALUES (" + n + ", " + n + ", " + at + ", 'test', 'oprettet', 'Version " + n + "')")
			exec("INSERT INTO waveplan_comments (id, version_id, organisation_id, author, body, created_at) VALUES (" + n + ", " + n + ", 1, 'a', 'Svar " + n + "', " + at + ")")
			exec("INSERT INTO waveplan_announcements (version_id, organisation_id, wave, golive, created_at) VALUES (" + n + ", 1, 1, '2027-03-01', " + at + ")")
		}
		children := []string{"waveplan_assignments", "waveplan_steps", "waveplan_comments", "waveplan_announcements"}
		old, columns := dumpTables(t, url, nil)

		applied, err := db.Migrate(ctx)
		if err != nil || !slices.Contains(applied, "0026_danish_states.sql") {
			t.Fatalf("upgrade applied %v, err %v", applied, err)
		}
		now, _ := dumpTables(t, url, columns)
		for _, table := range children {
			if len(old[table]) == 0 || !slices.Equal(old[table], now[table]) {
				t.Errorf("%s changed in the upgrade:\nbefore %q\nafter  %q", table, old[table], now[table])
			}
		}
		// Every other column of the two tables is as it was.
		for _, table := range []string{"waveplan_versions", "plan_conflicts"} {
			rename := strings.NewReplacer("|draft|", "|udkast|", "|hearing|", "|hoering|", "|final|", "|endelig|", "|superseded|", "|erstattet|",
				"|open|", "|aaben|", "|keep_local|", "|behold_lokal|", "|take_standard|", "|tag_standard|")
			var want []string
			for _, row := range old[table] {
				want = append(want, rename.Replace(row))
			}
			slices.Sort(want)
			if !slices.Equal(want, now[table]) {
				t.Errorf("%s after the upgrade:\n got  %q\n want %q", table, now[table], want)
			}
		}
		if !store.IsPostgres(url) {
			if bad := queryStrings(t, raw, "SELECT \"table\" FROM pragma_foreign_key_check"); len(bad) > 0 {
				t.Errorf("foreign keys broken after the upgrade in %v", bad)
			}
		}

		// The store reads the new values as the domain's states.
		err = db.ReadTx(ctx, func(tx *store.Tx) error {
			vs, err := tx.WaveVersions(ctx, 1)
			if err != nil {
				return err
			}
			var states []model.WaveState
			for _, v := range vs {
				states = append(states, v.State)
			}
			if want := []model.WaveState{model.WaveFinal, model.WaveSuperseded, model.WaveHearing, model.WaveDraft}; !sameStates(states, want) {
				t.Errorf("wave versions' states %v, want %v", states, want)
			}
			as, err := tx.WaveAssignments(ctx, 3)
			if err != nil || len(as) != 2 {
				t.Errorf("version 3's assignments after the upgrade: %v, %v", as, err)
			}
			cs, err := tx.ConflictsOfPlan(ctx, 1)
			if err != nil {
				return err
			}
			if len(cs) != 3 || cs[0].State != model.ConflictOpen {
				t.Errorf("conflicts after the upgrade: %+v (the open one first)", cs)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// One version in hearing and one open conflict per task, as before.
		if _, err := raw.Exec(`INSERT INTO waveplan_versions (id, programme_id, number, state, seed, setup_revision, inputs, score, created_at, created_by)
			VALUES (9, 1, 9, 'hoering', 7, 1, '{}', '{}', ` + at + ", 'test')"); err == nil {
			t.Error("a second version in hearing was stored")
		}
		if _, err := raw.Exec("UPDATE plan_conflicts SET state = 'aaben' WHERE id = 1"); err != nil {
			t.Errorf("the open conflict: %v", err)
		}
		if _, err := raw.Exec("UPDATE plan_conflicts SET state = 'open' WHERE id = 2"); err == nil {
			t.Error("an English state was stored after the upgrade")
		}
	})
}

// migratedTo opens the empty database at url migrated up to migration
// before, with the raw connection and an exec that fails the test, for an
// upgrade test to fill in the old schema.
func migratedTo(t *testing.T, url string, before int) (*store.DB, *sql.DB, func(q string)) {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.MigrateToForTest(context.Background(), before); err != nil {
		t.Fatal(err)
	}
	raw := db.SQLForTest()
	return db, raw, func(q string) {
		t.Helper()
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func sameStates(a, b []model.WaveState) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Migration 0029 renames the stored wave kinds to Danish words. A database
// with waves of every English kind upgrades with each wave in the matching
// Danish kind and every other column intact (SQLite rebuilds the table),
// the store reads them as the domain's kinds, and the CHECK now refuses
// the English words.
func TestUpgradeRenamesWaveKinds(t *testing.T) {
	const before = 28
	storetest.EachEmpty(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, raw, exec := migratedTo(t, url, before)
		const at = "'2026-11-30T07:00:00.000000Z'"
		exec("INSERT INTO programmes (id, key, name, warning_days, current_version, created_at) VALUES (1, 'p', 'P', 3, 1, " + at + ")")
		exec(`INSERT INTO waveplan_setups (programme_id, revision, hypercare_teams, team_capacity, rollout_before, rollout_after,
			training_parallel, training_before, training_after, medium_from, large_from, updated_at, updated_by)
			VALUES (1, 4, 2, 10, 28, 14, 5, 30, 0, 0, 0, ` + at + ", 'test')")
		exec(`INSERT INTO waveplan_waves (programme_id, number, kind, golive, capacity, max_population, max_institutions) VALUES
			(1, 1, 'pilot', '2027-03-01', 2, 0, 0), (1, 2, 'regular', '2027-04-05', 18, 900000, 0),
			(1, 3, 'regular', '2027-05-03', 0, 0, 400), (1, 4, 'catchup', '2027-11-01', 10, 0, 0)`)
		old, columns := dumpTables(t, url, nil)

		applied, err := db.Migrate(ctx)
		if err != nil || !slices.Contains(applied, "0029_danish_wave_kinds.sql") {
			t.Fatalf("upgrade applied %v, err %v", applied, err)
		}
		now, _ := dumpTables(t, url, columns)
		rename := strings.NewReplacer("|regular|", "|ordinaer|", "|catchup|", "|opsamling|")
		var want []string
		for _, row := range old["waveplan_waves"] {
			want = append(want, rename.Replace(row))
		}
		slices.Sort(want)
		if !slices.Equal(want, now["waveplan_waves"]) {
			t.Errorf("waveplan_waves after the upgrade:\n got  %q\n want %q", now["waveplan_waves"], want)
		}

		err = db.ReadTx(ctx, func(tx *store.Tx) error {
			s, err := tx.WaveSetup(ctx, 1)
			if err != nil {
				return err
			}
			var kinds []waves.WaveKind
			for _, w := range s.Waves {
				kinds = append(kinds, w.Kind)
			}
			if want := []waves.WaveKind{waves.Pilot, waves.Regular, waves.Regular, waves.Catchup}; !slices.Equal(kinds, want) {
				t.Errorf("wave kinds %v, want %v", kinds, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec("UPDATE waveplan_waves SET kind = 'regular' WHERE number = 3"); err == nil {
			t.Error("an English wave kind was stored after the upgrade")
		}
		if _, err := raw.Exec("UPDATE waveplan_waves SET kind = 'opsamling' WHERE number = 3"); err != nil {
			t.Errorf("a Danish wave kind: %v", err)
		}
	})
}

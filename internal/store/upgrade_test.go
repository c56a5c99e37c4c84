package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// previousRelease is the last schema version of the release before the
// timestamp unification (migration 0009).
const previousRelease = 8

// A database of the previous release, with data in it and its timestamps in
// the formats that release wrote, upgrades to the current schema with every
// row intact: the same values, timestamps the same instants (cut to the
// microseconds both databases keep), and in SQLite every timestamp in the
// one fixed-width form.
func TestUpgradeFromPreviousRelease(t *testing.T) {
	storetest.EachEmpty(t, func(t *testing.T, url string) {
		ctx := context.Background()
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		applied, err := db.MigrateToForTest(ctx, previousRelease)
		if err != nil || len(applied) != previousRelease {
			t.Fatalf("migrating to %d applied %v, err %v", previousRelease, applied, err)
		}
		raw := db.SQLForTest()
		postgres := store.IsPostgres(url)
		exec := func(q string) {
			t.Helper()
			if _, err := raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		// The previous release's rows, written in SQL with that release's
		// columns (today's store code writes columns added since), and its
		// timestamps: schema_migrations in whole seconds (TEXT in both
		// dialects), and in SQLite RFC 3339 of varying width beside the
		// fixed-width access and follow-up tables.
		exec("UPDATE schema_migrations SET applied_at = '2026-11-0' || version || 'T08:00:00Z'")
		exec("INSERT INTO organisations (id, kind, code, name) VALUES (1, 'kommune', '101', 'København')")
		exec("INSERT INTO programmes (id, key, name, warning_days, current_version, created_at) VALUES (1, 'p', 'P', 3, 1, '2026-11-30T07:00:00Z')")
		exec(`INSERT INTO catalogue_tasks (id, programme_id, key, position, title, description, theme, main_task, phase, type, level,
			responsible, executor, milestone, start_offset, end_offset, unit, added_version, changed_version)
			VALUES (1, 1, 't', 1, 'T', '', '', 1, '1', 'kritisk', 'kommune', '', '', 'golive', -10, -5, 'arbejdsdage', 1, 1)`)
		exec("INSERT INTO plans (id, programme_id, organisation_id, golive, enrolled_at, enrolled_by, catalogue_version) VALUES (1, 1, 1, '2027-03-01', '2026-11-30T07:00:00.25Z', 'test', 1)")
		exec(`INSERT INTO task_instances (id, plan_id, programme_id, catalogue_task_id, type, planned_start, planned_end, start_date, end_date)
			VALUES (1, 1, 1, 1, 'kritisk', '2027-02-15', '2027-02-22', '2027-02-15', '2027-02-22')`)
		const instanceID = 1
		at := time.Date(2026, 11, 30, 9, 15, 0, 0, time.UTC)
		user := &store.User{User: model.User{Email: "a@example.dk"}}
		exec("INSERT INTO users (id, email, name, role, organisation_id, created_at, updated_at) VALUES (1, 'a@example.dk', 'A', 'admin', 1, '2026-11-30T09:15:00.000000Z', '2026-11-30T09:15:00.000000Z')")
		exec("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('h1', 1, '2026-11-30T09:15:00.000000Z', '2026-11-30T09:15:00.000000Z', '2026-11-30T17:15:00.000000Z')")
		exec("INSERT INTO login_failures (key, at) VALUES ('konto:a@example.dk', '2026-11-30T09:15:00.000000Z')")
		exec(fmt.Sprintf("INSERT INTO status_events (instance_id, at, actor, kind) VALUES (%d, '2026-11-30T09:30:00Z', 'test', 'tilmelding')", instanceID))
		if !postgres {
			exec(fmt.Sprintf(`INSERT INTO status_events (instance_id, at, actor, kind) VALUES
				(%[1]d, '2026-11-30T10:00:00.5Z', 'old', 'status'),
				(%[1]d, '2026-11-30T10:00:01.123456789Z', 'old', 'status'),
				(%[1]d, '2026-11-30T10:00:02Z', 'old', 'status')`, instanceID))
			exec("UPDATE programmes SET created_at = '2026-11-30T07:00:00Z'")
			exec("UPDATE plans SET enrolled_at = '2026-11-30T07:00:00.25Z'")
		}

		before, columns := dumpTables(t, url, nil)
		applied, err = db.Migrate(ctx)
		if err != nil || len(applied) == 0 {
			t.Fatalf("upgrade applied %v, err %v", applied, err)
		}
		after, _ := dumpTables(t, url, columns)
		after["schema_migrations"] = slices.DeleteFunc(after["schema_migrations"], func(row string) bool {
			var v int
			fmt.Sscanf(row, "%d", &v)
			return v > previousRelease
		})
		for _, table := range union(keys(before), keys(after)) {
			if !slices.Equal(before[table], after[table]) {
				t.Errorf("%s changed in the upgrade:\nbefore %q\nafter  %q", table, before[table], after[table])
			}
		}
		if len(before["status_events"]) == 0 || len(before["sessions"]) == 0 {
			t.Fatalf("the previous release's database holds no data: %v", before)
		}

		if !postgres {
			// Every timestamp column now holds the one form.
			for _, c := range timestampColumns(t, raw) {
				var n int
				q := fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL AND %[2]s NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'", c[0], c[1])
				if err := raw.QueryRow(q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					t.Errorf("%s.%s: %d values not in the form 2006-01-02T15:04:05.000000Z", c[0], c[1], n)
				}
			}
		}
		// The upgraded data works through the store: the session is found
		// and not expired, the login failure counts.
		err = db.ReadTx(ctx, func(tx *store.Tx) error {
			s, u, err := tx.SessionByHash(ctx, "h1")
			if err != nil {
				return err
			}
			if !s.ExpiresAt.Equal(at.Add(8*time.Hour)) || u.Email != user.Email {
				t.Errorf("session after the upgrade: expires %v, user %q", s.ExpiresAt, u.Email)
			}
			n, oldest, err := tx.LoginFailures(ctx, "konto:a@example.dk", at.Add(-time.Minute))
			if err != nil {
				return err
			}
			if n != 1 || !oldest.Equal(at) {
				t.Errorf("login failures after the upgrade: %d, oldest %v; want 1 at %v", n, oldest, at)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// dumpTables reads every row of every table as text, sorted, with
// timestamps as the instant they name (to the microsecond), so that the
// same data in another timestamp format reads the same.
//
// It opens a connection of its own: a PostgreSQL connection that prepared
// SELECT * FROM t before a migration changed t cannot run it after.
//
// With columns (from a first call) it reads only those columns of each
// table, so columns that later migrations add are not compared.
func dumpTables(t *testing.T, url string, columns map[string][]string) (map[string][]string, map[string][]string) {
	t.Helper()
	postgres := store.IsPostgres(url)
	driver, dsn := "sqlite", "file:"+url+"?mode=ro"
	if postgres {
		driver, dsn = "pgx", url
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	if postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
	}
	out, outCols := map[string][]string{}, map[string][]string{}
	for _, table := range queryStrings(t, db, q) {
		list := "*"
		if columns != nil {
			if columns[table] == nil {
				continue // a table added since
			}
			list = strings.Join(columns[table], ", ")
		}
		rows, err := db.Query("SELECT " + list + " FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		outCols[table] = cols
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fields := make([]string, len(cols))
			for i, v := range vals {
				fields[i] = normalise(v)
			}
			out[table] = append(out[table], strings.Join(fields, "|"))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(out[table])
	}
	return out, outCols
}

func normalise(v any) string {
	instant := func(t time.Time) string { return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano) }
	switch v := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return instant(v)
	case []byte:
		return normalise(string(v))
	case string:
		// A timestamp in text; a date (YYYY-MM-DD) is left as it is.
		if len(v) > 10 && v[10] == 'T' {
			if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
				return instant(t)
			}
		}
		if t, err := time.Parse("2006-01-02 15:04:05.999999999-07", v); err == nil {
			return instant(t)
		}
		return v
	default:
		return fmt.Sprint(v)
	}
}

// timestampColumns lists SQLite's timestamp columns: at and *_at, and
// claimed_until (snoozed_until is a date). The schema test holds them to
// PostgreSQL's TIMESTAMPTZ columns.
func timestampColumns(t *testing.T, db *sql.DB) [][2]string {
	t.Helper()
	rows, err := db.Query(`SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND (c.name = 'at' OR c.name LIKE '%\_at' ESCAPE '\' OR c.name = 'claimed_until')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if len(out) < 40 {
		t.Fatalf("found only %d timestamp columns", len(out))
	}
	return out
}

package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/cli"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// A database that a newer udrul has migrated is refused by serve and migrate
// with a message in Danish and English, and is left as it was.
func TestServeRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		db := storetest.Open(t, dbURL)
		_, known, err := db.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		driver, dsn := "sqlite", dbURL
		if store.IsPostgres(dbURL) {
			driver = "pgx"
		}
		raw, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '2030-01-01T00:00:00.000000Z')"); err != nil {
			t.Fatal(err)
		}
		const newer = 9999
		// The rows before the refusals (numbers may have gaps while
		// parallel branches hold theirs).
		var rows int
		if err := raw.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&rows); err != nil {
			t.Fatal(err)
		}

		for _, args := range [][]string{
			{"serve", "--addr", "127.0.0.1:0", "--db", dbURL},
			{"migrate", "--db", dbURL},
		} {
			runCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
			var stdout, stderr bytes.Buffer
			err := cli.Run(runCtx, args, func(string) string { return "" }, &stdout, &stderr)
			cancel()
			if err == nil {
				t.Fatalf("%s: no error for a database with schema version %d (this udrul knows %d); stdout %q", args[0], newer, known, stdout.String())
			}
			for _, want := range []string{
				"databasen har skemaversion 9999",
				"kender kun op til version " + strconv.Itoa(known),
				"the database has schema version 9999",
				"run a newer udrul",
			} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: error %q lacks %q", args[0], err, want)
				}
			}
			if strings.Contains(stdout.String(), "udrul listening on") {
				t.Errorf("%s: served the database anyway: %q", args[0], stdout.String())
			}
		}
		// Nothing was applied or removed: the known versions and the newer one.
		var n, maxVersion int
		if err := raw.QueryRow("SELECT COUNT(*), MAX(version) FROM schema_migrations").Scan(&n, &maxVersion); err != nil {
			t.Fatal(err)
		}
		if n != rows || maxVersion != newer {
			t.Errorf("schema_migrations has %d rows up to %d after the refusals, want %d up to %d", n, maxVersion, rows, newer)
		}
	})
}

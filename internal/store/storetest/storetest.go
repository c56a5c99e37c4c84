// Package storetest gives tests a fresh, migrated database of each kind:
// SQLite in a temporary directory, and PostgreSQL in a new database created
// on the server named by UDRUL_TEST_POSTGRES (skipped, with the reason
// printed, when that is not set).
//
// Migrating takes seconds on PostgreSQL, and most tests want a database of
// their own, so the migrations run once into a template and each test gets
// a copy of it: CREATE DATABASE … TEMPLATE on PostgreSQL, a file copy for
// SQLite. Templates are named by a digest of the migrations
// (store.MigrationsDigest), so they are reused across packages and runs
// exactly as long as the migrations are unchanged, and a changed migration
// gets a new one. Tests of migrating itself use the Empty* URLs.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/udrul/udrul/internal/store"
)

// EnvPostgres names the environment variable with the PostgreSQL server URL.
const EnvPostgres = "UDRUL_TEST_POSTGRES"

// Each runs fn as a subtest once per database kind, each with a fresh URL.
// The test and both subtests run in parallel (t.Parallel) with the other
// tests that use Each: each has its own databases, and the PostgreSQL run
// waits mostly on the server while the SQLite one uses the processor. So
// Each must be a test's only call of t.Parallel, and a test must not rely on
// anything the subtests do after Each returns: they run after the test
// function itself has returned.
func Each(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, SQLiteURL(t)) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, PostgresURL(t)) })
}

// EachEmpty is Each (in parallel too) with empty, unmigrated databases, for
// tests of migrating itself.
func EachEmpty(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, EmptySQLiteURL(t)) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, EmptyPostgresURL(t)) })
}

// EmptySQLiteURL returns the path of a not yet existing SQLite file in a
// temporary directory.
func EmptySQLiteURL(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "udrul.db")
}

// SQLiteURL returns the path of a new, migrated SQLite file in a temporary
// directory.
func SQLiteURL(tb testing.TB) string {
	tb.Helper()
	tmpl, err := SQLiteTemplate()
	if err != nil {
		tb.Fatalf("SQLite template: %v", err)
	}
	path := EmptySQLiteURL(tb)
	if err := copyFile(tmpl, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

var sqliteOnce = sync.OnceValues(func() (string, error) {
	digest, err := store.MigrationsDigest(false)
	if err != nil {
		return "", err
	}
	path := filepath.Join(os.TempDir(), "udrul-test-template-"+digest+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	// Build beside it and rename, so a concurrent test process never
	// copies a half-made template.
	dir, err := os.MkdirTemp("", "udrul-template-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	build := filepath.Join(dir, "udrul.db")
	ctx := context.Background()
	db, err := store.Open(ctx, build)
	if err != nil {
		return "", err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return "", err
	}
	// Closing the last connection folds the write-ahead log into the file,
	// so the file alone is the database.
	if err := db.Close(); err != nil {
		return "", err
	}
	if fi, err := os.Stat(build + "-wal"); err == nil && fi.Size() > 0 {
		return "", fmt.Errorf("%s-wal is left after closing the template", build)
	}
	return path, os.Rename(build, path)
})

// SQLiteTemplate returns the path of the migrated SQLite template file, for
// a test helper that builds on it outside a test (copy it; never change it).
func SQLiteTemplate() (string, error) { return sqliteOnce() }

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// EmptyPostgresURL creates an empty database on the test server, drops it
// when the test ends, and returns its URL. It skips the test when no server
// is set.
func EmptyPostgresURL(tb testing.TB) string {
	tb.Helper()
	return postgresURL(tb, "")
}

// PostgresURL creates a migrated database on the test server, drops it when
// the test ends, and returns its URL. It skips the test when no server is
// set.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	base := serverURL(tb)
	tmpl, err := postgresOnce(base)
	if err != nil {
		tb.Fatalf("PostgreSQL template on %s: %v", store.Redact(base), err)
	}
	return postgresURL(tb, tmpl)
}

func serverURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		tb.Skipf("skipping PostgreSQL run: %s is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", EnvPostgres)
	}
	return base
}

func postgresURL(tb testing.TB, template string) string {
	tb.Helper()
	base := serverURL(tb)
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvPostgres, err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "udrul_test_" + hex.EncodeToString(b)
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if err := retryInUse(func() error { _, err := admin.Exec(create); return err }); err != nil {
		admin.Close()
		tb.Fatalf("create test database on %s: %v", store.Redact(base), err)
	}
	tb.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u.Path = "/" + name
	return u.String()
}

var (
	postgresMu        sync.Mutex
	postgresTemplates = map[string]string{} // server URL → template name
)

// postgresOnce returns the name of the migrated template on the server at
// base, making it if no test process has yet. Test processes of several
// packages run at once; an advisory lock lets one make it while the others
// wait, and the template is built under another name and renamed when
// complete, so a crashed build is never used.
func postgresOnce(base string) (string, error) {
	postgresMu.Lock()
	defer postgresMu.Unlock()
	if name, ok := postgresTemplates[base]; ok {
		return name, nil
	}
	digest, err := store.MigrationsDigest(true)
	if err != nil {
		return "", err
	}
	name := "udrul_template_" + digest
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx) // the advisory lock belongs to one session
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(7170102)"); err != nil {
		return "", err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(7170102)")
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		if err := buildPostgresTemplate(ctx, conn, base, name); err != nil {
			return "", err
		}
	}
	postgresTemplates[base] = name
	return name, nil
}

func buildPostgresTemplate(ctx context.Context, conn *sql.Conn, base, name string) error {
	build := name + "_build"
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+build+" WITH (FORCE)"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+build); err != nil {
		return err
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	u.Path = "/" + build
	db, err := store.Open(ctx, u.String())
	if err != nil {
		return err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return fmt.Errorf("migrate: %w", err)
	}
	db.Close()
	return retryInUse(func() error {
		_, err := conn.ExecContext(ctx, "ALTER DATABASE "+build+" RENAME TO "+name)
		return err
	})
}

// retryInUse runs fn until it does not fail with "database is being
// accessed by other users" (SQLSTATE 55006), for up to ten seconds: a
// closed pool's server sessions end a moment after Close returns, and
// renaming a database or copying a template needs them gone.
func retryInUse(fn func() error) error {
	var err error
	for range 100 {
		var pgErr *pgconn.PgError
		if err = fn(); !errors.As(err, &pgErr) || pgErr.Code != "55006" {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// Open opens and migrates a store at url, closing it when the test ends.
func Open(tb testing.TB, url string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db
}

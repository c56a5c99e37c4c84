package store

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrations embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	dir := "migrations/sqlite"
	if db.postgres {
		dir = "migrations/postgres"
	}
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration file %s is not named NNNN_name.sql", e.Name())
		}
		b, err := migrations.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion returns the applied and the latest known schema version.
func (db *DB) SchemaVersion(ctx context.Context) (applied, latest int, err error) {
	ms, err := db.migrations()
	if err != nil {
		return 0, 0, err
	}
	latest = ms[len(ms)-1].version
	err = db.sql.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&applied)
	if err != nil {
		// No table yet means nothing applied.
		return 0, latest, nil
	}
	return applied, latest, nil
}

// SchemaTooNewError is returned by Migrate for a database that a newer
// udrul has migrated: this binary does not know its schema, and writing to
// it could corrupt data the newer version relies on.
type SchemaTooNewError struct {
	Applied int // the highest version recorded in schema_migrations
	Known   int // the highest version this binary knows
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("store: the database has schema version %d, newer than the %d this program knows", e.Applied, e.Known)
}

// Migrate applies every migration not yet applied, each in its own
// transaction together with its record in schema_migrations. Several servers
// starting at once are serialised by the database's write lock (SQLite) or
// an advisory lock (PostgreSQL). A database with a version newer than the
// latest known is refused with a *SchemaTooNewError and left untouched.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	return db.migrateTo(ctx, 0)
}

// migrateTo applies the migrations up to and including version target (0:
// all of them); the upgrade test uses it to build the previous release's
// schema.
func (db *DB) migrateTo(ctx context.Context, target int) (applied []string, err error) {
	ms, err := db.migrations()
	if err != nil {
		return nil, err
	}
	create := "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
	if _, err := db.sql.ExecContext(ctx, create); err != nil {
		return nil, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	known := ms[len(ms)-1].version
	var newest int
	if err := db.sql.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&newest); err != nil {
		return nil, fmt.Errorf("store: read schema_migrations: %w", err)
	}
	if newest > known {
		return nil, &SchemaTooNewError{Applied: newest, Known: known}
	}
	// PostgreSQL's applied_at is TEXT until 0009 and TIMESTAMPTZ after it.
	// The parameter is typed explicitly, so the statement the connection has
	// prepared stays valid across that change (a TIMESTAMPTZ is assigned to
	// TEXT as text, which 0009 then reads back).
	record := "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"
	if db.postgres {
		record = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, CAST(? AS TIMESTAMPTZ))"
	}
	for _, m := range ms {
		if target > 0 && m.version > target {
			break
		}
		done := false
		err := db.InTx(ctx, time.Now(), func(tx *Tx) error {
			if db.postgres {
				if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(7170101)"); err != nil {
					return err
				}
			}
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			if _, err := tx.exec(ctx, m.sql); err != nil {
				return fmt.Errorf("store: migration %s: %w", m.name, err)
			}
			_, err := tx.exec(ctx, record, m.version, m.name, ts(tx.now))
			return err
		})
		if err != nil {
			return applied, err
		}
		if !done {
			applied = append(applied, m.name)
		}
	}
	return applied, nil
}

// MigrationsDigest is a hash of the migrations of one dialect, names and
// text. Tests key their migrated template database by it, so a template is
// reused exactly as long as the migrations are the same.
func MigrationsDigest(postgres bool) (string, error) {
	ms, err := (&DB{postgres: postgres}).migrations()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%s\x00%s\x00", m.name, m.sql)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

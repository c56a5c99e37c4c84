// Package store keeps udrul's data in SQLite or PostgreSQL with one set of
// hand-written SQL. Statements are written with ? placeholders and rebound to
// $n for PostgreSQL; the few real differences live in the per-dialect
// migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when an optimistic-concurrency check fails: the row
// changed since the caller read it.
var ErrConflict = errors.New("conflict")

// DB is an open store.
type DB struct {
	sql      *sql.DB
	postgres bool
	url      string
}

// pgMaxConns bounds one process's PostgreSQL connections.
const pgMaxConns = 20

// sqliteMaxConns bounds one process's SQLite connections (see Open).
const sqliteMaxConns = 4

// IsPostgres reports whether the URL names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open connects to url: a postgres:// URL or an SQLite file path. It does
// not migrate; call Migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	db := &DB{url: url, postgres: IsPostgres(url)}
	var err error
	if db.postgres {
		db.sql, err = sql.Open("pgx", url)
		if err == nil {
			// Without a bound, a burst of requests opens a connection each
			// and PostgreSQL refuses the ones past its max_connections
			// (100 by default) with "too many clients"; bounded, they
			// queue here. Several server instances share the limit.
			db.sql.SetMaxOpenConns(pgMaxConns)
			db.sql.SetMaxIdleConns(pgMaxConns / 2)
			db.sql.SetConnMaxIdleTime(5 * time.Minute)
		}
	} else {
		if url == "" {
			return nil, errors.New("store: no database given")
		}
		// WAL lets readers run beside the one writer; IMMEDIATE transactions
		// take the write lock up front so two writers queue instead of
		// deadlocking on lock upgrade; busy_timeout makes them wait.
		dsn := "file:" + url + "?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
		db.sql, err = sql.Open("sqlite", dsn)
		if err == nil {
			// Each SQLite connection has its own page cache (2 MB by
			// default) and statement memory: unbounded, 200 concurrent
			// requests opened 200 of them (556 MiB resident under load,
			// docs/performance.md "Load"). Writers queue on the one write
			// lock anyway and readers are CPU-bound, so a few suffice;
			// requests beyond them queue in database/sql.
			db.sql.SetMaxOpenConns(sqliteMaxConns)
			db.sql.SetMaxIdleConns(sqliteMaxConns)
			db.sql.SetConnMaxIdleTime(5 * time.Minute)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", Redact(url), err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Dialect names the database kind, for logs.
func (db *DB) Dialect() string {
	if db.postgres {
		return "postgres"
	}
	return "sqlite"
}

// Redact hides a password in a database URL for printing.
func Redact(url string) string {
	if i := strings.Index(url, "://"); i >= 0 {
		rest := url[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if c := strings.Index(rest[:at], ":"); c >= 0 {
				return url[:i+3] + rest[:c] + ":xxxxx" + rest[at:]
			}
		}
	}
	return url
}

// Tx is a transaction. All reads and writes of the store's use cases go
// through one, so a use case either happens completely or not at all.
type Tx struct {
	q        querier
	postgres bool
	now      time.Time
}

// querier is what *sql.Tx and *sql.Conn have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.q.ExecContext(ctx, rebind(t.postgres, q), args...)
}

func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.q.QueryContext(ctx, rebind(t.postgres, q), args...)
}

func (t *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.q.QueryRowContext(ctx, rebind(t.postgres, q), args...)
}

// Now is the transaction's timestamp.
func (t *Tx) Now() time.Time { return t.now }

// InTx runs fn in a transaction and commits if it returns nil. now is the
// timestamp written to rows the transaction creates.
func (db *DB) InTx(ctx context.Context, now time.Time, fn func(*Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	// Microseconds are what both databases keep (see ts), so a value the
	// transaction writes reads back equal to Tx.Now.
	t := &Tx{q: tx, postgres: db.postgres, now: now.UTC().Truncate(time.Microsecond)}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// ReadTx runs fn in a read-only transaction, so it sees one consistent state.
func (db *DB) ReadTx(ctx context.Context, fn func(*Tx) error) error {
	if !db.postgres {
		// SQLite's _txlock=immediate would take the write lock; a plain
		// connection read is already consistent per statement, and WAL gives
		// snapshot reads within a deferred transaction.
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
			return fmt.Errorf("store: begin read: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return fn(&Tx{q: conn})
	}
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(&Tx{q: tx, postgres: true})
}

// rebind turns ? placeholders into $1, $2, … for PostgreSQL. Our SQL never
// contains a literal question mark.
func rebind(postgres bool, q string) string {
	if !postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Timestamps have one convention per dialect, and every write and read goes
// through ts and timestamp:
//   - PostgreSQL: TIMESTAMPTZ (microsecond precision).
//   - SQLite: TEXT in UTC with a fixed width, tsLayout, e.g.
//     2026-03-01T09:30:00.000000Z. Fixed width makes SQLite's text
//     comparison time order (leases, expiries, "since" queries compare in
//     SQL); microseconds are PostgreSQL's precision, so both databases hold
//     the same instant and a value reads back equal to what was written.
//
// Migration 0009 brought older rows (RFC 3339 of varying width) to this form.
const tsLayout = "2006-01-02T15:04:05.000000Z"

// ts formats a timestamp for writing; PostgreSQL parses the same text.
// Format truncates to microseconds, as Tx.now already is.
func ts(t time.Time) string { return t.UTC().Format(tsLayout) }

// optTime is ts for a nullable column: the zero time is NULL.
func optTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}

// timestamp scans the text SQLite holds and the time.Time PostgreSQL
// returns; NULL scans as the zero time.
type timestamp struct{ t *time.Time }

func (s timestamp) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a timestamp", src)
	}
	return nil
}

func (s timestamp) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return err
	}
	*s.t = t.UTC()
	return nil
}

// notFound turns sql.ErrNoRows into ErrNotFound with context.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return err
}

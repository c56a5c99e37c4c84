package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// timestamp scans the RFC 3339 text SQLite holds and the time.Time
// PostgreSQL returns; NULL scans as the zero time.
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

// ts formats a timestamp for writing; both databases parse RFC 3339.
func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// notFound turns sql.ErrNoRows into ErrNotFound with context.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return err
}

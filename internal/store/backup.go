package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres says that PostgreSQL is backed up with its own tools.
var ErrBackupPostgres = errors.New("a PostgreSQL database is backed up with pg_dump and restored with pg_restore (README: Running it for real)")

// Backup writes a consistent copy of an SQLite database to a new file with
// VACUUM INTO, while servers keep using the database: the copy is one
// snapshot of the whole database, compacted, and a complete SQLite
// database that `udrul serve --db FILE` can open as it is.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.postgres {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists already; give a new file", path)
	}
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

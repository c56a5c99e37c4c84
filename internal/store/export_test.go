package store

import (
	"context"
	"database/sql"
)

// ExecForTest runs raw SQL inside a transaction, for tests of constraints.
func (t *Tx) ExecForTest(ctx context.Context, q string) error {
	_, err := t.exec(ctx, q)
	return err
}

// SQLForTest is the database handle, for tests that read the schema itself.
func (db *DB) SQLForTest() *sql.DB { return db.sql }

// MigrateToForTest applies the migrations up to version, to build an older
// release's schema.
func (db *DB) MigrateToForTest(ctx context.Context, version int) ([]string, error) {
	return db.migrateTo(ctx, version)
}

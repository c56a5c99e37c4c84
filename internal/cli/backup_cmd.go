package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/udrul/udrul/internal/store"
)

// runBackup copies an SQLite database to a new file while it is in use
// (store.DB.Backup). It does not migrate: a backup is of the database as it is.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, c := flags("backup", getenv, false, "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.db == "" || fs.NArg() != 1 {
		return errors.New("backup needs --db and one new file to write")
	}
	if store.IsPostgres(c.db) {
		return store.ErrBackupPostgres
	}
	if _, err := os.Stat(c.db); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fi, err := os.Stat(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s (%d bytes) in %s\n", c.db, fs.Arg(0), fi.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}

package cli_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/demo"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// Several tests serve the full demo (TestBrowser's two halves,
// TestPrintLayout, TestNoRawKeysOnDemoPages). Building it is the slowest
// step of this package's tests, and each build as of the same day gives the
// same database, so it is built once per test run and every test gets a
// copy of the file to change as it likes (issue 11: a faster suite).

var demoSnapshot struct {
	once sync.Once
	path string
	err  error
}

// demoDB returns the path of a new SQLite database of the test's own
// holding the demo as `udrul demo` makes it today: demo.Load, the demo
// users and the follow-up data.
func demoDB(t *testing.T) string {
	t.Helper()
	s := &demoSnapshot
	s.once.Do(buildDemoOnce)
	if s.err != nil {
		t.Fatalf("demo snapshot: %v", s.err)
	}
	url := storetest.EmptySQLiteURL(t)
	b, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(url, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return url
}

func buildDemoOnce() { demoSnapshot.path, demoSnapshot.err = buildDemoSnapshot() }

func buildDemoSnapshot() (string, error) {
	ctx := context.Background()
	path := filepath.Join(tempDir, "demo.db")
	tmpl, err := storetest.SQLiteTemplate()
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(tmpl)
	if err != nil {
		return "", err
	}
	build := path + ".build"
	if err := os.WriteFile(build, b, 0o600); err != nil {
		return "", err
	}
	db, err := store.Open(ctx, build)
	if err != nil {
		return "", err
	}
	im, err := data.ImplementationModel()
	if err != nil {
		db.Close()
		return "", err
	}
	a := app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	today := a.Today()
	if err := demo.Load(ctx, a, today); err != nil {
		db.Close()
		return "", err
	}
	if err := demo.EnsureUsers(ctx, a, "", io.Discard); err != nil {
		db.Close()
		return "", err
	}
	if err := demo.LoadFollowup(ctx, a, today); err != nil {
		db.Close()
		return "", err
	}
	// Closing the last connection folds the write-ahead log into the file,
	// so the file alone is the database.
	if err := db.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(build, path)
}

package demo_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/demo"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// Building the full demo is the slowest step of this package's tests, and
// several tests build it as of the same day with the same clock, which
// gives the same database. So each day's demo.Load runs once per test run
// and every test gets a copy of the file (issue 11: a faster suite).

var (
	snapshotDir  string
	snapshotsMu  sync.Mutex
	snapshotDays = map[string]*snapshot{}
)

type snapshot struct {
	once sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "udrul-demo-")
	if err != nil {
		panic(err)
	}
	snapshotDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// clock is the demo tests' clock: 10:00 UTC on today.
func clock(today model.Date) func() time.Time {
	return func() time.Time { return today.Time().Add(10 * time.Hour) }
}

func newApp(t *testing.T, db *store.DB, today model.Date) *app.App {
	t.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	return app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), clock(today))
}

// loadedDemo returns an App on a database of its own holding the demo as
// demo.Load builds it on day, with the clock at 10:00 UTC that day.
func loadedDemo(t *testing.T, day string) (*app.App, model.Date) {
	t.Helper()
	today, err := model.ParseDate(day)
	if err != nil {
		t.Fatal(err)
	}
	snapshotsMu.Lock()
	s := snapshotDays[day]
	if s == nil {
		s = &snapshot{path: filepath.Join(snapshotDir, day+".db")}
		snapshotDays[day] = s
	}
	snapshotsMu.Unlock()
	s.once.Do(func() { s.err = buildSnapshot(t, s.path, today) })
	if s.err != nil {
		t.Fatalf("demo as of %s: %v", day, s.err)
	}
	url := storetest.EmptySQLiteURL(t)
	b, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(url, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return newApp(t, storetest.Open(t, url), today), today
}

func buildSnapshot(t *testing.T, path string, today model.Date) error {
	ctx := context.Background()
	tmp := path + ".build"
	if err := os.WriteFile(tmp, mustRead(t, storetest.SQLiteURL(t)), 0o600); err != nil {
		return err
	}
	db, err := store.Open(ctx, tmp)
	if err != nil {
		return err
	}
	if err := demo.Load(ctx, newApp(t, db, today), today); err != nil {
		db.Close()
		return err
	}
	// Closing the last connection folds the write-ahead log into the file.
	if err := db.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

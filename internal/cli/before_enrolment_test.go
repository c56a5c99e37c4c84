package cli_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// enrolLongAgo enrols municipalities directly (not through the server) as
// if they had joined the programme a year before today, so that tasks that
// ended since are red rather than "før tilmelding" (docs/before-enrolment.md):
// the API enrols as of today, and these tests need overdue tasks.
func enrolLongAgo(t *testing.T, dbURL, programme string, es []app.Enrolment) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	now, err := model.ParseDate(today())
	if err != nil {
		t.Fatal(err)
	}
	for i := range es {
		es[i].EnrolledOn = now.AddDays(-365)
	}
	if _, err := a.Enrol(ctx, app.System("test"), programme, es); err != nil {
		t.Fatal(err)
	}
}

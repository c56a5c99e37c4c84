package gen_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// newApp opens and migrates the database at url and returns an App on it
// whose clock stands still, so generated data is the same every run.
func newApp(tb testing.TB, url string) *app.App {
	tb.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		tb.Fatal(err)
	}
	db := storetest.Open(tb, url)
	return app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time {
		return time.Date(2027, time.June, 1, 12, 0, 0, 0, time.UTC)
	})
}

// smallOptions is a programme small enough for a unit test that still has
// institutions, several waves and every status.
func smallOptions() gen.Options {
	o := gen.DefaultOptions()
	o.Municipalities, o.Institutions, o.Tasks, o.InstitutionTasks = 6, 3, 40, 10
	o.Waves, o.WaveSpacing = 3, 15
	return o
}

// The overview colours buckets of (type, status, end date) per plan; the
// result must be what colouring every instance with model.TaskColour gives,
// for any date, also on the edges of the red and yellow windows, after
// status changes, a changed catalogue and a withdrawn task.
func TestOverviewCountsEqualTaskColours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		o := smallOptions()
		st, err := gen.Populate(ctx, a, o)
		if err != nil {
			t.Fatal(err)
		}
		if st.Instances != o.Instances() || st.StatusChanges == 0 {
			t.Fatalf("stats %+v, want %d instances and some status changes", st, o.Instances())
		}
		// Version 2 moves one task's end; version 3 also withdraws the last task.
		v2, _ := gen.ChangedCatalogue(o.Tasks, o.InstitutionTasks, o.Seed)
		v3 := v2[:bytes.LastIndex(v2, []byte("\n  - key: "))+1]
		for _, v := range [][]byte{v2, v3} {
			if _, err := a.Publish(ctx, app.System("test"), "v.yaml", v, o.Programme); err != nil {
				t.Fatal(err)
			}
		}

		// Every instance, read once: statuses do not depend on the date asked about.
		ov, err := a.Overview(ctx, nil, o.Programme, st.Asof)
		if err != nil {
			t.Fatal(err)
		}
		tasks := map[string][]app.TaskView{}
		ends := map[model.Date]bool{}
		withdrawn := 0
		for _, m := range ov.Municipalities {
			p, err := a.Plan(ctx, nil, o.Programme, m.Code, st.Asof)
			if err != nil {
				t.Fatal(err)
			}
			tasks[m.Code] = p.Tasks
			for _, x := range p.Tasks {
				ends[x.End] = true
				if x.Withdrawn {
					withdrawn++
				}
			}
		}
		if withdrawn == 0 {
			t.Fatal("no withdrawn instance to test with")
		}

		cal := a.Calendar()
		const warningDays = 3
		dates := []model.Date{st.Asof, st.FirstGoLive, st.LastGoLive, model.NewDate(2027, time.May, 1) /* a Saturday */}
		i := 0
		for e := range ends {
			if i++; i%4 != 0 { // a quarter of the end dates, with their edges
				continue
			}
			dates = append(dates,
				e,                                     // due today: yellow if not started
				e+1,                                   // the day after: red unless completed
				cal.AddWorkingDays(e, -warningDays),   // last day of the yellow window
				cal.AddWorkingDays(e, -warningDays-1), // just before it
				cal.AddWorkingDays(e, -warningDays).AddDays(-1)) // may be a day off
		}
		var seen model.Counts
		for _, asof := range dates {
			ov, err := a.Overview(ctx, nil, o.Programme, asof)
			if err != nil {
				t.Fatal(err)
			}
			warn := cal.WarnUntil(asof, warningDays)
			if ov.WarnUntil != warn {
				t.Fatalf("asof %s: overview warns until %s, want %s", asof, ov.WarnUntil, warn)
			}
			var national model.Counts
			for _, m := range ov.Municipalities {
				var want model.Counts
				for _, x := range tasks[m.Code] {
					if !x.Withdrawn {
						want.Add(model.TaskColour(x.Type, x.Status, x.End, asof, warn), 1)
					}
				}
				if m.Counts != want {
					t.Errorf("asof %s, %s: overview counts %+v, counting instances gives %+v", asof, m.Code, m.Counts, want)
				}
				national.Merge(want)
			}
			if ov.National != national {
				t.Errorf("asof %s: national %+v, want %+v", asof, ov.National, national)
			}
			seen.Merge(national)
		}
		t.Logf("%d dates, colours summed over them %+v, %d withdrawn instances", len(dates), seen, withdrawn)
		if seen.Green == 0 || seen.Yellow == 0 || seen.Red == 0 || seen.None == 0 {
			t.Errorf("the dates tested do not produce every colour: %+v", seen)
		}
	})
}

// Populate is deterministic: the same options give the same statuses.
func TestPopulateIsDeterministic(t *testing.T) {
	ctx := context.Background()
	var first *app.Overview
	for range 2 {
		a := newApp(t, storetest.SQLiteURL(t))
		st, err := gen.Populate(ctx, a, smallOptions())
		if err != nil {
			t.Fatal(err)
		}
		ov, err := a.Overview(ctx, nil, st.Programme, st.Asof)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = ov
			continue
		}
		for i, m := range ov.Municipalities {
			if m != first.Municipalities[i] {
				t.Errorf("run 2: %+v, run 1: %+v", m, first.Municipalities[i])
			}
		}
		if _, err := gen.Populate(ctx, a, smallOptions()); err == nil {
			t.Error("populating the same programme twice: no error")
		}
	}
}

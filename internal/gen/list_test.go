package gen_test

import (
	"bytes"
	"context"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/paging"
	"github.com/udrul/udrul/internal/store/storetest"
)

// The instance list filters colours in SQL (store.ListInstances): for
// several dates, each colour's list, walked page by page, must be exactly
// the live instances model.TaskColour gives that colour, in end-date
// order, and one task's colour counts across municipalities must agree.
func TestInstanceListColoursEqualTaskColours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		a := newApp(t, dbURL)
		o := smallOptions()
		st, err := gen.Populate(ctx, a, o)
		if err != nil {
			t.Fatal(err)
		}
		ov, err := a.Overview(ctx, nil, o.Programme, st.Asof)
		if err != nil {
			t.Fatal(err)
		}
		var all []app.TaskView
		for _, m := range ov.Municipalities {
			p, err := a.Plan(ctx, nil, o.Programme, m.Code, st.Asof)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, p.Tasks...)
		}
		cal := a.Calendar()
		spec := paging.Spec{Name: "t", Filters: []string{paging.ParamColour, paging.ParamType, paging.ParamTask}}
		seen := map[model.Colour]int{}
		for _, asof := range []model.Date{st.Asof, st.FirstGoLive, cal.AddWorkingDays(st.Asof, 10), st.LastGoLive} {
			warn := cal.WarnUntil(asof, 3)
			for _, c := range []model.Colour{model.Green, model.Yellow, model.Red, model.None} {
				want := map[int64]bool{}
				for _, x := range all {
					if !x.Withdrawn && model.TaskColour(x.Type, x.Status, x.End, asof, warn) == c {
						want[x.ID] = true
					}
				}
				v := url.Values{"colour": {string(c)}, "limit": {"97"}}
				got, last, total := 0, model.NoDate, -1
				for {
					q, err := paging.Parse(v, spec)
					if err != nil {
						t.Fatal(err)
					}
					p, err := a.TaskInstances(ctx, nil, o.Programme, asof, q)
					if err != nil {
						t.Fatal(err)
					}
					total = p.Page.Total
					for _, x := range p.Items {
						if !want[x.ID] || x.Colour != c || x.End < last {
							t.Fatalf("asof %s, %s: instance %d (%s, %s, end %s) listed, colour %s, after end %s", asof, c, x.ID, x.Type, x.Status, x.End, x.Colour, last)
						}
						got, last = got+1, x.End
					}
					if p.Page.NextCursor == "" {
						break
					}
					v.Set("cursor", p.Page.NextCursor)
				}
				if got != len(want) || total != len(want) {
					t.Errorf("asof %s, %s: listed %d, total %d, want %d", asof, c, got, total, len(want))
				}
				seen[c] += got
			}
		}
		if len(seen) != 4 || seen[model.Yellow] == 0 || seen[model.Red] == 0 || seen[model.Green] == 0 || seen[model.None] == 0 {
			t.Errorf("the dates do not produce every colour: %v", seen)
		}

		// One task across municipalities: counts equal colouring its instances.
		key := all[0].Key
		for _, x := range all {
			if x.Type == model.Critical {
				key = x.Key
				break
			}
		}
		q, _ := paging.Parse(url.Values{}, paging.Spec{Name: "a"})
		across, err := a.TaskAcrossMunicipalities(ctx, nil, o.Programme, key, st.Asof, q)
		if err != nil {
			t.Fatal(err)
		}
		var want model.Counts
		for _, x := range all {
			if x.Key == key && !x.Withdrawn {
				want.Add(model.TaskColour(x.Type, x.Status, x.End, st.Asof, across.WarnUntil), 1)
			}
		}
		if across.Counts != want || across.Page.Total != want.Green+want.Yellow+want.Red+want.None {
			t.Errorf("task %s across municipalities: %+v, total %d; want %+v", key, across.Counts, across.Page.Total, want)
		}
		if _, err := a.TaskAcrossMunicipalities(ctx, nil, o.Programme, "findesikke", st.Asof, q); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("unknown task: %v", err)
		}
	})
}

// The streamed overview workbook (App.ExportOverviewEach with
// export.OverviewXLSXTo) holds the same cells as the one built in memory
// from App.ExportOverview.
func TestOverviewExportStreamEqualsHeld(t *testing.T) {
	ctx := context.Background()
	a := newApp(t, storetest.SQLiteURL(t))
	o := smallOptions()
	st, err := gen.Populate(ctx, a, o)
	if err != nil {
		t.Fatal(err)
	}
	ov, err := a.ExportOverview(ctx, nil, o.Programme, st.Asof)
	if err != nil {
		t.Fatal(err)
	}
	held, err := export.OverviewXLSX(ov, app.DepsText)
	if err != nil {
		t.Fatal(err)
	}
	var streamed bytes.Buffer
	err = a.ExportOverviewEach(ctx, nil, o.Programme, st.Asof, func(head export.Overview, each func(func(export.OverviewRow) error) error) error {
		return export.OverviewXLSXTo(&streamed, head, each, app.DepsText)
	})
	if err != nil {
		t.Fatal(err)
	}
	rows := func(b []byte, sheet string) [][]string {
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, sheet := range []string{"Kommuner", "Opgaver"} {
		h, s := rows(held, sheet), rows(streamed.Bytes(), sheet)
		if !reflect.DeepEqual(h, s) {
			t.Errorf("sheet %s: streamed %d rows, held %d; differ:\n%q\n%q", sheet, len(s), len(h), s, h)
		}
		if len(h) < o.Municipalities+1 {
			t.Errorf("sheet %s: %d rows", sheet, len(h))
		}
		if sheet == "Kommuner" && len(s) > 1 && !strings.Contains(s[1][5], " ") {
			t.Errorf("sheet Kommuner: phase %q shown without its name", s[1][5])
		}
	}
	if err := a.ExportOverviewEach(ctx, nil, "findesikke", st.Asof, nil); app.ErrorCode(err) != app.CodeNotFound {
		t.Error("unknown programme")
	}
}

// The overview caches each plan's counts for a date under the version of
// its instances kept in the database: a status changed through another App
// on the same database (another server) shows in the next overview, and
// the counts always equal colouring each instance.
func TestOverviewCacheFollowsChangesOfAnotherServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		a := newApp(t, dbURL)
		o := smallOptions()
		st, err := gen.Populate(ctx, a, o)
		if err != nil {
			t.Fatal(err)
		}
		other := newApp(t, dbURL)
		check := func(when string) *app.Overview {
			ov, err := a.Overview(ctx, nil, o.Programme, st.Asof)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ov.Municipalities {
				p, err := other.Plan(ctx, nil, o.Programme, m.Code, st.Asof)
				if err != nil {
					t.Fatal(err)
				}
				if p.Counts != m.Counts {
					t.Fatalf("%s, %s: overview %+v, plan %+v", when, m.Code, m.Counts, p.Counts)
				}
			}
			return ov
		}
		before := check("first")
		check("cached")
		// Another server completes a red task.
		var red app.TaskView
		for _, m := range before.Municipalities {
			p, _ := other.Plan(ctx, nil, o.Programme, m.Code, st.Asof)
			for _, x := range p.Tasks {
				if x.Colour == model.Red && red.ID == 0 {
					red = x
				}
			}
		}
		if red.ID == 0 {
			t.Fatal("no red task")
		}
		if _, err := other.SetStatus(ctx, app.System("test"), red.ID, app.StatusChange{Status: model.Completed, Version: red.Version}); err != nil {
			t.Fatal(err)
		}
		after := check("after another server's change")
		if after.National.Red != before.National.Red-1 || after.National.Green != before.National.Green+1 {
			t.Errorf("national before %+v, after %+v", before.National, after.National)
		}
	})
}

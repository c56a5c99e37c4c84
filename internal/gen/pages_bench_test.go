package gen_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/web"
)

// Issue 15: no page over 200 KB at 98 municipalities × 150 tasks nor in the
// one-million-instance database. BenchmarkPagesAtScale renders the pages
// that list many rows through the real handler chain, signed in as a
// central administrator, and reports server time and size (B/page); a page
// over 200 KB fails the benchmark.
//
//	go test -run '^$' -bench PagesAtScale/98x150 -benchtime 5x ./internal/gen/
//	UDRUL_BENCH_SQLITE=/tmp/udrul-1m.db go test -run '^$' -bench PagesAtScale/1M -benchtime 5x ./internal/gen/
func BenchmarkPagesAtScale(b *testing.B) {
	b.Run("98x150", func(b *testing.B) {
		a := newApp(b, storetest.SQLiteURL(b))
		o := gen.DefaultOptions()
		o.Institutions, o.InstitutionTasks = 0, 0
		st, err := gen.Populate(context.Background(), a, o)
		if err != nil {
			b.Fatal(err)
		}
		benchPages(b, a, st)
	})
	b.Run("1M", func(b *testing.B) {
		a, st := bigApp(b, "sqlite")
		benchPages(b, a, st)
	})
}

func benchPages(b *testing.B, a *app.App, st gen.Stats) {
	ctx := context.Background()
	const email, password = "bench-admin@kombit.dk", "benchmark-kodeord-1234"
	token, _, err := a.Login(ctx, email, password, "127.0.0.1", "benchmark")
	if err != nil { // a fresh database, or a kept one used for the first time
		if err := a.EnsureCentralOrganisations(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := a.CreateUser(ctx, app.NewUser{Email: email, Name: "Benchmark", Role: access.Admin, Org: "kombit", Password: password}); err != nil {
			b.Fatal(err)
		}
		if token, _, err = a.Login(ctx, email, password, "127.0.0.1", "benchmark"); err != nil {
			b.Fatal(err)
		}
	}
	srv, err := web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	get := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(&http.Cookie{Name: "udrul_session", Value: token})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	plan, err := a.Plan(ctx, nil, st.Programme, "G001", st.Asof)
	if err != nil {
		b.Fatal(err)
	}
	muniTask, instTask := plan.Tasks[0], plan.Tasks[0]
	for _, t := range plan.Tasks {
		if t.InstitutionName != "" {
			instTask = t
			break
		}
	}
	asof := "?asof=" + st.Asof.String()
	p := "/programmes/" + st.Programme
	pages := []struct{ name, path string }{
		{"overview", p + asof},
		{"followup-worklist", p + "/followup" + asof},
		{"catalogue", p + "/catalogue"},
		{"plan", p + "/municipalities/G001" + asof},
		{"gantt", p + "/municipalities/G001/gantt" + asof},
		{"plan-task", p + "/municipalities/G001/tasks/" + instTask.Key + asof},
		{"task-across-municipalities", p + "/catalogue/tasks/" + muniTask.Key + "/kommuner" + asof},
		{"task-across-institutions", p + "/catalogue/tasks/" + instTask.Key + "/kommuner" + asof},
		{"task", fmt.Sprintf("/tasks/%d", instTask.ID)},
		{"contacts", p + "/municipalities/G001/contacts"},
		{"hypercare", p + "/hypercare" + asof},
		{"admin-organisations", "/admin/organisations"},
	}
	for _, pg := range pages {
		b.Run(pg.name, func(b *testing.B) {
			first := get(pg.path)
			if first.Code != http.StatusOK {
				b.Fatalf("GET %s: %d\n%.500s", pg.path, first.Code, first.Body.String())
			}
			size := first.Body.Len()
			start := cpuNow()
			for b.Loop() {
				if rec := get(pg.path); rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", pg.path, rec.Code)
				}
			}
			// CPU time of the whole process per page: on the shared
			// machine a steadier figure than the wall time.
			b.ReportMetric(float64((cpuNow()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(size), "B/page")
			if size > 200_000 {
				b.Errorf("GET %s: %d bytes, over 200 KB", pg.path, size)
			}
		})
	}
}

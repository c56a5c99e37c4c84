package gen_test

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/paging"
)

// The Redmine comparison (issue 15): "open critical tasks past their end
// date, all municipalities, first 100" as one paged request in the
// one-million-instance database – App.TaskInstances with
// type=kritisk&colour=red&limit=100 plus the JSON the API sends; then the
// next page by its cursor. Redmine answered the same question in 598 ms
// (median, 100 per page); scripts/overdue-side-by-side.sh re-measures both.
func BenchmarkOverdueCritical1M(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			a, st := bigApp(b, kind)
			ctx := context.Background()
			spec := paging.Spec{Name: "tasks", Filters: []string{paging.ParamType, paging.ParamColour}}
			q, err := paging.Parse(url.Values{"type": {"kritisk"}, "colour": {"red"}, "limit": {"100"}}, spec)
			if err != nil {
				b.Fatal(err)
			}
			first, err := a.TaskInstances(ctx, nil, st.Programme, st.Asof, q)
			if err != nil {
				b.Fatal(err)
			}
			if len(first.Items) != 100 || first.Page.NextCursor == "" {
				b.Fatalf("first page: %d items, total %d", len(first.Items), first.Page.Total)
			}
			b.Logf("as of %s: %d open critical tasks past their end date", st.Asof, first.Page.Total)
			q2, err := paging.Parse(url.Values{"type": {"kritisk"}, "colour": {"red"}, "limit": {"100"}, "cursor": {first.Page.NextCursor}}, spec)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct {
				name string
				q    paging.Query
			}{{"first", q}, {"next", q2}} {
				b.Run(c.name, func(b *testing.B) {
					cpu := cpuNow()
					for range b.N {
						p, err := a.TaskInstances(ctx, nil, st.Programme, st.Asof, c.q)
						if err != nil {
							b.Fatal(err)
						}
						if err := json.NewEncoder(io.Discard).Encode(p); err != nil {
							b.Fatal(err)
						}
					}
					reportMS(b)
					reportCPU(b, cpu)
				})
			}
		})
	}
}

// BenchmarkOverview1M measures the overview as the server meets it most:
// plans unchanged since their counts for the date were cached, so only
// plan_totals is read. Cold is every plan counted again each time (a date
// not asked before, or every plan changed): the totals and two end-date
// ranges in one statement.
func BenchmarkOverview1MCold(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			a, st := bigApp(b, kind)
			ctx := context.Background()
			cpu := cpuNow()
			for range b.N {
				a.ForgetOverviewCounts()
				ov, err := a.Overview(ctx, nil, st.Programme, st.Asof)
				if err != nil {
					b.Fatal(err)
				}
				if err := json.NewEncoder(io.Discard).Encode(ov); err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkOverview1MWarm is BenchmarkOverview1M with the process's CPU
// time per call beside the wall time: on a machine shared with other work
// the CPU time is what one call costs, the wall time what it waited too.
func BenchmarkOverview1MWarm(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			a, st := bigApp(b, kind)
			ctx := context.Background()
			if _, err := a.Overview(ctx, nil, st.Programme, st.Asof); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			cpu := cpuNow()
			for range b.N {
				ov, err := a.Overview(ctx, nil, st.Programme, st.Asof)
				if err != nil {
					b.Fatal(err)
				}
				if err := json.NewEncoder(io.Discard).Encode(ov); err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
			reportCPU(b, cpu)
		})
	}
}

// cpuNow is the process's user and system CPU time so far.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per iteration since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuNow()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

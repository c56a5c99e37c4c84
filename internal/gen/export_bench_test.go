package gen_test

import (
	"context"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/store/storetest"
)

// peakHeap samples the live heap every 2 ms while fn runs and
// returns the highest value above the heap before it.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak - min(base, peak)
}

// The national overview workbook of 98 municipalities × 150 tasks with the
// generator's statuses, as GET …/overview.xlsx serves it: "held" reads and
// analyses every plan, then builds the workbook in memory (the way it was
// before issue 15); "stream" reads one plan at a time and writes the
// workbook through excelize's stream writer to the response. Reported:
// ms/op and the peak live heap above the start (peak-MB).
func BenchmarkOverviewExport98x150(b *testing.B) {
	a := newApp(b, storetest.SQLiteURL(b))
	ctx := context.Background()
	o := gen.DefaultOptions()
	o.Institutions, o.InstitutionTasks = 0, 0
	st, err := gen.Populate(ctx, a, o)
	if err != nil {
		b.Fatal(err)
	}
	run := map[string]func() error{
		"held": func() error {
			ov, err := a.ExportOverview(ctx, nil, st.Programme, st.Asof)
			if err != nil {
				return err
			}
			x, err := export.OverviewXLSX(ov, app.DepsText)
			if err != nil {
				return err
			}
			_, err = io.Discard.Write(x)
			return err
		},
		"stream": func() error {
			return a.ExportOverviewEach(ctx, nil, st.Programme, st.Asof, func(head export.Overview, each func(func(export.OverviewRow) error) error) error {
				return export.OverviewXLSXTo(io.Discard, head, each, app.DepsText)
			})
		},
	}
	for _, name := range []string{"held", "stream"} {
		b.Run(name, func(b *testing.B) {
			var peak uint64
			for range b.N {
				var err error
				peak = max(peak, peakHeap(func() { err = run[name]() }))
				if err != nil {
					b.Fatal(err)
				}
			}
			reportMS(b)
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

package app_test

// BenchmarkHandbookJob measures the second handbook target
// (docs/performance.md, "Implementation handbook"): every enrolled
// municipality's handbook of a programme generated as one job with
// progress, ≤ 20 s at demo size. The database is the demo as `udrul demo`
// builds it (demo.Load, its users and follow-up data): KSD with all 98
// municipalities enrolled, its 103-task catalogue, institutions, checkpoints,
// contacts and the handbook versions the demo has sent. One iteration is
// the whole job as a server runs it: StartHandbooks queues it, a
// JobWorker claims it, reads every plan in one transaction, renders the
// 98 PDFs in parallel and stores them with the job in the transaction that
// finishes it.

import (
	"context"
	"encoding/json"
	"io"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/demo"
	"github.com/udrul/udrul/internal/model"
)

func BenchmarkHandbookJob(b *testing.B) {
	for _, db := range handbookDatabases {
		b.Run(db.name, func(b *testing.B) {
			ctx := context.Background()
			a := handbookApp(b, db.url(b), time.Now)
			today := a.Today()
			if err := demo.Load(ctx, a, today); err != nil {
				b.Fatal(err)
			}
			if err := demo.EnsureUsers(ctx, a, "", io.Discard); err != nil {
				b.Fatal(err)
			}
			if err := demo.LoadFollowup(ctx, a, today); err != nil {
				b.Fatal(err)
			}
			w := a.JobWorker()
			var res app.HandbooksResult
			cpu0 := cpuTime()
			for b.Loop() {
				j, err := a.StartHandbooks(ctx, app.System("bench"), "ksd")
				if err != nil {
					b.Fatal(err)
				}
				if ran, err := w.RunOnce(ctx); err != nil || !ran {
					b.Fatalf("run: %v %v", ran, err)
				}
				if j, err = a.Job(ctx, app.System("bench"), j.ID); err != nil || j.State != model.JobDone {
					b.Fatalf("job %+v: %v", j, err)
				}
				if err := json.Unmarshal(j.Result, &res); err != nil {
					b.Fatal(err)
				}
			}
			if res.Made != 98 || res.Failed != 0 {
				b.Fatalf("made %d, failed %d", res.Made, res.Failed)
			}
			// The process's CPU time per job (all goroutines, the database
			// driver included; PostgreSQL's own server process not): on a
			// machine shared with other work the wall time grows, this less.
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(res.Made), "pdfs")
			b.ReportMetric(float64(res.Bytes)/1e6, "MB")
			b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
		})
	}
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

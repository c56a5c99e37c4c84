package gen_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/store"
)

// BenchmarkPublishWithdraw3000x98 is the way back from
// BenchmarkPublishAdd3000x98: the 98 plans hold the 150 tasks and the 3,000
// added ones, and the timed publication withdraws the 3,000 again – 294,000
// instances marked withdrawn, their history entries and the publication
// changes, in one transaction. Each iteration starts from a fresh programme.
// cpu-ms/op is the benchmark process's CPU time in the publication and
// server-cpu-ms/op that of the PostgreSQL backends of the test database
// (when the server runs on this machine), which a busy machine disturbs
// less than the wall-clock time.
func BenchmarkPublishWithdraw3000x98(b *testing.B) {
	benchPublish3000(b, gen.GrownCatalogue(150, 3000, benchSeed), gen.Catalogue(150, 0, benchSeed))
}

// benchPublish3000 times publishing timed to 98 enrolled plans of the
// generated 150-task programme, after publishing before (if any) untimed;
// the timed publication must change 3,000 tasks in all 98 plans. Each
// iteration starts from a fresh programme.
func benchPublish3000(b *testing.B, before, timed []byte) {
	eachDB(b, func(b *testing.B, newURL func() string) {
		ctx := context.Background()
		var cpu, server time.Duration
		for range b.N {
			b.StopTimer()
			url := newURL()
			a, es := nationalApp(b, url, 150)
			if _, err := a.Enrol(ctx, app.System("bench"), gen.ProgrammeKey, es); err != nil {
				b.Fatal(err)
			}
			if before != nil {
				if _, err := a.Publish(ctx, app.System("bench"), "gen.yaml", before, gen.ProgrammeKey); err != nil {
					b.Fatal(err)
				}
			}
			sc := newServerCPU(b, url)
			b.StartTimer()
			c0, s0 := cpuNow(), sc.now()
			res, err := a.Publish(ctx, app.System("bench"), "gen.yaml", timed, gen.ProgrammeKey)
			cpu, server = cpu+cpuNow()-c0, server+sc.now()-s0
			b.StopTimer()
			sc.close()
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Changes) != 3000 || len(res.Municipalities) != 98 {
				b.Fatalf("publication changed %d tasks in %d municipalities", len(res.Changes), len(res.Municipalities))
			}
		}
		reportMS(b)
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		if server > 0 {
			b.ReportMetric(float64(server.Microseconds())/1000/float64(b.N), "server-cpu-ms/op")
		}
	})
}

// serverCPU sums the CPU time of the PostgreSQL backends serving one
// database, read from /proc: it works only when the server runs on this
// machine and its processes are readable, and reads 0 otherwise (and always
// for SQLite, whose work is in the benchmark's own process).
type serverCPU struct {
	db *sql.DB
}

func newServerCPU(tb testing.TB, url string) *serverCPU {
	if !store.IsPostgres(url) {
		return &serverCPU{}
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		tb.Fatal(err)
	}
	return &serverCPU{db: db}
}

func (s *serverCPU) close() {
	if s.db != nil {
		s.db.Close()
	}
}

// now is the CPU time so far of the other backends connected to the
// database (a backend that has exited in between is not counted).
func (s *serverCPU) now() time.Duration {
	if s.db == nil {
		return 0
	}
	rows, err := s.db.QueryContext(context.Background(),
		"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
	if err != nil {
		return 0
	}
	defer rows.Close()
	var total time.Duration
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			return 0
		}
		total += procCPU(pid)
	}
	return total
}

// procCPU is a process's user and system time from /proc/<pid>/stat, in
// clock ticks of 1/100 s (the Linux default USER_HZ).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name in parentheses may hold spaces; fields count from after it.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

package gen_test

// Benchmarks of the performance targets (docs/performance.md):
//
//	(a) BenchmarkEnrol98x150         plans of a 150-task catalogue for 98 municipalities, generated and stored   ≤ 1 s
//	(b) BenchmarkPublishOneChange98  one changed task published to 98 plans                                      ≤ 200 ms
//	(d) BenchmarkPublishAdd3000x98   3,000 added tasks published to 98 plans (294,000 instances)                 ≤ 10 s
//	(c) BenchmarkOverview1M          programme overview over 1,000,000 task instances (SQLite)                   ≤ 50 ms
//
// Each has a sqlite and a postgres sub-benchmark; the postgres ones run when
// UDRUL_TEST_POSTGRES names a server and are skipped otherwise. The
// one-million-instance database is built once per process (about a minute
// on SQLite, two on PostgreSQL) and skipped with -short; UDRUL_BENCH_SQLITE
// (a file path) and UDRUL_BENCH_POSTGRES (the URL of an empty database) keep
// it between runs.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// Environment variables naming where to keep the one-million-instance
// databases between runs: an SQLite file path, and the URL of an existing,
// empty PostgreSQL database. A kept database is built on first use and
// reused (never dropped) after that.
const (
	EnvBenchSQLite   = "UDRUL_BENCH_SQLITE"
	EnvBenchPostgres = "UDRUL_BENCH_POSTGRES"
)

var keepEnv = map[string]string{"sqlite": EnvBenchSQLite, "postgres": EnvBenchPostgres}

const benchSeed = 1

func TestMain(m *testing.M) {
	code := m.Run()
	big.cleanup()
	os.Exit(code)
}

// eachDB runs fn as a sqlite and a postgres sub-benchmark; newURL returns a
// fresh, empty database of that kind each time it is called.
func eachDB(b *testing.B, fn func(b *testing.B, newURL func() string)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, func() string { return storetest.SQLiteURL(b) }) })
	b.Run("postgres", func(b *testing.B) {
		storetest.PostgresURL(b) // skips without a server
		fn(b, func() string { return storetest.PostgresURL(b) })
	})
}

func reportMS(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// nationalApp returns an App on a fresh database holding the generated
// municipalities and the published catalogue of tasks tasks (all at
// municipality level), and the enrolments of all 98 municipalities.
func nationalApp(b *testing.B, url string, tasks int) (*app.App, []app.Enrolment) {
	b.Helper()
	ctx := context.Background()
	a := newApp(b, url)
	munis, _ := gen.Municipalities(98, 0)
	if err := a.LoadOrganisations(ctx, munis, nil); err != nil {
		b.Fatal(err)
	}
	if _, err := a.Publish(ctx, app.System("bench"), "gen.yaml", gen.Catalogue(tasks, 0, benchSeed), ""); err != nil {
		b.Fatal(err)
	}
	codes := make([]string, len(munis))
	for i, m := range munis {
		codes[i] = m.Code
	}
	return a, gen.Enrolments(codes, gen.DefaultOptions())
}

// (a) Enrolling all 98 municipalities in a 150-task programme in one call:
// 14,700 task instances computed from the catalogue and stored, in one
// transaction. Each iteration starts from an empty programme; only Enrol is timed.
func BenchmarkEnrol98x150(b *testing.B) {
	eachDB(b, func(b *testing.B, newURL func() string) {
		ctx := context.Background()
		for range b.N {
			b.StopTimer()
			a, es := nationalApp(b, newURL(), 150)
			b.StartTimer()
			res, err := a.Enrol(ctx, app.System("bench"), gen.ProgrammeKey, es)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if n := len(res) * res[0].Instances; len(res) != 98 || n != 14700 {
				b.Fatalf("%d plans with %d instances", len(res), n)
			}
		}
		reportMS(b)
	})
}

// (b) Publishing a catalogue version that changes one task (its end offset)
// to the 98 enrolled plans: parse and check the file, diff it, store the
// version, move the 98 instances and append their history. Iterations
// alternate between the changed and the original file, so each publishes
// exactly one change.
func BenchmarkPublishOneChange98(b *testing.B) {
	eachDB(b, func(b *testing.B, newURL func() string) {
		a, es := nationalApp(b, newURL(), 150)
		if _, err := a.Enrol(context.Background(), app.System("bench"), gen.ProgrammeKey, es); err != nil {
			b.Fatal(err)
		}
		v2, key := gen.ChangedCatalogue(150, 0, benchSeed)
		benchPublish(b, a, gen.Catalogue(150, 0, benchSeed), v2, key)
	})
	// The same on the one-million-instance programme: the changed task is a
	// municipality task, so again 98 instances move, among a million.
	b.Run("sqlite-1M", func(b *testing.B) {
		a, _ := bigApp(b, "sqlite")
		o := gen.DefaultOptions()
		v2, key := gen.ChangedCatalogue(o.Tasks, o.InstitutionTasks, o.Seed)
		benchPublish(b, a, gen.Catalogue(o.Tasks, o.InstitutionTasks, o.Seed), v2, key)
	})
}

// (d) Publishing a catalogue version that adds 3,000 tasks to the 98
// enrolled plans of a 150-task programme: 294,000 new task instances, their
// publication changes and the version, in one transaction. Only the
// publication is timed; each iteration starts from a fresh programme.
func BenchmarkPublishAdd3000x98(b *testing.B) {
	benchPublish3000(b, nil, gen.GrownCatalogue(150, 3000, benchSeed))
}

// benchPublish publishes v2 and v1 (the published catalogue) in turn; v2
// changes the task key.
func benchPublish(b *testing.B, a *app.App, v1, v2 []byte, key string) {
	ctx := context.Background()
	files := [2][]byte{v2, v1}
	b.ResetTimer()
	for i := range b.N {
		res, err := a.Publish(ctx, app.System("bench"), "gen.yaml", files[i%2], gen.ProgrammeKey)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Changes) != 1 || res.Changes[0].Key != key || len(res.Municipalities) != 98 {
			b.Fatalf("publication changed %d tasks in %d municipalities", len(res.Changes), len(res.Municipalities))
		}
	}
	b.StopTimer()
	reportMS(b)
	if b.N%2 == 1 { // leave the database as it was
		if _, err := a.Publish(ctx, app.System("bench"), "gen.yaml", v1, gen.ProgrammeKey); err != nil {
			b.Fatal(err)
		}
	}
}

// (c) The programme overview as of a date over 1,004,500 task instances
// (98 municipalities × (50 + 100 × 102)): every municipality's counts and
// colour, the waves and the national roll-up, encoded as the API's JSON.
func BenchmarkOverview1M(b *testing.B) {
	logged := map[string]bool{}
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			a, st := bigApp(b, kind)
			ctx := context.Background()
			ov, err := a.Overview(ctx, nil, st.Programme, st.Asof)
			if err != nil {
				b.Fatal(err)
			}
			if n := ov.National.Total(); n != st.Instances || len(ov.Municipalities) != st.Municipalities {
				b.Fatalf("overview counts %d instances in %d municipalities, want %d in %d", n, len(ov.Municipalities), st.Instances, st.Municipalities)
			}
			if !logged[kind] {
				logged[kind] = true
				var munis model.Counts
				for _, m := range ov.Municipalities {
					munis.Add(m.Colour, 1)
				}
				b.Logf("as of %s: instances %+v; municipalities %+v", st.Asof, ov.National, munis)
			}
			b.ResetTimer()
			for range b.N {
				ov, err := a.Overview(ctx, nil, st.Programme, st.Asof)
				if err != nil {
					b.Fatal(err)
				}
				// The JSON the API sends, to count all of the server's work.
				if err := json.NewEncoder(io.Discard).Encode(ov); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			reportMS(b)
		})
	}
}

// big holds the one-million-instance databases, built once per process.
var big = struct {
	sync.Mutex
	urls    map[string]string
	stats   map[string]gen.Stats
	errs    map[string]error
	cleanup func()
}{urls: map[string]string{}, stats: map[string]gen.Stats{}, errs: map[string]error{}, cleanup: func() {}}

// bigApp returns an App on the one-million-instance database of kind
// (sqlite or postgres) and what it holds, building it on first use.
func bigApp(b *testing.B, kind string) (*app.App, gen.Stats) {
	b.Helper()
	if testing.Short() {
		b.Skip("skipping the one-million-instance database in -short mode")
	}
	if kind == "postgres" && os.Getenv(storetest.EnvPostgres) == "" && os.Getenv(EnvBenchPostgres) == "" {
		storetest.PostgresURL(b) // skips with the reason
	}
	big.Lock()
	defer big.Unlock()
	url, ok := big.urls[kind]
	if !ok {
		url, big.stats[kind], big.errs[kind] = buildBig(b, kind)
		big.urls[kind] = url
	}
	if err := big.errs[kind]; err != nil {
		b.Fatalf("building the %s database: %v", kind, err)
	}
	return newApp(b, url), big.stats[kind]
}

func buildBig(b *testing.B, kind string) (string, gen.Stats, error) {
	ctx := context.Background()
	o := gen.DefaultOptions()
	var dbURL string
	switch keep := os.Getenv(keepEnv[kind]); {
	case keep != "":
		dbURL = keep
	case kind == "sqlite":
		dir, err := os.MkdirTemp("", "udrul-bench-")
		if err != nil {
			return "", gen.Stats{}, err
		}
		prev := big.cleanup
		big.cleanup = func() { prev(); os.RemoveAll(dir) }
		dbURL = filepath.Join(dir, "udrul-1m.db")
	default:
		u, drop, err := createPostgres()
		if err != nil {
			return "", gen.Stats{}, err
		}
		prev := big.cleanup
		big.cleanup = func() { prev(); drop() }
		dbURL = u
	}
	a := newApp(b, dbURL)
	progs, err := a.Programmes(ctx)
	if err != nil {
		return "", gen.Stats{}, err
	}
	for _, p := range progs {
		if p.Key == o.Programme { // a kept database, built by an earlier run
			b.Logf("using the %s database kept at %s", kind, store.Redact(dbURL))
			st := gen.Stats{Programme: o.Programme, Municipalities: o.Municipalities, Instances: o.Instances(), Asof: o.WithDefaults().Asof}
			return dbURL, st, nil
		}
	}
	start := time.Now()
	st, err := gen.Populate(ctx, a, o)
	if err != nil {
		return "", st, err
	}
	if kind == "postgres" {
		// The build changes 690,000 statuses within a minute or two, each
		// an UPDATE of a plan_counts row, which leaves some 270,000 dead
		// row versions in that small table. In real use they come over
		// months and autovacuum reclaims them as they appear (and test
		// servers often run with autovacuum off), so compact it as
		// autovacuum would have kept it.
		if err := vacuum(dbURL); err != nil {
			return "", st, err
		}
	}
	b.Logf("built the %s database with %d instances and %d status changes in %s (organisations %s, catalogue %s, plans %s, statuses %s); "+
		"as of %s: %v", kind, st.Instances, st.StatusChanges, time.Since(start).Round(time.Second), st.Organisations.Round(time.Millisecond),
		st.Publish.Round(time.Millisecond), st.Enrol.Round(time.Second), st.Statuses.Round(time.Second), st.Asof, st.ByStatus)
	return dbURL, st, nil
}

func vacuum(url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec("VACUUM (FULL, ANALYZE) plan_counts")
	return err
}

// createPostgres creates a database for the process on the test server and
// returns its URL and a function that drops it.
func createPostgres() (string, func(), error) {
	base := os.Getenv(storetest.EnvPostgres)
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	r := make([]byte, 6)
	rand.Read(r)
	name := "udrul_bench_" + hex.EncodeToString(r)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create %s on %s: %w", name, store.Redact(base), err)
	}
	u.Path = "/" + name
	return u.String(), func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	}, nil
}

package gen_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/model"
)

// enrolInstitutionTasks is how many of BenchmarkEnrol98x150Institutions'
// 150 catalogue tasks are at institution level: 30 (a fifth, like the Aula
// catalogue's 18 of 82).
const enrolInstitutionTasks = 30

// realisticInstitutions gives generated municipality i the schools and
// day-care units of the i-th real municipality (data/: 1,081 folkeskoler
// and 3,966 day-care institutions, 5,047 in all).
func realisticInstitutions(tb testing.TB, munis []model.Organisation) []app.Institution {
	tb.Helper()
	real, err := data.Municipalities()
	if err != nil {
		tb.Fatal(err)
	}
	var out []app.Institution
	for i, m := range munis {
		r := real[i%len(real)]
		for n := 1; n <= r.Schools; n++ {
			out = append(out, app.Institution{Municipality: m.Code, Org: model.Organisation{Code: fmt.Sprintf("%s-s%02d", m.Code, n),
				Name: fmt.Sprintf("Genereret skole %s-%d", m.Code, n), Category: model.CategorySchool}})
		}
		for n := 1; n <= r.DayCare; n++ {
			out = append(out, app.Institution{Municipality: m.Code, Org: model.Organisation{Code: fmt.Sprintf("%s-d%03d", m.Code, n),
				Name: fmt.Sprintf("Genereret dagtilbud %s-%d", m.Code, n), Category: model.CategoryDayCare}})
		}
	}
	return out
}

// BenchmarkEnrol98x150Institutions enrols all 98 municipalities in a
// 150-task catalogue of which 30 tasks are at institution level, in one
// Enrol call (one transaction). "municipality-tasks" has no institutions
// loaded, so only the 120 municipality tasks become instances (11,760) –
// the part the core budget of ≤ 1 s is about; "with-institutions" has the
// real counts of schools and day-care units (5,047), so the 30 institution
// tasks add 151,410 instances. Only Enrol is timed; cpu-ms/op is the
// benchmark process's CPU time in it, which a machine shared with other
// work disturbs less than the wall-clock time (but leaves out PostgreSQL's
// server).
func BenchmarkEnrol98x150Institutions(b *testing.B) {
	eachDB(b, func(b *testing.B, newURL func() string) {
		for _, withInst := range []bool{false, true} {
			name := "municipality-tasks"
			if withInst {
				name = "with-institutions"
			}
			b.Run(name, func(b *testing.B) {
				ctx := context.Background()
				want := 0
				var cpu time.Duration // the process's CPU time in Enrol (not PostgreSQL's)
				for range b.N {
					b.StopTimer()
					a := newApp(b, newURL())
					munis, _ := gen.Municipalities(98, 0)
					var insts []app.Institution
					if withInst {
						insts = realisticInstitutions(b, munis)
					}
					if err := a.LoadOrganisations(ctx, munis, insts); err != nil {
						b.Fatal(err)
					}
					if _, err := a.Publish(ctx, app.System("bench"), "gen.yaml", gen.Catalogue(150, enrolInstitutionTasks, benchSeed), ""); err != nil {
						b.Fatal(err)
					}
					codes := make([]string, len(munis))
					for i, m := range munis {
						codes[i] = m.Code
					}
					es := gen.Enrolments(codes, gen.DefaultOptions())
					want = 98*(150-enrolInstitutionTasks) + enrolInstitutionTasks*len(insts)
					b.StartTimer()
					c0 := cpuNow()
					res, err := a.Enrol(ctx, app.System("bench"), gen.ProgrammeKey, es)
					cpu += cpuNow() - c0
					b.StopTimer()
					if err != nil {
						b.Fatal(err)
					}
					n := 0
					for _, r := range res {
						n += r.Instances
					}
					if len(res) != 98 || n != want {
						b.Fatalf("%d plans with %d instances, want 98 with %d", len(res), n, want)
					}
				}
				b.ReportMetric(float64(want), "instances")
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
				reportMS(b)
			})
		}
	})
}

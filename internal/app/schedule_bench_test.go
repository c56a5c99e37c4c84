package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// BenchmarkScheduleInstitutions analyses the plan of the municipality with
// the most institutions in each Aula track (the real counts of data/, the
// demo catalogues with their dependencies), with a pilot and a later
// institution: the schedule is analysed per task instance, so its network
// has one task per institution and institution task. cpu-ms/op is the
// process's CPU time per analysis (reading the plan included).
func BenchmarkScheduleInstitutions(b *testing.B) {
	ctx := context.Background()
	real, err := data.Municipalities()
	if err != nil {
		b.Fatal(err)
	}
	big := real[0]
	for _, m := range real {
		if m.DayCare+m.Schools > big.DayCare+big.Schools {
			big = m
		}
	}
	cats, err := data.DemoCatalogues()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		file, key, category string
		n                   int
		golive              model.Date
	}{
		{"catalogues/samarbejdsplatformen.yaml", "samarbejdsplatformen", model.CategorySchool, big.Schools, date("2027-05-03")},
		{"catalogues/samarbejdsplatformen-dagtilbud.yaml", "samarbejdsplatformen-dagtilbud", model.CategoryDayCare, big.DayCare, date("2027-10-04")},
	} {
		b.Run(fmt.Sprintf("%s-%d", c.category, c.n), func(b *testing.B) {
			im, err := data.ImplementationModel()
			if err != nil {
				b.Fatal(err)
			}
			a := app.New(storetest.Open(b, storetest.SQLiteURL(b)), im, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time {
				return time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC)
			})
			var insts []app.Institution
			for i := 1; i <= c.n; i++ {
				insts = append(insts, app.Institution{Municipality: big.Code, Org: model.Organisation{Code: fmt.Sprintf("%s-%s%03d", big.Code, c.category[:1], i),
					Name: fmt.Sprintf("Institution %d", i), Category: c.category}})
			}
			if err := a.LoadOrganisations(ctx, []model.Organisation{big.Organisation}, insts); err != nil {
				b.Fatal(err)
			}
			sys := app.System("benchmark")
			if _, err := a.Publish(ctx, sys, c.file, cats[c.file], ""); err != nil {
				b.Fatal(err)
			}
			if _, err := a.Enrol(ctx, sys, c.key, []app.Enrolment{{Code: big.Code, GoLive: c.golive, Wave: 1}}); err != nil {
				b.Fatal(err)
			}
			for _, own := range []struct {
				inst string
				days int
			}{{insts[0].Org.Code, -21}, {insts[len(insts)-1].Org.Code, 7}} {
				if _, err := a.SetInstitutionGoLive(ctx, sys, c.key, big.Code, own.inst, app.InstitutionGoLiveInput{GoLive: c.golive.AddDays(own.days)}); err != nil {
					b.Fatal(err)
				}
			}
			asof := c.golive.AddDays(-60)
			start := cpuTime()
			for b.Loop() {
				if _, err := a.Schedule(ctx, sys, c.key, big.Code, asof); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

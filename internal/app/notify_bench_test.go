package app_test

// BenchmarkDailyDigest measures the follow-up target (docs/performance.md,
// "Follow-up"): computing the daily digest for 98 municipalities × 5
// programmes × 150 tasks and 500 recipients, ≤ 2 s.
//
// The data come from internal/gen: five generated programmes (gen.Populate
// with 98 municipalities, 150 tasks, all at municipality level, 8 waves,
// and its realistic status mix) = 73,500 task instances; 490 project leads
// (one per municipality and programme, each following that programme) and
// 10 central coordinators, all wanting the daily digest. Building it takes
// about half a minute on SQLite and is not timed.
//
//	dryrun: App.DigestDryRun for the status date – reads and composes every
//	        recipient's digest (and renders it), writes nothing. It is the
//	        worst case: the generator set all of its ~40,000 statuses that
//	        morning, so every one of them is a status change since the
//	        previous digest to look at.
//	run:    App.RunDigest – the same plus writing the messages to the outbox
//	        and the digest record in one transaction; iteration i makes the
//	        digest of the i-th working day after the first: a typical day.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/gen"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

const (
	digestProgrammes = 5
	digestMunis      = 98
	digestTasks      = 150
	digestCentral    = 10
)

// digestWorld builds the benchmark's database on url and returns the app
// and the digest's day (the generator's status date).
func digestWorld(b *testing.B, url string) (*app.App, model.Date) {
	b.Helper()
	ctx := context.Background()
	im, err := data.ImplementationModel()
	if err != nil {
		b.Fatal(err)
	}
	o := gen.DefaultOptions()
	o.Municipalities, o.Institutions, o.Tasks, o.InstitutionTasks = digestMunis, 0, digestTasks, 0
	o = o.WithDefaults()
	// The clock stands at 05:00 on the status date: the generated status
	// changes are "today", before the digest.
	clock := &fclock{t: o.Asof.Time().Add(4 * time.Hour)}
	a := app.New(storetest.Open(b, url), im, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
	for p := 1; p <= digestProgrammes; p++ {
		po := o
		po.Programme, po.Seed = fmt.Sprintf("gen%d", p), int64(p)
		if _, err := gen.Populate(ctx, a, po); err != nil {
			b.Fatal(err)
		}
	}
	if err := a.EnsureCentralOrganisations(ctx); err != nil {
		b.Fatal(err)
	}
	n := 0
	user := func(role access.Role, org string, programmes []string) {
		n++
		u, err := a.CreateUser(ctx, app.NewUser{Email: fmt.Sprintf("modtager%03d@udrul.example", n), Name: fmt.Sprintf("Modtager %d", n), Role: role, Org: org})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.SetNotifySettings(ctx, nil, u.ID, app.NotifyInput{Preference: app.Daily, Programmes: programmes}); err != nil {
			b.Fatal(err)
		}
	}
	for i := 1; i <= digestMunis; i++ {
		for p := 1; p <= digestProgrammes; p++ {
			user(access.ProjectLead, gen.MunicipalityCode(i), []string{fmt.Sprintf("gen%d", p)})
		}
	}
	for range digestCentral {
		user(access.Coordinator, "kombit", nil)
	}
	clock.Set(o.Asof.Time().Add(5 * time.Hour)) // 06:00 Danish winter time
	return a, o.Asof
}

func BenchmarkDailyDigest(b *testing.B) {
	for _, db := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteURL}, {"postgres", storetest.PostgresURL}} {
		b.Run(db.name, func(b *testing.B) {
			a, day := digestWorld(b, db.url(b))
			ctx := context.Background()
			b.Run("dryrun", func(b *testing.B) {
				var recipients, messages int
				for b.Loop() {
					var err error
					if recipients, messages, err = a.DigestDryRun(ctx, app.DigestDaily, day); err != nil {
						b.Fatal(err)
					}
				}
				if recipients != digestMunis*digestProgrammes+digestCentral {
					b.Fatalf("%d recipients, want %d", recipients, digestMunis*digestProgrammes+digestCentral)
				}
				b.ReportMetric(float64(recipients), "recipients")
				b.ReportMetric(float64(messages), "mails")
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
			next := day // the next digest to make, across repetitions (-count)
			b.Run("run", func(b *testing.B) {
				mails := 0
				for b.Loop() {
					res, err := a.RunDigest(ctx, app.DigestDaily, next)
					if err != nil || !res.Made {
						b.Fatalf("%+v, %v", res, err)
					}
					mails += res.Messages
					next = a.Calendar().AddWorkingDays(next, 1)
				}
				b.ReportMetric(float64(mails)/float64(b.N), "mails")
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
		})
	}
}

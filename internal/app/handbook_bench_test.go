package app_test

// BenchmarkHandbookPDF measures the handbook target (docs/performance.md,
// "Implementation handbook"): one municipality's handbook as a PDF, made on
// the server, ≤ 300 ms. The plan is the demo's KSD catalogue (103 tasks)
// for København enrolled with its two schools; its project lead is a
// contact and version 1 has been sent, so every part of the handbook has
// content.
//
//	read: App.Handbook – the plan, versions, checkpoints and contacts read
//	      and folded into the document.
//	pdf:  App.Handbook and Document.PDF – what GET …/haandbog.pdf does.

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// handbookDatabases are the databases the handbook benchmarks run on.
var handbookDatabases = []struct {
	name string
	url  func(testing.TB) string
}{{"sqlite", storetest.SQLiteURL}, {"postgres", storetest.PostgresURL}}

// handbookApp is an App on a new database at url with the clock now.
func handbookApp(b *testing.B, url string, now func() time.Time) *app.App {
	b.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		b.Fatal(err)
	}
	return app.New(storetest.Open(b, url), im, slog.New(slog.NewTextHandler(io.Discard, nil)), now)
}

func BenchmarkHandbookPDF(b *testing.B) {
	for _, db := range handbookDatabases {
		b.Run(db.name, func(b *testing.B) {
			ctx := context.Background()
			clock := &fclock{t: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
			a := handbookApp(b, db.url(b), clock.Now)
			munis := []model.Organisation{{Kind: model.OrgMunicipality, Code: "101", Name: "København", RegionName: "Region Hovedstaden", Population: 667099}}
			insts := []app.Institution{
				{Municipality: "101", Org: model.Organisation{Code: "101-s01", Name: "Skole A", Category: model.CategorySchool}},
				{Municipality: "101", Org: model.Organisation{Code: "101-s02", Name: "Skole B", Category: model.CategorySchool}},
			}
			if err := a.LoadOrganisations(ctx, munis, insts); err != nil {
				b.Fatal(err)
			}
			cats, err := data.DemoCatalogues()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.Publish(ctx, app.System("k"), "ksd.yaml", cats["catalogues/ksd.yaml"], ""); err != nil {
				b.Fatal(err)
			}
			if _, err := a.Enrol(ctx, app.System("k"), "ksd", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
				b.Fatal(err)
			}
			if _, err := a.CreateUser(ctx, app.NewUser{Email: "leder@kk.example", Name: "Søren Ågård", Role: access.ProjectLead, Org: "101"}); err != nil {
				b.Fatal(err)
			}
			asof := date("2027-02-01")
			if r, err := a.SendHandbooks(ctx, asof); err != nil || r.Sent != 1 {
				b.Fatalf("send: %+v %v", r, err)
			}
			b.Run("read", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.Handbook(ctx, app.System("bench"), "ksd", "101", asof); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
			b.Run("pdf", func(b *testing.B) {
				size, tasks := 0, 0
				for b.Loop() {
					h, err := a.Handbook(ctx, app.System("bench"), "ksd", "101", asof)
					if err != nil {
						b.Fatal(err)
					}
					pdf, err := h.PDF()
					if err != nil {
						b.Fatal(err)
					}
					size, tasks = len(pdf), h.Tasks
				}
				b.ReportMetric(float64(tasks), "tasks")
				b.ReportMetric(float64(size)/1024, "KiB/pdf")
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
		})
	}
}

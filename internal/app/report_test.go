package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/report"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestReportSnapshots: the monthly snapshots on both databases – one per
// plan and month however often reports are opened, a new month adds one to
// the trend, a past month is backfilled only by udrul itself, and the
// reports refuse whoever may not read them.
func TestReportSnapshots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, clk := newAuthApp(t, url) // 2027-02-01
		publish(t, a, "testdata/mini-v1.yaml")
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: model.NewDate(2027, 3, 31), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		frb := signIn(t, a, "pl@frb.dk", "Frede Frederiksberg", access.ProjectLead, "147")
		obs := signIn(t, a, "obs@kombit.dk", "Otto Observatør", access.Observer, "kombit")

		trend := func(who *app.Identity) []app.ReportTrendPoint {
			t.Helper()
			r, err := a.StatusReport(ctx, who, "mini", "101", a.Today())
			if err != nil {
				t.Fatal(err)
			}
			return r.Trend
		}
		if tr := trend(pl); len(tr) != 1 || tr[0].Month != "2027-02" || !tr[0].Current {
			t.Fatalf("February: %+v", tr)
		}
		if n, err := a.TakeSnapshots(ctx, "mini"); err != nil || n != 0 {
			t.Errorf("February taken again: %d kept, %v", n, err)
		}
		clk.add(30 * 24 * time.Hour) // 2027-03-03
		trend(obs)
		trend(pl)
		if tr := trend(pl); len(tr) != 2 || tr[0].Month != "2027-02" || tr[0].Current || tr[1].Month != "2027-03" || !tr[1].Current {
			t.Errorf("March: %+v", tr)
		}

		_, err := a.BackfillSnapshots(ctx, pl, "mini", "2027-01")
		wantCode(t, "a person backfills", err, app.CodeForbidden)
		_, err = a.BackfillSnapshots(ctx, app.System("test"), "mini", report.Month("2027-03"))
		wantCode(t, "backfill of this month", err, app.CodeInvalid)
		if n, err := a.BackfillSnapshots(ctx, app.System("test"), "mini", "2027-01"); err != nil || n != 1 {
			t.Errorf("January backfilled: %d kept, %v", n, err)
		}
		if tr := trend(pl); len(tr) != 3 || tr[0].Month != "2027-01" {
			t.Errorf("after the backfill: %+v", tr)
		}

		_, err = a.StatusReport(ctx, frb, "mini", "101", a.Today())
		wantCode(t, "another municipality's status report", err, app.CodeForbidden)
		_, err = a.CrossProgramme(ctx, frb, "101", a.Today())
		wantCode(t, "another municipality across programmes", err, app.CodeForbidden)
		_, err = a.StatusReport(ctx, app.System("test"), "mini", "147", a.Today())
		wantCode(t, "a municipality not enrolled", err, app.CodeNotFound)
		_, err = a.ProgrammeReport(ctx, pl, "mini", a.Today())
		wantCode(t, "a project lead's programme report", err, app.CodeForbidden)
		_, err = a.CloseGoLives(ctx, pl, 30, a.Today())
		wantCode(t, "a project lead's close go-lives", err, app.CodeForbidden)
		_, err = a.CloseGoLives(ctx, obs, 400, a.Today())
		wantCode(t, "400 days", err, app.CodeInvalid)
		if r, err := a.StatusReport(ctx, obs, "mini", "101", a.Today()); err != nil || r.Risks != nil {
			t.Errorf("observer's status report: risks %+v, %v", r, err)
		}
	})
}

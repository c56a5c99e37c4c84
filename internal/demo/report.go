package demo

import (
	"context"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/report"
)

// loadReportSnapshots gives the steering reports a trend (docs/reports.md):
// the monthly snapshots of the three months before today, counted as of
// each month's last day with the demo's statuses. This month's snapshot is
// taken when a report is first opened.
func loadReportSnapshots(ctx context.Context, a *app.App, today model.Date) error {
	progs, err := a.Programmes(ctx)
	if err != nil {
		return err
	}
	this := report.MonthOf(today)
	for _, p := range progs {
		for _, m := range report.Months(report.MonthOf(today.AddMonths(-3)), report.MonthOf(today.AddMonths(-1))) {
			if m >= this {
				continue
			}
			if _, err := a.BackfillSnapshots(ctx, app.System("demo"), p.Key, m); err != nil {
				return err
			}
		}
	}
	return nil
}

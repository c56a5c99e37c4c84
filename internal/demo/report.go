package demo

import (
	"context"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/report"
	"github.com/udrul/udrul/internal/waves"
)

// loadReportSnapshots gives the steering reports a trend (docs/reports.md):
// the monthly snapshots of the three months before today, counted as of
// each month's last day with the demo's statuses. This month's snapshot is
// taken when a report is first opened. Then one KSD municipality of wave 7
// (or, when wave 7's hypercare has begun, the catch-up wave 8) has asked to
// go live a week later, so the programme report has a go-live moved since
// the snapshots. The last waves, so that no hypercare team gets a wave
// that overlaps its next one (followup.go); one whose hypercare window has
// not begun, so that the draft wave plan may move it (waveplan.go).
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
	ov, err := a.Overview(ctx, app.System("demo"), "ksd", today)
	if err != nil {
		return err
	}
	for _, wave := range []int{7, 8} {
		for i := len(ov.Municipalities) - 1; i >= 0; i-- {
			m := ov.Municipalities[i]
			if from, _ := a.HypercareWindow(m.GoLive); m.Wave != wave || from <= today {
				continue
			}
			later := clearOf(a.Calendar(), waves.GoLiveRule{}, m.GoLive.AddDays(7))
			_, err := a.Enrol(ctx, app.System("demo"), "ksd", []app.Enrolment{{Code: m.Code, GoLive: later, Wave: m.Wave}})
			return err
		}
	}
	return nil
}

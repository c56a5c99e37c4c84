package demo

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// loadHandbooks shows the handbook's delivery (docs/handbook.md): the
// handbooks due today are sent – København goes live in KSD's next wave,
// about a week from today (ksdGoLives), so its project lead gets version 1 – then
// København's project lead adds a dress rehearsal to the plan, and the
// next run sends version 2 listing that change.
func loadHandbooks(ctx context.Context, a *app.App, today model.Date) error {
	if _, err := a.SendHandbooks(ctx, today); err != nil {
		return err
	}
	lead, err := a.IdentityByEmail(ctx, "jonas.vestergaard@kk.dk")
	if err != nil {
		return err
	}
	p, err := a.Plan(ctx, lead, "ksd", "101", today)
	if err != nil {
		return err
	}
	day := p.GoLive.AddDays(-3)
	for !a.Calendar().IsWorkingDay(day) {
		day--
	}
	if _, err := a.AddOwnTask(ctx, lead, "ksd", "101", app.OwnTaskInput{Title: "Generalprøve på sagsoverførslen i Københavns ydelsescenter",
		Description: "Ydelsescentret gennemgår 20 overførte sager sammen med superbrugerne, før KSD tages i brug.", Phase: "2.3",
		Type: model.Mandatory, Start: day, End: day, Responsible: "Jonas Vestergaard", Executor: "Superbrugere"}); err != nil {
		return fmt.Errorf("own task: %w", err)
	}
	_, err = a.SendHandbooks(ctx, today)
	return err
}

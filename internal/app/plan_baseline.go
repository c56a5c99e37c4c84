package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// CreateBaseline saves a snapshot of a plan's current dates under a name.
func (a *PlanService) CreateBaseline(ctx context.Context, by *Identity, programmeKey, code, name string) (model.Baseline, error) {
	actor := actorOf(by)
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return model.Baseline{}, invalidField("name", "giv basisplanen et navn på 1–100 tegn")
	}
	var b model.Baseline
	err := a.write(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, a.Today())
		if err != nil {
			return err
		}
		if err := checkChangePlan(by, d.plan.Municipality.ID); err != nil {
			return err
		}
		var rows []model.BaselineTask
		for _, x := range d.insts {
			if !x.Withdrawn {
				rows = append(rows, model.BaselineTask{Ref: fmt.Sprintf("i%d", x.ID), Key: x.Key, Title: x.Title,
					Start: x.Start, End: x.End, Status: x.Status})
			}
		}
		for _, o := range d.own {
			rows = append(rows, model.BaselineTask{Ref: fmt.Sprintf("o%d", o.ID), Key: o.Key(), Title: o.Title,
				Start: o.Start, End: o.End, Status: o.Status})
		}
		b = model.Baseline{PlanID: d.plan.ID, Name: name, TakenBy: actor}
		return tx.InsertBaseline(ctx, &b, rows)
	})
	return b, err
}

// Baselines lists a plan's baselines, newest first.
func (a *PlanService) Baselines(ctx context.Context, by *Identity, programmeKey, code string) ([]model.Baseline, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var out []model.Baseline
	err := a.read(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, a.Today())
		if err != nil {
			return err
		}
		out, err = tx.Baselines(ctx, d.plan.ID)
		return err
	})
	return out, err
}

// BaselineComparison sets a baseline against the plan as it is now.
type BaselineComparison struct {
	Baseline model.Baseline  `json:"baseline"`
	Asof     model.Date      `json:"asof"`
	Tasks    []BaselineDelta `json:"tasks"`
	// Summary counts: lines whose end moved later or earlier than the
	// baseline, lines added since, lines gone since.
	Later   int `json:"later"`
	Earlier int `json:"earlier"`
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

// BaselineDelta is one plan line against its baseline. Variances are in
// working days, positive when later than the baseline. For completed lines
// FinishVariance compares the day it was marked completed (actual) with the
// baseline end.
type BaselineDelta struct {
	Key            string       `json:"key"`
	Title          string       `json:"title"`
	InBaseline     bool         `json:"in_baseline"`
	InPlan         bool         `json:"in_plan"`
	BaselineStart  model.Date   `json:"baseline_start,omitzero"`
	BaselineEnd    model.Date   `json:"baseline_end,omitzero"`
	Start          model.Date   `json:"start,omitzero"`
	End            model.Date   `json:"end,omitzero"`
	StartVariance  int          `json:"start_variance"`
	EndVariance    int          `json:"end_variance"`
	Status         model.Status `json:"status,omitempty"`
	CompletedAt    model.Date   `json:"completed_at,omitzero"`
	FinishVariance *int         `json:"finish_variance,omitempty"`
}

// CompareBaseline compares baseline id of a plan with the plan as of asof.
func (a *PlanService) CompareBaseline(ctx context.Context, by *Identity, programmeKey, code string, id int64, asof model.Date) (*BaselineComparison, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var out *BaselineComparison
	err := a.read(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, asof)
		if err != nil {
			return err
		}
		b, rows, err := tx.BaselineByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && b.PlanID != d.plan.ID) {
			return notFound("basisplan %d findes ikke for denne plan", id)
		} else if err != nil {
			return err
		}
		out = &BaselineComparison{Baseline: b, Asof: asof}
		type span struct {
			title      string
			start, end model.Date
		}
		base := map[string]*span{}
		var order []string
		for _, r := range rows {
			s := base[r.Key]
			if s == nil {
				base[r.Key] = &span{r.Title, r.Start, r.End}
				order = append(order, r.Key)
				continue
			}
			s.start, s.end = min(s.start, r.Start), max(s.end, r.End)
		}
		inPlan := map[string]bool{}
		for _, t := range d.tasks {
			inPlan[t.Key] = true
			delta := BaselineDelta{Key: t.Key, Title: t.Title, InPlan: true, Start: t.Start, End: t.End, Status: t.Status,
				CompletedAt: t.CompletedAt}
			if s := base[t.Key]; s != nil {
				delta.InBaseline, delta.BaselineStart, delta.BaselineEnd = true, s.start, s.end
				delta.StartVariance = a.variance(s.start, t.Start)
				delta.EndVariance = a.variance(s.end, t.End)
				if t.Status == model.Completed && t.CompletedAt != model.NoDate {
					v := a.variance(s.end, t.CompletedAt)
					delta.FinishVariance = &v
				}
				switch {
				case delta.EndVariance > 0:
					out.Later++
				case delta.EndVariance < 0:
					out.Earlier++
				}
			} else {
				out.Added++
			}
			out.Tasks = append(out.Tasks, delta)
		}
		for _, k := range order {
			if !inPlan[k] {
				s := base[k]
				out.Tasks = append(out.Tasks, BaselineDelta{Key: k, Title: s.title, InBaseline: true, BaselineStart: s.start, BaselineEnd: s.end})
				out.Removed++
			}
		}
		return nil
	})
	return out, err
}

// variance is the signed number of working days from a to b.
func (a *PlanService) variance(from, to model.Date) int { return a.cal.WorkingDaysBetween(from, to) }

package app

import (
	"context"

	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// OverviewWriter writes an overview export: head has one row per
// municipality without plan lines; each calls emit once per municipality
// with its plan lines.
type OverviewWriter func(head export.Overview, each func(emit func(export.OverviewRow) error) error) error

// ExportOverviewEach is ExportOverview for streaming: it reads, analyses
// and hands on one municipality's plan at a time, so memory stays at one
// plan whatever the number of municipalities. write is called once, inside
// the read transaction (before it, errors such as an unknown programme are
// returned without calling write).
func (a *PlanService) ExportOverviewEach(ctx context.Context, by *Identity, programmeKey string, asof model.Date, write OverviewWriter) error {
	if err := checkNational(by); err != nil {
		return err
	}
	ov, err := a.Overview(ctx, by, programmeKey, asof)
	if err != nil {
		return err
	}
	head := export.Overview{Programme: ov.Programme, ProgrammeName: ov.Name, Asof: asof}
	for _, m := range ov.Municipalities {
		head.Rows = append(head.Rows, export.OverviewRow{Code: m.Code, Name: m.Name, Region: m.Region, Wave: m.Wave, GoLive: m.GoLive,
			Phase: m.Phase, PhaseName: a.phaseName(m.Phase), Colour: m.Colour, Counts: m.Counts})
	}
	return a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		plans, err := tx.Plans(ctx, prog.ID)
		if err != nil {
			return err
		}
		byCode := map[string]store.Plan{}
		for _, pl := range plans {
			byCode[pl.Municipality.Code] = pl
		}
		return write(head, func(emit func(export.OverviewRow) error) error {
			for _, r := range head.Rows {
				if pl, ok := byCode[r.Code]; ok {
					d, err := a.loadPlanOf(ctx, tx, prog, pl, asof)
					if err != nil {
						return err
					}
					v, err := a.analyse(d, asof)
					if err != nil {
						return err
					}
					r.Tasks = make([]export.Task, 0, len(v.Tasks))
					for _, t := range v.Tasks {
						r.Tasks = append(r.Tasks, a.exportTask(t, d.plan.GoLive))
					}
				}
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

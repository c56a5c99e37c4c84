package demo

import (
	"context"
	"fmt"
	"math"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/benefit"
	"github.com/udrul/udrul/internal/model"
)

// The benefit register in the demo (KSD): municipalities whose baseline
// period has begun (from six months before go-live) have, about two in
// three and every pilot wave's, a vision and two or three benefits drawn
// from a list of typical ones, each with a baseline dated inside the
// model's window and no later than today, and the target twelve months
// after go-live. Post-measurements are taken 6, 8, 10 and 12 months after
// go-live where that date has come, at a pace drawn per benefit (ahead of,
// on or behind the planned course). Everything is drawn from hashes, the
// same every run for the same day.

type demoBenefit struct {
	title, goal, change, indicator, unit string
	typ                                  benefit.Type
	dir                                  benefit.Direction
	baseline, target                     float64
}

var demoBenefits = []demoBenefit{
	{"Kortere sagsbehandlingstid", "Effektiv sagsbehandling", "Automatisk oprettelse af sager fra digitale indberetninger",
		"Gennemsnitlig sagsbehandlingstid for nye sager", "dage", benefit.Service, benefit.LowerIsBetter, 28, 20},
	{"Flere sager oprettes automatisk", "Effektiv sagsbehandling", "Automatisk oprettelse af sager fra digitale indberetninger",
		"Andel sager oprettet uden manuel indtastning", "%", benefit.Economic, benefit.HigherIsBetter, 35, 70},
	{"Mindre tid til journalisering", "Effektiv sagsbehandling", "Dokumenter journaliseres automatisk på sagen",
		"Tid brugt på journalisering i teamet", "timer pr. uge", benefit.Economic, benefit.LowerIsBetter, 40, 25},
	{"Bedre trivsel blandt sagsbehandlerne", "Gode arbejdsforhold", "Færre systemskift i sagsbehandlingen",
		"Tilfredshed med it-understøttelsen (1–5)", "point", benefit.WellBeing, benefit.HigherIsBetter, 2.8, 3.8},
	{"Færre fejl i udbetalingerne", "Korrekte afgørelser", "Regler for beregning håndteres i systemet",
		"Fejludbetalinger pr. 1.000 sager", "stk.", benefit.Quality, benefit.LowerIsBetter, 14, 8},
	{"Hurtigere svar til borgerne", "Bedre service for borgerne", "Digitale indberetninger via Mit Sygefravær",
		"Andel borgere, der får svar inden for 5 dage", "%", benefit.Service, benefit.HigherIsBetter, 55, 80},
}

// demoPaces are how far along the planned course a municipality's
// measurements are: behind (at risk), about on it, ahead.
var demoPaces = []float64{0.4, 1.05, 1.5}

func loadBenefits(ctx context.Context, a *app.App, today model.Date) error {
	const key = "ksd"
	ov, err := a.Overview(ctx, nil, key, today)
	if err != nil {
		return err
	}
	// Measurements are never after the app's own day either.
	last := min(today, a.Today())
	for _, m := range ov.Municipalities {
		w := benefit.WindowOf(m.GoLive, model.NoDate)
		until := min(w.BaselineUntil, last)
		if until < w.BaselineFrom || (m.Wave != 1 && roll("gevinster", m.Code) >= 65) {
			continue
		}
		if _, err := a.SaveBenefitVision(ctx, nil, key, m.Code,
			"Sygedagpengeområdet træffer hurtige og korrekte afgørelser med mindst mulig manuel sagsbehandling, så medarbejderne kan bruge tiden på de svære sager", 0); err != nil {
			return fmt.Errorf("%s: %w", m.Code, err)
		}
		n := 2 + roll("antal gevinster", m.Code)%2
		first := roll("gevinst", m.Code) % len(demoBenefits)
		for i := range n {
			d := demoBenefits[(first+i)%len(demoBenefits)]
			span := int(until-w.BaselineFrom) + 1
			in := app.BenefitInput{Benefit: benefit.Benefit{Title: d.title, Type: d.typ, Goal: d.goal, Change: d.change,
				Owner: "Teamleder for sygedagpenge", Accountable: "Chef for Ydelsescentret",
				Smart: fmt.Sprintf("%s går fra %s til %s %s senest 12 måneder efter go-live.", d.indicator, benefit.Number(d.baseline),
					benefit.Number(d.target), d.unit),
				Indicator: d.indicator, Unit: d.unit, Direction: d.dir, BaselineValue: d.baseline,
				BaselineDate: w.BaselineFrom + model.Date(roll("baseline", m.Code, fmt.Sprint(i))%span),
				TargetValue:  d.target, TargetDate: w.MeasureUntil}}
			b, err := a.CreateBenefit(ctx, nil, key, m.Code, in)
			if err != nil {
				return fmt.Errorf("%s: %w", m.Code, err)
			}
			pace := demoPaces[roll("tempo", m.Code, fmt.Sprint(i))%len(demoPaces)]
			for _, months := range []int{6, 8, 10, 12} {
				at := m.GoLive.AddMonths(months)
				if at > last {
					break
				}
				p := pace * in.Expected(at)
				v := math.Round((d.baseline+p*(d.target-d.baseline))*10) / 10
				comment := fmt.Sprintf("Eftermåling %d måneder efter go-live", months)
				if _, err := a.AddMeasurement(ctx, nil, key, m.Code, b.Key, benefit.Measurement{Value: v, Date: at, Comment: comment}); err != nil {
					return fmt.Errorf("%s: %w", m.Code, err)
				}
			}
		}
	}
	return nil
}

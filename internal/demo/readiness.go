package demo

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
)

// The readiness survey in the demo: every KSD municipality whose baseline
// window has opened has the seed's user groups and its rounds up to today,
// with answers whose scores improve from the baseline (motivation and
// knowledge weak) to the status rounds; rounds whose window has passed are
// closed, which completes their plan task. About one municipality in seven
// is behind: its latest due round is left open or not made at all, so the
// centre's list of rounds not run has entries. Group sizes vary, so some
// groups stay below the anonymity threshold. Everything is drawn from
// hashes, the same every run for the same day.

var readinessGroups = []string{"Leder", "Sagsbehandler i Ydelsescentret", "Sagsbehandler uden for Ydelsescentret", "Informationssøgende medarbejder"}

// readinessProfile is the typical mean per element in each round.
var readinessProfile = map[readiness.Kind][readiness.NumElements]float64{
	readiness.Baseline: {3.7, 2.9, 2.4, 3.2, 3.0},
	readiness.Status1:  {4.2, 3.6, 3.3, 3.5, 3.1},
	readiness.Status6:  {4.4, 4.1, 4.0, 3.9, 3.6},
}

func loadReadiness(ctx context.Context, a *app.App, today model.Date) error {
	const key = "ksd"
	ov, err := a.Overview(ctx, nil, key, today)
	if err != nil {
		return err
	}
	for _, m := range ov.Municipalities {
		if err := demoSurvey(ctx, a, key, m.Code, m.GoLive, today); err != nil {
			return fmt.Errorf("%s: %w", m.Code, err)
		}
	}
	return nil
}

func demoSurvey(ctx context.Context, a *app.App, key, code string, golive, today model.Date) error {
	cal := a.Calendar()
	if readiness.RoundWindow(cal, readiness.Baseline, golive).Opens > today {
		return nil
	}
	var groups []int64
	for _, name := range readinessGroups {
		g, err := a.AddReadinessGroup(ctx, nil, key, code, name)
		if err != nil {
			return err
		}
		groups = append(groups, g.ID)
	}
	behind := roll("parathed", code) < 15
	var lastDue readiness.Kind
	for _, k := range readiness.Kinds {
		if readiness.Due(cal, k, golive, today) {
			lastDue = k
		}
	}
	for _, k := range readiness.Kinds {
		w := readiness.RoundWindow(cal, k, golive)
		if w.Opens > today {
			break
		}
		if behind && k == lastDue && roll("parathed-opret", code) < 50 {
			return nil // never made: the centre sees it as not run
		}
		if _, err := a.CreateReadinessRound(ctx, nil, key, code, string(k)); err != nil {
			return err
		}
		answers := map[int64][]readiness.Answer{}
		for gi, g := range groups {
			// Leaders are few (2–5, often below the threshold); case workers many.
			n := 2 + roll("antal", code, string(k), readinessGroups[gi])%4
			if gi > 0 {
				n = 4 + roll("antal", code, string(k), readinessGroups[gi])%22
			}
			if w.Contains(today) {
				n = n * 2 / 3 // still coming in
			}
			for i := range n {
				answers[g] = append(answers[g], demoAnswer(code, k, gi, i))
			}
		}
		if err := a.SeedReadinessAnswers(ctx, key, code, k, answers); err != nil {
			return err
		}
		if w.Closes < today && !(behind && k == lastDue) {
			if _, err := a.CloseReadinessRound(ctx, nil, key, code, string(k)); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoAnswer draws one answer around the round's profile, shifted per
// municipality and group.
func demoAnswer(code string, k readiness.Kind, group, i int) readiness.Answer {
	var a readiness.Answer
	shift := float64(roll("niveau", code)%9-4) / 10 // −0.4 … +0.4
	for _, e := range readiness.Elements {
		r := roll("svar", code, string(k), fmt.Sprint(group, i, int(e)))
		noise := 0.0
		switch {
		case r < 20:
			noise = -1
		case r < 35:
			noise = -0.5
		case r >= 85:
			noise = 1
		case r >= 65:
			noise = 0.5
		}
		s := int(readinessProfile[k][e] + shift + noise + 0.5)
		a[e] = min(max(s, readiness.MinScore), readiness.MaxScore)
	}
	return a
}

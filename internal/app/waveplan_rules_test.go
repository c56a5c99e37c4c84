package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/waves"
)

// Enrolment follows the same go-live rule as the wave plan: the standard
// blackouts unless the programme names its own.
func TestWaveGoLiveRuleOnEnrol(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx, sys := context.Background(), app.System("k")
		a := newWaveApp(t, url)
		summer := []app.Enrolment{{Code: "101", GoLive: date("2027-07-19"), Wave: 1}}
		_, err := a.Enrol(ctx, sys, "mini", summer)
		if app.ErrorCode(err) != app.CodeInvalid || !strings.Contains(app.ErrorMessage(err), `"Sommerferie 2027"`) {
			t.Fatalf("19.07.2027 enrolled: %v", err)
		}
		if _, err := a.Enrol(ctx, sys, "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-02-22"), Wave: 1}}); err != nil {
			t.Fatalf("Monday of week 8: %v", err)
		}
		// The same rule in the wave plan: a wave on 19.07.2027 is an issue.
		s := app.DefaultWaveSetup("mini")
		s.Waves = []app.WaveDef{{Number: 1, Kind: waves.Regular, GoLive: date("2027-07-19")}}
		saved, err := a.SaveWaveSetup(ctx, sys, "mini", s)
		if err != nil {
			t.Fatal(err)
		}
		if len(saved.Issues) == 0 || saved.Issues[0].Kind != "wave-in-blackout" {
			t.Errorf("issues %+v", saved.Issues)
		}
		// A programme that names its own periods may go live in the summer.
		saved.OwnBlackouts = true
		if saved, err = a.SaveWaveSetup(ctx, sys, "mini", *saved); err != nil || len(saved.Issues) != 0 {
			t.Fatalf("own blackouts: %+v, %v", saved, err)
		}
		if _, err := a.Enrol(ctx, sys, "mini", summer); err != nil {
			t.Fatalf("allowed summer go-live refused: %v", err)
		}
	})
}

// One busy window for a hypercare team: the setup shows the optimizer's,
// and team assignment uses the same.
func TestHypercareWindowIsTheOptimizers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		a := newWaveApp(t, url)
		s, err := a.WaveSetup(context.Background(), app.System("k"), "mini")
		if err != nil {
			t.Fatal(err)
		}
		if s.RolloutWindow.Before != waves.HypercareWindow.Before || s.RolloutWindow.After != waves.HypercareWindow.After {
			t.Errorf("setup window %+v, optimizer %+v", s.RolloutWindow, waves.HypercareWindow)
		}
		d := date("2027-03-01")
		from, to := a.HypercareWindow(d)
		wf, wt := waves.HypercareWindow.Span(d)
		if from != wf || to != wt {
			t.Errorf("hypercare %s–%s, optimizer %s–%s", from, to, wf, wt)
		}
	})
}

// A re-plan after the hearing keeps the announced plan: only the locked
// municipality moves; the confirmation is needed to move one already live.
func TestWaveReplanAndLiveConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx, sys := context.Background(), app.System("k")
		a := newWaveApp(t, url) // today: 01.06.2026
		// København went live a month ago, outside any wave plan.
		if _, err := a.Enrol(ctx, sys, "mini", []app.Enrolment{{Code: "101", GoLive: date("2026-05-04"), Wave: 9}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveWaveSetup(ctx, sys, "mini", ksdSetup(t, a)); err != nil {
			t.Fatal(err)
		}
		v1, err := a.CreateWaveVersion(ctx, sys, "mini", app.NewWaveVersion{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(v1.Hard) != 0 || len(v1.Explanation) == 0 || !strings.Contains(v1.Explanation[0], "afviger højst") {
			t.Fatalf("v1 hard %v, explanation %v", v1.Hard, v1.Explanation)
		}
		if _, err := a.AnnounceWaveVersion(ctx, sys, "mini", 1, app.WaveTransition{}); err != nil {
			t.Fatal(err)
		}
		v2, err := a.CreateWaveVersion(ctx, sys, "mini", app.NewWaveVersion{From: 1})
		if err != nil {
			t.Fatal(err)
		}
		if v2.Replan != 1 {
			t.Errorf("replan %d, want 1", v2.Replan)
		}
		laeso := codeOf(t, a, "Læsø")
		var from int
		for _, m := range v2.Municipalities {
			if m.Code == laeso {
				from = m.Wave
			}
		}
		to := 3
		if from == 3 {
			to = 4
		}
		if _, err := a.MoveWaveMunicipality(ctx, sys, "mini", 2, app.WaveMove{Code: laeso, Wave: to}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.LockWaveMunicipalities(ctx, sys, "mini", 2, app.WaveLock{Codes: []string{laeso}, Locked: true}); err != nil {
			t.Fatal(err)
		}
		ch, err := a.ReoptimiseWaveVersion(ctx, sys, "mini", 2, app.WaveReoptimise{Seed: 1, Preview: true, MaxMoves: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Moved) != 1 || ch.Moved[0].Code != laeso || !strings.Contains(ch.Moved[0].Why, "låst") {
			t.Fatalf("re-plan moved %+v, want Læsø alone, locked", ch.Moved)
		}
		if _, err := a.ReoptimiseWaveVersion(ctx, sys, "mini", 2, app.WaveReoptimise{MaxMoves: -1}); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("negative max: %v", err)
		}

		// Making version 1 final moves København, live since 04.05.2026.
		e, err := a.WaveVersionEffect(ctx, sys, "mini", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Live) != 1 || e.Live[0].Code != "101" || !e.HearingOpen || e.New != 97 {
			t.Fatalf("effect %+v", e)
		}
		_, err = a.FinaliseWaveVersion(ctx, sys, "mini", 1, app.WaveTransition{})
		if app.ErrorCode(err) != app.CodeInvalid || !strings.Contains(app.ErrorMessage(err), "København (101), i drift siden 04.05.2026") {
			t.Fatalf("live move without confirmation: %v", err)
		}
		if _, err := a.FinaliseWaveVersion(ctx, sys, "mini", 1, app.WaveTransition{ConfirmLive: true}); err != nil {
			t.Fatalf("confirmed: %v", err)
		}
	})
}

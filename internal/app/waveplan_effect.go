package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/waves"
)

// WaveEffect is what a version would do to the rollout under way if it were
// made final: which municipalities get another go-live or wave, which of
// them are already live, and who would be enrolled for the first time. The
// version page shows it before "Meld ud" and "Gør endelig" and asks for
// confirmation.
type WaveEffect struct {
	Version int `json:"version"`
	// Moves are the enrolled municipalities whose go-live or wave changes.
	Moves []WaveEffectMove `json:"moves"`
	// GoLives counts the distinct go-live dates that move (a whole wave
	// moving is one date).
	GoLives int `json:"golives"`
	// Live are the moves of municipalities whose go-live has passed; they
	// are only moved with a separate, explicit confirmation.
	Live []WaveEffectMove `json:"live"`
	New  int              `json:"new"` // municipalities not enrolled yet
	// HearingOpen is true when the version is in hearing: making it final
	// closes the hearing; Comments counts the comments received.
	HearingOpen bool `json:"hearing_open"`
	Comments    int  `json:"comments"`
	// Hard lists the hard rules the version breaks (then it can neither be
	// announced nor made final).
	Hard []string `json:"hard"`
}

// WaveEffectMove is one enrolled municipality that the version moves.
type WaveEffectMove struct {
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	FromWave   int        `json:"from_wave"`
	FromGoLive model.Date `json:"from_golive"`
	ToWave     int        `json:"to_wave"`
	ToGoLive   model.Date `json:"to_golive"`
	Live       bool       `json:"live"` // the current go-live has passed
}

// WaveVersionEffect returns what making version n final would change.
func (a *WavePlanService) WaveVersionEffect(ctx context.Context, by *Identity, programmeKey string, n int) (*WaveEffect, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var out *WaveEffect
	err := a.read(ctx, func(tx *store.Tx) error {
		lv, err := a.loadVersion(ctx, tx, programmeKey, n)
		if err != nil {
			return err
		}
		plans, err := tx.Plans(ctx, lv.prog.ID)
		if err != nil {
			return err
		}
		comments, err := tx.WaveComments(ctx, lv.v.ID, "")
		if err != nil {
			return err
		}
		out = a.effectOf(lv, plans)
		out.HearingOpen, out.Comments = lv.v.State == model.WaveHearing, len(comments)
		return nil
	})
	return out, err
}

// effectOf compares a version's placement with the enrolled plans.
func (a *WavePlanService) effectOf(lv *loadedVersion, plans []store.Plan) *WaveEffect {
	as := waves.Evaluate(lv.problem, lv.placement())
	hard, _ := waves.SplitViolations(as.Violations)
	e := &WaveEffect{Version: lv.v.Number, Moves: []WaveEffectMove{}, Live: []WaveEffectMove{}, Hard: nonNil(hard)}
	was := map[string]store.Plan{}
	for _, p := range plans {
		was[p.Municipality.Code] = p
	}
	today := a.Today()
	dates := map[model.Date]bool{}
	for _, m := range lv.inputs.Municipalities {
		w, ok := as.Wave[m.Code]
		if !ok {
			continue
		}
		golive := waveDef(lv.inputs.Setup.Waves, w).GoLive
		p, enrolled := was[m.Code]
		switch {
		case !enrolled:
			e.New++
		case p.GoLive != golive || p.Wave != w:
			mv := WaveEffectMove{Code: m.Code, Name: m.Name, FromWave: p.Wave, FromGoLive: p.GoLive, ToWave: w, ToGoLive: golive,
				Live: p.GoLive <= today}
			e.Moves = append(e.Moves, mv)
			if p.GoLive != golive {
				dates[p.GoLive] = true
			}
			if mv.Live {
				e.Live = append(e.Live, mv)
			}
		}
	}
	e.GoLives = len(dates)
	return e
}

// refuseLiveMoves refuses to move municipalities that are already live
// unless the caller confirmed it separately.
func refuseLiveMoves(e *WaveEffect, confirmed bool) error {
	if len(e.Live) == 0 || confirmed {
		return nil
	}
	parts := make([]string, len(e.Live))
	for i, m := range e.Live {
		parts[i] = fmt.Sprintf("%s (%s), i drift siden %s, til bølge %d (%s)", m.Name, m.Code, m.FromGoLive.Danish(), m.ToWave, m.ToGoLive.Danish())
	}
	return &Error{Code: CodeInvalid, Field: "confirm_live", Message: fmt.Sprintf(
		"planen flytter %d kommuner, der allerede er gået i drift: %s; bekræft særskilt, at de skal flyttes",
		len(e.Live), strings.Join(parts, "; "))}
}

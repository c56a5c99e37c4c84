package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/waves"
)

// WaveChange is the effect of a what-if step on a version: every criterion
// before and after, who moved, and the violations afterwards.
type WaveChange struct {
	Preview    bool                  `json:"preview"` // true: nothing was saved
	Revision   int                   `json:"revision"`
	Before     WaveScore             `json:"before"`
	After      WaveScore             `json:"after"`
	Delta      WaveScore             `json:"delta"`
	Criteria   []WaveCriterionChange `json:"criteria"`
	Moved      []WaveRelocation      `json:"moved"`
	Violations []string              `json:"violations"`
}

// emptyListsNotNull makes each list of c an empty array rather than null in
// JSON, as the API promises for every list.
func (c *WaveChange) emptyListsNotNull() {
	if c.Criteria == nil {
		c.Criteria = []WaveCriterionChange{}
	}
	if c.Moved == nil {
		c.Moved = []WaveRelocation{}
	}
	if c.Violations == nil {
		c.Violations = []string{}
	}
}

// WaveRelocation is one municipality changing wave.
type WaveRelocation struct {
	Code string `json:"code"`
	Name string `json:"name"`
	From int    `json:"from"`
	To   int    `json:"to"`
	// Why says, in a re-plan of an announced plan, why it has to move.
	Why string `json:"why,omitempty"`
}

// WaveMove asks to move a municipality (and its collaboration partners) to
// another wave.
type WaveMove struct {
	Code     string `json:"code"`
	Wave     int    `json:"wave"`
	Preview  bool   `json:"preview"`  // only report the effect
	Revision int    `json:"revision"` // the version revision seen; 0: do not check
}

// WaveLock locks municipalities in their current wave (or unlocks them), so
// that re-optimising leaves them where they are.
type WaveLock struct {
	Codes    []string `json:"codes"`
	Locked   bool     `json:"locked"`
	Revision int      `json:"revision"`
}

// WaveReoptimise re-places every municipality that is neither fixed nor locked.
type WaveReoptimise struct {
	Seed     uint64 `json:"seed"`
	Preview  bool   `json:"preview"`
	Revision int    `json:"revision"`
	// MaxMoves is the most municipalities a re-plan of an announced or
	// final plan may move away from it (0: no limit).
	MaxMoves int `json:"max_moves"`
}

// MoveWaveMunicipality moves a municipality in a draft and reports the change
// of every criterion. A move that breaks a hard constraint (a capacity, an
// excluded wave) is allowed and shown under hard and in the violations:
// seeing that is the point of asking. Fixed and locked municipalities do not
// move. With Preview nothing is saved, and any version may be asked.
func (a *WavePlanService) MoveWaveMunicipality(ctx context.Context, by *Identity, programmeKey string, n int, req WaveMove) (*WaveChange, error) {
	if err := checkEnrol(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	return a.whatIf(ctx, programmeKey, n, req.Revision, req.Preview, actor, "move", func(lv *loadedVersion, sc *waves.Scenario) (waves.Change, string, error) {
		ch, err := sc.Move(req.Code, req.Wave)
		if err != nil {
			return ch, "", moveError(lv, req, err)
		}
		return ch, fmt.Sprintf("%s flyttet til %s", lv.label(req.Code), lv.prog.Waves.Label(req.Wave)), nil
	})
}

// ReoptimiseWaveVersion re-places every municipality of a draft that is
// neither fixed nor locked, with a seed. A draft copied from a version that
// has been announced (or made final) is re-planned: everyone stays where
// that version placed them unless a hard rule forces a move, at most
// MaxMoves move, and only then is the plan balanced; Moved lists who moves
// away from the announced plan and why.
func (a *WavePlanService) ReoptimiseWaveVersion(ctx context.Context, by *Identity, programmeKey string, n int, req WaveReoptimise) (*WaveChange, error) {
	if err := checkEnrol(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	if req.Seed > maxSeed {
		return nil, invalidFields("der er ikke genberegnet", FieldErrors{{"seed", fmt.Sprintf("startværdien skal være mellem 0 og %d", uint64(maxSeed))}})
	}
	if req.MaxMoves < 0 {
		return nil, invalidFields("der er ikke genberegnet", FieldErrors{{"max_moves", "det højeste antal flytninger kan ikke være negativt (0 betyder ingen grænse)"}})
	}
	return a.whatIf(ctx, programmeKey, n, req.Revision, req.Preview, actor, "reoptimise", func(lv *loadedVersion, sc *waves.Scenario) (waves.Change, string, error) {
		var (
			ch  waves.Change
			err error
		)
		if lv.announced != nil {
			ch, err = sc.Replan(req.Seed, lv.announced, req.MaxMoves)
		} else {
			ch, err = sc.Reoptimize(req.Seed)
		}
		if err != nil {
			var ie *waves.InfeasibleError
			if errors.As(err, &ie) {
				return ch, "", infeasible(ie.Issues)
			}
			return ch, "", err
		}
		if lv.announced != nil {
			return ch, fmt.Sprintf("Genberegnet med færrest flytninger fra version %d (startværdi %d): %d kommuner flyttet; %d låste kommuner blev hvor de var",
				lv.v.BasedOn, req.Seed, len(ch.Moved), len(sc.Locked())), nil
		}
		return ch, fmt.Sprintf("Genberegnet med startværdi %d; %d låste kommuner blev hvor de var", req.Seed, len(sc.Locked())), nil
	})
}

// LockWaveMunicipalities locks or unlocks municipalities of a draft.
func (a *WavePlanService) LockWaveMunicipalities(ctx context.Context, by *Identity, programmeKey string, n int, req WaveLock) (*WaveChange, error) {
	if err := checkEnrol(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	if len(req.Codes) == 0 {
		return nil, invalidFields("intet er låst", FieldErrors{{"codes", "angiv mindst én kommunekode"}})
	}
	kind := "lock"
	if !req.Locked {
		kind = "unlock"
	}
	return a.whatIf(ctx, programmeKey, n, req.Revision, false, actor, kind, func(lv *loadedVersion, sc *waves.Scenario) (waves.Change, string, error) {
		var fe FieldErrors
		labels := make([]string, 0, len(req.Codes))
		for i, c := range req.Codes {
			if _, ok := lv.placement()[c]; !ok {
				fe = append(fe, FieldError{fmt.Sprintf("codes[%d]", i), fmt.Sprintf("kommunekoden %q er ikke i versionen", c)})
			}
			labels = append(labels, lv.label(c))
		}
		if len(fe) > 0 {
			return waves.Change{}, "", invalidFields("intet er låst", fe)
		}
		verb := "Låst"
		if req.Locked {
			sc.Lock(req.Codes...)
		} else {
			sc.Unlock(req.Codes...)
			verb = "Låst op"
		}
		s := sc.Assignment().Score
		return waves.Change{Before: s, After: s, Violations: sc.Assignment().Violations}, verb + ": " + strings.Join(labels, ", "), nil
	})
}

// whatIf runs one step on a version's scenario outside any transaction and,
// unless preview, saves the new assignment and locks if the version is still
// the draft at the revision read (else a conflict), with a log entry.
func (a *WavePlanService) whatIf(ctx context.Context, programmeKey string, n, revision int, preview bool, actor string,
	kind string, step func(*loadedVersion, *waves.Scenario) (waves.Change, string, error)) (*WaveChange, error) {
	var lv *loadedVersion
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		lv, err = a.loadVersion(ctx, tx, programmeKey, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !preview {
		if err := lv.checkDraft(revision); err != nil {
			return nil, err
		}
	}
	sc := lv.scenario()
	wc, summary, err := step(lv, sc)
	if err != nil {
		return nil, err
	}
	ch := lv.change(wc, preview)
	if preview {
		ch.Revision = lv.v.Revision
		return ch, nil
	}
	after := sc.Assignment()
	locked := map[string]bool{}
	for _, c := range sc.Locked() {
		locked[c] = true
	}
	var changed []store.WaveAssignmentRow
	for _, r := range lv.rows {
		if w := after.Wave[r.Code]; w != r.Wave || locked[r.Code] != r.Locked {
			changed = append(changed, store.WaveAssignmentRow{Code: r.Code, Wave: w, Locked: locked[r.Code]})
		}
	}
	score, _ := json.Marshal(scoreOf(after.Score))
	chJSON, _ := json.Marshal(ch)
	err = a.write(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateWaveVersion(ctx, lv.v.ID, lv.v.Revision, score, changed); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return &Error{Code: CodeConflict, Err: err, Message: fmt.Sprintf(
					"version %d er ændret af en anden i mellemtiden eller er ikke længere et udkast; hent den igen", n)}
			}
			return err
		}
		return tx.AppendWaveStep(ctx, lv.v.ID, store.WaveStep{Actor: actor, Kind: kind, Summary: summary, Change: chJSON})
	})
	if err != nil {
		return nil, err
	}
	ch.Revision = lv.v.Revision + 1
	return ch, nil
}

func (lv *loadedVersion) checkDraft(revision int) error {
	if lv.v.State != model.WaveDraft {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf(
			"version %d er %s; kun udkast kan ændres – opret et nyt udkast fra den", lv.v.Number, strings.ToLower(lv.v.State.Label()))}
	}
	if revision != 0 && revision != lv.v.Revision {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf(
			"version %d er ændret siden du hentede den (revision %d, du sendte %d); hent den igen", lv.v.Number, lv.v.Revision, revision)}
	}
	return nil
}

func (lv *loadedVersion) change(c waves.Change, preview bool) *WaveChange {
	before, after := scoreOf(c.Before), scoreOf(c.After)
	ch := &WaveChange{Preview: preview, Before: before, After: after, Delta: after.sub(before), Criteria: criteriaChange(before, after),
		Moved: []WaveRelocation{}, Violations: append([]string{}, c.Violations...)}
	names := lv.names()
	for _, m := range c.Moved {
		ch.Moved = append(ch.Moved, WaveRelocation{Code: m.Code, Name: names[m.Code], From: m.From, To: m.To, Why: m.Why})
	}
	return ch
}

func (lv *loadedVersion) names() map[string]string {
	out := make(map[string]string, len(lv.inputs.Municipalities))
	for _, m := range lv.inputs.Municipalities {
		out[m.Code] = m.Name
	}
	return out
}

func (lv *loadedVersion) label(code string) string {
	if n, ok := lv.names()[code]; ok {
		return fmt.Sprintf("%s (%s)", n, code)
	}
	return code
}

func moveError(lv *loadedVersion, req WaveMove, err error) error {
	switch {
	case errors.Is(err, waves.ErrUnknownMunicipality):
		return invalidFields("intet er flyttet", FieldErrors{{"code", fmt.Sprintf("kommunekoden %q er ikke i versionen", req.Code)}})
	case errors.Is(err, waves.ErrUnknownWave):
		return invalidFields("intet er flyttet", FieldErrors{{"wave", fmt.Sprintf("bølge %d findes ikke i versionen", req.Wave)}})
	case errors.Is(err, waves.ErrFixed):
		return &Error{Code: CodeInvalid, Err: err, Message: fmt.Sprintf(
			"%s kan ikke flyttes: den (eller en kommune i samme samarbejde) er fastlagt til sin bølge i opsætningen", lv.label(req.Code))}
	case errors.Is(err, waves.ErrLocked):
		return &Error{Code: CodeInvalid, Err: err, Message: fmt.Sprintf(
			"%s kan ikke flyttes: den (eller en kommune i samme samarbejde) er låst; lås den op først", lv.label(req.Code))}
	}
	return err
}

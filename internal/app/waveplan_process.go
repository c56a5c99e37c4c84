package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/waves"
)

// The process of seed 002: a draft is announced to the municipalities
// (→ hearing), they comment on their placement, and the plan is made final,
// which sets every municipality's go-live date and wave.

// WaveTransition asks to move a version to its next state. Revision is the
// version revision the caller saw (0: do not check).
type WaveTransition struct {
	Revision int `json:"revision"`
	// ConfirmLive confirms, separately, that municipalities whose go-live
	// has passed may be moved when the plan is made final.
	ConfirmLive bool `json:"confirm_live"`
}

// WaveAnnouncementResult says what announcing a version did.
type WaveAnnouncementResult struct {
	Version    int             `json:"version"`
	State      model.WaveState `json:"state"`
	Superseded []int           `json:"superseded"` // versions that were in hearing before
	// Delivery says in words how the municipalities are told: by mail to
	// their project leads, through the outbox, and who could not be.
	Delivery      string                 `json:"delivery"`
	Notified      int                    `json:"notified"`  // municipalities the announcement is recorded for
	Mails         int                    `json:"mails"`     // messages queued
	Unreached     []string               `json:"unreached"` // municipality codes without a recipient
	Changed       int                    `json:"changed"`   // placed differently than in the previously announced version
	Announcements []WaveAnnouncementView `json:"announcements"`
}

// WaveAnnouncementView is what one municipality is told.
type WaveAnnouncementView struct {
	Municipality string     `json:"municipality"`
	Name         string     `json:"name"`
	Wave         int        `json:"wave"`
	GoLive       model.Date `json:"golive"`
	PreviousWave int        `json:"previous_wave"` // 0: not announced before
	Recipients   int        `json:"recipients"`    // project leads mailed
	Sent         int        `json:"sent"`          // of those, delivered to the mail server
	Delivered    bool       `json:"delivered"`     // at least one mail delivered
}

// AnnounceWaveVersion sends a draft to hearing: the version becomes the one
// in hearing (an earlier one in hearing is superseded) and every
// municipality's placement is recorded as announced to it. A plan that breaks
// a hard constraint is not announced.
func (a *WavePlanService) AnnounceWaveVersion(ctx context.Context, by *Identity, programmeKey string, n int, req WaveTransition) (*WaveAnnouncementResult, error) {
	if err := checkEnrol(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	var (
		lv   *loadedVersion
		prev map[string]int
	)
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		if lv, err = a.loadVersion(ctx, tx, programmeKey, n); err != nil {
			return err
		}
		prev, err = lastAnnounced(ctx, tx, lv)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := lv.checkDraft(req.Revision); err != nil {
		return nil, err
	}
	as := waves.Evaluate(lv.problem, lv.placement())
	if err := refuseHard(as, "meldes ud"); err != nil {
		return nil, err
	}
	res := &WaveAnnouncementResult{Version: n, State: model.WaveHearing, Unreached: []string{}}
	var rows []store.WaveAnnouncement
	names := lv.names()
	for _, m := range lv.inputs.Municipalities {
		w, ok := as.Wave[m.Code]
		if !ok {
			continue
		}
		r := store.WaveAnnouncement{Code: m.Code, Wave: w, GoLive: waveDef(lv.inputs.Setup.Waves, w).GoLive, PreviousWave: prev[m.Code]}
		rows = append(rows, r)
		if r.PreviousWave != 0 && r.PreviousWave != r.Wave {
			res.Changed++
		}
		res.Announcements = append(res.Announcements, WaveAnnouncementView{Municipality: m.Code, Name: names[m.Code], Wave: w,
			GoLive: r.GoLive, PreviousWave: r.PreviousWave})
	}
	res.Notified = len(rows)
	err = a.write(ctx, func(tx *store.Tx) error {
		var err error
		if res.Superseded, err = tx.SupersedeWaveVersions(ctx, lv.prog.ID, model.WaveHearing); err != nil {
			return err
		}
		if err := tx.SetWaveVersionState(ctx, lv.v.ID, lv.v.Revision, model.WaveDraft, model.WaveHearing, actor); err != nil {
			return stateConflict(err, n)
		}
		if err := tx.InsertWaveAnnouncements(ctx, lv.v.ID, rows); err != nil {
			return err
		}
		if err := a.queueWaveAnnouncement(ctx, tx, lv, res, actor); err != nil {
			return err
		}
		summary := fmt.Sprintf("Meldt ud til %d kommuner (%d placeret anderledes end i sidst udmeldte version); i høring; %s", res.Notified, res.Changed, res.Delivery)
		if len(res.Superseded) > 0 {
			summary += fmt.Sprintf("; erstatter version %s i høring", joinNumbers(res.Superseded))
		}
		return tx.AppendWaveStep(ctx, lv.v.ID, store.WaveStep{Actor: actor, Kind: "announce", Summary: summary})
	})
	if err != nil {
		return nil, err
	}
	if res.Superseded == nil {
		res.Superseded = []int{}
	}
	return res, nil
}

// lastAnnounced returns the placement of the most recently announced other
// version, or an empty map.
func lastAnnounced(ctx context.Context, tx *store.Tx, lv *loadedVersion) (map[string]int, error) {
	vs, err := tx.WaveVersions(ctx, lv.prog.ID)
	if err != nil {
		return nil, err
	}
	var last *store.WaveVersion
	for i := range vs {
		v := &vs[i]
		if v.ID == lv.v.ID || v.AnnouncedAt.IsZero() {
			continue
		}
		if last == nil || v.AnnouncedAt.After(last.AnnouncedAt) {
			last = v
		}
	}
	out := map[string]int{}
	if last == nil {
		return out, nil
	}
	rows, err := tx.WaveAssignments(ctx, last.ID)
	for _, r := range rows {
		out[r.Code] = r.Wave
	}
	return out, err
}

// WaveAnnouncements returns what each municipality was told when version n
// was announced (empty if it was not).
func (a *WavePlanService) WaveAnnouncements(ctx context.Context, by *Identity, programmeKey string, n int) ([]WaveAnnouncementView, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	out := []WaveAnnouncementView{}
	err := a.read(ctx, func(tx *store.Tx) error {
		lv, err := a.loadVersion(ctx, tx, programmeKey, n)
		if err != nil {
			return err
		}
		rows, err := tx.WaveAnnouncements(ctx, lv.v.ID)
		if err != nil {
			return err
		}
		names := lv.names()
		for _, r := range rows {
			out = append(out, WaveAnnouncementView{Municipality: r.Code, Name: names[r.Code], Wave: r.Wave, GoLive: r.GoLive,
				PreviousWave: r.PreviousWave})
		}
		return withMailCounts(ctx, tx, lv.prog.Key, n, out)
	})
	return out, err
}

// WaveFinalResult says what making a version final did to the plans.
type WaveFinalResult struct {
	Version    int             `json:"version"`
	State      model.WaveState `json:"state"`
	Superseded []int           `json:"superseded"` // the previous final version
	Created    int             `json:"created"`    // municipalities enrolled now
	Moved      int             `json:"moved"`      // plans whose go-live or wave changed
	Unchanged  int             `json:"unchanged"`
	Enrolments []EnrolResult   `json:"enrolments"`
	// Each municipality's project leads are told by mail (as on announcing).
	Mails     int      `json:"mails"`
	Unreached []string `json:"unreached"` // codes of municipalities without a recipient
}

// FinaliseWaveVersion makes the version in hearing final and, in the same
// transaction, enrols every municipality with its wave's go-live date and
// wave number (app.Enrol's rules): plans are created, or moved with their
// task dates recomputed, keeping dates the municipality moved itself.
// Either all of it happens or none.
func (a *WavePlanService) FinaliseWaveVersion(ctx context.Context, by *Identity, programmeKey string, n int, req WaveTransition) (*WaveFinalResult, error) {
	if err := checkEnrol(by); err != nil {
		return nil, err
	}
	actor := actorOf(by)
	var lv *loadedVersion
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		lv, err = a.loadVersion(ctx, tx, programmeKey, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	if lv.v.State != model.WaveHearing {
		return nil, &Error{Code: CodeConflict, Message: fmt.Sprintf(
			"version %d er %s; kun en version i høring kan gøres endelig – meld den ud først", n, strings.ToLower(lv.v.State.Label()))}
	}
	if req.Revision != 0 && req.Revision != lv.v.Revision {
		return nil, &Error{Code: CodeConflict, Message: fmt.Sprintf(
			"version %d er ændret siden du hentede den (revision %d, du sendte %d); hent den igen", n, lv.v.Revision, req.Revision)}
	}
	as := waves.Evaluate(lv.problem, lv.placement())
	if err := refuseHard(as, "gøres endelig"); err != nil {
		return nil, err
	}
	es := make([]Enrolment, 0, len(lv.rows))
	for _, m := range lv.inputs.Municipalities {
		if w, ok := as.Wave[m.Code]; ok {
			es = append(es, Enrolment{Code: m.Code, GoLive: waveDef(lv.inputs.Setup.Waves, w).GoLive, Wave: w})
		}
	}
	res := &WaveFinalResult{Version: n, State: model.WaveFinal}
	err = a.write(ctx, func(tx *store.Tx) error {
		var err error
		if res.Superseded, err = tx.SupersedeWaveVersions(ctx, lv.prog.ID, model.WaveFinal); err != nil {
			return err
		}
		if err := tx.SetWaveVersionState(ctx, lv.v.ID, lv.v.Revision, model.WaveHearing, model.WaveFinal, actor); err != nil {
			return stateConflict(err, n)
		}
		before, err := tx.Plans(ctx, lv.prog.ID)
		if err != nil {
			return err
		}
		was := map[string]store.Plan{}
		for _, p := range before {
			was[p.Municipality.Code] = p
		}
		if err := refuseLiveMoves(a.effectOf(lv, before), req.ConfirmLive); err != nil {
			return err
		}
		if res.Enrolments, err = a.enrolInTx(ctx, tx, lv.prog, es, actor); err != nil {
			return err
		}
		for _, r := range res.Enrolments {
			p := was[r.Code]
			switch {
			case r.Created:
				res.Created++
			case p.GoLive != r.GoLive || p.Wave != r.Wave:
				res.Moved++
			default:
				res.Unchanged++
			}
		}
		if err := a.queueWaveFinal(ctx, tx, lv, res, was, actor); err != nil {
			return err
		}
		if err := tx.AppendWaveStep(ctx, lv.v.ID, store.WaveStep{Actor: actor, Kind: "finalise", Summary: fmt.Sprintf(
			"Gjort endelig: %d kommuner tilmeldt, %d flyttet, %d uændret; %d mails til projektledere i kø", res.Created, res.Moved, res.Unchanged, res.Mails)}); err != nil {
			return err
		}
		if res.Superseded == nil {
			res.Superseded = []int{}
		}
		return finishJob(ctx, tx, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func refuseHard(as waves.Assignment, what string) error {
	hard, _ := waves.SplitViolations(as.Violations)
	if len(hard) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: fmt.Sprintf("planen bryder %d faste regler og kan ikke %s: %s",
		len(hard), what, strings.Join(hard, "; "))}
}

func stateConflict(err error, n int) error {
	if errors.Is(err, store.ErrConflict) {
		return &Error{Code: CodeConflict, Err: err, Message: fmt.Sprintf("version %d er ændret af en anden i mellemtiden; hent den igen", n)}
	}
	return err
}

func joinNumbers(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
}

// WaveCommentRequest is a municipality's hearing comment on its placement.
type WaveCommentRequest struct {
	Body string `json:"body"`
}

// AddWaveComment records a hearing comment of municipality code, by a
// caller who may change its plan (access.ChangePlan). Only a version in
// hearing takes comments, and only from municipalities it places.
func (a *WavePlanService) AddWaveComment(ctx context.Context, by *Identity, programmeKey string, n int, code string, req WaveCommentRequest) (*WaveCommentView, error) {
	actor := actorOf(by)
	body := strings.TrimSpace(req.Body)
	var fe FieldErrors
	if body == "" {
		fe = append(fe, FieldError{"body", "kommentaren er tom"})
	} else if utf8.RuneCountInString(body) > MaxCommentLength {
		fe = append(fe, FieldError{"body", fmt.Sprintf("kommentaren er for lang (højst %d tegn)", MaxCommentLength)})
	}
	var out *WaveCommentView
	err := a.write(ctx, func(tx *store.Tx) error {
		if err := a.checkMunicipality(ctx, tx, by, code, true); err != nil {
			return err
		}
		lv, err := a.loadVersion(ctx, tx, programmeKey, n)
		if err != nil {
			return err
		}
		if _, ok := lv.placement()[code]; !ok {
			return notFound("kommune %q er ikke med i version %d", code, n)
		}
		if len(fe) > 0 {
			return invalidFields("kommentaren er ikke gemt", fe)
		}
		if lv.v.State != model.WaveHearing {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf(
				"version %d er %s; kun en version i høring kan kommenteres", n, strings.ToLower(lv.v.State.Label()))}
		}
		c := store.WaveComment{Code: code, Author: actor, Body: body}
		if err := tx.InsertWaveComment(ctx, lv.v.ID, &c); err != nil {
			return err
		}
		out = &WaveCommentView{ID: c.ID, Municipality: c.Code, Name: lv.names()[c.Code], Author: c.Author, Body: c.Body, CreatedAt: c.CreatedAt}
		return nil
	})
	return out, err
}

// WaveMunicipalityView is one municipality's placement in a version as the
// municipality sees it in the hearing: its wave, the wave's facts, what it
// was told, and its comments.
type WaveMunicipalityView struct {
	Programme     string                `json:"programme"`
	ProgrammeName string                `json:"programme_name"`
	WaveNames     model.WaveNames       `json:"-"` // the programme's, for pages
	Version       int                   `json:"version"`
	State         model.WaveState       `json:"state"`
	StateLabel    string                `json:"state_label"`
	Placement     WavePlacement         `json:"placement"`
	Wave          WaveStats             `json:"wave"`
	Announcement  *WaveAnnouncementView `json:"announcement,omitempty"`
	Comments      []WaveCommentView     `json:"comments"`
}

// WaveMunicipality returns municipality code's placement in version n, if
// the caller may see the municipality (access.ViewMunicipality). For
// callers outside the centre a version that was never announced does not
// exist: drafts are the centre's working material.
func (a *WavePlanService) WaveMunicipality(ctx context.Context, by *Identity, programmeKey string, n int, code string) (*WaveMunicipalityView, error) {
	announcedOnly := !isCentral(by)
	var out *WaveMunicipalityView
	err := a.read(ctx, func(tx *store.Tx) error {
		if err := a.checkMunicipality(ctx, tx, by, code, false); err != nil {
			return err
		}
		lv, err := a.loadVersion(ctx, tx, programmeKey, n)
		if err != nil {
			return err
		}
		if announcedOnly && lv.v.AnnouncedAt.IsZero() {
			return notFound("bølgeplanen for %q har ingen udmeldt version %d", programmeKey, n)
		}
		if _, ok := lv.placement()[code]; !ok {
			return notFound("kommune %q er ikke med i version %d", code, n)
		}
		comments, err := tx.WaveComments(ctx, lv.v.ID, code)
		if err != nil {
			return err
		}
		anns, err := tx.WaveAnnouncements(ctx, lv.v.ID)
		if err != nil {
			return err
		}
		full := lv.view(summaryOf(lv.v, 0), nil, comments)
		out = &WaveMunicipalityView{Programme: lv.prog.Key, ProgrammeName: lv.prog.Name, WaveNames: lv.prog.Waves, Version: n, State: lv.v.State,
			StateLabel: lv.v.State.Label(), Comments: full.Comments}
		for _, p := range full.Municipalities {
			if p.Code == code {
				out.Placement = p
			}
		}
		for _, w := range full.Waves {
			if w.Number == out.Placement.Wave {
				out.Wave = w
			}
		}
		for _, an := range anns {
			if an.Code == code {
				views := []WaveAnnouncementView{{Municipality: code, Name: out.Placement.Name, Wave: an.Wave, GoLive: an.GoLive,
					PreviousWave: an.PreviousWave}}
				if err := withMailCounts(ctx, tx, lv.prog.Key, n, views); err != nil {
					return err
				}
				out.Announcement = &views[0]
			}
		}
		return nil
	})
	return out, err
}

// WaveComments lists a version's hearing comments, of one municipality when
// code is not empty.
func (a *WavePlanService) WaveComments(ctx context.Context, by *Identity, programmeKey string, n int, code string) ([]WaveCommentView, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	out := []WaveCommentView{}
	err := a.read(ctx, func(tx *store.Tx) error {
		lv, err := a.loadVersion(ctx, tx, programmeKey, n)
		if err != nil {
			return err
		}
		cs, err := tx.WaveComments(ctx, lv.v.ID, code)
		if err != nil {
			return err
		}
		names := lv.names()
		for _, c := range cs {
			out = append(out, WaveCommentView{ID: c.ID, Municipality: c.Code, Name: names[c.Code], Author: c.Author, Body: c.Body, CreatedAt: c.CreatedAt})
		}
		return nil
	})
	return out, err
}

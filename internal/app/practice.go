package app

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/announce"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// Kommunepraktik (seed 003 §6.3): after a wave the centre pairs a
// municipality that went live with one about to; both see the pairing and
// the meetings they agree on. Rule: announce.CheckPairing; who may:
// access (Announce, ViewPairing, ChangePairing); docs/announcements.md.

// PairingView is a pairing as pages and the API show it.
type PairingView struct {
	ID              int64                      `json:"id"`
	Programme       string                     `json:"programme"`
	ProgrammeName   string                     `json:"programme_name"`
	Experienced     string                     `json:"experienced"`
	ExperiencedName string                     `json:"experienced_name"`
	ExperiencedLive model.Date                 `json:"experienced_golive"`
	Newcomer        string                     `json:"newcomer"`
	NewcomerName    string                     `json:"newcomer_name"`
	NewcomerLive    model.Date                 `json:"newcomer_golive"`
	Meetings        []announce.PracticeMeeting `json:"meetings"`
	CanAddMeeting   bool                       `json:"can_add_meeting"`
	CreatedAt       time.Time                  `json:"created_at"`
	CreatedBy       string                     `json:"created_by"`
}

// PairingInput names the two municipalities by code.
type PairingInput struct {
	Experienced string `json:"experienced"`
	Newcomer    string `json:"newcomer"`
}

func (a *AnnouncementService) pairingView(ctx context.Context, tx *store.Tx, by *Identity, p store.PairingRow) (PairingView, error) {
	v := PairingView{ID: p.ID, Programme: p.Programme, ProgrammeName: p.ProgrammeName, Experienced: p.Experienced,
		ExperiencedName: p.ExperiencedName, Newcomer: p.Newcomer, NewcomerName: p.NewcomerName, Meetings: p.Meetings,
		CreatedAt: p.CreatedAt, CreatedBy: p.CreatedBy}
	v.CanAddMeeting = unrestricted(by) || access.ChangePairing(by.Subject, p.ExperiencedID, p.NewcomerID)
	for _, x := range []struct {
		id   int64
		live *model.Date
	}{{p.ExperiencedID, &v.ExperiencedLive}, {p.NewcomerID, &v.NewcomerLive}} {
		plan, err := tx.PlanOf(ctx, p.ProgrammeID, x.id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return v, err
		}
		*x.live = plan.GoLive
	}
	return v, nil
}

// CreatePairing pairs a municipality that has gone live in the programme
// with one about to; refused naming the field otherwise.
func (a *AnnouncementService) CreatePairing(ctx context.Context, by *Identity, programmeKey string, in PairingInput) (PairingView, error) {
	var v PairingView
	if err := allow(by, access.Announce, access.RefuseAnnounce); err != nil {
		return v, err
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		plans := map[string]store.Plan{}
		for field, code := range map[string]string{"experienced": in.Experienced, "newcomer": in.Newcomer} {
			code = strings.TrimSpace(code)
			if code == "" {
				return invalidField(field, "vælg en kommune")
			}
			m, err := a.municipality(ctx, tx, code)
			if ErrorCode(err) == CodeNotFound {
				return invalidField(field, "kommunen %q findes ikke", code)
			} else if err != nil {
				return err
			}
			p, err := tx.PlanOf(ctx, prog.ID, m.ID)
			if errors.Is(err, store.ErrNotFound) {
				return invalidField(field, "%s er ikke tilmeldt %s", m.Name, prog.Name)
			} else if err != nil {
				return err
			}
			plans[field] = p
		}
		e, n := plans["experienced"], plans["newcomer"]
		if err := announce.CheckPairing(e.Municipality.Name, e.GoLive, n.Municipality.Name, n.GoLive, a.Today()); err != nil {
			return fieldErr(err)
		}
		p := store.PairingRow{ProgrammeID: prog.ID, ExperiencedID: e.Municipality.ID, NewcomerID: n.Municipality.ID, CreatedBy: actorOf(by)}
		if err := tx.InsertPairing(ctx, &p); store.IsUniqueViolation(err) {
			return &Error{Code: CodeConflict, Field: "newcomer", Message: e.Municipality.Name + " og " + n.Municipality.Name + " er allerede parret"}
		} else if err != nil {
			return err
		}
		p.Programme, p.ProgrammeName = prog.Key, prog.Name
		p.Experienced, p.ExperiencedName, p.Newcomer, p.NewcomerName = e.Municipality.Code, e.Municipality.Name, n.Municipality.Code, n.Municipality.Name
		p.Meetings = []announce.PracticeMeeting{}
		v, err = a.pairingView(ctx, tx, by, p)
		return err
	})
	return v, err
}

// Pairings lists the pairings the caller may see: of a programme (key "":
// of all), every one for the centre, their own municipality's for
// municipal users.
func (a *AnnouncementService) Pairings(ctx context.Context, by *Identity, programmeKey string) ([]PairingView, error) {
	out := []PairingView{}
	err := a.read(ctx, func(tx *store.Tx) error {
		var pid int64
		if programmeKey != "" {
			prog, err := a.programme(ctx, tx, programmeKey)
			if err != nil {
				return err
			}
			pid = prog.ID
		}
		var mid int64
		if !unrestricted(by) && !by.Subject.Role.Central() {
			if mid = by.Subject.MunicipalityID; mid == 0 {
				return nil
			}
		}
		ps, err := tx.Pairings(ctx, pid, mid)
		if err != nil {
			return err
		}
		for _, p := range ps {
			v, err := a.pairingView(ctx, tx, by, p)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// PracticeMeetingInput is an agreed meeting.
type PracticeMeetingInput struct {
	Day  model.Date `json:"day"`
	Note string     `json:"note"`
}

// AddPracticeMeeting records a meeting the paired municipalities agreed on.
func (a *AnnouncementService) AddPracticeMeeting(ctx context.Context, by *Identity, pairingID int64, in PracticeMeetingInput) (announce.PracticeMeeting, error) {
	var m announce.PracticeMeeting
	in.Note = strings.TrimSpace(in.Note)
	err := a.write(ctx, func(tx *store.Tx) error {
		p, err := tx.Pairing(ctx, pairingID)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("parringen findes ikke")
		} else if err != nil {
			return err
		}
		if !unrestricted(by) && !access.ChangePairing(by.Subject, p.ExperiencedID, p.NewcomerID) {
			return forbidden("%s", access.RefuseChangePairing)
		}
		switch {
		case in.Day == model.NoDate:
			return invalidField("day", "angiv mødets dato")
		case in.Note == "":
			return invalidField("note", "skriv, hvad I mødes om (fx besøg i borgerservice)")
		case utf8.RuneCountInString(in.Note) > announce.MaxTitle*5:
			return invalidField("note", "noten må højst være %d tegn", announce.MaxTitle*5)
		}
		m = announce.PracticeMeeting{Day: in.Day, Note: in.Note, CreatedBy: actorOf(by)}
		return tx.InsertPracticeMeeting(ctx, pairingID, &m)
	})
	return m, err
}

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/announce"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/store"
)

// Network meetings (netværksmøder): rules in package announce (Seat,
// CheckMeeting, InvitationDay), storage in store/network.go, who may in
// access (Announce, RegisterNetwork); docs/announcements.md.

// KindNetwork is the outbox kind of network-meeting mail.
const KindNetwork = "netværksmøde"

// Registration states, as the API and pages show them.
const (
	RegConfirmed = "tilmeldt"
	RegWaiting   = "venteliste"
)

// RegistrationView is a municipality's registration for a meeting.
type RegistrationView struct {
	Municipality     string    `json:"municipality"`
	MunicipalityName string    `json:"municipality_name"`
	PlaceID          int64     `json:"place_id"`
	Place            string    `json:"place"`
	Lead             string    `json:"lead"`
	Owner            string    `json:"owner"`
	Status           string    `json:"status"`
	WaitingNumber    int       `json:"waiting_number"` // 0 when confirmed
	RegisteredAt     time.Time `json:"registered_at"`
}

// PlaceView is a meeting place with its seats and registrations.
type PlaceView struct {
	announce.Place
	FreeSeats     int                `json:"free_seats"`
	Confirmed     int                `json:"confirmed"`
	Waiting       int                `json:"waiting"`
	Registrations []RegistrationView `json:"registrations"`
}

// MeetingView is a network meeting as pages and the API show it.
type MeetingView struct {
	ID            int64       `json:"id"`
	Programme     string      `json:"programme"`
	ProgrammeName string      `json:"programme_name"`
	Title         string      `json:"title"`
	Day           model.Date  `json:"day"`
	Starts        string      `json:"starts"`
	Ends          string      `json:"ends"`
	InvitationDay model.Date  `json:"invitation_day"`
	Invited       bool        `json:"invited"`
	Places        []PlaceView `json:"places"`
	// Mine is the caller's municipality's registration; absent without one.
	Mine *RegistrationView `json:"mine,omitempty"`
}

// When is the meeting's day and hours in Danish.
func (m MeetingView) When() string { return meetingWhen(m.Day, m.Starts, m.Ends) }

func meetingWhen(day model.Date, starts, ends string) string {
	days := []string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"}
	return fmt.Sprintf("%s %s kl. %s–%s", days[day.Weekday()], day.Danish(), strings.ReplaceAll(starts, ":", "."), strings.ReplaceAll(ends, ":", "."))
}

// seating works out every live registration's status, place by place.
func seating(m store.MeetingRow, regs []store.RegistrationRow) map[int64]announce.Seating {
	out := map[int64]announce.Seating{}
	for _, p := range m.Places {
		var ids []int64
		for _, r := range regs {
			if r.PlaceID == p.ID {
				ids = append(ids, r.ID)
			}
		}
		for i, s := range announce.Seat(p.Capacity, len(ids)) {
			out[ids[i]] = s
		}
	}
	return out
}

func meetingView(m store.MeetingRow, regs []store.RegistrationRow, mine int64) MeetingView {
	v := MeetingView{ID: m.ID, Programme: m.Programme, ProgrammeName: m.ProgrammeName, Title: m.Title, Day: m.Day, Starts: m.Starts,
		Ends: m.Ends, InvitationDay: announce.InvitationDay(m.Day), Invited: !m.InvitedAt.IsZero(), Places: []PlaceView{}}
	seats := seating(m, regs)
	for _, p := range m.Places {
		pv := PlaceView{Place: p, Registrations: []RegistrationView{}}
		for _, r := range regs {
			if r.PlaceID != p.ID {
				continue
			}
			rv := RegistrationView{Municipality: r.Municipality, MunicipalityName: r.MunicipalityName, PlaceID: p.ID, Place: p.Name,
				Lead: r.LeadName, Owner: r.OwnerName, Status: RegConfirmed, WaitingNumber: int(seats[r.ID]), RegisteredAt: r.RegisteredAt}
			if seats[r.ID].Confirmed() {
				pv.Confirmed++
			} else {
				rv.Status = RegWaiting
				pv.Waiting++
			}
			pv.Registrations = append(pv.Registrations, rv)
			if r.MunicipalityID == mine {
				x := rv
				v.Mine = &x
			}
		}
		pv.FreeSeats = p.Capacity - pv.Confirmed*announce.SeatsPerRegistration
		v.Places = append(v.Places, pv)
	}
	return v
}

func fieldErr(err error) error {
	var fe *announce.FieldError
	if errors.As(err, &fe) {
		return invalidField(fe.Field, "%s", fe.Message)
	}
	return err
}

// CreateMeeting stores a network meeting with its places. The organizer
// of its invitations is the coordinator who creates it.
func (a *AnnouncementService) CreateMeeting(ctx context.Context, by *Identity, d announce.MeetingDraft) (MeetingView, error) {
	var v MeetingView
	if err := allow(by, access.Announce, access.RefuseAnnounce); err != nil {
		return v, err
	}
	if err := announce.CheckMeeting(&d, a.Today()); err != nil {
		return v, fieldErr(err)
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, d.Programme)
		if ErrorCode(err) == CodeNotFound {
			return invalidField("programme", "programmet %q findes ikke", d.Programme)
		} else if err != nil {
			return err
		}
		m := store.MeetingRow{ProgrammeID: prog.ID, Programme: prog.Key, ProgrammeName: prog.Name, Title: d.Title, Day: d.Day,
			Starts: d.Starts, Ends: d.Ends, OrganizerName: "KOMBIT programkontoret", OrganizerEmail: "programkontoret@kombit.dk",
			CreatedBy: actorOf(by)}
		if by != nil && by.User.Email != "" {
			m.OrganizerName, m.OrganizerEmail = by.User.Name, by.User.Email
		}
		for _, p := range d.Places {
			m.Places = append(m.Places, announce.Place{Name: p.Name, Address: p.Address, Capacity: p.Capacity})
		}
		if err := tx.InsertMeeting(ctx, &m); err != nil {
			return err
		}
		v = meetingView(m, nil, 0)
		return nil
	})
	return v, err
}

// NetworkMeetings lists the coming network meetings of a programme (key
// "": of all) with their places and registrations; Mine is the caller's
// municipality's. Anyone signed in may read them.
func (a *AnnouncementService) NetworkMeetings(ctx context.Context, by *Identity, programmeKey string) ([]MeetingView, error) {
	out := []MeetingView{}
	err := a.read(ctx, func(tx *store.Tx) error {
		var pid int64
		if programmeKey != "" {
			prog, err := a.programme(ctx, tx, programmeKey)
			if err != nil {
				return err
			}
			pid = prog.ID
		}
		ms, err := tx.Meetings(ctx, pid, a.Today())
		if err != nil {
			return err
		}
		for _, m := range ms {
			regs, err := tx.Registrations(ctx, m.ID)
			if err != nil {
				return err
			}
			out = append(out, meetingView(m, regs, mineOf(by)))
		}
		return nil
	})
	return out, err
}

func mineOf(by *Identity) int64 {
	if by == nil {
		return 0
	}
	return by.Subject.MunicipalityID
}

// RegistrationInput is a municipality's registration: the place and the
// e-mail addresses of its project lead and project owner, who must be
// udrul users of the municipality. Waitlist asks to be put on the waiting
// list when the place is full; without it a full place is refused.
type RegistrationInput struct {
	Place    int64  `json:"place"`
	Lead     string `json:"lead"`
	Owner    string `json:"owner"`
	Waitlist bool   `json:"waitlist"`
}

// RegisterForMeeting registers (or re-registers, moving place) a
// municipality for a meeting. A full place is refused naming the field
// (nothing written) unless the caller asks for the waiting list.
func (a *AnnouncementService) RegisterForMeeting(ctx context.Context, by *Identity, meetingID int64, code string, in RegistrationInput) (RegistrationView, error) {
	var out RegistrationView
	err := a.write(ctx, func(tx *store.Tx) error {
		m, muni, err := a.meetingFor(ctx, tx, by, meetingID, code)
		if err != nil {
			return err
		}
		if _, err := tx.PlanOf(ctx, m.ProgrammeID, muni.ID); errors.Is(err, store.ErrNotFound) {
			return invalidField("municipality", "%s er ikke tilmeldt %s", muni.Name, m.ProgrammeName)
		} else if err != nil {
			return err
		}
		var place *announce.Place
		for i := range m.Places {
			if m.Places[i].ID == in.Place {
				place = &m.Places[i]
			}
		}
		if place == nil {
			return invalidField("place", "vælg et af mødets steder")
		}
		lead, err := a.municipalPerson(ctx, tx, muni, in.Lead, "lead", "projektleder")
		if err != nil {
			return err
		}
		owner, err := a.municipalPerson(ctx, tx, muni, in.Owner, "owner", "projektejer")
		if err != nil {
			return err
		}
		if lead.ID == owner.ID {
			return invalidField("owner", "projektejeren skal være en anden end projektlederen")
		}
		if err := tx.LockPlace(ctx, place.ID); err != nil {
			return err
		}
		regs, err := tx.Registrations(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, r := range regs {
			if r.MunicipalityID == muni.ID {
				// A new registration replaces the old: it goes to the back
				// of the new place's queue (and frees the old seat).
				if err := a.cancel(ctx, tx, m, regs, r, actorOf(by)); err != nil {
					return err
				}
				if regs, err = tx.Registrations(ctx, m.ID); err != nil {
					return err
				}
			}
		}
		taken := 0
		for _, r := range regs {
			if r.PlaceID == place.ID {
				taken++
			}
		}
		if s := announce.Seat(place.Capacity, taken+1); !s[taken].Confirmed() && !in.Waitlist {
			return &Error{Code: CodeConflict, Field: "place", Message: fmt.Sprintf(
				"%s er fuldt booket (%d pladser); vælg et andet sted, eller bed om at komme på ventelisten", place.Name, place.Capacity)}
		}
		r := store.RegistrationRow{MeetingID: m.ID, PlaceID: place.ID, MunicipalityID: muni.ID, LeadID: lead.ID, OwnerID: owner.ID,
			RegisteredBy: actorOf(by)}
		if err := tx.InsertRegistration(ctx, &r); store.IsUniqueViolation(err) {
			return &Error{Code: CodeConflict, Field: "municipality", Message: fmt.Sprintf("%s er allerede tilmeldt mødet", muni.Name)}
		} else if err != nil {
			return err
		}
		if regs, err = tx.Registrations(ctx, m.ID); err != nil {
			return err
		}
		v := meetingView(m, regs, muni.ID)
		out = *v.Mine
		if !m.InvitedAt.IsZero() && out.Status == RegConfirmed {
			// The invitations are out already: this one gets its own now.
			for _, x := range regs {
				if x.ID == r.ID {
					_, err = a.queueMeetingMail(ctx, tx, m, x, notify.MeetingInvite, 0)
				}
			}
		}
		return err
	})
	return out, err
}

// meetingFor finds the meeting and the municipality and checks the caller
// may register it; a meeting that has been held is closed.
func (a *AnnouncementService) meetingFor(ctx context.Context, tx *store.Tx, by *Identity, meetingID int64, code string) (store.MeetingRow, model.Organisation, error) {
	m, err := tx.Meeting(ctx, meetingID)
	if errors.Is(err, store.ErrNotFound) {
		return m, model.Organisation{}, notFound("netværksmødet findes ikke")
	} else if err != nil {
		return m, model.Organisation{}, err
	}
	muni, err := a.municipality(ctx, tx, code)
	if err != nil {
		return m, muni, err
	}
	if !unrestricted(by) && !access.RegisterNetwork(by.Subject, muni.ID) {
		return m, muni, forbidden("%s", access.RefuseRegisterNetwork)
	}
	if m.Day <= a.Today() {
		return m, muni, &Error{Code: CodeConflict, Field: "day", Message: fmt.Sprintf("mødet %s er holdt; tilmeldingen er lukket", m.Day.Danish())}
	}
	return m, muni, nil
}

// municipalPerson finds an active udrul user of the municipality by
// e-mail, for field.
func (a *AnnouncementService) municipalPerson(ctx context.Context, tx *store.Tx, muni model.Organisation, email, field, what string) (store.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return store.User{}, invalidField(field, "vælg kommunens %s", what)
	}
	u, err := tx.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (!u.Active || u.Org.ID != muni.ID)) {
		return u, invalidField(field, "%s er ikke en aktiv bruger i %s", email, muni.Name)
	}
	return u, err
}

// CancelRegistration cancels a municipality's registration. The first on
// the place's waiting list moves up and is told (with the invitation, if
// the invitations are out).
func (a *AnnouncementService) CancelRegistration(ctx context.Context, by *Identity, meetingID int64, code string) error {
	return a.write(ctx, func(tx *store.Tx) error {
		m, muni, err := a.meetingFor(ctx, tx, by, meetingID, code)
		if err != nil {
			return err
		}
		regs, err := tx.Registrations(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, r := range regs {
			if r.MunicipalityID == muni.ID {
				if err := tx.LockPlace(ctx, r.PlaceID); err != nil {
					return err
				}
				return a.cancel(ctx, tx, m, regs, r, actorOf(by))
			}
		}
		return notFound("%s er ikke tilmeldt mødet", muni.Name)
	})
}

// cancel cancels r and tells whoever moves up into the freed seat.
func (a *AnnouncementService) cancel(ctx context.Context, tx *store.Tx, m store.MeetingRow, regs []store.RegistrationRow, r store.RegistrationRow, actor string) error {
	before := seating(m, regs)
	if err := tx.CancelRegistration(ctx, r.ID, actor); err != nil {
		return err
	}
	after, err := tx.Registrations(ctx, m.ID)
	if err != nil {
		return err
	}
	now := seating(m, after)
	for _, x := range after {
		if now[x.ID].Confirmed() && !before[x.ID].Confirmed() {
			if _, err := a.queueMeetingMail(ctx, tx, m, x, notify.MeetingMovedUp, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// queueMeetingMail writes one mail about the meeting to the registration's
// project lead and one to its project owner; an invitation (and a move up
// once the invitations are out) carries the iCalendar request naming both.
func (a *AnnouncementService) queueMeetingMail(ctx context.Context, tx *store.Tx, m store.MeetingRow, r store.RegistrationRow, kind string, waiting int) (int, error) {
	var place announce.Place
	for _, p := range m.Places {
		if p.ID == r.PlaceID {
			place = p
		}
	}
	invited := kind == notify.MeetingInvite || !m.InvitedAt.IsZero()
	event := fmt.Sprintf("%s:%d:%d", KindNetwork, m.ID, r.ID) // the invitation: once per registration and person
	switch {
	case kind == notify.MeetingWaiting:
		event = fmt.Sprintf("%s-venteliste:%d:%d", KindNetwork, m.ID, r.ID)
	case kind == notify.MeetingMovedUp && !invited:
		event = fmt.Sprintf("%s-rykket-op:%d:%d", KindNetwork, m.ID, r.ID)
	}
	var cal string
	if kind != notify.MeetingWaiting && invited {
		start, end := announce.Times(m.Day, m.Starts, m.Ends)
		cal = string(export.ICalRequest(export.Invitation{UID: fmt.Sprintf("netvaerksmoede-%d-%d@udrul", m.ID, place.ID),
			Stamp: a.Now(), Start: start, End: end, Summary: m.Title + " – " + place.Name,
			Description: fmt.Sprintf("%s for %s. Tilmeldt for %s.", m.Title, m.ProgrammeName, r.MunicipalityName),
			Location:    place.Name + ", " + place.Address, URL: a.notifyCfg.BaseURL + "/netvaerksmoeder",
			OrganizerName: m.OrganizerName, OrganizerEmail: m.OrganizerEmail,
			Attendees: []export.Attendee{{Name: r.LeadName, Email: r.LeadEmail}, {Name: r.OwnerName, Email: r.OwnerEmail}}}))
		if a.notifyCfg.BaseURL == "" {
			cal = strings.Replace(cal, "URL:/netvaerksmoeder\r\n", "", 1)
		}
	}
	var msgs []model.OutboxMessage
	for _, uid := range []int64{r.LeadID, r.OwnerID} {
		rec, err := tx.RecipientByID(ctx, uid)
		if err != nil {
			return 0, err
		}
		subject, body := notify.NetworkMeeting{To: notifyRecipient(rec), Kind: kind, ProgrammeName: m.ProgrammeName, Title: m.Title,
			Place: place.Name, Address: place.Address, When: meetingWhen(m.Day, m.Starts, m.Ends), Municipality: r.MunicipalityName,
			Lead: r.LeadName, Owner: r.OwnerName, WaitingNumber: waiting, Invited: invited, BaseURL: a.notifyCfg.BaseURL}.Render()
		msgs = append(msgs, model.OutboxMessage{UserID: uid, EventKey: event, Kind: KindNetwork, ToAddress: rec.Email, ToName: rec.Name,
			Subject: subject, Body: body, Calendar: cal})
	}
	return tx.EnqueueMessages(ctx, msgs)
}

// InvitationResult is what sending a meeting's invitations did.
type InvitationResult struct {
	Invited int `json:"invited"` // municipalities with a seat, invited
	Waiting int `json:"waiting"` // municipalities told they are on the waiting list
	Mails   int `json:"mails"`
}

// SendMeetingInvitations sends a meeting's invitations: to the project
// lead and owner of every municipality with a seat, an invitation with
// the iCalendar request; to those waiting, their number. They are due
// four weeks before the meeting (announce.InvitationDay) and go out once;
// sending earlier is refused naming the day.
func (a *AnnouncementService) SendMeetingInvitations(ctx context.Context, by *Identity, meetingID int64) (InvitationResult, error) {
	var res InvitationResult
	if err := allow(by, access.Announce, access.RefuseAnnounce); err != nil {
		return res, err
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		m, err := tx.Meeting(ctx, meetingID)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("netværksmødet findes ikke")
		} else if err != nil {
			return err
		}
		today := a.Today()
		switch due := announce.InvitationDay(m.Day); {
		case m.Day <= today:
			return &Error{Code: CodeConflict, Field: "day", Message: fmt.Sprintf("mødet %s er holdt", m.Day.Danish())}
		case today < due:
			return invalidField("day", "invitationerne sendes fire uger før mødet, fra %s", due.Danish())
		}
		res, err = a.invite(ctx, tx, m)
		return err
	})
	return res, err
}

func (a *AnnouncementService) invite(ctx context.Context, tx *store.Tx, m store.MeetingRow) (InvitationResult, error) {
	var res InvitationResult
	regs, err := tx.Registrations(ctx, m.ID)
	if err != nil {
		return res, err
	}
	seats := seating(m, regs)
	for _, r := range regs {
		kind := notify.MeetingInvite
		if s := seats[r.ID]; s.Confirmed() {
			res.Invited++
		} else {
			kind = notify.MeetingWaiting
			res.Waiting++
		}
		n, err := a.queueMeetingMail(ctx, tx, m, r, kind, int(seats[r.ID]))
		if err != nil {
			return res, err
		}
		res.Mails += n
	}
	return res, tx.MarkInvited(ctx, m.ID)
}

// SendDueMeetingInvitations sends the invitations of every meeting whose
// invitation day has come. Sending twice does nothing, so every server
// may call it every minute (with the digests).
func (a *AnnouncementService) SendDueMeetingInvitations(ctx context.Context) (int, error) {
	n := 0
	err := a.write(ctx, func(tx *store.Tx) error {
		today := a.Today()
		ms, err := tx.MeetingsToInvite(ctx, today, today.AddDays(announce.InvitationLead))
		if err != nil {
			return err
		}
		for _, m := range ms {
			res, err := a.invite(ctx, tx, m)
			if err != nil {
				return err
			}
			n += res.Mails
		}
		return nil
	})
	return n, err
}

// MeetingPeople are the active users of a municipality who can be named
// as its project lead or owner in a registration.
func (a *AnnouncementService) MeetingPeople(ctx context.Context, by *Identity) ([]model.User, error) {
	var out []model.User
	if by == nil || by.Subject.MunicipalityID == 0 {
		return out, nil
	}
	err := a.read(ctx, func(tx *store.Tx) error {
		us, err := tx.UsersOfOrganisations(ctx, by.Subject.MunicipalityID)
		for _, u := range us {
			if u.Active {
				out = append(out, u.User)
			}
		}
		return err
	})
	return out, err
}

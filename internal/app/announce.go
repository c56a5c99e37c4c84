package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/announce"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/store"
)

// Announcements (meddelelser) from the centre to the municipalities: rules
// in package announce, storage in store/announce.go, who may in access
// (Announce); docs/announcements.md.

// KindAnnouncement is the outbox kind of announcement mails.
const KindAnnouncement = "meddelelse"

// AnnouncementView is an announcement with its audience in words.
type AnnouncementView struct {
	announce.Announcement
	AudienceText string `json:"audience"`
	// ReadBy is how many have marked it read (the centre's list only).
	ReadBy int `json:"read_by"`
}

// announcementView describes x's audience with its programme's wave names
// (waves, by programme id).
func announcementView(x announce.Announcement, waves map[int64]model.WaveNames) AnnouncementView {
	return AnnouncementView{Announcement: x, AudienceText: x.Audience().Describe(waves[x.ProgrammeID])}
}

// waveNamesByProgramme are every programme's wave names by its id.
func waveNamesByProgramme(ctx context.Context, tx *store.Tx) (map[int64]model.WaveNames, error) {
	ps, err := tx.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]model.WaveNames, len(ps))
	for _, p := range ps {
		out[p.ID] = p.Waves
	}
	return out, nil
}

// AnnouncementResult is what sending an announcement did.
type AnnouncementResult struct {
	Announcement   AnnouncementView `json:"announcement"`
	Municipalities int              `json:"municipalities"` // in the audience
	Mails          int              `json:"mails"`          // queued in the outbox
}

// Announce stores an announcement and, in the same transaction, queues one
// mail to every recipient: the active users with one of its roles in the
// municipalities of its programme (and wave), unless they have chosen no
// mail or limited their mail to other programmes. Announcements are the
// centre's deliberate news, so the default of roles other than project
// leads (no mail until asked) does not hold them back. An audience that reaches no municipality is refused naming
// the field.
func (a *AnnouncementService) Announce(ctx context.Context, by *Identity, d announce.Draft) (*AnnouncementResult, error) {
	if err := allow(by, access.Announce, access.RefuseAnnounce); err != nil {
		return nil, err
	}
	var res *AnnouncementResult
	err := a.write(ctx, func(tx *store.Tx) error {
		var plans []store.Plan
		prog, err := a.programme(ctx, tx, d.Programme)
		if ErrorCode(err) == CodeNotFound {
			return invalidField("programme", "programmet %q findes ikke", d.Programme)
		} else if err != nil && d.Programme != "" {
			return err
		}
		if d.Programme != "" {
			if plans, err = tx.Plans(ctx, prog.ID); err != nil {
				return err
			}
		}
		var waves []int
		for _, p := range plans {
			if !slices.Contains(waves, p.Wave) {
				waves = append(waves, p.Wave)
			}
		}
		if err := announce.Check(&d, waves); err != nil {
			var fe *announce.FieldError
			if errors.As(err, &fe) {
				return invalidField(fe.Field, "%s", fe.Message)
			}
			return err
		}
		x := announce.Announcement{ProgrammeID: prog.ID, Programme: prog.Key, ProgrammeName: prog.Name, Wave: d.Wave,
			Roles: d.Roles, Title: d.Title, Body: d.Body, CreatedBy: actorOf(by)}
		if err := tx.InsertAnnouncement(ctx, &x); err != nil {
			return err
		}
		res = &AnnouncementResult{Announcement: announcementView(x, map[int64]model.WaveNames{prog.ID: prog.Waves})}
		waveOf := map[int64]int{} // municipality id → wave, for those in the audience
		for _, p := range plans {
			if d.Wave == 0 || p.Wave == d.Wave {
				waveOf[p.Municipality.ID] = p.Wave
				res.Municipalities++
			}
		}
		rs, err := tx.ActiveRecipients(ctx)
		if err != nil {
			return err
		}
		var msgs []model.OutboxMessage
		for _, r := range rs {
			wave, ok := waveOf[municipalityOfUser(r.User.User)]
			if !ok || !x.Audience().Reaches(r.Role, wave) || r.Preference == string(Never) || !inScope(r, prog.ID) {
				continue
			}
			subject, body := notify.Announcement{To: notifyRecipient(r), ID: x.ID, Programme: prog.Key, ProgrammeName: prog.Name,
				Audience: res.Announcement.AudienceText, Title: x.Title, Body: x.Body, AnnouncedBy: x.CreatedBy,
				BaseURL: a.notifyCfg.BaseURL}.Render()
			msgs = append(msgs, model.OutboxMessage{UserID: r.ID, EventKey: fmt.Sprintf("%s:%d", KindAnnouncement, x.ID),
				Kind: KindAnnouncement, ToAddress: r.Email, ToName: r.Name, Subject: subject, Body: body})
		}
		res.Mails, err = tx.EnqueueMessages(ctx, msgs)
		return err
	})
	return res, err
}

// municipalityOfUser is the municipality a municipal user or tovholder
// works in; 0 for central users.
func municipalityOfUser(u model.User) int64 {
	switch u.Org.Kind {
	case model.OrgMunicipality:
		return u.Org.ID
	case model.OrgInstitution:
		return u.Org.ParentID
	}
	return 0
}

// Announcements lists the centre's announcements, newest first, of one
// programme (key "": of all), with how many have read each.
func (a *AnnouncementService) Announcements(ctx context.Context, by *Identity, programmeKey string) ([]AnnouncementView, error) {
	if err := allow(by, access.Announce, access.RefuseAnnounce); err != nil {
		return nil, err
	}
	out := []AnnouncementView{}
	err := a.read(ctx, func(tx *store.Tx) error {
		var pid int64
		if programmeKey != "" {
			prog, err := a.programme(ctx, tx, programmeKey)
			if err != nil {
				return err
			}
			pid = prog.ID
		}
		xs, err := tx.Announcements(ctx, pid, 0)
		if err != nil {
			return err
		}
		reads, err := tx.AnnouncementReadCounts(ctx)
		if err != nil {
			return err
		}
		waves, err := waveNamesByProgramme(ctx, tx)
		if err != nil {
			return err
		}
		for _, x := range xs {
			v := announcementView(x, waves)
			v.ReadBy = reads[x.ID]
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// MyAnnouncements lists the announcements that reach the signed-in user
// and that they have not marked read, newest first: those to their
// municipality's programmes (and its wave in each) and their role. Central
// users get none.
func (a *AnnouncementService) MyAnnouncements(ctx context.Context, by *Identity) ([]AnnouncementView, error) {
	out := []AnnouncementView{}
	if by == nil || by.Subject.MunicipalityID == 0 {
		return out, nil
	}
	err := a.read(ctx, func(tx *store.Tx) error {
		xs, err := a.reaching(ctx, tx, by)
		if err != nil {
			return err
		}
		read, err := tx.AnnouncementsRead(ctx, by.Subject.UserID)
		if err != nil {
			return err
		}
		waves, err := waveNamesByProgramme(ctx, tx)
		if err != nil {
			return err
		}
		for _, x := range xs {
			if !read[x.ID] {
				out = append(out, announcementView(x, waves))
			}
		}
		return nil
	})
	return out, err
}

// reaching lists every announcement whose audience includes the user.
func (a *AnnouncementService) reaching(ctx context.Context, tx *store.Tx, by *Identity) ([]announce.Announcement, error) {
	plans, err := tx.MunicipalityPlans(ctx, by.Subject.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var out []announce.Announcement
	for _, p := range plans {
		xs, err := tx.Announcements(ctx, p.ProgrammeID, p.Wave)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			if x.Audience().Reaches(string(by.Subject.Role), p.Wave) {
				out = append(out, x)
			}
		}
	}
	slices.SortStableFunc(out, func(x, y announce.Announcement) int { return y.CreatedAt.Compare(x.CreatedAt) })
	return out, nil
}

// MarkAnnouncementRead records that the signed-in user has read an
// announcement to them; it leaves their front page. An announcement that
// does not reach them is not found.
func (a *AnnouncementService) MarkAnnouncementRead(ctx context.Context, by *Identity, id int64) error {
	if by == nil || by.Subject.MunicipalityID == 0 {
		return notFound("meddelelsen er ikke sendt til dig")
	}
	return a.write(ctx, func(tx *store.Tx) error {
		xs, err := a.reaching(ctx, tx, by)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(xs, func(x announce.Announcement) bool { return x.ID == id }) {
			return notFound("meddelelsen er ikke sendt til dig")
		}
		return tx.MarkAnnouncementRead(ctx, id, by.Subject.UserID)
	})
}

// AnnouncementFeed returns a programme's announcements as an Atom feed:
// with wave > 0 those to that wave and to every wave, else all. base is
// the server's address, for the links. Anyone signed in may read it.
func (a *AnnouncementService) AnnouncementFeed(ctx context.Context, by *Identity, programmeKey string, wave int, base string) (string, error) {
	if wave < 0 {
		return "", invalidField("wave", "bølgen skal være et positivt tal")
	}
	var out string
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		xs, err := tx.Announcements(ctx, prog.ID, wave)
		if err != nil {
			return err
		}
		f := announce.Feed{Title: "Meddelelser: " + prog.Name, Link: base + "/",
			ID: fmt.Sprintf("tag:udrul,2026:meddelelser:%s", prog.Key), Updated: a.Now()}
		if len(xs) > 0 {
			f.Updated = xs[0].CreatedAt // newest first
		}
		if wave > 0 {
			f.Title += ", " + prog.Waves.Label(wave)
			f.ID += fmt.Sprintf(":%d", wave)
		}
		items := make([]announce.Item, len(xs))
		for i, x := range xs {
			items[i] = announce.Item{ID: x.ID, Title: x.Title, Body: x.Body, Audience: x.Audience(), Waves: prog.Waves, Author: x.CreatedBy,
				Published: x.CreatedAt, Link: fmt.Sprintf("%s/meddelelser/%d", base, x.ID)}
		}
		out, err = announce.Atom(f, items)
		return err
	})
	return out, err
}

// Announcement returns one announcement; Unread is whether it reaches the
// signed-in user and they have not marked it read. Anyone signed in may
// read it, as in the feed.
func (a *AnnouncementService) Announcement(ctx context.Context, by *Identity, id int64) (v AnnouncementView, unread bool, err error) {
	err = a.read(ctx, func(tx *store.Tx) error {
		x, err := tx.Announcement(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("meddelelsen findes ikke")
		} else if err != nil {
			return err
		}
		waves, err := waveNamesByProgramme(ctx, tx)
		if err != nil {
			return err
		}
		v = announcementView(x, waves)
		if by == nil || by.Subject.MunicipalityID == 0 {
			return nil
		}
		xs, err := a.reaching(ctx, tx, by)
		if err != nil {
			return err
		}
		read, err := tx.AnnouncementsRead(ctx, by.Subject.UserID)
		unread = err == nil && !read[id] && slices.ContainsFunc(xs, func(x announce.Announcement) bool { return x.ID == id })
		return err
	})
	return v, unread, err
}

package app

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/store"
)

// KindWavePlan is the outbox kind of wave-plan announcements.
const KindWavePlan = "bølgeplan"

// waveEventPrefix is the start of the event keys of version n's
// announcement mails; the municipality code follows it.
func waveEventPrefix(programmeKey string, n int) string {
	return fmt.Sprintf("%s:%s:%d:", KindWavePlan, programmeKey, n)
}

// waveMailRecipients picks, per municipality code, who is told of an
// announcement: the municipality's active project leads (seed 002: the
// municipalities are heard through their project lead) who take mail for
// this programme. A lead on a daily or weekly digest gets it at once
// anyway: a hearing has a deadline and is not digest material. A lead who
// chose no mail gets none; the placement is on their page all the same.
func waveMailRecipients(rs []store.Recipient, programmeID int64) map[string][]store.Recipient {
	out := map[string][]store.Recipient{}
	for _, r := range rs {
		if access.Role(r.Role) != access.ProjectLead || r.Org.Kind != model.OrgMunicipality ||
			preference(r) == Never || !inScope(r, programmeID) {
			continue
		}
		out[r.Org.Code] = append(out[r.Org.Code], r)
	}
	return out
}

// queueWaveAnnouncement writes, inside the announcing transaction, one mail
// per recipient telling them their municipality's placement, and fills in
// res's delivery figures. The event key holds version and municipality, so
// a retried announcement never mails anyone twice.
func (a *WavePlanService) queueWaveAnnouncement(ctx context.Context, tx *store.Tx, lv *loadedVersion, res *WaveAnnouncementResult, actor string) error {
	rs, err := tx.ActiveRecipients(ctx)
	if err != nil {
		return err
	}
	who := waveMailRecipients(rs, lv.prog.ID)
	var msgs []model.OutboxMessage
	for i, an := range res.Announcements {
		w := waveDef(lv.inputs.Setup.Waves, an.Wave)
		mail := notify.WaveAnnouncement{Programme: lv.prog.Key, ProgrammeName: lv.prog.Name, Version: res.Version,
			Municipality: an.Name, Code: an.Municipality, Wave: an.Wave, WaveNames: lv.prog.Waves, WaveKind: w.Kind, GoLive: an.GoLive,
			PreviousWave: an.PreviousWave, AnnouncedBy: actor, BaseURL: a.notifyCfg.BaseURL}
		if an.PreviousWave != 0 {
			mail.PreviousLive = waveDef(lv.inputs.Setup.Waves, an.PreviousWave).GoLive
		}
		for _, r := range who[an.Municipality] {
			mail.To = notifyRecipient(r)
			subject, body := mail.Render()
			msgs = append(msgs, model.OutboxMessage{UserID: r.ID, EventKey: waveEventPrefix(lv.prog.Key, res.Version) + an.Municipality,
				Kind: KindWavePlan, ToAddress: r.Email, ToName: r.Name, Subject: subject, Body: body})
		}
		res.Announcements[i].Recipients = len(who[an.Municipality])
		if len(who[an.Municipality]) == 0 {
			res.Unreached = append(res.Unreached, an.Municipality)
		}
	}
	if _, err := tx.EnqueueMessages(ctx, msgs); err != nil {
		return err
	}
	res.Mails = len(msgs)
	res.Delivery = deliveryText(res.Mails, len(res.Announcements)-len(res.Unreached), len(res.Unreached))
	return nil
}

func deliveryText(mails, reached, unreached int) string {
	s := fmt.Sprintf("%s i kø til projektledere i %s", count(mails, "mail", "mails"), count(reached, "kommune", "kommuner"))
	if unreached > 0 {
		s += fmt.Sprintf("; %s ingen projektleder, der modtager mail, og må have besked på anden vis", count(unreached, "kommune har", "kommuner har"))
	}
	return s
}

func count(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural(n, one, many)) }

// queueWaveFinal writes, inside the finalising transaction, one mail per
// recipient telling them their municipality's go-live is fixed and what it
// did to their plan; was holds the plans before.
func (a *WavePlanService) queueWaveFinal(ctx context.Context, tx *store.Tx, lv *loadedVersion, res *WaveFinalResult, was map[string]store.Plan, actor string) error {
	rs, err := tx.ActiveRecipients(ctx)
	if err != nil {
		return err
	}
	who := waveMailRecipients(rs, lv.prog.ID)
	res.Unreached = []string{}
	var msgs []model.OutboxMessage
	for _, e := range res.Enrolments {
		if len(who[e.Code]) == 0 {
			res.Unreached = append(res.Unreached, e.Code)
			continue
		}
		mail := notify.WaveFinal{Programme: lv.prog.Key, ProgrammeName: lv.prog.Name, Version: res.Version, Municipality: e.Name,
			Code: e.Code, Wave: e.Wave, WaveNames: lv.prog.Waves, WaveKind: waveDef(lv.inputs.Setup.Waves, e.Wave).Kind, GoLive: e.GoLive, Created: e.Created,
			PreviousLive: was[e.Code].GoLive, Instances: e.Instances, FinalisedBy: actor, BaseURL: a.notifyCfg.BaseURL}
		if !e.Created {
			mail.Instances = e.Moved
		}
		for _, r := range who[e.Code] {
			mail.To = notifyRecipient(r)
			subject, body := mail.Render()
			msgs = append(msgs, model.OutboxMessage{UserID: r.ID, EventKey: fmt.Sprintf("%s-endelig:%s:%d:%s", KindWavePlan, lv.prog.Key, res.Version, e.Code),
				Kind: KindWavePlan, ToAddress: r.Email, ToName: r.Name, Subject: subject, Body: body})
		}
	}
	if _, err := tx.EnqueueMessages(ctx, msgs); err != nil {
		return err
	}
	res.Mails = len(msgs)
	return nil
}

// withMailCounts fills in how far each announcement's mails have got.
func withMailCounts(ctx context.Context, tx *store.Tx, programmeKey string, n int, views []WaveAnnouncementView) error {
	prefix := waveEventPrefix(programmeKey, n)
	counts, err := tx.MailCounts(ctx, prefix)
	if err != nil {
		return err
	}
	for i := range views {
		c := counts[prefix+views[i].Municipality]
		views[i].Recipients, views[i].Sent, views[i].Delivered = c.Queued, c.Sent, c.Sent > 0
	}
	return nil
}

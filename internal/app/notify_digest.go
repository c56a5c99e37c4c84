package app

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/store"
)

// DigestResult says what a digest run did.
type DigestResult struct {
	Kind       string     `json:"kind"`
	Period     model.Date `json:"period"`
	From       model.Date `json:"from"`
	Made       bool       `json:"made"` // false: it had been made already
	Recipients int        `json:"recipients"`
	Messages   int        `json:"messages"`
}

// digestPeriod returns the period a digest made on day covers: from the
// previous digest of the kind (so that days a server was down are still
// covered), else from the previous working day (daily) or a week before
// (weekly); and the time the previous one was made, which bounds the status
// changes to look at.
func (a *NotifyService) digestPeriod(ctx context.Context, tx *store.Tx, kind string, day model.Date) (from model.Date, since time.Time, err error) {
	prev, ok, err := tx.PreviousDigest(ctx, kind, day)
	if err != nil {
		return 0, time.Time{}, err
	}
	if ok {
		return prev.Period, prev.CreatedAt, nil
	}
	from = day.AddDays(-7)
	if kind == DigestDaily {
		from = day.AddDays(-1)
		for !a.cal.IsWorkingDay(from) {
			from--
		}
	}
	return from, startOfDay(from), nil
}

func startOfDay(d model.Date) time.Time {
	y, m, dd := d.Time().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, model.Copenhagen())
}

func validDigestKind(kind string) error {
	if kind != DigestDaily && kind != DigestWeekly {
		return invalidField("kind", "ukendt sammendrag %q: brug dagligt eller ugentligt", kind)
	}
	return nil
}

// RunDigest makes the digest of kind for day: for every recipient who
// wants it, one message with the tasks that turned yellow or red since the
// previous digest and the publications waiting for them. Its record and its
// messages are written in one transaction; a digest already made (by this
// or another server) is not made again.
func (a *NotifyService) RunDigest(ctx context.Context, kind string, day model.Date) (DigestResult, error) {
	res := DigestResult{Kind: kind, Period: day}
	if err := validDigestKind(kind); err != nil {
		return res, err
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		from, since, err := a.digestPeriod(ctx, tx, kind, day)
		if err != nil {
			return err
		}
		res.From = from
		if res.Made, err = tx.StartDigest(ctx, kind, day, from); err != nil || !res.Made {
			return err
		}
		rs, err := digestRecipients(ctx, tx, kind)
		if err != nil {
			return err
		}
		res.Recipients = len(rs)
		ds, err := a.composeDigests(ctx, tx, kind, from, day, since, rs)
		if err != nil {
			return err
		}
		msgs := make([]model.OutboxMessage, 0, len(ds))
		for _, d := range ds {
			if err := tx.DeletePending(ctx, d.recipient.ID, d.versions); err != nil {
				return err
			}
			if d.digest.Empty() {
				continue
			}
			subject, body := d.digest.Render()
			msgs = append(msgs, model.OutboxMessage{UserID: d.recipient.ID, EventKey: digestEvent(kind, day), Kind: KindDigest,
				ToAddress: d.recipient.Email, ToName: d.recipient.Name, Subject: subject, Body: body})
		}
		if res.Messages, err = tx.EnqueueMessages(ctx, msgs); err != nil {
			return err
		}
		return tx.FinishDigest(ctx, kind, day, res.Messages)
	})
	return res, err
}

func digestEvent(kind string, day model.Date) string {
	return fmt.Sprintf("%s:%s:%s", KindDigest, kind, day)
}

// RunDueDigests makes the digests that are due now: the daily one on
// working days from NotifyConfig.DigestHour, and the weekly one on Mondays.
// Making a digest twice does nothing, so every server may call this every
// minute.
func (a *NotifyService) RunDueDigests(ctx context.Context) ([]DigestResult, error) {
	now := a.now().In(model.Copenhagen())
	hour := a.notifyCfg.DigestHour
	if hour == 0 {
		hour = 6
	}
	if now.Hour() < hour {
		return nil, nil
	}
	today := model.DateOf(now)
	var out []DigestResult
	if a.cal.IsWorkingDay(today) {
		r, err := a.RunDigest(ctx, DigestDaily, today)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	if today.Weekday() == time.Monday {
		r, err := a.RunDigest(ctx, DigestWeekly, today)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// PreviewDigest returns the digest a user would get if it were made now
// for day, without making it.
func (a *NotifyService) PreviewDigest(ctx context.Context, userID int64, kind string, day model.Date) (MailPreview, error) {
	var out MailPreview
	if err := validDigestKind(kind); err != nil {
		return out, err
	}
	err := a.read(ctx, func(tx *store.Tx) error {
		r, err := tx.RecipientByID(ctx, userID)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("bruger %d findes ikke", userID)
		} else if err != nil {
			return err
		}
		from, since, err := a.digestPeriod(ctx, tx, kind, day)
		if err != nil {
			return err
		}
		ds, err := a.composeDigests(ctx, tx, kind, from, day, since, []store.Recipient{r})
		if err != nil {
			return err
		}
		out = MailPreview{To: r.Email, ToName: r.Name, EventKey: digestEvent(kind, day)}
		d := ds[0].digest
		out.Subject, out.Body = d.Render()
		if d.Empty() {
			out.Empty, out.Reason = true, fmt.Sprintf("intet at fortælle fra %s til %s; der sendes ingen mail", from.Danish(), day.Danish())
		}
		if !r.Active || preference(r) == Never {
			out.Reason = "modtageren har fravalgt mails"
		}
		return nil
	})
	return out, err
}

// DigestDryRun computes the digest of kind for day for every recipient who
// wants it, without writing anything, and returns how many messages it
// would send. It is the computation RunDigest does, for measuring it.
func (a *NotifyService) DigestDryRun(ctx context.Context, kind string, day model.Date) (recipients, messages int, err error) {
	if err := validDigestKind(kind); err != nil {
		return 0, 0, err
	}
	err = a.read(ctx, func(tx *store.Tx) error {
		from, since, err := a.digestPeriod(ctx, tx, kind, day)
		if err != nil {
			return err
		}
		rs, err := digestRecipients(ctx, tx, kind)
		if err != nil {
			return err
		}
		ds, err := a.composeDigests(ctx, tx, kind, from, day, since, rs)
		if err != nil {
			return err
		}
		recipients = len(rs)
		for _, d := range ds {
			if !d.digest.Empty() {
				d.digest.Render()
				messages++
			}
		}
		return nil
	})
	return recipients, messages, err
}

// digestRecipients are the active recipients of a kind of digest: the daily
// one goes to those who want mail at once or daily, the weekly one to those
// who want it weekly.
func digestRecipients(ctx context.Context, tx *store.Tx, kind string) ([]store.Recipient, error) {
	rs, err := tx.ActiveRecipients(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.Recipient
	for _, r := range rs {
		p := preference(r)
		if (kind == DigestDaily && (p == Immediately || p == Daily)) || (kind == DigestWeekly && p == Weekly) {
			out = append(out, r)
		}
	}
	return out, nil
}

type composed struct {
	recipient store.Recipient
	digest    notify.Digest
	versions  []int64 // pending publications it reports
}

// turnedTask is a task whose colour got worse in a digest's period.
type turnedTask struct {
	store.DigestTask
	Colour model.Colour
}

// turned returns the tasks of a programme that turned yellow or red from
// from to day: those whose colour as of day (model.TaskColour, with their
// status now) is yellow or red and worse than their colour as of from with
// the status they had then (at since). Only two kinds of task can qualify:
// open mandatory tasks whose end date lies between from and day's warning
// horizon (dates moved them), and tasks whose status changed after since.
func (a *NotifyService) turned(ctx context.Context, tx *store.Tx, prog catalogue.Programme, from, day model.Date, since time.Time) ([]turnedTask, error) {
	warnDay := a.cal.WarnUntil(day, prog.WarningDays)
	warnFrom := a.cal.WarnUntil(from, prog.WarningDays)
	cands, err := tx.MandatoryOpenEndingBetween(ctx, prog.ID, from, warnDay)
	if err != nil {
		return nil, err
	}
	before, err := tx.StatusesBefore(ctx, prog.ID, since)
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(cands))
	for _, c := range cands {
		seen[c.ID] = true
	}
	var extra []int64
	for id := range before {
		if !seen[id] {
			extra = append(extra, id)
		}
	}
	if len(extra) > 0 {
		more, err := tx.DigestTasksByID(ctx, extra)
		if err != nil {
			return nil, err
		}
		cands = append(cands, more...)
	}
	var out []turnedTask
	for _, c := range cands {
		now := model.PlanTaskColour(c.Type, c.Status, c.End, c.Enrolled, day, warnDay)
		if now != model.Yellow && now != model.Red {
			continue
		}
		then := c.Status
		if s, ok := before[c.ID]; ok {
			then = s
		}
		was := model.PlanTaskColour(c.Type, then, c.End, c.Enrolled, from, warnFrom)
		if was != now && model.Worst(was, now) == now {
			out = append(out, turnedTask{DigestTask: c, Colour: now})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].End != out[j].End {
			return out[i].End < out[j].End
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// composeDigests builds the digest of every recipient in rs for the period
// (from, day]: per programme they follow, municipal recipients get their
// municipality's tasks that turned yellow or red and the publications
// waiting for them; central recipients get a line per municipality.
func (a *NotifyService) composeDigests(ctx context.Context, tx *store.Tx, kind string, from, day model.Date, since time.Time, rs []store.Recipient) ([]composed, error) {
	out := make([]composed, len(rs))
	for i, r := range rs {
		out[i] = composed{recipient: r, digest: notify.Digest{To: notifyRecipient(r), Kind: kind, From: from, Through: day, BaseURL: a.notifyCfg.BaseURL}}
	}
	if len(rs) == 0 {
		return out, nil
	}
	progs, err := tx.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	// Publications waiting for these recipients.
	pending, err := tx.Pending(ctx)
	if err != nil {
		return nil, err
	}
	var versionIDs []int64
	seenVersion := map[int64]bool{}
	for i := range out {
		out[i].versions = pending[out[i].recipient.ID]
		for _, v := range out[i].versions {
			if !seenVersion[v] {
				seenVersion[v] = true
				versionIDs = append(versionIDs, v)
			}
		}
	}
	sort.Slice(versionIDs, func(i, j int) bool { return versionIDs[i] < versionIDs[j] })
	published, err := tx.PublishedChanges(ctx, versionIDs)
	if err != nil {
		return nil, err
	}
	versions := map[int64]catalogue.Version{}
	for _, id := range versionIDs {
		v, _, err := tx.VersionByID(ctx, id)
		if err != nil {
			return nil, err
		}
		versions[id] = v
	}
	for _, prog := range progs {
		interested := false
		for _, r := range rs {
			if inScope(r, prog.ID) {
				interested = true
				break
			}
		}
		if !interested {
			continue
		}
		plans, err := tx.Plans(ctx, prog.ID)
		if err != nil {
			return nil, err
		}
		if len(plans) == 0 {
			continue
		}
		turned, err := a.turned(ctx, tx, prog, from, day, since)
		if err != nil {
			return nil, err
		}
		var progChanges []store.PublishedChange
		for _, c := range published {
			if c.ProgrammeID == prog.ID {
				progChanges = append(progChanges, c)
			}
		}
		a.addProgramme(out, prog, plans, turned, progChanges, versions)
	}
	return out, nil
}

// addProgramme adds one programme's part to every recipient's digest.
func (a *NotifyService) addProgramme(out []composed, prog catalogue.Programme, plans []store.Plan, turned []turnedTask,
	changes []store.PublishedChange, versions map[int64]catalogue.Version) {
	planByID := make(map[int64]store.Plan, len(plans))
	planOfOrg := make(map[int64]store.Plan, len(plans))
	for _, p := range plans {
		planByID[p.ID] = p
		planOfOrg[p.Municipality.ID] = p
	}
	byPlan := map[int64][]turnedTask{}
	for _, t := range turned {
		byPlan[t.PlanID] = append(byPlan[t.PlanID], t)
	}
	var centralLines []notify.CentralLine
	for _, p := range plans {
		ts := byPlan[p.ID]
		if len(ts) == 0 {
			continue
		}
		l := notify.CentralLine{Municipality: p.Municipality.Name, Code: p.Municipality.Code, Wave: p.Wave}
		for _, t := range ts {
			crit := t.Type == model.Critical
			if t.Colour == model.Red {
				l.Red++
				if crit {
					l.CriticalRed++
				}
			} else {
				l.Yellow++
				if crit {
					l.CriticalYellow++
				}
			}
		}
		centralLines = append(centralLines, l)
	}
	// Worst first: critical red, red, critical yellow; then by code order of the plans.
	sort.SliceStable(centralLines, func(i, j int) bool {
		a, b := centralLines[i], centralLines[j]
		if a.CriticalRed != b.CriticalRed {
			return a.CriticalRed > b.CriticalRed
		}
		if a.Red != b.Red {
			return a.Red > b.Red
		}
		return a.CriticalYellow > b.CriticalYellow
	})
	var pcByOrg map[int64][]notify.PlanChanges
	for i := range out {
		c := &out[i]
		r := c.recipient
		if !inScope(r, prog.ID) {
			continue
		}
		if central(r) {
			if len(centralLines) > 0 {
				c.digest.Central = append(c.digest.Central, notify.CentralDigest{Programme: prog.Key, ProgrammeName: prog.Name, WaveNames: prog.Waves, Lines: centralLines})
			}
			continue
		}
		p, ok := planOfOrg[municipalityOf(r)]
		if !ok {
			continue
		}
		md := notify.MunicipalityDigest{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: p.Municipality.Name, Code: p.Municipality.Code}
		for _, t := range byPlan[p.ID] {
			it := notify.DigestItem{Title: t.Title, Key: t.Key, Type: t.Type, End: t.End, Institution: t.Institution, Colour: t.Colour}
			if t.Colour == model.Red {
				md.Red = append(md.Red, it)
			} else {
				md.Yellow = append(md.Yellow, it)
			}
		}
		if len(c.versions) > 0 && len(changes) > 0 {
			if pcByOrg == nil {
				pcByOrg = a.planChanges(prog, plans, changes, versions)
			}
			for _, pc := range pcByOrg[municipalityOf(r)] {
				for _, v := range c.versions {
					if versions[v].Number == pc.Version && versionProgramme(changes, v) == prog.ID {
						md.Published = append(md.Published, pc)
					}
				}
			}
		}
		if !md.Empty() {
			c.digest.Plans = append(c.digest.Plans, md)
		}
	}
}

func versionProgramme(changes []store.PublishedChange, versionID int64) int64 {
	for _, c := range changes {
		if c.VersionID == versionID {
			return c.ProgrammeID
		}
	}
	return 0
}

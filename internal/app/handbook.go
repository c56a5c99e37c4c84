package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/handbook"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/store"
)

// The municipality's own implementation handbook (kommunespecifik
// implementeringshåndbog, seed 003 §3.4; docs/handbook.md): made from the
// model and the plan on request (page and PDF), and mailed to the plan's
// project leads by RunDueHandbooks, once from 30 days before go-live and
// again whenever the plan changes up to go-live. The rules are in package
// handbook.

// KindHandbook is the outbox kind of the handbook's mails.
const KindHandbook = "håndbog"

func handbookEvent(programmeKey, code string, version int) string {
	return fmt.Sprintf("%s:%s:%s:%d", KindHandbook, programmeKey, code, version)
}

// Handbook returns a municipality's handbook for a programme as of asof.
// A municipality not enrolled in the programme is a 404 naming the field
// "code".
func (a *PlanService) Handbook(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*handbook.Document, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return nil, err
	}
	var doc *handbook.Document
	err := a.read(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, asof)
		if e := (*Error)(nil); errors.As(err, &e) && e.Code == CodeNotFound && e.Field == "" {
			e.Field = "code"
		}
		if err != nil {
			return err
		}
		vs, err := tx.HandbookVersions(ctx, d.plan.ID)
		if err != nil {
			return err
		}
		doc, err = a.handbookOf(ctx, tx, d, vs, asof)
		return err
	})
	return doc, err
}

// snapshot is what a version of the handbook fixes of the plan.
func snapshot(d *planData) handbook.Snapshot {
	s := handbook.Snapshot{GoLive: d.plan.GoLive, Wave: d.plan.Wave, Tasks: make([]handbook.Line, 0, len(d.tasks))}
	for _, t := range d.tasks {
		s.Tasks = append(s.Tasks, handbook.Line{Key: t.Key, Title: t.Title, Type: t.Type, Start: t.Start, End: t.End,
			Executor: t.Executor, Own: t.Own})
	}
	return s
}

func (a *PlanService) handbookOf(ctx context.Context, tx *store.Tx, d *planData, vs []store.HandbookVersion, asof model.Date) (*handbook.Document, error) {
	golive := d.plan.GoLive
	doc := &handbook.Document{Programme: d.prog.Key, ProgrammeName: d.prog.Name, Municipality: d.muni, Asof: asof,
		GoLive: golive, Wave: d.plan.Wave, WaveNames: d.prog.Waves, SendFrom: handbook.SendFrom(golive), Deadline: handbook.Deadline(golive),
		Source: a.model.Source, Tasks: len(d.tasks), Created: a.now(), Pending: []string{}, Own: []handbook.Task{},
		Versions: []handbook.SentVersion{}, Checkpoints: []handbook.Checkpoint{}, Contacts: []handbook.Contact{}}
	cur := snapshot(d)
	doc.Version = len(vs) + 1
	if n := len(vs); n > 0 {
		last := vs[n-1]
		if last.Digest == cur.Digest() {
			doc.Version, doc.Sent = last.Version, true
		} else if prev, err := handbook.Parse(last.Content); err == nil {
			doc.Pending = handbook.Changes(prev, cur, d.prog.Waves)
		}
	}
	for i := len(vs) - 1; i >= 0; i-- {
		v := vs[i]
		sv := handbook.SentVersion{Version: v.Version, SentAt: v.CreatedAt, SentOn: model.DanishDate(v.CreatedAt), GoLive: v.GoLive,
			Recipients: v.Recipients, Changes: v.Changes}
		if sv.Changes == nil {
			sv.Changes = []string{}
		}
		sv.Late = v.Version == 1 && handbook.Late(v.GoLive, sv.SentOn)
		doc.Versions = append(doc.Versions, sv)
	}
	for _, th := range a.model.Themes {
		doc.Themes = append(doc.Themes, handbook.Theme{Key: th.Key, Name: th.Name, Description: th.Description})
	}
	phaseIx := map[string]int{}
	for _, ph := range a.model.Phases {
		text, success := handbook.SplitSuccess(ph.Description)
		phaseIx[ph.Key] = len(doc.Phases)
		doc.Phases = append(doc.Phases, handbook.Phase{Key: ph.Key, Name: ph.Name, Parent: ph.Parent, Description: text,
			Success: success, Period: phasePeriod(ph, golive), Tasks: []handbook.Task{}})
	}
	for _, t := range d.tasks {
		ht := handbook.Task{Key: t.Key, Title: t.Title, Phase: t.Phase, Theme: t.Theme, ThemeName: a.themeName(t.Theme), Type: t.Type,
			Start: t.Start, End: t.End, Responsible: t.Responsible, Executor: t.Executor, Assignee: t.Assignee, Status: t.Status,
			Own: t.Own, Milestone: t.Milestone, Institutions: t.Institutions}
		if len(t.InstanceIDs) == 1 {
			ht.TaskID = t.InstanceIDs[0]
		}
		if t.Own {
			doc.Own = append(doc.Own, ht)
			continue
		}
		i, ok := phaseIx[t.Phase]
		if !ok { // a phase the model does not know: the catalogue's validation prevents it
			i = len(doc.Phases) - 1
		}
		doc.Phases[i].Tasks = append(doc.Phases[i].Tasks, ht)
	}
	items, err := tx.CheckpointItems(ctx, d.plan.ID)
	if err != nil {
		return nil, err
	}
	decisions, err := tx.CheckpointDecisions(ctx, d.plan.ID)
	if err != nil {
		return nil, err
	}
	for _, tr := range catalogue.Transitions(a.model) {
		c := handbook.Checkpoint{Key: tr.Key, FromName: tr.FromName, ToName: tr.ToName, Items: []handbook.CheckpointItem{}}
		for _, it := range items {
			if it.Transition == tr.Key {
				c.Items = append(c.Items, handbook.CheckpointItem{Title: it.Title, Type: it.Type, End: it.End, Status: it.Status, Institution: it.Institution})
			}
		}
		for _, dc := range decisions {
			if dc.Transition == tr.Key {
				c.Decision, c.DecidedOn = checkpointDecisionLabel(dc.Decision), model.DanishDate(dc.DecidedAt)
			}
		}
		if len(c.Items) > 0 || c.Decision != "" {
			doc.Checkpoints = append(doc.Checkpoints, c)
		}
	}
	users, err := tx.UsersOfOrganisations(ctx, d.muni.ID)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		doc.Contacts = append(doc.Contacts, handbook.Contact{Name: u.Name, Role: access.Role(u.Role).Label(), Email: u.Email})
	}
	return doc, nil
}

func checkpointDecisionLabel(d string) string {
	switch d {
	case DecisionApproved:
		return "Godkendt"
	case DecisionPostponed:
		return "Udskudt"
	}
	return d
}

// phasePeriod is a phase's window in a plan going live on golive.
func phasePeriod(ph model.Phase, golive model.Date) string {
	switch {
	case ph.FromDays != nil && ph.ToDays != nil:
		return golive.AddDays(*ph.FromDays).Danish() + "–" + golive.AddDays(*ph.ToDays-1).Danish()
	case ph.FromDays != nil:
		return "fra " + golive.AddDays(*ph.FromDays).Danish()
	case ph.ToDays != nil:
		return "til " + golive.AddDays(*ph.ToDays-1).Danish()
	}
	return ""
}

// HandbookRun says what one run of RunDueHandbooks did.
type HandbookRun struct {
	Checked int // plans in the window
	Sent    int // versions made
	Mails   int
}

// RunDueHandbooks sends the handbooks that are due now: for every plan
// going live within handbook.SendFromDays, the first version when none was
// sent, or a new version when the plan has changed since the last one,
// each to the municipality's active project leads who take mail for the
// programme. A version and its mails are written in one transaction and
// the version number is unique per plan, so running it again, or on
// several servers at once, sends nothing twice. A plan with no project
// lead to mail gets no version until it has one. Like the digests it runs
// from NotifyConfig.DigestHour, every minute (cli's mail loop).
func (a *PlanService) RunDueHandbooks(ctx context.Context) (HandbookRun, error) {
	now := a.now().In(model.Copenhagen())
	hour := a.notifyCfg.DigestHour
	if hour == 0 {
		hour = 6
	}
	if now.Hour() < hour {
		return HandbookRun{}, nil
	}
	return a.SendHandbooks(ctx, model.DateOf(now))
}

// SendHandbooks sends the handbooks due on today (RunDueHandbooks without
// its hour; the demo uses it).
func (a *PlanService) SendHandbooks(ctx context.Context, today model.Date) (HandbookRun, error) {
	var run HandbookRun
	var plans []store.Plan
	progs := map[int64]catalogue.Programme{}
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		if plans, err = tx.PlansGoingLive(ctx, today, today.AddDays(handbook.SendFromDays)); err != nil {
			return err
		}
		ps, err := tx.Programmes(ctx)
		for _, p := range ps {
			progs[p.ID] = p
		}
		return err
	})
	if err != nil {
		return run, err
	}
	for _, p := range plans {
		if !handbook.Due(p.GoLive, today) {
			continue
		}
		run.Checked++
		mails, err := a.sendHandbook(ctx, progs[p.ProgrammeID], p, today)
		if store.IsUniqueViolation(err) {
			continue // another server made this version just now
		} else if err != nil {
			return run, err
		}
		if mails > 0 {
			run.Sent++
			run.Mails += mails
		}
	}
	return run, nil
}

// nextHandbook returns the plan's next handbook version if one is due –
// none was sent, or the plan has changed since the last – with the plan
// as read in tx; nil when the last version still holds.
func (a *PlanService) nextHandbook(ctx context.Context, tx *store.Tx, prog catalogue.Programme, planID int64, today model.Date) (*store.HandbookVersion, *planData, error) {
	plan, err := tx.PlanByID(ctx, planID)
	if err != nil {
		return nil, nil, err
	}
	vs, err := tx.HandbookVersions(ctx, plan.ID)
	if err != nil {
		return nil, nil, err
	}
	d, err := a.loadPlanOf(ctx, tx, prog, plan, today)
	if err != nil {
		return nil, nil, err
	}
	cur := snapshot(d)
	v := &store.HandbookVersion{PlanID: plan.ID, Version: 1, GoLive: plan.GoLive, Content: cur.JSON(), Digest: cur.Digest()}
	if n := len(vs); n > 0 {
		if vs[n-1].Digest == v.Digest {
			return nil, d, nil // unchanged since the version sent
		}
		v.Version = vs[n-1].Version + 1
		prev, err := handbook.Parse(vs[n-1].Content)
		if err != nil {
			return nil, nil, fmt.Errorf("handbook version %d of plan %d: %w", vs[n-1].Version, plan.ID, err)
		}
		v.Changes = handbook.Changes(prev, cur, prog.Waves)
	}
	return v, d, nil
}

// sendHandbook makes and mails the plan's next handbook version if it is
// due; it returns the mails queued (0: nothing due). Whether it is due is
// first found in a read transaction, so an unchanged plan – the usual case
// every minute – takes no write lock; the version and its mails are then
// made in one write transaction that reads the plan again.
func (a *PlanService) sendHandbook(ctx context.Context, prog catalogue.Programme, p store.Plan, today model.Date) (int, error) {
	due := false
	err := a.read(ctx, func(tx *store.Tx) error {
		v, _, err := a.nextHandbook(ctx, tx, prog, p.ID, today)
		due = v != nil
		return err
	})
	if err != nil || !due {
		return 0, err
	}
	mails := 0
	err = a.write(ctx, func(tx *store.Tx) error {
		v, d, err := a.nextHandbook(ctx, tx, prog, p.ID, today)
		if err != nil || v == nil {
			return err
		}
		plan := d.plan
		rs, err := tx.ActiveRecipients(ctx)
		if err != nil {
			return err
		}
		who := waveMailRecipients(rs, prog.ID)[plan.Municipality.Code]
		if len(who) == 0 {
			return nil
		}
		mail := notify.HandbookMail{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Name,
			Code: plan.Municipality.Code, Version: v.Version, GoLive: plan.GoLive, Wave: plan.Wave, WaveNames: prog.Waves, Tasks: len(d.tasks),
			Changes: v.Changes, BaseURL: a.notifyCfg.BaseURL}
		msgs := make([]model.OutboxMessage, 0, len(who))
		for _, r := range who {
			mail.To = notifyRecipient(r)
			subject, body := mail.Render()
			msgs = append(msgs, model.OutboxMessage{UserID: r.ID, EventKey: handbookEvent(prog.Key, plan.Municipality.Code, v.Version),
				Kind: KindHandbook, ToAddress: r.Email, ToName: r.Name, Subject: subject, Body: body})
		}
		if mails, err = tx.EnqueueMessages(ctx, msgs); err != nil {
			return err
		}
		v.Recipients = mails
		return tx.AddHandbookVersion(ctx, v)
	})
	return mails, err
}

// ProgrammeByKey returns a programme, for the model's page; an unknown key
// is a 404.
func (a *PlanService) ProgrammeByKey(ctx context.Context, key string) (catalogue.Programme, error) {
	var p catalogue.Programme
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		p, err = a.programme(ctx, tx, key)
		return err
	})
	return p, err
}

package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/schedule"
	"github.com/udrul/udrul/internal/store"
)

// DepsText writes dependencies in the catalogue's compact form ("a, b:SS+2").
func DepsText(ds []model.Dependency) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = catalogue.FormatDependency(d)
	}
	return strings.Join(s, ", ")
}

// ExportPlan returns a municipality's plan with its analysis as of asof,
// ready for the export formats.
func (a *PlanService) ExportPlan(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (export.Plan, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return export.Plan{}, err
	}
	var d *planData
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		d, err = a.loadPlan(ctx, tx, programmeKey, code, asof)
		return err
	})
	if err != nil {
		return export.Plan{}, err
	}
	v, err := a.analyse(d, asof)
	if err != nil {
		return export.Plan{}, err
	}
	return a.exportPlan(d, v, asof), nil
}

func (a *PlanService) exportPlan(d *planData, v *ScheduleView, asof model.Date) export.Plan {
	p := export.Plan{Programme: d.prog.Key, ProgrammeName: d.prog.Name, MunicipalityCode: d.muni.Code,
		MunicipalityName: d.muni.Name, GoLive: d.plan.GoLive, Asof: asof, Created: a.now()}
	for _, ph := range a.model.Phases {
		p.Phases = append(p.Phases, export.Phase{Key: ph.Key, Name: ph.Name, Parent: ph.Parent})
	}
	for _, t := range v.Tasks {
		p.Tasks = append(p.Tasks, a.exportTask(t, d.plan.GoLive))
	}
	for _, m := range v.Milestones {
		p.Milestones = append(p.Milestones, export.Milestone{Key: m.Key, Name: m.Name, Date: m.Date})
	}
	return p
}

func (a *core) exportTask(t ScheduleTask, goLive model.Date) export.Task {
	due := schedule.DueByGoLive(schedule.Task{End: t.End, Type: t.Type, Status: t.Status}, goLive)
	return export.Task{DueByGoLive: due, PhaseName: a.phaseName(t.Phase), ThemeName: a.themeName(t.Theme), Key: t.Key, Title: t.Title, Notes: t.Description, Phase: t.Phase, Theme: t.Theme, Type: t.Type,
		Status: t.Status, Colour: t.Colour, Start: t.Start, End: t.End, Duration: t.Duration, Milestone: t.Milestone,
		Critical: t.Critical, Own: t.Own, Moved: t.Moved, MoveReason: t.MoveReason, Responsible: t.Responsible,
		Executor: t.Executor, Assignee: t.Assignee, DependsOn: t.DependsOn, TotalFloat: t.TotalFloat, ForecastEnd: t.ForecastEnd}
}

func (a *core) phaseName(key string) string {
	if ph, ok := a.model.Phase(key); ok {
		return ph.Name
	}
	return ""
}

func (a *core) themeName(key string) string {
	if th, ok := a.model.Theme(key); ok {
		return th.Name
	}
	return ""
}

// ExportOverview returns the national overview with every plan's lines
// (analysed, so critical path and forecast are in the workbook too), held
// in memory: ExportOverviewEach collecting its rows.
func (a *PlanService) ExportOverview(ctx context.Context, by *Identity, programmeKey string, asof model.Date) (export.Overview, error) {
	var out export.Overview
	err := a.ExportOverviewEach(ctx, by, programmeKey, asof, func(head export.Overview, each func(emit func(export.OverviewRow) error) error) error {
		out = head
		out.Rows = make([]export.OverviewRow, 0, len(head.Rows))
		return each(func(r export.OverviewRow) error {
			out.Rows = append(out.Rows, r)
			return nil
		})
	})
	return out, err
}

// ImportCatalogueXLSX publishes a catalogue kept as a spreadsheet (see
// export.CatalogueFromXLSX) as the programme's next version. The programme
// must exist; its settings (name, milestones, warning days) are kept unless
// the workbook has its Program and Milepæle sheets (CatalogueWorkbook).
// Nothing is published if any row has a problem. The caller must be
// allowed to publish (access.Publish).
func (a *PlanService) ImportCatalogueXLSX(ctx context.Context, by *Identity, programmeKey, fileName string, data []byte) (*PublishResult, error) {
	if err := checkPublish(by); err != nil {
		return nil, err
	}
	name, y, err := a.CatalogueFromXLSX(ctx, programmeKey, fileName, data)
	if err != nil {
		return nil, err
	}
	return a.Publish(ctx, by, name, y, programmeKey)
}

// CatalogueFromXLSX reads a programme's catalogue from a spreadsheet as
// the catalogue file (YAML) it stands for, and that file's name.
func (a *PlanService) CatalogueFromXLSX(ctx context.Context, programmeKey, fileName string, data []byte) (string, []byte, error) {
	var prog catalogue.Programme
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		prog, err = a.programme(ctx, tx, programmeKey)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	y, err := export.CatalogueFromXLSX(data, prog.Programme, a.model)
	var ie *export.ImportError
	if errors.As(err, &ie) {
		e := &Error{Code: CodeInvalid, Message: "regnearket er ugyldigt; intet er indlæst", Err: err}
		for _, p := range ie.Problems {
			e.Problems = append(e.Problems, catalogue.Problem{File: fileName, Sheet: p.Sheet, Line: p.Row, Field: p.Column, Message: p.Message})
		}
		return "", nil, e
	} else if err != nil {
		return "", nil, err
	}
	return strings.TrimSuffix(fileName, ".xlsx") + ".yaml", y, nil
}

// FeedRequest asks for a calendar feed: of a municipality's plan
// (Programme and Municipality) or of the tasks delegated to the user with
// e-mail Assignee (and own tasks assigned to that address).
type FeedRequest struct {
	Programme    string `json:"programme,omitempty"`
	Municipality string `json:"municipality,omitempty"`
	Assignee     string `json:"assignee,omitempty"`
}

// CreatedFeed is a new feed with its secret token, shown once.
type CreatedFeed struct {
	model.Feed
	Token string `json:"token"`
}

// CreateFeed makes a secret calendar feed. Only the token's SHA-256 is
// stored; whoever has the token can read the feed, so it is shown once.
// A municipality's plan feed is made by whoever may change the plan
// (access.ChangePlan); a feed of a person's tasks by name only by an
// administrator (people make their own on Min konto, CreateUserFeed).
func (a *PlanService) CreateFeed(ctx context.Context, by *Identity, in FeedRequest) (CreatedFeed, error) {
	var out CreatedFeed
	if (in.Assignee == "") == (in.Programme == "" || in.Municipality == "") {
		return out, invalid("angiv enten programme og municipality (kommunens plan) eller assignee (en persons opgaver)")
	}
	if in.Assignee != "" {
		if err := allow(by, access.Administer, access.RefuseAdminister); err != nil {
			return out, err
		}
	}
	token, err := newFeedToken()
	if err != nil {
		return out, err
	}
	err = a.write(ctx, func(tx *store.Tx) error {
		f := model.Feed{Assignee: strings.TrimSpace(in.Assignee), CreatedBy: actorOf(by)}
		if in.Assignee == "" {
			d, err := a.loadPlan(ctx, tx, in.Programme, in.Municipality, a.Today())
			if err != nil {
				return err
			}
			if err := checkChangePlan(by, d.plan.Municipality.ID); err != nil {
				return err
			}
			f.PlanID = d.plan.ID
		}
		if err := tx.InsertFeed(ctx, &f, hashToken(token)); err != nil {
			return err
		}
		out = CreatedFeed{Feed: f, Token: token}
		return nil
	})
	return out, err
}

// checkChangePlan refuses a caller who may not change the municipality's
// plan (access.ChangePlan).
func checkChangePlan(by *Identity, municipalityID int64) error {
	return allow(by, func(s access.Subject) bool { return access.ChangePlan(s, municipalityID) }, access.RefusePlanChange)
}

// RevokeFeed stops a feed of a municipality's plan; like creating one, it
// is for whoever may change the plan.
func (a *PlanService) RevokeFeed(ctx context.Context, by *Identity, programmeKey, code string, id int64) error {
	return a.write(ctx, func(tx *store.Tx) error {
		d, err := a.loadPlan(ctx, tx, programmeKey, code, a.Today())
		if err != nil {
			return err
		}
		if err := checkChangePlan(by, d.plan.Municipality.ID); err != nil {
			return err
		}
		return revokeFeed(ctx, tx, id, func(f model.Feed) bool { return f.PlanID == d.plan.ID })
	})
}

// revokeFeed revokes feed id if it is live and mine says it is the
// caller's; any other feed is "not found".
func revokeFeed(ctx context.Context, tx *store.Tx, id int64, mine func(model.Feed) bool) error {
	f, err := tx.FeedByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (!mine(f) || f.Revoked)) {
		return notFound("kalenderabonnement %d findes ikke eller er allerede stoppet", id)
	} else if err != nil {
		return err
	}
	return tx.RevokeFeed(ctx, id)
}

// PlanSide is what the plan page shows beside the tasks: the plan's live
// calendar feeds and how many of its conflicts with the standard are open.
type PlanSide struct {
	Feeds         []model.Feed
	OpenConflicts int
}

// PlanSideOf reads a plan's PlanSide without reading its tasks.
func (a *PlanService) PlanSideOf(ctx context.Context, by *Identity, programmeKey, code string) (PlanSide, error) {
	if err := a.allowMunicipality(ctx, by, code); err != nil {
		return PlanSide{}, err
	}
	var out PlanSide
	err := a.read(ctx, func(tx *store.Tx) error {
		plan, err := a.planOf(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		if out.Feeds, err = tx.LiveFeeds(ctx, plan.ID, 0); err != nil {
			return err
		}
		cs, err := tx.ConflictsOfPlan(ctx, plan.ID)
		for _, c := range cs {
			if c.State == model.ConflictOpen {
				out.OpenConflicts++
			}
		}
		return err
	})
	return out, err
}

// CreateUserFeed makes a personal calendar feed for the signed-in user: the
// deadlines of the tasks delegated to them and of the own tasks assigned to
// their e-mail address, across programmes. Like every feed, only the
// token's hash is stored.
func (a *PlanService) CreateUserFeed(ctx context.Context, by *Identity) (CreatedFeed, error) {
	token, err := newFeedToken()
	if err != nil {
		return CreatedFeed{}, err
	}
	var out CreatedFeed
	err = a.write(ctx, func(tx *store.Tx) error {
		f := model.Feed{UserID: by.User.ID, CreatedBy: by.Actor()}
		if err := tx.InsertFeed(ctx, &f, hashToken(token)); err != nil {
			return err
		}
		out = CreatedFeed{Feed: f, Token: token}
		return nil
	})
	return out, err
}

// UserFeeds lists a user's live personal feeds.
func (a *PlanService) UserFeeds(ctx context.Context, userID int64) ([]model.Feed, error) {
	var out []model.Feed
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.LiveFeeds(ctx, 0, userID)
		return err
	})
	return out, err
}

// RevokeUserFeed stops one of the user's personal feeds.
func (a *PlanService) RevokeUserFeed(ctx context.Context, userID, id int64) error {
	return a.write(ctx, func(tx *store.Tx) error {
		return revokeFeed(ctx, tx, id, func(f model.Feed) bool { return f.UserID == userID })
	})
}

func newFeedToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// FeedCalendar returns the deadlines behind a feed token: every open task's
// end date (and the programme's milestones) of a plan, or every open task
// delegated to a person. baseURL makes links back to the tasks, and its host
// makes the events' UIDs globally unique. Each event carries a SEQUENCE and
// LAST-MODIFIED derived from what udrul stores anyway (docs/exchange.md):
// the task instances' versions and their history's latest entry.
func (a *PlanService) FeedCalendar(ctx context.Context, token, baseURL string) (export.Calendar, error) {
	var cal export.Calendar
	err := a.read(ctx, func(tx *store.Tx) error {
		f, err := tx.FeedByTokenHash(ctx, hashToken(token))
		if errors.Is(err, store.ErrNotFound) {
			return notFound("kalenderabonnementet findes ikke eller er stoppet")
		} else if err != nil {
			return err
		}
		fb := feedBuilder{tx: tx, baseURL: baseURL, host: feedHost(baseURL), since: f.CreatedAt, cal: &cal}
		switch {
		case f.PlanID != 0:
			return a.planFeed(ctx, &fb, f.PlanID)
		case f.UserID != 0:
			// A personal feed lives as long as its user may sign in.
			u, err := tx.UserByID(ctx, f.UserID)
			if errors.Is(err, store.ErrNotFound) || (err == nil && !u.Active) {
				return notFound("kalenderabonnementet findes ikke eller er stoppet")
			} else if err != nil {
				return err
			}
			return a.personFeed(ctx, &fb, u.Email)
		}
		return a.personFeed(ctx, &fb, f.Assignee)
	})
	return cal, err
}

// feedBuilder holds what every event of one feed needs.
type feedBuilder struct {
	tx      *store.Tx
	baseURL string
	host    string    // the base URL's host: the UIDs' domain
	since   time.Time // the feed's creation: LAST-MODIFIED of an event with no recorded change
	cal     *export.Calendar
}

// feedHost is the host of the base URL ("udrul.example.dk"), the right-hand
// side of every UID, so two installations never share one.
func feedHost(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "udrul.invalid"
}

// UIDs, the same for a task in every feed: one task instance, one of a
// municipality's own tasks, a plan line folded over several institutions,
// a programme milestone in a plan.
func instanceUID(id int64, host string) string { return fmt.Sprintf("task-%d@%s", id, host) }
func ownUID(id int64, host string) string      { return fmt.Sprintf("own-%d@%s", id, host) }

func (fb *feedBuilder) modified(t time.Time) time.Time {
	if t.IsZero() {
		return fb.since.UTC()
	}
	return t.UTC()
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func open(s model.Status) bool { return s == model.NotStarted || s == model.Started }

func (a *PlanService) planFeed(ctx context.Context, fb *feedBuilder, planID int64) error {
	tx := fb.tx
	plan, err := tx.PlanByID(ctx, planID)
	if err != nil {
		return err
	}
	progs, err := tx.Programmes(ctx)
	if err != nil {
		return err
	}
	var prog catalogue.Programme
	for _, p := range progs {
		if p.ID == plan.ProgrammeID {
			prog = p
		}
	}
	d, err := a.loadPlanOf(ctx, tx, prog, plan, a.Today())
	if err != nil {
		return err
	}
	// SEQUENCE: the sum of the instances' versions (every change bumps one)
	// plus the plan's catalogue version (a new text); both only grow.
	version := map[int64]int{}
	ids := make([]int64, 0, len(d.insts))
	for _, x := range d.insts {
		version[x.ID] = x.Version
		ids = append(ids, x.ID)
	}
	changed, err := tx.LastChanges(ctx, ids)
	if err != nil {
		return err
	}
	own := map[int64]model.OwnTask{}
	for _, o := range d.own {
		own[o.ID] = o
	}
	planSeq, planMod := plan.CatalogueVersion, time.Time{}
	for _, x := range d.insts {
		planSeq += x.Version
		planMod = later(planMod, changed[x.ID])
	}
	cal := fb.cal
	cal.Name = fmt.Sprintf("%s: %s-frister", d.muni.Name, prog.Name)
	planURL := fmt.Sprintf("%s/programmes/%s/municipalities/%s", fb.baseURL, prog.Key, d.muni.Code)
	for _, t := range d.tasks {
		if !open(t.Status) {
			continue
		}
		ev := export.Event{Date: t.End, Summary: "Frist: " + t.Title, Description: fmt.Sprintf("%s (%s), %s. %s–%s. Status: %s.", t.Title, t.Key, t.Type.Label(),
			t.Start.Danish(), t.End.Danish(), t.Status.Label()), URL: planURL, Categories: []string{prog.Name, t.Type.Label()}}
		switch {
		case t.Own:
			o := own[t.OwnID]
			ev.UID, ev.Sequence, ev.Modified = ownUID(t.OwnID, fb.host), o.Version, fb.modified(later(o.CreatedAt, o.StatusAt))
			ev.URL = fmt.Sprintf("%s/own-tasks/%d", planURL, t.OwnID)
		case len(t.InstanceIDs) == 1:
			id := t.InstanceIDs[0]
			ev.UID, ev.Sequence, ev.Modified = instanceUID(id, fb.host), version[id]+plan.CatalogueVersion, fb.modified(changed[id])
			ev.URL = fmt.Sprintf("%s/tasks/%d", fb.baseURL, id)
		default:
			ev.UID, ev.Sequence = fmt.Sprintf("plan-%d-%s@%s", plan.ID, t.Key, fb.host), plan.CatalogueVersion
			var mod time.Time
			for _, id := range t.InstanceIDs {
				ev.Sequence += version[id]
				mod = later(mod, changed[id])
			}
			ev.Modified = fb.modified(mod)
		}
		cal.Events = append(cal.Events, ev)
	}
	// Milestones move when the plan is enrolled again, which changes its
	// instances; their SEQUENCE and LAST-MODIFIED are the plan's.
	dates := a.cal.Milestones(&prog.Programme, plan.GoLive)
	milestone := func(key string, date model.Date, summary string) {
		cal.Events = append(cal.Events, export.Event{UID: fmt.Sprintf("plan-%d-%s@%s", plan.ID, key, fb.host), Date: date,
			Summary: summary, URL: planURL, Sequence: planSeq, Modified: fb.modified(planMod)})
	}
	milestone(model.GoLive, plan.GoLive, "Go-live: "+prog.Name)
	for _, m := range prog.Milestones {
		if m.Key != model.GoLive {
			milestone(m.Key, dates[m.Key], m.Name+": "+prog.Name)
		}
	}
	return nil
}

// personFeed lists the open tasks delegated to the user with e-mail who
// (the access package's delegation) and the own tasks assigned to them.
func (a *PlanService) personFeed(ctx context.Context, fb *feedBuilder, who string) error {
	tx, cal := fb.tx, fb.cal
	cal.Name = "Mine frister i udrul (" + who + ")"
	if u, err := tx.UserByEmail(ctx, who); err == nil {
		xs, err := tx.InstancesDelegatedTo(ctx, u.ID)
		if err != nil {
			return err
		}
		ids := make([]int64, len(xs))
		catalogueVersion := map[int64]int{}
		for i, x := range xs {
			ids[i] = x.ID
			if _, ok := catalogueVersion[x.PlanID]; !ok {
				p, err := tx.PlanByID(ctx, x.PlanID)
				if err != nil {
					return err
				}
				catalogueVersion[x.PlanID] = p.CatalogueVersion
			}
		}
		changed, err := tx.LastChanges(ctx, ids)
		if err != nil {
			return err
		}
		for _, x := range xs {
			if !open(x.Status) {
				continue
			}
			title := x.Title
			if x.InstitutionName != "" {
				title += " – " + x.InstitutionName
			}
			cal.Events = append(cal.Events, export.Event{UID: instanceUID(x.ID, fb.host), Date: x.End,
				Sequence: x.Version + catalogueVersion[x.PlanID], Modified: fb.modified(changed[x.ID]),
				Summary: fmt.Sprintf("Frist: %s (%s)", title, x.MunicipalityName), Description: fmt.Sprintf("%s, %s. %s–%s. Status: %s.",
					x.ProgrammeName, x.Type.Label(), x.Start.Danish(), x.End.Danish(), x.Status.Label()),
				URL: fmt.Sprintf("%s/tasks/%d", fb.baseURL, x.ID), Categories: []string{x.ProgrammeName}})
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	owns, plans, err := tx.OwnTasksAssignedTo(ctx, who)
	if err != nil {
		return err
	}
	progs, err := tx.Programmes(ctx)
	if err != nil {
		return err
	}
	key := map[int64]string{}
	for _, p := range progs {
		key[p.ID] = p.Key
	}
	for i, o := range owns {
		if !open(o.Status) {
			continue
		}
		cal.Events = append(cal.Events, export.Event{UID: ownUID(o.ID, fb.host), Date: o.End,
			Sequence: o.Version, Modified: fb.modified(later(o.CreatedAt, o.StatusAt)),
			Summary: fmt.Sprintf("Frist: %s (%s)", o.Title, plans[i].Municipality.Name), Description: "Kommunens egen opgave.",
			URL: fmt.Sprintf("%s/programmes/%s/municipalities/%s/own-tasks/%d", fb.baseURL, key[plans[i].ProgrammeID], plans[i].Municipality.Code, o.ID)})
	}
	return nil
}

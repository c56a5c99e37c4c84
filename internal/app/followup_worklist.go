package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
	"github.com/udrul/udrul/internal/store"
)

// allow refuses with the policy's reason when the caller may not act. A
// nil caller or System is udrul itself (the command line, the demo, the
// scheduled digests), which the policy does not restrict; every request
// from a person comes with their identity.
func allow(by *Identity, may func(access.Subject) bool, reason string) error {
	if !unrestricted(by) && !may(by.Subject) {
		return forbidden("%s", reason)
	}
	return nil
}

// checkFollowUp is allow for access.FollowUp.
func checkFollowUp(by *Identity) error { return allow(by, access.FollowUp, access.RefuseFollowUp) }

// Worklist item kinds.
const (
	ItemCriticalYellow = "kritisk_gul" // critical path, yellow and not started (seed 003 §6.1)
	ItemRed            = "roed"        // mandatory, red
)

// Owner is the person who follows an item up.
type Owner struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Organisation string    `json:"organisation"`
	AssignedAt   time.Time `json:"assigned_at"`
	AssignedBy   string    `json:"assigned_by"`
}

// Snooze says an item is set aside until a date.
type Snooze struct {
	Until   model.Date `json:"until"`
	Reason  string     `json:"reason"`
	By      string     `json:"by"`
	At      time.Time  `json:"at"`
	Expired bool       `json:"expired"` // the date has come: the item is back on the list
}

// Follow is an item's follow-up state.
type Follow struct {
	Item   string  `json:"item"` // opgave-<id> or kommune-<code>
	Owner  *Owner  `json:"owner,omitempty"`
	Snooze *Snooze `json:"snooze,omitempty"`
}

// WorklistTask is a task on the worklist.
type WorklistTask struct {
	TaskView
	Kind   string     `json:"kind"` // kritisk_gul or roed
	Wave   int        `json:"wave"`
	GoLive model.Date `json:"golive"`
	Follow
}

// WorklistMunicipality is a municipality on the worklist: red or yellow as
// a whole, or with a follow-up from the contact log that is due.
type WorklistMunicipality struct {
	Code         string       `json:"code"`
	Name         string       `json:"name"`
	Wave         int          `json:"wave"`
	GoLive       model.Date   `json:"golive"`
	Phase        string       `json:"phase"`
	Colour       model.Colour `json:"colour"`
	Counts       model.Counts `json:"counts"`
	NextFollowup model.Date   `json:"next_followup,omitzero"` // from the latest contact entry
	FollowupDue  bool         `json:"followup_due"`
	Team         string       `json:"hypercare_team,omitempty"`
	Follow
}

// Worklist is what central staff and hypercare teams work through.
type Worklist struct {
	Programme      string                 `json:"programme"`
	Name           string                 `json:"name"`
	Asof           model.Date             `json:"asof"`
	WarnUntil      model.Date             `json:"warn_until"`
	Team           string                 `json:"hypercare_team,omitempty"`
	Tasks          []WorklistTask         `json:"tasks"`
	Municipalities []WorklistMunicipality `json:"municipalities"`
	Snoozed        int                    `json:"snoozed"` // items hidden because they are snoozed
	// Counts is how many tasks the whole list has by why (Tasks may be a
	// page of them, WorklistOptions.Limit).
	Counts store.WorklistCounts `json:"-"`
	// Found is the task WorklistOptions.Find names if it is on the list.
	Found *WorklistTask `json:"-"`
	// Readiness lists the readiness survey rounds that are due and not run
	// (docs/readiness.md); they have no owner or snooze of their own.
	Readiness []readiness.Missing `json:"readiness"`
}

// WorklistOptions narrow a worklist.
type WorklistOptions struct {
	// Offset and Limit cut one page out of the tasks (Limit 0: all of
	// them); Counts is the whole list's.
	Offset, Limit int
	// Find looks an item up on the whole list, not only the page: Found.
	Find string

	IncludeSnoozed bool           // show snoozed items too (marked)
	TeamID         int64          // only municipalities this hypercare team watches on asof
	OwnerID        int64          // only items this user follows up
	Wave           int            // only municipalities in this wave (0: all)
	Municipality   string         // only this municipality (code; "": all)
	Type           model.TaskType // only tasks of this type ("": all); municipalities are kept
}

// Worklist returns the programme's follow-up worklist as of asof: critical-
// path tasks that are yellow and not started, red mandatory tasks (both
// coloured by model.TaskColour), and municipalities by worst colour, each
// with its follow-up owner and snooze. Snoozed items are left out until
// their date comes (counted in Snoozed), unless asked for.
func (a *FollowUpService) Worklist(ctx context.Context, by *Identity, programmeKey string, asof model.Date, o WorklistOptions) (*Worklist, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var w *Worklist
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plans, err := a.programmePlans(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		warn := a.cal.WarnUntil(asof, prog.WarningDays)
		w = &Worklist{Programme: prog.Key, Name: prog.Name, Asof: asof, WarnUntil: warn, Tasks: []WorklistTask{}, Municipalities: []WorklistMunicipality{}}
		assigned, teams, err := a.assignedTeams(ctx, tx)
		if err != nil {
			return err
		}
		watched := map[int64]bool{} // plans the asked-for team watches on asof
		if o.TeamID != 0 {
			name, ok := teams[o.TeamID]
			if !ok {
				return notFound("hypercareteam %d findes ikke", o.TeamID)
			}
			w.Team = name
			for _, p := range plans {
				from, to := a.HypercareWindow(p.GoLive)
				if assigned[p.ID] == o.TeamID && from <= asof && asof <= to {
					watched[p.ID] = true
				}
			}
		}
		marks, err := tx.FollowupMarks(ctx, prog.ID)
		if err != nil {
			return err
		}
		byID := make(map[int64]store.Plan, len(plans))
		for _, p := range plans {
			byID[p.ID] = p
		}
		if o.Municipality != "" {
			enrolled := false
			for _, p := range plans {
				enrolled = enrolled || p.Municipality.Code == o.Municipality
			}
			if !enrolled {
				e := invalid("kommunen med kode %q er ikke tilmeldt %s", o.Municipality, prog.Name)
				e.Field = "municipality"
				return e
			}
		}
		inScope := func(p store.Plan) bool {
			return (o.Wave == 0 || p.Wave == o.Wave) && (o.Municipality == "" || p.Municipality.Code == o.Municipality)
		}
		keep := func(planID int64, f Follow) bool {
			if o.TeamID != 0 && !watched[planID] {
				return false
			}
			if !inScope(byID[planID]) {
				return false
			}
			if o.OwnerID != 0 && (f.Owner == nil || f.Owner.ID != o.OwnerID) {
				return false
			}
			if f.Snooze != nil && !f.Snooze.Expired && !o.IncludeSnoozed {
				w.Snoozed++
				return false
			}
			return true
		}
		if err := a.worklistTasks(ctx, tx, w, prog, plans, marks, asof, warn, o, func(p store.Plan) bool {
			return inScope(p) && (o.TeamID == 0 || watched[p.ID])
		}); err != nil {
			return err
		}
		// The plans' colour counts come from the overview's cache (kept per
		// plan under its plan_totals version), not from every bucket again.
		counts, err := a.planColours(ctx, tx, prog.ID, asof, warn)
		if err != nil {
			return err
		}
		next, err := tx.NextFollowups(ctx, prog.ID)
		if err != nil {
			return err
		}
		ov := a.overviewOf(prog, plans, counts, asof, warn)
		for i, m := range ov.Municipalities {
			p := plans[i] // overview keeps the order of plans
			nf := next[p.ID]
			due := nf != model.NoDate && nf <= asof
			if m.Colour != model.Red && m.Colour != model.Yellow && !due {
				continue
			}
			f := followOf(municipalityItem(m.Code), marks, asof)
			if !keep(p.ID, f) {
				continue
			}
			w.Municipalities = append(w.Municipalities, WorklistMunicipality{Code: m.Code, Name: m.Name, Wave: m.Wave, GoLive: m.GoLive,
				Phase: m.Phase, Colour: m.Colour, Counts: m.Counts, NextFollowup: nf, FollowupDue: due, Team: teams[assigned[p.ID]],
				Follow: f})
		}
		n, err := a.nationalReadiness(ctx, tx, prog, plans, asof)
		if err != nil {
			return err
		}
		planOf := make(map[string]int64, len(plans))
		for _, p := range plans {
			planOf[p.Municipality.Code] = p.ID
		}
		w.Readiness = []readiness.Missing{}
		for _, m := range n.Missing {
			if (o.TeamID == 0 || watched[planOf[m.Code]]) && o.OwnerID == 0 && inScope(byID[planOf[m.Code]]) {
				w.Readiness = append(w.Readiness, m)
			}
		}
		sort.SliceStable(w.Municipalities, func(i, j int) bool {
			a, b := w.Municipalities[i], w.Municipalities[j]
			if ra, rb := rank(a.Colour), rank(b.Colour); ra != rb {
				return ra > rb
			}
			if a.Counts.Red != b.Counts.Red {
				return a.Counts.Red > b.Counts.Red
			}
			return a.Counts.Yellow > b.Counts.Yellow
		})
		return nil
	})
	return w, err
}

// worklistTasks fills w's tasks, counts and found item: the instances
// the store's worklist query selects in the plans inScope keeps, less
// snoozed ones (counted in Snoozed) unless asked for, and only the
// owner's when asked for. Marks are few (set by hand), so they are
// applied as lists of instance ids.
func (a *FollowUpService) worklistTasks(ctx context.Context, tx *store.Tx, w *Worklist, prog catalogue.Programme, plans []store.Plan,
	marks map[string]store.Mark, asof, warn model.Date, o WorklistOptions, inScope func(store.Plan) bool) error {
	q := store.WorklistQuery{ProgrammeID: prog.ID, Asof: asof, WarnUntil: warn, Type: o.Type, Plans: []int64{}}
	byID := make(map[int64]store.Plan, len(plans))
	for _, p := range plans {
		byID[p.ID] = p
		if inScope(p) {
			q.Plans = append(q.Plans, p.ID)
		}
	}
	if len(q.Plans) == len(plans) {
		q.Plans = nil // every plan: no list to check
	}
	var snoozed []int64
	if o.OwnerID != 0 {
		q.Only = []int64{}
	}
	for item, m := range marks {
		id, ok := taskOfItem(item)
		if !ok {
			continue
		}
		if o.OwnerID != 0 && m.OwnerID == o.OwnerID {
			q.Only = append(q.Only, id)
		}
		if m.SnoozedUntil != model.NoDate && m.SnoozedUntil > asof {
			snoozed = append(snoozed, id)
		}
	}
	if len(snoozed) > 0 && !o.IncludeSnoozed {
		hidden := q
		hidden.Only = intersect(q.Only, snoozed)
		n, err := tx.CountWorklist(ctx, hidden)
		if err != nil {
			return err
		}
		w.Snoozed += n.Total()
		q.Except = snoozed
	}
	var err error
	if w.Counts, err = tx.CountWorklist(ctx, q); err != nil {
		return err
	}
	view := func(x model.TaskInstance) WorklistTask {
		tv := a.colourTask(x, asof, warn)
		p := byID[x.PlanID]
		tv.Programme, tv.Municipality, tv.MunicipalityName = prog.Key, p.Municipality.Code, p.Municipality.Name
		kind := ItemRed
		if tv.Colour == model.Yellow {
			kind = ItemCriticalYellow
		}
		return WorklistTask{TaskView: tv, Kind: kind, Wave: p.Wave, GoLive: p.GoLive, Follow: followOf(taskItem(x.ID), marks, asof)}
	}
	xs, err := tx.WorklistTasks(ctx, q, o.Offset, o.Limit)
	if err != nil {
		return err
	}
	for _, x := range xs {
		w.Tasks = append(w.Tasks, view(x))
	}
	if id, ok := taskOfItem(o.Find); ok {
		one := q
		one.Only = intersect(q.Only, []int64{id})
		xs, err := tx.WorklistTasks(ctx, one, 0, 1)
		if err != nil {
			return err
		}
		if len(xs) == 1 {
			t := view(xs[0])
			w.Found = &t
		}
	}
	return nil
}

// taskOfItem is the instance id of an item opgave-<id>.
func taskOfItem(item string) (int64, bool) {
	rest, ok := strings.CutPrefix(item, "opgave-")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// intersect is the ids of only that are in xs; nil only: xs.
func intersect(only, xs []int64) []int64 {
	if only == nil {
		return xs
	}
	out := []int64{}
	for _, x := range xs {
		if slices.Contains(only, x) {
			out = append(out, x)
		}
	}
	return out
}

func rank(c model.Colour) int {
	for i, x := range model.Colours {
		if x == c {
			return i
		}
	}
	return 0
}

func taskItem(id int64) string            { return fmt.Sprintf("opgave-%d", id) }
func municipalityItem(code string) string { return "kommune-" + code }

func followOf(item string, marks map[string]store.Mark, asof model.Date) Follow {
	f := Follow{Item: item}
	m, ok := marks[item]
	if !ok {
		return f
	}
	if m.OwnerID != 0 {
		f.Owner = &Owner{ID: m.OwnerID, Name: m.OwnerName, Email: m.OwnerEmail, Organisation: m.OwnerOrg, AssignedAt: m.OwnerAt, AssignedBy: m.OwnerBy}
	}
	if m.SnoozedUntil != model.NoDate {
		f.Snooze = &Snooze{Until: m.SnoozedUntil, Reason: m.SnoozeReason, By: m.SnoozedBy, At: m.SnoozedAt, Expired: m.SnoozedUntil <= asof}
	}
	return f
}

// parseItem checks that item names a task instance or an enrolled
// municipality of the programme.
func (a *FollowUpService) parseItem(ctx context.Context, tx *store.Tx, prog catalogue.Programme, item string) error {
	kind, rest, _ := strings.Cut(item, "-")
	switch kind {
	case "opgave":
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || id <= 0 {
			break
		}
		_, pid, err := tx.InstancePlan(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && pid != prog.ID) {
			return notFound("programmet %q har ingen opgave %d", prog.Key, id)
		}
		return err
	case "kommune":
		muni, err := a.municipality(ctx, tx, rest)
		if err != nil {
			return err
		}
		if _, err := tx.PlanOf(ctx, prog.ID, muni.ID); errors.Is(err, store.ErrNotFound) {
			return notFound("kommune %s (%s) er ikke tilmeldt programmet %q", rest, muni.Name, prog.Key)
		} else if err != nil {
			return err
		}
		return nil
	}
	return &Error{Code: CodeNotFound, Field: "item", Message: fmt.Sprintf("%q er ikke et punkt på opfølgningslisten (brug opgave-<id> eller kommune-<kode>)", item)}
}

// SetFollowupOwner makes a user the follow-up owner of a worklist item, or
// clears the owner (ownerID 0). The owner must be an active user who may do
// follow-up work.
func (a *FollowUpService) SetFollowupOwner(ctx context.Context, by *Identity, programmeKey, item string, ownerID int64) (Follow, error) {
	if err := allow(by, access.ManageWorklist, access.RefuseWorklist); err != nil {
		return Follow{}, err
	}
	var f Follow
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if err := a.parseItem(ctx, tx, prog, item); err != nil {
			return err
		}
		if ownerID != 0 {
			u, err := tx.UserByID(ctx, ownerID)
			if errors.Is(err, store.ErrNotFound) {
				return invalidField("owner", "bruger %d findes ikke", ownerID)
			} else if err != nil {
				return err
			}
			if !u.Active || !access.FollowUp(subjectOf(u.User)) {
				return invalidField("owner", "%s kan ikke være opfølgningsansvarlig: det skal være en aktiv koordinator, administrator eller leverandørmedarbejder", u.Name)
			}
		}
		if err := tx.SetFollowupOwner(ctx, prog.ID, item, ownerID, actorOf(by)); err != nil {
			return err
		}
		f, err = a.follow(ctx, tx, prog.ID, item)
		return err
	})
	return f, err
}

// MaxSnoozeDays bounds how far ahead an item can be snoozed.
const MaxSnoozeDays = 366

// SnoozeItem sets a worklist item aside until a date, with a reason: it is
// hidden from the worklist until that date and shown again from it.
func (a *FollowUpService) SnoozeItem(ctx context.Context, by *Identity, programmeKey, item string, until model.Date, reason string) (Follow, error) {
	if err := allow(by, access.ManageWorklist, access.RefuseWorklist); err != nil {
		return Follow{}, err
	}
	today := a.Today()
	reason = strings.TrimSpace(reason)
	switch {
	case until == model.NoDate:
		return Follow{}, invalidField("until", "datoen mangler: til hvilken dato skal punktet udsættes?")
	case until <= today:
		return Follow{}, invalidField("until", "datoen %s er ikke i fremtiden", until.Danish())
	case until > today.AddDays(MaxSnoozeDays):
		return Follow{}, invalidField("until", "et punkt kan højst udsættes et år (til %s)", today.AddDays(MaxSnoozeDays).Danish())
	case reason == "":
		return Follow{}, invalidField("reason", "begrundelse mangler: hvorfor udsættes punktet?")
	case utf8.RuneCountInString(reason) > 1000:
		return Follow{}, invalidField("reason", "begrundelsen er for lang (højst 1000 tegn)")
	}
	var f Follow
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if err := a.parseItem(ctx, tx, prog, item); err != nil {
			return err
		}
		if err := tx.SetSnooze(ctx, prog.ID, item, until, reason, actorOf(by)); err != nil {
			return err
		}
		f, err = a.follow(ctx, tx, prog.ID, item)
		return err
	})
	return f, err
}

// WakeItem ends an item's snooze at once.
func (a *FollowUpService) WakeItem(ctx context.Context, by *Identity, programmeKey, item string) (Follow, error) {
	if err := allow(by, access.ManageWorklist, access.RefuseWorklist); err != nil {
		return Follow{}, err
	}
	var f Follow
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if err := a.parseItem(ctx, tx, prog, item); err != nil {
			return err
		}
		if err := tx.SetSnooze(ctx, prog.ID, item, model.NoDate, "", actorOf(by)); err != nil {
			return err
		}
		f, err = a.follow(ctx, tx, prog.ID, item)
		return err
	})
	return f, err
}

func (a *FollowUpService) follow(ctx context.Context, tx *store.Tx, programmeID int64, item string) (Follow, error) {
	marks, err := tx.FollowupMarks(ctx, programmeID)
	if err != nil {
		return Follow{}, err
	}
	return followOf(item, marks, a.Today()), nil
}

package app_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// world is a follow-up test setup: the mini catalogue (with checkpoint
// items) published, København (101, wave 1) and Frederiksberg (147, wave 2)
// enrolled, and one user of each role that matters.
type world struct {
	*followupApp
	coord, supplier, observer, lead101, lead147 *app.Identity
}

func newWorld(t *testing.T, url string) *world {
	t.Helper()
	ctx := context.Background()
	f := newFollowupApp(t, url)
	// m-krit and m-obl are items of the 2.1→2.2 checkpoint; the school task of 2.2→2.3.
	publishMini(t, f.App, func(src string) string {
		src = strings.Replace(src, "    end: -20\n", "    end: -20\n    checkpoint: \"2.1-2.2\"\n", 1)
		src = strings.Replace(src, "    end: -10\n", "    end: -10\n    checkpoint: \"2.1-2.2\"\n", 1)
		src = strings.Replace(src, "    end: -8\n", "    end: -8\n    checkpoint: \"2.2-2.3\"\n", 1)
		if strings.Count(src, "checkpoint:") != 3 {
			t.Fatal("test setup: the mini catalogue changed; checkpoints not placed")
		}
		return src
	})
	if _, err := f.Enrol(ctx, app.System(
		"k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1},
		{Code: "147", GoLive: date("2027-04-05"), Wave: 2}}); err != nil {
		t.Fatal(err)
	}
	w := &world{followupApp: f}
	for _, u := range []struct {
		id    **app.Identity
		email string
		role  access.Role
		org   string
	}{
		{&w.coord, "koordinator@kombit.example", access.Coordinator, "kombit"},
		{&w.supplier, "hypercare@kmd.example", access.Supplier, "kmd"},
		{&w.observer, "observator@kombit.example", access.Observer, "kombit"},
		{&w.lead101, "leder@kk.example", access.ProjectLead, "101"},
		{&w.lead147, "leder@frb.example", access.ProjectLead, "147"},
	} {
		if _, err := f.CreateUser(ctx, app.NewUser{Email: u.email, Name: strings.Split(u.email, "@")[0], Role: u.role, Org: u.org}); err != nil {
			t.Fatal(err)
		}
		var err error
		if *u.id, err = f.IdentityByEmail(ctx, u.email); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w *world) task(t *testing.T, code, key string) app.TaskView {
	t.Helper()
	p, err := w.Plan(context.Background(), nil, "mini", code, date("2027-01-04"))
	if err != nil {
		t.Fatal(err)
	}
	return taskByKey(t, p, key)
}

func errCode(err error) app.Code { return app.ErrorCode(err) }

func fieldOf(err error) string {
	var ae *app.Error
	if errorsAs(err, &ae) {
		return ae.Field
	}
	return ""
}

func TestWorklist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := newWorld(t, url)
		cal := w.Calendar()
		krit101, krit147 := w.task(t, "101", "m-krit"), w.task(t, "147", "m-krit")
		// As of the working day before 147's critical task ends, 101's
		// critical task (ended weeks earlier) is red and 147's is yellow.
		asof := cal.AddWorkingDays(krit147.End, -1)
		w.fclock.Set(at(asof))
		wl, err := w.Worklist(ctx, nil, "mini", asof, app.WorklistOptions{})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]string{}
		for _, x := range wl.Tasks {
			kinds[x.Item] = x.Kind
			if x.Colour != model.Red && x.Colour != model.Yellow {
				t.Errorf("%s on the worklist with colour %s", x.Item, x.Colour)
			}
		}
		item101, item147 := "opgave-"+itoa(krit101.ID), "opgave-"+itoa(krit147.ID)
		if kinds[item101] != app.ItemRed || kinds[item147] != app.ItemCriticalYellow {
			t.Fatalf("worklist kinds %v; want %s red and %s critical yellow", kinds, item101, item147)
		}
		checkPages(t, w, asof, app.WorklistOptions{})
		checkPages(t, w, asof, app.WorklistOptions{Type: model.Critical})
		if len(wl.Municipalities) != 2 || wl.Municipalities[0].Code != "101" || wl.Municipalities[0].Colour != model.Red ||
			wl.Municipalities[1].Colour != model.Yellow {
			t.Errorf("municipalities by worst colour: %+v", wl.Municipalities)
		}

		// Owners: a central user; not a project lead; only follow-up staff assign.
		f, err := w.SetFollowupOwner(ctx, w.coord, "mini", item101, w.supplier.User.ID)
		if err != nil || f.Owner == nil || f.Owner.Name != "hypercare" {
			t.Fatalf("owner: %+v, %v", f, err)
		}
		if _, err := w.SetFollowupOwner(ctx, w.coord, "mini", item101, w.lead101.User.ID); errCode(err) != app.CodeInvalid || fieldOf(err) != "owner" {
			t.Errorf("a project lead as owner: %v", err)
		}
		if _, err := w.SetFollowupOwner(ctx, w.observer, "mini", item101, w.coord.User.ID); errCode(err) != app.CodeForbidden {
			t.Errorf("an observer assigning: %v", err)
		}
		// The supplier may own an item but not manage the list (KOMBIT's extract).
		if _, err := w.SetFollowupOwner(ctx, w.supplier, "mini", item101, w.supplier.User.ID); errCode(err) != app.CodeForbidden {
			t.Errorf("the supplier assigning: %v", err)
		}
		if _, err := w.SnoozeItem(ctx, w.supplier, "mini", item101, asof.AddDays(7), "Afventer"); errCode(err) != app.CodeForbidden {
			t.Errorf("the supplier snoozing: %v", err)
		}
		if _, err := w.SetFollowupOwner(ctx, w.coord, "mini", "opgave-99999", 0); errCode(err) != app.CodeNotFound {
			t.Errorf("unknown task item: %v", err)
		}
		if _, err := w.SetFollowupOwner(ctx, w.coord, "mini", "noget", 0); errCode(err) != app.CodeNotFound || fieldOf(err) != "item" {
			t.Errorf("malformed item: %v", err)
		}
		mine, _ := w.Worklist(ctx, nil, "mini", asof, app.WorklistOptions{OwnerID: w.supplier.User.ID})
		if len(mine.Tasks) != 1 || mine.Tasks[0].Item != item101 || len(mine.Municipalities) != 0 {
			t.Errorf("owner filter: %d tasks, %d municipalities", len(mine.Tasks), len(mine.Municipalities))
		}

		// Snooze until a date, with a reason.
		until := asof.AddDays(5)
		for _, tc := range []struct {
			until  model.Date
			reason string
			field  string
		}{{0, "x", "until"}, {asof, "x", "until"}, {asof.AddDays(400), "x", "until"}, {until, " ", "reason"}} {
			if _, err := w.SnoozeItem(ctx, w.coord, "mini", item101, tc.until, tc.reason); fieldOf(err) != tc.field {
				t.Errorf("snooze until %s reason %q: %v; want the field %s named", tc.until, tc.reason, err, tc.field)
			}
		}
		if _, err := w.SnoozeItem(ctx, w.coord, "mini", item101, until, "Aftalt med projektlederen: afsluttes på styregruppemødet"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.SnoozeItem(ctx, w.coord, "mini", "kommune-147", until, "Afventer ny go-live-dato"); err != nil {
			t.Fatal(err)
		}
		wl, _ = w.Worklist(ctx, nil, "mini", asof, app.WorklistOptions{})
		if wl.Snoozed != 2 || hasItem(wl, item101) || hasItem(wl, "kommune-147") {
			t.Errorf("snoozed items shown (snoozed count %d)", wl.Snoozed)
		}
		all, _ := w.Worklist(ctx, nil, "mini", asof, app.WorklistOptions{IncludeSnoozed: true})
		if !hasItem(all, item101) || !hasItem(all, "kommune-147") {
			t.Error("include_snoozed does not show snoozed items")
		}
		checkPages(t, w, asof, app.WorklistOptions{})
		checkPages(t, w, asof, app.WorklistOptions{IncludeSnoozed: true})
		checkPages(t, w, asof, app.WorklistOptions{IncludeSnoozed: true, OwnerID: w.supplier.User.ID})
		if p, _ := w.Worklist(ctx, nil, "mini", asof, app.WorklistOptions{Limit: 1, Find: item101}); p.Found != nil {
			t.Errorf("Find finds the snoozed %s", item101)
		}
		later := until
		w.fclock.Set(at(later))
		wl, _ = w.Worklist(ctx, nil, "mini", later, app.WorklistOptions{})
		var back *app.WorklistTask
		for i := range wl.Tasks {
			if wl.Tasks[i].Item == item101 {
				back = &wl.Tasks[i]
			}
		}
		if back == nil || back.Snooze == nil || !back.Snooze.Expired || back.Snooze.Reason == "" {
			t.Errorf("on %s the snoozed item is not back, marked as expired: %+v", later, back)
		}
		if f, err := w.WakeItem(ctx, w.coord, "mini", "kommune-147"); err != nil || f.Snooze != nil {
			t.Errorf("wake: %+v, %v", f, err)
		}

		// A follow-up date from the contact log puts a municipality on the list.
		w.fclock.Set(at(asof))
		if _, err := w.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "151", GoLive: date("2027-09-01"), Wave: 3}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.AddContact(ctx, w.coord, "mini", "151", app.ContactInput{Date: asof, Channel: "telefon", Participants: "x",
			Summary: "Opstartssamtale", NextFollowup: asof.AddDays(7)}); err != nil {
			t.Fatal(err)
		}
		wl, _ = w.Worklist(ctx, nil, "mini", asof.AddDays(7), app.WorklistOptions{})
		if m := findMuni(wl, "151"); m == nil || !m.FollowupDue || m.NextFollowup != asof.AddDays(7) {
			t.Errorf("151 with a due follow-up: %+v", m)
		}
		if wl, _ := w.Worklist(ctx, nil, "mini", asof.AddDays(6), app.WorklistOptions{}); findMuni(wl, "151") != nil {
			t.Error("151 is on the list before its follow-up is due")
		}
	})
}

// checkPages: the worklist with o cut into pages of one task (Offset,
// Limit) is the whole list in the same order, every page counts the whole
// list by kind, and Find finds a task of any page.
func checkPages(t *testing.T, w *world, asof model.Date, o app.WorklistOptions) {
	t.Helper()
	ctx := context.Background()
	whole, err := w.Worklist(ctx, nil, "mini", asof, o)
	if err != nil {
		t.Fatal(err)
	}
	var want store.WorklistCounts
	for _, x := range whole.Tasks {
		switch {
		case x.Kind == app.ItemCriticalYellow:
			want.CriticalYellow++
		case x.Type == model.Critical:
			want.CriticalRed++
		default:
			want.MandatoryRed++
		}
	}
	if whole.Counts != want {
		t.Errorf("%+v: counts %+v, the list has %+v", o, whole.Counts, want)
	}
	n := len(whole.Tasks)
	for i := 0; i <= n; i++ {
		po := o
		po.Offset, po.Limit = i, 1
		if n > 0 {
			po.Find = whole.Tasks[n-1-min(i, n-1)].Item
		}
		p, err := w.Worklist(ctx, nil, "mini", asof, po)
		if err != nil {
			t.Fatal(err)
		}
		if i < n && (len(p.Tasks) != 1 || p.Tasks[0].Item != whole.Tasks[i].Item) || i == n && len(p.Tasks) != 0 {
			t.Errorf("%+v: page %d holds %d tasks, want the list's task %d", o, i, len(p.Tasks), i)
		}
		if p.Counts != whole.Counts || p.Snoozed != whole.Snoozed {
			t.Errorf("%+v: page %d counts %+v and %d snoozed, the whole list %+v and %d", o, i, p.Counts, p.Snoozed, whole.Counts, whole.Snoozed)
		}
		if n > 0 && (p.Found == nil || p.Found.Item != po.Find) {
			t.Errorf("%+v: Find %s on page %d: %+v", o, po.Find, i, p.Found)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func hasItem(wl *app.Worklist, item string) bool {
	for _, x := range wl.Tasks {
		if x.Item == item {
			return true
		}
	}
	for _, m := range wl.Municipalities {
		if m.Item == item {
			return true
		}
	}
	return false
}

func findMuni(wl *app.Worklist, code string) *app.WorklistMunicipality {
	for i := range wl.Municipalities {
		if wl.Municipalities[i].Code == code {
			return &wl.Municipalities[i]
		}
	}
	return nil
}

func TestContactLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := newWorld(t, url)
		today := date("2027-02-10")
		w.fclock.Set(at(today))
		krit, other := w.task(t, "101", "m-krit"), w.task(t, "147", "m-krit")
		ok := app.ContactInput{Date: today, Channel: "telefon", Participants: "Projektleder Kim (København), Sara (KOMBIT)",
			Summary: "Databehandleraftalen er forsinket.", Agreements: "Underskrives inden fredag.",
			InternalNote: "Kommunen virker presset.", NextFollowup: today.AddDays(3), Tasks: []int64{krit.ID}}
		for _, tc := range []struct {
			name  string
			edit  func(*app.ContactInput)
			field string
		}{
			{"no date", func(c *app.ContactInput) { c.Date = 0 }, "date"},
			{"future", func(c *app.ContactInput) { c.Date = today.AddDays(1) }, "date"},
			{"channel", func(c *app.ContactInput) { c.Channel = "brevdue" }, "channel"},
			{"kind", func(c *app.ContactInput) { c.Kind = "klage" }, "kind"},
			{"no participants", func(c *app.ContactInput) { c.Participants = "" }, "participants"},
			{"no summary", func(c *app.ContactInput) { c.Summary = " " }, "summary"},
			{"follow-up before", func(c *app.ContactInput) { c.NextFollowup = today.AddDays(-1) }, "next_followup"},
			{"other plan's task", func(c *app.ContactInput) { c.Tasks = []int64{krit.ID, other.ID} }, "tasks[1]"},
			{"escalation without whom", func(c *app.ContactInput) { c.Kind = "eskalering" }, "escalated_to"},
			{"whom without escalation", func(c *app.ContactInput) { c.EscalatedTo = "styregruppen" }, "escalated_to"},
		} {
			in := ok
			tc.edit(&in)
			if _, err := w.AddContact(ctx, w.coord, "mini", "101", in); errCode(err) != app.CodeInvalid || fieldOf(err) != tc.field {
				t.Errorf("%s: %v; want invalid naming %s", tc.name, err, tc.field)
			}
		}
		c, err := w.AddContact(ctx, w.coord, "mini", "101", ok)
		if err != nil || len(c.Tasks) != 1 || c.Tasks[0].Key != "m-krit" || c.CreatedBy != "koordinator (KOMBIT)" {
			t.Fatalf("contact: %+v, %v", c, err)
		}
		esc := ok
		esc.Kind, esc.EscalatedTo, esc.Channel, esc.Summary, esc.NextFollowup = "eskalering", "Styregruppen for KSD", "moede", "Eskaleret efter to forgæves henvendelser.", 0
		if _, err := w.AddContact(ctx, nil, "mini", "101", esc); errCode(err) != app.CodeInvalid || fieldOf(err) != "kind" {
			t.Errorf("an escalation without a person: %v", err)
		}
		if _, err := w.AddContact(ctx, w.coord, "mini", "101", esc); err != nil {
			t.Fatal(err)
		}
		if _, err := w.AddContact(ctx, w.lead101, "mini", "101", ok); errCode(err) != app.CodeForbidden {
			t.Errorf("a municipality writing the centre's log: %v", err)
		}
		if _, err := w.DecideCheckpoint(ctx, w.coord, "mini", "101", app.CheckpointInput{Transition: "2.1-2.2", Decision: "udskudt", Basis: "Aftalen mangler"}); err != nil {
			t.Fatal(err)
		}
		// A project lead logs their own municipality's incidents, not another's.
		if _, err := w.LogIncident(ctx, w.lead147, "mini", "101", app.IncidentInput{Category: "drift", Severity: "lav", Title: "Fremmed"}); errCode(err) != app.CodeForbidden {
			t.Errorf("another municipality's lead logging an incident: %v", err)
		}
		if _, err := w.LogIncident(ctx, w.supplier, "mini", "101", app.IncidentInput{Category: "konvertering", Severity: "hoej", Title: "Sager mangler"}); err != nil {
			t.Fatal(err)
		}

		central, err := w.ContactLog(ctx, w.coord, "mini", "101")
		if err != nil {
			t.Fatal(err)
		}
		if len(central.Contacts) != 2 || central.Contacts[1].InternalNote == "" || !central.Internal {
			t.Errorf("central view: %+v", central.Contacts)
		}
		if central.NextFollowup != 0 {
			t.Errorf("next follow-up %s: the latest entry (the escalation) set none", central.NextFollowup)
		}
		var kinds []string
		for _, e := range central.Timeline {
			kinds = append(kinds, e.Kind)
		}
		if len(kinds) != 4 || !strings.Contains(strings.Join(kinds, ","), "eskalering") || !strings.Contains(strings.Join(kinds, ","), "kontrolpunkt") ||
			!strings.Contains(strings.Join(kinds, ","), "haendelse") {
			t.Errorf("timeline kinds %v", kinds)
		}
		own, err := w.ContactLog(ctx, w.lead101, "mini", "101")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range own.Contacts {
			if c.InternalNote != "" {
				t.Error("the municipality sees the internal note")
			}
		}
		if len(own.Contacts) != 2 || own.Internal || own.Contacts[1].Agreements == "" {
			t.Errorf("municipality view: %+v", own)
		}
		if _, err := w.ContactLog(ctx, w.lead147, "mini", "101"); errCode(err) != app.CodeForbidden {
			t.Errorf("another municipality reading the log: %v", err)
		}
	})
}

func TestCheckpoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := newWorld(t, url)
		asof := date("2026-11-02") // København (go-live 1 March) is in 2.1 Planlægning
		w.fclock.Set(at(asof))
		cp, err := w.Checkpoints(ctx, nil, "mini", "101", asof)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Phase != "2.1" || cp.Next != "2.1-2.2" || len(cp.Transitions) != 2 {
			t.Fatalf("checkpoints: phase %s, next %s, %d transitions", cp.Phase, cp.Next, len(cp.Transitions))
		}
		r := cp.Transitions[0]
		if !r.Next || r.Total != 2 || r.Done != 0 || len(r.Blocking) != 2 || r.Ready || r.FromName != "Planlægning" {
			t.Errorf("2.1-2.2 readiness: %+v", r)
		}
		if r2 := cp.Transitions[1]; r2.Key != "2.2-2.3" || r2.Total != 2 { // one per school
			t.Errorf("2.2-2.3: %+v", r2)
		}
		krit := w.task(t, "101", "m-krit")
		if _, err := w.SetStatus(ctx, app.System("leder"), krit.ID, app.StatusChange{Status: model.Completed, Version: krit.Version}); err != nil {
			t.Fatal(err)
		}
		cp, _ = w.Checkpoints(ctx, nil, "mini", "101", asof)
		if r := cp.Transitions[0]; r.Done != 1 || len(r.Blocking) != 1 || r.Blocking[0].Key != "m-obl" {
			t.Errorf("after completing m-krit: done %d, blocking %+v", r.Done, r.Blocking)
		}
		for _, tc := range []struct {
			in    app.CheckpointInput
			field string
		}{
			{app.CheckpointInput{Transition: "2.1-3", Decision: "godkendt", Basis: "x"}, "transition"},
			{app.CheckpointInput{Transition: "2.1-2.2", Decision: "ja", Basis: "x"}, "decision"},
			{app.CheckpointInput{Transition: "2.1-2.2", Decision: "godkendt"}, "basis"},
		} {
			if _, err := w.DecideCheckpoint(ctx, w.coord, "mini", "101", tc.in); fieldOf(err) != tc.field {
				t.Errorf("%+v: %v; want the field %s named", tc.in, err, tc.field)
			}
		}
		// The supplier's deliveries are part of what a checkpoint checks: it
		// does not decide one (docs/access.md).
		if _, err := w.DecideCheckpoint(ctx, w.supplier, "mini", "101", app.CheckpointInput{Transition: "2.1-2.2", Decision: "godkendt", Basis: "x"}); errCode(err) != app.CodeForbidden {
			t.Errorf("the supplier deciding: %v", err)
		}
		if _, err := w.DecideCheckpoint(ctx, w.lead147, "mini", "101", app.CheckpointInput{Transition: "2.1-2.2", Decision: "godkendt", Basis: "x"}); errCode(err) != app.CodeForbidden {
			t.Errorf("another municipality's lead deciding: %v", err)
		}
		d, err := w.DecideCheckpoint(ctx, w.lead101, "mini", "101", app.CheckpointInput{Transition: "2.1-2.2", Decision: "godkendt",
			Basis: "Styregruppen godkendte overgangen 4/1; kommunikationsplanen færdiggøres i 2.2."})
		if err != nil {
			t.Fatal(err)
		}
		if d.Done != 1 || d.Total != 2 || len(d.Blocking) != 1 || d.Blocking[0] != "m-obl" || d.DecidedBy != "leder (København)" {
			t.Errorf("decision: %+v", d)
		}
		cp, _ = w.Checkpoints(ctx, nil, "mini", "101", asof)
		if r := cp.Transitions[0]; r.Decision == nil || r.Decision.Decision != "godkendt" || len(r.Decisions) != 1 {
			t.Errorf("recorded decision: %+v", r.Decision)
		}
	})
}

func TestHypercare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := newWorld(t, url)
		w.fclock.Set(at(date("2027-01-04")))
		if _, err := w.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "151", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		from, to := w.HypercareWindow(date("2027-03-01"))
		if from != date("2027-02-01") || to != date("2027-03-15") {
			t.Errorf("window %s–%s; want 28 days before to 14 days after go-live (waves.HypercareWindow)", from, to)
		}
		a, err := w.CreateHypercareTeam(ctx, w.supplier, app.HypercareTeamInput{Name: "Hypercare 1"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := w.CreateHypercareTeam(ctx, w.supplier, app.HypercareTeamInput{Name: "Hypercare 2"})
		if _, err := w.CreateHypercareTeam(ctx, w.supplier, app.HypercareTeamInput{Name: "Hypercare 1"}); errCode(err) != app.CodeConflict {
			t.Errorf("duplicate team name: %v", err)
		}
		if _, err := w.CreateHypercareTeam(ctx, w.observer, app.HypercareTeamInput{Name: "X"}); errCode(err) != app.CodeForbidden {
			t.Errorf("observer: %v", err)
		}
		if _, err := w.AddHypercareMember(ctx, w.supplier, a.ID, app.HypercareMemberInput{Name: "Per", Email: "per@kmd.example", Role: "arkitekt"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.AddHypercareMember(ctx, w.supplier, a.ID, app.HypercareMemberInput{Name: "Lis", Email: "ikke en adresse"}); fieldOf(err) != "email" {
			t.Errorf("bad member address: %v", err)
		}
		// Wave 1 (101 and 151, same go-live) is one rollout for team 1.
		v, err := w.AssignHypercare(ctx, w.supplier, a.ID, "mini", []string{"101", "151"})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Rollouts) != 1 || len(v.Rollouts[0].Municipalities) != 2 || len(v.Members) != 1 {
			t.Errorf("team 1: %+v", v)
		}
		// Wave 2 (147, go-live 5 April) overlaps wave 1's window: refused, naming both.
		_, err = w.AssignHypercare(ctx, w.supplier, a.ID, "mini", []string{"147"})
		if errCode(err) != app.CodeConflict || !strings.Contains(app.ErrorMessage(err), "Mini-programmet, Bølge 2 (Frederiksberg)") ||
			!strings.Contains(app.ErrorMessage(err), "Mini-programmet, Bølge 1 (København, Ballerup)") {
			t.Errorf("overlapping rollouts: %v", err)
		}
		// The other team takes it.
		if _, err := w.AssignHypercare(ctx, w.supplier, b.ID, "mini", []string{"147"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.AssignHypercare(ctx, w.supplier, b.ID, "mini", []string{"999"}); fieldOf(err) != "municipalities[0]" {
			t.Errorf("unknown municipality: %v", err)
		}
		hv, err := w.Hypercare(ctx, nil, date("2027-02-15"))
		if err != nil || len(hv.Teams) != 2 || !hv.Teams[0].Rollouts[0].Active {
			t.Errorf("hypercare view: %+v, %v", hv, err)
		}
		// The team's worklist: the municipalities it watches now.
		asof := date("2027-02-15")
		w.fclock.Set(at(asof))
		wl, err := w.Worklist(ctx, nil, "mini", asof, app.WorklistOptions{TeamID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range wl.Municipalities {
			if m.Code == "147" {
				t.Error("team 1's worklist shows a municipality of team 2")
			}
		}
		if wl.Team != "Hypercare 1" || findMuni(wl, "101") == nil {
			t.Errorf("team worklist: %s, %+v", wl.Team, wl.Municipalities)
		}

		// Incidents during go-live, and the wave's summary.
		w.fclock.Set(time.Date(2027, 3, 2, 8, 0, 0, 0, time.UTC))
		in := app.IncidentInput{Category: "konvertering", Severity: "kritisk", Title: "Konverterede sager mangler bilag"}
		x, err := w.LogIncident(ctx, w.supplier, "mini", "101", in)
		if err != nil || x.Team != "Hypercare 1" || x.Status != "aaben" || x.Wave != 1 {
			t.Fatalf("incident: %+v, %v", x, err)
		}
		for _, tc := range []struct {
			edit  func(*app.IncidentInput)
			field string
		}{
			{func(i *app.IncidentInput) { i.Category = "vejret" }, "category"},
			{func(i *app.IncidentInput) { i.Severity = "lidt" }, "severity"},
			{func(i *app.IncidentInput) { i.Status = "glemt" }, "status"},
			{func(i *app.IncidentInput) { i.Title = "" }, "title"},
			{func(i *app.IncidentInput) { i.Status = "loest" }, "resolution"},
			{func(i *app.IncidentInput) { i.OpenedAt = time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC) }, "opened_at"},
		} {
			bad := in
			tc.edit(&bad)
			if _, err := w.LogIncident(ctx, w.supplier, "mini", "101", bad); fieldOf(err) != tc.field {
				t.Errorf("incident %+v: %v; want the field %s named", bad, err, tc.field)
			}
		}
		w.fclock.Set(time.Date(2027, 3, 2, 14, 30, 0, 0, time.UTC))
		res := in
		res.Status, res.Resolution, res.Version = "loest", "Bilag genindlæst af KMD.", x.Version
		y, err := w.UpdateIncident(ctx, w.supplier, x.ID, res)
		if err != nil || y.HoursToResolve != 6.5 || y.Version != 2 {
			t.Fatalf("resolve: %+v, %v", y, err)
		}
		if _, err := w.UpdateIncident(ctx, w.supplier, x.ID, res); errCode(err) != app.CodeConflict {
			t.Errorf("stale version: %v", err)
		}
		if _, err := w.LogIncident(ctx, w.supplier, "mini", "151", app.IncidentInput{Category: "rettigheder", Severity: "lav", Title: "Superbruger mangler rolle"}); err != nil {
			t.Fatal(err)
		}
		if err := w.SaveLessons(ctx, w.coord, "mini", 1, "Genindlæs bilag før cut-over."); err != nil {
			t.Fatal(err)
		}
		if err := w.SaveLessons(ctx, w.coord, "mini", 9, "x"); errCode(err) != app.CodeNotFound {
			t.Errorf("lessons of an unknown wave: %v", err)
		}
		sum, err := w.HypercareSummary(ctx, nil, "mini")
		if err != nil || len(sum) != 2 {
			t.Fatalf("summary: %+v, %v", sum, err)
		}
		w1 := sum[0]
		if w1.Wave != 1 || w1.Municipalities != 2 || w1.Incidents != 2 || w1.Open != 1 || w1.Resolved != 1 || w1.MedianHours != 6.5 ||
			w1.ByCategory["konvertering"] != 1 || w1.CriticalOrHigh != 1 || len(w1.LongestOpen) != 1 || w1.Lessons == "" {
			t.Errorf("wave 1 summary: %+v", w1)
		}
		// A municipality taken out of its wave (wave 0) has no wave's
		// hypercare: the summary has no line for "no wave".
		p147, err := w.Plan(ctx, nil, "mini", "147", asof)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "147", GoLive: p147.GoLive, Wave: 0}}); err != nil {
			t.Fatal(err)
		}
		if sum, err := w.HypercareSummary(ctx, nil, "mini"); err != nil || len(sum) == 0 || slices.ContainsFunc(sum, func(x app.WaveIncidents) bool { return x.Wave == 0 }) {
			t.Errorf("summary with a municipality in no wave: %+v, %v", sum, err)
		}
		list, _ := w.Incidents(ctx, nil, "mini", "101")
		if len(list) != 1 || list[0].Status != "loest" {
			t.Errorf("101's incidents: %+v", list)
		}
		if err := w.UnassignHypercare(ctx, w.supplier, "mini", "151"); err != nil {
			t.Error(err)
		}
		if err := w.UnassignHypercare(ctx, w.supplier, "mini", "151"); errCode(err) != app.CodeNotFound {
			t.Errorf("second unassign: %v", err)
		}
	})
}

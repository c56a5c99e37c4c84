package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify/notifytest"
	"github.com/udrul/udrul/internal/people"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/training"
)

// A course run is edited and cancelled: capacity below the people signed
// up, a stale version, purchased training moved onto days the supplier is
// full and a project lead are refused with nothing written; a move is in
// the run's history, re-flags it against the training window and mails the
// participant who has an address (through the outbox to a real SMTP
// server); a cancelled run keeps its participants and history, mails them,
// takes no sign-ups and no edits, and a run that began cannot be cancelled.
func TestEditAndCancelCourseRuns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url) // today Monday 4 January 2027
		more := []model.Organisation{
			{Kind: model.OrgMunicipality, Code: "153", Name: "Brøndby"}, {Kind: model.OrgMunicipality, Code: "155", Name: "Dragør"},
			{Kind: model.OrgMunicipality, Code: "157", Name: "Gentofte"},
		}
		if err := f.LoadOrganisations(ctx, more, nil); err != nil {
			t.Fatal(err)
		}
		sys := app.System("Karin Koordinator")
		if _, err := f.Publish(ctx, sys, "skoler.yaml", schoolsCatalogue(t, nil), ""); err != nil {
			t.Fatal(err)
		}
		var es []app.Enrolment
		for _, c := range []string{"101", "147", "151", "153", "155", "157"} {
			es = append(es, app.Enrolment{Code: c, GoLive: date("2027-05-03"), Wave: 1})
		}
		if _, err := f.Enrol(ctx, sys, "mini", es); err != nil {
			t.Fatal(err)
		}
		course, err := f.CreateCourse(ctx, sys, "mini", app.CourseInput{Title: "Superbrugerkursus"})
		if err != nil {
			t.Fatal(err)
		}
		week := func(code, from, to string) app.RunInput {
			return app.RunInput{Run: training.Run{Type: training.Classroom, Start: date(from), End: date(to), Place: "Rådhuset",
				Capacity: 30, Trainer: "Tina Træner"}, Municipality: code, Purchased: true}
		}
		var kk app.RunView
		for _, c := range []string{"101", "147", "151", "153", "155"} {
			r, err := f.CreateRun(ctx, sys, "mini", course.Key, week(c, "2027-03-01", "2027-03-05"))
			if err != nil {
				t.Fatal(err)
			}
			if c == "101" {
				kk = r
			}
		}
		gentofte, err := f.CreateRun(ctx, sys, "mini", course.Key, week("157", "2027-03-15", "2027-03-19"))
		if err != nil {
			t.Fatal(err)
		}
		var lise, ole people.Entry
		for _, p := range []struct {
			to    *people.Entry
			name  string
			email string
		}{{&lise, "Lise Superbruger", "lise@kk.example"}, {&ole, "Ole Uden Mail", ""}} {
			if *p.to, err = f.CreatePerson(ctx, sys, "mini", "101", app.PersonInput{Person: people.Person{Name: p.name, Email: p.email},
				RoleInput: app.RoleInput{Role: model.RoleSuperUser, Institution: "101-s01"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.RegisterParticipant(ctx, sys, "mini", "101", app.SignUp{Run: kk.Key, Person: p.to.Key}); err != nil {
				t.Fatal(err)
			}
		}
		detail := func(key int64) *app.RunDetailView {
			t.Helper()
			d, err := f.RunDetail(ctx, sys, "mini", key)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		d := detail(kk.Key)
		version := d.Run.Version
		if len(d.Run.Outside) != 1 || !d.Cancellable {
			t.Fatalf("København's run in the first week of March: outside %v (want København's window), cancellable %v", d.Run.Outside, d.Cancellable)
		}
		edit := func(r app.RunView, change func(*training.Run)) app.RunUpdate {
			u := app.RunUpdate{Run: r.Run, Version: r.Version}
			change(&u.Run)
			return u
		}
		pl := signIn(t, f.App, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")

		// Refusals: nothing is written.
		for _, c := range []struct {
			name  string
			by    *app.Identity
			run   app.RunView
			in    app.RunUpdate
			code  app.Code
			field string
		}{
			{"capacity below the two signed up", sys, d.Run, edit(d.Run, func(r *training.Run) { r.Capacity = 1 }), app.CodeInvalid, "capacity"},
			{"a stale version", sys, d.Run, app.RunUpdate{Run: d.Run.Run, Version: version - 1}, app.CodeConflict, "version"},
			{"a project lead", pl, d.Run, edit(d.Run, func(r *training.Run) { r.Trainer = "Pia" }), app.CodeForbidden, ""},
			{"Gentofte's purchased training moved into the full week", sys, gentofte, edit(gentofte, func(r *training.Run) {
				r.Start, r.End = date("2027-03-03"), date("2027-03-04")
			}), app.CodeInvalid, "starts_on"},
		} {
			_, err := f.UpdateRun(ctx, c.by, "mini", c.run.Key, c.in)
			var ae *app.Error
			if !errorsAs(err, &ae) || ae.Code != c.code || ae.Field != c.field {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.field)
			}
			if c.field == "starts_on" && !strings.Contains(ae.Message, "Gentofte") {
				t.Errorf("%s does not name Gentofte: %s", c.name, ae.Message)
			}
		}
		if d := detail(kk.Key); d.Run.Version != version || len(d.History) != 0 || d.Run.Capacity != 30 {
			t.Fatalf("refused edits wrote: version %d, history %v", d.Run.Version, d.History)
		}
		// Saving the form unchanged writes nothing.
		if same, err := f.UpdateRun(ctx, sys, "mini", kk.Key, app.RunUpdate{Run: d.Run.Run, Version: version}); err != nil || same.Version != version {
			t.Errorf("an unchanged run: version %d, %v", same.Version, err)
		}
		if n := len(outboxOf(t, f.App)); n != 0 {
			t.Fatalf("refused edits queued %d mails", n)
		}

		// København's run moves to the second half of April, in its window.
		moved, err := f.UpdateRun(ctx, sys, "mini", kk.Key, edit(d.Run, func(r *training.Run) {
			r.Start, r.End, r.Place = date("2027-04-12"), date("2027-04-16"), "Skole A, aulaen"
		}))
		if err != nil {
			t.Fatal(err)
		}
		if moved.Version != version+1 || len(moved.Outside) != 0 || moved.Start != date("2027-04-12") {
			t.Errorf("after the move: version %d, outside %v, starts %s", moved.Version, moved.Outside, moved.Start)
		}
		// With København gone from the first week, Gentofte fits in it.
		if _, err := f.UpdateRun(ctx, sys, "mini", gentofte.Key, edit(gentofte, func(r *training.Run) {
			r.Start, r.End = date("2027-03-03"), date("2027-03-04")
		})); err != nil {
			t.Errorf("Gentofte into the freed week: %v", err)
		}
		d = detail(kk.Key)
		if len(d.History) != 1 || d.History[0].Actor != "Karin Koordinator" ||
			!strings.Contains(d.History[0].Comment, "dato: 01.03.2027–05.03.2027 → 12.04.2027–16.04.2027") ||
			!strings.Contains(d.History[0].Comment, "sted: Rådhuset → Skole A, aulaen") {
			t.Errorf("history after the move: %+v", d.History)
		}
		// A trainer change alone is history but no mail.
		if _, err := f.UpdateRun(ctx, sys, "mini", kk.Key, edit(d.Run, func(r *training.Run) { r.Trainer = "Tom Træner" })); err != nil {
			t.Fatal(err)
		}
		srv := notifytest.Start(t)
		if r := drain(t, f.sender(srv)); r.Sent != 1 {
			t.Fatalf("sent %d mails after the move and the trainer change, want 1 (Ole has no address)", r.Sent)
		}
		got := srv.Messages()
		if got[0].To[0] != "lise@kk.example" || got[0].Subject != "Ændret: Superbrugerkursus – nu 12.04.2027–16.04.2027" ||
			!strings.Contains(got[0].Body, "Skole A, aulaen") || got[0].Header.Get("List-Unsubscribe") != "" {
			t.Errorf("the move's mail: to %v, subject %q, unsubscribe %q:\n%s", got[0].To, got[0].Subject, got[0].Header.Get("List-Unsubscribe"), got[0].Body)
		}

		// Cancelled: the run, its participants and history stay.
		d = detail(kk.Key)
		if _, err := f.CancelRun(ctx, sys, "mini", kk.Key, app.CancelInput{Reason: "Underviseren er syg", Version: d.Run.Version - 1}); err == nil {
			t.Error("cancelled with a stale version")
		}
		c, err := f.CancelRun(ctx, sys, "mini", kk.Key, app.CancelInput{Reason: "Underviseren er syg", Version: d.Run.Version})
		if err != nil {
			t.Fatal(err)
		}
		if c.State != training.Cancelled || c.StateLabel != "Aflyst" {
			t.Errorf("cancelled run: %+v", c)
		}
		d = detail(kk.Key)
		if len(d.Participants) != 2 || len(d.History) != 3 || d.History[2].Kind != "aflyst" || d.Cancellable {
			t.Errorf("after cancelling: %d participants, history %+v, cancellable %v", len(d.Participants), d.History, d.Cancellable)
		}
		drain(t, f.sender(srv))
		if got := srv.Messages(); len(got) != 2 || got[1].Subject != "Aflyst: Superbrugerkursus 12.04.2027–16.04.2027" ||
			!strings.Contains(got[1].Body, "Begrundelse: Underviseren er syg") {
			t.Errorf("cancel mail: %d messages, %+v", len(got), got[len(got)-1])
		}
		for _, c := range []struct {
			name string
			err  error
		}{
			{"cancel again", func() error {
				_, err := f.CancelRun(ctx, sys, "mini", kk.Key, app.CancelInput{Version: d.Run.Version})
				return err
			}()},
			{"edit a cancelled run", func() error {
				_, err := f.UpdateRun(ctx, sys, "mini", kk.Key, edit(d.Run, func(r *training.Run) { r.Trainer = "X" }))
				return err
			}()},
			{"sign up for a cancelled run", func() error {
				p, err := f.CreatePerson(ctx, sys, "mini", "101", app.PersonInput{Person: people.Person{Name: "Ny"}, RoleInput: app.RoleInput{Role: model.RoleSuperUser}})
				if err != nil {
					return err
				}
				_, err = f.RegisterParticipant(ctx, sys, "mini", "101", app.SignUp{Run: kk.Key, Person: p.Key})
				return err
			}()},
		} {
			var ae *app.Error
			if !errorsAs(c.err, &ae) || ae.Code != app.CodeConflict || ae.Field != "run" {
				t.Errorf("%s: %v, want conflict on run", c.name, c.err)
			}
		}

		// A run that began, or has results, cannot be cancelled.
		g := detail(gentofte.Key)
		f.fclock.Set(at(date("2027-03-03")))
		_, err = f.CancelRun(ctx, sys, "mini", gentofte.Key, app.CancelInput{Version: g.Run.Version})
		var ae *app.Error
		if !errorsAs(err, &ae) || ae.Code != app.CodeConflict || ae.Field != "run" || !strings.Contains(ae.Message, "begyndte 03.03.2027") {
			t.Errorf("cancel on its first day: %v", err)
		}
	})
}

package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// Personal calendar feeds: the user's delegated tasks and the own tasks
// assigned to their address, only their owner revokes them, and
// deactivating the user stops them.
func TestUserFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, _ := newAuthApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		mustUser(t, a, "admin@kombit.dk", "Anne Admin", access.Admin, "kombit")
		mustUser(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		mustUser(t, a, "mm@kk.dk", "Mads Medarbejder", access.Member, "101")
		login := func(email string) *app.Identity {
			_, id, err := a.Login(ctx, email, pw, "10.0.0.1", "")
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		admin, pl, mm := login("admin@kombit.dk"), login("pl@kk.dk"), login("mm@kk.dk")
		plan, err := a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		obl := taskByKey(t, plan, "m-obl")
		if _, err := a.DelegateToUser(ctx, pl, obl.ID, "mm@kk.dk"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddOwnTask(ctx, pl, "mini", "101", app.OwnTaskInput{Title: "Egen til Mads", Start: date("2027-01-04"), End: date("2027-01-08"),
			Assignee: " MM@kk.dk "}); err != nil {
			t.Fatal(err)
		}
		f, err := a.CreateUserFeed(ctx, mm)
		if err != nil || len(f.Token) < 40 || f.UserID != mm.User.ID {
			t.Fatalf("create: %+v %v", f, err)
		}
		cal, err := a.FeedCalendar(ctx, f.Token, "https://udrul.example")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range cal.Events {
			got = append(got, e.Summary+" "+e.URL)
		}
		all := strings.Join(got, "\n")
		for _, want := range []string{"Frist: Udarbejd kommunikationsplan (København) https://udrul.example/tasks/",
			"Frist: Egen til Mads (København) https://udrul.example/programmes/mini/municipalities/101/own-tasks/"} {
			if !strings.Contains(all, want) {
				t.Errorf("feed lacks %q:\n%s", want, all)
			}
		}
		if len(cal.Events) != 2 {
			t.Errorf("feed has %d events, want 2:\n%s", len(cal.Events), all)
		}
		if fs, _ := a.UserFeeds(ctx, mm.User.ID); len(fs) != 1 {
			t.Errorf("user feeds: %+v", fs)
		}
		if fs, _ := a.UserFeeds(ctx, pl.User.ID); len(fs) != 0 {
			t.Errorf("another user's feeds: %+v", fs)
		}
		wantCode(t, "revoking another user's feed", a.RevokeUserFeed(ctx, pl.User.ID, f.ID), app.CodeNotFound)
		wantCode(t, "revoking a plan's feed as a user feed", func() error {
			pf, err := a.CreateFeed(ctx, pl, app.FeedRequest{Programme: "mini", Municipality: "101"})
			if err != nil {
				return err
			}
			return a.RevokeUserFeed(ctx, mm.User.ID, pf.ID)
		}(), app.CodeNotFound)

		// Deactivating the user stops the feed, and reactivating does not bring it back.
		change := app.UserChange{Name: "Mads Medarbejder", Email: "mm@kk.dk", Role: access.Member, Org: "101"}
		if _, err := a.UpdateUser(ctx, admin, mm.User.ID, change); err != nil {
			t.Fatal(err)
		}
		_, err = a.FeedCalendar(ctx, f.Token, "https://udrul.example")
		wantCode(t, "feed of a deactivated user", err, app.CodeNotFound)
		change.Active = true
		if _, err := a.UpdateUser(ctx, admin, mm.User.ID, change); err != nil {
			t.Fatal(err)
		}
		_, err = a.FeedCalendar(ctx, f.Token, "https://udrul.example")
		wantCode(t, "feed after reactivation", err, app.CodeNotFound)

		f2, err := a.CreateUserFeed(ctx, mm)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.RevokeUserFeed(ctx, mm.User.ID, f2.ID); err != nil {
			t.Fatal(err)
		}
		_, err = a.FeedCalendar(ctx, f2.Token, "https://udrul.example")
		wantCode(t, "revoked feed", err, app.CodeNotFound)
		wantCode(t, "revoking twice", a.RevokeUserFeed(ctx, mm.User.ID, f2.ID), app.CodeNotFound)
	})
}

// A task has the same UID in its plan's feed and in the personal feed of the
// one it is delegated to, the UID's domain is the base URL's host, and a
// change to the task raises its SEQUENCE and LAST-MODIFIED in both while
// the other events keep theirs.
func TestFeedUIDsAndSequence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, clk := newAuthApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		mustUser(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		mustUser(t, a, "mm@kk.dk", "Mads Medarbejder", access.Member, "101")
		login := func(email string) *app.Identity {
			_, id, err := a.Login(ctx, email, pw, "10.0.0.1", "")
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		pl, mm := login("pl@kk.dk"), login("mm@kk.dk")
		plan, err := a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		obl := taskByKey(t, plan, "m-obl")
		if _, err := a.DelegateToUser(ctx, pl, obl.ID, "mm@kk.dk"); err != nil {
			t.Fatal(err)
		}
		pf, err := a.CreateFeed(ctx, pl, app.FeedRequest{Programme: "mini", Municipality: "101"})
		if err != nil {
			t.Fatal(err)
		}
		uf, err := a.CreateUserFeed(ctx, mm)
		if err != nil {
			t.Fatal(err)
		}
		events := func(token string) map[string]export.Event {
			cal, err := a.FeedCalendar(ctx, token, "https://udrul.example.dk:8443")
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]export.Event{}
			for _, e := range cal.Events {
				if !strings.HasSuffix(e.UID, "@udrul.example.dk") {
					t.Errorf("UID %q is not on the base URL's host", e.UID)
				}
				if _, dup := m[e.UID]; dup {
					t.Errorf("UID %q twice in one feed", e.UID)
				}
				if e.Modified.IsZero() || e.Sequence < 1 {
					t.Errorf("event %q: sequence %d, modified %v", e.UID, e.Sequence, e.Modified)
				}
				m[e.UID] = e
			}
			return m
		}
		uid := fmt.Sprintf("task-%d@udrul.example.dk", obl.ID)
		planBefore, mineBefore := events(pf.Token), events(uf.Token)
		if _, ok := planBefore[uid]; !ok {
			t.Fatalf("plan feed lacks %s: %v", uid, planBefore)
		}
		if len(mineBefore) != 1 || mineBefore[uid].Sequence != planBefore[uid].Sequence || !mineBefore[uid].Modified.Equal(planBefore[uid].Modified) {
			t.Errorf("personal feed %+v, want the plan feed's event %+v", mineBefore, planBefore[uid])
		}

		clk.add(time.Hour)
		plan, err = a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SetStatus(ctx, pl, obl.ID, app.StatusChange{Status: model.Started, Version: taskByKey(t, plan, "m-obl").Version}); err != nil {
			t.Fatal(err)
		}
		planAfter, mineAfter := events(pf.Token), events(uf.Token)
		for name, m := range map[string][2]map[string]export.Event{"plan": {planBefore, planAfter}, "personal": {mineBefore, mineAfter}} {
			b, af := m[0][uid], m[1][uid]
			if af.Sequence <= b.Sequence || !af.Modified.After(b.Modified) || !af.Modified.Equal(clk.now()) {
				t.Errorf("%s feed after a status change: sequence %d → %d, modified %v → %v (now %v)", name, b.Sequence, af.Sequence, b.Modified, af.Modified, clk.now())
			}
		}
		for k, e := range planBefore {
			if k == uid || strings.Contains(k, "-golive@") || strings.HasPrefix(k, "plan-") {
				continue // the changed task, and the milestones, which follow the whole plan
			}
			if af := planAfter[k]; af.Sequence != e.Sequence || !af.Modified.Equal(e.Modified) {
				t.Errorf("untouched %s changed: %+v → %+v", k, e, af)
			}
		}
	})
}

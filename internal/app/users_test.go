package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// clock is a settable clock for session expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newAuthApp(t *testing.T, url string) (*app.App, *clock) {
	t.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
	a := app.New(storetest.Open(t, url), im, slog.New(slog.NewTextHandler(io.Discard, nil)), c.now)
	orgs := []model.Organisation{
		{Kind: model.OrgCentral, Code: "kombit", Name: "KOMBIT"},
		{Kind: model.OrgSupplier, Code: "kmd", Name: "KMD"},
		{Kind: model.OrgMunicipality, Code: "101", Name: "København"},
		{Kind: model.OrgMunicipality, Code: "147", Name: "Frederiksberg"},
	}
	insts := []app.Institution{
		{Municipality: "101", Org: model.Organisation{Code: "101-s01", Name: "Skole A", Category: model.CategorySchool}},
		{Municipality: "101", Org: model.Organisation{Code: "101-s02", Name: "Skole B", Category: model.CategorySchool}},
	}
	if err := a.LoadOrganisations(context.Background(), orgs, insts); err != nil {
		t.Fatal(err)
	}
	return a, c
}

const pw = "rigtig-god-kode-42"

func mustUser(t *testing.T, a *app.App, email, name string, role access.Role, org string) {
	t.Helper()
	if _, err := a.CreateUser(context.Background(), app.NewUser{Email: email, Name: name, Role: role, Org: org, Password: pw}); err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
}

// signIn creates a user and signs them in, for the use cases that take
// the caller's identity.
func signIn(t *testing.T, a *app.App, email, name string, role access.Role, org string) *app.Identity {
	t.Helper()
	mustUser(t, a, email, name, role, org)
	_, id, err := a.Login(context.Background(), email, pw, "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func wantCode(t *testing.T, what string, err error, code app.Code) {
	t.Helper()
	if got := app.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %s), want code %s", what, err, got, code)
	}
}

func TestUsersAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, clk := newAuthApp(t, url)
		mustUser(t, a, "Admin@Kombit.dk", "Anne Admin", access.Admin, "kombit")

		// Refusals when creating users.
		for name, nu := range map[string]app.NewUser{
			"duplicate e-mail": {Email: "admin@kombit.dk", Name: "X", Role: access.Admin, Org: "kombit", Password: pw},
			"bad e-mail":       {Email: "ikke en adresse", Name: "X", Role: access.Admin, Org: "kombit", Password: pw},
			"no name":          {Email: "x@kombit.dk", Name: " ", Role: access.Admin, Org: "kombit", Password: pw},
			"short password":   {Email: "x@kombit.dk", Name: "X", Role: access.Admin, Org: "kombit", Password: "kort"},
			"unknown role":     {Email: "x@kombit.dk", Name: "X", Role: "gud", Org: "kombit", Password: pw},
			"role and org":     {Email: "x@kombit.dk", Name: "X", Role: access.ProjectLead, Org: "kombit", Password: pw},
			"unknown org":      {Email: "x@kombit.dk", Name: "X", Role: access.ProjectLead, Org: "999", Password: pw},
		} {
			_, err := a.CreateUser(ctx, nu)
			if err == nil {
				t.Errorf("%s: created", name)
				continue
			}
			if c := app.ErrorCode(err); c != app.CodeInvalid && c != app.CodeConflict {
				t.Errorf("%s: %v (code %s)", name, err, c)
			}
		}

		// Login with any case of the address.
		tok, id, err := a.Login(ctx, " ADMIN@kombit.dk", pw, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if id.User.Email != "admin@kombit.dk" || id.Subject.Role != access.Admin || id.Actor() != "Anne Admin (KOMBIT)" {
			t.Errorf("identity %+v actor %q", id.User, id.Actor())
		}
		got, err := a.SessionIdentity(ctx, tok)
		if err != nil || got.User.ID != id.User.ID || got.SessionID != id.SessionID {
			t.Fatalf("session identity: %+v %v", got, err)
		}
		// Idle expiry: used within the idle timeout the session lives on …
		clk.add(app.IdleTimeout - time.Minute)
		if _, err := a.SessionIdentity(ctx, tok); err != nil {
			t.Fatalf("session used within the idle timeout: %v", err)
		}
		clk.add(app.IdleTimeout - time.Minute)
		if _, err := a.SessionIdentity(ctx, tok); err != nil {
			t.Fatalf("session used again within the idle timeout: %v", err)
		}
		// … and dies after it.
		clk.add(app.IdleTimeout)
		_, err = a.SessionIdentity(ctx, tok)
		wantCode(t, "idle session", err, app.CodeUnauthenticated)

		// Absolute expiry, however busy the session is.
		tok, _, err = a.Login(ctx, "admin@kombit.dk", pw, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		for range int(app.AbsoluteTimeout / time.Hour) {
			clk.add(time.Hour)
			_, err = a.SessionIdentity(ctx, tok)
		}
		wantCode(t, "session past absolute expiry", err, app.CodeUnauthenticated)

		// Logout.
		tok, _, _ = a.Login(ctx, "admin@kombit.dk", pw, "10.0.0.1", "test")
		if _, err := a.Logout(ctx, tok); err != nil {
			t.Fatal(err)
		}
		_, err = a.SessionIdentity(ctx, tok)
		wantCode(t, "after logout", err, app.CodeUnauthenticated)
		_, err = a.SessionIdentity(ctx, "udrul_s_forged")
		wantCode(t, "forged session", err, app.CodeUnauthenticated)
	})
}

func TestLoginThrottling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, clk := newAuthApp(t, url)
		mustUser(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")

		for i := range app.MaxAccountFailures {
			_, _, err := a.Login(ctx, "pl@kk.dk", "forkert-kode", "10.0.0.2", "")
			wantCode(t, "wrong password "+string(rune('1'+i)), err, app.CodeUnauthenticated)
		}
		// Now even the right password is refused, with a clear Danish message.
		_, _, err := a.Login(ctx, "pl@kk.dk", pw, "10.0.0.3", "")
		wantCode(t, "throttled account", err, app.CodeThrottled)
		if msg := app.ErrorMessage(err); !strings.Contains(msg, "for mange mislykkede loginforsøg") || !strings.Contains(msg, "15 minutter") {
			t.Errorf("throttle message %q", msg)
		}
		// After the window it works again, and success clears the count.
		clk.add(app.ThrottleWindow + time.Second)
		if _, _, err := a.Login(ctx, "pl@kk.dk", pw, "10.0.0.3", ""); err != nil {
			t.Fatalf("after the window: %v", err)
		}

		// Per address: many accounts tried from one address.
		for i := range app.MaxIPFailures {
			a.Login(ctx, strings.Repeat("x", i+1)+"@example.dk", "forkert-kode", "10.9.9.9", "")
		}
		_, _, err = a.Login(ctx, "pl@kk.dk", pw, "10.9.9.9", "")
		wantCode(t, "throttled address", err, app.CodeThrottled)
		if _, _, err := a.Login(ctx, "pl@kk.dk", pw, "10.0.0.4", ""); err != nil {
			t.Errorf("another address is not throttled: %v", err)
		}
	})
}

func TestDeactivateAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, _ := newAuthApp(t, url)
		mustUser(t, a, "admin@kombit.dk", "Anne Admin", access.Admin, "kombit")
		mustUser(t, a, "lev@kmd.dk", "Lars Leverandør", access.Supplier, "kmd")
		_, admin, _ := a.Login(ctx, "admin@kombit.dk", pw, "10.0.0.1", "")
		stok, lev, err := a.Login(ctx, "lev@kmd.dk", pw, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		ptok, err := a.CreateAPIToken(ctx, lev.User.ID, "Script", "write", lev)
		if err != nil {
			t.Fatal(err)
		}
		if id, err := a.TokenIdentity(ctx, ptok); err != nil || id.User.ID != lev.User.ID || id.Method != "token" {
			t.Fatalf("token identity %+v %v", id, err)
		}
		toks, _ := a.APITokens(ctx, lev.User.ID)
		if len(toks) != 1 || toks[0].Name != "Script" || toks[0].Hint != ptok[len(ptok)-4:] || strings.Contains(fmt.Sprintf("%+v", toks[0]), ptok) {
			t.Errorf("tokens %+v", toks)
		}
		_, err = a.CreateAPIToken(ctx, lev.User.ID, "", "write", lev)
		wantCode(t, "token without name", err, app.CodeInvalid)

		// Revoke.
		if err := a.RevokeAPIToken(ctx, lev.User.ID, toks[0].ID); err != nil {
			t.Fatal(err)
		}
		_, err = a.TokenIdentity(ctx, ptok)
		wantCode(t, "revoked token", err, app.CodeUnauthenticated)
		wantCode(t, "revoke twice", a.RevokeAPIToken(ctx, lev.User.ID, toks[0].ID), app.CodeNotFound)

		// EnsureAPIToken is idempotent.
		for range 2 {
			if err := a.EnsureAPIToken(ctx, admin.User.ID, "demo", "demo-admin-token-123"); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, "someone else's token", a.EnsureAPIToken(ctx, lev.User.ID, "demo", "demo-admin-token-123"), app.CodeConflict)

		// Deactivation signs out and revokes.
		ptok, _ = a.CreateAPIToken(ctx, lev.User.ID, "Script 2", "write", lev)
		if _, err := a.UpdateUser(ctx, admin, lev.User.ID, app.UserChange{Name: "Lars Leverandør", Email: "lev@kmd.dk", Role: access.Supplier, Org: "kmd", Active: false}); err != nil {
			t.Fatal(err)
		}
		_, err = a.SessionIdentity(ctx, stok)
		wantCode(t, "session of a deactivated user", err, app.CodeUnauthenticated)
		_, err = a.TokenIdentity(ctx, ptok)
		wantCode(t, "token of a deactivated user", err, app.CodeUnauthenticated)
		_, _, err = a.Login(ctx, "lev@kmd.dk", pw, "10.0.0.1", "")
		wantCode(t, "login of a deactivated user", err, app.CodeUnauthenticated)

		// An administrator cannot lock themselves out.
		_, err = a.UpdateUser(ctx, admin, admin.User.ID, app.UserChange{Name: "Anne", Email: "admin@kombit.dk", Role: access.Observer, Org: "kombit", Active: true})
		wantCode(t, "self-demotion", err, app.CodeInvalid)

		// Password reset signs the user out.
		atok, _, _ := a.Login(ctx, "admin@kombit.dk", pw, "10.0.0.1", "")
		if err := a.SetPassword(ctx, admin.User.ID, "en-helt-ny-kode-1"); err != nil {
			t.Fatal(err)
		}
		_, err = a.SessionIdentity(ctx, atok)
		wantCode(t, "session after password reset", err, app.CodeUnauthenticated)
		if _, _, err := a.Login(ctx, "admin@kombit.dk", "en-helt-ny-kode-1", "10.0.0.1", ""); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
	})
}

func TestDelegation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, _ := newAuthApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}, {Code: "147", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		mustUser(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		mustUser(t, a, "mm@kk.dk", "Mads Medarbejder", access.Member, "101")
		mustUser(t, a, "th@kk.dk", "Tina Tovholder", access.Tovholder, "101-s01")
		mustUser(t, a, "pl@frb.dk", "Frede Projektleder", access.ProjectLead, "147")
		login := func(email string) *app.Identity {
			_, id, err := a.Login(ctx, email, pw, "10.0.0.1", "")
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		pl, mm, th, frb := login("pl@kk.dk"), login("mm@kk.dk"), login("th@kk.dk"), login("pl@frb.dk")
		plan, err := a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		krit := taskByKey(t, plan, "m-krit")
		var school, otherSchool app.TaskView
		for _, x := range plan.Tasks {
			switch x.InstitutionName {
			case "Skole A":
				school = x
			case "Skole B":
				otherSchool = x
			}
		}

		d, err := a.TaskDelegation(ctx, pl, krit.ID)
		if err != nil || !d.CanChange || d.Delegate != nil || len(d.Candidates) != 2 {
			t.Fatalf("delegation view for the project lead: %+v %v (want the lead and the member as candidates)", d, err)
		}
		if d, _ := a.TaskDelegation(ctx, mm, krit.ID); d.CanChange || d.Candidates != nil {
			t.Errorf("a member may not delegate: %+v", d)
		}

		// Refusals.
		_, err = a.DelegateToUser(ctx, mm, krit.ID, "mm@kk.dk")
		wantCode(t, "member delegating", err, app.CodeForbidden)
		_, err = a.DelegateToUser(ctx, frb, krit.ID, "pl@frb.dk")
		wantCode(t, "other municipality delegating", err, app.CodeForbidden)
		_, err = a.DelegateToUser(ctx, pl, krit.ID, "pl@frb.dk")
		wantCode(t, "delegating to another municipality", err, app.CodeInvalid)
		_, err = a.DelegateToUser(ctx, pl, krit.ID, "th@kk.dk")
		wantCode(t, "delegating a municipality task to a tovholder", err, app.CodeInvalid)
		_, err = a.DelegateToUser(ctx, pl, krit.ID, "ingen@kk.dk")
		wantCode(t, "delegating to nobody", err, app.CodeInvalid)
		_, err = a.DelegateToUser(ctx, th, otherSchool.ID, "th@kk.dk")
		wantCode(t, "tovholder delegating another school's task", err, app.CodeForbidden)

		// The lead delegates to the member, who then has it among their tasks.
		d, err = a.DelegateToUser(ctx, pl, krit.ID, "MM@kk.dk")
		if err != nil || d.Delegate == nil || d.Delegate.Name != "Mads Medarbejder" {
			t.Fatalf("delegate: %+v %v", d, err)
		}
		mine, err := a.MyTasks(ctx, mm.User.ID, date("2027-02-01"))
		if err != nil || len(mine) != 1 || mine[0].ID != krit.ID || mine[0].Municipality != "101" || mine[0].Colour != model.Yellow {
			t.Errorf("member's tasks: %+v %v", mine, err)
		}
		scope, ok, err := a.TaskScope(ctx, krit.ID)
		if err != nil || !ok || scope.DelegateID != mm.User.ID || !access.ChangeTask(mm.Subject, scope) {
			t.Errorf("scope after delegation %+v %v %v", scope, ok, err)
		}
		// The tovholder delegates their school's task to themselves.
		if _, err := a.DelegateToUser(ctx, th, school.ID, "th@kk.dk"); err != nil {
			t.Errorf("tovholder delegating own school's task: %v", err)
		}
		// History tells who delegated to whom.
		_, hist, _ := a.Task(ctx, nil, krit.ID, date("2027-02-01"))
		if len(hist) != 1 || hist[0].Kind != app.EventDelegation || hist[0].Actor != "Pia Projektleder (København)" ||
			hist[0].Comment != "Delegeret til Mads Medarbejder (København)" {
			t.Errorf("history %+v", hist)
		}
		// Someone who still sees the task undelegated may not overwrite the
		// delegation made meanwhile; with what is current, they may.
		nobody, member := "", "MM@kk.dk"
		_, err = a.DelegateToUserIf(ctx, pl, krit.ID, "th@kk.dk", &nobody)
		wantCode(t, "delegating over a delegation made meanwhile", err, app.CodeConflict)
		if scope, _, _ := a.TaskScope(ctx, krit.ID); scope.DelegateID != mm.User.ID {
			t.Errorf("a refused delegation changed the delegate to %d", scope.DelegateID)
		}
		// Taking it back.
		if _, err := a.DelegateToUserIf(ctx, pl, krit.ID, "", &member); err != nil {
			t.Fatal(err)
		}
		_, err = a.DelegateToUserIf(ctx, pl, krit.ID, "mm@kk.dk", &member)
		wantCode(t, "delegating with a delegate that was taken back meanwhile", err, app.CodeConflict)
		if mine, _ := a.MyTasks(ctx, mm.User.ID, date("2027-02-01")); len(mine) != 0 {
			t.Errorf("after taking back: %+v", mine)
		}
		// Moving a user to another organisation ends their delegations.
		a.DelegateToUser(ctx, pl, krit.ID, "mm@kk.dk")
		if _, err := a.UpdateUser(ctx, nil, mm.User.ID, app.UserChange{Name: "Mads Medarbejder", Email: "mm@kk.dk", Role: access.Member, Org: "147", Active: true}); err != nil {
			t.Fatal(err)
		}
		if mine, _ := a.MyTasks(ctx, mm.User.ID, date("2027-02-01")); len(mine) != 0 {
			t.Errorf("after moving: %+v", mine)
		}
	})
}

// The organisation list counts a municipality's institutions and the users
// of the municipality and its institutions together.
func TestOrganisationListCountsInstitutionsAndUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		if err := a.EnsureCentralOrganisations(ctx); err != nil {
			t.Fatal(err)
		}
		for _, u := range []app.NewUser{
			{Email: "pl@kk.example", Name: "PL", Role: access.ProjectLead, Org: "101"},
			{Email: "tov@kk.example", Name: "Tov", Role: access.Tovholder, Org: "101-s02"},
			{Email: "k@kombit.example", Name: "K", Role: access.Coordinator, Org: "kombit"},
		} {
			if _, err := a.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		os, err := a.OrganisationList(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, o := range os {
			got[o.Code] = [2]int{o.Institutions, o.Users}
		}
		if got["101"] != [2]int{2, 2} || got["147"] != [2]int{0, 0} || got["kombit"][1] != 1 {
			t.Errorf("(institutions, users): 101 %v, 147 %v, kombit %v", got["101"], got["147"], got["kombit"])
		}
		if _, listed := got["101-s01"]; listed {
			t.Error("institutions are listed as organisations of their own")
		}
	})
}

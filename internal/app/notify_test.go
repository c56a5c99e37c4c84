package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/notify/notifytest"
	"github.com/udrul/udrul/internal/store/storetest"
)

// fclock is a settable fclock shared by the apps of a test.
type fclock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fclock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fclock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
func (c *fclock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// at is noon Danish time on day (winter time: UTC+1).
func at(day model.Date) time.Time { return day.Time().Add(11 * time.Hour) }

// followupApp is newApp with a settable fclock and a central organisation
// (KOMBIT); more apps on the same database (other "servers") come from open.
type followupApp struct {
	*app.App
	url    string
	fclock *fclock
}

func newFollowupApp(t *testing.T, url string) *followupApp {
	t.Helper()
	c := &fclock{t: time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)}
	base := newApp(t, url) // loads the municipalities
	_ = base
	f := &followupApp{url: url, fclock: c}
	f.App = f.open(t)
	if err := f.EnsureCentralOrganisations(context.Background()); err != nil {
		t.Fatal(err)
	}
	return f
}

// open returns another App on the same database: another server.
func (f *followupApp) open(t *testing.T) *app.App {
	t.Helper()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(storetest.Open(t, f.url), im, slog.New(slog.NewTextHandler(io.Discard, nil)), f.fclock.Now)
	a.SetNotifyConfig(app.NotifyConfig{BaseURL: "https://udrul.example"})
	return a
}

// recipient creates a user of org (a municipality code, or kombit for a
// central coordinator) with an e-mail preference (app.Preference("") keeps
// the role's default).
func (f *followupApp) recipient(t *testing.T, email, org string, pref app.Preference) app.NotifySettings {
	t.Helper()
	ctx := context.Background()
	role := access.ProjectLead
	if org == "kombit" {
		role = access.Coordinator
	}
	u, err := f.CreateUser(ctx, app.NewUser{Email: email, Name: "Navn " + strings.Split(email, "@")[0], Role: role, Org: org})
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	if pref == "" {
		s, err := f.NotifySettingsOf(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s, err := f.SetNotifySettings(ctx, nil, u.ID, app.NotifyInput{Preference: pref})
	if err != nil {
		t.Fatalf("preference of %s: %v", email, err)
	}
	return s
}

func (f *followupApp) sender(srv *notifytest.Server) *notify.Sender {
	return f.senderFor(f.App, srv, "")
}

func (f *followupApp) senderFor(a *app.App, srv *notifytest.Server, owner string) *notify.Sender {
	return &notify.Sender{Outbox: a.MailOutbox(), Owner: owner, Batch: 4, Now: f.fclock.Now,
		Transport: &notify.SMTP{Addr: srv.Addr, From: mail.Address{Name: "udrul", Address: "udrul@kombit.example"}, TLS: notify.TLSNone, Timeout: 5 * time.Second}}
}

func outboxOf(t *testing.T, a *app.App, states ...string) []model.OutboxMessage {
	t.Helper()
	v, err := a.Outbox(context.Background(), states, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return v.Messages
}

func drain(t *testing.T, s *notify.Sender) notify.Result {
	t.Helper()
	var total notify.Result
	for range 100 {
		r, err := s.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		total.Sent += r.Sent
		total.Retry += r.Retry
		total.GivenUp += r.GivenUp
		if r.Claimed == 0 {
			return total
		}
	}
	t.Fatal("the outbox never emptied")
	return total
}

func TestPublicationMailsEachAffectedLeadOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url)
		publish(t, f.App, "testdata/mini-v1.yaml")
		if _, err := f.Enrol(ctx, app.System(
			"k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1},
			{Code: "147", GoLive: date("2027-04-05"), Wave: 2}}); err != nil {
			t.Fatal(err)
		}
		lead101 := f.recipient(t, "Leder@Kk.example", "101", "") // a project lead's default: at once
		f.recipient(t, "leder@frb.example", "147", app.Daily)
		f.recipient(t, "leder@ballerup.example", "151", app.Immediately) // not enrolled
		f.recipient(t, "koordinator@kombit.example", "kombit", app.Immediately)
		f.recipient(t, "fravalgt@kk.example", "101", app.Never)
		if lead101.Email != "leder@kk.example" {
			t.Errorf("address stored as %q; want it in lower case", lead101.Email)
		}

		publish(t, f.App, "testdata/mini-v2.yaml")
		ms := outboxOf(t, f.App)
		if len(ms) != 1 {
			t.Fatalf("outbox has %d messages, want 1 (the lead of 101, who wants mail at once): %+v", len(ms), ms)
		}
		m, err := f.OutboxMessage(ctx, ms[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.ToAddress != "leder@kk.example" || m.EventKey != "udgivelse:mini:2" || m.State != "afventer" {
			t.Errorf("message: to %s, event %s, state %s", m.ToAddress, m.EventKey, m.State)
		}
		for _, want := range []string{"Mini-programmet: 4 nye eller ændrede opgaver i planen for København (katalogversion 2)"} {
			if m.Subject != want {
				t.Errorf("subject = %q, want %q", m.Subject, want)
			}
		}
		for _, want := range []string{
			"Nye opgaver:\n- Gennemfør parathedsmåling (m-ny), obligatorisk; frist ",
			"- Indgå databehandleraftale (m-krit), obligatorisk på kritisk vej; ændret: slutdato; frist ",
			"- Udarbejd kommunikationsplan (m-obl), obligatorisk; ændret: beskrivelse; frist ",
			"Trukket tilbage (skal ikke længere løses):\n- Overvej tilkøb af uddannelse (m-valg)\n",
			"Se planen: https://udrul.example/programmes/mini/municipalities/101",
		} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("body lacks %q:\n%s", want, m.Body)
			}
		}
		// Publishing the same file again changes nothing and mails nobody.
		publish(t, f.App, "testdata/mini-v2.yaml")
		if n := len(outboxOf(t, f.App)); n != 1 {
			t.Errorf("after an unchanged publication the outbox has %d messages", n)
		}
		// The preview shows the same mail.
		p, err := f.PreviewPublication(ctx, "mini", 2, lead101.UserID)
		if err != nil || p.Body != m.Body || p.Subject != m.Subject {
			t.Errorf("preview differs from the message sent (%v)", err)
		}

		srv := notifytest.Start(t)
		if r := drain(t, f.sender(srv)); r.Sent != 1 {
			t.Errorf("sent %d, want 1", r.Sent)
		}
		got := srv.Messages()
		if len(got) != 1 || got[0].To[0] != "leder@kk.example" || got[0].Body != m.Body || got[0].Subject != m.Subject {
			t.Fatalf("server received %+v", got)
		}
		if ms := outboxOf(t, f.App, "sendt"); len(ms) != 1 || ms[0].SentAt.IsZero() {
			t.Errorf("sent messages: %+v", ms)
		}
	})
}

func TestDigestReportsTasksThatTurnedYellowOrRed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url)
		publish(t, f.App, "testdata/mini-v1.yaml")
		if _, err := f.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		lead := f.recipient(t, "leder@kk.example", "101", app.Daily)
		weekly := f.recipient(t, "ugen@kk.example", "101", app.Weekly)
		coord := f.recipient(t, "koordinator@kombit.example", "kombit", app.Immediately)
		cal := f.Calendar()
		plan, err := f.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		obl, krit := taskByKey(t, plan, "m-obl"), taskByKey(t, plan, "m-krit")
		// day1: the first day m-obl (not started, mandatory) is yellow.
		day1 := cal.AddWorkingDays(obl.End, -3)
		if cal.WarnUntil(day1, 3) < obl.End || cal.WarnUntil(cal.AddWorkingDays(day1, -1), 3) >= obl.End {
			t.Fatalf("test setup: m-obl (end %s) does not turn yellow on %s", obl.End, day1)
		}
		// m-krit is completed before day1 and reopened after it: it ended
		// before day1, so reopening turns it red.
		f.fclock.Set(at(day1).Add(-48 * time.Hour))
		if _, err := f.SetStatus(ctx, app.System("leder"), krit.ID, app.StatusChange{Status: model.Completed, Version: krit.Version}); err != nil {
			t.Fatal(err)
		}
		f.fclock.Set(at(day1))
		r, err := f.RunDigest(ctx, app.DigestDaily, day1)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Made || r.Recipients != 2 || r.Messages != 2 || r.From != cal.AddWorkingDays(day1, -1) {
			t.Errorf("first digest: %+v; want made for 2 recipients, 2 messages, from the working day before", r)
		}
		ms := outboxOf(t, f.App)
		byTo := map[string]model.OutboxMessage{}
		for _, m := range ms {
			full, _ := f.OutboxMessage(ctx, m.ID)
			byTo[m.ToAddress] = full
		}
		if m := byTo["leder@kk.example"]; !strings.Contains(m.Body, "Blevet gule:\n- "+obl.End.Danish()+" Udarbejd kommunikationsplan (m-obl)") ||
			strings.Contains(m.Body, "Blevet røde") || m.EventKey != "sammendrag:dagligt:"+day1.String() {
			t.Errorf("lead's digest (%s):\n%s", m.EventKey, m.Body)
		}
		if m := byTo["koordinator@kombit.example"]; !strings.Contains(m.Body, "- København (101, Bølge 1): 1 gule") {
			t.Errorf("coordinator's digest:\n%s", m.Body)
		}
		if _, ok := byTo["ugen@kk.example"]; ok {
			t.Error("the weekly recipient got the daily digest")
		}
		// Another server making the same digest makes nothing.
		other := f.open(t)
		if r, err := other.RunDigest(ctx, app.DigestDaily, day1); err != nil || r.Made {
			t.Errorf("second run of the same digest: %+v, %v", r, err)
		}
		if n := len(outboxOf(t, f.App)); n != 2 {
			t.Errorf("outbox has %d messages after the second run, want 2", n)
		}

		// Reopen m-krit after the first digest; publish v2 (the lead wants
		// it in the digest) and let a week pass.
		f.fclock.Set(at(day1).Add(2 * time.Hour))
		krit2, _, _ := f.Task(ctx, nil, krit.ID, day1)
		if _, err := f.SetStatus(ctx, app.System("leder"), krit.ID, app.StatusChange{Status: model.NotStarted, Version: krit2.Version}); err != nil {
			t.Fatal(err)
		}
		publish(t, f.App, "testdata/mini-v2.yaml")
		if n := len(outboxOf(t, f.App)); n != 2 {
			t.Errorf("the publication mailed a daily-digest recipient at once (%d messages)", n)
		}
		day2 := cal.AddWorkingDays(day1, 2)
		f.fclock.Set(at(day2))
		preview, err := f.PreviewDigest(ctx, lead.UserID, app.DigestDaily, day2)
		if err != nil {
			t.Fatal(err)
		}
		r, err = f.RunDigest(ctx, app.DigestDaily, day2)
		if err != nil || r.From != day1 || r.Messages != 2 {
			t.Fatalf("second digest: %+v, %v; want from %s and 2 messages", r, err, day1)
		}
		var leadMsg model.OutboxMessage
		for _, m := range outboxOf(t, f.App) {
			if m.ToAddress == "leder@kk.example" && m.EventKey == "sammendrag:dagligt:"+day2.String() {
				leadMsg, _ = f.OutboxMessage(ctx, m.ID)
			}
		}
		if leadMsg.Body != preview.Body {
			t.Errorf("preview and digest differ:\n%s\n---\n%s", preview.Body, leadMsg.Body)
		}
		krit3, _, _ := f.Task(ctx, nil, krit.ID, day2)
		for _, want := range []string{
			"Blevet røde:\n- " + krit3.End.Danish() + " Indgå databehandleraftale (m-krit) – på kritisk vej",
			"Katalogversion 2, udgivet",
			"Nye opgaver:\n- Gennemfør parathedsmåling (m-ny)",
		} {
			if !strings.Contains(leadMsg.Body, want) {
				t.Errorf("second digest lacks %q:\n%s", want, leadMsg.Body)
			}
		}
		// The publication was reported once: the next digest has no news of it.
		day3 := cal.AddWorkingDays(day2, 1)
		p3, _ := f.PreviewDigest(ctx, lead.UserID, app.DigestDaily, day3)
		if strings.Contains(p3.Body, "Katalogversion 2") {
			t.Errorf("the publication is reported again:\n%s", p3.Body)
		}
		// The weekly recipient's digest covers the week and the publication.
		monday := day2
		for monday.Weekday() != time.Monday {
			monday++
		}
		pw, err := f.PreviewDigest(ctx, weekly.UserID, app.DigestWeekly, monday)
		if err != nil || !strings.Contains(pw.Body, "Katalogversion 2") || !strings.Contains(pw.Subject, "ugentligt sammendrag") {
			t.Errorf("weekly preview (%v):\n%s\n%s", err, pw.Subject, pw.Body)
		}
		_ = coord
		if _, err := f.RunDigest(ctx, "hver time", day3); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("unknown digest kind: %v", err)
		}
	})
}

func TestRunDueDigests(t *testing.T) {
	ctx := context.Background()
	f := newFollowupApp(t, storetest.SQLiteURL(t))
	f.recipient(t, "koordinator@kombit.example", "kombit", app.Daily)
	monday := date("2027-03-01")
	f.fclock.Set(monday.Time().Add(4 * time.Hour)) // 05:00 Danish time: too early
	if rs, err := f.RunDueDigests(ctx); err != nil || len(rs) != 0 {
		t.Errorf("before 06:00: %+v, %v", rs, err)
	}
	f.fclock.Set(monday.Time().Add(6 * time.Hour)) // 07:00
	rs, err := f.RunDueDigests(ctx)
	if err != nil || len(rs) != 2 || !rs[0].Made || !rs[1].Made || rs[1].Kind != app.DigestWeekly {
		t.Errorf("Monday 07:00: %+v, %v; want the daily and the weekly digest made", rs, err)
	}
	rs, _ = f.RunDueDigests(ctx)
	if len(rs) != 2 || rs[0].Made || rs[1].Made {
		t.Errorf("again: %+v; want nothing made", rs)
	}
	f.fclock.Set(date("2027-03-06").Time().Add(8 * time.Hour)) // Saturday
	if rs, _ := f.RunDueDigests(ctx); len(rs) != 0 {
		t.Errorf("Saturday: %+v", rs)
	}
}

// queue publishes a change that mails n project leads of København at once.
func queue(t *testing.T, f *followupApp, n int) {
	t.Helper()
	publish(t, f.App, "testdata/mini-v1.yaml")
	if _, err := f.Enrol(context.Background(), app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		f.recipient(t, "leder"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+"@kk.example", "101", app.Immediately)
	}
	publish(t, f.App, "testdata/mini-v2.yaml")
	if got := len(outboxOf(t, f.App)); got != n {
		t.Fatalf("queued %d messages, want %d", got, n)
	}
}

func TestTwoSendersDeliverEachMessageExactlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		const n = 40
		f := newFollowupApp(t, url)
		queue(t, f, n)
		srv := notifytest.Start(t)
		srv.Delay(2 * time.Millisecond) // widen the window for overlap
		// Two servers: separate connections to the same database, each
		// with its own sender.
		s1 := f.senderFor(f.open(t), srv, "server-1")
		s2 := f.senderFor(f.open(t), srv, "server-2")
		var wg sync.WaitGroup
		sent := make([]int, 2)
		for i, s := range []*notify.Sender{s1, s2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					r, err := s.RunOnce(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					sent[i] += r.Sent
					if r.Claimed == 0 {
						return
					}
				}
			}()
		}
		wg.Wait()
		got := srv.Messages()
		ids := map[string]int{}
		for _, m := range got {
			ids[m.MessageID]++
		}
		if len(got) != n || len(ids) != n {
			t.Errorf("server received %d messages with %d distinct ids; want %d each once", len(got), len(ids), n)
		}
		for id, k := range ids {
			if k != 1 {
				t.Errorf("%s delivered %d times", id, k)
			}
		}
		if sent[0]+sent[1] != n || sent[0] == 0 || sent[1] == 0 {
			t.Logf("sender 1 sent %d, sender 2 sent %d", sent[0], sent[1])
		}
		if sent[0]+sent[1] != n {
			t.Errorf("senders report %d sent, want %d", sent[0]+sent[1], n)
		}
		if ms := outboxOf(t, f.App, "sendt"); len(ms) != n {
			t.Errorf("%d messages marked sendt, want %d", len(ms), n)
		}
	})
}

func TestFailingMailServerIsRetriedAndNeverBlocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url)
		srv := notifytest.Start(t)
		srv.Stop() // the mail server is down
		queue(t, f, 3)
		s := f.sender(srv)
		r, err := s.RunOnce(ctx)
		if err != nil || r.Sent != 0 || r.Retry != 1 || r.Deferred != 2 {
			t.Errorf("with the server down: %+v, %v; want one attempt and the rest handed back untried", r, err)
		}
		drain(t, s) // the others get their first attempt
		// Status changes and publications go on.
		plan, _ := f.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		obl := taskByKey(t, plan, "m-obl")
		if _, err := f.SetStatus(ctx, app.System("leder"), obl.ID, app.StatusChange{Status: model.Started, Version: obl.Version}); err != nil {
			t.Fatalf("status change with the mail server down: %v", err)
		}
		waiting := outboxOf(t, f.App, "afventer")
		if len(waiting) != 3 {
			t.Fatalf("%d messages waiting, want 3", len(waiting))
		}
		for _, m := range waiting {
			if m.Attempts != 1 || m.LastError == "" || !m.NextAttemptAt.Equal(f.fclock.Now().Add(time.Minute).Truncate(time.Microsecond)) {
				t.Errorf("waiting message: %d attempts, error %q, next attempt %s (now %s)", m.Attempts, m.LastError, m.NextAttemptAt, f.fclock.Now())
			}
		}

		// The server comes back, but refuses one message once more.
		srv2 := notifytest.Start(t)
		srv2.FailNext(1, 451)
		s = f.sender(srv2)
		if r := drain(t, s); r.Sent+r.Retry != 0 {
			t.Errorf("tried before the back-off passed: %+v", r)
		}
		f.fclock.Advance(time.Minute)
		if r := drain(t, s); r.Sent != 2 || r.Retry != 1 {
			t.Errorf("after one minute: %+v; want 2 sent and 1 put back", r)
		}
		f.fclock.Advance(2 * time.Minute)
		if r := drain(t, s); r.Sent != 1 {
			t.Errorf("after three minutes: %+v; want the last one sent", r)
		}
		if n := len(srv2.Messages()); n != 3 {
			t.Errorf("server received %d messages, want 3", n)
		}
		if ms := outboxOf(t, f.App, "sendt"); len(ms) != 3 {
			t.Errorf("%d sent, want 3", len(ms))
		}
	})
}

func TestCrashedSendersLeaseRunsOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url)
		queue(t, f, 1)
		srv := notifytest.Start(t)
		// Server 1 claims the message and dies before sending.
		claimed, err := f.MailOutbox().Claim(ctx, "server-1", 10, 5*time.Minute)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v, %v", claimed, err)
		}
		s2 := f.senderFor(f.open(t), srv, "server-2")
		if r := drain(t, s2); r.Sent != 0 {
			t.Errorf("server 2 sent a message under server 1's lease")
		}
		ms := outboxOf(t, f.App, "sender")
		if len(ms) != 1 || ms[0].ClaimedBy != "server-1" {
			t.Errorf("claimed messages: %+v", ms)
		}
		f.fclock.Advance(6 * time.Minute)
		if r := drain(t, s2); r.Sent != 1 {
			t.Errorf("after the lease: %+v; want it sent", r)
		}
		// Server 1 wakes up: its claim is gone, it writes nothing.
		if held, err := f.MailOutbox().Sent(ctx, claimed[0].ID, "server-1"); err != nil || held {
			t.Errorf("stale sender's Sent = %v, %v; want false", held, err)
		}
		m, _ := f.OutboxMessage(ctx, claimed[0].ID)
		if m.State != "sendt" || m.Attempts != 2 || len(srv.Messages()) != 1 {
			t.Errorf("message %s after %d attempts, server has %d", m.State, m.Attempts, len(srv.Messages()))
		}
	})
}

func TestGivenUpMessagesAreVisibleAndRetryable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url)
		queue(t, f, 1)
		srv := notifytest.Start(t)
		srv.FailNext(1, 550) // mailbox unavailable: permanent
		drain(t, f.sender(srv))
		failed := outboxOf(t, f.App, "fejlet")
		if len(failed) != 1 || !strings.Contains(failed[0].LastError, "550") {
			t.Fatalf("failed messages: %+v", failed)
		}
		v, _ := f.Outbox(ctx, nil, 0)
		if v.Counts["fejlet"] != 1 {
			t.Errorf("counts: %v", v.Counts)
		}
		if _, err := f.RetryOutboxMessage(ctx, nil, failed[0].ID); err != nil {
			t.Fatal(err)
		}
		drain(t, f.sender(srv))
		if m, _ := f.OutboxMessage(ctx, failed[0].ID); m.State != "sendt" {
			t.Errorf("after retry: %s", m.State)
		}
		if _, err := f.RetryOutboxMessage(ctx, nil, failed[0].ID); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("retrying a sent message: %v", err)
		}
		if _, err := f.Outbox(ctx, []string{"tabt"}, 0); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("unknown state: %v", err)
		}
	})
}

func TestNotifySettings(t *testing.T) {
	ctx := context.Background()
	f := newFollowupApp(t, storetest.SQLiteURL(t))
	publish(t, f.App, "testdata/mini-v1.yaml")
	lead := f.recipient(t, "leder@kk.example", "101", "")
	coord := f.recipient(t, "koordinator@kombit.example", "kombit", "")
	if lead.Preference != app.Immediately || !lead.Default || coord.Preference != app.Never || !coord.Default {
		t.Errorf("defaults: lead %s (%v), coordinator %s (%v); want straks and aldrig", lead.Preference, lead.Default, coord.Preference, coord.Default)
	}
	for _, tc := range []struct {
		name  string
		in    app.NotifyInput
		field string
		code  app.Code
	}{
		{"bad preference", app.NotifyInput{Preference: "hver time"}, "preference", app.CodeInvalid},
		{"unknown programme", app.NotifyInput{Preference: app.Daily, Programmes: []string{"mini", "ksd"}}, "programmes[1]", app.CodeInvalid},
		{"stale version", app.NotifyInput{Preference: app.Daily, Version: 3}, "version", app.CodeConflict},
	} {
		_, err := f.SetNotifySettings(ctx, nil, lead.UserID, tc.in)
		var ae *app.Error
		if !errorsAs(err, &ae) || ae.Code != tc.code || ae.Field != tc.field {
			t.Errorf("%s: %v; want %s naming %s", tc.name, err, tc.code, tc.field)
		}
	}
	s, err := f.SetNotifySettings(ctx, nil, lead.UserID, app.NotifyInput{Preference: app.Weekly, Programmes: []string{"mini"}})
	if err != nil || s.Preference != app.Weekly || s.Default || len(s.Programmes) != 1 || s.Version != 1 {
		t.Errorf("set: %+v, %v", s, err)
	}
	if _, err := f.SetNotifySettings(ctx, nil, lead.UserID, app.NotifyInput{Preference: app.Daily}); app.ErrorCode(err) != app.CodeConflict {
		t.Errorf("change based on the default after a change: %v; want conflict", err)
	}
	if s, err := f.SetNotifySettings(ctx, nil, lead.UserID, app.NotifyInput{Preference: app.Daily, Version: 1}); err != nil || s.Version != 2 || len(s.Programmes) != 0 {
		t.Errorf("second change: %+v, %v", s, err)
	}
	// Users change their own settings; administrators anyone's.
	leadID, _ := f.IdentityByEmail(ctx, "leder@kk.example")
	coordID, _ := f.IdentityByEmail(ctx, "koordinator@kombit.example")
	if _, err := f.SetNotifySettings(ctx, leadID, coord.UserID, app.NotifyInput{Preference: app.Daily}); app.ErrorCode(err) != app.CodeForbidden {
		t.Errorf("a lead changing a coordinator's settings: %v", err)
	}
	if _, err := f.SetNotifySettings(ctx, coordID, coord.UserID, app.NotifyInput{Preference: app.Daily}); err != nil {
		t.Errorf("own settings: %v", err)
	}
	if _, err := f.SetNotifySettings(ctx, nil, 9999, app.NotifyInput{Preference: app.Daily}); app.ErrorCode(err) != app.CodeNotFound {
		t.Errorf("unknown user: %v", err)
	}
	all, err := f.NotifyRecipients(ctx)
	if err != nil || len(all) != 2 {
		t.Errorf("recipients: %d, %v", len(all), err)
	}
}

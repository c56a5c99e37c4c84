package app_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/store/storetest"
)

// The handbook is mailed to the project lead once from 30 days before
// go-live, again only when the plan changes, listing what changed; the
// versions are kept and shown on the handbook.
func TestHandbookDeliveredOnceAndOnChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url) // 2027-01-04
		publish(t, f.App, "testdata/mini-v1.yaml")
		if _, err := f.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1},
			{Code: "147", GoLive: date("2027-04-05"), Wave: 2}}); err != nil {
			t.Fatal(err)
		}
		f.recipient(t, "leder@kk.example", "101", "")
		f.recipient(t, "leder@frb.example", "147", "")
		run := func() app.HandbookRun {
			t.Helper()
			r, err := f.RunDueHandbooks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		handbookMails := func() []string {
			var out []string
			for _, m := range outboxOf(t, f.App) {
				if m.Kind == app.KindHandbook {
					out = append(out, m.EventKey)
				}
			}
			return out
		}
		if r := run(); r.Sent != 0 {
			t.Fatalf("sent %+v 56 days before go-live", r)
		}
		f.fclock.Set(time.Date(2027, 1, 30, 4, 0, 0, 0, time.UTC)) // 05:00 in Denmark: before the hour mail is made
		if r := run(); r.Sent != 0 {
			t.Fatalf("sent %+v before the digest hour", r)
		}
		f.fclock.Set(time.Date(2027, 1, 30, 9, 0, 0, 0, time.UTC))
		if r := run(); r.Sent != 1 || r.Mails != 1 {
			t.Fatalf("on 30.01.2027: %+v, want version 1 of 101's handbook to its lead", r)
		}
		if r := run(); r.Sent != 0 {
			t.Fatalf("a second run sent %+v", r)
		}
		if got := handbookMails(); len(got) != 1 || got[0] != "håndbog:mini:101:1" {
			t.Fatalf("handbook mails: %q", got)
		}
		h, err := f.Handbook(ctx, app.System("test"), "mini", "101", date("2027-01-30"))
		if err != nil {
			t.Fatal(err)
		}
		if !h.Sent || h.Version != 1 || len(h.Versions) != 1 || h.Versions[0].Late || h.Versions[0].Recipients != 1 {
			t.Fatalf("handbook: sent %v version %d versions %+v", h.Sent, h.Version, h.Versions)
		}

		// The plan changes: a new catalogue version. The next run sends version 2 with the changes.
		f.fclock.Set(time.Date(2027, 2, 2, 9, 0, 0, 0, time.UTC))
		publish(t, f.App, "testdata/mini-v2.yaml")
		h, err = f.Handbook(ctx, app.System("test"), "mini", "101", date("2027-02-02"))
		if err != nil {
			t.Fatal(err)
		}
		if h.Sent || h.Version != 2 || len(h.Pending) == 0 {
			t.Fatalf("after a change: sent %v version %d pending %q", h.Sent, h.Version, h.Pending)
		}
		if r := run(); r.Sent != 1 {
			t.Fatalf("after the change: %+v", r)
		}
		run()
		if got := handbookMails(); len(got) != 2 {
			t.Fatalf("handbook mails: %q", got)
		}
		var body string
		for _, m := range outboxOf(t, f.App) {
			if m.EventKey == "håndbog:mini:101:2" {
				full, err := f.OutboxMessage(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				body = full.Body
			}
		}
		for _, want := range []string{"Her er version 2.", "Ændret siden version 1:\n- ", "https://udrul.example/programmes/mini/municipalities/101/haandbog"} {
			if !strings.Contains(body, want) {
				t.Errorf("version 2's mail lacks %q:\n%s", want, body)
			}
		}
		h, _ = f.Handbook(ctx, app.System("test"), "mini", "101", date("2027-02-02"))
		if !h.Sent || h.Version != 2 || len(h.Versions) != 2 || h.Versions[0].Version != 2 || len(h.Versions[0].Changes) == 0 {
			t.Fatalf("after version 2: %+v", h.Versions)
		}

		// After go-live nothing more is sent.
		f.fclock.Set(time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC))
		if r := run(); r.Checked != 0 {
			t.Errorf("after go-live: %+v", r)
		}

		// A municipality not enrolled: 404 naming the field.
		_, err = f.Handbook(ctx, app.System("test"), "mini", "151", date("2027-02-02"))
		var e *app.Error
		if !errorsAs(err, &e) || e.Code != app.CodeNotFound || e.Field != "code" {
			t.Errorf("not enrolled: %v", err)
		}
	})
}

// The handbook's PDF reads back with a real reader: its text is
// extractable, Danish letters intact, and every task of the plan is in it.
func TestHandbookPDFHasEveryTask(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url)
		publish(t, f.App, "testdata/mini-v1.yaml")
		if _, err := f.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		f.recipient(t, "søren@kk.example", "101", "")
		h, err := f.Handbook(ctx, app.System("test"), "mini", "101", date("2027-01-04"))
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := h.PDF()
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "h.pdf")
		if err := os.WriteFile(file, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").CombinedOutput()
		if err != nil {
			t.Fatalf("pdftotext: %v\n%s", err, out)
		}
		text := strings.Join(strings.Fields(string(out)), " ") // table cells wrap
		want := []string{"Implementeringshåndbog for København", "Indhold", "Forberedelse", "Succeskriterium", "Kontaktpersoner",
			"søren@kk.example", "Version 1 (udkast, ikke sendt)"}
		for _, p := range h.Phases {
			for _, x := range p.Tasks {
				want = append(want, x.Title)
			}
		}
		if len(want) < 10 {
			t.Fatalf("only %d tasks in the plan", len(want)-7)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("the PDF's text has no %q", w)
			}
		}
		pages := strings.Count(string(out), "\f")
		if n := strings.Count(text, "Side "); n != pages {
			t.Errorf("%d page footers on %d pages", n, pages)
		}
	})
}

// Two servers sending the due handbooks at the same moment send each
// version once: the version number is unique per plan, and the loser's
// transaction rolls back.
func TestHandbookSentOnceByTwoServers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		f := newFollowupApp(t, url)
		publish(t, f.App, "testdata/mini-v1.yaml")
		if _, err := f.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		f.recipient(t, "leder@kk.example", "101", "")
		f.recipient(t, "leder2@kk.example", "101", "")
		other := f.open(t)
		errs := make(chan error, 2)
		for _, a := range []*app.App{f.App, other} {
			go func() {
				_, err := a.SendHandbooks(ctx, date("2027-02-01"))
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		h, err := f.Handbook(ctx, app.System("test"), "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range outboxOf(t, f.App) {
			if m.Kind == app.KindHandbook {
				n++
			}
		}
		if len(h.Versions) != 1 || n != 2 {
			t.Errorf("%d versions and %d mails, want 1 version to 2 leads", len(h.Versions), n)
		}
	})
}

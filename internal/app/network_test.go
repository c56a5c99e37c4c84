package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/announce"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// A network meeting's invitations go out by themselves four weeks before
// the meeting (SendDueMeetingInvitations, called every minute by the
// servers): not a day earlier, and only once.
func TestMeetingInvitationsGoOutFourWeeksBefore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		newWaveApp(t, url)
		start, _ := model.ParseDate("2026-12-07")
		f := &followupApp{url: url, fclock: &fclock{t: at(start)}}
		f.App = f.open(t)
		if err := f.EnsureCentralOrganisations(ctx); err != nil {
			t.Fatal(err)
		}
		aarhus := codeOf(t, f.App, "Aarhus")
		if _, err := f.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: aarhus, GoLive: start.AddDays(100), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		f.recipient(t, "leder@aarhus.example", aarhus, app.Never) // an invitation is not subject to the mail setting
		if _, err := f.CreateUser(ctx, app.NewUser{Email: "ejer@aarhus.example", Name: "Ejer", Role: access.Member, Org: aarhus}); err != nil {
			t.Fatal(err)
		}
		day := start.AddDays(40)
		m, err := f.CreateMeeting(ctx, app.System("Koordinator"), announce.MeetingDraft{Programme: "mini", Title: "Netværksmøde", Day: day,
			Starts: "10:00", Ends: "15:00", Places: []announce.PlaceDraft{{Name: "Odense", Address: "Flakhaven 2", Capacity: 10}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.RegisterForMeeting(ctx, app.System("test"), m.ID, aarhus,
			app.RegistrationInput{Place: m.Places[0].ID, Lead: "leder@aarhus.example", Owner: "ejer@aarhus.example"}); err != nil {
			t.Fatal(err)
		}
		due := announce.InvitationDay(day)
		f.fclock.Set(at(due.AddDays(-1)))
		if n, err := f.SendDueMeetingInvitations(ctx); err != nil || n != 0 {
			t.Fatalf("the day before: %d mails, %v", n, err)
		}
		f.fclock.Set(at(due))
		if n, err := f.SendDueMeetingInvitations(ctx); err != nil || n != 2 {
			t.Fatalf("on the day: %d mails, %v", n, err)
		}
		f.fclock.Advance(time.Hour)
		if n, err := f.SendDueMeetingInvitations(ctx); err != nil || n != 0 {
			t.Fatalf("again: %d mails, %v", n, err)
		}
		for _, x := range outboxOf(t, f.App) {
			full, err := f.OutboxMessage(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			if full.Kind != app.KindNetwork || !strings.Contains(full.Calendar, "METHOD:REQUEST") || !strings.HasPrefix(full.Subject, "Invitation: Netværksmøde i Odense") {
				t.Errorf("invitation: %q %q", full.Kind, full.Subject)
			}
		}
	})
}

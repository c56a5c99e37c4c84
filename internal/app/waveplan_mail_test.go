package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/notify/notifytest"
	"github.com/udrul/udrul/internal/store/storetest"
)

// Announcing a wave plan mails each municipality's project leads their
// placement through the outbox, once, and the delivery shows on the
// announcement; municipalities nobody can be mailed in are named.
func TestWaveAnnouncementMailsProjectLeads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		newWaveApp(t, url) // every municipality with its population, and the mini catalogue
		f := &followupApp{url: url, fclock: &fclock{t: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)}}
		f.App = f.open(t)
		if err := f.EnsureCentralOrganisations(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := f.SaveWaveSetup(ctx, app.System("Koordinator"), "mini", ksdSetup(t, f.App)); err != nil {
			t.Fatal(err)
		}
		aarhus, odense, vejen := codeOf(t, f.App, "Aarhus"), codeOf(t, f.App, "Odense"), codeOf(t, f.App, "Vejen")
		f.recipient(t, "leder@aarhus.example", aarhus, "")                      // default for a lead: at once
		f.recipient(t, "leder@odense.example", odense, app.Weekly)              // a digest reader still gets a hearing at once
		f.recipient(t, "fravalgt@vejen.example", vejen, app.Never)              // chose no mail
		f.recipient(t, "koordinator@kombit.example", "kombit", app.Immediately) // central staff are not heard
		if _, err := f.CreateUser(ctx, app.NewUser{Email: "medarbejder@aarhus.example", Name: "Med Arbejder", Role: access.Member, Org: aarhus}); err != nil {
			t.Fatal(err)
		}

		v1, err := f.CreateWaveVersion(ctx, app.System("Koordinator"), "mini", app.NewWaveVersion{Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		ann, err := f.AnnounceWaveVersion(ctx, app.System("Lars Mortensen"), "mini", 1, app.WaveTransition{Revision: v1.Revision})
		if err != nil {
			t.Fatal(err)
		}
		if ann.Mails != 2 || len(ann.Unreached) != 96 || !strings.HasPrefix(ann.Delivery, "2 mails i kø til projektledere i 2 kommuner; 96 kommuner") {
			t.Errorf("announcement: %d mails, %d unreached, delivery %q", ann.Mails, len(ann.Unreached), ann.Delivery)
		}
		for _, c := range ann.Unreached {
			if c == aarhus || c == odense {
				t.Errorf("%s listed as unreached", c)
			}
		}
		ms := outboxOf(t, f.App)
		if len(ms) != 2 {
			t.Fatalf("outbox: %+v", ms)
		}
		var aarhusMail string
		for _, m := range ms {
			full, err := f.OutboxMessage(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if full.Kind != app.KindWavePlan {
				t.Errorf("kind %q", full.Kind)
			}
			if full.ToAddress == "leder@aarhus.example" {
				aarhusMail = full.Subject + "\n" + full.Body
				if full.EventKey != "bølgeplan:mini:1:"+aarhus {
					t.Errorf("event key %q", full.EventKey)
				}
			}
		}
		for _, want := range []string{
			"Mini-programmet: bølgeplan i høring – Aarhus er placeret i Bølge 2 (go-live 30.03.2027)",
			"Lars Mortensen har sendt version 1 af bølgeplanen for Mini-programmet i høring.",
			"Aarhus er placeret i Bølge 2 (pilotbølgen) med go-live 30.03.2027.",
			"Se placeringen og giv høringssvar: https://udrul.example/programmes/mini/waveplan/versions/1/municipalities/" + aarhus,
		} {
			if !strings.Contains(aarhusMail, want) {
				t.Errorf("Aarhus' mail lacks %q:\n%s", want, aarhusMail)
			}
		}

		srv := notifytest.Start(t)
		if r := drain(t, f.sender(srv)); r.Sent != 2 {
			t.Errorf("sent %d, want 2", r.Sent)
		}
		views, err := f.WaveAnnouncements(ctx, nil, "mini", 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range views {
			want := v.Municipality == aarhus || v.Municipality == odense
			if v.Delivered != want || (v.Recipients == 1) != want || (v.Sent == 1) != want {
				t.Errorf("%s: recipients %d, sent %d, delivered %v", v.Municipality, v.Recipients, v.Sent, v.Delivered)
			}
		}

		// A second version in hearing is a new event: each lead hears again,
		// told whether their placement changed.
		v2, err := f.CreateWaveVersion(ctx, app.System("Koordinator"), "mini", app.NewWaveVersion{Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		to := 4
		for _, p := range v2.Municipalities {
			if p.Code == odense && p.Wave == 4 {
				to = 3
			}
		}
		mv, err := f.MoveWaveMunicipality(ctx, app.System("k"), "mini", 2, app.WaveMove{Code: odense, Wave: to, Revision: v2.Revision})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.AnnounceWaveVersion(ctx, app.System("Koordinator"), "mini", 2, app.WaveTransition{Revision: mv.Revision}); err != nil {
			t.Fatal(err)
		}
		drain(t, f.sender(srv))
		got := srv.Messages()
		if len(got) != 4 {
			t.Fatalf("server received %d messages, want 4", len(got))
		}
		var odense2 string
		for _, m := range got[2:] {
			if m.To[0] == "leder@odense.example" {
				odense2 = m.Body
			}
		}
		if !strings.Contains(odense2, "Det er en ændring: i den sidst udmeldte version var I i Bølge 4") {
			t.Errorf("Odense's second mail does not say the placement changed:\n%s", odense2)
		}

		// Making it final fixes go-live and makes the plans: each lead is told.
		fin, err := f.FinaliseWaveVersion(ctx, app.System("Lars Mortensen"), "mini", 2, app.WaveTransition{})
		if err != nil {
			t.Fatal(err)
		}
		if fin.Mails != 2 || len(fin.Unreached) != 96 {
			t.Errorf("final: %d mails, %d unreached", fin.Mails, len(fin.Unreached))
		}
		drain(t, f.sender(srv))
		got = srv.Messages()
		if len(got) != 6 {
			t.Fatalf("server received %d messages, want 6", len(got))
		}
		var final string
		for _, m := range got[4:] {
			if m.To[0] == "leder@aarhus.example" {
				final = m.Subject + "\n" + m.Body
			}
		}
		for _, want := range []string{
			"Mini-programmet: bølgeplanen er endelig – Aarhus har go-live 30.03.2027 (Bølge 2)",
			"Lars Mortensen har gjort version 2 af bølgeplanen for Mini-programmet endelig.",
			"Jeres implementeringsplan er oprettet med ",
			"Se planen: https://udrul.example/programmes/mini/municipalities/" + aarhus,
		} {
			if !strings.Contains(final, want) {
				t.Errorf("Aarhus' final mail lacks %q:\n%s", want, final)
			}
		}
	})
}

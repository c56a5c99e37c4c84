package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/announce"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// The centre's voice in the demo (docs/announcements.md): announcements
// from the coordinator to KSD's municipalities – news to every wave's
// project leads and members, and a word to the wave that goes live next
// week. They are written while the demo is built, before its users exist,
// so no mail is queued for them; they stand unread on the front pages.

// demoCoordinator is who the demo's announcements come from.
var demoCoordinator = app.System("Lars Mortensen (KOMBIT)")

func loadNetwork(ctx context.Context, a *app.App, today model.Date) error {
	ov, err := a.Overview(ctx, nil, "ksd", today)
	if err != nil {
		return err
	}
	// The wave that goes live next: the first go-live after today.
	next, nextLive := 0, model.NoDate
	for _, m := range ov.Municipalities {
		if m.GoLive > today && (next == 0 || m.GoLive < nextLive) {
			next, nextLive = m.Wave, m.GoLive
		}
	}
	drafts := []announce.Draft{
		{Audience: announce.Audience{Programme: "ksd", Roles: []string{"projektleder", "medarbejder"}},
			Title: "Opgavekataloget for KSD er opdateret",
			Body: "Programkontoret har udgivet en ny version af opgavekataloget. Ændringerne er lagt ind i jeres implementeringsplaner, " +
				"og opgaver, hvor I selv har flyttet datoer, står under Konflikter på planen.\n\n" +
				"Gennemgå ændringerne på næste projektgruppemøde, og kontakt programkontoret, hvis noget ikke passer til jeres plan."},
		{Audience: announce.Audience{Programme: "ksd", Roles: []string{"projektleder"}},
			Title: "Kvartalets netværksmøder for projektledere",
			Body: "Der holdes netværksmøder i Aarhus, Odense og Ballerup. Tilmeld jeres projektleder og projektejer til ét af stederne, " +
				"så I kan dele erfaringer med kommuner i samme fase. Invitationen kommer fire uger før mødet."},
	}
	if next != 0 {
		drafts = append(drafts, announce.Draft{Audience: announce.Audience{Programme: "ksd", Wave: next, Roles: []string{"projektleder", "medarbejder", "tovholder"}},
			Title: fmt.Sprintf("Bølge %d går i drift %s", next, nextLive.Danish()),
			Body: "Husk den sidste gennemgang af parathedsmålingen og at aftale hypercare-vagterne for de første to uger. " +
				"Leverandørens supportlinje er bemandet ekstra i ugen efter go-live."})
	}
	for _, d := range drafts {
		if _, err := a.Announce(ctx, demoCoordinator, d); err != nil {
			return fmt.Errorf("announcement %q: %w", d.Title, err)
		}
	}
	// Kommunepraktik: Aarhus (a pilot, live) with the first municipality of
	// the wave that goes live next, and a visit they have agreed on.
	newcomer := ""
	for _, m := range ov.Municipalities {
		if m.Wave == next && newcomer == "" {
			newcomer = m.Code
		}
	}
	if newcomer != "" {
		p, err := a.CreatePairing(ctx, demoCoordinator, "ksd", app.PairingInput{Experienced: "751", Newcomer: newcomer})
		if err != nil {
			return fmt.Errorf("kommunepraktik: %w", err)
		}
		visit := a.Calendar().AddWorkingDays(today, 8)
		if _, err := a.AddPracticeMeeting(ctx, demoCoordinator, p.ID, app.PracticeMeetingInput{Day: visit,
			Note: "Besøg i Aarhus' Ydelsescenter: sådan kører sygedagpengesagerne efter go-live"}); err != nil {
			return fmt.Errorf("kommunepraktik: %w", err)
		}
	}
	// The quarter's network meeting: the first working Tuesday five weeks
	// or more ahead, so its invitations go out in about a week.
	day := today.AddDays(35)
	for day.Weekday() != time.Tuesday || !a.Calendar().IsWorkingDay(day) {
		day = day.AddDays(1)
	}
	_, err = a.CreateMeeting(ctx, demoCoordinator, announce.MeetingDraft{Programme: "ksd", Title: "Netværksmøde for KSD-kommuner",
		Day: day, Starts: "10:00", Ends: "15:00", Places: []announce.PlaceDraft{
			{Name: "Aarhus", Address: "Rådhuspladsen 2, 8000 Aarhus C", Capacity: 40},
			{Name: "Odense", Address: "Flakhaven 2, 5000 Odense C", Capacity: 30},
			{Name: "Ballerup", Address: "Hold-an Vej 7, 2750 Ballerup", Capacity: 40}}})
	return err
}

// loadNetworkRegistrations registers Aarhus – its project lead and, as
// project owner, its member – for the network meeting in Aarhus, once the
// demo's users exist (LoadFollowup).
func loadNetworkRegistrations(ctx context.Context, a *app.App) error {
	ms, err := a.NetworkMeetings(ctx, nil, "ksd")
	if err != nil || len(ms) == 0 {
		return err
	}
	_, err = a.RegisterForMeeting(ctx, demoCoordinator, ms[0].ID, "751",
		app.RegistrationInput{Place: ms[0].Places[0].ID, Lead: "sofie.norgaard@aarhus.dk", Owner: "peter.lund@aarhus.dk"})
	return err
}

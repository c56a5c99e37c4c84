package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// LoadFollowup adds the follow-up part of the demo, on a database that
// Load filled and EnsureUsers gave its users: two KMD hypercare teams
// taking turns on the KSD waves, incidents during the pilots' go-live and their wave's
// lessons, worklist owners and a snooze, contact-log entries with due
// follow-ups and one escalation, checkpoint decisions, e-mail preferences,
// and today's daily digest waiting in the outbox.
func LoadFollowup(ctx context.Context, a *app.App, today model.Date) error {
	coord, err := a.IdentityByEmail(ctx, "lars.mortensen@kombit.dk")
	if err != nil {
		return err
	}
	kmd, err := a.IdentityByEmail(ctx, "mette.holm@kmd.dk")
	if err != nil {
		return err
	}
	if err := demoHypercare(ctx, a, kmd, today); err != nil {
		return fmt.Errorf("demo: hypercare: %w", err)
	}
	if err := demoWorklist(ctx, a, coord, kmd, today); err != nil {
		return fmt.Errorf("demo: follow-up: %w", err)
	}
	for _, email := range []string{"sofie.norgaard@aarhus.dk", "lars.mortensen@kombit.dk"} {
		id, err := a.IdentityByEmail(ctx, email)
		if err != nil {
			return err
		}
		if _, err := a.SetNotifySettings(ctx, nil, id.User.ID, app.NotifyInput{Preference: app.Daily}); err != nil {
			return err
		}
	}
	if err := loadHandbooks(ctx, a, today); err != nil {
		return fmt.Errorf("demo: handbooks: %w", err)
	}
	if err := loadNetworkRegistrations(ctx, a); err != nil {
		return fmt.Errorf("demo: network meeting: %w", err)
	}
	if a.Calendar().IsWorkingDay(today) {
		if _, err := a.RunDigest(ctx, app.DigestDaily, today); err != nil {
			return fmt.Errorf("demo: digest: %w", err)
		}
	}
	return nil
}

func demoHypercare(ctx context.Context, a *app.App, kmd *app.Identity, today model.Date) error {
	ov, err := a.Overview(ctx, nil, "ksd", today)
	if err != nil {
		return err
	}
	byWave := map[int][]string{}
	for _, m := range ov.Municipalities {
		byWave[m.Wave] = append(byWave[m.Wave], m.Code)
	}
	teams := []struct {
		name    string
		members []app.HypercareMemberInput
		waves   []int
	}{
		{"Hypercare-team 1 (KMD)", []app.HypercareMemberInput{
			{Name: "Mette Holm", Email: "mette.holm@kmd.dk", Role: "projektledelse"},
			{Name: "Rasmus Friis", Role: "arkitektur"}, {Name: "Nadia Iversen", Role: "forretning"},
			{Name: "Ole Bang", Role: "test og drift"}}, []int{2, 4, 6, 8}},
		{"Hypercare-team 2 (KMD)", []app.HypercareMemberInput{
			{Name: "Jens Krogh", Role: "projektledelse"}, {Name: "Eva Lind", Role: "udvikling"},
			{Name: "Søren Vad", Role: "drift"}}, []int{3, 5, 7}},
	}
	// The teams take turns: KSD's waves lie at least 22 days apart
	// (ksdGoLives), so a team's waves are 44 days or more apart and their
	// hypercare windows (43 days) do not overlap.
	for _, t := range teams {
		team, err := a.CreateHypercareTeam(ctx, kmd, app.HypercareTeamInput{Name: t.name,
			Description: "Følger kommunerne fra Klargøring til 14 dage efter go-live; telefonisk til rådighed i udrulningsugen."})
		if err != nil {
			return err
		}
		for _, m := range t.members {
			if _, err := a.AddHypercareMember(ctx, kmd, team.ID, m); err != nil {
				return err
			}
		}
		for _, w := range t.waves {
			if len(byWave[w]) == 0 {
				continue
			}
			if _, err := a.AssignHypercare(ctx, kmd, team.ID, "ksd", byWave[w]); err != nil {
				return err
			}
		}
	}
	// Wave 2, the second pilot wave: incidents during its hypercare window.
	incidents := []app.IncidentInput{
		{Category: "konvertering", Severity: "kritisk", Title: "Konverterede sager mangler bilag", Resolution: "Bilag genindlæst af KMD; sagerne kontrolleret med kommunen."},
		{Category: "rettigheder", Severity: "hoej", Title: "Superbrugere kan ikke se sager i eget team", Resolution: "Jobfunktionsroller rettet i Administrationsmodulet."},
		{Category: "integration", Severity: "middel", Title: "Indberetninger fra NemRefusion kommer forsinket", Resolution: "Kø i integrationen tømt; overvågning sat op."},
		{Category: "brugeradfaerd", Severity: "lav", Title: "Sagsbehandlere opretter sager manuelt, som findes", Resolution: "Kort vejledning sendt til superbrugerne."},
		{Category: "data", Severity: "middel", Title: "Lokal kontoplan mangler to konti", Status: "under_behandling"},
	}
	for i, code := range byWave[2] {
		p, err := a.Plan(ctx, nil, "ksd", code, today)
		if err != nil {
			return err
		}
		for j, in := range incidents {
			if (i+j)%2 == 1 {
				continue
			}
			opened := p.GoLive.AddDays(1 + (i+j)%7).Time().Add(time.Duration(8+j) * time.Hour)
			in.OpenedAt = opened
			if in.Status == "" {
				in.Status = "loest"
				in.ResolvedAt = opened.Add(time.Duration(2+3*j+i) * time.Hour)
			}
			if _, err := a.LogIncident(ctx, kmd, "ksd", code, in); err != nil {
				return err
			}
		}
	}
	return a.SaveLessons(ctx, kmd, "ksd", 2, "Bilag skal genindlæses og kontrolleres før cut-over, ikke efter.\n\n"+
		"Jobfunktionsroller testes med en rigtig superbruger i Klargøring; rettigheder var den næststørste kilde til hændelser.")
}

func demoWorklist(ctx context.Context, a *app.App, coord, kmd *app.Identity, today model.Date) error {
	wl, err := a.Worklist(ctx, nil, "ksd", today, app.WorklistOptions{})
	if err != nil {
		return err
	}
	owned := 0
	for _, x := range wl.Tasks {
		if x.Kind == app.ItemCriticalYellow && owned < 3 {
			if _, err := a.SetFollowupOwner(ctx, coord, "ksd", x.Item, coord.User.ID); err != nil {
				return err
			}
			owned++
		}
	}
	snoozed := false
	for _, x := range wl.Tasks {
		if x.Kind == app.ItemRed && !snoozed {
			if _, err := a.SnoozeItem(ctx, coord, "ksd", x.Item, today.AddDays(7),
				"Kommunen har ny dato for opgaven; vi følger op efter styregruppemødet."); err != nil {
				return err
			}
			snoozed = true
		}
	}
	// The centre has talked to the three worst municipalities.
	talked := 0
	for _, m := range wl.Municipalities {
		if m.Colour != model.Red || talked == 3 {
			continue
		}
		p, err := a.Plan(ctx, nil, "ksd", m.Code, today)
		if err != nil {
			return err
		}
		var red []int64
		for _, t := range p.Tasks {
			if t.Colour == model.Red && t.InstitutionID == 0 && len(red) < 2 {
				red = append(red, t.ID)
			}
		}
		date := today.AddDays(-6)
		for !a.Calendar().IsWorkingDay(date) {
			date--
		}
		next := today.AddDays(2 - 2*talked) // the third one's follow-up is due
		if _, err := a.AddContact(ctx, coord, "ksd", m.Code, app.ContactInput{Date: date, Channel: "telefon",
			Participants: "KSD-projektleder, " + m.Name + "; Lars Mortensen (KOMBIT)",
			Summary:      "Gennemgang af de røde opgaver på kritisk vej. Projektlederen har været syg, og opgaverne er ikke fordelt.",
			Agreements:   "Kommunen fordeler opgaverne i denne uge og melder status tilbage.",
			InternalNote: "Vurdering: risiko for go-live-datoen, hvis det ikke rykker inden næste opfølgning.",
			NextFollowup: next, Tasks: red}); err != nil {
			return err
		}
		if talked == 0 {
			if _, err := a.AddContact(ctx, coord, "ksd", m.Code, app.ContactInput{Date: today, Channel: "moede", Kind: "eskalering",
				EscalatedTo: "Kommunens styregruppe for KSD", Participants: "Styregruppen, " + m.Name + "; KOMBIT; KMD",
				Summary:      "Eskaleret efter to opfølgninger uden fremdrift; kritisk vej er blokeret.",
				Agreements:   "Styregruppen tilfører ressourcer og godkender en revideret plan inden fredag.",
				NextFollowup: today.AddDays(5), Tasks: red}); err != nil {
				return err
			}
		}
		talked++
	}
	// Checkpoint decisions (KOMBIT's, access.DecideCheckpoint) for municipalities that passed into 2.2.
	decided := 0
	ov, err := a.Overview(ctx, nil, "ksd", today)
	if err != nil {
		return err
	}
	for _, m := range ov.Municipalities {
		if m.Phase != "2.2" || decided == 2 {
			continue
		}
		if _, err := a.DecideCheckpoint(ctx, coord, "ksd", m.Code, app.CheckpointInput{Transition: "2.1-2.2", Decision: app.DecisionApproved,
			Basis: "Tjeklisten gennemgået på statusmødet; databehandleraftalen og it-miljøet er på plads."}); err != nil {
			return err
		}
		decided++
	}
	return nil
}

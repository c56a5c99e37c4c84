package demo

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/risk"
)

// The risk register in the demo: municipalities from six months before
// their go-live to a year after have two to four risks drawn from a list
// of typical ones, registered after the register could start and no later
// than today; those live for more than two months have closed one with a
// lesson, which the later waves' municipalities see. Some reviews are
// overdue. The central programme's register has a few risks, one owned by
// the supplier, and each wave that has gone live has a hypercare risk.
// Everything is drawn from hashes, the same every run for the same day.

type demoRisk struct {
	desc, prevention, owner, lesson string
	cat                             risk.Category
	p, c                            int
	reaction                        risk.Reaction
}

var demoMunicipalRisks = []demoRisk{
	{"Integrationen til ESDH-systemet er ikke testet før go-live; sager kan ikke journaliseres", "Testdrejebog aftalt med leverandøren; test i præproduktion", "Leverandøren",
		"Aftal integrationstesten med leverandøren, før uddannelsen starter", risk.Technical, 4, 4, risk.Reduce},
	{"Sagsbehandlerne når ikke superbrugeruddannelsen før go-live; produktiviteten falder", "Book uddannelsen tidligt og hold to ekstra hold", "Projektlederen",
		"Book uddannelsen tre måneder før go-live – holdene bliver fyldt op", risk.Organisational, 3, 4, risk.Reduce},
	{"Datakvaliteten i det gamle system er dårlig; konverteringen afviser sager", "Oprydning i data før konverteringen", "Fagsystemansvarlig",
		"Start dataoprydningen et halvt år før go-live", risk.Technical, 3, 3, risk.Avoid},
	{"Nøglemedarbejdere er væk i overgangsperioden (ferie, barsel)", "Stedfortrædere udpeget og oplært", "Projektlederen",
		"", risk.Organisational, 2, 4, risk.Fallback},
	{"Ledelsen bakker ikke synligt op; medarbejderne prioriterer driften", "Ledelsen melder ud på personalemøder; fast punkt i ledermødet", "Direktøren",
		"Synlig ledelse fra start gav færre spørgsmål efter go-live", risk.Organisational, 2, 3, risk.Reduce},
	{"Rettighedsopsætningen er ikke klar; brugere kan ikke logge på første dag", "Rettigheder testes med rigtige brugere en uge før", "IT-afdelingen",
		"", risk.Technical, 2, 5, risk.Reduce},
}

var demoCentralRisks = []demoRisk{
	{"Leverancen af den næste version slipper for sent til bølge 3's go-live", "Ugentlig leveranceopfølgning med leverandøren", "Leverandøren", "", risk.Technical, 3, 4, risk.Reduce},
	{"Supportorganisationen har ikke kapacitet, når to bølger overlapper", "Ekstra supportere i overlapsugerne", "KOMBIT", "", risk.Organisational, 3, 3, risk.Fallback},
	{"Kommunerne udskyder deres go-live, og bølgeplanen skrider", "Tidlig dialog og kontrolpunkter før hver fase", "KOMBIT", "", risk.Organisational, 2, 4, risk.Reduce},
}

func loadRisks(ctx context.Context, a *app.App, today model.Date) error {
	const key = "ksd"
	ov, err := a.Overview(ctx, nil, key, today)
	if err != nil {
		return err
	}
	liveWaves := map[int]model.Date{}
	for _, m := range ov.Municipalities {
		start := m.GoLive.AddMonths(-6)
		if start > today || m.GoLive.AddMonths(12) < today {
			continue
		}
		if m.GoLive <= today && (liveWaves[m.Wave] == model.NoDate || m.GoLive < liveWaves[m.Wave]) {
			liveWaves[m.Wave] = m.GoLive
		}
		n := 2 + roll("risici", m.Code)%3
		first := roll("risiko", m.Code) % len(demoMunicipalRisks)
		closedOne := false
		for i := range n {
			d := demoMunicipalRisks[(first+i)%len(demoMunicipalRisks)]
			// Registered within the register's life so far, never after today.
			span := max(int(today-start), 1)
			registered := start + model.Date(roll("registreret", m.Code, fmt.Sprint(i))%span)
			x := app.RiskInput{Risk: riskOf(d, registered)}
			// Reviews a month after registration: those before today are overdue.
			x.NextReview = registered.AddMonths(1)
			if x.NextReview > today.AddMonths(2) {
				x.NextReview = today.AddMonths(1)
			}
			row, err := a.CreateRisk(ctx, nil, key, m.Code, x)
			if err != nil {
				return fmt.Errorf("%s: %w", m.Code, err)
			}
			if !closedOne && d.lesson != "" && m.GoLive.AddMonths(2) <= today {
				closedOne = true
				x.Status, x.Lesson, x.Version, x.NextReview = risk.Closed, d.lesson, row.Version, model.NoDate
				if _, err := a.UpdateRisk(ctx, nil, key, m.Code, row.Key, x); err != nil {
					return fmt.Errorf("%s: %w", m.Code, err)
				}
			}
		}
	}
	start := today.AddMonths(-3)
	for i, d := range demoCentralRisks {
		x := app.RiskInput{Risk: riskOf(d, start.AddDays(7*i))}
		x.NextReview = today.AddDays(14 - 10*i) // the last one is overdue
		if _, err := a.CreateCentralRisk(ctx, nil, key, risk.Central, 0, x); err != nil {
			return err
		}
	}
	for wave, golive := range liveWaves {
		d := demoRisk{"Mange henvendelser i de første uger efter go-live; hypercareteamet kan ikke svare samme dag", "Ekstra bemanding de første to uger", "Leverandøren",
			"", risk.Organisational, 3, 3, risk.Fallback}
		x := app.RiskInput{Risk: riskOf(d, golive)}
		if _, err := a.CreateCentralRisk(ctx, nil, key, risk.Hypercare, wave, x); err != nil {
			return err
		}
	}
	return nil
}

func riskOf(d demoRisk, registered model.Date) risk.Risk {
	return risk.Risk{Description: d.desc, Registered: registered, Category: d.cat, Probability: d.p, Consequence: d.c,
		Proximity: risk.Near, Reaction: d.reaction, Prevention: d.prevention, Status: risk.Open, Initiator: "Projektgruppen",
		Owner: d.owner, Actor: d.owner}
}

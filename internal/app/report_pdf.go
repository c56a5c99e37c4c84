package app

import (
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/pdfdoc"
)

// PDF is the status report as a document for the steering group's papers:
// the same sections as its page, laid out by pdfdoc (contents, and the
// municipality, programme and date on every page).
func (v *StatusReport) PDF() ([]byte, error) {
	asof := v.Asof.Danish()
	doc := pdfdoc.New(pdfdoc.Meta{
		Title:    "Statusrapport for " + v.MunicipalityName,
		Subtitle: v.ProgrammeName + " – til kommunens styregruppe",
		Author:   "udrul",
		Footer:   fmt.Sprintf("%s · %s · status pr. %s", v.MunicipalityName, v.ProgrammeName, asof),
		Created:  v.Asof.Time(),
		Facts: [][2]string{
			{"Kommune", v.MunicipalityName},
			{"Program", v.ProgrammeName},
			{"Status pr.", asof},
			{"Go-live", v.GoLive.Danish()},
			{"Bølge", fmt.Sprint(v.Wave)},
			{"Fase", strings.TrimSpace(v.Phase + " " + v.PhaseName)},
			{"Samlet status", fmt.Sprintf("%s – %d røde, %d gule, %d grønne og %d uden farve", v.Colour.Label(),
				v.Counts.Red, v.Counts.Yellow, v.Counts.Green, v.Counts.None)},
		},
	})

	doc.Heading(1, "Fremdrift pr. fase")
	var rows [][]string
	for _, p := range v.Phases {
		rows = append(rows, []string{strings.TrimSpace(p.Phase + " " + p.Name), fmt.Sprint(p.Tasks), fmt.Sprint(p.Done),
			fmt.Sprintf("%d %%", p.Percent), p.Colour.Label()})
	}
	doc.Table([]pdfdoc.Column{{Title: "Fase", Width: 0.4}, {Title: "Opgaver", Width: 0.13}, {Title: "Færdige", Width: 0.13},
		{Title: "Andel", Width: 0.12}, {Title: "Status", Width: 0.22}}, rows)

	doc.Heading(1, "Røde og gule opgaver")
	if len(v.Signals) == 0 {
		doc.Paragraph("Ingen opgaver er røde eller gule.")
	} else {
		rows = nil
		for _, s := range v.Signals {
			why := s.Why
			if len(s.Agreements) > 0 {
				why += "\nAftalt: " + strings.Join(s.Agreements, "; ")
			}
			rows = append(rows, []string{s.Title, s.End.Danish(), s.Colour.Label() + ", " + strings.ToLower(s.Status.Label()), why})
		}
		doc.Table([]pdfdoc.Column{{Title: "Opgave", Width: 0.32}, {Title: "Slutdato", Width: 0.13}, {Title: "Status", Width: 0.2},
			{Title: "Hvorfor, og hvad er aftalt", Width: 0.35}}, rows)
	}

	doc.Heading(1, "Aftaler fra kontaktloggen")
	if len(v.Agreements) == 0 {
		doc.Paragraph("Kontaktloggen har ingen aftaler.")
	} else {
		var items []string
		for _, a := range v.Agreements {
			items = append(items, fmt.Sprintf("%s (%s): %s – aftalt: %s", a.Date.Danish(), a.Channel, a.Summary, a.Agreements))
		}
		doc.Bullets(items)
	}

	doc.Heading(1, "Næste milepæle")
	if len(v.Milestones) == 0 {
		doc.Paragraph("Ingen kommende milepæle.")
	} else {
		rows = nil
		for _, m := range v.Milestones {
			rows = append(rows, []string{m.Date.Danish(), m.Title})
		}
		doc.Table([]pdfdoc.Column{{Title: "Dato", Width: 0.2}, {Title: "Milepæl", Width: 0.8}}, rows)
	}

	doc.Heading(1, "Udviklingen måned for måned")
	rows = nil
	for _, p := range v.Trend {
		rows = append(rows, []string{p.Label, fmt.Sprint(p.Counts.Red), fmt.Sprint(p.Counts.Yellow), fmt.Sprint(p.Counts.Green),
			p.Colour.Label(), p.Direction.Label(), p.GoLive.Danish()})
	}
	doc.Table([]pdfdoc.Column{{Title: "Måned", Width: 0.2}, {Title: "Røde", Width: 0.1}, {Title: "Gule", Width: 0.1},
		{Title: "Grønne", Width: 0.1}, {Title: "Status", Width: 0.15}, {Title: "Udvikling", Width: 0.17}, {Title: "Go-live", Width: 0.18}}, rows)

	if v.Risks != nil {
		doc.Heading(1, "Risici")
		doc.Paragraph(fmt.Sprintf("%d åbne risici, heraf %d med en overskredet revurdering.", v.Risks.Live, v.Risks.Overdue))
		if len(v.Risks.Top) > 0 {
			rows = nil
			for _, r := range v.Risks.Top {
				rows = append(rows, []string{r.ID, r.Description, fmt.Sprint(r.Exposure), r.Status.Label(), r.Owner})
			}
			doc.Table([]pdfdoc.Column{{Title: "ID", Width: 0.1}, {Title: "Risiko", Width: 0.45}, {Title: "Eksponering", Width: 0.13},
				{Title: "Status", Width: 0.14}, {Title: "Ejer", Width: 0.18}}, rows)
		}
	}

	doc.Heading(1, "Parathedsundersøgelser")
	if len(v.Readiness) == 0 {
		doc.Paragraph("Der er endnu ingen runder.")
	} else {
		rows = nil
		for _, r := range v.Readiness {
			// As the page says it: Run is a closed round with enough answers.
			state := "åben"
			switch {
			case r.Closed && r.Run:
				state = "afsluttet"
			case r.Closed:
				state = "afsluttet med for få svar"
			}
			focus := r.Focus
			if focus == "" {
				focus = "–"
			}
			rows = append(rows, []string{r.Label, state, fmt.Sprint(r.Answers), focus})
		}
		doc.Table([]pdfdoc.Column{{Title: "Runde", Width: 0.3}, {Title: "Tilstand", Width: 0.2}, {Title: "Svar", Width: 0.15},
			{Title: "Fokuselement", Width: 0.35}}, rows)
	}
	return doc.Bytes()
}

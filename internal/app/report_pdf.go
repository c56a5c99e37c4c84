package app

import (
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/pdfdoc"
	"github.com/udrul/udrul/internal/report"
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

// PDF is the programme report as a document for the centre's steering
// papers and the implementation report after the pilots: the page's
// sections, one per wave.
func (v *ProgrammeReport) PDF() ([]byte, error) {
	asof := v.Asof.Danish()
	ontime := func(o report.OnTime) string {
		return fmt.Sprintf("%d %% til tiden (%d til tiden, %d for sent, %d overskredet, %d kommende)", o.Percent, o.OnTime, o.Late, o.Overdue, o.Upcoming)
	}
	doc := pdfdoc.New(pdfdoc.Meta{
		Title:    "Programrapport for " + v.ProgrammeName,
		Subtitle: "Bølgerne pr. " + asof,
		Author:   "udrul",
		Footer:   fmt.Sprintf("%s · programrapport · status pr. %s", v.ProgrammeName, asof),
		Created:  v.Asof.Time(),
		Facts: [][2]string{
			{"Program", v.ProgrammeName},
			{"Status pr.", asof},
			{"Go-lives holdt", fmt.Sprint(v.Held)},
			{"Go-lives flyttet", fmt.Sprint(v.Moved)},
			{"Kommuner bagud", fmt.Sprint(v.Behind)},
			{"Leverandørens opgaver", ontime(v.Supplier)},
		},
	})
	if len(v.Suppliers) > 0 {
		doc.Note("Som leverandøren tælles opgaver, hvor den ansvarlige er: " + strings.Join(v.Suppliers, ", ") + ".")
	}
	for _, w := range v.Waves {
		doc.Heading(1, v.WaveNames.Label(w.Wave))
		doc.Facts([][2]string{
			{"Kommuner", fmt.Sprint(w.Municipalities)},
			{"Go-live", w.FirstGoLive.Danish() + " – " + w.LastGoLive.Danish()},
			{"Status", fmt.Sprintf("%d røde, %d gule, %d grønne og %d uden farve", w.ByColour.Red, w.ByColour.Yellow, w.ByColour.Green, w.ByColour.None)},
			{"Go-lives holdt", fmt.Sprint(w.Held)},
			{"Leverandørens opgaver", ontime(w.Supplier)},
		})
		if len(w.Moved) > 0 {
			doc.Heading(2, "Flyttede go-lives")
			var rows [][]string
			for _, m := range w.Moved {
				rows = append(rows, []string{m.Name, m.Planned.Danish(), m.GoLive.Danish(), fmt.Sprint(m.Days)})
			}
			doc.Table([]pdfdoc.Column{{Title: "Kommune", Width: 0.4}, {Title: "Først meldt ud", Width: 0.2}, {Title: "Go-live nu", Width: 0.2},
				{Title: "Dage", Width: 0.2}}, rows)
		}
		if len(w.Behind) > 0 {
			doc.Heading(2, "Kommuner bagud")
			var rows [][]string
			for _, b := range w.Behind {
				rows = append(rows, []string{b.Name, b.GoLive.Danish(), b.Colour.Label(), fmt.Sprint(b.Red), fmt.Sprint(b.Yellow)})
			}
			doc.Table([]pdfdoc.Column{{Title: "Kommune", Width: 0.4}, {Title: "Go-live", Width: 0.18}, {Title: "Status", Width: 0.16},
				{Title: "Røde", Width: 0.13}, {Title: "Gule", Width: 0.13}}, rows)
		}
		doc.Heading(2, "Læring efter hypercare")
		if w.Lessons == "" {
			doc.Paragraph("Ingen læring registreret endnu.")
		} else {
			doc.Paragraph(w.Lessons)
			if w.LessonsBy != "" {
				doc.Note(fmt.Sprintf("Registreret af %s %s.", w.LessonsBy, w.LessonsOn.Danish()))
			}
		}
	}
	return doc.Bytes()
}

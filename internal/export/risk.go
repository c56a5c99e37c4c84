package export

import (
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/risk"
)

// RiskRow is one risk as exported, with the register it belongs to.
type RiskRow struct {
	Register string // e.g. the municipality's name, or "Det centrale programs register"
	Risk     risk.Risk
}

// RiskXLSX writes risks with every field of seed 003 figure 19 (exposure
// computed, with its band), the next review and the lesson: sheet
// "Risici", one row per risk, dates as real dates; sheet "Oplysninger" says
// what the sheet is (title) and as of when.
func RiskXLSX(title string, asof model.Date, rows []RiskRow) ([]byte, error) {
	f, st, err := newWorkbook("Risici")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := []string{"ID", "Register", "Beskrivelse og konsekvens", "Registreret", "Kategori", "Sandsynlighed", "Konsekvens",
		"Eksponering", "Niveau", "Nærhed", "Reaktionstype", "Reaktion/forebyggelse", "Status", "Initiativtager", "Ejer", "Aktør",
		"Næste gennemgang", "Læring"}
	out := make([][]any, len(rows))
	for i, x := range rows {
		r := x.Risk
		out[i] = []any{r.ID, x.Register, r.Description, r.Registered, r.Category.Label(), r.Probability, r.Consequence,
			r.Exposure(), risk.Band(r.Exposure()), r.Proximity.Label(), r.Reaction.Label(), r.Prevention, r.Status.Label(),
			r.Initiator, r.Owner, r.Actor, r.NextReview, r.Lesson}
	}
	if err := writeTable(f, st, table{sheet: "Risici", head: head, rows: out, maxWidth: map[int]float64{2: 60, 11: 45, 17: 45}}); err != nil {
		return nil, err
	}
	info := infoTable([][]any{
		{"Risikoregister", title},
		{"Status pr.", asof},
		{"Eksponering", "Sandsynlighed × konsekvens (hver fra 1 til 5): høj fra 15, middel fra 6, ellers lav"},
	})
	if err := writeTable(f, st, info); err != nil {
		return nil, err
	}
	return save(f)
}

package export

import (
	"bytes"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/risk"
)

// RiskRow is one risk as exported, with the register it belongs to.
type RiskRow struct {
	Register string // e.g. the municipality's name, or "Det centrale programs register"
	Risk     risk.Risk
}

// RiskXLSX writes risks with every field of seed 003 figure 19 (exposure
// computed, with its band), the next review and the lesson: sheet
// "Risici", one row per risk, dates as real dates.
func RiskXLSX(rows []RiskRow) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Risici"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("Risici")
	if err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	head := []string{"ID", "Register", "Beskrivelse og konsekvens", "Registreret", "Kategori", "Sandsynlighed", "Konsekvens",
		"Eksponering", "Niveau", "Nærhed", "Reaktionstype", "Reaktion/forebyggelse", "Status", "Initiativtager", "Ejer", "Aktør",
		"Næste gennemgang", "Læring"}
	if err := sw.SetColWidth(3, 3, 60); err != nil {
		return nil, err
	}
	if err := writeRow(sw, 1, st.head(), toAny(head)); err != nil {
		return nil, err
	}
	for i, x := range rows {
		r := x.Risk
		row := []any{r.ID, x.Register, r.Description, r.Registered, r.Category.Label(), r.Probability, r.Consequence,
			r.Exposure(), risk.Band(r.Exposure()), r.Proximity.Label(), r.Reaction.Label(), r.Prevention, r.Status.Label(),
			r.Initiator, r.Owner, r.Actor, r.NextReview, r.Lesson}
		if err := writeRow(sw, i+2, st, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

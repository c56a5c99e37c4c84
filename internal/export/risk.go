package export

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/risk"
)

// RiskRow is one risk as exported, with the register it belongs to.
type RiskRow struct {
	Register string // e.g. the municipality's name, or "Det centrale programs register"
	Risk     risk.Risk
}

// riskHeader is the risk sheet's columns, with their widths.
var riskHeader = []struct {
	name  string
	width float64
}{{"ID", 8}, {"Register", 30}, {"Beskrivelse og konsekvens", 60}, {"Registreret", 12}, {"Kategori", 15}, {"Sandsynlighed", 14},
	{"Konsekvens", 12}, {"Eksponering", 12}, {"Niveau", 9}, {"Nærhed", 17}, {"Reaktionstype", 14}, {"Reaktion/forebyggelse", 45},
	{"Status", 11}, {"Initiativtager", 20}, {"Ejer", 20}, {"Aktør", 20}, {"Næste gennemgang", 17}, {"Læring", 45}}

// RiskXLSX writes risks with every field of seed 003 figure 19 (exposure
// computed, with its band), the next review and the lesson: sheet
// "Risici", one row per risk, dates as real dates, the header frozen and
// filterable; sheet "Oplysninger" says what the sheet is (title) and as of
// when.
func RiskXLSX(title string, asof model.Date, rows []RiskRow) ([]byte, error) {
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
	tb := table{sheet: "Risici"}
	var head []string
	for _, h := range riskHeader {
		head, tb.widths = append(head, h.name), append(tb.widths, h.width)
	}
	if err := tb.start(sw); err != nil {
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
	if err := tb.finish(f, len(rows)); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("Oplysninger"); err != nil {
		return nil, err
	}
	info := [][]any{
		{"Risikoregister", title},
		{"Status pr.", asof.Danish()},
		{"Eksponering", "Sandsynlighed × konsekvens (hver fra 1 til 5): høj fra 15, middel fra 6, ellers lav"},
	}
	for i, r := range info {
		if err := f.SetSheetRow("Oplysninger", fmt.Sprintf("A%d", i+1), &r); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth("Oplysninger", "A", "A", 18); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

package export

import (
	"bytes"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/benefit"
)

// BenefitRow is one benefit as exported, with its computed status and its
// post-measurements.
type BenefitRow struct {
	Benefit      benefit.Benefit
	Status       benefit.Status
	Measurements []benefit.Measurement
}

// BenefitXLSX writes a benefit register: sheet "Gevinster" with one row
// per benefit (its place in the tree, owners, SMART goal, indicator,
// baseline, target, the latest measurement and the status) under the
// vision, and sheet "Eftermålinger" with one row per post-measurement.
// Dates are real dates and values real numbers.
func BenefitXLSX(vision string, rows []BenefitRow) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Gevinster"); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("Eftermålinger"); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("Gevinster")
	if err != nil {
		return nil, err
	}
	if err := writeRow(sw, 1, st.head(), []any{"Vision", vision}); err != nil {
		return nil, err
	}
	head := []string{"ID", "Gevinst", "Type", "Mål", "Forandring", "Gevinstejer", "Gevinstansvarlig", "SMART mål", "Indikator",
		"Enhed", "Retning", "Baseline", "Baselinedato", "Mål (værdi)", "Måldato", "Seneste eftermåling", "Dato for seneste eftermåling",
		"Antal eftermålinger", "Status"}
	if err := writeRow(sw, 3, st.head(), toAny(head)); err != nil {
		return nil, err
	}
	for i, x := range rows {
		b := x.Benefit
		row := []any{b.ID, b.Title, b.Type.Label(), b.Goal, b.Change, b.Owner, b.Accountable, b.Smart, b.Indicator, b.Unit,
			b.Direction.Label(), b.BaselineValue, b.BaselineDate, b.TargetValue, b.TargetDate}
		if m, ok := benefit.Latest(x.Measurements); ok {
			row = append(row, m.Value, m.Date)
		} else {
			row = append(row, "", "")
		}
		row = append(row, len(x.Measurements), x.Status.Label())
		if err := writeRow(sw, i+4, st, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	mw, err := f.NewStreamWriter("Eftermålinger")
	if err != nil {
		return nil, err
	}
	if err := writeRow(mw, 1, st.head(), toAny([]string{"ID", "Gevinst", "Indikator", "Enhed", "Dato", "Værdi", "Kommentar"})); err != nil {
		return nil, err
	}
	n := 2
	for _, x := range rows {
		for _, m := range x.Measurements {
			if err := writeRow(mw, n, st, []any{x.Benefit.ID, x.Benefit.Title, x.Benefit.Indicator, x.Benefit.Unit, m.Date, m.Value, m.Comment}); err != nil {
				return nil, err
			}
			n++
		}
	}
	if err := mw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

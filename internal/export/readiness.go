package export

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/readiness"
)

// ReadinessGroup is one group's result in one round, as exported.
type ReadinessGroup struct {
	Round  readiness.Kind
	Window readiness.Window // when the round opens and closes
	Group  string
	Result readiness.Result
}

// ReadinessXLSX writes a municipality's survey results: sheet "Resultater"
// with one row per round and group – the round's dates (real dates),
// answers, mean and distribution per element, and the focus element; the
// header frozen and filterable – and sheet "Oplysninger". A group below
// the anonymity threshold gets a row that says so and no figure, exactly
// as on the page: the threshold is applied before anything reaches here.
func ReadinessXLSX(title string, threshold int, rows []ReadinessGroup) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Resultater"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("Resultater")
	if err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	head := []string{"Runde", "Brugergruppe", "Runden åbner", "Runden lukker", "Svar"}
	for _, e := range readiness.Elements {
		head = append(head, e.Name()+" gennemsnit")
	}
	for _, e := range readiness.Elements {
		for s := readiness.MinScore; s <= readiness.MaxScore; s++ {
			head = append(head, fmt.Sprintf("%s: antal %d", e.Name(), s))
		}
	}
	head = append(head, "Fokuselement")
	tb := table{sheet: "Resultater", widths: make([]float64, len(head))}
	tb.widths[0], tb.widths[1], tb.widths[2], tb.widths[3], tb.widths[len(head)-1] = 14, 28, 14, 14, 22
	for i := 4; i < len(head)-1; i++ {
		tb.widths[i] = 12
	}
	if err := tb.start(sw); err != nil {
		return nil, err
	}
	if err := writeRow(sw, 1, st.head(), toAny(head)); err != nil {
		return nil, err
	}
	for i, g := range rows {
		row := []any{g.Round.Short(), g.Group, g.Window.Opens, g.Window.Closes}
		r := g.Result
		if r.Hidden {
			row = append(row, fmt.Sprintf("Færre end %d svar – vises ikke", threshold))
		} else {
			row = append(row, r.N)
			for _, e := range r.Elements {
				row = append(row, round2(e.Mean))
			}
			for _, e := range r.Elements {
				for _, c := range e.Distribution {
					row = append(row, c)
				}
			}
			focus := "Ingen (alle over 3)"
			if r.Focus != nil {
				focus = r.Focus.Name()
			}
			row = append(row, focus)
		}
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
		{"Parathedsundersøgelse", title},
		{"Anonymitetsgrænse", fmt.Sprintf("Ingen tal for en gruppe med færre end %d svar", threshold)},
		{"Skala", "1–5; 4–5: gruppen er OK på elementet; 3 eller derunder: indsatsområde"},
		{"Fokuselement", "Af de elementer, der scorer 3 eller derunder, arbejdes først med det længst til venstre"},
	}
	for i, r := range info {
		if err := f.SetSheetRow("Oplysninger", fmt.Sprintf("A%d", i+1), &r); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth("Oplysninger", "A", "A", 24); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

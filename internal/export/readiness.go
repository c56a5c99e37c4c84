package export

import (
	"fmt"

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
// with one row per round and group – the round's dates, answers, mean and
// distribution per element, and the focus element – and sheet "Oplysninger". A group below
// the anonymity threshold gets a row that says so and no figure, exactly
// as on the page: the threshold is applied before anything reaches here.
func ReadinessXLSX(title string, threshold int, rows []ReadinessGroup) ([]byte, error) {
	f, st, err := newWorkbook("Resultater")
	if err != nil {
		return nil, err
	}
	defer f.Close()
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
	out := make([][]any, len(rows))
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
		out[i] = row
	}
	if err := writeTable(f, st, table{sheet: "Resultater", head: head, rows: out}); err != nil {
		return nil, err
	}
	info := infoTable([][]any{
		{"Parathedsundersøgelse", title},
		{"Anonymitetsgrænse", fmt.Sprintf("Ingen tal for en gruppe med færre end %d svar", threshold)},
		{"Skala", "1–5; 4–5: gruppen er OK på elementet; 3 eller derunder: indsatsområde"},
		{"Fokuselement", "Af de elementer, der scorer 3 eller derunder, arbejdes først med det længst til venstre"},
	})
	if err := writeTable(f, st, info); err != nil {
		return nil, err
	}
	return save(f)
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

package export

import (
	"github.com/udrul/udrul/internal/model"
)

// AddOnOrderRow is one add-on order as exported, with its tasks in the
// municipality's plan.
type AddOnOrderRow struct {
	Municipality    string
	GoLive          model.Date
	AddOn, Category string
	Supplier        string
	OrderedAt       model.Date
	OrderedBy       string
	Exception       string
	Cancelled       model.Date // NoDate while live
	Tasks           []AddOnTaskRow
}

// AddOnTaskRow is one task an order brought into a plan.
type AddOnTaskRow struct {
	Title, Responsible string
	Start, End         model.Date
	Status             model.Status
	Withdrawn          bool
}

// AddOnOrdersXLSX writes a programme's add-on orders: sheet "Tilkøb" with
// one row per order, sheet "Opgaver" with one row per task of an order,
// and sheet "Oplysninger" saying what it is and as of when. Dates are
// real dates.
func AddOnOrdersXLSX(programme string, asof model.Date, rows []AddOnOrderRow) ([]byte, error) {
	f, st, err := newWorkbook("Tilkøb")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	orders := make([][]any, len(rows))
	var tasks [][]any
	for i, r := range rows {
		state := "Aktiv"
		if r.Cancelled != model.NoDate {
			state = "Afbestilt"
		}
		orders[i] = []any{r.Municipality, r.GoLive, r.Category, r.AddOn, r.Supplier, r.OrderedAt, r.OrderedBy, r.Exception, state, r.Cancelled, len(r.Tasks)}
		for _, t := range r.Tasks {
			status := t.Status.Label()
			if t.Withdrawn {
				status = "Trukket tilbage"
			}
			tasks = append(tasks, []any{r.Municipality, r.AddOn, t.Title, t.Responsible, t.Start, t.End, status})
		}
	}
	if err := writeTable(f, st, table{sheet: "Tilkøb", head: []string{"Kommune", "Go-live", "Ydelsestype", "Tilkøb", "Leverandør",
		"Bestilt", "Bestilt af", "Dispensation fra fristen", "Status", "Afbestilt", "Opgaver"}, rows: orders,
		maxWidth: map[int]float64{3: 60, 7: 45}}); err != nil {
		return nil, err
	}
	if err := writeTable(f, st, table{sheet: "Opgaver", head: []string{"Kommune", "Tilkøb", "Opgave", "Ansvarlig", "Start", "Slut", "Status"},
		rows: tasks, maxWidth: map[int]float64{1: 60, 2: 60}}); err != nil {
		return nil, err
	}
	info := infoTable([][]any{
		{"Bestilte tilkøb", programme},
		{"Status pr.", asof},
		{"Frist", "Aftalen skal være indgået senest 3 måneder før go-live; senere bestillinger kræver KOMBIT's dispensation"},
	})
	if err := writeTable(f, st, info); err != nil {
		return nil, err
	}
	return save(f)
}

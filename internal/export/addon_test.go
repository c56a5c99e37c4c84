package export_test

import (
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/export/officetest"
	"github.com/udrul/udrul/internal/model"
)

// The add-on orders opened with LibreOffice: one row per order and per
// task, dates as dates, a cancelled order and its withdrawn task marked.
func TestAddOnOrdersXLSXInLibreOffice(t *testing.T) {
	rows := []export.AddOnOrderRow{
		{Municipality: "Ærø", GoLive: model.NewDate(2027, 6, 1), AddOn: "Kursus: KSD systemanvendelse (Slutbruger)", Category: "Uddannelse",
			Supplier: "KMD", OrderedAt: model.NewDate(2027, 1, 4), OrderedBy: "Pia Projektleder", Tasks: []export.AddOnTaskRow{
				{Title: "Gennemfør slutbrugerkursus", Responsible: "KMD", Start: model.NewDate(2027, 5, 3), End: model.NewDate(2027, 5, 21), Status: model.Started}}},
		{Municipality: "Vejen", GoLive: model.NewDate(2027, 3, 1), AddOn: "Workshop: Formulere mål (Ledere)", Category: "Gevinstrealisering",
			Supplier: "KMD", OrderedAt: model.NewDate(2026, 12, 7), OrderedBy: "Karin Koordinator", Exception: "Aftalt på styregruppemødet",
			Cancelled: model.NewDate(2026, 12, 8), Tasks: []export.AddOnTaskRow{
				{Title: "Afhold workshop", Responsible: "KMD", Start: model.NewDate(2026, 12, 14), End: model.NewDate(2026, 12, 15), Status: model.NotStarted, Withdrawn: true}}},
	}
	b, err := export.AddOnOrdersXLSX("KSD", model.NewDate(2026, 12, 7), rows)
	if err != nil {
		t.Fatal(err)
	}
	layout(t, b, "Tilkøb", "$A$1:$K$3", "D")
	sheets := officetest.Sheets(t, b)
	orders, tasks := sheets["Tilkøb"], sheets["Opgaver"]
	if len(orders) != 3 || len(tasks) != 3 {
		t.Fatalf("rows: %d orders, %d tasks", len(orders), len(tasks))
	}
	for _, want := range []string{"Ærø", "01.06.2027", "Aktiv", "Afbestilt", "08.12.2026", "Aftalt på styregruppemødet"} {
		if !strings.Contains(strings.Join(append(orders[1], orders[2]...), "|"), want) {
			t.Errorf("orders lack %q: %v", want, orders)
		}
	}
	if got := strings.Join(tasks[2], "|"); !strings.Contains(got, "Trukket tilbage") || !strings.Contains(got, "14.12.2026") {
		t.Errorf("withdrawn task: %s", got)
	}
	if !strings.Contains(strings.Join(sheets["Oplysninger"][0], "|")+strings.Join(sheets["Oplysninger"][1], "|"), "KSD") {
		t.Errorf("info sheet: %v", sheets["Oplysninger"])
	}
}

package export_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/export/officetest"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
	"github.com/udrul/udrul/internal/risk"
)

// layout checks a sheet is laid out for a reader: the header row frozen,
// an autofilter over the header, and the given columns wider than default.
func layout(t *testing.T, b []byte, sheet, filter string, wide ...string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.GetPanes(sheet)
	if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		t.Errorf("%s: panes %+v %v, want the header row frozen", sheet, p, err)
	}
	dn := f.GetDefinedName()
	if !slices.ContainsFunc(dn, func(d excelize.DefinedName) bool {
		return d.Name == "_xlnm._FilterDatabase" && d.Scope == sheet && strings.HasSuffix(d.RefersTo, filter)
	}) {
		t.Errorf("%s: no autofilter over %s: %+v", sheet, filter, dn)
	}
	for _, col := range wide {
		if w, err := f.GetColWidth(sheet, col); err != nil || w <= 12 {
			t.Errorf("%s: column %s is %v wide (%v), want wider than the default", sheet, col, w, err)
		}
	}
}

// The risk export opened with LibreOffice: every field, the registers'
// names, dates as dates (dd.mm.åååå), the exposure and its band, and what
// the sheet is.
func TestRiskXLSXInLibreOffice(t *testing.T) {
	r := risk.Risk{ID: "R-7", Description: "Integrationen til ESDH er ikke testet; sager kan ikke journaliseres", Registered: model.NewDate(2027, 1, 4),
		Category: risk.Technical, Probability: 4, Consequence: 4, Proximity: risk.Near, Reaction: risk.Reduce, Prevention: "Test i præproduktion",
		Status: risk.Open, Initiator: "Projektgruppen", Owner: "Leverandøren", Actor: "Ærø Kommunes IT", NextReview: model.NewDate(2027, 2, 1)}
	closed := r
	closed.ID, closed.Status, closed.NextReview, closed.Lesson, closed.Probability = "R-8", risk.Closed, model.NoDate, "Test tidligt, \"før\" uddannelsen", 1
	b, err := export.RiskXLSX("Hypercareteamets register, bølge 2 – KSD", model.NewDate(2027, 2, 3), []export.RiskRow{
		{Register: "Hypercareteamets register, bølge 2", Risk: r}, {Register: "København", Risk: closed}})
	if err != nil {
		t.Fatal(err)
	}
	layout(t, b, "Risici", "$A$1:$R$3", "C", "L", "R")
	sheets := officetest.Sheets(t, b)
	rows := sheets["Risici"]
	if len(rows) != 3 {
		t.Fatalf("LibreOffice reads %d rows: %q", len(rows), rows)
	}
	want := []string{"R-7", "Hypercareteamets register, bølge 2", r.Description, "04.01.2027", "Teknisk", "4", "4", "16", "høj", "1–3 måneder",
		"Reducere", "Test i præproduktion", "Åben", "Projektgruppen", "Leverandøren", "Ærø Kommunes IT", "01.02.2027", ""}
	if !slices.Equal(rows[1], want) {
		t.Errorf("row 1:\n got %q\nwant %q", rows[1], want)
	}
	if rows[0][3] != "Registreret" || rows[0][16] != "Næste gennemgang" || rows[2][1] != "København" || rows[2][7] != "4" || rows[2][8] != "lav" ||
		rows[2][12] != "Lukket" || rows[2][16] != "" || rows[2][17] != closed.Lesson {
		t.Errorf("header or closed risk: %q / %q", rows[0], rows[2])
	}
	info := sheets["Oplysninger"]
	// Row 1 is the sheet's header (Oplysning, Værdi).
	if len(info) < 3 || info[1][1] != "Hypercareteamets register, bølge 2 – KSD" || info[2][1] != "03.02.2027" {
		t.Errorf("Oplysninger: %q", info)
	}
}

// The readiness export opened with LibreOffice: the rounds' dates as dates,
// figures for a group at the threshold, none for a group below it, and the
// threshold written down.
func TestReadinessXLSXInLibreOffice(t *testing.T) {
	var five, four readiness.Tally
	for range 5 {
		five.Add(readiness.Answer{4, 3, 5, 5, 4})
	}
	for range 4 {
		four.Add(readiness.Answer{1, 1, 1, 1, 1})
	}
	win := readiness.Window{Opens: model.NewDate(2026, 9, 1), Closes: model.NewDate(2026, 9, 15)}
	b, err := export.ReadinessXLSX("København – KSD (pr. 07.12.2026)", 5, []export.ReadinessGroup{
		{Round: readiness.Baseline, Window: win, Group: "Leder", Result: readiness.Summarise(five, 5)},
		{Round: readiness.Baseline, Window: win, Group: "Lejlighedsvis bruger", Result: readiness.Summarise(four, 5)},
	})
	if err != nil {
		t.Fatal(err)
	}
	layout(t, b, "Resultater", "$A$1:$AJ$3", "B")
	sheets := officetest.Sheets(t, b)
	rows := sheets["Resultater"]
	if len(rows) != 3 {
		t.Fatalf("LibreOffice reads %d rows: %q", len(rows), rows)
	}
	head := rows[0]
	if head[0] != "Runde" || head[2] != "Runden åbner" || head[3] != "Runden lukker" || head[4] != "Svar" || head[5] != "Opmærksomhed gennemsnit" ||
		head[len(head)-1] != "Fokuselement" {
		t.Errorf("header %q", head)
	}
	l := rows[1]
	if l[0] != readiness.Baseline.Short() || l[1] != "Leder" || l[2] != "01.09.2026" || l[3] != "15.09.2026" || l[4] != "5" || l[5] != "4" || l[6] != "3" ||
		l[len(l)-1] != "Motivation" {
		t.Errorf("Leder: %q", l)
	}
	hidden := rows[2]
	if hidden[1] != "Lejlighedsvis bruger" || hidden[2] != "01.09.2026" || hidden[4] != "Færre end 5 svar – vises ikke" {
		t.Errorf("the group below the threshold: %q", hidden)
	}
	for _, c := range hidden[5:] {
		if c != "" {
			t.Errorf("the group below the threshold shows a figure: %q", hidden)
			break
		}
	}
	info := sheets["Oplysninger"]
	// Row 1 is the sheet's header (Oplysning, Værdi).
	if len(info) < 3 || info[1][1] != "København – KSD (pr. 07.12.2026)" || info[2][0] != "Anonymitetsgrænse" ||
		info[2][1] != "Ingen tal for en gruppe med færre end 5 svar" {
		t.Errorf("Oplysninger: %q", info)
	}
}

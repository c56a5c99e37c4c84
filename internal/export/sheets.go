package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// planHeader is the column row of a plan in both .xlsx and CSV.
var planHeader = []string{"ID", "Opgave", "Fase", "Tema", "Type", "Ansvarlig", "Udfører", "Tildelt", "Start", "Slut",
	"Varighed (arbejdsdage)", "Status", "Trafiklys", "Kritisk vej (beregnet)", "Slæk (arbejdsdage)", "Prognose slut",
	"Afhænger af", "Egen opgave", "Flyttet lokalt", "Begrundelse"}

func planRow(t Task, deps func([]model.Dependency) string) []any {
	return []any{t.Key, t.Title, phaseLabel(t.Phase, t.PhaseName), nameOr(t.ThemeName, t.Theme), t.Type.Label(), t.Responsible, t.Executor, t.Assignee, t.Start, t.End,
		t.Duration, t.Status.Label(), colourNames[t.Colour], yesNo(t.Critical), t.TotalFloat, t.ForecastEnd,
		deps(t.DependsOn), yesNo(t.Own), yesNo(t.Moved), t.MoveReason}
}

// phaseLabel is how a phase is shown: its number and name ("2.1 Planlægning").
func phaseLabel(key, name string) string {
	if name == "" || key == "" {
		return key + name
	}
	return key + " " + name
}

func nameOr(name, key string) string {
	if name != "" {
		return name
	}
	return key
}

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}

// DepsText writes dependencies in the catalogue's compact form.
type DepsText func([]model.Dependency) string

// PlanXLSX writes a plan as a workbook: sheet "Plan" with one row per task,
// sheet "Oplysninger" with what the plan is.
func PlanXLSX(p Plan, deps DepsText) ([]byte, error) {
	f, st, err := newWorkbook("Plan")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows := make([][]any, len(p.Tasks))
	for i, t := range p.Tasks {
		rows[i] = planRow(t, deps)
	}
	if err := writeTable(f, st, table{sheet: "Plan", head: planHeader, rows: rows, maxWidth: planWidths(0)}); err != nil {
		return nil, err
	}
	info := infoTable([][]any{
		{"Program", p.ProgrammeName + " (" + p.Programme + ")"},
		{"Kommune", p.MunicipalityName + " (" + p.MunicipalityCode + ")"},
		{"Go-live", p.GoLive},
		{"Status pr.", p.Asof},
		{"Dannet (UTC)", p.Created},
	})
	if err := writeTable(f, st, info); err != nil {
		return nil, err
	}
	return save(f)
}

// planWidths lets a plan's title column (after offset leading columns) be
// wider than the rest.
func planWidths(offset int) map[int]float64 { return map[int]float64{offset + 1: 60} }

// OverviewXLSX writes the national overview: sheet "Kommuner" with one row
// per municipality and its colour counts, sheet "Opgaver" with every
// municipality's plan lines. Streamed, so 98 × 150 lines stay fast.
func OverviewXLSX(o Overview, deps DepsText) ([]byte, error) {
	var buf bytes.Buffer
	err := OverviewXLSXTo(&buf, o, func(emit func(OverviewRow) error) error {
		for _, r := range o.Rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	}, deps)
	return buf.Bytes(), err
}

var overviewHeader = []string{"Kommunekode", "Kommune", "Region", "Bølge", "Go-live", "Fase", "Trafiklys", "Røde", "Gule", "Grønne", "Uden farve"}

func overviewRow(r OverviewRow) []any {
	return []any{r.Code, r.Name, r.Region, r.Wave, r.GoLive, phaseLabel(r.Phase, r.PhaseName), colourNames[r.Colour], r.Counts.Red, r.Counts.Yellow,
		r.Counts.Green, r.Counts.None}
}

// CSV is written the way Danish Excel opens it directly: UTF-8 with a byte
// order mark, semicolons between fields, dates as dd.mm.yyyy, CRLF lines.

// PlanCSV writes a plan as CSV with the same columns as PlanXLSX.
func PlanCSV(p Plan, deps DepsText) []byte {
	var buf bytes.Buffer
	w := csvWriter(&buf)
	w.Write(planHeader)
	for _, t := range p.Tasks {
		w.Write(texts(planRow(t, deps)))
	}
	w.Flush()
	return buf.Bytes()
}

// OverviewCSV writes the overview's municipality lines as CSV.
func OverviewCSV(o Overview) []byte {
	var buf bytes.Buffer
	w := csvWriter(&buf)
	w.Write(overviewHeader)
	for _, r := range o.Rows {
		w.Write(texts(overviewRow(r)))
	}
	w.Flush()
	return buf.Bytes()
}

func csvWriter(out io.Writer) *csv.Writer {
	out.Write([]byte("\uFEFF"))
	w := csv.NewWriter(out)
	w.Comma, w.UseCRLF = ';', true
	return w
}

func texts(vals []any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case model.Date:
			if x != model.NoDate {
				out[i] = x.Danish()
			}
		case string:
			out[i] = neutralise(x)
		default:
			out[i] = fmt.Sprint(x)
		}
	}
	return out
}

// neutralise keeps a text cell from being read as a formula by a
// spreadsheet (CSV injection): a leading = + - @ gets an apostrophe.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

package gantt_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/gantt"
	"github.com/udrul/udrul/internal/model"
)

func d(s string) model.Date {
	v, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func chart() gantt.Chart {
	return gantt.Chart{
		Title:  "København <KSD> & co",
		Today:  d("2027-02-01"),
		GoLive: d("2027-03-01"),
		Bands:  []gantt.Band{{Name: "2.1 Planlægning", Start: d("2026-12-01"), End: d("2027-01-31")}, {Name: "2.2 Klargøring", Start: d("2027-02-01"), End: d("2027-02-28")}},
		Groups: []gantt.Group{
			{Name: "2.1 Planlægning", Rows: []gantt.Row{
				{Key: "a", Label: "Indgå aftale", Start: d("2027-01-04"), End: d("2027-01-15"), Status: model.Completed, Critical: true},
				{Key: "b", Label: "Konfigurér", Start: d("2027-01-18"), End: d("2027-01-29"), Status: model.Started, Late: true, Critical: true},
			}},
			{Name: "2.2 Klargøring", Rows: []gantt.Row{
				{Key: "c", Label: "Uddan", Start: d("2027-02-01"), End: d("2027-02-12"), Status: model.NotStarted, Note: "1/2 skoler"},
				{Key: "m", Label: "Klar til go-live", Start: d("2027-02-26"), End: d("2027-02-26"), Status: model.NotStarted, Milestone: true},
				{Key: "v", Label: "Valgfri", Start: d("2027-02-01"), End: d("2027-02-05"), Status: model.NotRelevant},
			}},
		},
		Links:   []gantt.Link{{From: "a", To: "b", Kind: "FS"}, {From: "b", To: "c", Kind: "SS"}, {From: "c", To: "m", Kind: "FF"}, {From: "x", To: "m"}},
		Markers: []gantt.Marker{{Name: "Idriftsættelse", Date: d("2027-02-22")}},
	}
}

func TestSVGIsWellFormedAndSaysEverythingInText(t *testing.T) {
	svg := gantt.SVG(chart())
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
	}
	for _, want := range []string{
		`role="img"`, `<title id="gantt-title">København &lt;KSD&gt; &amp; co</title>`, `<desc id="gantt-desc">`,
		"Fuldført · kritisk vej", "Påbegyndt · kritisk vej · forsinket", "Ikke påbegyndt · 1/2 skoler", "Ikke relevant",
		"url(#p-started)", "url(#p-irrelevant)", "I dag 01.02.2027", "Go-live 01.03.2027", "Idriftsættelse",
		"2.1 Planlægning", "a → b (FS)", "b → c (SS)", "c → m (FF)", "5 opgaver: 1 fuldført, 1 forsinket, 2 på den beregnede kritiske vej",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "x → m") {
		t.Error("a link to an unknown task is drawn")
	}
	if n := strings.Count(svg, `marker-end="url(#arrow)"`); n != 3 {
		t.Errorf("%d arrows, want 3", n)
	}
}

func TestEmptyChart(t *testing.T) {
	svg := gantt.SVG(gantt.Chart{Title: "Tom"})
	if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") {
		t.Errorf("empty chart: %s", svg)
	}
	// Nothing dated and no today given: no invented dates (the chart has no
	// clock of its own), so no month axis and no date range in words.
	if !strings.Contains(svg, "<desc id=\"gantt-desc\">Gantt-diagram uden datoer.</desc>") || strings.Contains(svg, "y1=\"18\"") {
		t.Errorf("empty chart has dates: %s", svg)
	}
}

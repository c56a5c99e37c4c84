package gantt_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
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
		"2.1 Planlægning", "Indgå aftale → Konfigurér (slut–start)", "Konfigurér → Uddan (start–start)", "Uddan → Klar til go-live (slut–slut)", "5 opgaver: 1 fuldført, 1 forsinket, 2 på den beregnede kritiske vej",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "→ Klar til go-live (slut–start)") {
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

// text is one <text> of a chart with the box it takes.
type text struct {
	s   string
	box gantt.Box
}

// texts reads every <text> of svg and the picture's size.
func texts(t *testing.T, svg string) (out []text, width, height float64) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, width, height
		} else if err != nil {
			t.Fatal(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := map[string]string{}
		for _, a := range se.Attr {
			attr[a.Name.Local] = a.Value
		}
		num := func(k string) float64 {
			v, err := strconv.ParseFloat(attr[k], 64)
			if err != nil {
				t.Fatalf("<%s %s=%q>: %v", se.Name.Local, k, attr[k], err)
			}
			return v
		}
		switch se.Name.Local {
		case "svg":
			width, height = num("width"), num("height")
		case "text":
			var content string
			if err := dec.DecodeElement(&content, &se); err != nil {
				t.Fatal(err)
			}
			out = append(out, text{content, gantt.TextBox(content, attr["font-weight"] == "bold", num("x"), num("y"), attr["text-anchor"] == "end")})
		}
	}
}

// checkLayout: no two texts of the chart overlap and none runs out of it.
func checkLayout(t *testing.T, svg string) {
	t.Helper()
	ts, w, h := texts(t, svg)
	if len(ts) == 0 {
		t.Fatal("no text in the chart")
	}
	for i, a := range ts {
		if a.box.X0 < 0 || a.box.X1 > w || a.box.Y0 < 0 || a.box.Y1 > h {
			t.Errorf("%q (%.0f,%.0f–%.0f,%.0f) runs out of the %.0f×%.0f picture", a.s, a.box.X0, a.box.Y0, a.box.X1, a.box.Y1, w, h)
		}
		for _, b := range ts[i+1:] {
			if a.box.Overlaps(b.box) {
				t.Errorf("%q and %q overlap: %+v, %+v", a.s, b.s, a.box, b.box)
			}
		}
	}
}

// crowded is a chart made to collide: long titles, milestones days apart
// around go-live and today, a short phase band, a late task at the very
// end, and a span over two years.
func crowded() gantt.Chart {
	c := chart()
	c.Today = d("2027-02-26")
	c.Markers = []gantt.Marker{{Name: "Idriftsættelse", Date: d("2027-02-22")}, {Name: "Uddannelse slut", Date: d("2027-02-24")}, {Name: "Konvertering", Date: d("2027-03-02")}}
	c.Bands = append(c.Bands, gantt.Band{Name: "2.3 Idriftsættelse", Start: d("2027-03-01"), End: d("2027-03-03")}, gantt.Band{Name: "3 Ibrugtagning", Start: d("2027-03-04"), End: d("2029-03-01")})
	long := "Gennemfør den tekniske og organisatoriske klargøring af alle integrationer og snitflader til fagsystemerne, inden go-live"
	c.Groups = append(c.Groups, gantt.Group{Name: "3 Ibrugtagning og en meget lang fasebetegnelse, der ikke kan stå på én linje i kolonnen", Rows: []gantt.Row{
		{Key: "l1", Label: long, Start: d("2027-03-01"), End: d("2027-03-05"), Status: model.NotStarted, Critical: true},
		{Key: "l2", Label: "Supercalifragilistiskekspialegorisk-opgavebetegnelse-uden-mellemrum-overhovedet", Start: d("2029-02-01"), End: d("2029-03-01"), Status: model.Started, Late: true, Critical: true, Note: "12/40 institutioner færdige"},
		{Key: "l3", Label: "Slut", Start: d("2029-03-01"), End: d("2029-03-01"), Status: model.NotStarted, Milestone: true},
	}})
	return c
}

// TestLabelsNeverOverlapOrClip checks the chart's geometry: every text's
// box, by the layout's own measure, is inside the picture and clear of
// every other text – on an ordinary chart, a crowded one, and one where
// finished phases are folded.
func TestLabelsNeverOverlapOrClip(t *testing.T) {
	for name, c := range map[string]gantt.Chart{"ordinary": chart(), "crowded": crowded()} {
		for _, collapse := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/collapse=%v", name, collapse), func(t *testing.T) {
				c.CollapseDone = collapse
				checkLayout(t, gantt.SVG(c))
			})
		}
	}
	// The long title is wrapped over lines, not cut.
	svg := gantt.SVG(crowded())
	if strings.Contains(svg, "…") {
		t.Error("a label is cut")
	}
	ts, _, _ := texts(t, svg)
	var joined []string
	for _, x := range ts {
		joined = append(joined, x.s)
	}
	if all := strings.Join(joined, " "); !strings.Contains(all, "Gennemfør den tekniske") || !strings.Contains(all, "fagsystemerne, inden go-live") {
		t.Error("the long title is not all there")
	}
}

// TestCollapseDone: with CollapseDone a phase whose tasks are all done is
// one line saying so; phases with unfinished work keep their rows.
func TestCollapseDone(t *testing.T) {
	c := chart()
	c.Groups = append([]gantt.Group{{Name: "1 Initiering", Rows: []gantt.Row{
		{Key: "i1", Label: "Forankr projektet", Start: d("2026-11-02"), End: d("2026-11-13"), Status: model.Completed},
		{Key: "i2", Label: "Udpeg projektleder", Start: d("2026-11-02"), End: d("2026-11-06"), Status: model.NotRelevant},
	}}}, c.Groups...)
	c.Links = append(c.Links, gantt.Link{From: "i1", To: "a"})
	full := gantt.SVG(c)
	c.CollapseDone = true
	folded := gantt.SVG(c)
	if !strings.Contains(folded, "1 Initiering – alle 2 opgaver er klaret") || strings.Contains(folded, ">Forankr projektet<") {
		t.Errorf("the finished phase is not folded")
	}
	if !strings.Contains(full, ">Forankr projektet<") {
		t.Error("without CollapseDone the finished phase's tasks are missing")
	}
	if !strings.Contains(folded, ">Konfigurér<") || !strings.Contains(folded, ">Uddan<") {
		t.Error("a phase with unfinished work was folded")
	}
	if strings.Contains(folded, "Forankr projektet → Indgå aftale") {
		t.Error("an arrow from a folded task is drawn")
	}
}

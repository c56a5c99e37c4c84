package choropleth_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/choropleth"
)

func denmark(t *testing.T) *choropleth.Map {
	t.Helper()
	m, err := choropleth.New(data.GeoJSON(), choropleth.Denmark)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// elements parses the SVG and counts elements by name, failing on
// malformed XML.
func elements(t *testing.T, svg string) map[string]int {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	n := map[string]int{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			n[se.Name.Local]++
		}
	}
}

func TestDenmark(t *testing.T) {
	m := denmark(t)
	codes := m.Codes()
	if len(codes) != 98 || m.Name("751") != "Aarhus" {
		t.Fatalf("%d areas, 751 = %q", len(codes), m.Name("751"))
	}
	fills := map[string]choropleth.Fill{}
	for _, c := range codes {
		fills[c] = choropleth.Fill{Colour: "#77AADD", Text: "3", Title: m.Name(c) + " <bølge 3 & mere>"}
	}
	svg := m.SVG("kort", "Kort & titel", "Beskrivelse", fills)
	n := elements(t, svg)
	// Every municipality once, plus those repeated in the Copenhagen zoom.
	if n["path"] < 98+15 || n["path"] > 98+40 {
		t.Errorf("%d paths, want 98 plus the zoomed ones", n["path"])
	}
	if n["title"] != n["path"]+1 {
		t.Errorf("%d titles for %d paths: every area needs its title, and the image one", n["title"], n["path"])
	}
	if n["clipPath"] != 1 || n["rect"] != 3 {
		t.Errorf("insets: %d clip paths, %d frames+clip rects", n["clipPath"], n["rect"])
	}
	// Labels where there is room: most municipalities, not the smallest.
	labels := strings.Count(svg, ">3</text>")
	if labels < 70 || labels >= n["path"] {
		t.Errorf("%d labels", labels)
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="kort-title kort-desc"`, "Kort &amp; titel", "&lt;bølge 3 &amp; mere&gt;", "Bornholm", "Hovedstadsområdet"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if len(svg) > 250_000 {
		t.Errorf("SVG is %d bytes; simplification should keep it well under 250 kB", len(svg))
	}
	// Without fills every area is still drawn, pale and named.
	plain := m.SVG("p", "t", "d", nil)
	if strings.Count(plain, `fill="#f2f2f2"`) != n["path"] || !strings.Contains(plain, "<title>Aarhus</title>") || strings.Contains(plain, ">3</text>") {
		t.Error("unfilled map is not all pale grey with names and without labels")
	}
}

func TestNewRefuses(t *testing.T) {
	for name, in := range map[string]string{
		"not JSON":          `{`,
		"not a collection":  `{"type":"Feature"}`,
		"no features":       `{"type":"FeatureCollection","features":[]}`,
		"no code":           `{"type":"FeatureCollection","features":[{"properties":{},"geometry":{"type":"Polygon","coordinates":[[[8,55],[9,55],[9,56],[8,55]]]}}]}`,
		"point geometry":    `{"type":"FeatureCollection","features":[{"id":"1","properties":{"code":"1"},"geometry":{"type":"Point","coordinates":[8,55]}}]}`,
		"bad coordinates":   `{"type":"FeatureCollection","features":[{"properties":{"code":"1"},"geometry":{"type":"Polygon","coordinates":[8,55]}}]}`,
		"bad multi polygon": `{"type":"FeatureCollection","features":[{"properties":{"code":"1"},"geometry":{"type":"MultiPolygon","coordinates":[[8,55]]}}]}`,
	} {
		if _, err := choropleth.New([]byte(in), choropleth.Options{}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// The id stands in for a missing code.
	m, err := choropleth.New([]byte(`{"type":"FeatureCollection","features":[{"id":"7","properties":{"name":"Syv"},
		"geometry":{"type":"Polygon","coordinates":[[[8,55],[9,55],[9,56],[8,56],[8,55]]]}}]}`), choropleth.Options{})
	if err != nil || len(m.Codes()) != 1 || m.Codes()[0] != "7" || m.Name("7") != "Syv" {
		t.Fatalf("id as code: %v %v", m, err)
	}
	if n := elements(t, m.SVG("x", "t", "d", map[string]choropleth.Fill{"7": {Colour: "#000", Text: "A"}})); n["path"] != 1 || n["text"] != 1 {
		t.Errorf("one large square: %v", n)
	}
}

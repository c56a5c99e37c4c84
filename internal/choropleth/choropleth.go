// Package choropleth draws a map of areas (Denmark's municipalities) as
// server-side SVG, each area filled with a colour and, where it is large
// enough, labelled with a short text, so that colour is never the only
// carrier of the information. It is pure: GeoJSON in, SVG text out.
//
// The GeoJSON is read once (New): coordinates are projected (equirectangular,
// longitude scaled by the cosine of the middle latitude, which is accurate to
// a few per cent across Denmark), moved into insets, simplified to what the
// output resolution can show and turned into path data. Drawing (SVG) only
// assembles strings.
package choropleth

import (
	"encoding/json"
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Area is one drawable area.
type area struct {
	code, name string
	d          string  // path data in output pixels
	lx, ly     float64 // label point
	labelled   bool    // large enough for a label
	zoom       bool    // part of a zoom inset (drawn clipped)
}

// Map is a prepared map.
type Map struct {
	width, height float64
	areas         []area
	frames        []frame
	order         []string // codes, in input order
	names         map[string]string
}

// frame is an inset's box and caption.
type frame struct {
	x, y, w, h float64
	title      string
	clip       bool
}

// Move takes areas out of the main map and draws them elsewhere in a
// framed box, like Bornholm in maps of Denmark.
type Move struct {
	Title  string
	Codes  []string
	DLon   float64 // shift in degrees
	DLat   float64
	Margin float64 // frame padding in degrees of latitude
}

// Zoom repeats a region of the map, magnified, in a framed box.
type Zoom struct {
	Title                          string
	MinLon, MinLat, MaxLon, MaxLat float64
	Scale                          float64
	Lon, Lat                       float64 // where the box's top-left corner goes, in map coordinates
}

// Options shape a map.
type Options struct {
	Width  float64 // pixels; default 560
	Moves  []Move
	Zooms  []Zoom
	Margin float64 // pixels around the drawing; default 8
}

// Denmark draws Bornholm in a box north-east of Zealand and repeats the
// Copenhagen area at three times the scale, where the smallest municipalities
// are too small to see or label.
var Denmark = Options{
	Width: 560,
	Moves: []Move{{Title: "Bornholm", Codes: []string{"400"}, DLon: -2.35, DLat: 2.35, Margin: 0.04}},
	Zooms: []Zoom{{Title: "Hovedstadsområdet, 3 × forstørret", MinLon: 12.18, MinLat: 55.57, MaxLon: 12.66, MaxLat: 55.82,
		Scale: 3, Lon: 12.95, Lat: 56.95}},
}

// middle latitude for the projection
const lat0 = 56.0

var kx = math.Cos(lat0 * math.Pi / 180)

type pt struct{ x, y float64 }

func project(lon, lat float64) pt { return pt{lon * kx, -lat} }

type feature struct {
	ID         any `json:"id"`
	Properties struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"properties"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

type shape struct {
	code, name string
	polys      [][][]pt // polygons of rings, projected
	moved      bool
}

// New prepares a map from a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features whose properties carry code and name.
func New(geojson []byte, opt Options) (*Map, error) {
	if opt.Width <= 0 {
		opt.Width = 560
	}
	if opt.Margin <= 0 {
		opt.Margin = 8
	}
	var fc struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}
	if err := json.Unmarshal(geojson, &fc); err != nil {
		return nil, fmt.Errorf("choropleth: %w", err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		return nil, fmt.Errorf("choropleth: want a FeatureCollection with features")
	}
	moveOf := map[string]*Move{}
	for i := range opt.Moves {
		for _, c := range opt.Moves[i].Codes {
			moveOf[c] = &opt.Moves[i]
		}
	}
	var shapes []shape
	for i, f := range fc.Features {
		code := f.Properties.Code
		if code == "" {
			if s, ok := f.ID.(string); ok {
				code = s
			}
		}
		if code == "" {
			return nil, fmt.Errorf("choropleth: feature %d has no code", i)
		}
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("choropleth: feature %s: %w", code, err)
			}
			polys = [][][][2]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				return nil, fmt.Errorf("choropleth: feature %s: %w", code, err)
			}
		default:
			return nil, fmt.Errorf("choropleth: feature %s has geometry %q; want Polygon or MultiPolygon", code, f.Geometry.Type)
		}
		mv := moveOf[code]
		s := shape{code: code, name: f.Properties.Name, moved: mv != nil}
		for _, poly := range polys {
			var rings [][]pt
			for _, ring := range poly {
				r := make([]pt, len(ring))
				for k, c := range ring {
					lon, lat := c[0], c[1]
					if mv != nil {
						lon, lat = lon+mv.DLon, lat+mv.DLat
					}
					r[k] = project(lon, lat)
				}
				rings = append(rings, r)
			}
			s.polys = append(s.polys, rings)
		}
		shapes = append(shapes, s)
	}

	// The drawing's extent: every shape plus the zoom boxes.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	grow := func(p pt) {
		minX, minY, maxX, maxY = min(minX, p.x), min(minY, p.y), max(maxX, p.x), max(maxY, p.y)
	}
	for _, s := range shapes {
		for _, poly := range s.polys {
			for _, p := range poly[0] {
				grow(p)
			}
		}
	}
	type zoomBox struct {
		z        Zoom
		src0     pt // top-left of the source region, projected
		dst0     pt // top-left of the box, projected
		dst1     pt
		selected []int
	}
	var zbs []zoomBox
	for _, z := range opt.Zooms {
		zb := zoomBox{z: z, src0: project(z.MinLon, z.MaxLat), dst0: project(z.Lon, z.Lat)}
		src1 := project(z.MaxLon, z.MinLat)
		zb.dst1 = pt{zb.dst0.x + (src1.x-zb.src0.x)*z.Scale, zb.dst0.y + (src1.y-zb.src0.y)*z.Scale}
		grow(zb.dst0)
		grow(zb.dst1)
		for i, s := range shapes {
			if !s.moved && intersects(s, zb.src0, src1) {
				zb.selected = append(zb.selected, i)
			}
		}
		zbs = append(zbs, zb)
	}
	titleRoom := 14.0 // pixels above a frame for its caption
	scale := (opt.Width - 2*opt.Margin) / (maxX - minX)
	m := &Map{width: opt.Width, names: map[string]string{}}
	m.height = math.Ceil((maxY-minY)*scale + 2*opt.Margin + titleRoom)
	px := func(p pt) pt {
		return pt{(p.x-minX)*scale + opt.Margin, (p.y-minY)*scale + opt.Margin + titleRoom}
	}
	for _, s := range shapes {
		m.order = append(m.order, s.code)
		m.names[s.code] = s.name
		m.areas = append(m.areas, drawArea(s, px))
	}
	for _, mv := range opt.Moves {
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, s := range shapes {
			if !slices.Contains(mv.Codes, s.code) {
				continue
			}
			for _, poly := range s.polys {
				for _, p := range poly[0] {
					q := px(p)
					x0, y0, x1, y1 = min(x0, q.x), min(y0, q.y), max(x1, q.x), max(y1, q.y)
				}
			}
		}
		if math.IsInf(x0, 0) {
			continue
		}
		pad := mv.Margin * scale
		m.frames = append(m.frames, frame{x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2*pad, h: y1 - y0 + 2*pad, title: mv.Title})
	}
	for _, zb := range zbs {
		z := zb.z
		zpx := func(p pt) pt {
			return px(pt{zb.dst0.x + (p.x-zb.src0.x)*z.Scale, zb.dst0.y + (p.y-zb.src0.y)*z.Scale})
		}
		d0, d1 := px(zb.dst0), px(zb.dst1)
		for _, i := range zb.selected {
			a := drawArea(shapes[i], zpx)
			a.zoom = true
			// A label must lie well inside the box: areas cut by its edge
			// may have their best label point outside.
			if a.lx < d0.x+8 || a.lx > d1.x-8 || a.ly < d0.y+6 || a.ly > d1.y-6 {
				a.labelled = false
			}
			m.areas = append(m.areas, a)
		}
		m.frames = append(m.frames, frame{x: d0.x, y: d0.y, w: d1.x - d0.x, h: d1.y - d0.y, title: z.Title, clip: true})
	}
	return m, nil
}

func intersects(s shape, a, b pt) bool {
	for _, poly := range s.polys {
		for _, p := range poly[0] {
			if p.x >= a.x && p.x <= b.x && p.y >= a.y && p.y <= b.y {
				return true
			}
		}
	}
	return false
}

// drawArea turns a shape into path data in pixels, dropping detail finer
// than the output can show, and finds a label point in its largest polygon.
func drawArea(s shape, px func(pt) pt) area {
	a := area{code: s.code, name: s.name}
	var b strings.Builder
	bestArea := 0.0
	var best []pt
	for _, poly := range s.polys {
		for k, ring := range poly {
			r := simplify(ring, px)
			if len(r) < 3 {
				continue
			}
			w, h := extent(r)
			if max(w, h) < 1.2 {
				continue // smaller than a pixel or so: invisible
			}
			writeRing(&b, r)
			if k == 0 {
				if ar := math.Abs(ringArea(r)); ar > bestArea {
					bestArea, best = ar, r
				}
			}
		}
	}
	a.d = b.String()
	if best != nil {
		if w, h := extent(best); w >= 16 && h >= 11 {
			a.lx, a.ly, a.labelled = labelPoint(best)
		}
	}
	return a
}

// simplify projects a ring to pixels and keeps a point only when it is at
// least 1.4 px from the last one kept: finer detail is invisible at the
// map's size and would only make the page heavier.
func simplify(ring []pt, px func(pt) pt) []pt {
	var out []pt
	for _, p := range ring {
		q := px(p)
		q = pt{math.Round(q.x*10) / 10, math.Round(q.y*10) / 10}
		if n := len(out); n > 0 && math.Hypot(q.x-out[n-1].x, q.y-out[n-1].y) < 1.4 {
			continue
		}
		out = append(out, q)
	}
	if n := len(out); n > 1 && out[0] == out[n-1] {
		out = out[:n-1]
	}
	return out
}

func writeRing(b *strings.Builder, r []pt) {
	b.WriteByte('M')
	b.WriteString(num(r[0].x))
	b.WriteByte(' ')
	b.WriteString(num(r[0].y))
	prev := r[0]
	b.WriteByte('l')
	for i, p := range r[1:] {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.x - prev.x))
		b.WriteByte(' ')
		b.WriteString(num(p.y - prev.y))
		prev = p
	}
	b.WriteByte('z')
}

func num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func extent(r []pt) (w, h float64) {
	x0, y0, x1, y1 := r[0].x, r[0].y, r[0].x, r[0].y
	for _, p := range r {
		x0, y0, x1, y1 = min(x0, p.x), min(y0, p.y), max(x1, p.x), max(y1, p.y)
	}
	return x1 - x0, y1 - y0
}

func ringArea(r []pt) float64 {
	s := 0.0
	for i := range r {
		j := (i + 1) % len(r)
		s += r[i].x*r[j].y - r[j].x*r[i].y
	}
	return s / 2
}

// labelPoint returns the middle of the longest horizontal chord inside the
// ring among a few scanlines: always inside the shape, unlike a centroid.
func labelPoint(r []pt) (x, y float64, ok bool) {
	_, h := extent(r)
	y0 := r[0].y
	for _, p := range r {
		y0 = min(y0, p.y)
	}
	bestLen := 0.0
	for _, f := range []float64{0.5, 0.4, 0.6, 0.3, 0.7} {
		sy := y0 + h*f + 0.05
		var xs []float64
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			if (a.y <= sy) != (b.y <= sy) {
				xs = append(xs, a.x+(sy-a.y)*(b.x-a.x)/(b.y-a.y))
			}
		}
		slices.Sort(xs)
		for i := 0; i+1 < len(xs); i += 2 {
			if l := xs[i+1] - xs[i]; l > bestLen {
				bestLen, x, y = l, (xs[i]+xs[i+1])/2, sy
			}
		}
	}
	return x, y, bestLen >= 12
}

// Fill says how to draw one area.
type Fill struct {
	Colour string // an SVG colour, e.g. "#77AADD"
	Text   string // short label drawn on the area when it is large enough, e.g. a wave number
	Title  string // the area's tooltip, e.g. "Aarhus (751): bølge 2"
}

// Codes returns the codes of the map's areas in input order.
func (m *Map) Codes() []string { return slices.Clone(m.order) }

// Name returns an area's name from the GeoJSON.
func (m *Map) Name(code string) string { return m.names[code] }

// SVG draws the map. Areas without a fill are drawn light grey. title and
// desc become the image's accessible name and description; id prefixes the
// element ids so that several maps can share a page.
func (m *Map) SVG(id, title, desc string, fills map[string]Fill) string {
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" class="choropleth">`,
		num(m.width), num(m.height), num(m.width), num(m.height), esc(id), esc(id))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	for i, f := range m.frames {
		if f.clip {
			fmt.Fprintf(&b, `<clipPath id="%s-clip%d"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>`,
				esc(id), i, num(f.x), num(f.y), num(f.w), num(f.h))
		}
	}
	draw := func(zoom bool) {
		for _, a := range m.areas {
			if a.zoom != zoom || a.d == "" {
				continue
			}
			f, ok := fills[a.code]
			colour, tip := "#f2f2f2", a.name
			if ok {
				if f.Colour != "" {
					colour = f.Colour
				}
				if f.Title != "" {
					tip = f.Title
				}
			}
			fmt.Fprintf(&b, `<path d="%s" fill="%s"><title>%s</title></path>`, a.d, esc(colour), esc(tip))
		}
	}
	b.WriteString(`<g stroke="#4d4d4d" stroke-width="0.4" stroke-linejoin="round">`)
	draw(false)
	b.WriteString(`</g>`)
	for i, f := range m.frames {
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#4d4d4d" stroke-width="0.8"/>`,
			num(f.x), num(f.y), num(f.w), num(f.h), map[bool]string{true: "#ffffff", false: "none"}[f.clip])
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="11" text-anchor="end" fill="#1a1a1a">%s</text>`, num(f.x+f.w), num(f.y-3), esc(f.title))
		if f.clip {
			fmt.Fprintf(&b, `<g clip-path="url(#%s-clip%d)" stroke="#4d4d4d" stroke-width="0.4" stroke-linejoin="round">`, esc(id), i)
			draw(true)
			b.WriteString(`</g>`)
		}
	}
	b.WriteString(`<g font-size="10" font-weight="bold" text-anchor="middle" dominant-baseline="central" fill="#1a1a1a" stroke="#ffffff" stroke-width="2.5" paint-order="stroke" aria-hidden="true">`)
	for _, a := range m.areas {
		if f, ok := fills[a.code]; ok && f.Text != "" && a.labelled {
			fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`, num(a.lx), num(a.ly), esc(f.Text))
		}
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

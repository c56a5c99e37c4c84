// Package gantt draws a plan as a Gantt chart in SVG, on the server and
// without scripts: phases as bands, tasks as bars whose status is shown by
// fill pattern and by text (never by colour alone), milestones as diamonds,
// dependency arrows, and lines for today and go-live. It is pure: the
// caller passes every date, including today.
package gantt

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// Chart is what to draw.
type Chart struct {
	Title   string
	Today   model.Date // model.NoDate: no today line
	GoLive  model.Date
	Bands   []Band // time bands, e.g. the implementation model's phases
	Groups  []Group
	Links   []Link
	Markers []Marker // named dates such as the programme's milestones
}

// Band is a shaded stretch of time with a name.
type Band struct {
	Name       string
	Start, End model.Date
}

// Group is a heading with its rows (a phase and its tasks).
type Group struct {
	Name string
	Rows []Row
}

// Row is one task or milestone.
type Row struct {
	Key        string
	Label      string
	Start, End model.Date
	Status     model.Status
	Milestone  bool
	Critical   bool // on the computed critical path
	Late       bool
	Note       string // extra text after the status, e.g. "2/5 skoler"
}

// Link is a dependency drawn as an arrow from From to To.
type Link struct {
	From, To string
	Kind     string // FS, SS or FF
}

// Marker is a named date drawn as a vertical line.
type Marker struct {
	Name string
	Date model.Date
}

// Layout constants in SVG user units.
const (
	labelWidth = 320
	chartWidth = 880
	rowHeight  = 22
	barHeight  = 12
	headHeight = 44
	noteWidth  = 260
)

// StatusText is the Danish text shown beside a bar for its status.
func StatusText(r Row) string {
	parts := []string{r.Status.Label()}
	if r.Critical {
		parts = append(parts, "kritisk vej")
	}
	if r.Late {
		parts = append(parts, "forsinket")
	}
	if r.Note != "" {
		parts = append(parts, r.Note)
	}
	return strings.Join(parts, " · ")
}

// SVG renders the chart. The result is a complete <svg> element with a
// title and description for screen readers; each bar has a tooltip.
func SVG(c Chart) string {
	from, to := span(c)
	days := float64(to-from) + 1
	x := func(d model.Date) float64 { return labelWidth + float64(d-from)*chartWidth/days }
	nrows := 0
	for _, g := range c.Groups {
		nrows += 1 + len(g.Rows)
	}
	height := headHeight + nrows*rowHeight + 8
	width := labelWidth + chartWidth + noteWidth

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="gantt-title gantt-desc" font-family="system-ui, sans-serif" font-size="11">`,
		width, height, width, height)
	fmt.Fprintf(&b, `<title id="gantt-title">%s</title>`, esc(c.Title))
	fmt.Fprintf(&b, `<desc id="gantt-desc">%s</desc>`, esc(describe(c, from, to)))
	b.WriteString(`<defs>` +
		`<pattern id="p-started" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#bbdefb"/><line x1="0" y1="0" x2="0" y2="6" stroke="#0d47a1" stroke-width="3"/></pattern>` +
		`<pattern id="p-irrelevant" patternUnits="userSpaceOnUse" width="5" height="5"><rect width="5" height="5" fill="#fafafa"/><circle cx="2.5" cy="2.5" r="1" fill="#757575"/></pattern>` +
		`<marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L6,3 L0,6 z" fill="#455a64"/></marker>` +
		`</defs>`)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`, width, height)

	// Bands, alternating shades, named in the header.
	for i, band := range c.Bands {
		s, e := max(band.Start, from), min(band.End, to)
		if e < s {
			continue
		}
		fill := "#f3f6f9"
		if i%2 == 1 {
			fill = "#e6ecf2"
		}
		fmt.Fprintf(&b, `<g class="band"><rect x="%.1f" y="0" width="%.1f" height="%d" fill="%s"/><text x="%.1f" y="12" fill="#263238">%s</text></g>`,
			x(s), x(e+1)-x(s), height, fill, x(s)+2, esc(band.Name))
	}
	if from != to {
		months(&b, from, to, x)
	}

	// Rows.
	pos := map[string][2]float64{} // key → start x, end x of the bar; y in ys
	ys := map[string]float64{}
	y := float64(headHeight)
	for _, g := range c.Groups {
		fmt.Fprintf(&b, `<text x="4" y="%.1f" font-weight="bold" fill="#102a43">%s</text>`, y+15, esc(g.Name))
		fmt.Fprintf(&b, `<line x1="0" y1="%.1f" x2="%d" y2="%.1f" stroke="#cfd8dc"/>`, y+rowHeight, width, y+rowHeight)
		y += rowHeight
		for _, r := range g.Rows {
			row(&b, r, x, y)
			sx, ex := x(r.Start), x(r.End+1)
			if r.Milestone {
				sx = (x(r.End) + x(r.End+1)) / 2
				ex = sx
			}
			pos[r.Key] = [2]float64{sx, ex}
			ys[r.Key] = y + rowHeight/2
			y += rowHeight
		}
	}

	// Dependency arrows: from the predecessor's end (FS, FF) or start (SS)
	// to the successor's start (FS, SS) or end (FF), with an elbow.
	for _, l := range c.Links {
		p, okP := pos[l.From]
		s, okS := pos[l.To]
		if !okP || !okS {
			continue
		}
		x1, x2 := p[1], s[0]
		switch l.Kind {
		case "SS":
			x1 = p[0]
		case "FF":
			x2 = s[1]
		}
		y1, y2 := ys[l.From], ys[l.To]
		mid := x1 + 4
		fmt.Fprintf(&b, `<path d="M%.1f,%.1f H%.1f V%.1f H%.1f" fill="none" stroke="#455a64" stroke-width="0.8" marker-end="url(#arrow)"><title>%s → %s (%s)</title></path>`,
			x1, y1, mid, y2, x2, esc(l.From), esc(l.To), esc(l.Kind))
	}

	// Vertical lines last, so they stay visible: markers, go-live, today.
	for _, m := range c.Markers {
		vline(&b, m.Date, from, to, x, height, "#6a1b9a", "4 2", m.Name)
	}
	if c.GoLive != model.NoDate {
		vline(&b, c.GoLive, from, to, x, height, "#1b5e20", "", "Go-live "+c.GoLive.Danish())
	}
	if c.Today != model.NoDate {
		vline(&b, c.Today, from, to, x, height, "#c62828", "6 3", "I dag "+c.Today.Danish())
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// row draws one task: label, bar or diamond, and the status text.
func row(b *strings.Builder, r Row, x func(model.Date) float64, y float64) {
	label := r.Label
	if len([]rune(label)) > 52 {
		label = string([]rune(label)[:51]) + "…"
	}
	fmt.Fprintf(b, `<g class="task"><title>%s: %s – %s. %s</title>`, esc(r.Label), r.Start.Danish(), r.End.Danish(), esc(StatusText(r)))
	weight := "normal"
	if r.Critical {
		weight = "bold"
	}
	fmt.Fprintf(b, `<text x="12" y="%.1f" font-weight="%s" fill="#102a43">%s</text>`, y+15, weight, esc(label))
	fill, stroke := "#ffffff", "#37474f"
	switch r.Status {
	case model.Completed:
		fill, stroke = "#2e7d32", "#1b5e20"
	case model.Started:
		fill, stroke = "url(#p-started)", "#0d47a1"
	case model.NotRelevant:
		fill, stroke = "url(#p-irrelevant)", "#9e9e9e"
	}
	strokeWidth := "1"
	if r.Critical {
		stroke, strokeWidth = "#b71c1c", "2"
	}
	top := y + (rowHeight-barHeight)/2
	end := x(r.End + 1)
	if r.Milestone {
		cx, cy := (x(r.End)+x(r.End+1))/2, y+rowHeight/2
		fmt.Fprintf(b, `<path d="M%.1f,%.1f l6,6 l-6,6 l-6,-6 z" fill="%s" stroke="%s" stroke-width="%s"/>`, cx, cy-6, fill, stroke, strokeWidth)
		end = cx + 6
	} else {
		w := max(end-x(r.Start), 2)
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" rx="2" fill="%s" stroke="%s" stroke-width="%s"/>`,
			x(r.Start), top, w, barHeight, fill, stroke, strokeWidth)
	}
	colour := "#37474f"
	if r.Late {
		colour = "#b71c1c"
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" font-weight="bold" fill="#b71c1c">!</text>`, end+3, y+15)
		end += 8
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" fill="%s">%s</text></g>`, end+4, y+15, colour, esc(StatusText(r)))
}

func vline(b *strings.Builder, d, from, to model.Date, x func(model.Date) float64, height int, colour, dash, label string) {
	if d < from || d > to {
		return
	}
	lx := x(d)
	da := ""
	if dash != "" {
		da = fmt.Sprintf(` stroke-dasharray="%s"`, dash)
	}
	fmt.Fprintf(b, `<g class="line"><line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1.5"%s/><text x="%.1f" y="%d" fill="%s" font-weight="bold">%s</text></g>`,
		lx, headHeight-14, lx, height, colour, da, lx+3, headHeight-4, colour, esc(label))
}

var monthNames = []string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// months draws a tick and a name at the first of every month (every
// quarter when the chart spans more than two years).
func months(b *strings.Builder, from, to model.Date, x func(model.Date) float64) {
	t := from.Time()
	m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	step := 1
	if to-from > 730 {
		step = 3
	}
	for ; model.DateOf(m) <= to; m = m.AddDate(0, step, 0) {
		d := model.DateOf(m)
		name := monthNames[m.Month()-1]
		if m.Month() == time.January || step == 3 && m.Month() <= 3 {
			name += fmt.Sprintf(" %d", m.Year())
		}
		fmt.Fprintf(b, `<line x1="%.1f" y1="18" x2="%.1f" y2="%d" stroke="#b0bec5" stroke-width="0.5"/><text x="%.1f" y="28" fill="#455a64">%s</text>`,
			x(d), x(d), headHeight, x(d)+2, name)
	}
}

// span is the chart's date range: every row, marker, today and go-live,
// with a few days' margin; from == to when nothing is dated.
func span(c Chart) (from, to model.Date) {
	first := true
	add := func(d model.Date) {
		if d == model.NoDate {
			return
		}
		if first {
			from, to, first = d, d, false
			return
		}
		from, to = min(from, d), max(to, d)
	}
	for _, g := range c.Groups {
		for _, r := range g.Rows {
			add(r.Start)
			add(r.End)
		}
	}
	add(c.GoLive)
	add(c.Today)
	for _, m := range c.Markers {
		add(m.Date)
	}
	if first {
		// Nothing dated: an empty range, drawn without a time axis (see
		// SVG), so the chart needs no clock of its own.
		return model.NoDate, model.NoDate
	}
	return from - 7, to + 7
}

// describe summarises the chart in words for the SVG's <desc>.
func describe(c Chart, from, to model.Date) string {
	n, done, late, crit := 0, 0, 0, 0
	for _, g := range c.Groups {
		for _, r := range g.Rows {
			n++
			if r.Status == model.Completed {
				done++
			}
			if r.Late {
				late++
			}
			if r.Critical {
				crit++
			}
		}
	}
	if from == to {
		return "Gantt-diagram uden datoer."
	}
	s := fmt.Sprintf("Gantt-diagram fra %s til %s med %d opgaver: %d fuldført, %d forsinket, %d på den beregnede kritiske vej.",
		from.Danish(), to.Danish(), n, done, late, crit)
	if c.GoLive != model.NoDate {
		s += " Go-live " + c.GoLive.Danish() + "."
	}
	return s + " Samme oplysninger står i tabellen under diagrammet."
}

func esc(s string) string { return html.EscapeString(s) }

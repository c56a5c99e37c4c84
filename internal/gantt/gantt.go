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
	// CollapseDone draws a group whose rows are all done (completed or not
	// relevant) as its heading alone, saying so, so that unfinished work
	// is what the chart shows.
	CollapseDone bool
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
	labelWidth  = 320
	chartWidth  = 880
	rowHeight   = 22 // a row with a one-line label
	lineHeight  = 13 // each further line of a wrapped label
	barHeight   = 12
	noteWidth   = 260
	fontSize    = 11
	labelIndent = 12
	// The header's lanes (baselines): phase bands, months, then one lane
	// per row of vertical-line labels, as many as their overlaps need.
	bandLane  = 12
	monthLane = 26
	lineLane  = 40
)

// TextWidth estimates the width of s in SVG units at the chart's font size,
// generously (wide letters count wide), so that text placed by it does not
// run into other text. Tests check the layout with it.
func TextWidth(s string, bold bool) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("mwMWæÆ@%", r):
			w += 9.6
		case strings.ContainsRune("iljtfI.,:;!|'()[] ", r):
			w += 3.6
		case r >= 'A' && r <= 'Z' || strings.ContainsRune("ÅØ", r):
			w += 8
		default:
			w += 6.6
		}
	}
	if bold {
		w *= 1.1
	}
	return w
}

// Box is the space a piece of text takes: X0..X1 across, Y0..Y1 down.
type Box struct{ X0, Y0, X1, Y1 float64 }

// Overlaps reports whether two boxes share any area.
func (a Box) Overlaps(b Box) bool { return a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1 }

// TextBox is the box of text whose baseline starts at (x, y), or ends there
// when anchorEnd.
func TextBox(s string, bold bool, x, y float64, anchorEnd bool) Box {
	w := TextWidth(s, bold)
	if anchorEnd {
		x -= w
	}
	return Box{x, y - 0.8*fontSize, x + w, y + 0.25*fontSize}
}

// wrap breaks s into lines no wider than width, at spaces (a word wider
// than a line is cut with a hyphen-less break).
func wrap(s string, width float64, bold bool) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		for TextWidth(w, bold) > width {
			// A single word wider than the line: cut it.
			r := []rune(w)
			n := len(r)
			for n > 1 && TextWidth(string(r[:n]), bold) > width {
				n--
			}
			if line != "" {
				lines = append(lines, line)
				line = ""
			}
			lines = append(lines, string(r[:n]))
			w = string(r[n:])
		}
		switch {
		case line == "":
			line = w
		case TextWidth(line+" "+w, bold) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// lanes places labels on a line without overlaps: each label goes to the
// first lane where it fits.
type lanes [][]Box

func (l *lanes) place(b Box) int {
	for i, lane := range *l {
		free := true
		for _, o := range lane {
			if b.X0 < o.X1+4 && o.X0 < b.X1+4 {
				free = false
				break
			}
		}
		if free {
			(*l)[i] = append(lane, b)
			return i
		}
	}
	*l = append(*l, []Box{b})
	return len(*l) - 1
}

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
// title and description for screen readers; each bar has a tooltip. No
// text runs into other text or out of the picture: task labels wrap in
// their column (rows grow), a status that does not fit after its bar goes
// before it (or the picture widens), header labels that would collide take
// another lane or, for phase bands, their short name.
func SVG(c Chart) string {
	from, to := span(c)
	days := float64(to-from) + 1
	x := func(d model.Date) float64 { return labelWidth + float64(d-from)*chartWidth/days }
	width := float64(labelWidth + chartWidth + noteWidth)

	// The vertical lines' labels first: their lanes decide the header's height.
	type vl struct {
		d                 model.Date
		colour, dash, txt string
	}
	var vls []vl
	for _, m := range c.Markers {
		vls = append(vls, vl{m.Date, "#6a1b9a", "4 2", m.Name})
	}
	if c.GoLive != model.NoDate {
		vls = append(vls, vl{c.GoLive, "#1b5e20", "", "Go-live " + c.GoLive.Danish()})
	}
	if c.Today != model.NoDate {
		vls = append(vls, vl{c.Today, "#c62828", "6 3", "I dag " + c.Today.Danish()})
	}
	var vlanes lanes
	type placed struct {
		vl
		lx, tx    float64
		anchorEnd bool
		lane      int
	}
	var lines []placed
	for _, v := range vls {
		if v.d < from || v.d > to {
			continue
		}
		lx := x(v.d)
		p := placed{vl: v, lx: lx, tx: lx + 3}
		if lx+3+TextWidth(v.txt, true) > width-2 {
			p.tx, p.anchorEnd = lx-3, true
		}
		p.lane = vlanes.place(TextBox(v.txt, true, p.tx, 0, p.anchorEnd))
		lines = append(lines, p)
	}
	headHeight := float64(lineLane + 6)
	if len(vlanes) > 1 {
		headHeight += float64(len(vlanes)-1) * lineHeight
	}

	// Rows: wrapped labels, collapsed groups.
	type rowAt struct {
		r     Row
		y     float64
		label []string
	}
	type groupAt struct {
		name []string
		y    float64
		rows []rowAt
	}
	var groups []groupAt
	y := headHeight
	for _, g := range c.Groups {
		name := g.Name
		rows := g.Rows
		if c.CollapseDone && len(rows) > 0 && allDone(rows) {
			name += fmt.Sprintf(" – alle %d opgaver er klaret", len(rows))
			rows = nil
		}
		ga := groupAt{name: wrap(name, labelWidth-8, true), y: y}
		y += rowHeight + float64(len(ga.name)-1)*lineHeight
		for _, r := range rows {
			ra := rowAt{r: r, y: y, label: wrap(r.Label, labelWidth-labelIndent-8, r.Critical)}
			ga.rows = append(ga.rows, ra)
			y += rowHeight + float64(len(ra.label)-1)*lineHeight
		}
		groups = append(groups, ga)
	}
	height := y + 8

	// Status texts: after the bar, before it, or (neither fitting) after
	// it on a wider picture.
	statuses := map[*rowAt]status{}
	for gi := range groups {
		for ri := range groups[gi].rows {
			ra := &groups[gi].rows[ri]
			sx, ex := barSpan(ra.r, x)
			txt := StatusText(ra.r)
			if ra.r.Late {
				txt = "! " + txt
			}
			w := TextWidth(txt, ra.r.Late)
			st := status{txt: txt, x: ex + 4}
			if ex+4+w > width-4 {
				if sx-4-w >= labelWidth+2 {
					st = status{txt: txt, x: sx - 4, anchorEnd: true}
				} else {
					width = ex + 4 + w + 8
				}
			}
			statuses[ra] = st
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="gantt-title gantt-desc" font-family="system-ui, sans-serif" font-size="%d">`,
		width, height, width, height, fontSize)
	fmt.Fprintf(&b, `<title id="gantt-title">%s</title>`, esc(c.Title))
	fmt.Fprintf(&b, `<desc id="gantt-desc">%s</desc>`, esc(describe(c, from, to)))
	b.WriteString(`<defs>` +
		`<pattern id="p-started" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#bbdefb"/><line x1="0" y1="0" x2="0" y2="6" stroke="#0d47a1" stroke-width="3"/></pattern>` +
		`<pattern id="p-irrelevant" patternUnits="userSpaceOnUse" width="5" height="5"><rect width="5" height="5" fill="#fafafa"/><circle cx="2.5" cy="2.5" r="1" fill="#757575"/></pattern>` +
		`<marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L6,3 L0,6 z" fill="#455a64"/></marker>` +
		`</defs>`)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%.0f" height="%.0f" fill="#ffffff"/>`, width, height)

	// Bands, alternating shades, named in the header: the full name where
	// it fits in the band, else its first word (the phase's number), else
	// only in the band's tooltip.
	var bandLabels lanes
	for i, band := range c.Bands {
		s, e := max(band.Start, from), min(band.End, to)
		if e < s {
			continue
		}
		fill := "#f3f6f9"
		if i%2 == 1 {
			fill = "#e6ecf2"
		}
		fmt.Fprintf(&b, `<g class="band"><title>%s</title><rect x="%.1f" y="0" width="%.1f" height="%.0f" fill="%s"/>`,
			esc(band.Name), x(s), x(e+1)-x(s), height, fill)
		for _, name := range []string{band.Name, strings.Fields(band.Name + " ")[0]} {
			bx := TextBox(name, false, x(s)+2, bandLane, false)
			if bx.X1 <= x(e+1)-2 && bx.X1 <= width && len(bandLabels.fits(bx)) == 0 {
				bandLabels.place(bx)
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#263238">%s</text>`, x(s)+2, bandLane, esc(name))
				break
			}
		}
		b.WriteString(`</g>`)
	}
	if from != to {
		months(&b, from, to, x, headHeight, width)
	}

	// Rows.
	pos := map[string][2]float64{} // key → start x, end x of the bar; y in ys
	ys := map[string]float64{}
	titles := map[string]string{}
	for gi := range groups {
		g := &groups[gi]
		for i, l := range g.name {
			fmt.Fprintf(&b, `<text x="4" y="%.1f" font-weight="bold" fill="#102a43">%s</text>`, g.y+15+float64(i)*lineHeight, esc(l))
		}
		gh := rowHeight + float64(len(g.name)-1)*lineHeight
		fmt.Fprintf(&b, `<line x1="0" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#cfd8dc"/>`, g.y+gh, width, g.y+gh)
		for ri := range g.rows {
			ra := &g.rows[ri]
			row(&b, ra.r, ra.label, statuses[ra], x, ra.y)
			sx, ex := barSpan(ra.r, x)
			pos[ra.r.Key] = [2]float64{sx, ex}
			ys[ra.r.Key] = ra.y + rowHeight/2
			titles[ra.r.Key] = ra.r.Label
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
			x1, y1, mid, y2, x2, esc(titles[l.From]), esc(titles[l.To]), esc(linkKind(l.Kind)))
	}

	// Vertical lines last, so they stay visible: markers, go-live, today.
	for _, p := range lines {
		ty := float64(lineLane) + float64(p.lane)*lineHeight
		da := ""
		if p.dash != "" {
			da = fmt.Sprintf(` stroke-dasharray="%s"`, p.dash)
		}
		anchor := ""
		if p.anchorEnd {
			anchor = ` text-anchor="end"`
		}
		fmt.Fprintf(&b, `<g class="line"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.0f" stroke="%s" stroke-width="1.5"%s/><text x="%.1f" y="%.1f" fill="%s" font-weight="bold"%s>%s</text></g>`,
			p.lx, ty+3, p.lx, height, p.colour, da, p.tx, ty, p.colour, anchor, esc(p.txt))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// fits lists the boxes of any lane that b would touch (used for a single
// lane of band names).
func (l lanes) fits(b Box) []Box {
	var out []Box
	for _, lane := range l {
		for _, o := range lane {
			if b.X0 < o.X1+4 && o.X0 < b.X1+4 {
				out = append(out, o)
			}
		}
	}
	return out
}

// status is where a row's status text goes.
type status struct {
	txt       string
	x         float64
	anchorEnd bool
}

// allDone reports whether every row is completed or not relevant.
func allDone(rows []Row) bool {
	for _, r := range rows {
		if r.Status != model.Completed && r.Status != model.NotRelevant {
			return false
		}
	}
	return true
}

// barSpan is where a row's bar (or diamond) starts and ends across.
func barSpan(r Row, x func(model.Date) float64) (sx, ex float64) {
	if r.Milestone {
		cx := (x(r.End) + x(r.End+1)) / 2
		return cx - 6, cx + 6
	}
	sx = x(r.Start)
	return sx, sx + max(x(r.End+1)-sx, 2)
}

// linkKind names a dependency's kind in words.
func linkKind(k string) string {
	switch k {
	case "SS":
		return "start–start"
	case "FF":
		return "slut–slut"
	}
	return "slut–start"
}

// row draws one task: its label (wrapped), bar or diamond, and status.
func row(b *strings.Builder, r Row, label []string, st status, x func(model.Date) float64, y float64) {
	fmt.Fprintf(b, `<g class="task"><title>%s: %s – %s. %s</title>`, esc(r.Label), r.Start.Danish(), r.End.Danish(), esc(StatusText(r)))
	weight := "normal"
	if r.Critical {
		weight = "bold"
	}
	for i, l := range label {
		fmt.Fprintf(b, `<text x="%d" y="%.1f" font-weight="%s" fill="#102a43">%s</text>`, labelIndent, y+15+float64(i)*lineHeight, weight, esc(l))
	}
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
	sx, ex := barSpan(r, x)
	if r.Milestone {
		cx, cy := (sx+ex)/2, y+rowHeight/2
		fmt.Fprintf(b, `<path d="M%.1f,%.1f l6,6 l-6,6 l-6,-6 z" fill="%s" stroke="%s" stroke-width="%s"/>`, cx, cy-6, fill, stroke, strokeWidth)
	} else {
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" rx="2" fill="%s" stroke="%s" stroke-width="%s"/>`,
			sx, top, ex-sx, barHeight, fill, stroke, strokeWidth)
	}
	colour, bold, anchor := "#37474f", "", ""
	if r.Late {
		colour, bold = "#b71c1c", ` font-weight="bold"`
	}
	if st.anchorEnd {
		anchor = ` text-anchor="end"`
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" fill="%s"%s%s>%s</text></g>`, st.x, y+15, colour, bold, anchor, esc(st.txt))
}

var monthNames = []string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// months draws a tick and a name at the first of every month (every
// quarter when the chart spans more than two years); a name that would run
// into the one before it or out of the picture is left out, its tick kept.
func months(b *strings.Builder, from, to model.Date, x func(model.Date) float64, headHeight, width float64) {
	t := from.Time()
	m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	step := 1
	if to-from > 730 {
		step = 3
	}
	last := -1.0
	for ; model.DateOf(m) <= to; m = m.AddDate(0, step, 0) {
		d := model.DateOf(m)
		name := monthNames[m.Month()-1]
		if m.Month() == time.January || step == 3 && m.Month() <= 3 {
			name += fmt.Sprintf(" %d", m.Year())
		}
		fmt.Fprintf(b, `<line x1="%.1f" y1="18" x2="%.1f" y2="%.0f" stroke="#b0bec5" stroke-width="0.5"/>`, x(d), x(d), headHeight)
		bx := TextBox(name, false, x(d)+2, monthLane, false)
		if bx.X0 > last+4 && bx.X1 <= width {
			fmt.Fprintf(b, `<text x="%.1f" y="%d" fill="#455a64">%s</text>`, x(d)+2, monthLane, name)
			last = bx.X1
		}
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
	if c.CollapseDone {
		s += " Faser, hvor alle opgaver er klaret, vises som én linje."
	}
	if c.GoLive != model.NoDate {
		s += " Go-live " + c.GoLive.Danish() + "."
	}
	return s + " Samme oplysninger står i tabellen under diagrammet."
}

func esc(s string) string { return html.EscapeString(s) }

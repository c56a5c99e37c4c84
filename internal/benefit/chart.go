package benefit

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// Chart geometry, in SVG user units.
const (
	chartWidth  = 640
	chartHeight = 300
	padLeft     = 64
	padRight    = 20
	padTop      = 24
	padBottom   = 44
)

// ChartSVG draws a benefit's measurements against its baseline and target
// over time as an SVG element: the planned course as a dashed line from
// the baseline (square) to the target (diamond), the target level as a
// dotted line, the post-measurement period as a shaded band, go-live as a
// vertical line and each measurement as a circle joined by a solid line.
// Shapes and line styles, not colour, tell the series apart; the title
// and description say in words what the chart shows, and every point has
// its own title. id makes the element's ids unique on the page.
func ChartSVG(id string, b Benefit, ms []Measurement, w Window) string {
	from, to := b.BaselineDate, b.TargetDate
	lo, hi := math.Min(b.BaselineValue, b.TargetValue), math.Max(b.BaselineValue, b.TargetValue)
	for _, d := range []model.Date{w.GoLive, w.MeasureFrom, w.MeasureUntil} {
		if d != model.NoDate {
			from, to = min(from, d), max(to, d)
		}
	}
	for _, m := range ms {
		from, to = min(from, m.Date), max(to, m.Date)
		lo, hi = math.Min(lo, m.Value), math.Max(hi, m.Value)
	}
	if to <= from {
		to = from + 1
	}
	if hi <= lo {
		hi, lo = lo+1, lo-1
	}
	pad := (hi - lo) * 0.1
	if lo-pad < 0 && lo >= 0 {
		pad = math.Min(pad, lo) // no negative axis for values that cannot be negative
	}
	lo, hi, step := niceScale(lo-pad, hi+pad)
	plotW, plotH := float64(chartWidth-padLeft-padRight), float64(chartHeight-padTop-padBottom)
	x := func(d model.Date) float64 { return padLeft + float64(d-from)/float64(to-from)*plotW }
	y := func(v float64) float64 { return padTop + (hi-v)/(hi-lo)*plotH }
	unit := html.EscapeString(b.Unit)
	pt := func(v float64, d model.Date) string {
		return fmt.Sprintf("%s %s den %s", Number(v), b.Unit, d.Danish())
	}

	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-titel %s-beskrivelse" class="benefit-chart" font-family="system-ui, sans-serif" font-size="12">`,
		chartWidth, chartHeight, chartWidth, chartHeight, id, id)
	fmt.Fprintf(&s, `<title id="%s-titel">%s</title>`, id, esc(fmt.Sprintf("%s: %s målt i %s", b.Title, b.Indicator, b.Unit)))
	fmt.Fprintf(&s, `<desc id="%s-beskrivelse">%s</desc>`, id, esc(describeChart(b, ms)))
	fmt.Fprintf(&s, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`, chartWidth, chartHeight)
	// The post-measurement period.
	if w.MeasureFrom != model.NoDate && w.MeasureUntil >= w.MeasureFrom {
		fmt.Fprintf(&s, `<rect x="%.1f" y="%d" width="%.1f" height="%.1f" fill="#e8eef4"><title>Periode for eftermålinger: %s–%s</title></rect>`,
			x(w.MeasureFrom), padTop, x(w.MeasureUntil)-x(w.MeasureFrom), plotH, w.MeasureFrom.Danish(), w.MeasureUntil.Danish())
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" fill="#263238">Eftermålinger</text>`, x(w.MeasureFrom)+3, padTop-6)
	}
	// Axes with four value ticks and the first and last dates.
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%.1f" stroke="#37474f"/>`, padLeft, padTop, padLeft, padTop+plotH)
	fmt.Fprintf(&s, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#37474f"/>`, padLeft, padTop+plotH, chartWidth-padRight, padTop+plotH)
	for v := lo; v <= hi+step/2; v += step {
		fmt.Fprintf(&s, `<text x="%d" y="%.1f" text-anchor="end" fill="#263238">%s</text>`, padLeft-6, y(v)+4, esc(Number(v)))
	}
	fmt.Fprintf(&s, `<text x="14" y="%.1f" transform="rotate(-90 14 %.1f)" text-anchor="middle" fill="#263238">%s</text>`,
		padTop+plotH/2, padTop+plotH/2, unit)
	fmt.Fprintf(&s, `<text x="%d" y="%d" fill="#263238">%s</text>`, padLeft, chartHeight-22, from.Danish())
	fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" fill="#263238">%s</text>`, chartWidth-padRight, chartHeight-22, to.Danish())
	// Go-live.
	if w.GoLive != model.NoDate {
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#1b5e20" stroke-width="2"><title>Go-live %s</title></line>`,
			x(w.GoLive), padTop, x(w.GoLive), padTop+plotH, w.GoLive.Danish())
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" text-anchor="middle" fill="#1b5e20">Go-live</text>`, x(w.GoLive), chartHeight-8)
	}
	// The target level and the planned course.
	fmt.Fprintf(&s, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#6a1b9a" stroke-dasharray="2 3"/>`,
		padLeft, y(b.TargetValue), chartWidth-padRight, y(b.TargetValue))
	fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#6a1b9a" stroke-dasharray="8 4" stroke-width="1.5"><title>Planlagt forløb fra baseline til mål</title></line>`,
		x(b.BaselineDate), y(b.BaselineValue), x(b.TargetDate), y(b.TargetValue))
	// The measurements, joined from the baseline.
	sorted := append([]Measurement(nil), ms...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j].Date < sorted[j-1].Date; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	if len(sorted) > 0 {
		pts := []string{fmt.Sprintf("%.1f,%.1f", x(b.BaselineDate), y(b.BaselineValue))}
		for _, m := range sorted {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(m.Date), y(m.Value)))
		}
		fmt.Fprintf(&s, `<polyline points="%s" fill="none" stroke="#0d47a1" stroke-width="2"/>`, strings.Join(pts, " "))
	}
	for _, m := range sorted {
		fmt.Fprintf(&s, `<circle cx="%.1f" cy="%.1f" r="5" fill="#0d47a1"><title>Eftermåling: %s</title></circle>`,
			x(m.Date), y(m.Value), esc(pt(m.Value, m.Date)))
	}
	bx, by := x(b.BaselineDate), y(b.BaselineValue)
	fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="10" height="10" fill="#37474f"><title>Baseline: %s</title></rect>`,
		bx-5, by-5, esc(pt(b.BaselineValue, b.BaselineDate)))
	fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" fill="#263238">Baseline</text>`, bx+8, by-8)
	tx, ty := x(b.TargetDate), y(b.TargetValue)
	fmt.Fprintf(&s, `<path d="M%.1f,%.1f l7,7 l-7,7 l-7,-7 z" fill="#6a1b9a"><title>Mål: %s</title></path>`,
		tx, ty-7, esc(pt(b.TargetValue, b.TargetDate)))
	fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#263238">Mål</text>`, tx-10, ty-8)
	s.WriteString(`</svg>`)
	return s.String()
}

// niceScale widens [lo, hi] to multiples of a round step (1, 2, 2,5 or 5
// times a power of ten) giving about four intervals.
func niceScale(lo, hi float64) (float64, float64, float64) {
	raw := (hi - lo) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if raw <= m*mag {
			step = m * mag
			break
		}
	}
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

func describeChart(b Benefit, ms []Measurement) string {
	d := fmt.Sprintf("Baseline %s %s den %s; mål %s %s senest %s (%s).", Number(b.BaselineValue), b.Unit, b.BaselineDate.Danish(),
		Number(b.TargetValue), b.Unit, b.TargetDate.Danish(), strings.ToLower(b.Direction.Label()))
	if m, ok := Latest(ms); ok {
		d += fmt.Sprintf(" %d eftermålinger; den seneste %s %s den %s. Status: %s.", len(ms), Number(m.Value), b.Unit, m.Date.Danish(),
			StatusOf(b, ms).Label())
	} else {
		d += " Endnu ingen eftermålinger."
	}
	return d + " Tallene står også i tabellen under diagrammet."
}

func esc(s string) string { return html.EscapeString(s) }

package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/choropleth"
	"github.com/udrul/udrul/internal/dknum"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// View models of the wave-plan pages: every number is formatted here, the
// Danish way (1.065.818; 0,0879; 90 %), so the templates only place text.

// waveColours is Paul Tol's "light" qualitative scheme: pale enough for
// black labels on top, distinguishable with the common colour-vision
// deficiencies. The wave number is always drawn or written beside the
// colour, so colour is never the only carrier.
var waveColours = []string{"#77AADD", "#EEDD88", "#44BB99", "#FFAABB", "#BBCC33", "#99DDFF", "#EE8866", "#AAAA00", "#DDDDDD"}

func waveColour(i int) string { return waveColours[i%len(waveColours)] }

// sizeLabel names a municipality's size class from the table in package
// waves.
func sizeLabel(s string) string { return waves.SizeClassLabels.Label(s) }

// signed formats a change with its sign; 0 is "0".
func signed(x float64, prec int) string {
	if math.Abs(x) < 0.5*math.Pow(10, -float64(prec)) {
		return "0"
	}
	if x > 0 {
		return "+" + dknum.Decimal(x, prec)
	}
	return "−" + dknum.Decimal(-x, prec)
}

// criterionPrec is how many decimals a criterion deserves: the balance terms
// are small fractions, the others counts.
func criterionPrec(name string) int {
	switch name {
	case "count_balance", "population_balance", "total":
		return 5
	}
	return 0
}

type changeRow struct {
	Label, Before, After, Delta, Verdict string
}

type changeView struct {
	Rows  []changeRow
	Moved []app.WaveRelocation
	Hard  []string // hard constraints broken after the change
}

func changeViewOf(ch *app.WaveChange) *changeView {
	if ch == nil {
		return nil
	}
	v := &changeView{Moved: ch.Moved}
	v.Hard, _ = waves.SplitViolations(ch.Violations)
	for _, c := range ch.Criteria {
		p := criterionPrec(c.Name)
		verdict := "uændret"
		if d := c.Delta; math.Abs(d) >= 0.5*math.Pow(10, -float64(p)) {
			verdict = map[bool]string{true: "bedre", false: "dårligere"}[d < 0]
		}
		v.Rows = append(v.Rows, changeRow{Label: c.Label, Before: dknum.Decimal(c.Before, p), After: dknum.Decimal(c.After, p), Delta: signed(c.Delta, p), Verdict: verdict})
	}
	return v
}

type criterionRow struct {
	Label, Value, Weight, Weighted string
}

type waveRow struct {
	Number                     int
	Colour, Kind, GoLive       string
	Count                      int
	Population                 string
	Small, Medium, Large       int
	Regions, Capacity, Trained string
	Over                       bool
}

type legendItem struct {
	Number        int
	Colour, Label string
}

type muniRow struct {
	app.WavePlacement
	PopulationText, SizeLabel, GoLiveText, Wishes string
}

// wavePlanMap is the prepared map of Denmark, read from the embedded
// GeoJSON once, when first drawn.
var wavePlanMap = sync.OnceValues(func() (*choropleth.Map, error) {
	return choropleth.New(data.GeoJSON(), choropleth.Denmark)
})

// waveMap draws the municipalities coloured by wave, each labelled with its
// wave number where there is room, with a text legend beside it.
func waveMap(v *app.WaveVersionView) (template.HTML, []legendItem, error) {
	m, err := wavePlanMap()
	if err != nil {
		return "", nil, err
	}
	colour := map[int]string{}
	var legend []legendItem
	for i, w := range v.Waves {
		colour[w.Number] = waveColour(i)
		// The map marks municipalities with the wave's number: a named
		// wave's legend says which number is its.
		label := v.WaveNames.Label(w.Number)
		if _, named := v.WaveNames.Named(w.Number); named {
			label = fmt.Sprintf("%s – nr. %d på kortet", label, w.Number)
		}
		legend = append(legend, legendItem{Number: w.Number, Colour: waveColour(i), Label: fmt.Sprintf("%s (%s, go-live %s): %d kommuner",
			label, strings.ToLower(w.Kind.Label()), w.GoLive.Danish(), w.Count)})
	}
	fills := map[string]choropleth.Fill{}
	for _, p := range v.Municipalities {
		fills[p.Code] = choropleth.Fill{Colour: colour[p.Wave], Text: strconv.Itoa(p.Wave),
			Title: fmt.Sprintf("%s (%s): %s, go-live %s", p.Name, p.Code, v.WaveNames.Label(p.Wave), p.GoLive.Danish())}
	}
	title := fmt.Sprintf("Kort over kommunerne farvet efter bølge, version %d", v.Number)
	desc := "Hver kommune er farvet efter sin bølge og, hvor der er plads, mærket med bølgens nummer. " +
		"Tabellen over kommunernes placering under kortet indeholder de samme oplysninger."
	return template.HTML(m.SVG(fmt.Sprintf("bolgekort-%d", v.Number), title, desc, fills)), legend, nil
}

func waveRows(v *app.WaveVersionView) []waveRow {
	var out []waveRow
	for i, w := range v.Waves {
		r := waveRow{Number: w.Number, Colour: waveColour(i), Kind: w.Kind.Label(), GoLive: w.GoLive.Danish(), Count: w.Count,
			Population: dknum.Int(w.Population), Small: w.Small, Medium: w.Medium, Large: w.Large, Trained: strconv.Itoa(w.Trained)}
		var regs []string
		for _, rc := range w.Regions {
			regs = append(regs, fmt.Sprintf("%s %d", strings.TrimPrefix(rc.Region, "Region "), rc.Count))
		}
		r.Regions = strings.Join(regs, ", ")
		if r.Regions == "" {
			r.Regions = "–"
		}
		if w.Capacity > 0 {
			r.Capacity = fmt.Sprintf("%d af %d (%s %%)", w.Count, w.Capacity, dknum.Decimal(math.Round(w.CapacityUse), 0))
			r.Over = w.Count > w.Capacity
		} else {
			r.Capacity = fmt.Sprintf("%d (ingen grænse)", w.Count)
		}
		out = append(out, r)
	}
	return out
}

func criterionRows(v *app.WaveVersionView) []criterionRow {
	var out []criterionRow
	for _, c := range v.Criteria {
		p := criterionPrec(c.Name)
		out = append(out, criterionRow{Label: c.Label, Value: dknum.Decimal(c.Value, p), Weight: dknum.Decimal(c.Weight, 4), Weighted: dknum.Decimal(c.Weighted, 6)})
	}
	out = append(out, criterionRow{Label: "Samlet score", Value: dknum.Decimal(v.Score.Total, 6), Weight: "", Weighted: dknum.Decimal(v.Score.Total, 6)})
	return out
}

func muniRows(v *app.WaveVersionView) []muniRow {
	out := make([]muniRow, len(v.Municipalities))
	for i, p := range v.Municipalities {
		var wishes []string
		if len(p.Preferred) > 0 {
			wishes = append(wishes, "ønsker "+ints(p.Preferred))
		}
		if len(p.Excluded) > 0 {
			wishes = append(wishes, "ikke "+ints(p.Excluded))
		}
		out[i] = muniRow{WavePlacement: p, PopulationText: dknum.Int(p.Population), SizeLabel: sizeLabel(p.Size),
			GoLiveText: p.GoLive.Danish(), Wishes: strings.Join(wishes, "; ")}
	}
	return out
}

func ints(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ", ")
}

// localTimes shows a version's times in Danish time.
func localTimes(v *app.WaveVersionView) {
	v.CreatedAt = v.CreatedAt.In(model.Copenhagen())
	for _, t := range []**time.Time{&v.AnnouncedAt, &v.FinalisedAt} {
		if *t != nil {
			l := (*t).In(model.Copenhagen())
			*t = &l
		}
	}
	for i := range v.Steps {
		v.Steps[i].At = v.Steps[i].At.In(model.Copenhagen())
	}
	localCommentTimes(v.Comments)
}

func localCommentTimes(cs []app.WaveCommentView) {
	for i := range cs {
		cs[i].CreatedAt = cs[i].CreatedAt.In(model.Copenhagen())
	}
}

// effectView is what "Meld ud" and "Gør endelig" would do to the rollout
// under way, worded for the confirmation.
type effectView struct {
	*app.WaveEffect
	Moves, Live []effectRow
}

type effectRow struct {
	Name, Code, From, To string
	Live                 bool
}

func effectViewOf(e *app.WaveEffect, waves model.WaveNames) *effectView {
	row := func(m app.WaveEffectMove) effectRow {
		return effectRow{Name: m.Name, Code: m.Code, Live: m.Live,
			From: fmt.Sprintf("%s, %s", waves.Label(m.FromWave), m.FromGoLive.Danish()), To: fmt.Sprintf("%s, %s", waves.Label(m.ToWave), m.ToGoLive.Danish())}
	}
	v := &effectView{WaveEffect: e}
	for _, m := range e.Moves {
		v.Moves = append(v.Moves, row(m))
	}
	for _, m := range e.Live {
		v.Live = append(v.Live, row(m))
	}
	return v
}

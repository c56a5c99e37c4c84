package web

import (
	"fmt"
	"github.com/udrul/udrul/internal/access"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/choropleth"
	"github.com/udrul/udrul/internal/model"
)

// statusSymbol marks an area on the status map so the colour is never the
// only carrier; the legend explains the symbols.
var statusSymbol = map[model.Colour]string{model.Red: "✕", model.Yellow: "!", model.Green: "✓", model.None: "–"}

var statusFill = map[model.Colour]string{model.Red: "#e8838f", model.Yellow: "#f7dc6f", model.Green: "#7fc79b", model.None: "#ffffff"}

// overviewFilter is the national overview's filter and sort, read from the
// query so that links and a plain form work without JavaScript.
type overviewFilter struct {
	Region string
	Wave   int
	Colour model.Colour
	Sort   string
}

func readOverviewFilter(r *http.Request) (overviewFilter, error) {
	q := r.URL.Query()
	f := overviewFilter{Region: q.Get("region"), Colour: model.Colour(q.Get("colour")), Sort: q.Get("sort")}
	if v := q.Get("wave"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, badRequest("wave", fmt.Sprintf("wave=%q er ikke et bølgenummer", v))
		}
		f.Wave = n
	}
	if f.Colour != "" && !slices.Contains(model.Colours, f.Colour) {
		return f, badRequest("colour", fmt.Sprintf("colour=%q: brug red, yellow, green eller none", f.Colour))
	}
	switch f.Sort {
	case "", "name", "wave", "golive", "status", "red":
	default:
		return f, badRequest("sort", fmt.Sprintf("sort=%q: brug name, wave, golive, status eller red", f.Sort))
	}
	return f, nil
}

func (f overviewFilter) keep(m app.MunicipalityOverview) bool {
	return (f.Region == "" || m.Region == f.Region) && (f.Wave == 0 || m.Wave == f.Wave) && (f.Colour == "" || m.Colour == f.Colour)
}

var colourRank = map[model.Colour]int{model.Red: 0, model.Yellow: 1, model.Green: 2, model.None: 3}

func (f overviewFilter) apply(ms []app.MunicipalityOverview) []app.MunicipalityOverview {
	var out []app.MunicipalityOverview
	for _, m := range ms {
		if f.keep(m) {
			out = append(out, m)
		}
	}
	less := map[string]func(a, b app.MunicipalityOverview) bool{
		"name":   func(a, b app.MunicipalityOverview) bool { return a.Name < b.Name },
		"golive": func(a, b app.MunicipalityOverview) bool { return a.GoLive < b.GoLive },
		"status": func(a, b app.MunicipalityOverview) bool { return colourRank[a.Colour] < colourRank[b.Colour] },
		"red":    func(a, b app.MunicipalityOverview) bool { return a.Counts.Red > b.Counts.Red },
	}[f.Sort]
	if less != nil {
		sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	}
	return out
}

// sortLink is the overview's address with another sort order, keeping the filter.
func sortLink(r *http.Request, by string) string {
	q := r.URL.Query()
	q.Set("sort", by)
	return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
}

// statusMap draws the municipalities coloured by roll-up status, each marked
// with a symbol.
func statusMap(o *app.Overview) (template.HTML, error) {
	m, err := wavePlanMap()
	if err != nil {
		return "", err
	}
	fills := map[string]choropleth.Fill{}
	for _, x := range o.Municipalities {
		fills[x.Code] = choropleth.Fill{Colour: statusFill[x.Colour], Text: statusSymbol[x.Colour],
			Title: fmt.Sprintf("%s: %s (%d røde, %d gule opgaver), %s", x.Name, strings.ToLower(x.Colour.Label()), x.Counts.Red, x.Counts.Yellow, o.WaveNames.Label(x.Wave))}
	}
	desc := "Hver kommune er farvet og mærket efter sin samlede status: ✕ rød, ! gul, ✓ grøn, – uden farve. " +
		"Tabellen over kommunerne nedenfor indeholder de samme oplysninger."
	return template.HTML(m.SVG("statuskort", "Kort over kommunernes status pr. "+o.Asof.Danish(), desc, fills)), nil
}

func (s *Server) pageOverview(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	f, err := readOverviewFilter(r)
	if err != nil {
		return err
	}
	o, err := s.app.Overview(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	svg, err := statusMap(o)
	if err != nil {
		return err
	}
	var regions []string
	var waves []int
	for _, m := range o.Municipalities {
		if !slices.Contains(regions, m.Region) {
			regions = append(regions, m.Region)
		}
		if !slices.Contains(waves, m.Wave) {
			waves = append(waves, m.Wave)
		}
	}
	sort.Strings(regions)
	sort.Ints(waves)
	sorts := map[string]string{}
	for _, by := range []string{"name", "wave", "golive", "status", "red"} {
		sorts[by] = sortLink(r, by)
	}
	varyOnFragment(w)
	page := "overview.html"
	if isFragment(r) { // htmx filtering: only the municipalities' table
		page = "overview-fragment"
	}
	data := map[string]any{"Title": o.Name, "O": o, "Map": svg,
		"Rows": f.apply(o.Municipalities), "F": f, "Regions": regions, "WaveNumbers": waves, "Sorts": sorts,
		"Symbols": byName(statusSymbol), "Fills": byName(statusFill),
		"AllRisks": access.ViewAllRisks(identityOf(r).Subject)} // observers see no risk lists
	if access.MakeHandbooks(identityOf(r).Subject) && !isFragment(r) {
		// Every municipality's handbook as one job (handbook_job.go).
		data["Handbooks"] = true
		if j, ok, err := s.app.LatestHandbooks(r.Context(), identityOf(r), o.Programme); err != nil {
			return err
		} else if ok {
			data["LastHandbooks"] = jobView(j)
			data["LastHandbooksAt"] = model.DanishTime(j.FinishedAt)
		}
	}
	return s.render(w, http.StatusOK, page, feedback(r, data))
}

// byName keys a per-colour map by the colour's name, for templates.
func byName(m map[model.Colour]string) map[string]string {
	out := make(map[string]string, len(m))
	for c, v := range m {
		out[string(c)] = v
	}
	return out
}

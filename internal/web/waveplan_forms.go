package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/dknum"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// The setup page edits a programme's wave-plan constraints in sections –
// waves, blackout periods, collaborations, municipalities, supplier
// capacity – each its own form, saved through app.SaveWaveSetup with the
// revision the page showed. A refused save shows the page again with what
// the user typed and every error linked to its field.

// formError is one error shown on the setup page: ID is the element it is
// about (the summary links to it), Label names the field for people.
type formError struct {
	ID, Label, Message string
}

type setupWaveRow struct {
	I, N                                              int
	Number, GoLive, Capacity, MaxPopulation, MaxInsts string
	Kind                                              waves.WaveKind
}

type setupBlackoutRow struct {
	I, N           int
	Name, From, To string
}

type setupMuniRow struct {
	app.WaveCandidate
	PopulationText      string
	Fixed               int
	Preferred, Excluded string
	Training            bool
	Note                string
}

// setupPage is everything the setup page shows.
type setupPage struct {
	Title, Key, Error, Notice string
	Setup                     *app.WaveSetup
	Waves                     []setupWaveRow
	Blackouts                 []setupBlackoutRow
	Groups                    string
	Municipalities            []setupMuniRow
	Numbers                   []int
	Errors                    []formError
	Invalid                   map[string]string // element id → message
	CanEdit                   bool
	StdFrom, StdTo            int
	WaveKinds                 model.Enum[waves.WaveKind]
}

// blankRows is how many empty rows the wave and period tables offer for adding.
const blankRows = 3

func (s *Server) setupPage(r *http.Request, setup *app.WaveSetup, groupsText string) (*setupPage, error) {
	cands, err := s.app.WaveCandidates(r.Context(), identityOf(r))
	if err != nil {
		return nil, err
	}
	p := &setupPage{Title: "Bølgeopsætning – " + setup.ProgrammeName, Key: r.PathValue("key"), Setup: setup, Invalid: map[string]string{}, CanEdit: canPlan(r), WaveKinds: waves.WaveKinds,
		Error: refusedMessage(r), Notice: notice(r)}
	for i, w := range setup.Waves {
		p.Waves = append(p.Waves, setupWaveRow{I: i, N: i + 1, Number: strconv.Itoa(w.Number), Kind: w.Kind, GoLive: isoOrEmpty(w.GoLive), Capacity: strconv.Itoa(w.Capacity),
			MaxPopulation: strconv.Itoa(w.MaxPopulation), MaxInsts: strconv.Itoa(w.MaxInstitutions)})
		p.Numbers = append(p.Numbers, w.Number)
	}
	for k := range blankRows {
		p.Waves = append(p.Waves, setupWaveRow{I: len(setup.Waves) + k, N: len(setup.Waves) + k + 1, Kind: waves.Regular, Capacity: "0", MaxPopulation: "0", MaxInsts: "0"})
	}
	for i, b := range setup.Blackouts {
		p.Blackouts = append(p.Blackouts, setupBlackoutRow{I: i, N: i + 1, Name: b.Name, From: isoOrEmpty(b.From), To: isoOrEmpty(b.To)})
	}
	for k := range blankRows {
		p.Blackouts = append(p.Blackouts, setupBlackoutRow{I: len(setup.Blackouts) + k, N: len(setup.Blackouts) + k + 1})
	}
	p.Groups = groupsText
	if groupsText == "" {
		var lines []string
		for _, g := range setup.Groups {
			lines = append(lines, g.Name+": "+strings.Join(g.Members, ", "))
		}
		p.Groups = strings.Join(lines, "\n")
	}
	settings := map[string]app.WaveMunicipality{}
	for _, m := range setup.Municipalities {
		settings[m.Code] = m
	}
	for _, c := range cands {
		m := settings[c.Code]
		p.Municipalities = append(p.Municipalities, setupMuniRow{WaveCandidate: c, PopulationText: dknum.Int(c.Population), Fixed: m.FixedWave,
			Preferred: ints(m.Preferred), Excluded: ints(m.Excluded), Training: m.PurchasedTraining, Note: m.Note})
	}
	year := s.app.Today().Year()
	p.StdFrom, p.StdTo = year, year+2
	if len(setup.Waves) > 0 && setup.Waves[0].GoLive != model.NoDate {
		p.StdFrom, p.StdTo = setup.Waves[0].GoLive.Year(), setup.Waves[len(setup.Waves)-1].GoLive.Year()
	}
	return p, nil
}

func isoOrEmpty(d model.Date) string {
	if d == model.NoDate {
		return ""
	}
	return d.String()
}

func (s *Server) pageWaveSetup(w http.ResponseWriter, r *http.Request) error {
	setup, err := s.app.WaveSetup(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	p, err := s.setupPage(r, setup, "")
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "waveplan_setup.html", map[string]any{"Title": p.Title, "P": p})
}

// sectionNames name the setup page's forms in confirmations.
var sectionNames = map[string]string{
	"waves": "Bølgerne", "blackouts": "Perioderne uden go-live", "groups": "Samarbejderne",
	"municipalities": "Kommunernes indstillinger", "capacity": "Kapaciteten",
}

// formWaveSetup saves one section of the setup page.
func (s *Server) formWaveSetup(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	if err := parseForm(w, r); err != nil {
		return err
	}
	section := r.PostForm.Get("section")
	if _, known := sectionNames[section]; !known {
		return badRequest("section", fmt.Sprintf("ukendt afsnit %q", section))
	}
	current, err := s.app.WaveSetup(r.Context(), identityOf(r), key)
	if err != nil {
		return err
	}
	edited := *current
	edited.Revision = formInt(r, "revision")
	cands, err := s.app.WaveCandidates(r.Context(), identityOf(r))
	if err != nil {
		return err
	}
	f := &setupForm{r: r, cands: cands}
	switch section {
	case "waves":
		edited.Waves = f.waves()
	case "blackouts":
		edited.Blackouts = f.blackouts()
		edited.OwnBlackouts = f.get("own_blackouts") != ""
	case "groups":
		edited.Groups = f.groups()
	case "municipalities":
		edited.Municipalities = f.municipalities()
	case "capacity":
		f.capacity(&edited)
	}
	if len(f.errs) == 0 {
		saved, err := s.app.SaveWaveSetup(r.Context(), identityOf(r), key, edited)
		if err == nil {
			notice := okMsg("opsaetning")
			if len(saved.Issues) > 0 {
				notice = okMsg("opsaetning-modstrid", len(saved.Issues))
			}
			return s.redirectResult(w, r, wavePlanURL(key)+"/setup", nil, notice)
		}
		var fe app.FieldErrors
		if !errors.As(err, &fe) {
			return s.redirectResult(w, r, wavePlanURL(key)+"/setup", err, ok{})
		}
		for _, e := range fe {
			f.errs = append(f.errs, f.translate(&edited, e))
		}
	}
	edited.Issues = current.Issues
	p, err := s.setupPage(r, &edited, r.PostForm.Get("groups"))
	if err != nil {
		return err
	}
	p.Error, p.Notice = "", ""
	p.Errors = f.errs
	for _, e := range f.errs {
		p.Invalid[e.ID] = e.Message
	}
	for id, v := range f.raw {
		for i := range p.Municipalities {
			m := &p.Municipalities[i]
			switch id {
			case "m-" + m.Code + "-preferred":
				m.Preferred = v
			case "m-" + m.Code + "-excluded":
				m.Excluded = v
			}
		}
	}
	return s.render(w, http.StatusUnprocessableEntity, "waveplan_setup.html", map[string]any{"Title": p.Title, "P": p})
}

// setupForm parses one posted section, collecting what cannot be parsed.
type setupForm struct {
	r     *http.Request
	cands []app.WaveCandidate
	errs  []formError
	raw   map[string]string // element id → what was typed, for fields that did not parse
	lines []int             // line number of each parsed group
	munis []string          // code of each municipality entry, in order
}

func (f *setupForm) get(id string) string { return strings.TrimSpace(f.r.PostForm.Get(id)) }

func (f *setupForm) fail(id, label, format string, args ...any) {
	f.errs = append(f.errs, formError{ID: id, Label: label, Message: fmt.Sprintf(format, args...)})
}

func (f *setupForm) number(id, label string) int {
	v := f.get(id)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.fail(id, label, "%q er ikke et helt tal", v)
	}
	return n
}

func (f *setupForm) date(id, label string) model.Date {
	v := f.get(id)
	if v == "" {
		return model.NoDate
	}
	d, err := model.ParseInputDate(v)
	if err != nil {
		f.fail(id, label, "%s", err)
	}
	return d
}

func (f *setupForm) rows(prefix string) int {
	n, _ := strconv.Atoi(f.get(prefix + "-rows"))
	return min(n, 200)
}

// waves reads the wave rows; a row with neither number nor date, or marked
// for deletion, is left out.
func (f *setupForm) waves() []app.WaveDef {
	out := []app.WaveDef{}
	for i := range f.rows("waves") {
		id := fmt.Sprintf("waves-%d-", i)
		if f.get(id+"delete") != "" || f.get(id+"number") == "" && f.get(id+"golive") == "" {
			continue
		}
		label := fmt.Sprintf("Bølge-række %d", i+1)
		out = append(out, app.WaveDef{Number: f.number(id+"number", label+", nummer"), Kind: waves.WaveKind(f.get(id + "kind")),
			GoLive: f.date(id+"golive", label+", go-live"), Capacity: f.number(id+"capacity", label+", kapacitet"),
			MaxPopulation: f.number(id+"max_population", label+", højst indbyggere"), MaxInstitutions: f.number(id+"max_institutions", label+", højst skoler og dagtilbud")})
	}
	return out
}

// blackouts reads the period rows and, if asked, adds the standard periods.
func (f *setupForm) blackouts() []app.WaveBlackout {
	out := []app.WaveBlackout{}
	for i := range f.rows("blackouts") {
		id := fmt.Sprintf("blackouts-%d-", i)
		if f.get(id+"delete") != "" || f.get(id+"name") == "" && f.get(id+"from") == "" && f.get(id+"to") == "" {
			continue
		}
		label := fmt.Sprintf("Periode-række %d", i+1)
		out = append(out, app.WaveBlackout{Name: f.get(id + "name"), From: f.date(id+"from", label+", fra"), To: f.date(id+"to", label+", til")})
	}
	if f.get("standard") != "" {
		from, to := f.number("std-from", "Standardperioder fra år"), f.number("std-to", "Standardperioder til år")
		switch {
		case from < 2000 || from > 2100 || to < from || to > from+10:
			f.fail("std-from", "Standardperioder", "angiv årene som fx 2026 og 2028 (højst 10 år)")
		default:
			have := map[string]bool{}
			for _, b := range out {
				have[b.Name] = true
			}
			for _, b := range app.StandardBlackouts(from, to) {
				if !have[b.Name] {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

var memberSep = regexp.MustCompile(`[,;]+`)

// groups reads one collaboration per line: "Name: code or name, code or name, …".
func (f *setupForm) groups() []app.WaveGroup {
	byName := map[string]string{}
	for _, c := range f.cands {
		byName[strings.ToLower(c.Name)] = c.Code
	}
	out := []app.WaveGroup{}
	for ln, line := range strings.Split(f.r.PostForm.Get("groups"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, list, ok := strings.Cut(line, ":")
		if !ok {
			f.fail("groups", fmt.Sprintf("Samarbejder, linje %d", ln+1), "skriv navnet, et kolon og kommunerne, fx \"Jobcenter Vest: 657, 661\"")
			continue
		}
		g := app.WaveGroup{Name: strings.TrimSpace(name), Members: []string{}}
		for _, m := range memberSep.Split(list, -1) {
			m = strings.TrimSpace(m)
			if m == "" {
				continue
			}
			if code, ok := byName[strings.ToLower(m)]; ok {
				m = code
			}
			g.Members = append(g.Members, m)
		}
		out = append(out, g)
		f.lines = append(f.lines, ln+1)
	}
	return out
}

var waveList = regexp.MustCompile(`^[0-9]+([ ,;]+[0-9]+)*$`)

func (f *setupForm) list(id, label string) []int {
	v := f.get(id)
	if v == "" {
		return []int{}
	}
	if !waveList.MatchString(v) {
		if f.raw == nil {
			f.raw = map[string]string{}
		}
		f.raw[id] = v
		f.fail(id, label, "skriv bølgenumre adskilt af komma, fx \"3, 4\"")
		return []int{}
	}
	var out []int
	for _, p := range regexp.MustCompile(`[ ,;]+`).Split(v, -1) {
		n, _ := strconv.Atoi(p)
		out = append(out, n)
	}
	return out
}

// municipalities reads every municipality's row.
func (f *setupForm) municipalities() []app.WaveMunicipality {
	out := []app.WaveMunicipality{}
	for _, c := range f.cands {
		id := "m-" + c.Code + "-"
		label := fmt.Sprintf("%s (%s)", c.Name, c.Code)
		m := app.WaveMunicipality{Code: c.Code, FixedWave: f.number(id+"fixed", label+", fast bølge"),
			Preferred: f.list(id+"preferred", label+", ønskede bølger"), Excluded: f.list(id+"excluded", label+", udelukkede bølger"),
			PurchasedTraining: f.get(id+"training") != "", Note: f.get(id + "note")}
		out = append(out, m)
		f.munis = append(f.munis, c.Code)
	}
	return out
}

func (f *setupForm) capacity(s *app.WaveSetup) {
	num := func(field string) int { return f.number(strings.ReplaceAll(field, ".", "-"), settingLabels[field]) }
	s.HypercareTeams, s.TeamCapacity = num("hypercare_teams"), num("team_capacity")
	s.TrainingParallel = num("training_parallel")
	s.TrainingWindow = app.DayWindow{Before: num("training_window.before"), After: num("training_window.after")}
	s.SizeClasses = app.SizeLimits{MediumFrom: num("size_classes.medium_from"), LargeFrom: num("size_classes.large_from")}
	s.PilotRule = f.get("pilot_rule")
}

var settingLabels = map[string]string{
	"hypercare_teams":          "Hypercare-teams",
	"team_capacity":            "Kommuner pr. team i én bølge",
	"pilot_rule":               "Samarbejder med en pilotkommune",
	"training_parallel":        "Kommuner i købt uddannelse på samme tid",
	"training_window.before":   "Uddannelsesvindue, dage før go-live",
	"training_window.after":    "Uddannelsesvindue, dage efter go-live",
	"size_classes.medium_from": "Mellemstor fra (indbyggere)",
	"size_classes.large_from":  "Stor fra (indbyggere)",
}

var fieldLabels = map[string]string{
	"number": "nummer", "kind": "type", "golive": "go-live", "capacity": "kapacitet", "max_population": "højst indbyggere", "max_institutions": "højst skoler og dagtilbud", "name": "navn", "from": "fra", "to": "til",
	"members": "kommuner", "fixed_wave": "fast bølge", "preferred": "ønskede bølger", "excluded": "udelukkede bølger", "note": "note", "code": "kode",
}

var fieldPath = regexp.MustCompile(`^(waves|blackouts|groups|municipalities)\[(\d+)\]\.([a-z_]+)`)

// translate turns an app field error (a JSON path) into an error on the
// page's element, named for people.
func (f *setupForm) translate(s *app.WaveSetup, e app.FieldError) formError {
	m := fieldPath.FindStringSubmatch(e.Field)
	if m == nil {
		return formError{ID: strings.ReplaceAll(e.Field, ".", "-"), Label: orText(settingLabels[e.Field], e.Field), Message: e.Message}
	}
	i, _ := strconv.Atoi(m[2])
	part := m[3]
	label := orText(fieldLabels[part], part)
	switch m[1] {
	case "waves":
		return formError{ID: fmt.Sprintf("waves-%d-%s", i, part), Label: fmt.Sprintf("Bølge-række %d, %s", i+1, label), Message: e.Message}
	case "blackouts":
		return formError{ID: fmt.Sprintf("blackouts-%d-%s", i, part), Label: fmt.Sprintf("Periode-række %d, %s", i+1, label), Message: e.Message}
	case "groups":
		line := i + 1
		if i < len(f.lines) {
			line = f.lines[i]
		}
		name := ""
		if i < len(s.Groups) {
			name = " «" + s.Groups[i].Name + "»"
		}
		return formError{ID: "groups", Label: fmt.Sprintf("Samarbejde%s, linje %d", name, line), Message: e.Message}
	}
	code, who := "", ""
	if i < len(f.munis) {
		code = f.munis[i]
	}
	for _, c := range f.cands {
		if c.Code == code {
			who = c.Name + " "
		}
	}
	el := map[string]string{"fixed_wave": "fixed", "preferred": "preferred", "excluded": "excluded", "note": "note"}[part]
	return formError{ID: "m-" + code + "-" + orText(el, "fixed"), Label: fmt.Sprintf("%s(%s), %s", who, code, label), Message: e.Message}
}

func orText(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

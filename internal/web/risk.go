package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/risk"
)

// The risk register (risikoregister; app/risk.go, docs/risk.md): the
// municipality's register page and its forms, the centre's list of every
// register, and the JSON API.

// riskRoutes registers the register's routes with their access rules
// (route_table.go); the use cases check the same policy again.
func (s *Server) riskRoutes(rt *router) {
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/risks", ruleRisks, s.api(s.apiRiskRegister))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/risks.xlsx", ruleRisks, s.api(s.apiRiskRegisterXLSX))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/risks", ruleRiskChange, s.api(s.apiCreateRisk))
	rt.handle("PUT /api/v1/programmes/{key}/municipalities/{code}/risks/{id}", ruleRiskChange, s.api(s.apiUpdateRisk))
	rt.handle("GET /api/v1/programmes/{key}/risks", ruleAllRisks, s.api(s.apiAllRisks))
	rt.handle("GET /api/v1/programmes/{key}/risks.xlsx", ruleAllRisks, s.api(s.apiAllRisksXLSX))
	rt.handle("POST /api/v1/programmes/{key}/risks", ruleCentralRisks, s.api(s.apiCreateCentralRisk))
	rt.handle("PUT /api/v1/programmes/{key}/risks/{id}", ruleCentralRisks, s.api(s.apiUpdateRisk))
	rt.handle("GET /programmes/{key}/municipalities/{code}/risici", ruleRisks, s.page(s.pageRiskRegister))
	rt.handle("POST /programmes/{key}/municipalities/{code}/risici", ruleRiskChange, s.page(s.formCreateRisk))
	rt.handle("POST /programmes/{key}/municipalities/{code}/risici/{id}", ruleRiskChange, s.page(s.formUpdateRisk))
	rt.handle("GET /programmes/{key}/risici", ruleAllRisks, s.page(s.pageAllRisks))
	// The central programme's and the hypercare teams' registers.
	rt.handle("GET /programmes/{key}/risici/central", ruleAllRisks, s.page(s.pageRiskRegister))
	rt.handle("POST /programmes/{key}/risici/central", ruleCentralRisks, s.page(s.formCreateRisk))
	rt.handle("POST /programmes/{key}/risici/central/{id}", ruleCentralRisks, s.page(s.formUpdateRisk))
	rt.handle("GET /programmes/{key}/risici/hypercare/{wave}", ruleAllRisks, s.page(s.pageRiskRegister))
	rt.handle("POST /programmes/{key}/risici/hypercare/{wave}", ruleCentralRisks, s.page(s.formCreateRisk))
	rt.handle("POST /programmes/{key}/risici/hypercare/{wave}/{id}", ruleCentralRisks, s.page(s.formUpdateRisk))
	// A risk's history.
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/risks/{id}/history", ruleRisks, s.api(s.apiRiskHistory))
	rt.handle("GET /api/v1/programmes/{key}/risks/{id}/history", ruleAllRisks, s.api(s.apiRiskHistory))
	// Figures only, for everyone who reads the national picture
	// (access.ViewRiskSummary, which ruleNational equals): observers too.
	rt.handle("GET /api/v1/programmes/{key}/risks/summary", ruleNational, s.api(s.apiRiskSummary))
	rt.handle("GET /programmes/{key}/risikotal", ruleNational, s.page(s.pageRiskSummary))
}

func init() {
	funcs["riskCategories"] = func() []risk.Category { return []risk.Category{risk.Technical, risk.Organisational} }
	funcs["riskProximities"] = func() []risk.Proximity {
		return []risk.Proximity{risk.Imminent, risk.Near, risk.Far, risk.Passed, risk.Unknown}
	}
	funcs["riskReactions"] = func() []risk.Reaction {
		return []risk.Reaction{risk.Avoid, risk.Reduce, risk.Fallback, risk.Transfer, risk.Accept, risk.Share}
	}
	funcs["riskStatuses"] = func() []risk.Status { return []risk.Status{risk.Open, risk.Occurred, risk.Closed} }
	funcs["riskBand"] = risk.Band
	// heatX and heatY place a heatmap cell in the SVG (60 px cells after a
	// 40 px axis margin); probability 5 is the top row.
	funcs["heatX"] = func(c int) int { return 40 + (c-1)*60 }
	funcs["heatY"] = func(p int) int { return 10 + (risk.MaxScore-p)*60 }
	funcs["add"] = func(a, b int) int { return a + b }
	funcs["list"] = func(xs ...string) []string { return xs }
	// riskLines splits a history entry into its headline and its changes.
	funcs["riskLines"] = func(msg string) []string { return strings.Split(msg, "\n") }
	// riskHref is a risk's place in its own register's page.
	funcs["riskHref"] = func(key string, x risk.Entry) string {
		switch x.Level {
		case risk.Municipal:
			return fmt.Sprintf("/programmes/%s/municipalities/%s/risici?historik=%d#historik", key, url.PathEscape(x.Municipality), x.Key)
		case risk.Hypercare:
			return fmt.Sprintf("/programmes/%s/risici/hypercare/%d?historik=%d#historik", key, x.Wave, x.Key)
		}
		return fmt.Sprintf("/programmes/%s/risici/central?historik=%d#historik", key, x.Key)
	}
	// riskRegisters is whether the user reads every register (the
	// centre's follow-up staff); riskFigures whether the aggregate.
	funcs["riskRegisters"] = func(id *app.Identity) bool { return id != nil && access.ViewAllRisks(id.Subject) }
	funcs["riskFigures"] = func(id *app.Identity) bool { return id != nil && access.ViewRiskSummary(id.Subject) }
	// riskReader is whether the signed-in user reads the registers of the
	// municipalities whose plans they see (not observers): the plan's local
	// navigation links the register only then.
	funcs["riskReader"] = func(id *app.Identity) bool {
		return id != nil && access.ViewRisks(id.Subject, id.Subject.MunicipalityID)
	}
}

func (s *Server) riskID(r *http.Request) (int64, error) {
	return pathThing(r, "id", "risikoen")
}

// --- JSON API ---

func (s *Server) apiRiskRegister(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.RiskRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// riskRows are risks as exported, each with its register's name (a
// hypercare register's wave as the programme names it).
func riskRows(rs []risk.Entry, waves model.WaveNames) []export.RiskRow {
	out := make([]export.RiskRow, len(rs))
	for i, r := range rs {
		reg := r.MunicipalityNm
		if reg == "" {
			reg = r.Level.Label()
			if r.Wave > 0 {
				reg += ", " + waves.Label(r.Wave)
			}
		}
		out[i] = export.RiskRow{Register: reg, Risk: r.Risk}
	}
	return out
}

func (s *Server) apiRiskRegisterXLSX(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.RiskRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	b, err := export.RiskXLSX(fmt.Sprintf("%s: %s – %s", risk.Municipal.Label(), v.MunicipalityName, v.ProgrammeName), asof, riskRows(v.Risks, nil))
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, fmt.Sprintf("risici-%s-%s.xlsx", v.Programme, v.Municipality), b)
}

func (s *Server) apiAllRisksXLSX(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	f, err := riskFilterOf(r)
	if err != nil {
		return err
	}
	v, err := s.app.AllRisks(r.Context(), identityOf(r), r.PathValue("key"), f, asof)
	if err != nil {
		return err
	}
	waves, err := s.app.WaveNames(r.Context(), v.Programme)
	if err != nil {
		return err
	}
	b, err := export.RiskXLSX(riskListTitle(v.ProgrammeName, f, waves), asof, riskRows(v.Risks, waves))
	if err != nil {
		return err
	}
	name := "risici-" + v.Programme
	switch {
	case f.Level == string(risk.Central):
		name += "-central"
	case f.Level == string(risk.Hypercare) && f.Wave > 0:
		name += fmt.Sprintf("-hypercare-%d", f.Wave)
	}
	return sendFile(w, mimeXLSX, name+".xlsx", b)
}

func (s *Server) apiCreateRisk(w http.ResponseWriter, r *http.Request) error {
	var in app.RiskInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.CreateRisk(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiCreateCentralRisk(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		app.RiskInput
		Level risk.Level `json:"level"`
		Wave  int        `json:"wave"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.CreateCentralRisk(r.Context(), identityOf(r), r.PathValue("key"), in.Level, in.Wave, in.RiskInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

// apiUpdateRisk changes a risk of a municipality's register (path value
// {code}) or, without {code}, of the central and hypercare registers.
func (s *Server) apiUpdateRisk(w http.ResponseWriter, r *http.Request) error {
	id, err := s.riskID(r)
	if err != nil {
		return err
	}
	var in app.RiskInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.UpdateRisk(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func riskFilterOf(r *http.Request) (app.RiskListFilter, error) {
	q := r.URL.Query()
	f := app.RiskListFilter{Level: q.Get("level"), Municipality: q.Get("municipality"), Status: q.Get("status"),
		Category: q.Get("category"), SupplierOwned: q.Get("supplier") == "true"}
	if w := q.Get("wave"); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 {
			return f, &requestError{status: http.StatusUnprocessableEntity, field: "wave", msg: "bølgen skal være et helt tal, 1 eller derover"}
		}
		f.Wave = n
	}
	return f, nil
}

// riskListTitle says in Danish which registers and risks a filtered list
// holds: the export's title.
func riskListTitle(programme string, f app.RiskListFilter, waves model.WaveNames) string {
	var what string
	switch {
	case f.Level == string(risk.Central):
		what = risk.Central.Label()
	case f.Level == string(risk.Hypercare) && f.Wave > 0:
		what = risk.Hypercare.Label() + ", " + waves.Label(f.Wave)
	case f.Level == string(risk.Hypercare):
		what = "Hypercareteamenes registre"
	case f.Level == string(risk.Municipal):
		what = "Kommunernes registre"
	default:
		what = "Alle registre"
	}
	if f.Wave > 0 && f.Level != string(risk.Hypercare) {
		what += ", " + waves.Label(f.Wave)
	}
	var only []string
	if f.Municipality != "" {
		only = append(only, "kommune "+f.Municipality)
	}
	if f.Status != "" {
		only = append(only, "status "+strings.ToLower(risk.Status(f.Status).Label()))
	}
	if f.Category != "" {
		only = append(only, "kategori "+strings.ToLower(risk.Category(f.Category).Label()))
	}
	if f.SupplierOwned {
		only = append(only, "ejet af leverandøren")
	}
	if len(only) > 0 {
		what += " (kun " + strings.Join(only, ", ") + ")"
	}
	return what + " – " + programme
}

func (s *Server) apiRiskHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := s.riskID(r)
	if err != nil {
		return err
	}
	h, err := s.app.RiskHistory(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *Server) apiRiskSummary(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.RiskSummary(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) pageRiskSummary(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.RiskSummary(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	id := identityOf(r)
	return s.render(w, http.StatusOK, "risk_summary.html", map[string]any{"Title": "Risici i tal – " + v.ProgrammeName, "V": v,
		"Asof": asof, "Key": url.PathEscape(v.Programme), "Registers": id == nil || access.ViewAllRisks(id.Subject)})
}

func (s *Server) apiAllRisks(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	f, err := riskFilterOf(r)
	if err != nil {
		return err
	}
	v, err := s.app.AllRisks(r.Context(), identityOf(r), r.PathValue("key"), f, asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// --- Pages ---

// riskRegister is the register a page shows: a municipality's (path
// values {key} and {code}), the central programme's, or a hypercare
// team's for wave {wave}.
type riskRegister struct {
	level risk.Level
	wave  int
}

func (s *Server) registerOf(r *http.Request) (riskRegister, error) {
	if r.PathValue("code") != "" {
		return riskRegister{level: risk.Municipal}, nil
	}
	if w := r.PathValue("wave"); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 {
			return riskRegister{}, &requestError{status: http.StatusNotFound, msg: "programmet har ingen sådan bølge"}
		}
		return riskRegister{level: risk.Hypercare, wave: n}, nil
	}
	return riskRegister{level: risk.Central}, nil
}

// path is the register page's address.
func (g riskRegister) path(r *http.Request) string {
	key := "/programmes/" + url.PathEscape(r.PathValue("key"))
	switch g.level {
	case risk.Municipal:
		return planPath(r, "/risici")
	case risk.Hypercare:
		return fmt.Sprintf("%s/risici/hypercare/%d", key, g.wave)
	}
	return key + "/risici/central"
}

func (s *Server) loadRegister(r *http.Request, g riskRegister, asof model.Date) (*app.RiskRegisterView, error) {
	if g.level == risk.Municipal {
		return s.app.RiskRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	}
	return s.app.CentralRegister(r.Context(), identityOf(r), r.PathValue("key"), g.level, g.wave, asof)
}

// riskPage renders a register; ?rediger=ID shows that risk in the form
// (else the form is for a new risk) and its history, ?historik=ID only
// its history.
func (s *Server) riskPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	g, err := s.registerOf(r)
	if err != nil {
		return err
	}
	v, err := s.loadRegister(r, g, asof)
	if err != nil {
		return err
	}
	name := v.MunicipalityName
	xlsx := "/api/v1/programmes/" + url.PathEscape(v.Programme)
	switch g.level {
	case risk.Municipal:
		xlsx += "/municipalities/" + url.PathEscape(v.Municipality) + "/risks.xlsx"
	case risk.Central:
		name = "Det centrale program"
		xlsx += "/risks.xlsx?level=central"
	default:
		ws, err := pageWaveNames(w)
		if err != nil {
			return err
		}
		name = "Hypercareteamet, " + ws.Label(g.wave)
		xlsx += fmt.Sprintf("/risks.xlsx?level=hypercare&wave=%d", g.wave)
	}
	data := feedback(r, map[string]any{"Title": "Risikoregister – " + name, "Name": name, "V": v, "Asof": asof,
		"Reg": g.path(r), "XLSX": xlsx, "Key": url.PathEscape(v.Programme), "Municipal": g.level == risk.Municipal})
	if g.level == risk.Municipal {
		data["Base"] = planPath(r, "")
	}
	// The form shows the risk being edited (?rediger=ID), else a new one.
	in := map[string]string{"registered": v.Asof.String(), "status": string(risk.Open), "proximity": string(risk.Unknown),
		"probability": "3", "consequence": "3", "category": string(risk.Organisational), "reaction_type": string(risk.Reduce)}
	sel := r.URL.Query().Get("rediger")
	if sel == "" {
		sel = r.URL.Query().Get("historik")
	}
	if sel == "" {
		sel = r.PathValue("id") // a refused change shows the risk's history too
	}
	for _, x := range v.Risks {
		if strconv.FormatInt(x.Key, 10) != sel {
			continue
		}
		if r.URL.Query().Get("rediger") != "" {
			data["Edit"] = x
			in = riskFormValues(x)
		}
		h, err := s.app.RiskHistory(r.Context(), identityOf(r), v.Programme, v.Municipality, x.Key)
		if err != nil {
			return err
		}
		data["Shown"], data["History"] = x, h
	}
	data["In"] = in
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "risk.html", data)
}

func riskFormValues(x risk.Entry) map[string]string {
	m := map[string]string{"description": x.Description, "registered": x.Registered.String(), "category": string(x.Category),
		"probability": strconv.Itoa(x.Probability), "consequence": strconv.Itoa(x.Consequence), "proximity": string(x.Proximity),
		"reaction_type": string(x.Reaction), "reaction": x.Prevention, "status": string(x.Status), "initiator": x.Initiator,
		"owner": x.Owner, "actor": x.Actor, "lesson": x.Lesson, "version": strconv.Itoa(x.Version)}
	if x.NextReview != model.NoDate {
		m["next_review"] = x.NextReview.String()
	}
	return m
}

func (s *Server) pageRiskRegister(w http.ResponseWriter, r *http.Request) error {
	return s.riskPage(w, r, http.StatusOK, nil)
}

// riskInputOf reads the register's form; a number or date that does not
// parse is refused naming its field.
func riskInputOf(r *http.Request) (app.RiskInput, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	in := app.RiskInput{Risk: risk.Risk{Description: f("description"), Category: risk.Category(f("category")),
		Proximity: risk.Proximity(f("proximity")), Reaction: risk.Reaction(f("reaction_type")), Prevention: f("reaction"),
		Status: risk.Status(f("status")), Initiator: f("initiator"), Owner: f("owner"), Actor: f("actor"), Lesson: f("lesson")}}
	for _, n := range []struct {
		field, label string
		to           *int
	}{{"probability", "sandsynligheden", &in.Probability}, {"consequence", "konsekvensen", &in.Consequence}, {"version", "versionen", &in.Version}} {
		v := f(n.field)
		if v == "" && n.field == "version" {
			continue
		}
		x, err := strconv.Atoi(v)
		if err != nil {
			return in, &requestError{status: http.StatusUnprocessableEntity, field: n.field, msg: n.label + " skal være et helt tal"}
		}
		*n.to = x
	}
	for _, d := range []struct {
		field, label string
		to           *model.Date
	}{{"registered", "registreringsdatoen", &in.Registered}, {"next_review", "datoen for næste gennemgang", &in.NextReview}} {
		if v := f(d.field); v != "" {
			x, err := model.ParseDate(v)
			if err != nil {
				return in, &requestError{status: http.StatusUnprocessableEntity, field: d.field, msg: d.label + " skal være en dato (ÅÅÅÅ-MM-DD)"}
			}
			*d.to = x
		}
	}
	return in, nil
}

func (s *Server) riskForm(w http.ResponseWriter, r *http.Request, err error, o ok) error {
	if err == nil {
		g, gerr := s.registerOf(r)
		if gerr != nil {
			return gerr
		}
		return s.back(w, r, g.path(r), nil, o)
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	in := map[string]string{}
	for k := range r.PostForm {
		in[k] = r.PostForm.Get(k)
	}
	extra := map[string]any{"E": fe, "In": in}
	if id := r.PathValue("id"); id != "" {
		extra["EditID"] = id
	}
	return s.riskPage(w, r, status, extra)
}

func (s *Server) formCreateRisk(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	g, err := s.registerOf(r)
	if err != nil {
		return err
	}
	in, err := riskInputOf(r)
	if err == nil && g.level == risk.Municipal {
		_, err = s.app.CreateRisk(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	} else if err == nil {
		_, err = s.app.CreateCentralRisk(r.Context(), identityOf(r), r.PathValue("key"), g.level, g.wave, in)
	}
	return s.riskForm(w, r, err, okMsg("risiko-registreret"))
}

func (s *Server) formUpdateRisk(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := s.riskID(r)
	if err != nil {
		return err
	}
	g, err := s.registerOf(r)
	if err != nil {
		return err
	}
	in, err := riskInputOf(r)
	if err == nil && g.level == risk.Municipal {
		_, err = s.app.UpdateRisk(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	} else if err == nil {
		_, err = s.app.UpdateCentralRisk(r.Context(), identityOf(r), r.PathValue("key"), g.level, g.wave, id, in)
	}
	return s.riskForm(w, r, err, okMsg("risiko-gemt"))
}

func (s *Server) pageAllRisks(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	f, err := riskFilterOf(r)
	if err != nil {
		return err
	}
	v, err := s.app.AllRisks(r.Context(), identityOf(r), r.PathValue("key"), f, asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "risk_all.html", map[string]any{"Title": "Risikoregistre – " + v.ProgrammeName,
		"V": v, "F": f, "Asof": asof, "XLSX": "/api/v1/programmes/" + url.PathEscape(r.PathValue("key")) + "/risks.xlsx?" + r.URL.Query().Encode(), "Key": url.PathEscape(r.PathValue("key")), "Heading": fmt.Sprintf("%d risici", len(v.Risks))})
}

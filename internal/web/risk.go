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
	"github.com/udrul/udrul/internal/store"
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
	// riskReader is whether the signed-in user reads the registers of the
	// municipalities whose plans they see (not observers): the plan's local
	// navigation links the register only then.
	funcs["riskReader"] = func(id *app.Identity) bool {
		return id != nil && access.ViewRisks(id.Subject, id.Subject.MunicipalityID)
	}
}

func (s *Server) riskID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &requestError{status: http.StatusNotFound, msg: "risikoen findes ikke"}
	}
	return id, nil
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

// riskRows are risks as exported, each with its register's name.
func riskRows(rs []store.RiskRow) []export.RiskRow {
	out := make([]export.RiskRow, len(rs))
	for i, r := range rs {
		reg := r.MunicipalityNm
		if reg == "" {
			reg = r.Level.Label()
			if r.Wave > 0 {
				reg += fmt.Sprintf(", bølge %d", r.Wave)
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
	b, err := export.RiskXLSX(riskRows(v.Risks))
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
	v, err := s.app.AllRisks(r.Context(), identityOf(r), r.PathValue("key"), riskFilterOf(r), asof)
	if err != nil {
		return err
	}
	b, err := export.RiskXLSX(riskRows(v.Risks))
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, fmt.Sprintf("risici-%s.xlsx", v.Programme), b)
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

func riskFilterOf(r *http.Request) app.RiskListFilter {
	q := r.URL.Query()
	return app.RiskListFilter{Level: q.Get("level"), Municipality: q.Get("municipality"), Status: q.Get("status"),
		Category: q.Get("category"), SupplierOwned: q.Get("supplier") == "true"}
}

func (s *Server) apiAllRisks(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.AllRisks(r.Context(), identityOf(r), r.PathValue("key"), riskFilterOf(r), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// --- Pages ---

// riskPage renders a municipality's register; edit is the risk whose form
// is shown (0: the form for a new risk).
func (s *Server) riskPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.RiskRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	data := feedback(r, map[string]any{"Title": "Risikoregister – " + v.MunicipalityName, "V": v, "Asof": asof,
		"Base": planPath(r, "")})
	// The form shows the risk being edited (?rediger=ID), else a new one.
	in := map[string]string{"registered": v.Asof.String(), "status": string(risk.Open), "proximity": string(risk.Unknown),
		"probability": "3", "consequence": "3", "category": string(risk.Organisational), "reaction_type": string(risk.Reduce)}
	if e := r.URL.Query().Get("rediger"); e != "" {
		for _, x := range v.Risks {
			if strconv.FormatInt(x.Key, 10) == e {
				data["Edit"] = x
				in = riskFormValues(x)
			}
		}
	}
	data["In"] = in
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "risk.html", data)
}

func riskFormValues(x store.RiskRow) map[string]string {
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
		return s.back(w, r, planPath(r, "/risici"), nil, o)
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
	in, err := riskInputOf(r)
	if err == nil {
		_, err = s.app.CreateRisk(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
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
	in, err := riskInputOf(r)
	if err == nil {
		_, err = s.app.UpdateRisk(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	}
	return s.riskForm(w, r, err, okMsg("risiko-gemt"))
}

func (s *Server) pageAllRisks(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	f := riskFilterOf(r)
	v, err := s.app.AllRisks(r.Context(), identityOf(r), r.PathValue("key"), f, asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "risk_all.html", map[string]any{"Title": "Risikoregistre – " + v.ProgrammeName,
		"V": v, "F": f, "Asof": asof, "XLSX": "/api/v1/programmes/" + url.PathEscape(r.PathValue("key")) + "/risks.xlsx?" + r.URL.Query().Encode(), "Key": url.PathEscape(r.PathValue("key")), "Heading": fmt.Sprintf("%d risici", len(v.Risks))})
}

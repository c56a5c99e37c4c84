package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/benefit"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
)

// The benefit register (gevinstrealisering; app/benefit.go,
// docs/benefit.md): a municipality's register page and a page per
// benefit with its chart, their forms, the centre's national roll-up, and
// the JSON API.

// benefitRoutes registers the register's routes with their access rules
// (route_table.go); the use cases check the same policy again.
func (s *Server) benefitRoutes(rt *router) {
	const api = "/api/v1/programmes/{key}/municipalities/{code}/benefits"
	rt.handle("GET "+api, ruleBenefits, s.api(s.apiBenefitRegister))
	rt.handle("GET "+api+".xlsx", ruleBenefits, s.api(s.apiBenefitRegisterXLSX))
	rt.handle("POST "+api, ruleBenefitEdit, s.api(s.apiCreateBenefit))
	rt.handle("PUT "+api+"/vision", ruleBenefitEdit, s.api(s.apiBenefitVision))
	rt.handle("PUT "+api+"/deadline", ruleBenefitExt, s.api(s.apiBenefitDeadline))
	rt.handle("GET "+api+"/{id}", ruleBenefits, s.api(s.apiBenefit))
	rt.handle("PUT "+api+"/{id}", ruleBenefitEdit, s.api(s.apiUpdateBenefit))
	rt.handle("POST "+api+"/{id}/measurements", ruleBenefitEdit, s.api(s.apiAddMeasurement))
	rt.handle("GET /api/v1/programmes/{key}/benefits", ruleNational, s.api(s.apiNationalBenefits))
	const page = "/programmes/{key}/municipalities/{code}/gevinster"
	rt.handle("GET "+page, ruleBenefits, s.page(s.pageBenefitRegister))
	rt.handle("POST "+page, ruleBenefitEdit, s.page(s.formCreateBenefit))
	rt.handle("POST "+page+"/vision", ruleBenefitEdit, s.page(s.formBenefitVision))
	rt.handle("POST "+page+"/frist", ruleBenefitExt, s.page(s.formBenefitDeadline))
	rt.handle("GET "+page+"/{id}", ruleBenefits, s.page(s.pageBenefit))
	rt.handle("POST "+page+"/{id}", ruleBenefitEdit, s.page(s.formUpdateBenefit))
	rt.handle("POST "+page+"/{id}/maalinger", ruleBenefitEdit, s.page(s.formAddMeasurement))
	rt.handle("GET /programmes/{key}/gevinster", ruleNational, s.page(s.pageNationalBenefits))
}

func init() {
	funcs["benefitTypes"] = func() []benefit.Type { return benefit.Types }
	funcs["benefitDirections"] = func() []benefit.Direction { return benefit.Directions }
	funcs["benefitNumber"] = benefit.Number
	funcs["benefitChart"] = func(id string, v app.BenefitView, w app.BenefitWindow) template.HTML {
		ms := make([]benefit.Measurement, len(v.Measurements))
		for i, m := range v.Measurements {
			ms[i] = m.Measurement
		}
		win := benefit.Window{GoLive: w.GoLive, BaselineFrom: w.BaselineFrom, BaselineUntil: w.BaselineUntil,
			MeasureFrom: w.MeasureFrom, MeasureUntil: w.MeasureUntil, Extended: w.Extended}
		return template.HTML(benefit.ChartSVG(id, v.Benefit, ms, win)) // every text in it is escaped by ChartSVG
	}
	// benefitReader is whether the signed-in user reads the benefit
	// registers of the municipalities whose plans they see (not
	// observers): the plan's local navigation links the register only then.
	funcs["benefitReader"] = func(id *app.Identity) bool {
		return id != nil && access.ViewBenefits(id.Subject, id.Subject.MunicipalityID)
	}
}

func benefitID(r *http.Request) (int64, error) {
	return pathThing(r, "id", "gevinsten")
}

// --- JSON API ---

func (s *Server) apiBenefitRegister(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.BenefitRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiBenefitRegisterXLSX(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.BenefitRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	rows := make([]export.BenefitRow, len(v.Benefits))
	for i, b := range v.Benefits {
		ms := make([]benefit.Measurement, len(b.Measurements))
		for j, m := range b.Measurements {
			ms[j] = m.Measurement
		}
		rows[i] = export.BenefitRow{Benefit: b.Benefit, Status: b.Status, Measurements: ms}
	}
	out, err := export.BenefitXLSX(v.Register.Vision, rows)
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, fmt.Sprintf("gevinster-%s-%s.xlsx", v.Programme, v.Municipality), out)
}

func (s *Server) apiBenefit(w http.ResponseWriter, r *http.Request) error {
	id, err := benefitID(r)
	if err != nil {
		return err
	}
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Benefit(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCreateBenefit(w http.ResponseWriter, r *http.Request) error {
	var in app.BenefitInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.CreateBenefit(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiUpdateBenefit(w http.ResponseWriter, r *http.Request) error {
	id, err := benefitID(r)
	if err != nil {
		return err
	}
	var in app.BenefitInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.UpdateBenefit(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiAddMeasurement(w http.ResponseWriter, r *http.Request) error {
	id, err := benefitID(r)
	if err != nil {
		return err
	}
	var in benefit.Measurement
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.AddMeasurement(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiBenefitVision(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Vision  string `json:"vision"`
		Version int    `json:"version"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.SaveBenefitVision(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in.Vision, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiBenefitDeadline(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Until  model.Date `json:"until"`
		Reason string     `json:"reason"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.ExtendBenefitDeadline(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in.Until, in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiNationalBenefits(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.NationalBenefits(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// --- Pages ---

// benefitFields are the form fields of a benefit, in the form's order.
var benefitFields = []string{"title", "type", "goal", "change", "owner", "accountable", "smart", "indicator", "unit", "direction",
	"baseline_value", "baseline_date", "target_value", "target_date"}

func benefitFormValues(b benefit.Benefit, version int) map[string]string {
	return map[string]string{"title": b.Title, "type": string(b.Type), "goal": b.Goal, "change": b.Change, "owner": b.Owner,
		"accountable": b.Accountable, "smart": b.Smart, "indicator": b.Indicator, "unit": b.Unit, "direction": string(b.Direction),
		"baseline_value": benefit.Number(b.BaselineValue), "baseline_date": b.BaselineDate.String(),
		"target_value": benefit.Number(b.TargetValue), "target_date": b.TargetDate.String(), "version": strconv.Itoa(version)}
}

// benefitInputOf reads a benefit's form; a number or date that does not
// parse is refused naming its field.
func benefitInputOf(r *http.Request) (app.BenefitInput, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	in := app.BenefitInput{Benefit: benefit.Benefit{Title: f("title"), Type: benefit.Type(f("type")), Goal: f("goal"), Change: f("change"),
		Owner: f("owner"), Accountable: f("accountable"), Smart: f("smart"), Indicator: f("indicator"), Unit: f("unit"),
		Direction: benefit.Direction(f("direction"))}}
	if v := f("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return in, &requestError{status: http.StatusUnprocessableEntity, field: "version", msg: "versionen skal være et helt tal"}
		}
		in.Version = n
	}
	for _, n := range []struct {
		field string
		to    *float64
	}{{"baseline_value", &in.BaselineValue}, {"target_value", &in.TargetValue}} {
		x, err := benefit.ParseNumber(n.field, f(n.field))
		if err != nil {
			return in, &requestError{status: http.StatusUnprocessableEntity, field: n.field, msg: err.Error()}
		}
		*n.to = x
	}
	for _, d := range []struct {
		field, label string
		to           *model.Date
	}{{"baseline_date", "datoen for baselinemålingen", &in.BaselineDate}, {"target_date", "måldatoen", &in.TargetDate}} {
		if err := benefitFormDate(f(d.field), d.field, d.label, d.to); err != nil {
			return in, err
		}
	}
	return in, nil
}

func benefitFormDate(v, field, label string, to *model.Date) error {
	if v == "" {
		return nil
	}
	x, err := model.ParseInputDate(v)
	if err != nil {
		return &requestError{status: http.StatusUnprocessableEntity, field: field, msg: label + " skal være en dato (ÅÅÅÅ-MM-DD)"}
	}
	*to = x
	return nil
}

// benefitRegisterPage renders a municipality's register with extra data
// (a refused form's error and values).
func (s *Server) benefitRegisterPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.BenefitRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	in := map[string]string{"type": string(benefit.Economic), "direction": string(benefit.HigherIsBetter),
		"baseline_date": v.Window.BaselineUntil.String(), "target_date": v.Window.MeasureUntil.String()}
	data := feedback(r, map[string]any{"Title": "Gevinstrealisering – " + v.MunicipalityName, "V": v, "Asof": asof,
		"Base": planPath(r, ""), "In": in, "Vision": map[string]string{"vision": v.Register.Vision, "version": strconv.Itoa(v.Register.Version)},
		"Ext": map[string]string{}, "Fields": benefitFields})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "benefit.html", data)
}

func (s *Server) pageBenefitRegister(w http.ResponseWriter, r *http.Request) error {
	return s.benefitRegisterPage(w, r, http.StatusOK, nil)
}

// benefitRegisterForm answers a form of the register page: back to the
// page with a confirmation, or the page again with the error at its field
// under form (the template data key of the form's values).
func (s *Server) benefitRegisterForm(w http.ResponseWriter, r *http.Request, err error, o ok, form string) error {
	return s.formDone(w, r, err, o, planPath(r, "/gevinster"), form, func(status int, data map[string]any) error { return s.benefitRegisterPage(w, r, status, data) })
}

func (s *Server) formCreateBenefit(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := benefitInputOf(r)
	var x app.BenefitView
	if err == nil {
		x, err = s.app.CreateBenefit(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	}
	if err == nil {
		return s.back(w, r, planPath(r, fmt.Sprintf("/gevinster/%d", x.Key)), nil, okMsg("gevinst-registreret"))
	}
	return s.benefitRegisterForm(w, r, err, okMsg("gevinst-registreret"), "In")
}

func (s *Server) formBenefitVision(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "version", msg: "versionen skal være et helt tal"}
	} else {
		_, err = s.app.SaveBenefitVision(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PostForm.Get("vision"), version)
	}
	return s.benefitRegisterForm(w, r, err, okMsg("gevinst-vision"), "Vision")
}

func (s *Server) formBenefitDeadline(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	var until model.Date
	err := benefitFormDate(strings.TrimSpace(r.PostForm.Get("until")), "until", "den nye frist", &until)
	if err == nil {
		_, err = s.app.ExtendBenefitDeadline(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), until, r.PostForm.Get("reason"))
	}
	return s.benefitRegisterForm(w, r, err, okMsg("gevinst-frist"), "Ext")
}

// benefitPage renders one benefit's page.
func (s *Server) benefitPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	id, err := benefitID(r)
	if err != nil {
		return err
	}
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Benefit(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, asof)
	if err != nil {
		return err
	}
	mdate := asof
	if mdate > v.Window.MeasureUntil {
		mdate = v.Window.MeasureUntil
	}
	data := feedback(r, map[string]any{"Title": v.Benefit.ID + " " + v.Benefit.Title + " – " + v.MunicipalityName, "V": v, "Asof": asof,
		"Base": planPath(r, ""), "In": benefitFormValues(v.Benefit.Benefit, v.Benefit.Version),
		"M": map[string]string{"date": mdate.String()}, "Fields": benefitFields})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "benefit_detail.html", data)
}

func (s *Server) pageBenefit(w http.ResponseWriter, r *http.Request) error {
	return s.benefitPage(w, r, http.StatusOK, nil)
}

func (s *Server) benefitDetailForm(w http.ResponseWriter, r *http.Request, err error, o ok, form string) error {
	return s.formDone(w, r, err, o, planPath(r, "/gevinster/"+url.PathEscape(r.PathValue("id"))), form, func(status int, data map[string]any) error { return s.benefitPage(w, r, status, data) })
}

func (s *Server) formUpdateBenefit(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := benefitID(r)
	if err != nil {
		return err
	}
	in, err := benefitInputOf(r)
	if err == nil {
		_, err = s.app.UpdateBenefit(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	}
	return s.benefitDetailForm(w, r, err, okMsg("gevinst-gemt"), "In")
}

func (s *Server) formAddMeasurement(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := benefitID(r)
	if err != nil {
		return err
	}
	m := benefit.Measurement{Comment: strings.TrimSpace(r.PostForm.Get("comment"))}
	m.Value, err = benefit.ParseNumber("value", r.PostForm.Get("value"))
	if err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "value", msg: err.Error()}
	}
	if err == nil {
		err = benefitFormDate(strings.TrimSpace(r.PostForm.Get("date")), "date", "datoen for eftermålingen", &m.Date)
	}
	if err == nil {
		_, err = s.app.AddMeasurement(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, m)
	}
	return s.benefitDetailForm(w, r, err, okMsg("gevinst-maaling"), "M")
}

func (s *Server) pageNationalBenefits(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.NationalBenefits(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "benefit_national.html", map[string]any{"Title": "Gevinstrealisering – " + v.ProgrammeName,
		"N": v, "Asof": asof, "Key": url.PathEscape(r.PathValue("key"))})
}

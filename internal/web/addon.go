package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/addon"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/model"
)

// Add-on purchases (tilkøb; app/addon.go, docs/addons.md): the centre's
// add-on catalogue per programme, a municipality's agreement page (its
// training lead, orders and their tasks), the supplier's list of every
// order, and the JSON API.

// addOnRoutes registers the add-on routes with their access rules
// (route_table.go); the use cases check the same policy again.
func (s *Server) addOnRoutes(rt *router) {
	const api = "/api/v1/programmes/{key}"
	rt.handle("GET "+api+"/addons", ruleSignedIn, s.api(s.apiAddOnCatalogue))
	rt.handle("POST "+api+"/addons", ruleAddOnManage, s.api(s.apiCreateAddOn))
	rt.handle("PUT "+api+"/addons/{id}", ruleAddOnManage, s.api(s.apiUpdateAddOn))
	rt.handle("POST "+api+"/addons/{id}/tasks", ruleAddOnManage, s.api(s.apiAddAddOnTask))
	rt.handle("GET "+api+"/addon-orders", ruleAddOnOrders, s.api(s.apiAddOnOrders))
	rt.handle("GET "+api+"/addon-orders.xlsx", ruleAddOnOrders, s.api(s.apiAddOnOrdersXLSX))
	const mapi = api + "/municipalities/{code}/addons"
	rt.handle("GET "+mapi, ruleAgreement, s.api(s.apiAgreement))
	rt.handle("PUT "+mapi+"/agreement", ruleAddOnOrder, s.api(s.apiSaveAgreement))
	rt.handle("POST "+mapi+"/orders", ruleAddOnOrder, s.api(s.apiOrderAddOn))
	rt.handle("POST "+mapi+"/orders/{id}/cancel", ruleAddOnOrder, s.api(s.apiCancelOrder))
	const page = "/programmes/{key}/tilkoeb"
	rt.handle("GET "+page, ruleSignedIn, s.page(s.pageAddOnCatalogue))
	rt.handle("POST "+page, ruleAddOnManage, s.page(s.formCreateAddOn))
	rt.handle("POST "+page+"/{id}", ruleAddOnManage, s.page(s.formUpdateAddOn))
	rt.handle("POST "+page+"/opgaver", ruleAddOnManage, s.page(s.formAddAddOnTask))
	rt.handle("GET "+page+"/bestillinger", ruleAddOnOrders, s.page(s.pageAddOnOrders))
	const mpage = "/programmes/{key}/municipalities/{code}/tilkoeb"
	rt.handle("GET "+mpage, ruleAgreement, s.page(s.pageAgreement))
	rt.handle("POST "+mpage+"/aftale", ruleAddOnOrder, s.page(s.formSaveAgreement))
	rt.handle("POST "+mpage+"/bestil", ruleAddOnOrder, s.page(s.formOrderAddOn))
	rt.handle("POST "+mpage+"/{id}/afbestil", ruleAddOnOrder, s.page(s.formCancelOrder))
}

func init() {
	funcs["addOnCategories"] = func() []addon.Category { return addon.Categories.Values() }
}

// --- JSON API ---

func (s *Server) apiAddOnCatalogue(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.AddOnCatalogue(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCreateAddOn(w http.ResponseWriter, r *http.Request) error {
	var in app.AddOnInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.SaveAddOn(r.Context(), identityOf(r), r.PathValue("key"), 0, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiUpdateAddOn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "tilkøbet")
	if err != nil {
		return err
	}
	var in app.AddOnInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.SaveAddOn(r.Context(), identityOf(r), r.PathValue("key"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiAddAddOnTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "tilkøbet")
	if err != nil {
		return err
	}
	var in app.AddOnTaskInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.AddAddOnTask(r.Context(), identityOf(r), r.PathValue("key"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiAddOnOrders(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.AddOnOrders(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiAddOnOrdersXLSX(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.AddOnOrders(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	rows := make([]export.AddOnOrderRow, len(v.Orders))
	for i, o := range v.Orders {
		x := export.AddOnOrderRow{Municipality: o.MunicipalityName, GoLive: o.GoLive, AddOn: o.Title, Category: o.CategoryLabel,
			Supplier: o.Supplier, OrderedAt: model.DanishDate(o.OrderedAt), OrderedBy: o.OrderedBy, Exception: o.ExceptionReason}
		if !o.Live {
			x.Cancelled = model.DanishDate(o.CancelledAt)
		}
		for _, t := range o.Tasks {
			x.Tasks = append(x.Tasks, export.AddOnTaskRow{Title: t.Title, Responsible: t.Responsible, Start: t.Start, End: t.End,
				Status: t.Status, Withdrawn: t.Withdrawn})
		}
		rows[i] = x
	}
	out, err := export.AddOnOrdersXLSX(v.ProgrammeName, s.app.Today(), rows)
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, "tilkoeb-"+v.Programme+".xlsx", out)
}

func (s *Server) apiAgreement(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.Agreement(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiSaveAgreement(w http.ResponseWriter, r *http.Request) error {
	var in app.AgreementInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.SaveAgreement(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiOrderAddOn(w http.ResponseWriter, r *http.Request) error {
	var in app.OrderInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.Order(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiCancelOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "bestillingen")
	if err != nil {
		return err
	}
	var in struct {
		Version int `json:"version"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.app.CancelOrder(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in.Version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- Pages ---

func catalogueBase(r *http.Request) string {
	return "/programmes/" + url.PathEscape(r.PathValue("key")) + "/tilkoeb"
}

// addOnCataloguePage renders the add-on catalogue with extra data (a
// refused form's error and values).
func (s *Server) addOnCataloguePage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	v, err := s.app.AddOnCatalogue(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	data := feedback(r, map[string]any{"Title": "Tilkøb – " + v.ProgrammeName, "V": v, "Base": catalogueBase(r),
		"Key": url.PathEscape(r.PathValue("key")), "In": map[string]string{"category": string(addon.Training), "supplier": "Leverandøren"},
		"T": map[string]string{"start": "-20", "end": "-10"}})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "addon_catalogue.html", data)
}

func (s *Server) pageAddOnCatalogue(w http.ResponseWriter, r *http.Request) error {
	return s.addOnCataloguePage(w, r, http.StatusOK, nil)
}

func (s *Server) addOnCatalogueForm(w http.ResponseWriter, r *http.Request, err error, o ok, form string, id int64) error {
	if err == nil {
		return s.back(w, r, catalogueBase(r), nil, o)
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return s.addOnCataloguePage(w, r, status, map[string]any{"E": fe, "Form": form, "FormID": id, form: postedForm(r)})
}

func addOnInputOf(r *http.Request) (app.AddOnInput, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	in := app.AddOnInput{Category: addon.Category(f("category")), Kind: f("kind"), Content: f("content"), TargetGroup: f("target_group"),
		Form: f("form"), Extent: f("extent"), Supplier: f("supplier"), Capacity: f("capacity") != "", Withdrawn: f("withdrawn") != ""}
	if v := f("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return in, &requestError{status: http.StatusUnprocessableEntity, field: "version", msg: "versionen skal være et helt tal"}
		}
		in.Version = n
	}
	return in, nil
}

func (s *Server) formCreateAddOn(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in, err := addOnInputOf(r)
	if err == nil {
		_, err = s.app.SaveAddOn(r.Context(), identityOf(r), r.PathValue("key"), 0, in)
	}
	return s.addOnCatalogueForm(w, r, err, okMsg("tilkoeb-oprettet"), "In", 0)
}

func (s *Server) formUpdateAddOn(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := pathThing(r, "id", "tilkøbet")
	if err != nil {
		return err
	}
	in, err := addOnInputOf(r)
	if err == nil {
		_, err = s.app.SaveAddOn(r.Context(), identityOf(r), r.PathValue("key"), id, in)
	}
	return s.addOnCatalogueForm(w, r, err, okMsg("tilkoeb-gemt"), "Edit", id)
}

func (s *Server) formAddAddOnTask(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	id, err := strconv.ParseInt(f("addon_id"), 10, 64)
	if err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "addon_id", msg: "vælg tilkøbet, opgaven hører til"}
	}
	in := app.AddOnTaskInput{Title: f("title"), Description: f("description"), Type: model.TaskType(f("type")),
		Responsible: f("responsible"), Executor: f("executor"), Unit: model.Unit(f("unit"))}
	for _, n := range []struct {
		field, label string
		to           *int
	}{{"start", "start", &in.Start}, {"end", "slut", &in.End}} {
		x, perr := strconv.Atoi(f(n.field))
		if perr != nil && err == nil {
			err = &requestError{status: http.StatusUnprocessableEntity, field: n.field, msg: n.label + " skal være et helt antal dage i forhold til go-live (negativt før)"}
		}
		*n.to = x
	}
	if err == nil {
		_, err = s.app.AddAddOnTask(r.Context(), identityOf(r), r.PathValue("key"), id, in)
	}
	return s.addOnCatalogueForm(w, r, err, okMsg("tilkoeb-opgave"), "T", id)
}

func (s *Server) pageAddOnOrders(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.AddOnOrders(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "addon_orders.html", map[string]any{"Title": "Bestilte tilkøb – " + v.ProgrammeName, "V": v,
		"Key": url.PathEscape(r.PathValue("key"))})
}

// agreementPage renders a municipality's agreement with extra data.
func (s *Server) agreementPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	v, err := s.app.Agreement(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	data := feedback(r, map[string]any{"Title": "Tilkøb – " + v.MunicipalityName, "V": v, "Base": planPath(r, ""),
		"Agr": map[string]string{"training_lead": v.Agreement.TrainingLead, "training_lead_email": v.Agreement.TrainingLeadEmail,
			"version": strconv.Itoa(v.Agreement.Version)}, "Ord": map[string]string{}})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "addon_agreement.html", data)
}

func (s *Server) pageAgreement(w http.ResponseWriter, r *http.Request) error {
	return s.agreementPage(w, r, http.StatusOK, nil)
}

func (s *Server) agreementForm(w http.ResponseWriter, r *http.Request, err error, o ok, form string) error {
	return s.formDone(w, r, err, o, planPath(r, "/tilkoeb"), form, func(status int, data map[string]any) error { return s.agreementPage(w, r, status, data) })
}

func (s *Server) formSaveAgreement(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "version", msg: "versionen skal være et helt tal"}
	} else {
		_, err = s.app.SaveAgreement(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), app.AgreementInput{
			TrainingLead: r.PostForm.Get("training_lead"), TrainingLeadEmail: r.PostForm.Get("training_lead_email"), Version: version})
	}
	return s.agreementForm(w, r, err, okMsg("tilkoeb-aftale"), "Agr")
}

func (s *Server) formOrderAddOn(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("addon_id"), 10, 64)
	if err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "addon_id", msg: "vælg et tilkøb"}
	} else {
		_, err = s.app.Order(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"),
			app.OrderInput{AddOnID: id, ExceptionReason: r.PostForm.Get("exception_reason")})
	}
	return s.agreementForm(w, r, err, okMsg("tilkoeb-bestilt"), "Ord")
}

func (s *Server) formCancelOrder(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := pathThing(r, "id", "bestillingen")
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "version", msg: "versionen skal være et helt tal"}
	} else {
		err = s.app.CancelOrder(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, version)
	}
	return s.agreementForm(w, r, err, okMsg("tilkoeb-afbestilt"), "Cancel")
}

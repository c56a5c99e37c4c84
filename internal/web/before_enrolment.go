package web

import (
	"net/http"
	"strconv"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// Tasks before enrolment ("før tilmelding", app/before_enrolment.go,
// docs/before-enrolment.md): the list of a plan's tasks that ended before
// the municipality was enrolled, and their settlement in bulk.

func (s *Server) beforeEnrolmentRoutes(rt *router) {
	const api = "/api/v1/programmes/{key}/municipalities/{code}/before-enrolment"
	rt.handle("GET "+api, ruleMunicipality, s.api(s.apiBeforeEnrolment))
	rt.handle("POST "+api+"/settle", rulePlanChange, s.api(s.apiSettleBeforeEnrolment))
	const page = "/programmes/{key}/municipalities/{code}/foer-tilmelding"
	rt.handle("GET "+page, ruleMunicipality, s.page(s.pageBeforeEnrolment))
	rt.handle("POST "+page, rulePlanChange, s.page(s.formSettleBeforeEnrolment))
}

func (s *Server) apiBeforeEnrolment(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.BeforeEnrolment(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiSettleBeforeEnrolment(w http.ResponseWriter, r *http.Request) error {
	var in app.Settlement
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	n, err := s.app.SettleBeforeEnrolment(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]int{"settled": n})
}

func (s *Server) beforeEnrolmentPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	v, err := s.app.BeforeEnrolment(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	data := feedback(r, map[string]any{"Title": "Før tilmelding – " + v.MunicipalityName, "V": v,
		"Base": planPath(r, ""), "CanChange": mayChangePlan(r, v.MunicipalityID),
		"Picked": map[int64]bool{}, "In": map[string]string{"status": string(model.Completed)}})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "before_enrolment.html", data)
}

func (s *Server) pageBeforeEnrolment(w http.ResponseWriter, r *http.Request) error {
	return s.beforeEnrolmentPage(w, r, http.StatusOK, nil)
}

func (s *Server) formSettleBeforeEnrolment(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in := app.Settlement{Status: model.Status(r.PostForm.Get("status")), Comment: r.PostForm.Get("comment")}
	picked := map[int64]bool{}
	var err error
	for _, raw := range r.PostForm["id"] {
		id, perr := strconv.ParseInt(raw, 10, 64)
		if perr != nil || id <= 0 {
			err = &requestError{status: http.StatusUnprocessableEntity, field: "ids", msg: "en valgt opgave findes ikke"}
			break
		}
		in.IDs = append(in.IDs, id)
		picked[id] = true
	}
	n := 0
	if err == nil {
		n, err = s.app.SettleBeforeEnrolment(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	}
	if err == nil {
		return s.back(w, r, planPath(r, "/foer-tilmelding"), nil, okMsg("afklaret", n))
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return s.beforeEnrolmentPage(w, r, status, map[string]any{"E": fe, "Picked": picked, "In": postedForm(r)})
}

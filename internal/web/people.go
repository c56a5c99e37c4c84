package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/people"
)

// The people register (app/people.go, docs/people.md): a municipality's
// register page with its sizing, a page per person, the centre's national
// shortfall of administrators and super-users, and the JSON API. Training
// (training.go) registers its routes here too, so routes.go names one call.

func (s *Server) peopleRoutes(rt *router) {
	const api = "/api/v1/programmes/{key}/municipalities/{code}/people"
	rt.handle("GET "+api, rulePeople, s.api(s.apiPeople))
	rt.handle("POST "+api, rulePeopleChange, s.api(s.apiCreatePerson))
	rt.handle("PUT "+api+"/{id}", rulePeopleChange, s.api(s.apiUpdatePerson))
	rt.handle("POST "+api+"/{id}/roles", rulePeopleChange, s.api(s.apiAddPersonRole))
	rt.handle("DELETE "+api+"/{id}/roles/{role}", rulePeopleChange, s.api(s.apiRemovePersonRole))
	rt.handle("GET /api/v1/programmes/{key}/sizing", ruleNational, s.api(s.apiNationalSizing))
	const page = "/programmes/{key}/municipalities/{code}/roller"
	rt.handle("GET "+page, rulePeople, s.page(s.pagePeople))
	rt.handle("POST "+page, rulePeopleChange, s.page(s.formCreatePerson))
	rt.handle("GET "+page+"/{id}", rulePeople, s.page(s.pagePerson))
	rt.handle("POST "+page+"/{id}", rulePeopleChange, s.page(s.formUpdatePerson))
	rt.handle("POST "+page+"/{id}/roller", rulePeopleChange, s.page(s.formAddPersonRole))
	rt.handle("POST "+page+"/{id}/roller/{role}/slet", rulePeopleChange, s.page(s.formRemovePersonRole))
	rt.handle("GET /programmes/{key}/superbrugere", ruleNational, s.page(s.pageNationalSizing))
	s.trainingRoutes(rt)
}

func init() {
	funcs["personRoles"] = func() []model.PersonRole { return model.PersonRoles.Values() }
	funcs["personAreas"] = func() []model.Area { return model.Areas.Values() }
	// peopleReader is whether the signed-in user reads the people registers
	// of the municipalities whose plans they see (not observers): the
	// plan's local navigation links the register only then.
	funcs["peopleReader"] = func(id *app.Identity) bool {
		return id != nil && access.ViewPeople(id.Subject, id.Subject.MunicipalityID)
	}
}

func personID(r *http.Request, name string) (int64, error) {
	return pathThing(r, name, "personen eller rollen")
}

// --- JSON API ---

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.PeopleRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCreatePerson(w http.ResponseWriter, r *http.Request) error {
	var in app.PersonInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.CreatePerson(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiUpdatePerson(w http.ResponseWriter, r *http.Request) error {
	id, err := personID(r, "id")
	if err != nil {
		return err
	}
	var in app.PersonUpdate
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.UpdatePerson(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiAddPersonRole(w http.ResponseWriter, r *http.Request) error {
	id, err := personID(r, "id")
	if err != nil {
		return err
	}
	var in app.RoleInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.AddPersonRole(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiRemovePersonRole(w http.ResponseWriter, r *http.Request) error {
	id, err := personID(r, "id")
	if err != nil {
		return err
	}
	role, err := personID(r, "role")
	if err != nil {
		return err
	}
	x, err := s.app.RemovePersonRole(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, role)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiNationalSizing(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.NationalSizing(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// --- Pages ---

func personFormOf(r *http.Request) app.PersonInput {
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	return app.PersonInput{Person: people.Person{Name: f("name"), Email: f("email"), Phone: f("phone")}, RoleInput: roleFormOf(r)}
}

func roleFormOf(r *http.Request) app.RoleInput {
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	return app.RoleInput{Role: model.PersonRole(f("role")), Institution: f("institution"), Area: model.Area(f("area"))}
}

// peoplePage renders a municipality's register with extra data (a refused
// form's error and values).
func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	v, err := s.app.PeopleRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	data := feedback(r, map[string]any{"Title": "Roller og superbrugere – " + v.MunicipalityName, "V": v,
		"Base": planPath(r, ""), "In": map[string]string{"role": string(model.RoleSuperUser)}})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "people.html", data)
}

func (s *Server) pagePeople(w http.ResponseWriter, r *http.Request) error {
	return s.peoplePage(w, r, http.StatusOK, nil)
}

func (s *Server) formCreatePerson(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err := s.app.CreatePerson(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), personFormOf(r))
	if err == nil {
		return s.back(w, r, planPath(r, "/roller"), nil, okMsg("person-registreret"))
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return s.peoplePage(w, r, status, map[string]any{"E": fe, "In": postedForm(r)})
}

// personPage renders one person's page with extra data.
func (s *Server) personPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	id, err := personID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.app.PeopleRegister(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	for _, p := range v.People {
		if p.Key != id {
			continue
		}
		data := feedback(r, map[string]any{"Title": p.Name + " – " + v.MunicipalityName, "V": v, "P": p, "Base": planPath(r, ""),
			"In":   map[string]string{"name": p.Name, "email": p.Email, "phone": p.Phone, "version": strconv.Itoa(p.Version)},
			"Role": map[string]string{"role": string(model.RoleSuperUser)}})
		for k, x := range extra {
			data[k] = x
		}
		return s.render(w, status, "person.html", data)
	}
	return &requestError{status: http.StatusNotFound, msg: "personen findes ikke i kommunens rolleregister"}
}

func (s *Server) pagePerson(w http.ResponseWriter, r *http.Request) error {
	return s.personPage(w, r, http.StatusOK, nil)
}

func (s *Server) personForm(w http.ResponseWriter, r *http.Request, err error, o ok, form string) error {
	return s.formDone(w, r, err, o, planPath(r, "/roller/"+url.PathEscape(r.PathValue("id"))), form, func(status int, data map[string]any) error { return s.personPage(w, r, status, data) })
}

func (s *Server) formUpdatePerson(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := personID(r, "id")
	if err != nil {
		return err
	}
	in := app.PersonUpdate{Person: personFormOf(r).Person}
	in.Version, err = strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "version", msg: "versionen skal være et helt tal"}
	} else {
		_, err = s.app.UpdatePerson(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, in)
	}
	return s.personForm(w, r, err, okMsg("person-gemt"), "In")
}

func (s *Server) formAddPersonRole(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := personID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.app.AddPersonRole(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, roleFormOf(r))
	return s.personForm(w, r, err, okMsg("rolle-tilfoejet"), "Role")
}

func (s *Server) formRemovePersonRole(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := personID(r, "id")
	if err != nil {
		return err
	}
	role, err := personID(r, "role")
	if err != nil {
		return err
	}
	_, err = s.app.RemovePersonRole(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id, role)
	return s.personForm(w, r, err, okMsg("rolle-fjernet"), "Role")
}

func (s *Server) pageNationalSizing(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.NationalSizing(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "people_national.html", map[string]any{"Title": "Superbrugere og administratorer – " + v.ProgrammeName,
		"N": v, "Key": url.PathEscape(r.PathValue("key"))})
}

// taskHolders is who holds the register role a task's executor names, for
// the task's page (nil when none or not for this user); a failure leaves
// the line out rather than the page.
func (s *Server) taskHolders(r *http.Request, id int64) *app.ExecutorHolders {
	h, err := s.app.TaskRoleHolders(r.Context(), identityOf(r), id)
	if err != nil {
		return nil
	}
	return h
}

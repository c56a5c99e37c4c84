package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
)

// Institutions' own go-lives and pilots (app/institutions.go,
// docs/institutions.md): a municipality's institutions in the programme's
// track, a page per institution with its tasks and the form that sets its
// go-live, and the JSON API.

func (s *Server) institutionRoutes(rt *router) {
	const api = "/api/v1/programmes/{key}/municipalities/{code}/institutions"
	rt.handle("GET "+api, ruleMunicipality, s.api(s.apiInstitutions))
	rt.handle("PUT "+api+"/{inst}/golive", rulePlanChange, s.api(s.apiSetInstitutionGoLive))
	const page = "/programmes/{key}/municipalities/{code}/institutioner"
	rt.handle("GET "+page, ruleMunicipality, s.page(s.pageInstitutions))
	rt.handle("GET "+page+"/{inst}", ruleMunicipality, s.page(s.pageInstitution))
	rt.handle("POST "+page+"/{inst}", rulePlanChange, s.page(s.formInstitutionGoLive))
}

func init() {
	// planChanger is whether the signed-in user may change the plan of
	// the municipality with this id (access.ChangePlan): the institution
	// page shows its go-live form only then.
	funcs["planChanger"] = func(id *app.Identity, municipalityID int64) bool {
		return id != nil && access.ChangePlan(id.Subject, municipalityID)
	}
}

// --- JSON API ---

func (s *Server) apiInstitutions(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Institutions(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiSetInstitutionGoLive(w http.ResponseWriter, r *http.Request) error {
	var in app.InstitutionGoLiveInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.app.SetInstitutionGoLive(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PathValue("inst"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// --- Pages ---

func (s *Server) pageInstitutions(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Institutions(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "institutions.html", feedback(r, map[string]any{
		"Title": "Institutioner og go-live – " + v.Municipality.Name, "V": v, "Base": planPath(r, "")}))
}

// institutionPage renders one institution's page with extra data (a
// refused form's error and values).
func (s *Server) institutionPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	d, err := s.app.Institution(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PathValue("inst"), asof)
	if err != nil {
		return err
	}
	in := map[string]string{"version": strconv.Itoa(d.Institution.Version)}
	if d.Institution.Own {
		in["golive"] = d.Institution.GoLive.String()
	}
	sched := make(map[string]app.InstitutionScheduleTask, len(d.Schedule.Tasks))
	for _, t := range d.Schedule.Tasks {
		sched[t.Key] = t
	}
	data := feedback(r, map[string]any{"Title": d.Institution.Name + " – " + d.Municipality.Name, "D": d, "Base": planPath(r, ""), "In": in,
		"Sched": sched})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "institution.html", data)
}

func (s *Server) pageInstitution(w http.ResponseWriter, r *http.Request) error {
	return s.institutionPage(w, r, http.StatusOK, nil)
}

func (s *Server) formInstitutionGoLive(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	in := app.InstitutionGoLiveInput{Reset: r.PostForm.Get("action") == "reset"}
	var err error
	if in.Version, err = strconv.Atoi(strings.TrimSpace(r.PostForm.Get("version"))); err != nil || in.Version < 0 {
		err = badRequest("version", "formularen mangler den version, du så; hent siden igen")
	} else if !in.Reset {
		var fe *fieldError
		if in.GoLive, fe = formDate(r, "golive", "Go-live-datoen"); fe != nil {
			err = &requestError{status: http.StatusUnprocessableEntity, field: fe.Field, msg: strings.TrimSuffix(fe.Message, ".")}
		}
	}
	if err == nil {
		_, err = s.app.SetInstitutionGoLive(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PathValue("inst"), in)
	}
	done := okMsg("institution-golive")
	if in.Reset {
		done = okMsg("institution-kommunens")
	}
	dest := planPath(r, "/institutioner/"+url.PathEscape(r.PathValue("inst")))
	return s.formDone(w, r, err, done, dest, "In", func(status int, data map[string]any) error {
		if status == http.StatusConflict {
			delete(data, "In") // someone else changed it: show the date and version as they are now
		}
		return s.institutionPage(w, r, status, data)
	})
}

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/training"
)

// Training (app/training.go, docs/training.md): the programme's courses
// and runs, a run's participants with attendance, final test and
// evaluations, a municipality's training (who has not passed before
// go-live, signing its people up), the centre's pass rates and
// evaluations, and the JSON API.

func (s *Server) trainingRoutes(rt *router) {
	const api = "/api/v1/programmes/{key}/training"
	rt.handle("GET "+api, ruleSignedIn, s.api(s.apiTraining))
	rt.handle("POST "+api+"/courses", ruleTraining, s.api(s.apiCreateCourse))
	rt.handle("POST "+api+"/courses/{id}/runs", ruleTraining, s.api(s.apiCreateRun))
	rt.handle("GET "+api+"/runs/{id}", ruleTraining, s.api(s.apiRun))
	rt.handle("PUT "+api+"/runs/{id}", ruleTraining, s.api(s.apiUpdateRun))
	rt.handle("POST "+api+"/runs/{id}/cancel", ruleTraining, s.api(s.apiCancelRun))
	rt.handle("PUT "+api+"/runs/{id}/participants/{person}", ruleTraining, s.api(s.apiRecordResult))
	rt.handle("POST "+api+"/runs/{id}/evaluations", ruleTraining, s.api(s.apiAddEvaluation))
	rt.handle("GET "+api+"/national", ruleNational, s.api(s.apiNationalTraining))
	const muni = "/api/v1/programmes/{key}/municipalities/{code}/training"
	rt.handle("GET "+muni, rulePeople, s.api(s.apiMunicipalityTraining))
	rt.handle("POST "+muni+"/participants", rulePeopleChange, s.api(s.apiSignUp))
	rt.handle("DELETE "+muni+"/participants/{run}/{person}", rulePeopleChange, s.api(s.apiWithdraw))
	const page = "/programmes/{key}/uddannelse"
	rt.handle("GET "+page, ruleSignedIn, s.page(s.pageTraining))
	rt.handle("POST "+page+"/kurser", ruleTraining, s.page(s.formCreateCourse))
	rt.handle("POST "+page+"/kursusgange", ruleTraining, s.page(s.formCreateRun))
	rt.handle("GET "+page+"/kursusgange/{id}", ruleTraining, s.page(s.pageRun))
	rt.handle("POST "+page+"/kursusgange/{id}", ruleTraining, s.page(s.formUpdateRun))
	rt.handle("POST "+page+"/kursusgange/{id}/aflys", ruleTraining, s.page(s.formCancelRun))
	rt.handle("POST "+page+"/kursusgange/{id}/resultater", ruleTraining, s.page(s.formRecordResult))
	rt.handle("POST "+page+"/kursusgange/{id}/evalueringer", ruleTraining, s.page(s.formAddEvaluation))
	rt.handle("GET "+page+"/national", ruleNational, s.page(s.pageNationalTraining))
	const mpage = "/programmes/{key}/municipalities/{code}/uddannelse"
	rt.handle("GET "+mpage, rulePeople, s.page(s.pageMunicipalityTraining))
	rt.handle("POST "+mpage, rulePeopleChange, s.page(s.formSignUp))
	rt.handle("POST "+mpage+"/afmeld", rulePeopleChange, s.page(s.formWithdraw))
}

func init() {
	funcs["runTypes"] = func() []training.RunType { return training.RunTypes.Values() }
	funcs["score"] = func(f *float64) string {
		if f == nil {
			return "–"
		}
		return strings.Replace(strconv.FormatFloat(*f, 'f', -1, 64), ".", ",", 1) + " %"
	}
	// "mean" (a mean in Danish, one decimal) is the readiness survey's (readiness.go).
}

// --- JSON API ---

func (s *Server) apiTraining(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.Training(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCreateCourse(w http.ResponseWriter, r *http.Request) error {
	var in app.CourseInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.CreateCourse(r.Context(), identityOf(r), r.PathValue("key"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiCreateRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "kurset")
	if err != nil {
		return err
	}
	var in app.RunInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.CreateRun(r.Context(), identityOf(r), r.PathValue("key"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	v, err := s.app.RunDetail(r.Context(), identityOf(r), r.PathValue("key"), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiUpdateRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	var in app.RunUpdate
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.UpdateRun(r.Context(), identityOf(r), r.PathValue("key"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiCancelRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	var in app.CancelInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.CancelRun(r.Context(), identityOf(r), r.PathValue("key"), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiRecordResult(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	person, err := pathThing(r, "person", "deltageren")
	if err != nil {
		return err
	}
	var in app.ResultInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.RecordResult(r.Context(), identityOf(r), r.PathValue("key"), id, person, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiAddEvaluation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	var in app.EvaluationInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.app.AddEvaluation(r.Context(), identityOf(r), r.PathValue("key"), id, in); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiNationalTraining(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.NationalTraining(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiMunicipalityTraining(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.MunicipalityTraining(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiSignUp(w http.ResponseWriter, r *http.Request) error {
	var in app.SignUp
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.app.RegisterParticipant(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

// apiWithdraw takes a person off a run (before it starts, nothing recorded).
func (s *Server) apiWithdraw(w http.ResponseWriter, r *http.Request) error {
	run, err := pathThing(r, "run", "kursusgangen")
	if err != nil {
		return err
	}
	person, err := pathThing(r, "person", "personen")
	if err != nil {
		return err
	}
	if err := s.app.WithdrawParticipant(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), run, person); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- Pages ---

func trainingFormInt(r *http.Request, field, label string) (int64, error) {
	v := strings.TrimSpace(r.PostForm.Get(field))
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, &requestError{status: http.StatusUnprocessableEntity, field: field, msg: "vælg " + label}
	}
	return n, nil
}

func trainingFormDate(r *http.Request, field, label string) (model.Date, error) {
	v := strings.TrimSpace(r.PostForm.Get(field))
	if v == "" {
		return 0, nil
	}
	d, err := model.ParseInputDate(v)
	if err != nil {
		return 0, &requestError{status: http.StatusUnprocessableEntity, field: field, msg: label + " skal være en dato (ÅÅÅÅ-MM-DD)"}
	}
	return d, nil
}

func (s *Server) trainingPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	v, err := s.app.Training(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	data := feedback(r, map[string]any{"Title": "Uddannelse – " + v.ProgrammeName, "V": v, "Key": url.PathEscape(r.PathValue("key")),
		"Course": map[string]string{}, "Run": map[string]string{"type": string(training.Classroom), "capacity": "20"}})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "training.html", data)
}

func (s *Server) pageTraining(w http.ResponseWriter, r *http.Request) error {
	return s.trainingPage(w, r, http.StatusOK, nil)
}

func (s *Server) trainingForm(w http.ResponseWriter, r *http.Request, err error, o ok, form string) error {
	return s.formDone(w, r, err, o, "/programmes/"+url.PathEscape(r.PathValue("key"))+"/uddannelse", form, func(status int, data map[string]any) error { return s.trainingPage(w, r, status, data) })
}

func (s *Server) formCreateCourse(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err := s.app.CreateCourse(r.Context(), identityOf(r), r.PathValue("key"),
		app.CourseInput{Title: r.PostForm.Get("title"), Description: r.PostForm.Get("description")})
	return s.trainingForm(w, r, err, okMsg("kursus-oprettet"), "Course")
}

func (s *Server) formCreateRun(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	in := app.RunInput{Municipality: f("municipality"), Purchased: f("purchased") == "ja"}
	course, err := trainingFormInt(r, "course", "kurset")
	if err == nil {
		in.Run, err = runFromForm(r)
	}
	if err == nil {
		_, err = s.app.CreateRun(r.Context(), identityOf(r), r.PathValue("key"), course, in)
	}
	return s.trainingForm(w, r, err, okMsg("kursusgang-oprettet"), "Run")
}

// runFromForm reads a run's type, dates, place, capacity and trainer from
// the create and edit forms.
func runFromForm(r *http.Request) (training.Run, error) {
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	run := training.Run{Type: training.RunType(f("type")), Place: f("place"), Trainer: f("trainer")}
	var err error
	if run.Start, err = trainingFormDate(r, "starts_on", "datoen"); err != nil {
		return run, err
	}
	if run.End, err = trainingFormDate(r, "ends_on", "slutdatoen"); err != nil {
		return run, err
	}
	if run.Capacity, err = strconv.Atoi(f("capacity")); err != nil {
		return run, &requestError{status: http.StatusUnprocessableEntity, field: "capacity", msg: "kapaciteten skal være et helt antal deltagere"}
	}
	return run, nil
}

func (s *Server) formUpdateRun(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	in := app.RunUpdate{}
	in.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	in.Run, err = runFromForm(r)
	if err == nil {
		_, err = s.app.UpdateRun(r.Context(), identityOf(r), r.PathValue("key"), id, in)
	}
	return s.runForm(w, r, err, okMsg("kursusgang-aendret"), "Edit")
}

func (s *Server) formCancelRun(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	_, err = s.app.CancelRun(r.Context(), identityOf(r), r.PathValue("key"), id, app.CancelInput{Reason: r.PostForm.Get("reason"), Version: version})
	return s.runForm(w, r, err, okMsg("kursusgang-aflyst"), "Cancel")
}

func (s *Server) runPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	v, err := s.app.RunDetail(r.Context(), identityOf(r), r.PathValue("key"), id)
	if err != nil {
		return err
	}
	edit := map[string]string{"type": string(v.Run.Type), "starts_on": v.Run.Start.String(), "ends_on": v.Run.End.String(),
		"place": v.Run.Place, "trainer": v.Run.Trainer, "capacity": strconv.Itoa(v.Run.Capacity), "version": strconv.Itoa(v.Run.Version)}
	data := feedback(r, map[string]any{"Title": v.Run.CourseTitle + " " + v.Run.Start.Danish() + " – " + v.ProgrammeName, "V": v,
		"Key": url.PathEscape(r.PathValue("key")), "Result": map[string]string{}, "Eval": map[string]string{}, "Edit": edit,
		"Cancel": map[string]string{}})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "training_run.html", data)
}

func (s *Server) pageRun(w http.ResponseWriter, r *http.Request) error {
	return s.runPage(w, r, http.StatusOK, nil)
}

func (s *Server) runForm(w http.ResponseWriter, r *http.Request, err error, o ok, form string) error {
	return s.formDone(w, r, err, o, "/programmes/"+url.PathEscape(r.PathValue("key"))+"/uddannelse/kursusgange/"+url.PathEscape(r.PathValue("id")), form, func(status int, data map[string]any) error { return s.runPage(w, r, status, data) })
}

func (s *Server) formRecordResult(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	f := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	var in app.ResultInput
	// The form's person field is "key:version" of the participant chosen.
	keyVersion := strings.SplitN(f("person"), ":", 2)
	person, err := strconv.ParseInt(keyVersion[0], 10, 64)
	if err != nil || len(keyVersion) != 2 {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "person", msg: "vælg deltageren"}
	} else {
		in.Version, _ = strconv.Atoi(keyVersion[1])
	}
	if err == nil {
		switch f("attended") {
		case "ja", "nej":
			a := f("attended") == "ja"
			in.Attended = &a
		}
		if v := f("score"); v != "" {
			sc, perr := strconv.ParseFloat(strings.Replace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(v, "%")), " "), ",", ".", 1), 64)
			if perr != nil {
				err = &requestError{status: http.StatusUnprocessableEntity, field: "score", msg: "prøveresultatet skal være et tal i procent, fx 85"}
			} else {
				in.Score = &sc
			}
		}
	}
	if err == nil {
		_, err = s.app.RecordResult(r.Context(), identityOf(r), r.PathValue("key"), id, person, in)
	}
	return s.runForm(w, r, err, okMsg("resultat-gemt"), "Result")
}

func (s *Server) formAddEvaluation(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := pathThing(r, "id", "kursusgangen")
	if err != nil {
		return err
	}
	sat, _ := strconv.Atoi(r.PostForm.Get("satisfaction"))
	ben, _ := strconv.Atoi(r.PostForm.Get("benefit"))
	err = s.app.AddEvaluation(r.Context(), identityOf(r), r.PathValue("key"), id, app.EvaluationInput{Satisfaction: sat, Benefit: ben})
	return s.runForm(w, r, err, okMsg("evaluering-gemt"), "Eval")
}

func (s *Server) pageNationalTraining(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.NationalTraining(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "training_national.html", map[string]any{"Title": "Uddannelse i tal – " + v.ProgrammeName,
		"N": v, "Key": url.PathEscape(r.PathValue("key"))})
}

func (s *Server) municipalityTrainingPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	v, err := s.app.MunicipalityTraining(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"))
	if err != nil {
		return err
	}
	data := feedback(r, map[string]any{"Title": "Uddannelse – " + v.MunicipalityName, "V": v, "Base": planPath(r, ""), "In": map[string]string{}})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "training_municipality.html", data)
}

func (s *Server) pageMunicipalityTraining(w http.ResponseWriter, r *http.Request) error {
	return s.municipalityTrainingPage(w, r, http.StatusOK, nil)
}

func (s *Server) formSignUp(w http.ResponseWriter, r *http.Request) error {
	return s.participantForm(w, r, "tilmeldt", func(run, person int64) error {
		_, err := s.app.RegisterParticipant(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), app.SignUp{Run: run, Person: person})
		return err
	})
}

func (s *Server) formWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.participantForm(w, r, "afmeldt", func(run, person int64) error {
		return s.app.WithdrawParticipant(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), run, person)
	})
}

// participantForm reads a form naming a run and a person of the
// municipality's training page, does it, and goes back with the
// confirmation (or shows the page again with the error at its field).
func (s *Server) participantForm(w http.ResponseWriter, r *http.Request, done string, do func(run, person int64) error) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	run, err := trainingFormInt(r, "run", "kursusgangen")
	var person int64
	if err == nil {
		person, err = trainingFormInt(r, "person", "personen")
	}
	if err == nil {
		err = do(run, person)
	}
	if err == nil {
		return s.back(w, r, planPath(r, "/uddannelse"), nil, okMsg(done))
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return s.municipalityTrainingPage(w, r, status, map[string]any{"E": fe, "In": postedForm(r)})
}

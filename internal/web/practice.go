package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// Kommunepraktik (app/practice.go, docs/announcements.md): a programme's
// pairings page – the centre's form to pair and every pairing; a
// municipality's own pairings with their agreed meetings – and the API.

func (s *Server) practiceRoutes(rt *router) {
	const api = "/api/v1/programmes/{key}/practice-pairings"
	rt.handle("GET "+api, ruleSignedIn, s.api(s.apiPairings))
	rt.handle("POST "+api, ruleAnnounce, s.api(s.apiCreatePairing))
	rt.handle("POST /api/v1/practice-pairings/{id}/meetings", ruleSignedIn, s.api(s.apiAddPracticeMeeting))
	rt.handle("GET /programmes/{key}/kommunepraktik", ruleSignedIn, s.page(s.pagePairings))
	rt.handle("POST /programmes/{key}/kommunepraktik", ruleAnnounce, s.page(s.formCreatePairing))
	rt.handle("POST /programmes/{key}/kommunepraktik/{id}/moeder", ruleSignedIn, s.page(s.formAddPracticeMeeting))
}

func init() {
	notices["parret"] = "Kommunerne er parret."
	notices["praktik-moede"] = "Mødet er registreret."
}

func pairingID(r *http.Request) (int64, error) {
	return pathThing(r, "id", "parringen")
}

func (s *Server) apiPairings(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.Pairings(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCreatePairing(w http.ResponseWriter, r *http.Request) error {
	var in app.PairingInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.app.CreatePairing(r.Context(), identityOf(r), r.PathValue("key"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiAddPracticeMeeting(w http.ResponseWriter, r *http.Request) error {
	id, err := pairingID(r)
	if err != nil {
		return err
	}
	var in app.PracticeMeetingInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.app.AddPracticeMeeting(r.Context(), identityOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) pairingsPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	key := r.PathValue("key")
	ps, err := s.app.Pairings(r.Context(), identityOf(r), key)
	if err != nil {
		return err
	}
	asof := s.app.Today()
	data := feedback(r, map[string]any{"Title": "Kommunepraktik", "Key": key, "Pairings": ps, "Asof": asof, "In": map[string]string{},
		"FormID": int64(0), "Meet": map[string]string{}, "NoMeet": map[string]string{}})
	if id := identityOf(r); id != nil && id.Subject.Role.Central() {
		ov, err := s.app.Overview(r.Context(), id, key, asof)
		if err != nil {
			return err
		}
		var live, coming []app.MunicipalityOverview
		for _, m := range ov.Municipalities {
			if m.GoLive <= asof {
				live = append(live, m)
			} else {
				coming = append(coming, m)
			}
		}
		data["ProgrammeName"], data["Live"], data["Coming"] = ov.Name, live, coming
	}
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "practice.html", data)
}

func (s *Server) pagePairings(w http.ResponseWriter, r *http.Request) error {
	return s.pairingsPage(w, r, http.StatusOK, nil)
}

func (s *Server) formCreatePairing(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err := s.app.CreatePairing(r.Context(), identityOf(r), r.PathValue("key"),
		app.PairingInput{Experienced: r.PostForm.Get("experienced"), Newcomer: r.PostForm.Get("newcomer")})
	if err == nil {
		return s.back(w, r, "/programmes/"+r.PathValue("key")+"/kommunepraktik", nil, okMsg("parret"))
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return s.pairingsPage(w, r, status, map[string]any{"E": fe, "In": postedForm(r)})
}

func (s *Server) formAddPracticeMeeting(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := pairingID(r)
	if err != nil {
		return err
	}
	in := app.PracticeMeetingInput{Note: r.PostForm.Get("note")}
	if in.Day, err = model.ParseInputDate(strings.TrimSpace(r.PostForm.Get("day"))); err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "day", msg: "angiv mødets dato som ÅÅÅÅ-MM-DD"}
	} else {
		_, err = s.app.AddPracticeMeeting(r.Context(), identityOf(r), id, in)
	}
	if err == nil {
		return s.back(w, r, fmt.Sprintf("/programmes/%s/kommunepraktik#parring-%d", r.PathValue("key"), id), nil, okMsg("praktik-moede"))
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return s.pairingsPage(w, r, status, map[string]any{"E": fe, "FormID": id, "Meet": postedForm(r)})
}

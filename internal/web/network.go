package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/announce"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// Network meetings (netværksmøder; app/network.go, docs/announcements.md):
// one page for everyone with the coming meetings, the municipality's
// registration and the centre's forms, and the JSON API.

func (s *Server) networkRoutes(rt *router) {
	const api = "/api/v1/network-meetings"
	rt.handle("GET "+api, ruleSignedIn, s.api(s.apiMeetings))
	rt.handle("POST "+api, ruleAnnounce, s.api(s.apiCreateMeeting))
	rt.handle("PUT "+api+"/{id}/registrations/{code}", rulePlanChange, s.api(s.apiRegister))
	rt.handle("DELETE "+api+"/{id}/registrations/{code}", rulePlanChange, s.api(s.apiCancelRegistration))
	rt.handle("POST "+api+"/{id}/invitations", ruleAnnounce, s.api(s.apiInvite))
	const page = "/netvaerksmoeder"
	rt.handle("GET "+page, ruleSignedIn, s.page(s.pageMeetings))
	rt.handle("POST "+page, ruleAnnounce, s.page(s.formCreateMeeting))
	rt.handle("POST "+page+"/{id}/kommuner/{code}", rulePlanChange, s.page(s.formRegister))
	rt.handle("POST "+page+"/{id}/kommuner/{code}/afmeld", rulePlanChange, s.page(s.formCancelRegistration))
	rt.handle("POST "+page+"/{id}/invitationer", ruleAnnounce, s.page(s.formInvite))
}

func init() {
	notices["moede-oprettet"] = "Netværksmødet er oprettet."
	notices["moede-tilmeldt"] = "Kommunen er tilmeldt og har en plads."
	notices["moede-venteliste"] = "Kommunen står som nr. %d på ventelisten og rykker op, hvis en anden melder fra."
	notices["moede-afmeldt"] = "Kommunen er meldt fra mødet."
	notices["moede-inviteret"] = "Invitationerne er sendt: %d kommuner inviteret, %d på venteliste, %d mails i kø."
	funcs["mayRegisterNetwork"] = func(id *app.Identity) bool {
		return id != nil && id.Subject.MunicipalityID != 0 && access.RegisterNetwork(id.Subject, id.Subject.MunicipalityID)
	}
}

func meetingID(r *http.Request) (int64, error) {
	return pathThing(r, "id", "netværksmødet")
}

// --- JSON API ---

func (s *Server) apiMeetings(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.NetworkMeetings(r.Context(), identityOf(r), r.URL.Query().Get("programme"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCreateMeeting(w http.ResponseWriter, r *http.Request) error {
	var d announce.MeetingDraft
	if err := decodeJSON(w, r, &d); err != nil {
		return err
	}
	v, err := s.app.CreateMeeting(r.Context(), identityOf(r), d)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) apiRegister(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	var in app.RegistrationInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.app.RegisterForMeeting(r.Context(), identityOf(r), id, r.PathValue("code"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCancelRegistration(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	if err := s.app.CancelRegistration(r.Context(), identityOf(r), id, r.PathValue("code")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiInvite(w http.ResponseWriter, r *http.Request) error {
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	res, err := s.app.SendMeetingInvitations(r.Context(), identityOf(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// --- page ---

// meetingForm is the centre's form's default: this quarter's three
// places of seed 003 §6.4.
func meetingForm() map[string]string {
	return map[string]string{"title": "Netværksmøde for projektledere og projektejere", "starts": "10:00", "ends": "15:00",
		"places[0].name": "Aarhus", "places[0].address": "Rådhuspladsen 2, 8000 Aarhus C", "places[0].capacity": "40",
		"places[1].name": "Odense", "places[1].address": "Flakhaven 2, 5000 Odense C", "places[1].capacity": "30",
		"places[2].name": "Ballerup", "places[2].address": "Hold-an Vej 7, 2750 Ballerup", "places[2].capacity": "40"}
}

func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	id := identityOf(r)
	ms, err := s.app.NetworkMeetings(r.Context(), id, "")
	if err != nil {
		return err
	}
	progs, err := s.app.Programmes(r.Context())
	if err != nil {
		return err
	}
	people, err := s.app.MeetingPeople(r.Context(), id)
	if err != nil {
		return err
	}
	muni, _, err := s.app.HomeMunicipality(r.Context(), id)
	if err != nil {
		return err
	}
	in := meetingForm()
	if len(progs) > 0 {
		in["programme"] = progs[0].Key
	}
	data := feedback(r, map[string]any{"Title": "Netværksmøder", "Meetings": ms, "Programmes": progs, "People": people,
		"Municipality": muni, "In": in, "Places": []int{0, 1, 2}, "Reg": map[string]string{"lead": id.User.Email}, "FormID": int64(0)})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "network.html", data)
}

func (s *Server) pageMeetings(w http.ResponseWriter, r *http.Request) error {
	return s.meetingsPage(w, r, http.StatusOK, nil)
}

// meetingRefused shows the page again with a refused form's error at its
// field; form names the form (its values under that key, "Form" which).
func (s *Server) meetingRefused(w http.ResponseWriter, r *http.Request, err error, form string, formID int64) error {
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return s.meetingsPage(w, r, status, map[string]any{"E": fe, "Form": form, "FormID": formID, form: postedForm(r)})
}

func (s *Server) formCreateMeeting(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	d := announce.MeetingDraft{Programme: f.Get("programme"), Title: f.Get("title"), Starts: f.Get("starts"), Ends: f.Get("ends")}
	var err error
	if d.Day, err = model.ParseInputDate(strings.TrimSpace(f.Get("day"))); err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "day", msg: "angiv mødets dato som ÅÅÅÅ-MM-DD"}
	}
	for i := 0; i < 3 && err == nil; i++ {
		p := announce.PlaceDraft{Name: f.Get(fmt.Sprintf("places[%d].name", i)), Address: f.Get(fmt.Sprintf("places[%d].address", i))}
		if strings.TrimSpace(p.Name) == "" && strings.TrimSpace(p.Address) == "" {
			continue // an empty row: fewer places
		}
		if p.Capacity, err = strconv.Atoi(strings.TrimSpace(f.Get(fmt.Sprintf("places[%d].capacity", i)))); err != nil {
			err = &requestError{status: http.StatusUnprocessableEntity, field: fmt.Sprintf("places[%d].capacity", i), msg: "antal pladser skal være et helt tal"}
		}
		d.Places = append(d.Places, p)
	}
	if err == nil {
		_, err = s.app.CreateMeeting(r.Context(), identityOf(r), d)
	}
	if err == nil {
		return s.back(w, r, "/netvaerksmoeder", nil, okMsg("moede-oprettet"))
	}
	return s.meetingRefused(w, r, err, "In", 0)
}

func (s *Server) formRegister(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := app.RegistrationInput{Lead: f.Get("lead"), Owner: f.Get("owner"), Waitlist: f.Get("waitlist") == "ja"}
	if in.Place, err = strconv.ParseInt(f.Get("place"), 10, 64); err != nil {
		err = &requestError{status: http.StatusUnprocessableEntity, field: "place", msg: "vælg et mødested"}
	}
	var v app.RegistrationView
	if err == nil {
		v, err = s.app.RegisterForMeeting(r.Context(), identityOf(r), id, r.PathValue("code"), in)
	}
	if err == nil {
		o := okMsg("moede-tilmeldt")
		if v.Status == app.RegWaiting {
			o = okMsg("moede-venteliste", v.WaitingNumber)
		}
		return s.back(w, r, fmt.Sprintf("/netvaerksmoeder#moede-%d", id), nil, o)
	}
	return s.meetingRefused(w, r, err, "Reg", id)
}

func (s *Server) formCancelRegistration(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	err = s.app.CancelRegistration(r.Context(), identityOf(r), id, r.PathValue("code"))
	return s.back(w, r, "/netvaerksmoeder", err, okMsg("moede-afmeldt"))
}

func (s *Server) formInvite(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := meetingID(r)
	if err != nil {
		return err
	}
	res, err := s.app.SendMeetingInvitations(r.Context(), identityOf(r), id)
	return s.back(w, r, "/netvaerksmoeder", err, okMsg("moede-inviteret", res.Invited, res.Waiting, res.Mails))
}

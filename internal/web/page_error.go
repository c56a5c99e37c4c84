package web

import (
	"net/http"

	"github.com/udrul/udrul/internal/app"
)

// errorTitles head the HTML error pages in Danish (the API's problem
// documents are errors.go's). A status not listed gets the heading of its
// class.
var errorTitles = map[int]string{
	http.StatusBadRequest:            "Forespørgslen kunne ikke læses",
	http.StatusUnauthorized:          "Du er ikke logget ind",
	http.StatusForbidden:             "Du har ikke adgang til siden",
	http.StatusNotFound:              "Siden findes ikke",
	http.StatusMethodNotAllowed:      "Handlingen findes ikke på denne adresse",
	http.StatusConflict:              "Nogen har ændret det samme imens",
	http.StatusRequestEntityTooLarge: "Det sendte er for stort",
	http.StatusUnprocessableEntity:   "Oplysningerne kan ikke bruges",
	http.StatusTooManyRequests:       "For mange forsøg",
	http.StatusInternalServerError:   "Der skete en fejl i udrul",
}

func errorTitle(status int) string {
	if t, ok := errorTitles[status]; ok {
		return t
	}
	if status >= 500 {
		return errorTitles[http.StatusInternalServerError]
	}
	return "Forespørgslen kan ikke gennemføres"
}

// place is a link on an error page to where the user works.
type place struct {
	Href, Label string
}

// errorPage renders an error as a Danish page that leads the user back to
// their own work: their start page and, for municipal users and
// tovholders, their municipality's plans.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p Problem) {
	data := map[string]any{"Title": errorTitle(p.Status), "Heading": errorTitle(p.Status), "Problem": p}
	if id := identityOf(r); id != nil {
		data["Places"] = s.ownPlaces(r, id)
	}
	if err := s.render(w, p.Status, "error.html", data); err != nil {
		s.log.Error("error page failed", "path", r.URL.Path, "err", err)
	}
}

// ownPlaces are the plans of the user's municipality. An error finding
// them is logged and leaves the list empty: the error page must not fail.
func (s *Server) ownPlaces(r *http.Request, id *app.Identity) []place {
	m, ok, err := s.app.HomeMunicipality(r.Context(), id)
	if err != nil {
		s.log.Error("error page: the user's municipality", "err", err)
		return nil
	}
	if !ok {
		return nil
	}
	plans, err := s.app.MunicipalityPlans(r.Context(), identityOf(r), m.Code, s.app.Today(), nil)
	if err != nil {
		s.log.Error("error page: the user's plans", "err", err)
		return nil
	}
	var out []place
	for _, p := range plans {
		out = append(out, place{Href: "/programmes/" + p.Programme + "/municipalities/" + m.Code, Label: "Planen for " + m.Name + " i " + p.ProgrammeName})
	}
	return out
}

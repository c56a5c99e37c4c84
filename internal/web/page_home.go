package web

import (
	"net/http"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/catalogue"
)

// programmeHome is one programme on a central user's start page: where to
// go, and the national picture in one line.
type programmeHome struct {
	catalogue.Programme
	Overview *app.Overview
}

// pageHome is every role's start page (GET /). Municipal users and
// tovholders land on their municipality's plans and the tasks that need
// them next (app.HomeOf); central users on each programme's national views,
// catalogue and wave planning, as far as their role may open them.
func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "Forside", "Asof": asof, "Horizon": app.HomeHorizonDays}
	id := identityOf(r)
	if id != nil && !id.Subject.Role.Central() {
		h, err := s.app.HomeOf(r.Context(), id, asof)
		if err != nil {
			return err
		}
		data["H"] = h
		if data["Announcements"], err = s.app.MyAnnouncements(r.Context(), id); err != nil {
			return err
		}
		if data["Pairings"], err = s.app.Pairings(r.Context(), id, ""); err != nil {
			return err
		}
		if h != nil {
			data["Title"] = "Forside – " + h.Municipality.Name
		}
		return s.render(w, http.StatusOK, "home.html", data)
	}
	ps, err := s.app.Programmes(r.Context())
	if err != nil {
		return err
	}
	var progs []programmeHome
	for _, p := range ps {
		ph := programmeHome{Programme: p}
		if id != nil && access.ViewNational(id.Subject) {
			if ph.Overview, err = s.app.Overview(r.Context(), identityOf(r), p.Key, asof); err != nil {
				return err
			}
		}
		progs = append(progs, ph)
	}
	data["Programmes"] = progs
	return s.render(w, http.StatusOK, "home.html", data)
}

package web

import (
	"net/http"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
)

// pageAccessibility is the accessibility statement (tilgængelighedserklæring)
// that Danish public-sector websites must publish, in the sections of
// Digitaliseringsstyrelsen's standard statement (EU 2018/1523): the site,
// compliance status, inaccessible content, how the statement was prepared,
// feedback and contact, and the enforcement procedure. It is public: a
// person who cannot sign in must be able to read it and complain. The
// contact is the installation's own central administrators.
func (s *Server) pageAccessibility(w http.ResponseWriter, r *http.Request) error {
	users, err := s.app.Users(r.Context())
	if err != nil {
		return err
	}
	var contacts []model.User
	for _, u := range users {
		if u.Active && access.Role(u.Role) == access.Admin {
			contacts = append(contacts, u)
		}
	}
	return s.render(w, http.StatusOK, "accessibility.html", map[string]any{"Title": "Tilgængelighedserklæring", "Contacts": contacts})
}

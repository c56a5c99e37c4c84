package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// The administration pages (central administrators only, ruleAdmin):
// users, organisations and programme settings. Plain server-rendered forms;
// every POST carries the session's CSRF token.

func (s *Server) pageAdmin(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

func (s *Server) pageAdminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminUsers(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderAdminUsers(w http.ResponseWriter, r *http.Request, status int, form map[string]string, msg string) error {
	us, err := s.app.Users(r.Context())
	if err != nil {
		return err
	}
	if form == nil {
		form = map[string]string{}
	}
	return s.render(w, status, "admin_users.html", map[string]any{"Title": "Brugere", "Users": us, "Form": form,
		"FormError": msg, "Saved": notice(r), "Error": refusedMessage(r), "Section": "users"})
}

func (s *Server) formAdminCreateUser(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f := map[string]string{}
	for _, k := range []string{"email", "name", "role", "org"} {
		f[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	u, err := s.app.CreateUser(r.Context(), app.NewUser{Email: f["email"], Name: f["name"], Role: access.Role(f["role"]),
		Org: f["org"], Password: r.PostForm.Get("password")})
	if err != nil {
		if app.ErrorCode(err) == app.CodeInternal {
			return err
		}
		return s.renderAdminUsers(w, r, problemOf(err).Status, f, capitalise(app.ErrorMessage(err))+".")
	}
	http.Redirect(w, r, withOK(fmt.Sprintf("/admin/users/%d", u.ID), okMsg("bruger-oprettet")), http.StatusSeeOther)
	return nil
}

func (s *Server) adminUser(r *http.Request) (model.User, error) {
	id, err := pathID(r, "uid")
	if err != nil {
		return model.User{}, err
	}
	return s.app.User(r.Context(), id)
}

func (s *Server) renderAdminUser(w http.ResponseWriter, r *http.Request, status int, u model.User, newToken string) error {
	toks, err := s.app.APITokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	return s.render(w, status, "admin_user.html", map[string]any{"Title": "Bruger – " + u.Name, "U": u, "Tokens": toks,
		"NewToken": newToken, "Saved": notice(r), "Error": refusedMessage(r), "Section": "users"})
}

func (s *Server) pageAdminUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUser(r)
	if err != nil {
		return err
	}
	return s.renderAdminUser(w, r, http.StatusOK, u, "")
}

func (s *Server) formAdminUpdateUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUser(r)
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	_, err = s.app.UpdateUser(r.Context(), identityOf(r), u.ID, app.UserChange{Name: f.Get("name"), Email: f.Get("email"),
		Role: access.Role(f.Get("role")), Org: f.Get("org"), Active: f.Get("active") == "ja"})
	return s.back(w, r, fmt.Sprintf("/admin/users/%d", u.ID), err, okMsg("bruger-gemt"))
}

func (s *Server) formAdminPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUser(r)
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	err = s.app.SetPassword(r.Context(), u.ID, r.PostForm.Get("password"))
	return s.back(w, r, fmt.Sprintf("/admin/users/%d", u.ID), err, okMsg("nulstillet"))
}

func (s *Server) formAdminCreateToken(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUser(r)
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	tok, err := s.app.CreateAPIToken(r.Context(), u.ID, r.PostForm.Get("name"), r.PostForm.Get("scope"), identityOf(r))
	if err != nil {
		return s.back(w, r, fmt.Sprintf("/admin/users/%d", u.ID), err, ok{})
	}
	return s.renderAdminUser(w, r, http.StatusOK, u, tok)
}

func (s *Server) formAdminRevokeToken(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUser(r)
	if err != nil {
		return err
	}
	tid, err := pathID(r, "tid")
	if err != nil {
		return err
	}
	err = s.app.RevokeAPIToken(r.Context(), u.ID, tid)
	if app.ErrorCode(err) == app.CodeNotFound {
		return err
	}
	return s.back(w, r, fmt.Sprintf("/admin/users/%d", u.ID), err, okMsg("noegle-tilbagekaldt"))
}

func (s *Server) pageAdminOrganisations(w http.ResponseWriter, r *http.Request) error {
	os, err := s.app.OrganisationList(r.Context())
	if err != nil {
		return err
	}
	logins, err := s.app.OrganisationLogins(r.Context())
	if err != nil {
		return err
	}
	var bound []map[string]string
	for _, l := range logins {
		bound = append(bound, map[string]string{"Code": l.OrgCode, "Name": l.OrgName, "Provider": s.providerName(l.Provider)})
	}
	return s.render(w, http.StatusOK, "admin_organisations.html", map[string]any{"Title": "Organisationer", "Orgs": os, "Section": "orgs",
		"Providers": s.logins, "Bound": bound, "Saved": notice(r), "Error": refusedMessage(r), "Form": postedForm(r)})
}

// formAdminOrganisationLogin binds an organisation to one of the
// configured identity providers, or frees it.
func (s *Server) formAdminOrganisationLogin(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err := s.app.BindOrganisationLogin(r.Context(), identityOf(r), r.PostForm.Get("org"), r.PostForm.Get("provider"), s.LoginProviderIDs())
	return s.back(w, r, "/admin/organisations", err, okMsg("organisation-login"))
}

func (s *Server) pageAdminProgrammes(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.app.Programmes(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "admin_programmes.html", map[string]any{"Title": "Programindstillinger", "Programmes": ps,
		"Saved": notice(r), "Error": refusedMessage(r), "Section": "programmes"})
}

func (s *Server) formAdminProgramme(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("warning_days")))
	if err != nil {
		return s.back(w, r, "/admin/programmes", invalidForm("varslingsperioden skal være et helt antal arbejdsdage"), ok{})
	}
	err = s.app.SetWarningDays(r.Context(), r.PathValue("key"), days)
	if app.ErrorCode(err) == app.CodeNotFound {
		return err
	}
	return s.back(w, r, "/admin/programmes", err, okMsg("indstillinger"))
}

package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/auth"
)

// readForm reads a posted form with the forms' size limit.
func readForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &requestError{status: http.StatusRequestEntityTooLarge, msg: "formularen er for stor"}
		}
		return badRequest("", "formularen kunne ikke læses")
	}
	return nil
}

// safeNext returns next if it is a path on this site, else "/". Browsers
// drop tabs and newlines inside URLs and read a backslash as a slash, so
// "/\t/evil.example" or "/\\evil.example" become "//evil.example", another
// site: any control character or backslash is refused outright, and what
// is left must parse as a bare path (no scheme, host or user) that does not
// start with "//".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c < 0xa0) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

// loginCSRF returns the login form's token, setting its cookie if needed.
// The login form has no session yet, so it uses a double-submit cookie.
func (s *Server) loginCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	v, _ := auth.NewToken("")
	s.setCookie(w, r, loginCookie, v, "/login", 3600)
	return v
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, email, msg string) error {
	return s.renderLoginWith(w, r, status, map[string]any{"Email": email, "Error": msg})
}

// renderLoginWith shows the login page: the password form, the identity
// providers (one button each) and, with more than one, the e-mail field
// that finds the right one.
func (s *Server) renderLoginWith(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	next := safeNext(r.FormValue("next"))
	data := map[string]any{
		"Title": "Log ind", "LoginCSRF": s.loginCSRF(w, r), "Next": next,
		"Providers": s.loginButtons(next), "LoggedOut": r.URL.Query().Has("logget-ud"), "Expired": r.URL.Query().Has("udloebet"),
	}
	for k, v := range extra {
		data[k] = v
	}
	return s.render(w, status, "login.html", data)
}

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request) error {
	if identityOf(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return s.renderLogin(w, r, http.StatusOK, "", refusedMessage(r))
}

func (s *Server) formLogin(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" || !auth.Equal(c.Value, r.PostForm.Get(csrfField)) {
		return s.renderLogin(w, r, http.StatusForbidden, email, "Loginformularen var udløbet. Prøv igen.")
	}
	tok, _, err := s.app.Login(r.Context(), email, r.PostForm.Get("password"), s.clientIP(r), r.UserAgent())
	if err != nil {
		switch app.ErrorCode(err) {
		case app.CodeUnauthenticated, app.CodeThrottled, app.CodeForbidden:
			return s.renderLogin(w, r, problemOf(err).Status, email, capitalise(app.ErrorMessage(err))+".")
		}
		return err
	}
	s.startBrowserSession(w, r, tok)
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}

func (s *Server) startBrowserSession(w http.ResponseWriter, r *http.Request, tok string) {
	s.setCookie(w, r, sessionCookie, tok, "/", int(app.AbsoluteTimeout.Seconds()))
	s.setCookie(w, r, loginCookie, "", "/login", -1)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// account page: the user, their API tokens and password.

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, newToken, msg string) error {
	return s.renderAccountWith(w, r, status, map[string]any{"NewToken": newToken, "Message": msg})
}

// renderAccountWith shows the account page with extra data for its
// sections (a new token or calendar address, a refusal).
func (s *Server) renderAccountWith(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	id := identityOf(r)
	toks, err := s.app.APITokens(r.Context(), id.User.ID)
	if err != nil {
		return err
	}
	feeds, err := s.app.UserFeeds(r.Context(), id.User.ID)
	if err != nil {
		return err
	}
	data := map[string]any{
		"Title": "Min konto", "Me": id, "Tokens": toks, "Feeds": feeds,
		"Saved": notice(r), "Error": refusedMessage(r),
	}
	for k, v := range extra {
		data[k] = v
	}
	return s.render(w, status, "account.html", data)
}

func (s *Server) pageAccount(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, "", "")
}

func (s *Server) formOwnPassword(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id := identityOf(r)
	if r.PostForm.Get("new") != r.PostForm.Get("repeat") {
		return s.back(w, r, "/konto", invalidForm("de to nye adgangskoder er ikke ens"), ok{})
	}
	revoke := r.PostForm.Get("revoke_tokens") == "ja"
	err := s.app.ChangeOwnPassword(r.Context(), id, r.PostForm.Get("current"), r.PostForm.Get("new"), revoke)
	o := okMsg("kode-noegler-beholdt")
	if revoke {
		o = okMsg("kode-noegler-tilbage")
	}
	return s.back(w, r, "/konto", err, o)
}

func (s *Server) formCreateOwnToken(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id := identityOf(r)
	tok, err := s.app.CreateAPIToken(r.Context(), id.User.ID, r.PostForm.Get("name"), r.PostForm.Get("scope"), id)
	if err != nil {
		return s.back(w, r, "/konto", err, ok{})
	}
	// Shown once, so rendered here rather than after a redirect.
	return s.renderAccount(w, r, http.StatusOK, tok, "")
}

func (s *Server) formRevokeOwnToken(w http.ResponseWriter, r *http.Request) error {
	tid, err := pathID(r, "tid")
	if err != nil {
		return err
	}
	err = s.app.RevokeAPIToken(r.Context(), identityOf(r).User.ID, tid)
	return s.back(w, r, "/konto", err, okMsg("noegle-tilbagekaldt"))
}

// my tasks: the tasks delegated to the signed-in user.

func (s *Server) pageMyTasks(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	ts, err := s.app.MyTasks(r.Context(), identityOf(r).User.ID, asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "mytasks.html", map[string]any{"Title": "Mine opgaver", "Tasks": ts, "Asof": asof})
}

type meJSON struct {
	Name         string `json:"name"`
	Email        string `json:"email"`
	Role         string `json:"role"`
	RoleLabel    string `json:"role_label"`
	Organisation struct {
		Kind string `json:"kind"`
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"organisation"`
	Via string `json:"authenticated_by"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	me := meJSON{Name: id.User.Name, Email: id.User.Email, Role: id.User.Role, RoleLabel: id.Subject.Role.Label(), Via: id.Method}
	me.Organisation.Kind, me.Organisation.Code, me.Organisation.Name = string(id.User.Org.Kind), id.User.Org.Code, id.User.Org.Name
	return writeJSON(w, http.StatusOK, me)
}

func (s *Server) apiMyTasks(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	ts, err := s.app.MyTasks(r.Context(), identityOf(r).User.ID, asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"asof": asof, "tasks": ts})
}

// delegation

// delegation is the task page's delegation data; errors leave it out.
func (s *Server) delegation(r *http.Request, taskID int64) *app.Delegation {
	d, err := s.app.TaskDelegation(r.Context(), identityOf(r), taskID)
	if err != nil {
		s.log.Error("delegation view", "task", taskID, "err", err)
		return nil
	}
	return &d
}

type delegateJSON struct {
	Email   string  `json:"email"`
	Current *string `json:"current"` // who the caller saw it delegated to; optional
}

func (s *Server) apiDelegateToUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in delegateJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := s.app.DelegateToUserIf(r.Context(), identityOf(r), id, in.Email, in.Current)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"task": id, "delegate": d.Delegate})
}

func (s *Server) formDelegate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r); err != nil {
		return err
	}
	var current *string // the delegate the form was shown with
	if r.PostForm.Has("current") {
		c := r.PostForm.Get("current")
		current = &c
	}
	_, err = s.app.DelegateToUserIf(r.Context(), identityOf(r), id, r.PostForm.Get("email"), current)
	if err == nil {
		http.Redirect(w, r, "/tasks/"+strconv.FormatInt(id, 10)+"?delegeret", http.StatusSeeOther)
		return nil
	}
	// Refused: the task page again, the message at the delegation form.
	status, fe, err := refusal(err)
	if err != nil {
		return err
	}
	return s.taskPage(w, r, id, status, map[string]any{"DelegationErr": fe.Message})
}

package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/announce"
	"github.com/udrul/udrul/internal/app"
)

// Announcements (meddelelser; app/announce.go, docs/announcements.md): the
// centre's page to write and list them, one announcement's page with its
// "read" button, the Atom feed per programme (and wave), and the JSON API.
// A recipient's unread announcements are on their front page (page_home.go).

// announceRoutes registers the announcements' routes with their access
// rules (route_table.go); the use cases check the same policy again.
func (s *Server) announceRoutes(rt *router) {
	rt.handle("GET /api/v1/announcements", ruleAnnounce, s.api(s.apiAnnouncements))
	rt.handle("POST /api/v1/announcements", ruleAnnounce, s.api(s.apiAnnounce))
	rt.handle("GET /api/v1/announcements/mine", ruleSignedIn, s.api(s.apiMyAnnouncements))
	rt.handle("POST /api/v1/announcements/{id}/read", ruleSignedIn, s.api(s.apiAnnouncementRead))
	rt.handle("GET /api/v1/programmes/{key}/announcements.atom", ruleSignedIn, s.api(s.apiAnnouncementFeed))
	rt.handle("GET /meddelelser", ruleAnnounce, s.page(s.pageAnnouncements))
	rt.handle("POST /meddelelser", ruleAnnounce, s.page(s.formAnnounce))
	rt.handle("GET /meddelelser/{id}", ruleSignedIn, s.page(s.pageAnnouncement))
	rt.handle("POST /meddelelser/{id}/laest", ruleSignedIn, s.page(s.formAnnouncementRead))
}

func init() {
	funcs["mayAnnounce"] = func(id *app.Identity) bool { return id != nil && access.Announce(id.Subject) }
	funcs["announceRoles"] = func() []string { return announce.Roles }
	funcs["announceRoleLabel"] = announce.RoleLabel
	notices["meddelelse-sendt"] = "Meddelelsen er sendt til %d kommuner: %d mails er i kø."
	notices["meddelelse-laest"] = "Meddelelsen er markeret som læst."
}

func announcementID(r *http.Request) (int64, error) {
	return pathThing(r, "id", "meddelelsen")
}

// --- JSON API ---

func (s *Server) apiAnnouncements(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.Announcements(r.Context(), identityOf(r), r.URL.Query().Get("programme"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiAnnounce(w http.ResponseWriter, r *http.Request) error {
	var d announce.Draft
	if err := decodeJSON(w, r, &d); err != nil {
		return err
	}
	res, err := s.app.Announce(r.Context(), identityOf(r), d)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, res)
}

func (s *Server) apiMyAnnouncements(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.MyAnnouncements(r.Context(), identityOf(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiAnnouncementRead(w http.ResponseWriter, r *http.Request) error {
	id, err := announcementID(r)
	if err != nil {
		return err
	}
	if err := s.app.MarkAnnouncementRead(r.Context(), identityOf(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiAnnouncementFeed(w http.ResponseWriter, r *http.Request) error {
	wave := 0
	if q := r.URL.Query().Get("wave"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 {
			return &requestError{status: http.StatusBadRequest, field: "wave", msg: "bølgen skal være et helt, positivt tal"}
		}
		wave = n
	}
	feed, err := s.app.AnnouncementFeed(r.Context(), identityOf(r), r.PathValue("key"), wave, s.baseURL)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, err = w.Write([]byte(feed))
	return err
}

// --- pages ---

func (s *Server) announcementsPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	list, err := s.app.Announcements(r.Context(), identityOf(r), "")
	if err != nil {
		return err
	}
	progs, err := s.app.Programmes(r.Context())
	if err != nil {
		return err
	}
	in := map[string]string{}
	if len(progs) > 0 {
		in["programme"] = progs[0].Key
	}
	data := feedback(r, map[string]any{"Title": "Meddelelser til kommunerne", "List": list, "Programmes": progs,
		"In": in, "Roles": map[string]bool{"projektleder": true}})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "announcements.html", data)
}

func (s *Server) pageAnnouncements(w http.ResponseWriter, r *http.Request) error {
	return s.announcementsPage(w, r, http.StatusOK, nil)
}

func (s *Server) formAnnounce(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	d := announce.Draft{Audience: announce.Audience{Programme: r.PostForm.Get("programme"), Roles: r.PostForm["roles"]},
		Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body")}
	var err error
	if q := strings.TrimSpace(r.PostForm.Get("wave")); q != "" {
		if d.Wave, err = strconv.Atoi(q); err != nil {
			err = &requestError{status: http.StatusUnprocessableEntity, field: "wave", msg: "bølgen skal være et helt tal (eller tom for alle bølger)"}
		}
	}
	var res *app.AnnouncementResult
	if err == nil {
		res, err = s.app.Announce(r.Context(), identityOf(r), d)
	}
	if err == nil {
		return s.back(w, r, fmt.Sprintf("/meddelelser/%d", res.Announcement.ID), nil, okMsg("meddelelse-sendt", res.Municipalities, res.Mails))
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	roles := map[string]bool{}
	for _, x := range r.PostForm["roles"] {
		roles[x] = true
	}
	return s.announcementsPage(w, r, status, map[string]any{"E": fe, "In": postedForm(r), "Roles": roles})
}

func (s *Server) pageAnnouncement(w http.ResponseWriter, r *http.Request) error {
	id, err := announcementID(r)
	if err != nil {
		return err
	}
	v, unread, err := s.app.Announcement(r.Context(), identityOf(r), id)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "announcement.html", feedback(r, map[string]any{
		"Title": "Meddelelse: " + v.Title, "A": v, "Unread": unread}))
}

func (s *Server) formAnnouncementRead(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := announcementID(r)
	if err != nil {
		return err
	}
	err = s.app.MarkAnnouncementRead(r.Context(), identityOf(r), id)
	return s.back(w, r, "/", err, okMsg("meddelelse-laest"))
}

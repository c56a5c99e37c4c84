package web

import (
	"net/http"
)

// One-click unsubscribe from mail (RFC 8058; app/unsubscribe.go): the link
// in every mail's List-Unsubscribe header. The token in the path is the
// only credential. GET shows what the link does and changes nothing (mail
// scanners open links); POST – the mail program's one-click request, or
// the page's button – stops all mail to the recipient.

func (s *Server) unsubscribeRoutes(rt *router) {
	rt.handle("GET /afmeld/{token}", rulePublic, s.page(s.pageUnsubscribe)) // the token is the credential
	rt.handle("POST /afmeld/{token}", rulePublic, s.page(s.formUnsubscribe))
}

func (s *Server) pageUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	u, err := s.app.UnsubscribeInfo(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	return s.unsubscribePage(w, r, u)
}

func (s *Server) formUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	u, err := s.app.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	return s.unsubscribePage(w, r, u)
}

func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request, u any) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, http.StatusOK, "unsubscribe.html", map[string]any{"Title": "Afmeld mails", "U": u, "Token": r.PathValue("token")})
}

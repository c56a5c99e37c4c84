package web

import (
	"fmt"
	"net/http"

	"github.com/udrul/udrul/internal/handbook"
)

// The implementation model per programme and the municipality's own
// implementation handbook (app/handbook.go, docs/handbook.md): the
// handbook as a page (with a print stylesheet), as a PDF made on the
// server, and as JSON with the versions sent.

func (s *Server) handbookRoutes(rt *router) {
	rt.handle("GET /programmes/{key}/model", ruleSignedIn, s.page(s.pageModel))
	const page = "/programmes/{key}/municipalities/{code}/haandbog"
	rt.handle("GET "+page, ruleMunicipality, s.page(s.pageHandbook))
	rt.handle("GET "+page+".pdf", ruleMunicipality, s.page(s.pdfHandbook))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/handbook", ruleMunicipality, s.api(s.apiHandbook))
	s.handbookJobRoutes(rt)
}

// modelPhase is a phase of the model as its page shows it.
type modelPhase struct {
	Key, Name, Parent, Description, Success string
	Window                                  string
}

func window(from, to *int) string {
	rel := func(d int) string {
		switch {
		case d == 0:
			return "go-live"
		case d < 0:
			return fmt.Sprintf("%d dage før go-live", -d)
		}
		return fmt.Sprintf("%d dage efter go-live", d)
	}
	switch {
	case from != nil && to != nil:
		return "fra " + rel(*from) + " til " + rel(*to)
	case from != nil:
		return "fra " + rel(*from)
	case to != nil:
		return "indtil " + rel(*to)
	}
	return ""
}

func (s *Server) pageModel(w http.ResponseWriter, r *http.Request) error {
	prog, err := s.app.ProgrammeByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	m := s.app.Model()
	var phases []modelPhase
	for _, p := range m.Phases {
		text, success := handbook.SplitSuccess(p.Description)
		phases = append(phases, modelPhase{Key: p.Key, Name: p.Name, Parent: p.Parent, Description: text, Success: success,
			Window: window(p.FromDays, p.ToDays)})
	}
	return s.render(w, http.StatusOK, "model.html", map[string]any{"Title": "Implementeringsmodellen – " + prog.Name,
		"Programme": prog, "Phases": phases, "M": m})
}

func (s *Server) handbook(r *http.Request) (*handbook.Document, error) {
	asof, err := s.asof(r)
	if err != nil {
		return nil, err
	}
	return s.app.Handbook(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
}

func (s *Server) pageHandbook(w http.ResponseWriter, r *http.Request) error {
	h, err := s.handbook(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "handbook.html", map[string]any{"Title": "Implementeringshåndbog – " + h.Municipality.Name,
		"H": h, "Base": planPath(r, ""), "RoleNote": handbook.RoleRegisterNote})
}

func (s *Server) pdfHandbook(w http.ResponseWriter, r *http.Request) error {
	h, err := s.handbook(r)
	if err != nil {
		return err
	}
	b, err := h.PDF()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="haandbog-%s-%s-v%d.pdf"`, h.Programme, h.Municipality.Code, h.Version))
	_, err = w.Write(b)
	return err
}

// handbookView is the handbook in the API: where it stands and the
// versions sent.
type handbookView struct {
	Programme    string                 `json:"programme"`
	Municipality string                 `json:"municipality"`
	GoLive       string                 `json:"golive"`
	Wave         int                    `json:"wave"`
	SendFrom     string                 `json:"send_from"`
	Deadline     string                 `json:"deadline"`
	Version      int                    `json:"version"`
	Sent         bool                   `json:"sent"`
	Pending      []string               `json:"pending"`
	Tasks        int                    `json:"tasks"`
	Versions     []handbook.SentVersion `json:"versions"`
	PDF          string                 `json:"pdf"`
}

func (s *Server) apiHandbook(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	h, err := s.app.Handbook(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, handbookView{Programme: h.Programme, Municipality: h.Municipality.Code, GoLive: h.GoLive.String(),
		Wave: h.Wave, SendFrom: h.SendFrom.String(), Deadline: h.Deadline.String(), Version: h.Version, Sent: h.Sent,
		Pending: h.Pending, Tasks: h.Tasks, Versions: h.Versions, PDF: planPath(r, "/haandbog.pdf")})
}

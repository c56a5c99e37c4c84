package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/report"
)

// The steering reports (app/report.go, docs/reports.md): a municipality's
// status report for its steering group, the programme report per wave for
// the centre, and the cross-programme views – pages that print (the
// stylesheet's print rules) and the JSON API.

// reportRoutes registers the reports' routes with their access rules
// (route_table.go): a municipality's reports under ruleMunicipality (its own
// users and the centre), the programme's under ruleNational; the use cases
// check the same policy again (access.ViewStatusReport, ViewProgrammeReport).
func (s *Server) reportRoutes(rt *router) {
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/status-report", ruleMunicipality, s.api(s.apiStatusReport))
	rt.handle("GET /api/v1/programmes/{key}/report", ruleNational, s.api(s.apiProgrammeReport))
	rt.handle("GET /api/v1/municipalities/{code}/cross-programme", ruleMunicipality, s.api(s.apiCrossProgramme))
	rt.handle("GET /api/v1/close-golives", ruleNational, s.api(s.apiCloseGoLives))
	rt.handle("GET /programmes/{key}/municipalities/{code}/statusrapport", ruleMunicipality, s.page(s.pageStatusReport))
	rt.handle("GET /programmes/{key}/municipalities/{code}/statusrapport.pdf", ruleMunicipality, s.page(s.pdfStatusReport))
	rt.handle("GET /programmes/{key}/rapport", ruleNational, s.page(s.pageProgrammeReport))
	rt.handle("GET /programmes/{key}/rapport.pdf", ruleNational, s.page(s.pdfProgrammeReport))
	rt.handle("GET /kommuner/{code}/paa-tvaers", ruleMunicipality, s.page(s.pageCrossProgramme))
	rt.handle("GET /paa-tvaers", ruleNational, s.page(s.pageCloseGoLives))
}

// closeDays reads the query parameter days: the distance in days, 0–365,
// DefaultCloseDays when absent; anything else is refused naming it.
func closeDays(r *http.Request) (int, error) {
	n, err := report.ParseDistance(r.URL.Query().Get("days"), app.DefaultCloseDays)
	if err != nil {
		return 0, badRequest("days", "days: "+err.Error())
	}
	return n, nil
}

func (s *Server) apiStatusReport(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.StatusReport(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiProgrammeReport(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.ProgrammeReport(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCrossProgramme(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.CrossProgramme(r.Context(), identityOf(r), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiCloseGoLives(w http.ResponseWriter, r *http.Request) error {
	days, err := closeDays(r)
	if err != nil {
		return err
	}
	v, err := s.app.CloseGoLives(r.Context(), identityOf(r), days, s.app.Today())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) pageStatusReport(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.StatusReport(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "report_status.html", map[string]any{"Title": "Statusrapport – " + v.MunicipalityName + " – " + v.ProgrammeName,
		"V": v, "Asof": asof, "Base": planPath(r, "")})
}

// pdfStatusReport is the status report as a PDF made on the server, for
// the steering group's papers.
func (s *Server) pdfStatusReport(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.StatusReport(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	b, err := v.PDF()
	if err != nil {
		return err
	}
	return writePDF(w, fmt.Sprintf("statusrapport-%s-%s-%s.pdf", v.Programme, v.Municipality, v.Asof), b)
}

// pdfProgrammeReport is the programme report per wave as a PDF.
func (s *Server) pdfProgrammeReport(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.ProgrammeReport(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	b, err := v.PDF()
	if err != nil {
		return err
	}
	return writePDF(w, fmt.Sprintf("programrapport-%s-%s.pdf", v.Programme, v.Asof), b)
}

// writePDF answers with a report made as a PDF, shown in the browser.
func writePDF(w http.ResponseWriter, name string, b []byte) error {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s"`, name))
	_, err := w.Write(b)
	return err
}

func (s *Server) pageProgrammeReport(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.ProgrammeReport(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "report_programme.html", map[string]any{"Title": "Programrapport – " + v.ProgrammeName,
		"V": v, "Asof": asof, "Key": url.PathEscape(r.PathValue("key"))})
}

func (s *Server) pageCrossProgramme(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.CrossProgramme(r.Context(), identityOf(r), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "report_cross.html", map[string]any{"Title": "På tværs af programmer – " + v.MunicipalityName,
		"V": v, "Asof": asof, "CloseDays": app.DefaultCloseDays})
}

// pageCloseGoLives is the centre's list of close go-lives; a distance that
// is not one is shown at its field with 400, and nothing is listed.
func (s *Server) pageCloseGoLives(w http.ResponseWriter, r *http.Request) error {
	data := map[string]any{"Title": "Go-lives tæt på hinanden", "Days": r.URL.Query().Get("days")}
	days, err := closeDays(r)
	if err != nil {
		status, fe, fatal := refusal(err)
		if fatal != nil {
			return fatal
		}
		data["E"] = fe
		return s.render(w, status, "report_close.html", data)
	}
	v, err := s.app.CloseGoLives(r.Context(), identityOf(r), days, s.app.Today())
	if err != nil {
		return err
	}
	data["V"], data["Days"] = v, strconv.Itoa(days)
	return s.render(w, http.StatusOK, "report_close.html", data)
}

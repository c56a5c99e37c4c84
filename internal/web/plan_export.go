package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/export"
)

// Exports of a plan and the national overview, the spreadsheet import of a
// catalogue, and iCalendar feeds.

const (
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimeCSV  = "text/csv; charset=utf-8"
)

// sendFile writes a download with a file name.
func sendFile(w http.ResponseWriter, contentType, name string, b []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	_, err := w.Write(b)
	return err
}

func (s *Server) apiPlanMSPDI(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.ExportPlan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	b, err := export.MSPDI(p, s.app.Calendar())
	if err != nil {
		return err
	}
	return sendFile(w, "application/xml; charset=utf-8", fmt.Sprintf("%s-%s.xml", p.Programme, p.MunicipalityCode), b)
}

func (s *Server) apiPlanXLSX(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.ExportPlan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	b, err := export.PlanXLSX(p, app.DepsText)
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, fmt.Sprintf("%s-%s.xlsx", p.Programme, p.MunicipalityCode), b)
}

func (s *Server) apiPlanCSV(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	p, err := s.app.ExportPlan(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return sendFile(w, mimeCSV, fmt.Sprintf("%s-%s.csv", p.Programme, p.MunicipalityCode), export.PlanCSV(p, app.DepsText))
}

func (s *Server) apiOverviewXLSX(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	o, err := s.app.ExportOverview(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	b, err := export.OverviewXLSX(o, app.DepsText)
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, fmt.Sprintf("%s-oversigt-%s.xlsx", o.Programme, asof), b)
}

func (s *Server) apiOverviewCSV(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	o, err := s.app.ExportOverview(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return sendFile(w, mimeCSV, fmt.Sprintf("%s-oversigt-%s.csv", o.Programme, asof), export.OverviewCSV(o))
}

// apiImportXLSX takes a catalogue spreadsheet as the request body.
func (s *Server) apiImportXLSX(w http.ResponseWriter, r *http.Request) error {
	b, err := readBody(w, r, maxCatalogueBody)
	if err != nil {
		return err
	}
	if len(b) == 0 {
		return badRequest("", "send regnearket (.xlsx) som forespørgslens krop")
	}
	name := r.URL.Query().Get("filename")
	if name == "" {
		name = r.PathValue("key") + ".xlsx"
	}
	res, err := s.app.ImportCatalogueXLSX(r.Context(), identityOf(r), r.PathValue("key"), path.Base(name), b)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiCreateFeed(w http.ResponseWriter, r *http.Request) error {
	in := app.FeedRequest{Programme: r.PathValue("key"), Municipality: r.PathValue("code")}
	f, err := s.app.CreateFeed(r.Context(), identityOf(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, struct {
		app.CreatedFeed
		URL string `json:"url"`
	}{f, s.feedURL(f.Token)})
}

func (s *Server) apiRevokeFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.RevokeFeed(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// icalFeed serves a feed to calendar clients; the token in the URL is the
// only credential, as calendar clients cannot log in.
func (s *Server) icalFeed(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if len(token) < 5 || path.Ext(token) != ".ics" {
		return notFoundRoute(r)
	}
	cal, err := s.app.FeedCalendar(r.Context(), token[:len(token)-4], s.baseURL)
	if err != nil {
		return err
	}
	// An unchanged feed is the same bytes (DTSTAMP is each event's last
	// change), so its hash is a strong ETag; Last-Modified is the latest
	// change. ServeContent answers If-None-Match and If-Modified-Since
	// with 304 Not Modified.
	body := export.ICal(cal, s.app.Now())
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, "", cal.LastModified(), bytes.NewReader(body))
	return nil
}

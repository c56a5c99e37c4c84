package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/dknum"
	"github.com/udrul/udrul/internal/export"
	"github.com/udrul/udrul/internal/readiness"
)

// The readiness survey (parathedsundersøgelse; app/readiness.go,
// docs/readiness.md): the municipality's survey page and its forms, the
// public answer page, the centre's national aggregate, the JSON API and
// the xlsx export.

// readinessRoutes registers the survey's routes with their access rules
// (route_table.go); the use cases check the same policy again with
// access.ViewReadiness, ManageReadiness and ViewReadinessNational, which
// ruleMunicipality, rulePlanChange and ruleNational equal.
func (s *Server) readinessRoutes(rt *router) {
	// JSON API.
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/readiness", ruleMunicipality, s.api(s.apiReadiness))
	rt.handle("GET /api/v1/programmes/{key}/municipalities/{code}/readiness.xlsx", ruleMunicipality, s.api(s.apiReadinessXLSX))
	rt.handle("PUT /api/v1/programmes/{key}/municipalities/{code}/readiness/threshold", rulePlanChange, s.api(s.apiReadinessThreshold))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/readiness/groups", rulePlanChange, s.api(s.apiReadinessGroup))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/readiness/rounds", rulePlanChange, s.api(s.apiReadinessRound))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/readiness/rounds/{round}/close", rulePlanChange, s.api(s.apiReadinessClose))
	rt.handle("POST /api/v1/programmes/{key}/municipalities/{code}/readiness/links", rulePlanChange, s.api(s.apiReadinessLinks))
	rt.handle("DELETE /api/v1/programmes/{key}/municipalities/{code}/readiness/links/{id}", rulePlanChange, s.api(s.apiReadinessRevoke))
	rt.handle("GET /api/v1/programmes/{key}/readiness", ruleNational, s.api(s.apiNationalReadiness))
	// Pages.
	rt.handle("GET /programmes/{key}/municipalities/{code}/parathed", ruleMunicipality, s.page(s.pageReadiness))
	rt.handle("POST /programmes/{key}/municipalities/{code}/parathed/threshold", rulePlanChange, s.page(s.formReadinessThreshold))
	rt.handle("POST /programmes/{key}/municipalities/{code}/parathed/groups", rulePlanChange, s.page(s.formReadinessGroup))
	rt.handle("POST /programmes/{key}/municipalities/{code}/parathed/rounds", rulePlanChange, s.page(s.formReadinessRound))
	rt.handle("POST /programmes/{key}/municipalities/{code}/parathed/rounds/{round}/close", rulePlanChange, s.page(s.formReadinessClose))
	rt.handle("POST /programmes/{key}/municipalities/{code}/parathed/links", rulePlanChange, s.page(s.formReadinessLinks))
	rt.handle("POST /programmes/{key}/municipalities/{code}/parathed/links/{id}/revoke", rulePlanChange, s.page(s.formReadinessRevoke))
	rt.handle("GET /programmes/{key}/parathed", ruleNational, s.page(s.pageNationalReadiness))
	rt.handle("GET /svar/{token}", rulePublic, s.page(s.pageReadinessAnswer)) // the token is the credential
	rt.handle("POST /svar/{token}", rulePublic, s.page(s.formReadinessAnswer))
}

func init() {
	// mean shows a mean with one decimal and a Danish comma (dknum), delta
	// a change of mean with its sign, count a number of answers.
	funcs["mean"] = func(x float64) string { return dknum.Decimal(x, 1) }
	funcs["delta"] = func(x float64) string { return signed(x, 1) }
	funcs["count"] = dknum.Int
	funcs["elements"] = func() [readiness.NumElements]readiness.Element { return readiness.Elements }
	funcs["roundKinds"] = func() []readiness.Kind { return readiness.Kinds }
	funcs["scores"] = func() []int { return []int{1, 2, 3, 4, 5} }
	funcs["scoreLabel"] = func(n int) string { return readiness.ScoreLabels[n] }
}

// --- JSON API ---

func (s *Server) apiReadiness(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Readiness(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) apiReadinessXLSX(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Readiness(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	var rows []export.ReadinessGroup
	for _, rd := range v.Rounds {
		if !rd.Closed { // figures only for closed rounds, as on the page
			continue
		}
		rows = append(rows, export.ReadinessGroup{Round: rd.Kind, Group: "Alle grupper", Result: rd.Total})
		for _, g := range rd.Groups {
			rows = append(rows, export.ReadinessGroup{Round: rd.Kind, Group: g.Group, Result: g.Result})
		}
	}
	b, err := export.ReadinessXLSX(fmt.Sprintf("%s – %s (pr. %s)", v.MunicipalityName, v.ProgrammeName, asof.Danish()), v.Threshold, rows)
	if err != nil {
		return err
	}
	return sendFile(w, mimeXLSX, fmt.Sprintf("parathed-%s-%s.xlsx", v.Programme, v.Municipality), b)
}

func (s *Server) apiReadinessThreshold(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Threshold int `json:"threshold"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.app.SetReadinessThreshold(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in.Threshold); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, in)
}

func (s *Server) apiReadinessGroup(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	g, err := s.app.AddReadinessGroup(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, g)
}

func (s *Server) apiReadinessRound(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Round string `json:"round"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rd, err := s.app.CreateReadinessRound(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in.Round)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rd)
}

func (s *Server) apiReadinessClose(w http.ResponseWriter, r *http.Request) error {
	run, err := s.app.CloseReadinessRound(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PathValue("round"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"round": r.PathValue("round"), "closed": true, "run": run})
}

// readinessLinkJSON is a new link with its address, shown once.
type readinessLinkJSON struct {
	app.NewReadinessLink
	URL string `json:"url"`
}

// answerURL is a respondent's address: the server's base URL, never the
// request's Host (base_url.go), then /svar/ and the token.
func (s *Server) answerURL(token string) string { return s.baseURL + "/svar/" + token }

func (s *Server) apiReadinessLinks(w http.ResponseWriter, r *http.Request) error {
	var in app.ReadinessLinkInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	ls, err := s.app.CreateReadinessLinks(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return err
	}
	out := make([]readinessLinkJSON, len(ls))
	for i, l := range ls {
		out[i] = readinessLinkJSON{NewReadinessLink: l, URL: s.answerURL(l.Token)}
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiReadinessRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.RevokeReadinessLink(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiNationalReadiness(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.NationalReadiness(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// --- pages ---

// readinessPage renders the municipality's survey page; extra carries a
// refused form's error and values, or the links just made.
func (s *Server) readinessPage(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.Readiness(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), asof)
	if err != nil {
		return err
	}
	data := feedback(r, map[string]any{"Title": "Parathedsundersøgelse – " + v.MunicipalityName, "V": v, "Asof": asof,
		"Base": planPath(r, "")})
	for k, x := range extra {
		data[k] = x
	}
	return s.render(w, status, "readiness.html", data)
}

func (s *Server) pageReadiness(w http.ResponseWriter, r *http.Request) error {
	return s.readinessPage(w, r, http.StatusOK, nil)
}

// readinessForm finishes a form: back to the page with a confirmation, or
// the page again with the refusal (4xx) and what was typed.
func (s *Server) readinessForm(w http.ResponseWriter, r *http.Request, err error, o ok, form string) error {
	if err == nil {
		return s.back(w, r, planPath(r, "/parathed"), nil, o)
	}
	status, fe, fatal := refusal(err)
	if fatal != nil {
		return fatal
	}
	return s.readinessPage(w, r, status, map[string]any{"E": fe, "Form": form, "In": r.PostForm})
}

func (s *Server) formReadinessThreshold(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("threshold")))
	if err != nil {
		err = badRequest("threshold", "anonymitetsgrænsen skal være et helt tal")
	} else {
		err = s.app.SetReadinessThreshold(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), n)
	}
	return s.readinessForm(w, r, err, okMsg("parathed-graense"), "threshold")
}

func (s *Server) formReadinessGroup(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err := s.app.AddReadinessGroup(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PostForm.Get("name"))
	return s.readinessForm(w, r, err, okMsg("parathed-gruppe"), "group")
}

func (s *Server) formReadinessRound(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	_, err := s.app.CreateReadinessRound(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PostForm.Get("round"))
	return s.readinessForm(w, r, err, okMsg("parathed-runde"), "round")
}

func (s *Server) formReadinessClose(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	run, err := s.app.CloseReadinessRound(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), r.PathValue("round"))
	ok := okMsg("parathed-lukket")
	if !run {
		ok = okMsg("parathed-lukket-faa")
	}
	return s.readinessForm(w, r, err, ok, "close")
}

func (s *Server) formReadinessLinks(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := app.ReadinessLinkInput{Round: f.Get("round"), Kind: readiness.LinkKind(f.Get("kind"))}
	var err error
	if in.GroupID, err = strconv.ParseInt(f.Get("group_id"), 10, 64); err != nil {
		return s.readinessForm(w, r, badRequest("group_id", "vælg en brugergruppe"), ok{}, "links")
	}
	num := strings.TrimSpace(f.Get("number"))
	n, err := strconv.Atoi(num)
	if err != nil {
		return s.readinessForm(w, r, badRequest("number", "antallet skal være et helt tal"), ok{}, "links")
	}
	in.Count, in.Limit = n, n
	ls, err := s.app.CreateReadinessLinks(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), in)
	if err != nil {
		return s.readinessForm(w, r, err, ok{}, "links")
	}
	// The addresses are shown once, on this answer; only their hashes are kept.
	urls := make([]string, len(ls))
	for i, l := range ls {
		urls[i] = s.answerURL(l.Token)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.readinessPage(w, r, http.StatusOK, map[string]any{"NewLinks": urls, "NewLinksKind": in.Kind})
}

func (s *Server) formReadinessRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.app.RevokeReadinessLink(r.Context(), identityOf(r), r.PathValue("key"), r.PathValue("code"), id)
	return s.readinessForm(w, r, err, okMsg("parathed-link-tilbage"), "revoke")
}

func (s *Server) pageNationalReadiness(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	v, err := s.app.NationalReadiness(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "readiness_national.html", map[string]any{
		"Title": "Parathedsundersøgelser – " + v.ProgrammeName, "N": v, "Asof": asof})
}

// The answer page: no account, the token in the address is the
// credential. A link that cannot take an answer (unknown, revoked, used,
// round closed or not open) shows why, with its 4xx status.
func (s *Server) pageReadinessAnswer(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	f, err := s.app.ReadinessFormOf(r.Context(), r.PathValue("token"))
	return s.answerPage(w, r, f, err, nil)
}

func (s *Server) answerPage(w http.ResponseWriter, r *http.Request, f app.ReadinessForm, err error, extra map[string]any) error {
	data := map[string]any{"Title": "Parathedsundersøgelse", "F": f, "Token": r.PathValue("token"), "Chosen": map[string]int{}}
	for k, x := range extra {
		data[k] = x
	}
	status := http.StatusOK
	if err != nil {
		st, fe, fatal := refusal(err)
		if fatal != nil {
			if app.ErrorCode(fatal) != app.CodeNotFound {
				return fatal
			}
			p := problemOf(fatal)
			st, fe = p.Status, &fieldError{Field: p.Field, Message: capitalise(p.Detail) + "."}
		}
		status = st
		data["E"] = fe
		// A link that cannot be used gets no form; a wrong score gets the
		// form again with what was chosen.
		data["Closed"] = fe.Field == "token"
	}
	return s.render(w, status, "readiness_answer.html", data)
}

func (s *Server) formReadinessAnswer(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if err := readForm(w, r); err != nil {
		return err
	}
	var a readiness.Answer
	chosen := map[string]int{}
	var missing error
	for _, e := range readiness.Elements {
		v := strings.TrimSpace(r.PostForm.Get(e.Key()))
		n, err := strconv.Atoi(v)
		if err != nil {
			if missing == nil {
				missing = badRequest(e.Key(), fmt.Sprintf("vælg en score fra 1 til 5 for %s", e.Name()))
			}
			continue
		}
		a[e], chosen[e.Key()] = n, n
	}
	if missing != nil {
		f, err := s.app.ReadinessFormOf(r.Context(), r.PathValue("token"))
		if err == nil {
			err = missing
		}
		return s.answerPage(w, r, f, err, map[string]any{"Chosen": chosen})
	}
	f, err := s.app.AnswerReadiness(r.Context(), r.PathValue("token"), a)
	if err != nil {
		return s.answerPage(w, r, f, err, map[string]any{"Chosen": chosen})
	}
	return s.answerPage(w, r, f, nil, map[string]any{"Thanks": true})
}

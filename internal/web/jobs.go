package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// Jobs (app/jobs.go, docs/jobs.md): long operations answer with a job. The
// API answers 202 with the job and its URL in Location when the client
// sends Prefer: respond-async, when the job is scheduled, or when it has not
// finished within syncWait; otherwise – a quick job – with the operation's
// own answer, as before jobs. Forms redirect to the job's page, which shows
// a progress bar (refreshed by htmx, or by the page itself without
// JavaScript) and then the result with links.

// pageWait is how long a form that queued a job waits for it before
// sending the browser to the job's page, so that a quick job's page shows
// its result at once instead of a progress bar.
const pageWait = 3 * time.Second

// toJobPage sends the browser to job j's page, once the job has finished
// or pageWait has passed (a scheduled job is not waited for).
func (s *Server) toJobPage(w http.ResponseWriter, r *http.Request, j app.Job) error {
	if !j.RunAt.After(s.app.Now()) {
		if _, err := s.app.WaitJob(r.Context(), identityOf(r), j.ID, pageWait); err != nil {
			return err
		}
	}
	http.Redirect(w, r, fmt.Sprintf("/jobs/%d", j.ID), http.StatusSeeOther)
	return nil
}

// syncWait is how long an API request waits for its job before answering
// 202: well inside the server's one-minute write timeout.
const syncWait = 20 * time.Second

func (s *Server) jobRoutes(rt *router) {
	rt.handle("GET /api/v1/jobs/{id}", ruleJob, s.api(s.apiJob))
	rt.handle("GET /jobs/{id}", ruleJob, s.page(s.pageJob))
	rt.handle("POST /jobs/{id}/cancel", ruleJob, s.page(s.formCancelJob))
	rt.handle("POST /api/v1/programmes/{key}/catalogue/versions/{n}/republish", rulePublish, s.api(s.apiRepublish))
	rt.handle("POST /programmes/{key}/catalogue/versions/{n}/preview", rulePublish, s.page(s.formRepublishPreview))
}

// jobLink is a link from a finished job to what it changed.
type jobLink struct {
	Title string `json:"title"`
	Href  string `json:"href"`
}

// jobJSON is a job as the API and the job page show it.
type jobJSON struct {
	app.Job
	KindLabel  string    `json:"kind_label"`
	StateLabel string    `json:"state_label"`
	Percent    int       `json:"percent"`
	URL        string    `json:"url"`
	Page       string    `json:"page"`
	Links      []jobLink `json:"links"`
}

func jobView(j app.Job) jobJSON {
	return jobJSON{Job: j, KindLabel: j.Kind.Label(), StateLabel: j.State.Label(), Percent: j.Percent(),
		URL: fmt.Sprintf("/api/v1/jobs/%d", j.ID), Page: fmt.Sprintf("/jobs/%d", j.ID), Links: jobLinks(j)}
}

// jobLinks are the pages a finished job's result concerns.
func jobLinks(j app.Job) []jobLink {
	key := j.ProgrammeKey
	out := []jobLink{}
	switch j.Kind {
	case model.JobPublish:
		out = append(out, jobLink{"Kataloget", "/programmes/" + key + "/catalogue"})
		var res app.PublishResult
		if j.State == model.JobDone && json.Unmarshal(j.Result, &res) == nil {
			out = append(out, jobLink{"Overblikket", "/programmes/" + key})
			for _, m := range res.Municipalities {
				out = append(out, jobLink{m.Name + "s plan", "/programmes/" + key + "/municipalities/" + m.Code})
			}
		}
	case model.JobEnrol:
		out = append(out, jobLink{"Overblikket", "/programmes/" + key})
		var res []app.EnrolResult
		if j.State == model.JobDone && json.Unmarshal(j.Result, &res) == nil {
			for _, e := range res {
				out = append(out, jobLink{e.Name + "s plan", "/programmes/" + key + "/municipalities/" + e.Code})
			}
		}
	case model.JobWaveFinal:
		out = append(out, jobLink{"Bølgeplanen", "/programmes/" + key + "/waveplan"}, jobLink{"Overblikket", "/programmes/" + key})
	case model.JobHandbooks:
		out = append(out, jobLink{"Overblikket", "/programmes/" + key})
	}
	return out
}

func (s *Server) job(r *http.Request) (app.Job, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return app.Job{}, err
	}
	return s.app.Job(r.Context(), identityOf(r), id)
}

func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) error {
	j, err := s.job(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, jobView(j))
}

// answerJob answers an API request that queued job j: 202 with the job
// (see above), or, when it finished within syncWait, done(result) – the
// operation's own answer – or the operation's refusal as a problem.
func (s *Server) answerJob(w http.ResponseWriter, r *http.Request, j app.Job, done func(result json.RawMessage) error) error {
	async := strings.Contains(strings.ToLower(r.Header.Get("Prefer")), "respond-async") || j.RunAt.After(s.app.Now())
	if !async {
		var err error
		if j, err = s.app.WaitJob(r.Context(), identityOf(r), j.ID, syncWait); err != nil {
			return err
		}
		switch j.State {
		case model.JobDone:
			w.Header().Set("Content-Location", fmt.Sprintf("/api/v1/jobs/%d", j.ID))
			return done(j.Result)
		case model.JobFailed:
			return app.JobError(j)
		}
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/jobs/%d", j.ID))
	return writeJSON(w, http.StatusAccepted, jobView(j))
}

func (s *Server) pageJob(w http.ResponseWriter, r *http.Request) error {
	j, err := s.job(r)
	if err != nil {
		return err
	}
	page := map[string]any{"Title": j.Kind.Label(), "J": jobView(j), "Fragment": isFragment(r),
		"Created": model.DanishTime(j.CreatedAt)}
	if !j.Finished() {
		// Without JavaScript the page reloads itself; with it, htmx
		// replaces the status every second.
		page["Refresh"] = 2
	}
	if !j.FinishedAt.IsZero() {
		page["Finished"] = model.DanishTime(j.FinishedAt)
	}
	if e := app.JobError(j); e != nil {
		var ae *app.Error
		if errors.As(e, &ae) && ae.Code == app.CodeConflict && ae.Field == "based_on" {
			page["Stale"] = true
		}
	}
	if j.State == model.JobDone && j.Kind == model.JobPublish {
		var res app.PublishResult
		if json.Unmarshal(j.Result, &res) == nil {
			page["Publish"] = res
		}
	}
	if j.State == model.JobDone && j.Kind == model.JobHandbooks {
		var res app.HandbooksResult
		if json.Unmarshal(j.Result, &res) == nil {
			page["Handbooks"] = handbooksPage(res)
		}
	}
	if j.State == model.JobWaiting && j.RunAt.After(s.app.Now()) {
		page["Scheduled"] = model.DanishTime(j.RunAt)
	}
	varyOnFragment(w)
	if isFragment(r) {
		return s.render(w, http.StatusOK, "job-status", page)
	}
	return s.render(w, http.StatusOK, "job.html", feedback(r, page))
}

func (s *Server) formCancelJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.app.CancelJob(r.Context(), identityOf(r), id)
	return s.back(w, r, fmt.Sprintf("/jobs/%d", id), err, okMsg("koersel-annulleret"))
}

// publishParams reads a publication's based_on and run_at: from the query
// (API) or the form (pages). based_on absent: no check.
func publishParams(r *http.Request, req *app.PublishRequest) error {
	if v := r.FormValue("based_on"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return badRequest("based_on", "based_on skal være et katalogversionsnummer (0 for et nyt program)")
		}
		req.BasedOn, req.Check = n, true
	}
	if v := strings.TrimSpace(r.FormValue("run_at")); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			d, derr := model.ParseInputDate(v)
			if derr != nil {
				return badRequest("run_at", "run_at skal være en dato (ÅÅÅÅ-MM-DD) eller et tidspunkt (RFC 3339)")
			}
			// A date: the publication runs at the start of that day in Denmark.
			u := d.Time()
			t = time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, model.Copenhagen())
		}
		req.RunAt = t
	}
	return nil
}

// isStale reports whether err is the refusal of a stale preview.
func isStale(err error) bool {
	var ae *app.Error
	return errors.As(err, &ae) && ae.Code == app.CodeConflict && ae.Field == "based_on"
}

func (s *Server) apiRepublish(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return badRequest("n", "versionsnummeret skal være et positivt helt tal")
	}
	var req app.PublishRequest
	if err := publishParams(r, &req); err != nil {
		return err
	}
	if !req.Check {
		return badRequest("based_on", "angiv based_on: den katalogversion, du genudgiver ovenpå")
	}
	key := r.PathValue("key")
	j, err := s.app.StartRepublish(r.Context(), identityOf(r), key, n, req.BasedOn, req.RunAt)
	if isStale(err) {
		f, ferr := s.app.CatalogueVersionFile(r.Context(), key, n)
		if ferr != nil {
			return ferr
		}
		return s.staleAPI(w, r, err, f.SourceName, []byte(f.Source), key)
	}
	if err != nil {
		return err
	}
	return s.answerJob(w, r, j, func(res json.RawMessage) error { return writeRaw(w, http.StatusOK, res) })
}

// staleAPI writes the 409 of a stale publication with a fresh preview.
func (s *Server) staleAPI(w http.ResponseWriter, r *http.Request, stale error, name string, data []byte, key string) error {
	pre, err := s.app.PreviewPublish(r.Context(), identityOf(r), name, data, key)
	if err != nil {
		return err
	}
	p := problemOf(stale)
	p.Preview = pre
	writeProblem(w, p)
	return nil
}

func writeRaw(w http.ResponseWriter, status int, b json.RawMessage) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err := w.Write(append(b, '\n'))
	return err
}

// formRepublishPreview previews publishing an earlier version's file again
// as the next version; the preview's form publishes it like any other.
func (s *Server) formRepublishPreview(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return badRequest("n", "versionsnummeret skal være et positivt helt tal")
	}
	key := r.PathValue("key")
	f, err := s.app.CatalogueVersionFile(r.Context(), key, n)
	if err != nil {
		return err
	}
	return s.previewPage(w, r, key, f.SourceName, []byte(f.Source), map[string]any{"Republish": n})
}

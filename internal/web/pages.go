package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/markdown"
	"github.com/udrul/udrul/internal/model"
)

var funcs = template.FuncMap{
	"danish":      func(d model.Date) string { return d.Danish() },
	"iso":         func(d model.Date) string { return d.String() },
	"danishTime":  model.DanishTime,
	"colourLabel": func(c model.Colour) string { return c.Label() },
	"statusLabel": func(s model.Status) string { return s.Label() },
	"typeLabel":   func(t model.TaskType) string { return t.Label() },
	"statuses":    func() []model.Status { return model.Statuses },
	"types":       func() []model.TaskType { return model.TaskTypes },
	"colours":     func() []model.Colour { return model.Colours },
	"tasktypes":   func() []model.TaskType { return model.TaskTypes },
	"markdown":    markdown.HTML,
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
}

// modelFuncs name the implementation model's phases and themes in pages,
// which store only their keys.
func modelFuncs(im *model.ImplementationModel) template.FuncMap {
	return template.FuncMap{
		"phaseName": func(k string) string {
			if p, ok := im.Phase(k); ok {
				return p.Name
			}
			return ""
		},
		// timingText and levelLabel: a catalogue task's placement and level
		// in words (catalogue_preview.go).
		"timingText": func(t model.Timing, p model.Programme) string { return timingText(t, &p) },
		"levelLabel": levelLabel,
		// previewOf: a previewed publication in words (catalogue_preview.go).
		"previewOf": func(res *app.PublishResult) *previewView { return previewOf(res, im) },
		"themeName": func(k string) string {
			if t, ok := im.Theme(k); ok {
				return t.Name
			}
			return k
		},
	}
}

// page adapts a handler that returns an error, rendering errors as an HTML page.
func (s *Server) page(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.pageSlots <- struct{}{}:
			defer func() { <-s.pageSlots }()
		case <-r.Context().Done():
			return // the client left while waiting
		}
		if key := r.PathValue("key"); key != "" {
			if sw := sessionOf(w); sw != nil {
				ctx := r.Context()
				sw.waves = &programmeWaves{load: func() (model.WaveNames, error) { return s.app.WaveNames(ctx, key) }}
			}
		}
		if err := h(w, r); err != nil {
			p := problemOf(err)
			if p.Status >= 500 {
				s.log.Error("page request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			}
			s.errorPage(w, r, p)
		}
	})
}

// pageConcurrency is how many pages are made at once: four per core. Pages
// are CPU-bound (reading SQLite or waiting briefly on PostgreSQL, then the
// template), so more at once only share the cores and hold memory: 200
// users' pages in progress together took the server past 100 MiB
// (docs/performance.md "Load"). Waiters are served in turn.
func pageConcurrency() int { return 4 * runtime.GOMAXPROCS(0) }

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	data = withSession(w, data) // .User and .CSRF for the layout and forms (auth_guard.go)
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(wrapTables(buf.Bytes())) // wide tables scroll in their own region (tablescroll.go)
	return err
}

// pageFollowup is the worklist central staff and hypercare teams work
// through: critical-path tasks that are yellow and not started, red mandatory
// tasks and municipalities by worst colour, each with owner and snooze forms.
func (s *Server) pageFollowup(w http.ResponseWriter, r *http.Request) error {
	asof, err := s.asof(r)
	if err != nil {
		return err
	}
	o, err := worklistOptions(r)
	if err != nil {
		return err
	}
	n, err := pageNumber(r)
	if err != nil {
		return err
	}
	// The database pages the list: only the page's rows are read.
	o.Offset, o.Limit, o.Find = (n-1)*worklistPageSize, worklistPageSize, r.URL.Query().Get("handling")
	wl, err := s.app.Worklist(r.Context(), identityOf(r), r.PathValue("key"), asof, o)
	if err != nil {
		return err
	}
	page, err := pageOfWorklist(r, n, wl.Tasks, wl.Counts.Total())
	if err != nil {
		return err
	}
	action, err := actionOf(r, wl)
	if err != nil {
		return err
	}
	owners, err := s.app.FollowupOwners(r.Context())
	if err != nil {
		return err
	}
	ov, err := s.app.Overview(r.Context(), identityOf(r), r.PathValue("key"), asof)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	return s.render(w, http.StatusOK, "followup.html", feedback(r, map[string]any{
		"Title": "Opfølgning – " + wl.Name, "Key": r.PathValue("key"), "Asof": asof, "W": wl, "Owners": owners,
		"Summary": wl.Counts, "P": page, "Overview": ov, "Red": model.Red, "Yellow": model.Yellow,
		"Action": action, "ActionBase": actionBase(r.URL),
		"Filter":         map[string]string{"Wave": q.Get("wave"), "Municipality": q.Get("municipality"), "Type": q.Get("type")},
		"IncludeSnoozed": r.URL.Query().Get("include_snoozed") == "true", "Back": withoutFeedback(r.URL)}))
}

// withoutFeedback is the page's own address without the outcome of the last
// form, so that forms can return to it.
func withoutFeedback(u *url.URL) string {
	v := url.URL{Path: u.Path, RawQuery: withoutFeedbackQuery(u).Encode()}
	return v.String()
}

// withoutFeedbackQuery is u's query without the outcome of the last form.
func withoutFeedbackQuery(u *url.URL) url.Values {
	q := u.Query()
	q.Del("gemt")
	q.Del("n")
	q.Del("fejl")
	q.Del("handling")
	return q
}

func (s *Server) pageTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.taskPage(w, r, id, http.StatusOK, nil)
}

// taskPage renders task id with the given status; extra adds to the
// page's data (a refused form's error and values, task_extras.go).
func (s *Server) taskPage(w http.ResponseWriter, r *http.Request, id int64, status int, extra map[string]any) error {
	data, err := s.taskData(r, id)
	if err != nil {
		return err
	}
	data["Error"], data["Saved"] = refusedMessage(r), r.URL.Query().Has("gemt")
	data["Delegation"], data["Delegated"] = s.delegation(r, id), r.URL.Query().Has("delegeret")
	for k, v := range extra {
		data[k] = v
	}
	return s.render(w, status, "task.html", data)
}

// taskData is the task page's data: the task as of ?asof (today without
// it), its history, and its checklist, links and documents.
func (s *Server) taskData(r *http.Request, id int64) (map[string]any, error) {
	asof, err := s.asof(r)
	if err != nil {
		return nil, err
	}
	t, history, err := s.app.Task(r.Context(), identityOf(r), id, asof)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Title": t.Title, "T": t, "History": history, "Asof": asof}
	data["Holders"] = s.taskHolders(r, id)
	if err := s.addTaskExtras(r, id, data); err != nil {
		return nil, err
	}
	return data, nil
}

// isFragment reports whether the request comes from htmx and wants only the
// part of the page it replaces. Without JavaScript the same forms and links
// get whole pages; htmx's own history restore also wants the whole page.
func isFragment(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// varyOnFragment marks a response that differs for htmx requests, so that
// no cache serves a fragment for a page or the other way round.
func varyOnFragment(w http.ResponseWriter) { w.Header().Add("Vary", "HX-Request") }

// formSetStatus handles the status form and redirects back to the task page
// (post/redirect/get), carrying a refusal's message so the user sees why.
// From htmx it answers with the task page's status fragment instead
// (task.html's "task-status-fragment": the outcome, status and colour, a
// fresh form with the new version, and the history), with the refusal's
// status code when the change was refused.
func (s *Server) formSetStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &requestError{status: http.StatusRequestEntityTooLarge, msg: "formularen er for stor"}
		}
		return badRequest("", "formularen kunne ikke læses")
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		return badRequest("version", "formularen mangler opgavens version")
	}
	ch := app.StatusChange{Status: model.Status(r.PostForm.Get("status")), Comment: r.PostForm.Get("comment"), Version: version}
	varyOnFragment(w)
	target := fmt.Sprintf("/tasks/%d", id)
	_, err = s.app.SetStatus(r.Context(), identityOf(r), id, ch)
	if isFragment(r) {
		return s.taskStatusFragment(w, r, id, err)
	}
	if err != nil {
		code := app.ErrorCode(err)
		if code == app.CodeInternal || code == app.CodeNotFound {
			return err
		}
		return s.showRefused(w, r, target, err)
	}
	http.Redirect(w, r, target+"?gemt", http.StatusSeeOther)
	return nil
}

// taskStatusFragment renders the outcome of a status change for htmx: the
// task as it now is, with "Status er gemt." or the refusal's message.
func (s *Server) taskStatusFragment(w http.ResponseWriter, r *http.Request, id int64, changeErr error) error {
	status := http.StatusOK
	if changeErr != nil {
		code := app.ErrorCode(changeErr)
		if code == app.CodeInternal || code == app.CodeNotFound {
			return changeErr
		}
		status = problemOf(changeErr).Status
	}
	data, err := s.taskData(r, id)
	if err != nil {
		return err
	}
	data["Fragment"] = true
	if changeErr != nil {
		data["Error"] = app.ErrorMessage(changeErr)
	} else {
		data["Saved"] = true
	}
	return s.render(w, status, "task-status-fragment", data)
}

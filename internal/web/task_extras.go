package web

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/attach"
	"github.com/udrul/udrul/internal/model"
)

// The task page's extras: the catalogue's checklist with the instance's
// ticks, links (the catalogue's and the municipality's own) and attached
// documents. Everything works as plain forms with post/redirect/get; a
// refused form re-renders the task page with the error next to its field.

// maxUploadBody bounds an upload request: one document and the form's
// other fields.
const maxUploadBody = attach.MaxSize + maxJSONBody

func (s *Server) taskExtrasRoutes(rt *router) {
	rt.handle("PUT /api/v1/tasks/{id}/checklist/{item}", ruleTaskChange, s.api(s.apiTickChecklist))
	rt.handle("POST /api/v1/tasks/{id}/links", ruleTaskChange, s.api(s.apiAddTaskLink))
	rt.handle("DELETE /api/v1/tasks/{id}/links/{link}", ruleTaskChange, s.api(s.apiDeleteTaskLink))
	rt.handle("POST /api/v1/tasks/{id}/documents", ruleTaskChange, s.api(s.apiAddDocument))
	rt.handle("GET /api/v1/tasks/{id}/documents/{doc}", ruleTaskView, s.api(s.downloadDocument))
	rt.handle("DELETE /api/v1/tasks/{id}/documents/{doc}", ruleTaskChange, s.api(s.apiDeleteDocument))

	rt.handle("POST /tasks/{id}/checklist", ruleTaskChange, s.page(s.formChecklist))
	rt.handle("POST /tasks/{id}/links", ruleTaskChange, s.page(s.formAddTaskLink))
	rt.handle("POST /tasks/{id}/links/{link}/delete", ruleTaskChange, s.page(s.formDeleteTaskLink))
	rt.handle("POST /tasks/{id}/documents", ruleTaskChange, s.page(s.formAddDocument))
	rt.handle("GET /tasks/{id}/documents/{doc}", ruleTaskView, s.page(s.downloadDocument))
	rt.handle("POST /tasks/{id}/documents/{doc}/delete", ruleTaskChange, s.page(s.formDeleteDocument))
}

// extrasFuncs are the template functions of task_extras.html.
var extrasFuncs = template.FuncMap{
	"fileSize": attach.Size,
	// eventLabel describes a history entry of the extras; "" for other kinds.
	"eventLabel": func(e model.StatusEvent) string {
		switch e.Kind + "/" + string(e.To) {
		case model.EventChecklist + "/" + string(model.EventDone):
			return "afkrydsede tjeklistepunktet"
		case model.EventChecklist + "/" + string(model.EventUndone):
			return "fjernede afkrydsningen af tjeklistepunktet"
		case model.EventDocument + "/" + string(model.EventAdded):
			return "vedhæftede dokumentet"
		case model.EventDocument + "/" + string(model.EventRemoved):
			return "slettede dokumentet"
		case model.EventLink + "/" + string(model.EventAdded):
			return "tilføjede linket"
		case model.EventLink + "/" + string(model.EventRemoved):
			return "fjernede linket"
		}
		if e.Kind == app.EventDates { // a local move, its undoing, or a resolved conflict (plan_forms.go)
			return "datoer"
		}
		if e.Kind == app.EventAddOn { // added by an add-on order or withdrawn by its cancellation (addon.go)
			return "tilkøb"
		}
		return ""
	},
}

// extrasNotice is the confirmation shown after each extras form (?ok=…).
var extrasNotice = map[string]string{
	"tjekliste":        "Tjeklisten er gemt.",
	"link":             "Linket er tilføjet.",
	"link-fjernet":     "Linket er fjernet.",
	"dokument":         "Dokumentet er vedhæftet.",
	"dokument-slettet": "Dokumentet er slettet.",
}

// addTaskExtras puts the extras of task id into a task page's data: X (the
// extras), XCan (whether the user may change them), XDone (ticked items),
// XAccept and XAllowed (for the upload field) and XOK (the last form's outcome).
func (s *Server) addTaskExtras(r *http.Request, id int64, data map[string]any) error {
	x, err := s.app.TaskExtras(r.Context(), identityOf(r), id)
	if err != nil {
		return err
	}
	done := 0
	for _, e := range x.Checklist {
		if e.Done {
			done++
		}
	}
	can := false
	if who := identityOf(r); who != nil {
		t, ok, err := s.app.TaskScope(r.Context(), id)
		if err != nil {
			return err
		}
		can = ok && access.ChangeTask(who.Subject, t)
		if !can {
			data["XWhy"] = access.RefuseChangeTask(who.Subject.Role) // the page says why it offers no status form
		}
	}
	data["X"], data["XCan"], data["XDone"] = x, can, done
	data["XAccept"], data["XAllowed"], data["XMax"] = attach.Accept(), attach.Allowed(), attach.Size(attach.MaxSize)
	data["XOK"] = extrasNotice[r.URL.Query().Get("ok")]
	if _, set := data["XErr"]; !set {
		data["XErr"] = map[string]string{}
	}
	return nil
}

// extrasRefused re-renders the task page after a refused extras form, with
// the message next to field (checklist, title, url, file, link, doc), or
// returns err for an error page when the task itself is missing or the
// failure is internal.
func (s *Server) extrasRefused(w http.ResponseWriter, r *http.Request, id int64, field string, err error, extra map[string]any) error {
	p := problemOf(err)
	if p.Status >= 500 || (p.Status == http.StatusNotFound && p.Field == "") {
		return err
	}
	if p.Field != "" && field != "checklist" {
		field = p.Field
	}
	if extra == nil {
		extra = map[string]any{}
	}
	extra["XErr"] = map[string]string{field: p.Detail}
	return s.taskPage(w, r, id, p.Status, extra)
}

func (s *Server) extrasDone(w http.ResponseWriter, r *http.Request, id int64, ok, anchor string) error {
	http.Redirect(w, r, fmt.Sprintf("/tasks/%d?ok=%s#%s", id, url.QueryEscape(ok), anchor), http.StatusSeeOther)
	return nil
}

// formChecklist saves the checklist form: every item shown is sent as
// "item", the ticked ones also as "done".
func (s *Server) formChecklist(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	want := map[string]bool{}
	for _, k := range r.PostForm["item"] {
		want[k] = false
	}
	for _, k := range r.PostForm["done"] {
		if _, shown := want[k]; !shown {
			return s.extrasRefused(w, r, id, "checklist", badRequest("done", fmt.Sprintf("punktet %q er afkrydset, men ikke vist i formularen", k)), nil)
		}
		want[k] = true
	}
	if _, err := s.app.SetChecklist(r.Context(), identityOf(r), id, want, version); err != nil {
		return s.extrasRefused(w, r, id, "checklist", err, nil)
	}
	return s.extrasDone(w, r, id, "tjekliste", "tjekliste")
}

func (s *Server) apiTickChecklist(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.ChecklistTick
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := s.app.SetChecklistItem(r.Context(), identityOf(r), id, r.PathValue("item"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) formAddTaskLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := app.NewTaskLink{Title: r.PostForm.Get("title"), URL: r.PostForm.Get("url")}
	if _, err := s.app.AddTaskLink(r.Context(), identityOf(r), id, in); err != nil {
		return s.extrasRefused(w, r, id, "url", err, map[string]any{"XLink": in})
	}
	return s.extrasDone(w, r, id, "link", "links")
}

func (s *Server) apiAddTaskLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.NewTaskLink
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	l, err := s.app.AddTaskLink(r.Context(), identityOf(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, l)
}

func (s *Server) formDeleteTaskLink(w http.ResponseWriter, r *http.Request) error {
	id, link, err := taskChildIDs(r, "link")
	if err != nil {
		return err
	}
	if err := s.app.DeleteTaskLink(r.Context(), identityOf(r), id, link); err != nil {
		return s.extrasRefused(w, r, id, "link", err, nil)
	}
	return s.extrasDone(w, r, id, "link-fjernet", "links")
}

func (s *Server) apiDeleteTaskLink(w http.ResponseWriter, r *http.Request) error {
	id, link, err := taskChildIDs(r, "link")
	if err != nil {
		return err
	}
	if err := s.app.DeleteTaskLink(r.Context(), identityOf(r), id, link); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// readUpload reads the multipart field "file". The CSRF check may already
// have parsed the form (with the same limit); API calls are parsed here.
func readUpload(w http.ResponseWriter, r *http.Request) (string, []byte, error) {
	if r.MultipartForm == nil {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
			return "", nil, &requestError{status: http.StatusUnsupportedMediaType, field: "file",
				msg: "send dokumentet som multipart/form-data i feltet \"file\""}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
		if err := r.ParseMultipartForm(maxJSONBody); err != nil {
			if tooLarge(err) {
				return "", nil, uploadTooLarge()
			}
			// Go's multipart error text is English and technical; the
			// client needs to know the body is not a readable form.
			return "", nil, badRequest("file", "formularen kunne ikke læses som multipart/form-data med feltet \"file\"")
		}
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		return "", nil, &app.Error{Code: app.CodeInvalid, Field: "file", Message: "vælg en fil at vedhæfte"}
	}
	defer f.Close()
	if fh.Size > attach.MaxSize {
		return "", nil, &requestError{status: http.StatusRequestEntityTooLarge, field: "file", msg: attach.TooLarge(fh.Filename, fh.Size).Error()}
	}
	b, err := io.ReadAll(io.LimitReader(f, attach.MaxSize+1))
	if err != nil {
		return "", nil, err
	}
	return fh.Filename, b, nil
}

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

func uploadTooLarge() error {
	return &requestError{status: http.StatusRequestEntityTooLarge, field: "file",
		msg: fmt.Sprintf("filen er for stor: et dokument må højst være %s", attach.Size(attach.MaxSize))}
}

func (s *Server) formAddDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	name, content, err := readUpload(w, r)
	if err == nil {
		_, err = s.app.AddDocument(r.Context(), identityOf(r), id, name, content)
	}
	if err != nil {
		return s.extrasRefused(w, r, id, "file", err, nil)
	}
	return s.extrasDone(w, r, id, "dokument", "dokumenter")
}

func (s *Server) apiAddDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	name, content, err := readUpload(w, r)
	if err != nil {
		return err
	}
	d, err := s.app.AddDocument(r.Context(), identityOf(r), id, name, content)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, d)
}

// downloadDocument sends a document as an attachment with its checked
// content type; browsers must neither sniff nor render it in place.
func (s *Server) downloadDocument(w http.ResponseWriter, r *http.Request) error {
	id, docID, err := taskChildIDs(r, "doc")
	if err != nil {
		return err
	}
	d, content, err := s.app.Document(r.Context(), identityOf(r), id, docID)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(content)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(content)
	}
	return nil
}

func (s *Server) formDeleteDocument(w http.ResponseWriter, r *http.Request) error {
	id, docID, err := taskChildIDs(r, "doc")
	if err != nil {
		return err
	}
	if err := s.app.DeleteDocument(r.Context(), identityOf(r), id, docID); err != nil {
		return s.extrasRefused(w, r, id, "doc", err, nil)
	}
	return s.extrasDone(w, r, id, "dokument-slettet", "dokumenter")
}

func (s *Server) apiDeleteDocument(w http.ResponseWriter, r *http.Request) error {
	id, docID, err := taskChildIDs(r, "doc")
	if err != nil {
		return err
	}
	if err := s.app.DeleteDocument(r.Context(), identityOf(r), id, docID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// taskChildIDs reads the task id and the id of one of its links or
// documents (path value child) from the path.
func taskChildIDs(r *http.Request, child string) (task, id int64, err error) {
	if task, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	id, err = pathID(r, child)
	return task, id, err
}

package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

// Editing the catalogue in the browser: one task at a time through a form,
// or the whole file in a text area. Either way the result is a new
// catalogue file whose publication is previewed (catalogue_preview.html)
// before the coordinator confirms it; the file carries the version it was
// edited from, so a publication in the meantime is a conflict, not a loss.

// taskForm is what catalogue_task.html shows.
type taskForm struct {
	Title      string // of the page
	Programme  model.Programme
	Version    int
	New        bool
	Withdrawn  bool // a withdrawn task: saving it puts it back
	Task       catalogue.TaskEdit
	DependsOn  string // one dependency per line
	Checklist  string // one item per line
	Links      string // one link per line
	Errors     map[string]string
	Problems   []catalogue.Problem // problems elsewhere in the file
	Error      string
	Model      *model.ImplementationModel
	Milestones []model.Milestone
	Checkpts   []catalogue.Transition
	Others     []model.CatalogueTask // tasks it may depend on
}

func (s *Server) taskFormFor(f *app.CatalogueFile, e catalogue.TaskEdit, isNew bool) *taskForm {
	title := "Ny opgave – " + f.Programme.Name
	if !isNew {
		title = "Rediger " + e.Key + " – " + f.Programme.Name
	}
	golive, _ := f.Programme.Milestone(model.GoLive)
	tf := &taskForm{Title: title, Programme: f.Programme, Version: f.Version, New: isNew, Task: e,
		DependsOn: strings.Join(e.DependsOn, "\n"), Checklist: strings.Join(e.Checklist, "\n"), Links: strings.Join(e.Links, "\n"), Errors: map[string]string{}, Model: s.app.Model(),
		Milestones: append([]model.Milestone{golive}, f.Programme.Milestones...), Checkpts: catalogue.Transitions(s.app.Model())}
	for _, t := range f.Catalogue.Tasks {
		if t.Key != e.Key {
			tf.Others = append(tf.Others, t)
		}
	}
	tf.Withdrawn = !isNew && f.Task(e.Key) == nil
	return tf
}

func (s *Server) renderTaskForm(w http.ResponseWriter, status int, tf *taskForm) error {
	return s.render(w, status, "catalogue_task.html", map[string]any{"Title": tf.Title, "F": tf})
}

func (s *Server) pageCatalogueTask(w http.ResponseWriter, r *http.Request) error {
	f, err := s.app.CatalogueFile(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	key := r.PathValue("task")
	t := f.Task(key)
	if t == nil {
		t = f.WithdrawnTask(key)
	}
	if t == nil {
		return &requestError{status: http.StatusNotFound, msg: fmt.Sprintf("kataloget har ingen opgave med nøglen %q", key)}
	}
	return s.renderTaskForm(w, http.StatusOK, s.taskFormFor(f, catalogue.EditOf(*t), false))
}

func (s *Server) pageCatalogueNewTask(w http.ResponseWriter, r *http.Request) error {
	f, err := s.app.CatalogueFile(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	e := catalogue.TaskEdit{Type: string(model.Mandatory), Level: string(model.LevelMunicipality), Milestone: model.GoLive,
		Unit: string(model.WorkingDays), Responsible: "Kommunen"}
	return s.renderTaskForm(w, http.StatusOK, s.taskFormFor(f, e, true))
}

// taskEditOf reads the edit form.
func taskEditOf(r *http.Request) catalogue.TaskEdit {
	v := r.PostFormValue
	e := catalogue.TaskEdit{Key: v("task_key"), Title: v("title"), Description: v("description"), Theme: v("theme"),
		MainTask: v("main_task"), Phase: v("phase"), Type: v("type"), Level: v("level"), Responsible: v("responsible"),
		Executor: v("executor"), Milestone: v("milestone"), Start: v("start"), End: v("end"), Unit: v("unit"), Checkpoint: v("checkpoint")}
	for _, line := range strings.FieldsFunc(v("depends_on"), func(r rune) bool { return r == '\n' || r == ',' }) {
		if line = strings.TrimSpace(line); line != "" {
			e.DependsOn = append(e.DependsOn, line)
		}
	}
	e.Checklist, e.Links = formLines(v("checklist")), formLines(v("links"))
	return e
}

// formCatalogueTask previews the catalogue with one task changed, added or
// withdrawn.
func (s *Server) formCatalogueTask(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("", "formularen kunne ikke læses")
	}
	key := r.PathValue("key")
	isNew := r.PathValue("task") == ""
	e := taskEditOf(r)
	if !isNew {
		e.Key = r.PathValue("task")
	}
	basedOn, err := strconv.Atoi(r.PostFormValue("based_on"))
	if err != nil {
		return badRequest("based_on", "formularen mangler den katalogversion, den blev åbnet på; åbn opgaven igen")
	}
	edit := app.CatalogueEdit{BasedOn: basedOn, Task: e, New: isNew, Remove: r.PostFormValue("action") == "withdraw"}
	res, err := s.app.PreviewCatalogueEdit(r.Context(), identityOf(r), key, edit)
	if err == nil {
		return s.render(w, http.StatusOK, "catalogue_preview.html", map[string]any{"Title": "Forhåndsvisning af katalog", "Key": key,
			"Name": res.Name, "Source": string(res.Source), "R": res.Preview, "BasedOn": res.BasedOn,
			"Edited": e.Key, "Withdraw": edit.Remove})
	}
	code := app.ErrorCode(err)
	if code != app.CodeInvalid && code != app.CodeConflict {
		return err
	}
	// Show the form again with what the user typed and the errors by field.
	f, ferr := s.app.CatalogueFile(r.Context(), identityOf(r), key)
	if ferr != nil {
		return ferr
	}
	tf := s.taskFormFor(f, e, isNew)
	tf.Version = basedOn // keep the version the user's edit is based on: re-submitting stays a conflict
	index := -1
	if res != nil {
		index = res.Index
	}
	tf.Errors, tf.Problems = app.TaskProblems(err, index)
	var ae *app.Error
	if errors.As(err, &ae) && ae.Field != "" {
		tf.Errors[ae.Field] = ae.Message
	}
	tf.Error = capitalise(app.ErrorMessage(err)) + ". Intet er gemt."
	if code == app.CodeInvalid && len(tf.Errors)+len(tf.Problems) > 0 {
		tf.Error = "Opgaven kan ikke gemmes – ret felterne herunder. Intet er gemt."
	}
	return s.renderTaskForm(w, statusOf[code], tf)
}

// pageCatalogueSource is the whole catalogue file in a text area.
func (s *Server) pageCatalogueSource(w http.ResponseWriter, r *http.Request) error {
	f, err := s.app.CatalogueFile(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "catalogue_source.html", map[string]any{"Title": "Rediger katalogfilen – " + f.Programme.Name,
		"F": f, "Source": string(f.Source)})
}

// catalogueYAML downloads the current catalogue file.
func (s *Server) catalogueYAML(w http.ResponseWriter, r *http.Request) error {
	f, err := s.app.CatalogueFile(r.Context(), identityOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.yaml"`, f.Programme.Key, f.Version))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(f.Source)
	return err
}

// formLines splits a text area into its non-empty lines.
func formLines(v string) []string {
	var out []string
	for _, line := range strings.Split(v, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

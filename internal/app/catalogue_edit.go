package app

import (
	"context"
	"errors"
	"fmt"
	"github.com/udrul/udrul/internal/access"
	"strings"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// CatalogueFile is the file a programme's current catalogue version was
// published from: what central staff edit, in the browser or by hand.
type CatalogueFile struct {
	Programme model.Programme
	Version   int
	Name      string
	Source    []byte
	Catalogue *model.Catalogue
	// Withdrawn are the tasks of earlier versions that the file no longer
	// has; editing one puts it back.
	Withdrawn []model.CatalogueTask
}

// Task returns the file's task key, or nil.
func (f *CatalogueFile) Task(key string) *model.CatalogueTask {
	for i := range f.Catalogue.Tasks {
		if f.Catalogue.Tasks[i].Key == key {
			return &f.Catalogue.Tasks[i]
		}
	}
	return nil
}

// WithdrawnTask returns the withdrawn task key, or nil.
func (f *CatalogueFile) WithdrawnTask(key string) *model.CatalogueTask {
	for i := range f.Withdrawn {
		if f.Withdrawn[i].Key == key {
			return &f.Withdrawn[i]
		}
	}
	return nil
}

// CatalogueFile returns the current catalogue file of a programme: the
// published standard, which everyone signed in may read
// (access.ViewCatalogue).
func (a *CatalogueService) CatalogueFile(ctx context.Context, by *Identity, programmeKey string) (*CatalogueFile, error) {
	if err := allow(by, access.ViewCatalogue, access.RefuseRole); err != nil {
		return nil, err
	}
	var f *CatalogueFile
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		name, src, err := tx.VersionSource(ctx, prog.ID, prog.CurrentVersion)
		if err != nil {
			return err
		}
		f = &CatalogueFile{Programme: prog.Programme, Version: prog.CurrentVersion, Name: name, Source: []byte(src)}
		tasks, err := tx.CatalogueTasks(ctx, prog.ID)
		if err != nil {
			return err
		}
		for _, t := range tasks {
			if t.WithdrawnVersion != 0 {
				f.Withdrawn = append(f.Withdrawn, t.CatalogueTask)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A published file was valid when published; the implementation model
	// it is read against is the same, so this only fails on a broken store.
	if f.Catalogue, err = catalogue.Parse(f.Name, f.Source, a.model); err != nil {
		return nil, fmt.Errorf("app: published catalogue %s version %d does not parse: %w", programmeKey, f.Version, err)
	}
	return f, nil
}

// CatalogueEdit is a change of one task made in the edit form, to the
// catalogue version the form was opened on.
type CatalogueEdit struct {
	BasedOn int
	Task    catalogue.TaskEdit
	New     bool // a new task: its key must not be in use
	Remove  bool // withdraw the task instead
}

// CatalogueEditResult is the file an edit makes and the preview of
// publishing it. Index is the task's place in the file's task list, to tie
// the file's problems (tasks[Index].field) back to the form's fields.
type CatalogueEditResult struct {
	Name    string
	Source  []byte
	Index   int
	BasedOn int
	Preview *PublishResult
}

// PreviewCatalogueEdit applies an edit to the current catalogue file and
// previews its publication (nothing is stored). A stale BasedOn is a
// conflict. When the edited file is invalid, the result holds the file and
// the task's index and the error holds the problems. The caller must be
// allowed to publish (access.Publish).
func (a *CatalogueService) PreviewCatalogueEdit(ctx context.Context, by *Identity, programmeKey string, e CatalogueEdit) (*CatalogueEditResult, error) {
	if err := checkPublish(by); err != nil {
		return nil, err
	}
	f, err := a.CatalogueFile(ctx, by, programmeKey)
	if err != nil {
		return nil, err
	}
	if e.BasedOn != f.Version {
		return nil, &Error{Code: CodeConflict, Message: fmt.Sprintf(
			"kataloget er udgivet i version %d, siden du åbnede formularen på version %d; din ændring er ikke gemt – åbn opgaven igen og gentag den", f.Version, e.BasedOn)}
	}
	e.Task.Key = strings.TrimSpace(e.Task.Key)
	res := &CatalogueEditResult{Name: f.Name, BasedOn: f.Version, Index: -1}
	switch {
	case e.Remove:
		if f.Task(e.Task.Key) == nil {
			return nil, notFound("kataloget har ingen aktiv opgave med nøglen %q", e.Task.Key)
		}
		res.Source, err = catalogue.RemoveTask(f.Source, e.Task.Key)
	case e.New && f.Task(e.Task.Key) != nil:
		return nil, invalidField("key", "nøglen %q er allerede brugt af opgaven %q; vælg en anden", e.Task.Key, f.Task(e.Task.Key).Title)
	case e.New && e.Task.Key == "":
		return nil, invalidField("key", "angiv en nøgle, fx %s-ps-99", f.Programme.Key)
	default:
		if !e.New && f.Task(e.Task.Key) == nil && f.WithdrawnTask(e.Task.Key) == nil {
			return nil, notFound("kataloget har ingen opgave med nøglen %q", e.Task.Key)
		}
		res.Source, res.Index, err = catalogue.SetTask(f.Source, e.Task)
	}
	if err != nil {
		return nil, invalid("%s", err.Error())
	}
	res.Preview, err = a.PreviewPublish(ctx, by, f.Name, res.Source, programmeKey)
	return res, err
}

// TaskProblems picks the problems of an invalid edited file that concern
// task index, keyed by the task's field (start, depends_on, …); the others
// are returned apart (an edit can break another task, e.g. by removing a
// task it depends on).
func TaskProblems(err error, index int) (byField map[string]string, other []catalogue.Problem) {
	var e *Error
	if !errors.As(err, &e) {
		return nil, nil
	}
	byField = map[string]string{}
	prefix := fmt.Sprintf("tasks[%d].", index)
	for _, p := range e.Problems {
		if index >= 0 && strings.HasPrefix(p.Field, prefix) {
			field, _, _ := strings.Cut(strings.TrimPrefix(p.Field, prefix), "[")
			field, _, _ = strings.Cut(field, ".")
			if byField[field] == "" {
				byField[field] = p.Message
			} else {
				byField[field] += "; " + p.Message
			}
			continue
		}
		other = append(other, p)
	}
	return byField, other
}

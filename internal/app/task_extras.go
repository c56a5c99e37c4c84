package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/attach"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// TaskExtras is what the task page shows beside the task itself: the
// catalogue's checklist with this instance's ticks, the catalogue's links,
// the links the municipality or institution added, and attached documents.
type TaskExtras struct {
	Checklist      []model.ChecklistEntry `json:"checklist"`
	CatalogueLinks []model.Link           `json:"catalogue_links"`
	Links          []model.TaskLink       `json:"links"`
	Documents      []model.TaskDocument   `json:"documents"`
}

// TaskExtras returns a task instance's checklist, links and documents.
func (a *TaskService) TaskExtras(ctx context.Context, by *Identity, id int64) (TaskExtras, error) {
	if err := a.allowTask(ctx, by, id); err != nil {
		return TaskExtras{}, err
	}
	var x TaskExtras
	err := a.read(ctx, func(tx *store.Tx) error {
		var err error
		x, err = taskExtras(ctx, tx, id)
		return err
	})
	return x, err
}

func taskExtras(ctx context.Context, tx *store.Tx, id int64) (TaskExtras, error) {
	items, links, err := tx.CatalogueExtras(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return TaskExtras{}, notFound("opgave %d findes ikke", id)
	} else if err != nil {
		return TaskExtras{}, err
	}
	ticks, err := tx.ChecklistTicks(ctx, id)
	if err != nil {
		return TaskExtras{}, err
	}
	x := TaskExtras{Checklist: make([]model.ChecklistEntry, len(items)), CatalogueLinks: append([]model.Link{}, links...)}
	for i, it := range items {
		x.Checklist[i].ChecklistItem = it
		if tk, ok := ticks[it.Key]; ok {
			x.Checklist[i].Done, x.Checklist[i].DoneBy, x.Checklist[i].DoneAt = true, tk.By, tk.At
		}
	}
	if x.Links, err = tx.TaskLinks(ctx, id); err != nil {
		return x, err
	}
	if x.Documents, err = tx.Documents(ctx, id); err != nil {
		return x, err
	}
	if x.Links == nil {
		x.Links = []model.TaskLink{}
	}
	if x.Documents == nil {
		x.Documents = []model.TaskDocument{}
	}
	return x, nil
}

// ChecklistDone counts, for instances of one catalogue task (such as a
// task's instances at every school), the ticked items of its current
// checklist.
func (a *TaskService) ChecklistDone(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	err := a.read(ctx, func(tx *store.Tx) error {
		items, _, err := tx.CatalogueExtras(ctx, ids[0])
		if err != nil || len(items) == 0 {
			return err
		}
		current := map[string]bool{}
		for _, it := range items {
			current[it.Key] = true
		}
		ticked, err := tx.TickedKeys(ctx, ids)
		if err != nil {
			return err
		}
		for id, keys := range ticked {
			for _, k := range keys {
				if current[k] {
					out[id]++
				}
			}
		}
		return nil
	})
	return out, err
}

// ChecklistTick ticks (Done) or unticks one checklist item. Version is the
// task version the user saw, as for a status change.
type ChecklistTick struct {
	Done    bool `json:"done"`
	Version int  `json:"version"`
}

// ChecklistResult is a task's checklist after a tick, with the task's new version.
type ChecklistResult struct {
	Version   int                    `json:"version"`
	Checklist []model.ChecklistEntry `json:"checklist"`
}

// changeable loads an instance's state for a change of its extras by by:
// it must exist, not be withdrawn, and by must be allowed to change it
// (access.ChangeTask).
func changeable(ctx context.Context, tx *store.Tx, by *Identity, id int64) (store.StatusState, error) {
	states, err := tx.StatusStates(ctx, []int64{id})
	if err != nil {
		return store.StatusState{}, err
	}
	x, ok := states[id]
	if !ok {
		return x, notFound("opgave %d findes ikke", id)
	}
	if err := checkChangeTask(ctx, tx, by, id); err != nil {
		return x, err
	}
	if x.Withdrawn {
		return x, invalid("opgave %d er trukket tilbage fra kataloget og kan ikke ændres", id)
	}
	return x, nil
}

// SetChecklistItem ticks or unticks the item with key on task id: SetChecklist for one item.
func (a *TaskService) SetChecklistItem(ctx context.Context, by *Identity, id int64, key string, tick ChecklistTick) (ChecklistResult, error) {
	return a.SetChecklist(ctx, by, id, map[string]bool{key: tick.Done}, tick.Version)
}

// SetChecklist sets the ticks of the given checklist items (key → done) on
// task id in one transaction, with one history entry per item that
// changes. Ticks are optimistic like status changes: a stale version is
// refused with a conflict and nothing changes; a change bumps the version
// once. An item already in the wanted state is left alone; if none
// changes, neither does the version. A key the task's checklist does not
// have (the catalogue may have changed since the page was read) is refused.
func (a *TaskService) SetChecklist(ctx context.Context, by *Identity, id int64, want map[string]bool, version int) (ChecklistResult, error) {
	actor := actorOf(by)
	if version <= 0 {
		return ChecklistResult{}, &Error{Code: CodeInvalid, Field: "version", Message: fmt.Sprintf("opgave %d: version mangler: send den version af opgaven, du har set", id)}
	}
	var res ChecklistResult
	err := a.write(ctx, func(tx *store.Tx) error {
		x, err := changeable(ctx, tx, by, id)
		if err != nil {
			return err
		}
		items, _, err := tx.CatalogueExtras(ctx, id)
		if err != nil {
			return err
		}
		known := map[string]bool{}
		for _, it := range items {
			known[it.Key] = true
		}
		for key := range want {
			if !known[key] {
				return &Error{Code: CodeNotFound, Field: "item", Message: fmt.Sprintf("opgave %d har intet tjeklistepunkt %q; kataloget kan være ændret – hent opgaven igen", id, key)}
			}
		}
		if x.Version != version {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf(
				"opgave %d er ændret af en anden siden du hentede den (version %d, du sendte %d); hent den igen", id, x.Version, version)}
		}
		res.Version = x.Version
		var events []model.StatusEvent
		for _, it := range items { // in checklist order, for a readable history
			done, listed := want[it.Key]
			if !listed {
				continue
			}
			changed, err := tx.SetTick(ctx, id, it.Key, done, actor)
			if err != nil {
				return err
			}
			if changed {
				what := model.EventUndone
				if done {
					what = model.EventDone
				}
				events = append(events, model.StatusEvent{InstanceID: id, Actor: actor, Kind: model.EventChecklist, To: what, Comment: it.Text})
			}
		}
		if len(events) > 0 {
			if err := tx.BumpVersion(ctx, id, x.Version); err != nil {
				if errors.Is(err, store.ErrConflict) {
					return &Error{Code: CodeConflict, Message: fmt.Sprintf("opgave %d er ændret af en anden i samme øjeblik; hent den igen", id), Err: err}
				}
				return err
			}
			res.Version++
			if err := tx.AppendEvents(ctx, events); err != nil {
				return err
			}
		}
		x2, err := taskExtras(ctx, tx, id)
		res.Checklist = x2.Checklist
		return err
	})
	return res, err
}

// Per task, at most this many documents and links (not counting deleted
// ones): a task page is not an archive.
const (
	MaxDocumentsPerTask = 50
	MaxLinksPerTask     = 50
)

// AddDocument attaches a file to task id and records it in the history.
// The file's name and content are checked by package attach.
func (a *TaskService) AddDocument(ctx context.Context, by *Identity, id int64, name string, content []byte) (model.TaskDocument, error) {
	actor := actorOf(by)
	clean, err := attach.Name(name)
	if err != nil {
		return model.TaskDocument{}, &Error{Code: CodeInvalid, Field: "file", Message: err.Error()}
	}
	ctype, err := attach.Check(clean, content)
	if err != nil {
		return model.TaskDocument{}, &Error{Code: CodeInvalid, Field: "file", Message: err.Error()}
	}
	d := model.TaskDocument{Name: clean, ContentType: ctype}
	err = a.write(ctx, func(tx *store.Tx) error {
		if _, err := changeable(ctx, tx, by, id); err != nil {
			return err
		}
		if ds, err := tx.Documents(ctx, id); err != nil {
			return err
		} else if len(ds) >= MaxDocumentsPerTask {
			return &Error{Code: CodeInvalid, Field: "file", Message: fmt.Sprintf("opgaven har allerede %d dokumenter, som er det højeste antal; slet nogle, før du vedhæfter %q", len(ds), clean)}
		}
		if err := tx.InsertDocument(ctx, id, &d, content, actor); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, []model.StatusEvent{{InstanceID: id, Actor: actor, Kind: model.EventDocument, To: model.EventAdded, Comment: clean}})
	})
	return d, err
}

// Document returns document docID of task id with its content.
func (a *TaskService) Document(ctx context.Context, by *Identity, id, docID int64) (model.TaskDocument, []byte, error) {
	if err := a.allowTask(ctx, by, id); err != nil {
		return model.TaskDocument{}, nil, err
	}
	var d model.TaskDocument
	var content []byte
	err := a.read(ctx, func(tx *store.Tx) error {
		var err error
		d, content, err = tx.Document(ctx, id, docID)
		if errors.Is(err, store.ErrNotFound) {
			return &Error{Code: CodeNotFound, Field: "doc", Message: fmt.Sprintf("opgave %d har intet dokument %d (det kan være slettet)", id, docID)}
		}
		return err
	})
	return d, content, err
}

// DeleteDocument deletes document docID of task id softly (it no longer
// shows or downloads, but stays in the database) and records it in the history.
func (a *TaskService) DeleteDocument(ctx context.Context, by *Identity, id, docID int64) error {
	actor := actorOf(by)
	return a.write(ctx, func(tx *store.Tx) error {
		if _, err := changeable(ctx, tx, by, id); err != nil {
			return err
		}
		d, err := tx.DeleteDocument(ctx, id, docID, actor)
		if errors.Is(err, store.ErrNotFound) {
			return &Error{Code: CodeNotFound, Field: "doc", Message: fmt.Sprintf("opgave %d har intet dokument %d (det kan allerede være slettet)", id, docID)}
		} else if err != nil {
			return err
		}
		return tx.AppendEvents(ctx, []model.StatusEvent{{InstanceID: id, Actor: actor, Kind: model.EventDocument, To: model.EventRemoved, Comment: d.Name}})
	})
}

// NewTaskLink is a link to add to a task instance.
type NewTaskLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// AddTaskLink adds a link to task id and records it in the history.
func (a *TaskService) AddTaskLink(ctx context.Context, by *Identity, id int64, in NewTaskLink) (model.TaskLink, error) {
	actor := actorOf(by)
	l := model.TaskLink{Title: strings.TrimSpace(in.Title), URL: strings.TrimSpace(in.URL)}
	if err := model.CheckLinkTitle(l.Title); err != nil {
		return l, &Error{Code: CodeInvalid, Field: "title", Message: "linkets " + err.Error()}
	}
	if err := model.CheckLinkURL(l.URL); err != nil {
		return l, &Error{Code: CodeInvalid, Field: "url", Message: "linkets " + err.Error()}
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		if _, err := changeable(ctx, tx, by, id); err != nil {
			return err
		}
		if ls, err := tx.TaskLinks(ctx, id); err != nil {
			return err
		} else if len(ls) >= MaxLinksPerTask {
			return &Error{Code: CodeInvalid, Field: "url", Message: fmt.Sprintf("opgaven har allerede %d links, som er det højeste antal; fjern nogle først", len(ls))}
		}
		if err := tx.InsertTaskLink(ctx, id, &l, actor); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, []model.StatusEvent{{InstanceID: id, Actor: actor, Kind: model.EventLink, To: model.EventAdded, Comment: l.Title}})
	})
	return l, err
}

// DeleteTaskLink deletes link linkID of task id softly and records it in the history.
func (a *TaskService) DeleteTaskLink(ctx context.Context, by *Identity, id, linkID int64) error {
	actor := actorOf(by)
	return a.write(ctx, func(tx *store.Tx) error {
		if _, err := changeable(ctx, tx, by, id); err != nil {
			return err
		}
		l, err := tx.DeleteTaskLink(ctx, id, linkID, actor)
		if errors.Is(err, store.ErrNotFound) {
			return &Error{Code: CodeNotFound, Field: "link", Message: fmt.Sprintf("opgave %d har intet link %d (det kan allerede være slettet)", id, linkID)}
		} else if err != nil {
			return err
		}
		return tx.AppendEvents(ctx, []model.StatusEvent{{InstanceID: id, Actor: actor, Kind: model.EventLink, To: model.EventRemoved, Comment: l.Title}})
	})
}

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// MaxCommentLength bounds a status comment.
const MaxCommentLength = 4000

// StatusChange is a request to change a task instance's status. Version is
// the instance version the user saw; a stale one is refused.
type StatusChange struct {
	Status  model.Status `json:"status"`
	Comment string       `json:"comment"`
	Version int          `json:"version"`
}

// SetStatus changes a task instance's status and appends it to the history.
func (a *App) SetStatus(ctx context.Context, id int64, ch StatusChange, actor string) (TaskView, error) {
	if ch.Version <= 0 {
		return TaskView{}, invalid("version mangler: send den version af opgaven, du har set")
	}
	ch.Comment = strings.TrimSpace(ch.Comment)
	if utf8.RuneCountInString(ch.Comment) > MaxCommentLength {
		return TaskView{}, invalid("kommentaren er for lang (højst %d tegn)", MaxCommentLength)
	}
	var view TaskView
	err := a.write(ctx, func(tx *store.Tx) error {
		x, err := tx.Instance(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("opgave %d findes ikke", id)
		} else if err != nil {
			return err
		}
		if x.Withdrawn {
			return invalid("opgave %d er trukket tilbage fra kataloget og kan ikke ændres", id)
		}
		if x.Version != ch.Version {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf(
				"opgaven er ændret af en anden siden du hentede den (version %d, du sendte %d); hent den igen", x.Version, ch.Version)}
		}
		if err := model.CheckTransition(x.Type, x.Status, ch.Status); err != nil {
			return invalid("%v", err)
		}
		if err := tx.SetStatus(ctx, id, ch.Version, ch.Status, ch.Comment, actor); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return &Error{Code: CodeConflict, Message: "opgaven er ændret af en anden i samme øjeblik; hent den igen", Err: err}
			}
			return err
		}
		ev := model.StatusEvent{InstanceID: id, Actor: actor, Kind: model.EventStatus, From: x.Status, To: ch.Status, Comment: ch.Comment}
		if err := tx.AppendEvents(ctx, []model.StatusEvent{ev}); err != nil {
			return err
		}
		x, err = tx.Instance(ctx, id)
		if err != nil {
			return err
		}
		view, err = a.taskView(ctx, tx, x, a.Today())
		return err
	})
	return view, err
}

// Task returns one task instance with its colour as of asof and its history.
func (a *App) Task(ctx context.Context, id int64, asof model.Date) (TaskView, []model.StatusEvent, error) {
	var view TaskView
	var history []model.StatusEvent
	err := a.read(ctx, func(tx *store.Tx) error {
		x, err := tx.Instance(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("opgave %d findes ikke", id)
		} else if err != nil {
			return err
		}
		if view, err = a.taskView(ctx, tx, x, asof); err != nil {
			return err
		}
		history, err = tx.History(ctx, id)
		return err
	})
	return view, history, err
}

func (a *App) taskView(ctx context.Context, tx *store.Tx, x model.TaskInstance, asof model.Date) (TaskView, error) {
	plan, err := tx.PlanByID(ctx, x.PlanID)
	if err != nil {
		return TaskView{}, err
	}
	progs, err := tx.Programmes(ctx)
	if err != nil {
		return TaskView{}, err
	}
	for _, p := range progs {
		if p.ID == plan.ProgrammeID {
			v := a.colourTask(x, asof, a.cal.WarnUntil(asof, p.WarningDays))
			v.Programme, v.Municipality = p.Key, plan.Municipality.Code
			v.MunicipalityName = plan.Municipality.Name
			return v, nil
		}
	}
	return TaskView{}, fmt.Errorf("plan %d has no programme", plan.ID)
}

package app

import (
	"context"
	"errors"
	"fmt"

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
// It is BulkSetStatus for one task, so both follow the same rules, and the
// caller must be allowed to change the task (access.ChangeTask).
func (a *TaskService) SetStatus(ctx context.Context, by *Identity, id int64, ch StatusChange) (TaskView, error) {
	sets, err := statusSets([]StatusUpdate{{ID: id, StatusChange: ch}})
	if err != nil {
		return TaskView{}, err
	}
	// The answer is read in the transaction that writes, so it is this
	// change as written, never a concurrent writer's that committed after it.
	var view TaskView
	err = a.write(ctx, func(tx *store.Tx) error {
		if err := checkChangeTasks(ctx, tx, by, []int64{id}); err != nil {
			return err
		}
		if err := setStatuses(ctx, tx, sets, actorOf(by)); err != nil {
			return err
		}
		x, err := tx.Instance(ctx, id)
		if err != nil {
			return err
		}
		view, err = a.taskView(ctx, tx, x, a.Today())
		return err
	})
	return view, err
}

// Task returns one task instance with its colour as of asof and its
// history, if the caller may see it (access.ViewTask).
func (a *TaskService) Task(ctx context.Context, by *Identity, id int64, asof model.Date) (TaskView, []model.StatusEvent, error) {
	var view TaskView
	var history []model.StatusEvent
	err := a.read(ctx, func(tx *store.Tx) error {
		if err := checkViewTask(ctx, tx, by, id); err != nil {
			return err
		}
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

func (a *TaskService) taskView(ctx context.Context, tx *store.Tx, x model.TaskInstance, asof model.Date) (TaskView, error) {
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

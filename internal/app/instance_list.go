package app

import (
	"context"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/paging"
	"github.com/udrul/udrul/internal/store"
)

// InstanceItem is one task instance in a list across municipalities, with
// its colour in words too.
type InstanceItem struct {
	TaskView
	Wave       int        `json:"wave"`
	GoLive     model.Date `json:"golive"`
	ColourText string     `json:"colour_text"`
}

// InstancePage is a page of a programme's task instances across
// municipalities (paging.Query's filters, keyset-paged by end date).
type InstancePage struct {
	Programme string         `json:"programme"`
	Asof      model.Date     `json:"asof"`
	WarnUntil model.Date     `json:"warn_until"`
	Items     []InstanceItem `json:"items"`
	Page      paging.Info    `json:"page"`
}

// TaskInstances pages a programme's live task instances in every
// municipality, filtered by q, soonest end date first. "Open critical tasks
// past their end date, all municipalities, first 100" is
// type=kritisk&colour=red&limit=100.
func (a *FollowUpService) TaskInstances(ctx context.Context, by *Identity, programmeKey string, asof model.Date, q paging.Query) (*InstancePage, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var v *InstancePage
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		v, err = a.instancePage(ctx, tx, prog, asof, q)
		return err
	})
	return v, err
}

func (a *core) instancePage(ctx context.Context, tx *store.Tx, prog catalogue.Programme, asof model.Date, q paging.Query) (*InstancePage, error) {
	warn := a.cal.WarnUntil(asof, prog.WarningDays)
	rows, info, err := tx.ListInstances(ctx, prog.ID, q, asof, warn)
	if err != nil {
		return nil, err
	}
	v := &InstancePage{Programme: prog.Key, Asof: asof, WarnUntil: warn, Items: make([]InstanceItem, 0, len(rows)), Page: info}
	for _, r := range rows {
		tv := a.colourTask(r.TaskInstance, asof, warn)
		tv.Programme, tv.Municipality, tv.MunicipalityName = prog.Key, r.Municipality, r.MunicipalityName
		v.Items = append(v.Items, InstanceItem{TaskView: tv, Wave: r.Wave, GoLive: r.GoLive, ColourText: tv.Colour.Label()})
	}
	return v, nil
}

// TaskAcross is one catalogue task's status in every municipality of a
// programme: the task, its instances' colours counted over all
// municipalities (as filtered), and a page of its instances.
type TaskAcross struct {
	Task   model.CatalogueTask `json:"task"`
	Counts model.Counts        `json:"counts"`
	InstancePage
}

// TaskAcrossMunicipalities returns catalogue task taskKey's instances in
// every municipality as of asof, filtered and paged by q (its task filter
// is set to taskKey). A task not in the catalogue is not found.
func (a *FollowUpService) TaskAcrossMunicipalities(ctx context.Context, by *Identity, programmeKey, taskKey string, asof model.Date, q paging.Query) (*TaskAcross, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var v *TaskAcross
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		tasks, err := tx.CatalogueTasks(ctx, prog.ID)
		if err != nil {
			return err
		}
		var task *store.CatalogueTask
		for i := range tasks {
			if tasks[i].Key == taskKey && tasks[i].WithdrawnVersion == 0 {
				task = &tasks[i]
			}
		}
		if task == nil {
			return notFound("opgaven %q findes ikke i programmet %q", taskKey, programmeKey)
		}
		q.Tasks = []string{taskKey}
		page, err := a.instancePage(ctx, tx, prog, asof, q)
		if err != nil {
			return err
		}
		counts, err := tx.InstanceColours(ctx, prog.ID, q, asof, page.WarnUntil)
		if err != nil {
			return err
		}
		v = &TaskAcross{Task: task.CatalogueTask, Counts: counts, InstancePage: *page}
		return nil
	})
	return v, err
}

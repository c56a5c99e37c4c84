package app

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// Tasks before enrolment ("før tilmelding", docs/before-enrolment.md): a
// municipality enrolled late has tasks whose end lies before the day it was
// enrolled. They carry no red or yellow light (model.PlanTaskColour) and are
// listed apart until the coordinator or project lead settles them in bulk,
// as fuldført or ikke relevant, each with a history entry.

// BeforeEnrolmentTask is one task instance that ended before enrolment.
type BeforeEnrolmentTask struct {
	ID            int64          `json:"id"`
	Key           string         `json:"key"`
	Title         string         `json:"title"`
	Phase         string         `json:"phase"`
	Type          model.TaskType `json:"type"`
	Institution   string         `json:"institution,omitempty"`
	Start         model.Date     `json:"start"`
	End           model.Date     `json:"end"`
	Status        model.Status   `json:"status"`
	StatusAt      time.Time      `json:"status_at,omitzero"`
	StatusBy      string         `json:"status_by,omitempty"`
	StatusComment string         `json:"status_comment,omitempty"`
	Version       int            `json:"version"`
}

// BeforeEnrolmentView lists a plan's tasks before enrolment: those still
// to be settled and those settled.
type BeforeEnrolmentView struct {
	Programme        string                `json:"programme"`
	ProgrammeName    string                `json:"programme_name"`
	Municipality     string                `json:"municipality"`
	MunicipalityName string                `json:"municipality_name"`
	MunicipalityID   int64                 `json:"-"`
	EnrolledOn       model.Date            `json:"enrolled_on"`
	Open             []BeforeEnrolmentTask `json:"open"`
	Settled          []BeforeEnrolmentTask `json:"settled"`
}

// Settlement settles tasks before enrolment in bulk.
type Settlement struct {
	IDs     []int64      `json:"ids"`
	Status  model.Status `json:"status"` // fuldfoert or ikke_relevant
	Comment string       `json:"comment"`
}

// BeforeEnrolment returns the plan's tasks before enrolment (withdrawn
// tasks left out), by end date.
func (a *PlanService) BeforeEnrolment(ctx context.Context, by *Identity, programmeKey, code string) (*BeforeEnrolmentView, error) {
	var v *BeforeEnrolmentView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.programmePlan(ctx, tx, by, programmeKey, code, ruleViewMunicipality)
		if err != nil {
			return err
		}
		insts, err := tx.InstancesOfPlan(ctx, plan.ID)
		if err != nil {
			return err
		}
		v = &BeforeEnrolmentView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, MunicipalityID: plan.Municipality.ID, EnrolledOn: plan.EnrolledOn,
			Open: []BeforeEnrolmentTask{}, Settled: []BeforeEnrolmentTask{}}
		for _, x := range insts {
			if x.Withdrawn || !model.BeforeEnrolment(x.End, plan.EnrolledOn) {
				continue
			}
			t := BeforeEnrolmentTask{ID: x.ID, Key: x.Key, Title: x.Title, Phase: x.Phase, Type: x.Type, Institution: x.InstitutionName,
				Start: x.Start, End: x.End, Status: x.Status, StatusAt: x.StatusAt, StatusBy: x.StatusBy, StatusComment: x.StatusComment, Version: x.Version}
			if model.Unsettled(x.Status, x.End, plan.EnrolledOn) {
				v.Open = append(v.Open, t)
			} else {
				v.Settled = append(v.Settled, t)
			}
		}
		return nil
	})
	return v, err
}

// CountBeforeEnrolment is how many of a plan's tasks before enrolment are
// still to be settled (the plan page links the list while there are any).
func CountBeforeEnrolment(insts []model.TaskInstance, enrolled model.Date) int {
	n := 0
	for _, x := range insts {
		if !x.Withdrawn && model.Unsettled(x.Status, x.End, enrolled) {
			n++
		}
	}
	return n
}

// SettleBeforeEnrolment sets the status of the given tasks before
// enrolment to fuldført or ikke relevant in one transaction, with one
// history entry each; all or nothing. Only the municipality's project lead
// and the centre (access.ChangePlan) may. It returns how many were settled.
func (a *TaskService) SettleBeforeEnrolment(ctx context.Context, by *Identity, programmeKey, code string, s Settlement) (int, error) {
	if s.Status != model.Completed && s.Status != model.NotRelevant {
		return 0, &Error{Code: CodeInvalid, Field: "status", Message: fmt.Sprintf(
			"status %q: vælg %q eller %q", s.Status, model.Completed.Label(), model.NotRelevant.Label())}
	}
	if len(s.IDs) == 0 {
		return 0, &Error{Code: CodeInvalid, Field: "ids", Message: "vælg mindst én opgave at afklare"}
	}
	if len(s.IDs) > MaxBulkStatus {
		return 0, &Error{Code: CodeInvalid, Field: "ids", Message: fmt.Sprintf("for mange opgaver på én gang (%d; højst %d)", len(s.IDs), MaxBulkStatus)}
	}
	comment := strings.TrimSpace(s.Comment)
	if utf8.RuneCountInString(comment) > MaxCommentLength {
		return 0, &Error{Code: CodeInvalid, Field: "comment", Message: fmt.Sprintf("kommentaren er for lang (højst %d tegn)", MaxCommentLength)}
	}
	history := "Afklaret: før tilmelding"
	if comment != "" {
		history += ". " + comment
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		if err := a.checkMunicipality(ctx, tx, by, code, true); err != nil {
			return err
		}
		plan, err := a.planOf(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		insts, err := tx.InstancesOfPlan(ctx, plan.ID)
		if err != nil {
			return err
		}
		byID := make(map[int64]model.TaskInstance, len(insts))
		for _, x := range insts {
			byID[x.ID] = x
		}
		seen := make(map[int64]bool, len(s.IDs))
		sets := make([]store.StatusSet, 0, len(s.IDs))
		events := make([]model.StatusEvent, 0, len(s.IDs))
		for _, id := range s.IDs {
			x, ok := byID[id]
			if !ok || x.Withdrawn {
				return &Error{Code: CodeInvalid, Field: "ids", Message: fmt.Sprintf("opgave %d hører ikke til planen for %s", id, plan.Municipality.Name)}
			}
			if seen[id] {
				return &Error{Code: CodeInvalid, Field: "ids", Message: fmt.Sprintf("opgave %d står flere gange", id)}
			}
			seen[id] = true
			if err := model.CheckSettlement(x.Status, x.End, plan.EnrolledOn, s.Status); err != nil {
				code := CodeInvalid
				if model.BeforeEnrolment(x.End, plan.EnrolledOn) {
					code = CodeConflict // settled by someone else meanwhile
				}
				return &Error{Code: code, Field: "ids", Message: fmt.Sprintf("%s: %v", x.Title, err)}
			}
			sets = append(sets, store.StatusSet{ID: id, ExpectedVersion: x.Version, Status: s.Status, Comment: history})
			events = append(events, model.StatusEvent{InstanceID: id, Actor: actorOf(by), Kind: model.EventStatus, From: x.Status, To: s.Status, Comment: history})
		}
		if err := tx.SetStatuses(ctx, sets, actorOf(by)); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, events)
	})
	if err != nil {
		return 0, err
	}
	return len(s.IDs), nil
}

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// EventDelegation is the history kind of a delegation (or its removal).
const EventDelegation = "delegering"

// TaskScope returns what the access policy needs to know about a task
// instance; ok is false when it does not exist.
func (a *TaskService) TaskScope(ctx context.Context, id int64) (access.Task, bool, error) {
	var s store.TaskScope
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		s, err = tx.TaskScopeOf(ctx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return access.Task{}, false, nil
	}
	if err != nil {
		return access.Task{}, false, err
	}
	return access.Task{MunicipalityID: s.MunicipalityID, InstitutionID: s.InstitutionID, Responsible: s.Responsible, DelegateID: s.DelegateID,
		AddOnSupplier: s.AddOnSupplier}, true, nil
}

// MunicipalityID returns the id of the municipality with code; ok is false
// when there is none.
func (a *TaskService) MunicipalityID(ctx context.Context, code string) (int64, bool, error) {
	var o model.Organisation
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		o, err = tx.OrganisationByCode(ctx, model.OrgMunicipality, code)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return 0, false, nil
	}
	return o.ID, err == nil, err
}

// Person is a user as others see them: for delegation lists and a task's
// executor.
type Person struct {
	ID           int64  `json:"-"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Organisation string `json:"organisation"`
	Role         string `json:"role"`
}

func personOf(u store.User) Person {
	return Person{ID: u.ID, Name: u.Name, Email: u.Email, Organisation: u.Org.Name, Role: u.Role}
}

// Delegation is who a task is delegated to, and whom the viewer may choose.
type Delegation struct {
	Delegate   *Person  `json:"delegate"`             // nil when not delegated
	CanChange  bool     `json:"-"`                    // the viewer may delegate this task
	Candidates []Person `json:"candidates,omitempty"` // when CanChange
}

// TaskDelegation returns who task id is delegated to and, if by may
// delegate it, the colleagues it can be delegated to.
func (a *TaskService) TaskDelegation(ctx context.Context, by *Identity, id int64) (Delegation, error) {
	var d Delegation
	err := a.read(ctx, func(tx *store.Tx) error {
		s, err := tx.TaskScopeOf(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("opgave %d findes ikke", id)
		} else if err != nil {
			return err
		}
		t := scopeTask(s)
		if s.DelegateID != 0 {
			u, err := tx.UserByID(ctx, s.DelegateID)
			if err != nil {
				return err
			}
			p := personOf(u)
			d.Delegate = &p
		}
		if by == nil || s.Withdrawn || !access.Delegate(by.Subject, t) {
			return nil
		}
		d.CanChange = true
		d.Candidates, err = candidates(ctx, tx, t)
		return err
	})
	return d, err
}

// checkChangeTask refuses a caller who may not change task id
// (access.ChangeTask), with the policy's reason.
func checkChangeTask(ctx context.Context, tx *store.Tx, by *Identity, id int64) error {
	if unrestricted(by) {
		return nil
	}
	s, err := tx.TaskScopeOf(ctx, id)
	if err != nil {
		return err
	}
	t := scopeTask(s)
	if !access.ViewTask(by.Subject, t) {
		return forbidden("%s", access.RefuseTask)
	}
	if !access.ChangeTask(by.Subject, t) {
		return forbidden("%s", access.RefuseChangeTask(by.Subject.Role))
	}
	return nil
}

func scopeTask(s store.TaskScope) access.Task {
	return access.Task{MunicipalityID: s.MunicipalityID, InstitutionID: s.InstitutionID, Responsible: s.Responsible, DelegateID: s.DelegateID,
		AddOnSupplier: s.AddOnSupplier}
}

func candidates(ctx context.Context, tx *store.Tx, t access.Task) ([]Person, error) {
	orgs := []int64{t.MunicipalityID}
	if t.InstitutionID != 0 {
		orgs = append(orgs, t.InstitutionID)
	}
	us, err := tx.UsersOfOrganisations(ctx, orgs...)
	if err != nil {
		return nil, err
	}
	out := []Person{}
	for _, u := range us {
		if access.DelegateTo(t, subjectOf(u.User)) {
			out = append(out, personOf(u))
		}
	}
	return out, nil
}

// DelegateToUser delegates task id to the colleague with the e-mail address, or
// takes the delegation back when email is empty. The delegate must work in
// the organisation that owns the task (access.DelegateTo); the change is
// written to the task's history.
func (a *TaskService) DelegateToUser(ctx context.Context, by *Identity, id int64, email string) (Delegation, error) {
	return a.DelegateToUserIf(ctx, by, id, email, nil)
}

// DelegateToUserIf is DelegateToUser for someone who saw the task delegated
// to current (an e-mail address; "" for nobody): if it has been delegated
// otherwise since, nothing changes and the error is a conflict, so that two
// people delegating at once do not silently undo each other. current nil
// skips the check.
func (a *TaskService) DelegateToUserIf(ctx context.Context, by *Identity, id int64, email string, current *string) (Delegation, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	err := a.write(ctx, func(tx *store.Tx) error {
		s, err := tx.TaskScopeOf(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("opgave %d findes ikke", id)
		} else if err != nil {
			return err
		}
		t := scopeTask(s)
		if !access.Delegate(by.Subject, t) {
			return forbidden("%s", access.RefuseDelegate)
		}
		if s.Withdrawn {
			return invalid("opgave %d er trukket tilbage fra kataloget og kan ikke uddelegeres", id)
		}
		if current != nil {
			if err := checkDelegate(ctx, tx, s.DelegateID, *current); err != nil {
				return err
			}
		}
		var comment string
		var to int64
		if email == "" {
			if s.DelegateID == 0 {
				return nil
			}
			old, err := tx.UserByID(ctx, s.DelegateID)
			if err != nil {
				return err
			}
			comment = "Delegering til " + old.Name + " ophævet"
		} else {
			u, err := tx.UserByEmail(ctx, email)
			if errors.Is(err, store.ErrNotFound) || (err == nil && !u.Active) {
				return invalid("der er ingen aktiv bruger med e-mailadressen %s", email)
			} else if err != nil {
				return err
			}
			if !access.DelegateTo(t, subjectOf(u.User)) {
				return invalid("%s (%s) arbejder ikke i den organisation, opgaven hører til, og kan ikke få den uddelegeret", u.Name, u.Org.Name)
			}
			if u.ID == s.DelegateID {
				return nil
			}
			to, comment = u.ID, "Delegeret til "+u.Name+" ("+u.Org.Name+")"
		}
		// Conditional on what was read, so a concurrent change is a conflict.
		if err := tx.SetDelegateIf(ctx, id, to, s.DelegateID); errors.Is(err, store.ErrConflict) {
			return &Error{Code: CodeConflict, Message: "delegeringen er ændret af en anden i mellemtiden; se den nuværende og vælg igen", Err: err}
		} else if err != nil {
			return err
		}
		return appendDelegationEvents(ctx, tx, []int64{id}, by.Actor(), comment)
	})
	if err != nil {
		return Delegation{}, err
	}
	return a.TaskDelegation(ctx, by, id)
}

// checkDelegate refuses with a conflict when the task is delegated to
// someone else than the caller saw (current: an e-mail address, "" for
// nobody).
func checkDelegate(ctx context.Context, tx *store.Tx, delegateID int64, current string) error {
	current = strings.ToLower(strings.TrimSpace(current))
	now := ""
	name := ""
	if delegateID != 0 {
		u, err := tx.UserByID(ctx, delegateID)
		if err != nil {
			return err
		}
		now, name = u.Email, u.Name
	}
	switch {
	case now == current:
		return nil
	case now == "":
		return &Error{Code: CodeConflict, Message: "delegeringen er ophævet af en anden i mellemtiden; se den nuværende og vælg igen"}
	}
	return &Error{Code: CodeConflict, Message: fmt.Sprintf("opgaven er i mellemtiden uddelegeret til %s af en anden; se den nuværende delegering og vælg igen", name)}
}

func appendDelegationEvents(ctx context.Context, tx *store.Tx, ids []int64, actor, comment string) error {
	if len(ids) == 0 {
		return nil
	}
	events := make([]model.StatusEvent, len(ids))
	for i, id := range ids {
		events[i] = model.StatusEvent{InstanceID: id, Actor: actor, Kind: EventDelegation, Comment: comment}
	}
	return tx.AppendEvents(ctx, events)
}

// MyTasks lists the live tasks delegated to the user, soonest deadline
// first, with their colours as of asof.
func (a *TaskService) MyTasks(ctx context.Context, userID int64, asof model.Date) ([]TaskView, error) {
	out := []TaskView{}
	err := a.read(ctx, func(tx *store.Tx) error {
		ds, err := tx.InstancesDelegatedTo(ctx, userID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			v := a.colourTask(d.TaskInstance, asof, a.cal.WarnUntil(asof, d.WarningDays))
			v.Programme, v.Municipality, v.MunicipalityName = d.ProgrammeKey, d.MunicipalityCode, d.MunicipalityName
			v.ProgrammeName = d.ProgrammeName
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

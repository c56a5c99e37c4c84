package app

import (
	"context"
	"errors"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// The use cases' side of the access policy: every use case that acts for a
// person takes their *Identity and asks package access about the object it
// reads, with the policy's own refusal text. A nil identity or System is
// udrul itself (command line, demo, digests), which the policy does not
// restrict (see allow).

// checkPublish refuses a caller who may not publish or edit a programme's
// catalogue (access.Publish).
func checkPublish(by *Identity) error { return allow(by, access.Publish, access.RefusePublish) }

// checkEnrol refuses a caller who may not enrol municipalities or plan
// waves (access.Enrol).
func checkEnrol(by *Identity) error { return allow(by, access.Enrol, access.RefuseEnrol) }

// checkNational refuses a caller who may not see every municipality
// (access.ViewNational).
func checkNational(by *Identity) error { return allow(by, access.ViewNational, access.RefuseNational) }

// checkViewMunicipality refuses a caller who may not see the municipality's
// data (access.ViewMunicipality).
func checkViewMunicipality(by *Identity, municipalityID int64) error {
	return allow(by, func(s access.Subject) bool { return access.ViewMunicipality(s, municipalityID) }, access.RefuseMunicipality)
}

// checkViewTask refuses a caller who may not see task id
// (access.ViewTask); a task that does not exist is not found.
func checkViewTask(ctx context.Context, tx *store.Tx, by *Identity, id int64) error {
	if unrestricted(by) {
		return nil
	}
	s, err := tx.TaskScopeOf(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("opgave %d findes ikke", id)
	} else if err != nil {
		return err
	}
	if !access.ViewTask(by.Subject, scopeTask(s)) {
		return forbidden("%s", access.RefuseTask)
	}
	return nil
}

// checkChangeTasks is checkChangeTask for each of ids; a task that does
// not exist is not found.
func checkChangeTasks(ctx context.Context, tx *store.Tx, by *Identity, ids []int64) error {
	if unrestricted(by) {
		return nil
	}
	for _, id := range ids {
		err := checkChangeTask(ctx, tx, by, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("opgave %d findes ikke", id)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// isCentral reports whether the caller sees the centre's working material
// (every municipality; wave-plan drafts): udrul itself, or a central role.
func isCentral(by *Identity) bool { return unrestricted(by) || by.Subject.Role.Central() }

// checkMunicipality refuses a caller who may not see municipality code
// (access.ViewMunicipality) or, with change, change its plan
// (access.ChangePlan). A code that names no municipality is let through:
// the use case answers that it is not found.
func (a *core) checkMunicipality(ctx context.Context, tx *store.Tx, by *Identity, code string, change bool) error {
	if unrestricted(by) {
		return nil
	}
	m, err := tx.OrganisationByCode(ctx, model.OrgMunicipality, code)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if err := checkViewMunicipality(by, m.ID); err != nil {
		return err
	}
	if change {
		return checkChangePlan(by, m.ID)
	}
	return nil
}

// allowMunicipality is checkMunicipality in a read of its own, for the
// read-only use cases of one municipality's data.
func (a *core) allowMunicipality(ctx context.Context, by *Identity, code string) error {
	if unrestricted(by) {
		return nil
	}
	return a.read(ctx, func(tx *store.Tx) error { return a.checkMunicipality(ctx, tx, by, code, false) })
}

// allowTask is checkViewTask in a read of its own.
func (a *core) allowTask(ctx context.Context, by *Identity, id int64) error {
	if unrestricted(by) {
		return nil
	}
	return a.read(ctx, func(tx *store.Tx) error { return checkViewTask(ctx, tx, by, id) })
}

// municipalityRule is a policy of package access about one municipality's
// data, with its refusal text.
type municipalityRule struct {
	may     func(s access.Subject, municipalityID int64) bool
	refusal string
}

var (
	ruleViewMunicipality = municipalityRule{access.ViewMunicipality, access.RefuseMunicipality}
	ruleDecideCheckpoint = municipalityRule{access.DecideCheckpoint, access.RefuseCheckpoint}
)

// registerRules are the rules of a municipality's register (benefits,
// people, readiness, risks): one to read it, a second to change it.
type registerRules struct{ view, change municipalityRule }

func (r registerRules) of(change bool) []municipalityRule {
	if change {
		return []municipalityRule{r.view, r.change}
	}
	return []municipalityRule{r.view}
}

// programmePlan is the one loader of the use cases that read or change one
// municipality's plan: the programme and the plan, after the caller has
// passed each rule for the plan's municipality. The rules are asked as soon
// as the municipality is known, so a caller who may not see it is refused
// before being told whether it is enrolled; a code or key that names
// nothing is not found.
func (a *core) programmePlan(ctx context.Context, tx *store.Tx, by *Identity, programmeKey, code string, rules ...municipalityRule) (catalogue.Programme, store.Plan, error) {
	muni, merr := tx.OrganisationByCode(ctx, model.OrgMunicipality, code)
	switch {
	case merr == nil:
		for _, r := range rules {
			if err := allow(by, func(s access.Subject) bool { return r.may(s, muni.ID) }, r.refusal); err != nil {
				return catalogue.Programme{}, store.Plan{}, err
			}
		}
	case !errors.Is(merr, store.ErrNotFound):
		return catalogue.Programme{}, store.Plan{}, merr
	}
	prog, err := a.programme(ctx, tx, programmeKey)
	if err != nil {
		return prog, store.Plan{}, err
	}
	if merr != nil {
		_, err := a.municipality(ctx, tx, code) // its not-found message
		return prog, store.Plan{}, err
	}
	plan, err := tx.PlanOf(ctx, prog.ID, muni.ID)
	if errors.Is(err, store.ErrNotFound) {
		return prog, plan, notFound("kommune %s (%s) er ikke tilmeldt programmet %q", code, muni.Name, programmeKey)
	}
	return prog, plan, err
}

// planOf is programmePlan's plan, for a caller already checked.
func (a *core) planOf(ctx context.Context, tx *store.Tx, programmeKey, code string) (store.Plan, error) {
	_, plan, err := a.programmePlan(ctx, tx, nil, programmeKey, code)
	return plan, err
}

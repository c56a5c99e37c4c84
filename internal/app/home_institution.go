package app

import (
	"context"

	"github.com/udrul/udrul/internal/people"
	"github.com/udrul/udrul/internal/store"
)

// The institution coordinator's (tovholder's) part of the start page: the
// progress of each of the institution's checklists and, per programme that
// reaches the institution, who holds its roles and its super-users against
// the need (the people register, people.go).

// ChecklistProgress is how many of a task's checklist items are ticked.
type ChecklistProgress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// InstitutionRoster is one programme's people register as far as it
// concerns one institution.
type InstitutionRoster struct {
	Programme     string `json:"programme"`
	ProgrammeName string `json:"programme_name"`
	// Sizing is the institution's line of the register: its super-users
	// against its need.
	Sizing InstitutionPeople `json:"sizing"`
	// People hold a role at the institution; Roles are only those roles.
	People []people.Entry `json:"people"`
}

// checklistProgress counts the checklist items and ticks of each task.
// Tasks without a checklist are left out.
func (a *HomeService) checklistProgress(ctx context.Context, ids []int64) (map[int64]ChecklistProgress, error) {
	out := map[int64]ChecklistProgress{}
	if len(ids) == 0 {
		return out, nil
	}
	err := a.read(ctx, func(tx *store.Tx) error {
		ticked, err := tx.TickedKeys(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			items, _, err := tx.CatalogueExtras(ctx, id)
			if err != nil {
				return err
			}
			if len(items) == 0 {
				continue
			}
			on := map[string]bool{}
			for _, k := range ticked[id] {
				on[k] = true
			}
			p := ChecklistProgress{Total: len(items)}
			for _, it := range items {
				if on[it.Key] {
					p.Done++
				}
			}
			out[id] = p
		}
		return nil
	})
	return out, err
}

// institutionRoster is the programme's register narrowed to the
// institution with code; ok is false if the programme does not reach it.
func (a *HomeService) institutionRoster(ctx context.Context, id *Identity, programmeKey, municipality, code string) (r InstitutionRoster, ok bool, err error) {
	v, err := a.PeopleRegister(ctx, id, programmeKey, municipality)
	if err != nil {
		return r, false, err
	}
	r = InstitutionRoster{Programme: v.Programme, ProgrammeName: v.ProgrammeName, People: []people.Entry{}}
	for _, i := range v.Institutions {
		if i.Code == code {
			r.Sizing, ok = i, true
		}
	}
	if !ok {
		return r, false, nil
	}
	for _, p := range v.People {
		var roles []people.RoleEntry
		for _, x := range p.Roles {
			if x.Institution == code {
				roles = append(roles, x)
			}
		}
		if roles != nil {
			p.Roles = roles
			r.People = append(r.People, p)
		}
	}
	return r, true, nil
}

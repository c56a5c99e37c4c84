package app

import (
	"context"
	"sort"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// HomeHorizonDays is how far ahead a municipal user's start page looks for
// deadlines: two weeks, the span a project lead plans the next steps in.
const HomeHorizonDays = 14

// homeMaxNext caps the start page's list of tasks that need attention; the
// rest are counted and reached through the plan (a municipality deep in red
// would otherwise get a page of hundreds of rows).
const homeMaxNext = 25

// MunicipalHome is what a municipal or institution user starts from: their
// municipality's plans in every programme and the tasks that need them next.
type MunicipalHome struct {
	Municipality model.Organisation
	// Institution is a tovholder's school or day-care unit; zero for
	// municipal users.
	Institution model.Organisation
	Asof, Until model.Date
	Plans       []PlanSummary
	// ProgrammeNames names the programmes by key, for the task lists.
	ProgrammeNames map[string]string
	// Next are open tasks that are red or yellow or end by Until, soonest
	// deadline first: the municipality's own tasks for municipal users, the
	// institution's for a tovholder. More counts those left out.
	Next []TaskView
	More int
	// InstitutionNext counts the municipality's institutions' tasks that need
	// attention (their tovholders work on them; the project lead follows up
	// through the plan). Zero for a tovholder.
	InstitutionNext int
	// InstitutionTasks are all of a tovholder's institution's tasks, soonest
	// deadline first; Checklists the progress of those with a checklist.
	InstitutionTasks []TaskView
	Checklists       map[int64]ChecklistProgress
	// People are, per programme that reaches a tovholder's institution,
	// who holds its roles and its super-users against the need.
	People []InstitutionRoster
	// Delegated are the live tasks delegated to the user.
	Delegated []TaskView
	// Hearings are wave plan versions in hearing that place the
	// municipality: its project lead answers them.
	Hearings []WaveMunicipalityView
}

// HomeOf returns the start page of a municipal or institution user as of
// asof. Central users have no municipality; their start page is the
// programmes' national views, and HomeOf answers nil for them.
func (a *HomeService) HomeOf(ctx context.Context, id *Identity, asof model.Date) (*MunicipalHome, error) {
	sub := id.Subject
	if sub.Role.Central() || sub.MunicipalityID == 0 {
		return nil, nil
	}
	h := &MunicipalHome{Asof: asof, Until: asof.AddDays(HomeHorizonDays), ProgrammeNames: map[string]string{}}
	var err error
	if h.Municipality, _, err = a.HomeMunicipality(ctx, id); err != nil {
		return nil, err
	}
	if sub.Role == access.Tovholder {
		// The identity carries the institution itself.
		h.Institution = id.User.Org
	}
	progs, err := a.Programmes(ctx)
	if err != nil {
		return nil, err
	}
	var next []TaskView
	for _, p := range progs {
		h.ProgrammeNames[p.Key] = p.Name
		// A wave plan places municipalities before they are enrolled.
		if err := a.addHearings(ctx, id, h, p.Key); err != nil {
			return nil, err
		}
		v, err := a.Plan(ctx, id, p.Key, h.Municipality.Code, asof)
		if ErrorCode(err) == CodeNotFound {
			continue // not enrolled in this programme
		} else if err != nil {
			return nil, err
		}
		h.Plans = append(h.Plans, v.Summary())
		reached := false // the programme has tasks at the tovholder's institution
		for _, t := range v.Tasks {
			mine := t.InstitutionID == 0
			if sub.Role == access.Tovholder {
				mine = t.InstitutionID == sub.OrgID
				if mine && !t.Withdrawn {
					h.InstitutionTasks = append(h.InstitutionTasks, t)
					reached = true
				}
			}
			if !model.NeedsAttention(t.TaskInstance, t.Colour, h.Until) {
				continue
			}
			switch {
			case mine:
				next = append(next, t)
			case t.InstitutionID != 0 && sub.Role != access.Tovholder:
				h.InstitutionNext++
			}
		}
		if reached {
			r, ok, err := a.institutionRoster(ctx, id, p.Key, h.Municipality.Code, h.Institution.Code)
			if err != nil {
				return nil, err
			}
			if ok {
				h.People = append(h.People, r)
			}
		}
	}
	sortViews(next)
	sortViews(h.InstitutionTasks)
	ids := make([]int64, len(h.InstitutionTasks))
	for i, t := range h.InstitutionTasks {
		ids[i] = t.ID
	}
	if h.Checklists, err = a.checklistProgress(ctx, ids); err != nil {
		return nil, err
	}
	if len(next) > homeMaxNext {
		h.More = len(next) - homeMaxNext
		next = next[:homeMaxNext]
	}
	h.Next = next
	if h.Delegated, err = a.MyTasks(ctx, sub.UserID, asof); err != nil {
		return nil, err
	}
	return h, nil
}

// sortViews orders task views soonest deadline first (model.DeadlineBefore).
func sortViews(vs []TaskView) {
	sort.SliceStable(vs, func(i, j int) bool { return model.DeadlineBefore(vs[i].TaskInstance, vs[j].TaskInstance) })
}

// HomeMunicipality is the municipality a municipal user or tovholder works
// in; ok is false for central users.
func (a *HomeService) HomeMunicipality(ctx context.Context, id *Identity) (m model.Organisation, ok bool, err error) {
	if id.Subject.Role.Central() || id.Subject.MunicipalityID == 0 {
		return m, false, nil
	}
	err = a.read(ctx, func(tx *store.Tx) (err error) {
		m, err = tx.OrganisationByID(ctx, id.Subject.MunicipalityID)
		return err
	})
	return m, err == nil, err
}

// addHearings adds the programme's wave plan versions in hearing that
// place h's municipality.
func (a *HomeService) addHearings(ctx context.Context, by *Identity, h *MunicipalHome, programmeKey string) error {
	// Listing the versions is udrul's own step (the list is the centre's);
	// what the user sees of each is WaveMunicipality, asked as them.
	vs, err := a.WaveVersions(ctx, nil, programmeKey)
	if err != nil {
		return err
	}
	for _, v := range vs {
		if v.State != model.WaveHearing {
			continue
		}
		w, err := a.WaveMunicipality(ctx, by, programmeKey, v.Number, h.Municipality.Code)
		if ErrorCode(err) == CodeNotFound {
			continue // the version does not place the municipality
		} else if err != nil {
			return err
		}
		h.Hearings = append(h.Hearings, *w)
	}
	return nil
}

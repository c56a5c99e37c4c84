package app

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/people"
	"github.com/udrul/udrul/internal/store"
)

// The people register (who holds each role in a municipality's project and
// at its institutions) and its sizing: rules in package people, storage in
// store/people.go, who may do what in access (ViewPeople, ChangePeople);
// docs/people.md.

// PeopleService is the people register (people.go).
type PeopleService struct {
	*core
}

// PersonInput is a new person with their first role.
type PersonInput struct {
	people.Person
	RoleInput
}

// RoleInput is a role to hold: in the municipality's project (no
// institution) or at one of its institutions (its code).
type RoleInput struct {
	Role        model.PersonRole `json:"role"`
	Institution string           `json:"institution"`
	Area        model.Area       `json:"area"`
}

// PersonUpdate is a person's changed contact details and the version read.
type PersonUpdate struct {
	people.Person
	Version int `json:"version"`
}

// InstitutionPeople is one institution's line of the register: its
// super-users against its need, and who holds its roles.
type InstitutionPeople struct {
	Code          string   `json:"code"`
	Name          string   `json:"name"`
	Category      string   `json:"category"`
	CategoryLabel string   `json:"category_label"`
	SuperUsers    int      `json:"super_users"`
	Needed        int      `json:"needed"`
	Missing       int      `json:"missing"`
	Tovholders    []string `json:"tovholders"`
}

// PeopleRegisterView is a municipality's people register with its sizing.
type PeopleRegisterView struct {
	Programme        string              `json:"programme"`
	ProgrammeName    string              `json:"programme_name"`
	Municipality     string              `json:"municipality"`
	MunicipalityName string              `json:"municipality_name"`
	Wave             int                 `json:"wave"`
	GoLive           model.Date          `json:"golive"`
	CanChange        bool                `json:"can_change"`
	People           []people.Entry      `json:"people"`
	Schools          int                 `json:"schools"`
	DaycareUnits     int                 `json:"daycare_units"`
	Needs            []people.Need       `json:"needs"`
	Needed           int                 `json:"needed"`
	Missing          int                 `json:"missing"`
	Institutions     []InstitutionPeople `json:"institutions"`
}

func peopleFieldError(err error) error {
	var fe *people.FieldError
	if errors.As(err, &fe) {
		return invalidField(fe.Field, "%s", fe.Message)
	}
	return err
}

var peopleRules = registerRules{view: municipalityRule{access.ViewPeople, access.RefusePeople}, change: municipalityRule{access.ChangePeople, access.RefuseChangePeople}}

// peoplePlan finds the plan of a municipality's register and checks the
// caller may read it (and with change, change it).
func (a *PeopleService) peoplePlan(ctx context.Context, tx *store.Tx, by *Identity, programmeKey, code string, change bool) (catalogue.Programme, store.Plan, error) {
	return a.programmePlan(ctx, tx, by, programmeKey, code, peopleRules.of(change)...)
}

// sizingCounts turns a municipality's role counts into the sizing's input.
func sizingCounts(schools, daycare int, counts []store.RoleCount) people.Counts {
	c := people.Counts{Schools: schools, DaycareUnits: daycare, Administrators: map[model.Area]int{}, AdminSuperUsers: map[model.Area]int{}}
	for _, x := range counts {
		switch {
		case x.InstitutionID == 0 && x.Role == model.RoleAdministrator:
			c.Administrators[x.Area] += x.Count
		case x.InstitutionID == 0 && x.Role == model.RoleAdminSuperUser:
			c.AdminSuperUsers[x.Area] += x.Count
		case x.InstitutionID != 0 && x.Role == model.RoleSuperUser && x.Category == "skole":
			c.SchoolSuperUsers += x.Count
		case x.InstitutionID != 0 && x.Role == model.RoleSuperUser && x.Category == "dagtilbud":
			c.DaycareSuperUsers += x.Count
		}
	}
	return c
}

// sized reports whether the programme's rollout reaches institutions, so
// seed 001's sizing applies (Samarbejdsplatformen; not KSD).
func sized(prog catalogue.Programme) bool { return prog.Institutions != "" }

// trackCounts is how many of the municipality's institutions the
// programme's track reaches: a schools programme sizes the schools' part
// (administrator, administrative super-users and super-users for
// schools), a day-care programme the day-care part.
func trackCounts(prog catalogue.Programme, byCategory map[string]int) (schools, daycare int) {
	switch prog.Institutions {
	case model.CategorySchool:
		return byCategory[model.CategorySchool], 0
	case model.CategoryDayCare:
		return 0, byCategory[model.CategoryDayCare]
	}
	return 0, 0
}

// PeopleRegister returns a municipality's register: its people with their
// roles, and (for a programme rolled out to institutions) the sizing of
// administrators and super-users from its institutions.
func (a *PeopleService) PeopleRegister(ctx context.Context, by *Identity, programmeKey, code string) (*PeopleRegisterView, error) {
	var v *PeopleRegisterView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.peoplePlan(ctx, tx, by, programmeKey, code, false)
		if err != nil {
			return err
		}
		ps, err := tx.People(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		v = &PeopleRegisterView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, Wave: plan.Wave, GoLive: plan.GoLive, People: ps,
			Needs: []people.Need{}, Institutions: []InstitutionPeople{}}
		v.CanChange = unrestricted(by) || access.ChangePeople(by.Subject, plan.Municipality.ID)
		// The programme's own kind of institution (skole or dagtilbud); all
		// of them for a programme that names none.
		insts, err := tx.Institutions(ctx, plan.Municipality.ID, prog.Institutions)
		if err != nil {
			return err
		}
		super, tov := map[int64]int{}, map[int64][]string{}
		for _, p := range ps {
			for _, r := range p.Roles {
				switch {
				case r.InstitutionID != 0 && r.Role == model.RoleSuperUser:
					super[r.InstitutionID]++
				case r.InstitutionID != 0 && r.Role == model.RoleTovholder:
					tov[r.InstitutionID] = append(tov[r.InstitutionID], p.Name)
				}
			}
		}
		for _, i := range insts {
			switch i.Category {
			case model.CategorySchool:
				v.Schools++
			case model.CategoryDayCare:
				v.DaycareUnits++
			}
			t := tov[i.ID]
			if t == nil {
				t = []string{}
			}
			need := people.InstitutionNeed(i.Category)
			v.Institutions = append(v.Institutions, InstitutionPeople{Code: i.Code, Name: i.Name, Category: i.Category,
				CategoryLabel: categoryLabel(i.Category), SuperUsers: super[i.ID], Needed: need, Missing: max(need-super[i.ID], 0), Tovholders: t})
		}
		if !sized(prog) {
			return nil
		}
		counts, err := tx.RoleCounts(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		schools, daycare := trackCounts(prog, map[string]int{model.CategorySchool: v.Schools, model.CategoryDayCare: v.DaycareUnits})
		v.Needs = people.Needs(sizingCounts(schools, daycare, counts))
		v.Needed, _, v.Missing = people.Shortfall(v.Needs)
		return nil
	})
	return v, err
}

func categoryLabel(c string) string {
	switch c {
	case "skole":
		return "Skole"
	case "dagtilbud":
		return "Dagtilbud"
	}
	return c
}

// roleRow checks a role to hold and finds its institution: a role at an
// institution of another municipality is refused naming the field.
func (a *PeopleService) roleRow(ctx context.Context, tx *store.Tx, plan store.Plan, in RoleInput) (people.RoleEntry, error) {
	r := people.RoleEntry{Role: in.Role, Area: in.Area}
	if err := people.ValidateAssignment(people.Assignment{Role: in.Role, Institution: in.Institution != "", Area: in.Area}); err != nil {
		return r, peopleFieldError(err)
	}
	if in.Institution == "" {
		return r, nil
	}
	inst, err := tx.OrganisationByCode(ctx, model.OrgInstitution, in.Institution)
	if errors.Is(err, store.ErrNotFound) {
		return r, invalidField("institution", "institutionen %s findes ikke", in.Institution)
	}
	if err != nil {
		return r, err
	}
	if inst.ParentID != plan.Municipality.ID {
		return r, invalidField("institution", "%s hører ikke til %s; en rolle kan kun være på kommunens egne institutioner", inst.Name, plan.Municipality.Name)
	}
	r.InstitutionID, r.Institution, r.InstitutionName, r.InstitutionCategory = inst.ID, inst.Code, inst.Name, inst.Category
	return r, nil
}

// CreatePerson adds a person with their first role to a municipality's
// register.
func (a *PeopleService) CreatePerson(ctx context.Context, by *Identity, programmeKey, code string, in PersonInput) (people.Entry, error) {
	in.Normalise()
	var out people.Entry
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.peoplePlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		if err := in.Person.Validate(); err != nil {
			return peopleFieldError(err)
		}
		r, err := a.roleRow(ctx, tx, plan, in.RoleInput)
		if err != nil {
			return err
		}
		out = people.Entry{Name: in.Name, Email: in.Email, Phone: in.Phone}
		if err := tx.InsertPerson(ctx, prog.ID, plan.Municipality.ID, &out, actorOf(by)); err != nil {
			return err
		}
		r.PersonKey = out.Key
		if err := tx.InsertPersonRole(ctx, &r, actorOf(by)); err != nil {
			return err
		}
		out, err = tx.Person(ctx, prog.ID, plan.Municipality.ID, out.Key)
		return err
	})
	return out, err
}

// registerPerson finds person key in the plan's municipality's register; a person
// of another municipality is not found.
func registerPerson(ctx context.Context, tx *store.Tx, programmeID int64, plan store.Plan, key int64) (people.Entry, error) {
	p, err := tx.Person(ctx, programmeID, plan.Municipality.ID, key)
	if errors.Is(err, store.ErrNotFound) {
		return p, notFound("personen findes ikke i kommunens rolleregister")
	}
	return p, err
}

// UpdatePerson changes a person's name, e-mail and phone. A version other
// than the stored one is a conflict.
func (a *PeopleService) UpdatePerson(ctx context.Context, by *Identity, programmeKey, code string, key int64, in PersonUpdate) (people.Entry, error) {
	in.Normalise()
	var out people.Entry
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.peoplePlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		p, err := registerPerson(ctx, tx, prog.ID, plan, key)
		if err != nil {
			return err
		}
		if err := in.Person.Validate(); err != nil {
			return peopleFieldError(err)
		}
		if in.Version != p.Version {
			return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
				"personen er ændret af en anden i mellemtiden (version %d, du havde %d); hent den igen og prøv igen", p.Version, in.Version)}
		}
		p.Name, p.Email, p.Phone = in.Name, in.Email, in.Phone
		if err := tx.UpdatePerson(ctx, &p, actorOf(by)); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return &Error{Code: CodeConflict, Field: "version", Message: "personen er ændret af en anden i samme øjeblik; hent den igen", Err: err}
			}
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// AddPersonRole gives a person of the register another role. Holding the
// same role at the same place twice is refused.
func (a *PeopleService) AddPersonRole(ctx context.Context, by *Identity, programmeKey, code string, key int64, in RoleInput) (people.Entry, error) {
	var out people.Entry
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.peoplePlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		p, err := registerPerson(ctx, tx, prog.ID, plan, key)
		if err != nil {
			return err
		}
		r, err := a.roleRow(ctx, tx, plan, in)
		if err != nil {
			return err
		}
		for _, x := range p.Roles {
			if x.Role == r.Role && x.InstitutionID == r.InstitutionID && x.Area == r.Area {
				return &Error{Code: CodeConflict, Field: "role", Message: fmt.Sprintf("%s har allerede rollen %s der", p.Name, r.Role.Label())}
			}
		}
		r.PersonKey = p.Key
		if err := tx.InsertPersonRole(ctx, &r, actorOf(by)); err != nil {
			return err
		}
		out, err = tx.Person(ctx, prog.ID, plan.Municipality.ID, p.Key)
		return err
	})
	return out, err
}

// RemovePersonRole takes a role from a person of the register.
func (a *PeopleService) RemovePersonRole(ctx context.Context, by *Identity, programmeKey, code string, key, roleKey int64) (people.Entry, error) {
	var out people.Entry
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.peoplePlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		p, err := registerPerson(ctx, tx, prog.ID, plan, key)
		if err != nil {
			return err
		}
		if err := tx.DeletePersonRole(ctx, p.Key, roleKey, actorOf(by)); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return notFound("personen har ikke den rolle")
			}
			return err
		}
		out, err = tx.Person(ctx, prog.ID, plan.Municipality.ID, p.Key)
		return err
	})
	return out, err
}

// ExecutorHolders is who holds the register role a task's executor names.
type ExecutorHolders struct {
	Role  model.PersonRole `json:"role"`
	Label string           `json:"label"`
	// Holders hold the role in the municipality's project or at the task's
	// institution.
	Holders []people.Entry `json:"holders"`
	// Register is the register's page.
	Register string `json:"register"`
}

// TaskRoleHolders returns who holds the register role that the executor
// of task id names, or nil when it names none or the caller may not read
// the municipality's register (observers: names and e-mails are personal).
func (a *PeopleService) TaskRoleHolders(ctx context.Context, by *Identity, id int64) (*ExecutorHolders, error) {
	var out *ExecutorHolders
	err := a.read(ctx, func(tx *store.Tx) error {
		if err := checkViewTask(ctx, tx, by, id); err != nil {
			return err
		}
		x, err := tx.Instance(ctx, id)
		if err != nil {
			return err
		}
		role, ok := people.RoleOfExecutor(x.Executor)
		if !ok {
			return nil
		}
		plan, err := tx.PlanByID(ctx, x.PlanID)
		if err != nil {
			return err
		}
		if !unrestricted(by) && !access.ViewPeople(by.Subject, plan.Municipality.ID) {
			return nil
		}
		hs, err := tx.RoleHolders(ctx, plan.ProgrammeID, plan.Municipality.ID, role, x.InstitutionID)
		if err != nil {
			return err
		}
		key, err := tx.ProgrammeKey(ctx, plan.ProgrammeID)
		if err != nil {
			return err
		}
		out = &ExecutorHolders{Role: role, Label: role.Label(), Holders: hs,
			Register: "/programmes/" + key + "/municipalities/" + plan.Municipality.Code + "/roller"}
		return nil
	})
	return out, err
}

// SizingLine is a municipality's line of the national sizing.
type SizingLine struct {
	Municipality     string `json:"municipality"`
	MunicipalityName string `json:"municipality_name"`
	Wave             int    `json:"wave"`
	Schools          int    `json:"schools"`
	DaycareUnits     int    `json:"daycare_units"`
	Needed           int    `json:"needed"`
	Registered       int    `json:"registered"`
	Missing          int    `json:"missing"`
}

// NationalSizingView is the shortfall of administrators and super-users
// across the programme's municipalities.
type NationalSizingView struct {
	Programme     string       `json:"programme"`
	ProgrammeName string       `json:"programme_name"`
	Sized         bool         `json:"sized"`
	Needed        int          `json:"needed"`
	Registered    int          `json:"registered"`
	Missing       int          `json:"missing"`
	Short         int          `json:"municipalities_short"`
	Lines         []SizingLine `json:"municipalities"`
}

// NationalSizing returns, per enrolled municipality, how many
// administrators and super-users seed 001's rules call for and how many
// are registered; municipalities with the largest shortfall first.
func (a *PeopleService) NationalSizing(ctx context.Context, by *Identity, programmeKey string) (*NationalSizingView, error) {
	if err := checkNational(by); err != nil {
		return nil, err
	}
	var v *NationalSizingView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		v = &NationalSizingView{Programme: prog.Key, ProgrammeName: prog.Name, Sized: sized(prog), Lines: []SizingLine{}}
		if !v.Sized {
			return nil
		}
		plans, err := tx.Plans(ctx, prog.ID)
		if err != nil {
			return err
		}
		insts, err := tx.InstitutionCounts(ctx)
		if err != nil {
			return err
		}
		counts, err := tx.RoleCounts(ctx, prog.ID, 0)
		if err != nil {
			return err
		}
		per := map[int64][]store.RoleCount{}
		for _, c := range counts {
			per[c.MunicipalityID] = append(per[c.MunicipalityID], c)
		}
		for _, p := range plans {
			ic := insts[p.Municipality.ID]
			schools, daycare := trackCounts(prog, ic)
			ns := people.Needs(sizingCounts(schools, daycare, per[p.Municipality.ID]))
			l := SizingLine{Municipality: p.Municipality.Code, MunicipalityName: p.Municipality.Name, Wave: p.Wave,
				Schools: schools, DaycareUnits: daycare}
			l.Needed, l.Registered, l.Missing = people.Shortfall(ns)
			v.Needed, v.Registered, v.Missing = v.Needed+l.Needed, v.Registered+l.Registered, v.Missing+l.Missing
			if l.Missing > 0 {
				v.Short++
			}
			v.Lines = append(v.Lines, l)
		}
		sort.SliceStable(v.Lines, func(i, j int) bool { return v.Lines[i].Missing > v.Lines[j].Missing })
		return nil
	})
	return v, err
}

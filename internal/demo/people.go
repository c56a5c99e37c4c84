package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/people"
)

// The people register in the demo (Samarbejdsplatformen, seed 001 §5):
// every municipality of pilots 1–2 and wave 1 (waves 1–3) has registered its project's
// roles – project owner and lead, two members of the steering group, the
// IT/digitalisation chief, the technical lead, an administrator for the
// schools and (mostly) two administrative super-users, the benefit owner,
// the contract lead and communication; in wave 1 (3) about one in
// three has only one administrative super-user. The pilots have also
// registered each school's management, tovholder and two super-users (the
// first pilot has only one at some schools), so that the national
// shortfall shows both covered and short municipalities; later waves have
// registered nothing at the schools yet. Names are drawn from
// hashes, the same every run – except that a demo user who is an
// institution's tovholder (Users) is registered as its tovholder under
// her own name and e-mail.

var (
	demoFirstNames = []string{"Anne", "Bo", "Camilla", "Dorte", "Erik", "Frederik", "Gitte", "Hans", "Ida", "Jens", "Karen", "Lars",
		"Mette", "Niels", "Ole", "Pia", "Rasmus", "Susanne", "Tina", "Ulla", "Vibeke", "Henrik", "Louise", "Mads", "Sofie", "Søren"}
	demoLastNames = []string{"Andersen", "Bach", "Christensen", "Dam", "Eriksen", "Frandsen", "Holm", "Jensen", "Kjær", "Larsen",
		"Madsen", "Nielsen", "Olsen", "Pedersen", "Rasmussen", "Sørensen", "Thomsen", "Vestergaard", "Østergaard", "Aagaard"}
)

// demoPerson is a person with a name, e-mail and phone drawn from parts.
func demoPerson(domain string, parts ...string) people.Person {
	f := fnv.New32a()
	for _, p := range parts {
		f.Write([]byte(p))
		f.Write([]byte{0})
	}
	h := int(f.Sum32() >> 1)
	first, last := demoFirstNames[h%len(demoFirstNames)], demoLastNames[(h/31)%len(demoLastNames)]
	local := strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", "Æ", "ae", "Ø", "oe", "Å", "aa").Replace(strings.ToLower(first + "." + last))
	return people.Person{Name: first + " " + last, Email: local + "@" + domain, Phone: fmt.Sprintf("%02d %02d %02d %02d", 20+h%70, (h/7)%100, (h/11)%100, (h/13)%100)}
}

// demoDomain is a municipality's mail domain, e.g. aarhus.dk.
func demoDomain(name string) string {
	d := strings.NewReplacer("æ", "ae", "ø", "oe", "å", "aa", " ", "", "-", "", ".", "").Replace(strings.ToLower(name))
	return d + ".dk"
}

func loadPeople(ctx context.Context, a *app.App) error {
	const prog = "samarbejdsplatformen"
	munis, err := data.Municipalities()
	if err != nil {
		return err
	}
	sys := app.System("demo")
	pilots := 0
	for _, m := range munis {
		v, err := a.PeopleRegister(ctx, sys, prog, m.Code)
		if err != nil {
			return err
		}
		if v.Wave > 3 {
			continue
		}
		domain := demoDomain(m.Name)
		add := func(role model.PersonRole, area model.Area, inst string, n int) error {
			p := demoPerson(domain, m.Code, string(role), inst, fmt.Sprint(n))
			_, err := a.CreatePerson(ctx, sys, prog, m.Code, app.PersonInput{Person: p,
				RoleInput: app.RoleInput{Role: role, Area: area, Institution: inst}})
			return err
		}
		admSupers := 2
		if v.Wave == 3 && roll(m.Code, "adm-super")%3 == 0 {
			admSupers = 1
		}
		for _, r := range []struct {
			role model.PersonRole
			area model.Area
			n    int
		}{
			{model.RoleProjectOwner, "", 1}, {model.RoleProjectLead, "", 1}, {model.RoleSteeringGroup, "", 2}, {model.RoleITChief, "", 1},
			{model.RoleTechnical, "", 1}, {model.RoleAdministrator, model.AreaSchool, 1}, {model.RoleAdminSuperUser, model.AreaSchool, admSupers},
			{model.RoleBenefitOwner, "", 1}, {model.RoleContract, "", 1}, {model.RoleCommunication, "", 1},
		} {
			for i := range r.n {
				if err := add(r.role, r.area, "", i); err != nil {
					return fmt.Errorf("%s %s: %w", m.Name, r.role, err)
				}
			}
		}
		// The pilots, and Aarhus (where the demo's users work), have
		// registered their schools' people too.
		if v.Wave > 2 && m.Code != "751" {
			continue
		}
		// The first pilot has some schools with one super-user only.
		if v.Wave <= 2 {
			pilots++
		}
		for _, inst := range v.Institutions {
			supers := 2
			if pilots == 1 && roll(inst.Code, "supers")%3 == 0 {
				supers = 1
			}
			for _, r := range []struct {
				role model.PersonRole
				n    int
			}{{model.RoleManagement, 1}, {model.RoleTovholder, 1}, {model.RoleSuperUser, supers}} {
				if r.role == model.RoleTovholder {
					if u, ok := tovholderUser(inst.Code); ok {
						if _, err := a.CreatePerson(ctx, sys, prog, m.Code, app.PersonInput{Person: people.Person{Name: u.Name, Email: u.Email},
							RoleInput: app.RoleInput{Role: r.role, Institution: inst.Code}}); err != nil {
							return fmt.Errorf("%s %s: %w", m.Name, u.Name, err)
						}
						continue
					}
				}
				for i := range r.n {
					if err := add(r.role, "", inst.Code, i); err != nil {
						return fmt.Errorf("%s %s %s: %w", m.Name, inst.Name, r.role, err)
					}
				}
			}
		}
	}
	return nil
}

// tovholderUser is the demo user who is the tovholder of the institution
// with code, if there is one.
func tovholderUser(code string) (User, bool) {
	for _, u := range Users {
		if u.Role == access.Tovholder && u.Org == code {
			return u, true
		}
	}
	return User{}, false
}

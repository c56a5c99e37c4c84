// Package people holds the people register's rules (docs/people.md): which
// roles may be held where, the super-user and administrator sizing of seed
// 001's fact table, and which register roles a catalogue task's executor
// names. It is pure: no I/O.
package people

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
)

// FieldError says which field of the input is wrong, in Danish.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Message }

// Person is a person of the register as a caller gives it.
type Person struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// Normalise trims the fields.
func (p *Person) Normalise() {
	p.Name, p.Email, p.Phone = strings.TrimSpace(p.Name), strings.TrimSpace(p.Email), strings.TrimSpace(p.Phone)
}

// Validate checks a person: a name is required; e-mail and phone are
// optional but must look like what they are.
func (p Person) Validate() error {
	switch {
	case p.Name == "":
		return &FieldError{Field: "name", Message: "skriv personens navn"}
	case utf8.RuneCountInString(p.Name) > 200:
		return &FieldError{Field: "name", Message: "navnet må højst være 200 tegn"}
	}
	if p.Email != "" {
		a, err := mail.ParseAddress(p.Email)
		if err != nil || a.Address != p.Email || !strings.Contains(p.Email, "@") {
			return &FieldError{Field: "email", Message: "e-mailadressen er ikke gyldig (fx navn@kommune.dk)"}
		}
	}
	if p.Phone != "" {
		digits := 0
		for _, r := range p.Phone {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case r == ' ' || r == '+' || r == '-':
			default:
				return &FieldError{Field: "phone", Message: "telefonnummeret må kun indeholde cifre, mellemrum, + og -"}
			}
		}
		if digits < 8 || digits > 15 {
			return &FieldError{Field: "phone", Message: "telefonnummeret skal have 8 til 15 cifre"}
		}
	}
	return nil
}

// Assignment is a role as held: in the municipality's project
// (Institution false) or at an institution.
type Assignment struct {
	Role        model.PersonRole
	Institution bool
	Area        model.Area
}

// ValidateAssignment checks that the role may be held where it is: the
// institutions' management and tovholder only at an institution, the
// municipality's project roles in the municipality (administrators and
// super-users in both), and an area only for a municipal administrator or
// administrative super-user.
func ValidateAssignment(a Assignment) error {
	if !model.PersonRoles.Valid(a.Role) {
		return &FieldError{Field: "role", Message: "vælg en af registrets roller"}
	}
	if !model.Areas.Valid(a.Area) {
		return &FieldError{Field: "area", Message: "området skal være skoler, dagtilbud eller hele kommunen"}
	}
	if a.Institution && !a.Role.AtInstitution() {
		return &FieldError{Field: "institution", Message: fmt.Sprintf("rollen %s hører til kommunens projekt, ikke til en institution", a.Role.Label())}
	}
	if !a.Institution && !a.Role.InMunicipality() {
		return &FieldError{Field: "institution", Message: fmt.Sprintf("rollen %s hører til en institution; vælg institutionen", a.Role.Label())}
	}
	if a.Area != model.AreaNone && (a.Institution || (a.Role != model.RoleAdministrator && a.Role != model.RoleAdminSuperUser)) {
		return &FieldError{Field: "area", Message: "området bruges kun for kommunens administratorer og administrative superbrugere"}
	}
	return nil
}

// executorWords are, per register role, words that a catalogue task's
// executor (the "udførende rolle", free text) uses for it. Checked in
// order; the first role whose word occurs is the match, so the more
// specific words come first.
var executorWords = []struct {
	role  model.PersonRole
	words []string
}{
	{model.RoleAdminSuperUser, []string{"superbruger administration", "administrativ superbruger", "administrative superbrugere"}},
	{model.RoleSuperUser, []string{"superbruger"}},
	{model.RoleTovholder, []string{"tovholder"}},
	{model.RoleProjectOwner, []string{"projektejer"}},
	{model.RoleProjectLead, []string{"projektleder"}},
	{model.RoleSteeringGroup, []string{"styregruppe"}},
	{model.RoleITChief, []string{"digitaliseringschef", "it-chef"}},
	{model.RoleTechnical, []string{"it-miljø", "tekniker", "it-arkitekt", "teknisk ansvarlig"}},
	{model.RoleAdministrator, []string{"administrator"}},
	{model.RoleBenefitOwner, []string{"gevinstejer"}},
	{model.RoleContract, []string{"kontraktansvarlig"}},
	{model.RoleCommunication, []string{"kommunikation"}},
	{model.RoleManagement, []string{"skoleleder", "ledelse", "skolens leder"}},
}

// RoleOfExecutor is the register role a task's executor names, and whether
// it names one: "Projektleder for Samarbejdsplatformen" is the project
// lead, "Tovholder på skolen" the tovholder, "Kommunens administrator" the
// administrator. An executor that names no register role (e.g. "Topledelse
// i KOMBIT", "Leverandørens implementeringskonsulent") has none.
func RoleOfExecutor(executor string) (model.PersonRole, bool) {
	e := strings.ToLower(executor)
	if strings.Contains(e, "leverandør") || strings.Contains(e, "kmd") || strings.Contains(e, "kombit") {
		return "", false
	}
	for _, x := range executorWords {
		for _, w := range x.words {
			if strings.Contains(e, w) {
				return x.role, true
			}
		}
	}
	return "", false
}

// Package access is udrul's authorization policy: which role may see and
// change what. It is pure (no I/O): callers describe the user (Subject) and
// the thing acted on (a municipality or a Task) and ask.
//
// The policy in brief (docs/access.md has the full table):
//
//   - Central administrator (KOMBIT): everything, including users and
//     programme settings.
//   - Central coordinator (KOMBIT): sees everything, publishes catalogues,
//     enrols municipalities, may change and delegate any task.
//   - Supplier (e.g. KMD): sees everything read-only, and may change the
//     status of tasks the catalogue makes the supplier responsible for
//     ("Leverandøren", or the supplier's own name, e.g. "KMD").
//   - Observer: sees everything, changes nothing.
//   - Municipal project lead: sees and changes their own municipality's plan
//     (every task in it, institution tasks included) and delegates its tasks.
//   - Municipal member: sees their own municipality's plan, and changes the
//     status of the tasks delegated to them.
//   - Institution coordinator (tovholder): sees their municipality's plan (to
//     know the deadlines their school depends on), changes and delegates their
//     own institution's tasks, and changes tasks delegated to them.
//
// Municipal and institution users do not see the national overview or the
// follow-up list (they show every municipality) nor other municipalities'
// plans. Everyone signed in may read the catalogue (the published standard),
// the list of programmes, and manage their own API tokens.
package access

import (
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// Role is what a user may do.
type Role string

const (
	Admin       Role = "administrator" // central administrator
	Coordinator Role = "koordinator"   // central coordinator
	Supplier    Role = "leverandoer"   // supplier (leverandør)
	ProjectLead Role = "projektleder"  // municipal project lead
	Member      Role = "medarbejder"   // municipal member of the project
	Tovholder   Role = "tovholder"     // institution coordinator
	Observer    Role = "observatoer"   // read-only observer
)

// Roles lists every role, most powerful first.
var Roles = []Role{Admin, Coordinator, Supplier, ProjectLead, Member, Tovholder, Observer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Label is the role's Danish name.
func (r Role) Label() string {
	switch r {
	case Admin:
		return "Central administrator"
	case Coordinator:
		return "Central koordinator"
	case Supplier:
		return "Leverandør"
	case ProjectLead:
		return "Kommunal projektleder"
	case Member:
		return "Kommunal projektdeltager"
	case Tovholder:
		return "Tovholder (institution)"
	case Observer:
		return "Observatør (kun læse)"
	}
	return string(r)
}

// OrgKind is the kind of organisation a user of this role belongs to.
// Observers belong to a central organisation (KOMBIT, KL, a ministry).
func (r Role) OrgKind() model.OrgKind {
	switch r {
	case Supplier:
		return model.OrgSupplier
	case ProjectLead, Member:
		return model.OrgMunicipality
	case Tovholder:
		return model.OrgInstitution
	}
	return model.OrgCentral
}

// Central reports whether the role sees every municipality.
func (r Role) Central() bool {
	return r == Admin || r == Coordinator || r == Supplier || r == Observer
}

// Subject is a signed-in user as the policy sees them.
type Subject struct {
	UserID int64
	Role   Role
	// OrgID is the user's organisation: KOMBIT, a supplier, a municipality
	// or an institution.
	OrgID int64
	// OrgName is the organisation's name; a supplier's name is matched
	// against a task's responsible actor.
	OrgName string
	// MunicipalityID is the municipality the user works in: their
	// organisation for municipal roles, its parent for a tovholder, 0 for
	// central roles.
	MunicipalityID int64
}

// Task is a task instance as the policy sees it.
type Task struct {
	MunicipalityID int64
	InstitutionID  int64  // 0 for a municipality-level task
	Responsible    string // the catalogue's responsible actor, e.g. "Kommunen", "Leverandøren", "KMD"
	DelegateID     int64  // the user the task is delegated to, 0 if none
	// AddOnSupplier is, for a task an add-on purchase brought into the
	// plan (tilkøb), the supplier delivering the add-on ("Leverandøren" or
	// a supplier's name); empty for the catalogue's tasks.
	AddOnSupplier string
}

// ViewNational reports whether s may see the national overview and the
// follow-up list, which show every municipality.
func ViewNational(s Subject) bool { return s.Role.Central() }

// ViewCatalogue reports whether s may read a programme's catalogue. It is
// the published standard, the same for every municipality.
func ViewCatalogue(s Subject) bool { return s.Role.Valid() }

// Publish reports whether s may publish catalogue versions and create programmes.
func Publish(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// Enrol reports whether s may enrol municipalities and move their go-live.
func Enrol(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// Administer reports whether s may manage users, organisations and
// programme settings.
func Administer(s Subject) bool { return s.Role == Admin }

// ViewMunicipality reports whether s may see the plans of the municipality
// with id municipalityID.
func ViewMunicipality(s Subject, municipalityID int64) bool {
	if s.Role.Central() {
		return true
	}
	switch s.Role {
	case ProjectLead, Member, Tovholder:
		return s.MunicipalityID != 0 && s.MunicipalityID == municipalityID
	}
	return false
}

// ChangePlan reports whether s may change the municipality's plan itself:
// add its own tasks, move dates locally, take baselines, resolve conflicts
// with a new standard, and create and stop the plan's calendar feeds (a
// feed's secret address shows the plan to whoever holds it, outside udrul,
// so handing it out is the plan owner's decision). That is the project
// lead's job (and KOMBIT's coordinators and administrators may step in).
func ChangePlan(s Subject, municipalityID int64) bool {
	switch s.Role {
	case Admin, Coordinator:
		return true
	case ProjectLead:
		return s.MunicipalityID != 0 && s.MunicipalityID == municipalityID
	}
	return false
}

// ViewTask reports whether s may see task t and its history.
func ViewTask(s Subject, t Task) bool { return ViewMunicipality(s, t.MunicipalityID) }

// ChangeTask reports whether s may change the status of task t.
func ChangeTask(s Subject, t Task) bool {
	delegated := t.DelegateID != 0 && t.DelegateID == s.UserID && ViewTask(s, t)
	switch s.Role {
	case Admin, Coordinator:
		return true
	case Supplier:
		if t.AddOnSupplier != "" {
			// An add-on's tasks are the supplier's who delivers it; the
			// purchase gives it no other task of the municipality.
			return SupplierResponsible(s.OrgName, t.AddOnSupplier)
		}
		return SupplierResponsible(s.OrgName, t.Responsible)
	case ProjectLead:
		return ViewTask(s, t)
	case Member:
		return delegated
	case Tovholder:
		return (t.InstitutionID != 0 && t.InstitutionID == s.OrgID && ViewTask(s, t)) || delegated
	}
	return false
}

// Delegate reports whether s may delegate task t to someone (or take a
// delegation back).
func Delegate(s Subject, t Task) bool {
	switch s.Role {
	case Admin, Coordinator:
		return true
	case ProjectLead:
		return ViewTask(s, t)
	case Tovholder:
		return t.InstitutionID != 0 && t.InstitutionID == s.OrgID && ViewTask(s, t)
	}
	return false
}

// DelegateTo reports whether user d may be the person task t is delegated
// to: a project lead or member of the task's municipality, or, for an
// institution's task, also that institution's tovholder. Delegation stays
// inside the organisation that owns the task.
func DelegateTo(t Task, d Subject) bool {
	switch d.Role {
	case ProjectLead, Member:
		return d.OrgID == t.MunicipalityID
	case Tovholder:
		return t.InstitutionID != 0 && d.OrgID == t.InstitutionID
	}
	return false
}

// SupplierResponsible reports whether a task whose catalogue names
// responsible as the responsible actor is the supplier's: "Leverandøren"
// (any supplier) or the supplier's own name.
func SupplierResponsible(supplierName, responsible string) bool {
	r := strings.TrimSpace(strings.ToLower(responsible))
	if r == "" {
		return false
	}
	if r == "leverandøren" || r == "leverandør" {
		return true
	}
	return supplierName != "" && r == strings.ToLower(strings.TrimSpace(supplierName))
}

// FollowUp reports whether s does the centre's follow-up work with the
// municipalities: writes the contact log, runs hypercare (teams, their
// assignments, lessons learnt) and logs incidents in any municipality, and
// may be the owner of a worklist item. That is KOMBIT's administrators and
// coordinators and the supplier: "KOMBIT og KMD vil systematisk
// dokumentere dialogen med kommunerne" (seed 003 §6.1), and the supplier
// runs hypercare (§7.4). Observers only look.
func FollowUp(s Subject) bool {
	return s.Role == Admin || s.Role == Coordinator || s.Role == Supplier
}

// ManageWorklist reports whether s may assign owners to worklist items and
// set them aside (snooze) or back: the worklist is KOMBIT's extract and
// its weighing of the whole picture (seed 003 §6.1), so KOMBIT's
// administrators and coordinators.
func ManageWorklist(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// Escalate reports whether s may record an escalation in the contact log.
// Escalating is KOMBIT's judgement ("KOMBIT foretager altid en konkret
// helhedsvurdering", seed 003 §6.1): administrators and coordinators.
func Escalate(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// DecideCheckpoint reports whether s may decide that the municipality's
// plan passes (or not yet) a phase transition: KOMBIT, which monitors the
// municipalities' readiness (seed 003 §7.3), and the municipality's own
// project lead. Not the supplier, whose deliveries are part of what the
// checkpoint checks, and not observers.
func DecideCheckpoint(s Subject, municipalityID int64) bool {
	switch s.Role {
	case Admin, Coordinator:
		return true
	case ProjectLead:
		return s.MunicipalityID != 0 && s.MunicipalityID == municipalityID
	}
	return false
}

// WriteIncident reports whether s may log and update the municipality's
// hypercare incidents: the centre's follow-up staff (FollowUp; the
// supplier's support and hypercare teams register faults, seed 003 §7.4)
// and the municipality's own project lead, who reports its problems.
func WriteIncident(s Subject, municipalityID int64) bool {
	if FollowUp(s) {
		return true
	}
	return s.Role == ProjectLead && s.MunicipalityID != 0 && s.MunicipalityID == municipalityID
}

// ChangeUserSettings reports whether s may change user userID's own
// settings (e-mail choices): the user themself, or an administrator.
func ChangeUserSettings(s Subject, userID int64) bool { return s.UserID == userID || Administer(s) }

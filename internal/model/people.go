package model

// PersonRole is a role a person holds in a municipality's project or at one
// of its institutions (seed 001 §5): the people register (internal/people,
// docs/people.md). Its holders need not be users of udrul.
type PersonRole string

const (
	RoleProjectOwner   PersonRole = "projektejer"
	RoleProjectLead    PersonRole = "projektleder"
	RoleSteeringGroup  PersonRole = "styregruppe"
	RoleITChief        PersonRole = "it_chef"
	RoleTechnical      PersonRole = "teknisk_ansvarlig"
	RoleAdministrator  PersonRole = "administrator"
	RoleSuperUser      PersonRole = "superbruger"
	RoleAdminSuperUser PersonRole = "administrativ_superbruger"
	RoleBenefitOwner   PersonRole = "gevinstejer"
	RoleContract       PersonRole = "kontraktansvarlig"
	RoleCommunication  PersonRole = "kommunikation"
	RoleManagement     PersonRole = "ledelse"
	RoleTovholder      PersonRole = "tovholder"
)

// PersonRoles is PersonRole's table: the municipality's roles first, then
// the institutions'.
var PersonRoles = Enum[PersonRole]{
	{RoleProjectOwner, "Projektejer"},
	{RoleProjectLead, "Projektleder"},
	{RoleSteeringGroup, "Styregruppemedlem"},
	{RoleITChief, "IT-/digitaliseringschef"},
	{RoleTechnical, "Teknisk ansvarlig"},
	{RoleAdministrator, "Administrator"},
	{RoleSuperUser, "Superbruger"},
	{RoleAdminSuperUser, "Administrativ superbruger"},
	{RoleBenefitOwner, "Gevinstejer"},
	{RoleContract, "Kontraktansvarlig"},
	{RoleCommunication, "Kommunikationsansvarlig"},
	{RoleManagement, "Ledelse"},
	{RoleTovholder, "Tovholder"},
}

// Label is the role's Danish name.
func (r PersonRole) Label() string { return PersonRoles.Label(r) }

// InMunicipality reports whether the role is held in the municipality's
// project (seed 001 §5): every role but the institutions' management and
// tovholder.
func (r PersonRole) InMunicipality() bool {
	return PersonRoles.Valid(r) && r != RoleManagement && r != RoleTovholder
}

// AtInstitution reports whether the role can be held at an institution:
// its management, tovholder, administrator and super-users.
func (r PersonRole) AtInstitution() bool {
	switch r {
	case RoleManagement, RoleTovholder, RoleAdministrator, RoleSuperUser:
		return true
	}
	return false
}

// Area is the part of the rollout a municipal administrator or
// administrative super-user works for: schools or day care (or, empty,
// both or not said).
type Area string

const (
	AreaNone    Area = ""
	AreaSchool  Area = "skole"
	AreaDaycare Area = "dagtilbud"
)

// Areas is Area's table.
var Areas = Enum[Area]{
	{AreaNone, "Hele kommunen"},
	{AreaSchool, "Skoler"},
	{AreaDaycare, "Dagtilbud"},
}

// Label is the area's Danish name.
func (a Area) Label() string { return Areas.Label(a) }

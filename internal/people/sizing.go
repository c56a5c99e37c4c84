package people

import "github.com/udrul/udrul/internal/model"

// Seed 001's fact table (§2.3): per municipality 1 administrator for the
// schools and 1 for day care, 2 administrative super-users for the schools
// and 1 for day care; 2 super-users per school; 1 super-user per two
// day-care units.
const (
	SuperUsersPerSchool       = 2
	DaycareUnitsPerSuperUser  = 2
	AdministratorsPerArea     = 1
	AdminSuperUsersForSchools = 2
	AdminSuperUsersForDaycare = 1
)

// Need is how many holders of a role a part of the rollout needs, and how
// many are registered.
type Need struct {
	Role       model.PersonRole `json:"role"`
	Area       model.Area       `json:"area"`
	Label      string           `json:"label"`
	Needed     int              `json:"needed"`
	Registered int              `json:"registered"`
}

// Shortfall is how many are missing (0 when enough are registered).
func (n Need) Shortfall() int {
	if n.Registered >= n.Needed {
		return 0
	}
	return n.Needed - n.Registered
}

// Counts is what the sizing is computed from: the institutions the
// municipality has, and the holders registered.
type Counts struct {
	Schools      int
	DaycareUnits int
	// Administrators and AdminSuperUsers are the municipality's holders per
	// area; a holder for the whole municipality (area "") counts for the
	// schools first, then for day care.
	Administrators  map[model.Area]int
	AdminSuperUsers map[model.Area]int
	// SchoolSuperUsers and DaycareSuperUsers are the super-users registered
	// at the schools and at the day-care units.
	SchoolSuperUsers  int
	DaycareSuperUsers int
}

// Needs sizes a municipality's administrators and super-users from its
// institutions by seed 001's rules. A part with no institutions needs
// nobody: a municipality without day-care units in the rollout needs no
// day-care administrator. Lines come in a fixed order: administrators,
// administrative super-users, super-users; schools before day care.
func Needs(c Counts) []Need {
	var out []Need
	adm := spread(c.Administrators, c.Schools > 0, c.DaycareUnits > 0, AdministratorsPerArea, AdministratorsPerArea)
	sup := spread(c.AdminSuperUsers, c.Schools > 0, c.DaycareUnits > 0, AdminSuperUsersForSchools, AdminSuperUsersForDaycare)
	if c.Schools > 0 {
		out = append(out,
			Need{Role: model.RoleAdministrator, Area: model.AreaSchool, Label: "Administrator for skolerne", Needed: AdministratorsPerArea, Registered: adm[0]},
			Need{Role: model.RoleAdminSuperUser, Area: model.AreaSchool, Label: "Administrative superbrugere for skolerne", Needed: AdminSuperUsersForSchools, Registered: sup[0]},
			Need{Role: model.RoleSuperUser, Area: model.AreaSchool, Label: "Superbrugere på skolerne", Needed: SchoolSuperUsersNeeded(c.Schools), Registered: c.SchoolSuperUsers})
	}
	if c.DaycareUnits > 0 {
		out = append(out,
			Need{Role: model.RoleAdministrator, Area: model.AreaDaycare, Label: "Administrator for dagtilbud", Needed: AdministratorsPerArea, Registered: adm[1]},
			Need{Role: model.RoleAdminSuperUser, Area: model.AreaDaycare, Label: "Administrative superbrugere for dagtilbud", Needed: AdminSuperUsersForDaycare, Registered: sup[1]},
			Need{Role: model.RoleSuperUser, Area: model.AreaDaycare, Label: "Superbrugere i dagtilbuddene", Needed: DaycareSuperUsersNeeded(c.DaycareUnits), Registered: c.DaycareSuperUsers})
	}
	return out
}

// SchoolSuperUsersNeeded is 2 per school.
func SchoolSuperUsersNeeded(schools int) int { return SuperUsersPerSchool * max(schools, 0) }

// DaycareSuperUsersNeeded is 1 per two day-care units, rounded up.
func DaycareSuperUsersNeeded(units int) int {
	if units <= 0 {
		return 0
	}
	return (units + DaycareUnitsPerSuperUser - 1) / DaycareUnitsPerSuperUser
}

// spread counts holders for schools and day care: those of each area,
// then those for the whole municipality fill what is missing, schools
// first (only in parts that exist).
func spread(by map[model.Area]int, schools, daycare bool, needSchool, needDaycare int) [2]int {
	out := [2]int{by[model.AreaSchool], by[model.AreaDaycare]}
	free := by[model.AreaNone]
	if schools && out[0] < needSchool {
		n := min(free, needSchool-out[0])
		out[0], free = out[0]+n, free-n
	}
	if daycare && out[1] < needDaycare {
		n := min(free, needDaycare-out[1])
		out[1], free = out[1]+n, free-n
	}
	if schools {
		out[0] += free // extra holders count where there are schools
	} else if daycare {
		out[1] += free
	}
	return out
}

// InstitutionNeed is an institution's own line: a school needs 2
// super-users; a day-care unit shares one with another unit, so its own
// need is shown as the municipality's (DaycareSuperUsersNeeded) and 1 per
// unit registered is enough there.
func InstitutionNeed(category string) int {
	if category == "skole" {
		return SuperUsersPerSchool
	}
	return 0
}

// Shortfall sums the shortfall of needs.
func Shortfall(ns []Need) (needed, registered, missing int) {
	for _, n := range ns {
		needed += n.Needed
		registered += min(n.Registered, n.Needed)
		missing += n.Shortfall()
	}
	return needed, registered, missing
}

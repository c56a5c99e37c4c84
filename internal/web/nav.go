package web

import (
	"html/template"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
)

// navFuncs decide which links a page shows its user, from the same policy
// (package access) the route rules apply: a page never links to something
// its reader would be refused. Each takes the signed-in user (.User, nil
// when nobody is signed in). canFollowUp (followup_pages.go) is the
// follow-up's own.
var navFuncs = template.FuncMap{
	// mayNational: the national overview, follow-up worklist, wave planning
	// and hypercare, which show every municipality.
	"mayNational":  func(id *app.Identity) bool { return id != nil && access.ViewNational(id.Subject) },
	"mayCatalogue": func(id *app.Identity) bool { return id != nil && access.ViewCatalogue(id.Subject) },
	// mayPublish: editing the catalogue.
	"mayPublish": func(id *app.Identity) bool { return id != nil && access.Publish(id.Subject) },
	"mayEnrol":   func(id *app.Identity) bool { return id != nil && access.Enrol(id.Subject) },
	"mayAdmin":   func(id *app.Identity) bool { return id != nil && access.Administer(id.Subject) },
	// mayMunicipality: a municipality's plan and its read-only pages.
	"mayMunicipality": func(id *app.Identity, municipalityID int64) bool {
		return id != nil && access.ViewMunicipality(id.Subject, municipalityID)
	},
	// mayChangePlan: the plan's own tasks, local dates, baselines, conflicts.
	"mayChangePlan": func(id *app.Identity, municipalityID int64) bool {
		return id != nil && access.ChangePlan(id.Subject, municipalityID)
	},
}

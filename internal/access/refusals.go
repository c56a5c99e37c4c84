package access

// The Danish reasons given when the policy says no: one text per policy,
// used by the route guard (internal/web) and the use cases (internal/app)
// alike, so a refusal reads the same wherever it is decided.
const (
	RefuseRole         = "din bruger har ingen gyldig rolle; kontakt en administrator"
	RefuseNational     = "landsoversigten og opfølgningslisten viser alle kommuner og er forbeholdt KOMBIT, leverandøren og observatører; se din egen kommunes plan"
	RefusePublish      = "kun KOMBIT's koordinatorer og administratorer må gøre dette"
	RefuseEnrol        = "kun KOMBIT's koordinatorer og administratorer må tilmelde kommuner"
	RefuseAdminister   = "administrationen er forbeholdt centrale administratorer"
	RefuseMunicipality = "du har kun adgang til din egen kommunes data"
	RefuseTask         = "du har kun adgang til din egen kommunes opgaver"
	RefusePlanChange   = "kun kommunens projektleder (og KOMBIT's koordinatorer og administratorer) kan ændre selve planen og dens kalenderabonnementer"
	RefuseDelegate     = "du må ikke uddelegere denne opgave; det kan kommunens projektleder (og skolens tovholder for skolens egne opgaver)"
	RefuseFollowUp     = "opfølgning (kontaktlog, hypercare og hændelser) er forbeholdt KOMBIT's koordinatorer og administratorer og leverandøren"
	RefuseWorklist     = "opfølgningslistens ansvarlige og udsættelser styres af KOMBIT's koordinatorer og administratorer"
	RefuseEscalate     = "kun KOMBIT's koordinatorer og administratorer kan eskalere"
	RefuseCheckpoint   = "kontrolpunkter besluttes af KOMBIT's koordinatorer og administratorer eller kommunens egen projektleder"
	RefuseIncident     = "hændelser logges af KOMBIT, leverandøren eller kommunens egen projektleder"
	RefuseUserSettings = "du kan kun ændre dine egne mailvalg"
)

// RefuseChangeTask is the reason s may not change a task's status (ChangeTask).
func RefuseChangeTask(r Role) string {
	switch r {
	case Observer:
		return "som observatør kan du se alt, men ikke ændre noget"
	case Supplier:
		return "som leverandør kan du kun ændre status på opgaver, leverandøren er ansvarlig for"
	case Member:
		return "du kan kun ændre status på opgaver, der er uddelegeret til dig; spørg kommunens projektleder"
	case Tovholder:
		return "du kan kun ændre status på din egen institutions opgaver og opgaver, der er uddelegeret til dig"
	}
	return "du må ikke ændre denne opgave"
}

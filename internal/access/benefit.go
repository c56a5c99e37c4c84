package access

// The benefit register (gevinstrealisering, docs/benefit.md). A
// municipality's benefits are its own business: another municipality never
// sees them, and observers see only aggregates (counts per wave), never a
// benefit or which municipality has registered what.

// ViewBenefits reports whether s may read the municipality's benefit
// register: its own users and the centre's follow-up staff
// (administrators, coordinators, the supplier) – not observers.
func ViewBenefits(s Subject, municipalityID int64) bool {
	if FollowUp(s) {
		return true
	}
	return s.Role != Observer && ViewMunicipality(s, municipalityID)
}

// ChangeBenefits reports whether s may set the vision and add and change
// benefits and their measurements in the municipality's register: the
// plan's owners (ChangePlan: its project lead and KOMBIT's coordinators
// and administrators).
func ChangeBenefits(s Subject, municipalityID int64) bool { return ChangePlan(s, municipalityID) }

// ExtendBenefitDeadline reports whether s may extend a municipality's last
// date for post-measurements beyond 12 months after go-live: KOMBIT's
// coordinators (and administrators).
func ExtendBenefitDeadline(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// ViewBenefitsNational reports whether s may see the national roll-up of
// the benefit registers: the centre, the supplier and observers. Only
// BenefitsPerMunicipality sees which municipality is which.
func ViewBenefitsNational(s Subject) bool { return s.Role.Central() }

// BenefitsPerMunicipality reports whether the national roll-up shows s
// each municipality's line (registered, measured, statuses): the centre's
// follow-up staff; observers see the counts per wave only.
func BenefitsPerMunicipality(s Subject) bool { return FollowUp(s) }

// Refusals of the benefit register, in Danish.
const (
	RefuseBenefits         = "du har kun adgang til din egen kommunes gevinstregister; observatører ser kun samlede tal"
	RefuseChangeBenefits   = "kun kommunens projektleder (og KOMBIT's koordinatorer og administratorer) kan ændre gevinstregistret"
	RefuseExtendBenefits   = "kun KOMBIT's koordinatorer og administratorer kan forlænge fristen for eftermålinger"
	RefuseBenefitsNational = "gevinstregistrenes landstal er forbeholdt KOMBIT, leverandøren og observatører; se din egen kommunes register"
)

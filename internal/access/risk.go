package access

// The risk register (risikoregister, docs/risk.md). A municipality's risks
// are its own business: another municipality never sees them, and
// observers see only aggregates (counts per level), never a risk.

// ViewRisks reports whether s may read the municipality's risk register:
// its own users and the centre's staff who follow up (administrators,
// coordinators, the supplier) – not observers.
func ViewRisks(s Subject, municipalityID int64) bool {
	if FollowUp(s) {
		return true
	}
	return s.Role != Observer && ViewMunicipality(s, municipalityID)
}

// ChangeRisks reports whether s may add and change risks in the
// municipality's register: the plan's owners (ChangePlan: its project lead
// and KOMBIT's coordinators and administrators).
func ChangeRisks(s Subject, municipalityID int64) bool { return ChangePlan(s, municipalityID) }

// ViewAllRisks reports whether s may read every register of a programme,
// filtered (the central and hypercare registers and each municipality's):
// the centre's follow-up staff, not observers.
func ViewAllRisks(s Subject) bool { return FollowUp(s) }

// ChangeCentralRisks reports whether s may add and change risks of the
// central programme's and the hypercare teams' registers: KOMBIT's
// administrators and coordinators and the supplier, who runs hypercare.
func ChangeCentralRisks(s Subject) bool { return FollowUp(s) }

// ViewRiskSummary reports whether s may read a programme's risks in
// figures only (counts per register, category, exposure, status and wave):
// everyone who reads the national picture, observers included.
func ViewRiskSummary(s Subject) bool { return ViewNational(s) }

// Refusals of the risk register, in Danish.
const (
	RefuseRisks        = "du har kun adgang til din egen kommunes risikoregister; observatører ser kun samlede tal"
	RefuseChangeRisks  = "kun kommunens projektleder (og KOMBIT's koordinatorer og administratorer) kan ændre risikoregistret"
	RefuseAllRisks     = "risikoregistrene på tværs af kommuner er forbeholdt KOMBIT og leverandøren"
	RefuseCentralRisks = "kun KOMBIT's koordinatorer og administratorer og leverandøren kan ændre det centrale og hypercareteamets register"
	RefuseRiskSummary  = "risikotallene for hele programmet er forbeholdt KOMBIT, leverandøren og observatørerne"
)

package access

// The readiness survey (parathedsundersøgelse, docs/readiness.md). Its
// results are aggregates shown only above the anonymity threshold; no one
// ever sees a single answer.

// ViewReadiness reports whether s may see the results of a municipality's
// survey: everyone who sees its plans (the centre, observers included, and
// the municipality's own users), never another municipality.
func ViewReadiness(s Subject, municipalityID int64) bool { return ViewMunicipality(s, municipalityID) }

// ManageReadiness reports whether s may run a municipality's survey: make
// user groups and rounds, make and revoke respondent links, set the
// anonymity threshold and close rounds. That is the project lead's (and
// KOMBIT's coordinators' and administrators'); the links themselves are
// credentials, so observers, the supplier and members do not see them.
func ManageReadiness(s Subject, municipalityID int64) bool { return ChangePlan(s, municipalityID) }

// ViewReadinessNational reports whether s may see the national aggregate
// across municipalities: the centre, the supplier and observers.
func ViewReadinessNational(s Subject) bool { return s.Role.Central() }

// The readiness survey's refusals.
const (
	RefuseReadiness         = "du har kun adgang til din egen kommunes parathedsundersøgelse"
	RefuseManageReadiness   = "kun kommunens projektleder (og KOMBIT's koordinatorer og administratorer) kan styre parathedsundersøgelsen"
	RefuseReadinessNational = "parathedsundersøgelsernes landstal er forbeholdt KOMBIT, leverandøren og observatører; se din egen kommunes undersøgelse"
)

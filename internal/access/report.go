package access

// The steering reports (docs/reports.md). A municipality's status report
// and its cross-programme view are read by whoever may see the
// municipality's plan: its own users and the centre (observers included) –
// never another municipality. The risks in a status report follow
// ViewRisks (observers do not see them). The programme report and the
// centre's view of go-lives close to each other are the centre's.

// ViewStatusReport reports whether s may read a municipality's status
// report and its cross-programme view.
func ViewStatusReport(s Subject, municipalityID int64) bool {
	return ViewMunicipality(s, municipalityID)
}

// ViewProgrammeReport reports whether s may read the programme report per
// wave and the centre's view of go-lives close to each other.
func ViewProgrammeReport(s Subject) bool { return ViewNational(s) }

// Their refusals are the plan's and the overview's (RefuseMunicipality,
// RefuseNational): the routes are guarded by the same rules.

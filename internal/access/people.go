package access

// The people register and training (docs/people.md, docs/training.md). A
// municipality's register names people with their e-mail and phone, so it
// is read like the benefit register: by the municipality's own users and
// the centre's follow-up staff, not by observers or other municipalities.

// ViewPeople reports whether s may read the municipality's people register
// with its sizing and its people's training: its own users and the
// centre's follow-up staff (administrators, coordinators, the supplier,
// who trains them) – not observers.
func ViewPeople(s Subject, municipalityID int64) bool {
	if FollowUp(s) {
		return true
	}
	return s.Role != Observer && ViewMunicipality(s, municipalityID)
}

// ChangePeople reports whether s may add people and roles to the
// municipality's register and sign its people up for course runs: the
// plan's owners (its project lead, KOMBIT's coordinators and
// administrators).
func ChangePeople(s Subject, municipalityID int64) bool { return ChangePlan(s, municipalityID) }

// ManageTraining reports whether s may create courses and course runs and
// record attendance, final-test results and evaluations: KOMBIT's
// administrators and coordinators and the supplier, who trains
// administrators and super-users (seed 001 §2.2).
func ManageTraining(s Subject) bool {
	return s.Role == Admin || s.Role == Coordinator || s.Role == Supplier
}

// Refusals of the people register and training, in Danish.
const (
	RefusePeople         = "du har kun adgang til din egen kommunes rolleregister; observatører ser kun samlede tal"
	RefuseChangePeople   = "kun kommunens projektleder (og KOMBIT's koordinatorer og administratorer) kan ændre rolleregistret og tilmelde til kurser"
	RefuseManageTraining = "kun KOMBIT's koordinatorer og administratorer og leverandøren kan oprette kurser og registrere fremmøde, prøveresultater og evalueringer"
)

package access

// Announcements (meddelelser, docs/announcements.md): the centre writes
// them to the municipalities of a programme; each recipient reads theirs on
// their front page; anyone signed in may read a programme's feed, which
// holds the same texts every municipality of the audience gets.

// Announce reports whether s may write announcements and see the list of
// them with how many have read each: KOMBIT's coordinators and
// administrators.
func Announce(s Subject) bool { return s.Role == Admin || s.Role == Coordinator }

// Refusals of the announcements, in Danish.
const (
	RefuseAnnounce = "kun KOMBIT's koordinatorer og administratorer kan skrive meddelelser til kommunerne og se listen over dem"
)

// RegisterNetwork reports whether s may register the municipality for a
// network meeting, change its registration and cancel it: the plan's
// owners (ChangePlan: its project lead and KOMBIT's coordinators and
// administrators).
func RegisterNetwork(s Subject, municipalityID int64) bool { return ChangePlan(s, municipalityID) }

// RefuseRegisterNetwork is the refusal of RegisterNetwork.
const RefuseRegisterNetwork = "kun kommunens projektleder (og KOMBIT's koordinatorer og administratorer) kan tilmelde kommunen netværksmøder"

// Kommunepraktik: the centre pairs municipalities (Announce); the two
// municipalities' users and the centre see a pairing, and either
// municipality's plan owners record the meetings they agree on.

// ViewPairing reports whether s may see a pairing of the two
// municipalities: the centre (every central role) and both municipalities'
// users.
func ViewPairing(s Subject, experiencedID, newcomerID int64) bool {
	return ViewMunicipality(s, experiencedID) || ViewMunicipality(s, newcomerID)
}

// ChangePairing reports whether s may record the pairing's agreed meetings:
// either municipality's project lead and KOMBIT's coordinators and
// administrators.
func ChangePairing(s Subject, experiencedID, newcomerID int64) bool {
	return ChangePlan(s, experiencedID) || ChangePlan(s, newcomerID)
}

// Refusals of kommunepraktik.
const (
	RefusePairing       = "du kan kun se kommunepraktik, som din egen kommune indgår i"
	RefuseChangePairing = "kun de to kommuners projektledere (og KOMBIT's koordinatorer og administratorer) kan registrere aftalte møder"
)

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

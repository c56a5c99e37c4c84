package notify

import (
	"fmt"
	"strings"
)

// Announcement is the mail that carries a centre's announcement
// (meddelelse) to one of its recipients, once (issue 20 §4). The same text
// stays on the recipient's front page until they mark it read.
type Announcement struct {
	To            Recipient
	ID            int64
	Programme     string // key
	ProgrammeName string
	Audience      string // e.g. "Projektledere i bølge 2"
	Title         string
	Body          string
	AnnouncedBy   string
	BaseURL       string
}

// Render returns the subject and body.
func (a Announcement) Render() (subject, body string) {
	subject = fmt.Sprintf("%s: %s", a.ProgrammeName, a.Title)
	var b strings.Builder
	greet(&b, a.To)
	fmt.Fprintf(&b, "%s har sendt en meddelelse til %s i %s:\n\n", who(a.AnnouncedBy), strings.ToLower(a.Audience), a.ProgrammeName)
	fmt.Fprintf(&b, "%s\n\n%s\n", a.Title, strings.TrimSpace(a.Body))
	if l := link(a.BaseURL, "/"); l != "" {
		fmt.Fprintf(&b, "\nMeddelelsen står på din forside i udrul, til du markerer den som læst: %s\n", l)
	}
	footer(&b, a.To, a.BaseURL)
	return subject, b.String()
}

// Meeting mail kinds.
const (
	MeetingInvite  = "invitation" // the invitation, with the iCalendar request
	MeetingMovedUp = "rykket-op"  // moved up from the waiting list
	MeetingWaiting = "venteliste" // still waiting when the invitations go out
)

// NetworkMeeting is the mail about a network meeting to a registered
// municipality's project lead or project owner.
type NetworkMeeting struct {
	To            Recipient
	Kind          string // MeetingInvite, MeetingMovedUp or MeetingWaiting
	ProgrammeName string
	Title         string
	Place         string
	Address       string
	When          string // e.g. "tirsdag 12.01.2027 kl. 10.00–15.00"
	Municipality  string
	Lead, Owner   string
	WaitingNumber int
	Invited       bool // the invitations have gone out (for MeetingMovedUp)
	BaseURL       string
}

// Render returns the subject and body.
func (m NetworkMeeting) Render() (subject, body string) {
	var b strings.Builder
	greet(&b, m.To)
	switch m.Kind {
	case MeetingWaiting:
		subject = fmt.Sprintf("%s: %s i %s – I står på venteliste", m.ProgrammeName, m.Title, m.Place)
		fmt.Fprintf(&b, "%s står som nr. %d på ventelisten til %s i %s, %s. Bliver der en plads, får I besked og en invitation med det samme.\n",
			m.Municipality, m.WaitingNumber, m.Title, m.Place, m.When)
	case MeetingMovedUp:
		subject = fmt.Sprintf("%s: %s i %s – I har fået en plads", m.ProgrammeName, m.Title, m.Place)
		fmt.Fprintf(&b, "En anden kommune har meldt fra, så %s er rykket op fra ventelisten og har nu plads til %s i %s, %s.\n",
			m.Municipality, m.Title, m.Place, m.When)
		if m.Invited {
			b.WriteString("Invitationen er vedhæftet; tag imod den i din kalender.\n")
		} else {
			b.WriteString("Invitationen kommer fire uger før mødet.\n")
		}
	default:
		subject = fmt.Sprintf("Invitation: %s i %s %s", m.Title, m.Place, m.When)
		fmt.Fprintf(&b, "Du er inviteret til %s for %s i %s, %s.\n", m.Title, m.ProgrammeName, m.Place, m.When)
		fmt.Fprintf(&b, "Adresse: %s\n", m.Address)
		b.WriteString("Invitationen er vedhæftet; tag imod den i din kalender.\n")
	}
	fmt.Fprintf(&b, "\nTilmeldt for %s: %s (projektleder) og %s (projektejer).\n", m.Municipality, m.Lead, m.Owner)
	if l := link(m.BaseURL, "/netvaerksmoeder"); l != "" {
		fmt.Fprintf(&b, "Se eller ændr tilmeldingen: %s\n", l)
	}
	footer(&b, m.To, m.BaseURL)
	return subject, b.String()
}

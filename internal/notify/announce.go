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

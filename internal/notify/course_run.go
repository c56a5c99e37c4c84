package notify

import (
	"fmt"
	"strings"
)

// CourseRunChange is the mail to a participant of a course run
// (kursusgang) that was moved or cancelled. Participants are people of the
// municipality's role register and need not be users of udrul, so the mail
// has no unsubscribe footer: it is about their own registration.
type CourseRunChange struct {
	Name          string // the participant's
	ProgrammeName string
	Course        string
	Cancelled     bool
	// When and Place are the run's days and place after the change (or,
	// cancelled, the ones it had).
	When, Place string
	Changes     []string // what changed (moved)
	Reason      string   // why it was cancelled; "" if not given
	Actor       string
}

// Render returns the subject and body.
func (c CourseRunChange) Render() (subject, body string) {
	var b strings.Builder
	greet(&b, Recipient{Name: c.Name})
	if c.Cancelled {
		subject = fmt.Sprintf("Aflyst: %s %s", c.Course, c.When)
		fmt.Fprintf(&b, "Kursusgangen %s %s, som du er tilmeldt i %s, er aflyst.\n", c.Course, c.When, c.ProgrammeName)
		if c.Reason != "" {
			fmt.Fprintf(&b, "Begrundelse: %s\n", c.Reason)
		}
		b.WriteString("\nDin kommunes projektleder tilmelder dig en anden kursusgang.\n")
	} else {
		subject = fmt.Sprintf("Ændret: %s – nu %s", c.Course, c.When)
		fmt.Fprintf(&b, "Kursusgangen %s, som du er tilmeldt i %s, er ændret:\n", c.Course, c.ProgrammeName)
		for _, l := range c.Changes {
			fmt.Fprintf(&b, "- %s\n", l)
		}
		fmt.Fprintf(&b, "\nDu er stadig tilmeldt. Kursusgangen er nu %s", c.When)
		if c.Place != "" {
			fmt.Fprintf(&b, ", %s", c.Place)
		}
		b.WriteString(".\nKan du ikke deltage, så sig det til din kommunes projektleder, der kan afmelde dig.\n")
	}
	fmt.Fprintf(&b, "\n%s.\n", who(c.Actor)+" har foretaget ændringen")
	b.WriteString("\nMed venlig hilsen\nudrul\n\n-- \nDu får denne mail, fordi du er tilmeldt kursusgangen. Mailen er sendt automatisk; svar på den læses ikke.\n")
	return subject, b.String()
}

package export

import (
	"bytes"
	"strconv"
	"time"
)

// Invitation is a meeting invitation (iTIP, RFC 5546): one VEVENT sent
// with METHOD:REQUEST from the organizer to the attendees, which a mail
// client shows with accept and decline buttons.
type Invitation struct {
	// UID is the same for every invitation to the meeting and place, so a
	// later one (a higher Sequence) updates the event in the calendar.
	UID            string
	Sequence       int
	Stamp          time.Time // DTSTAMP: when the invitation was made
	Start, End     time.Time
	Summary        string
	Description    string
	Location       string
	URL            string
	OrganizerName  string
	OrganizerEmail string
	Attendees      []Attendee
}

// Attendee is an invited person.
type Attendee struct {
	Name, Email string
}

// ICalRequest writes the invitation as an RFC 5545 calendar with
// METHOD:REQUEST: CRLF line ends, folded lines, escaped text, times in UTC.
func ICalRequest(in Invitation) []byte {
	var b bytes.Buffer
	line := func(s string) { fold(&b, s) }
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	param := func(s string) string { return `"` + stripQuotes(s) + `"` }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//udrul//Netværksmøder//DA")
	line("CALSCALE:GREGORIAN")
	line("METHOD:REQUEST")
	line("BEGIN:VEVENT")
	line("UID:" + escapeText(in.UID))
	line("DTSTAMP:" + utc(in.Stamp))
	line("SEQUENCE:" + strconv.Itoa(in.Sequence))
	line("DTSTART:" + utc(in.Start))
	line("DTEND:" + utc(in.End))
	line("SUMMARY:" + escapeText(in.Summary))
	if in.Description != "" {
		line("DESCRIPTION:" + escapeText(in.Description))
	}
	line("LOCATION:" + escapeText(in.Location))
	if in.URL != "" {
		line("URL:" + in.URL)
	}
	line("ORGANIZER;CN=" + param(in.OrganizerName) + ":mailto:" + in.OrganizerEmail)
	for _, a := range in.Attendees {
		line("ATTENDEE;CN=" + param(a.Name) + ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + a.Email)
	}
	line("STATUS:CONFIRMED")
	line("TRANSP:OPAQUE")
	line("END:VEVENT")
	line("END:VCALENDAR")
	return b.Bytes()
}

// stripQuotes makes s fit a quoted parameter value (RFC 5545 §3.1: no
// DQUOTE and no control characters).
func stripQuotes(s string) string {
	b := []rune{}
	for _, r := range s {
		if r != '"' && r >= 0x20 && r != 0x7f {
			b = append(b, r)
		}
	}
	return string(b)
}

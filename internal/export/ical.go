package export

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
)

// Calendar is an iCalendar feed of deadlines.
type Calendar struct {
	Name   string // shown by calendar clients (X-WR-CALNAME)
	Events []Event
}

// Event is one all-day deadline.
type Event struct {
	// UID is the same for a task in every feed and globally unique
	// ("task-12@udrul.example.dk"), so clients update instead of duplicating.
	UID string
	// Sequence grows whenever the event changes (RFC 5545 §3.8.7.4);
	// Modified is when it last changed, written as LAST-MODIFIED and DTSTAMP
	// so that an unchanged feed is the same bytes (and ETag) every time.
	Sequence    int
	Modified    time.Time
	Date        model.Date
	Summary     string
	Description string
	URL         string
	Categories  []string
}

// LastModified is the latest change of any event (zero if none is known).
func (c Calendar) LastModified() time.Time {
	var t time.Time
	for _, e := range c.Events {
		if e.Modified.After(t) {
			t = e.Modified
		}
	}
	return t
}

// Feeds ask clients to poll hourly (REFRESH-INTERVAL, RFC 7986, and
// Outlook's X-PUBLISHED-TTL); with ETag and Last-Modified a poll of an
// unchanged feed is a 304.
const refresh = "PT1H"

// ICal writes c as an RFC 5545 calendar: CRLF line ends, lines folded at 75
// octets without splitting a UTF-8 character, text escaped, a UID, SEQUENCE
// and DTSTAMP on every event (DTSTAMP and LAST-MODIFIED are the event's
// last change; now, in UTC, for an event without one), all-day events as
// DATE values.
func ICal(c Calendar, now time.Time) []byte {
	var b bytes.Buffer
	line := func(s string) { fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//udrul//Implementeringsplaner//DA")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeText(c.Name))
	line("REFRESH-INTERVAL;VALUE=DURATION:" + refresh)
	line("X-PUBLISHED-TTL:" + refresh)
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	for _, e := range c.Events {
		line("BEGIN:VEVENT")
		line("UID:" + escapeText(e.UID))
		if e.Modified.IsZero() {
			line("DTSTAMP:" + utc(now))
		} else {
			line("DTSTAMP:" + utc(e.Modified))
			line("LAST-MODIFIED:" + utc(e.Modified))
		}
		line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		line("DTSTART;VALUE=DATE:" + e.Date.Time().Format("20060102"))
		line("DTEND;VALUE=DATE:" + (e.Date + 1).Time().Format("20060102"))
		line("SUMMARY:" + escapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + escapeText(e.Description))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		if len(e.Categories) > 0 {
			cs := make([]string, len(e.Categories))
			for i, c := range e.Categories {
				cs[i] = escapeText(c)
			}
			line("CATEGORIES:" + strings.Join(cs, ","))
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes()
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11).
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// fold writes one content line, folded so no physical line exceeds 75
// octets (§3.1): continuation lines start with a space, which counts.
func fold(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

package model

import (
	"time"
	_ "time/tzdata" // the zone database travels in the binary: udrul needs Europe/Copenhagen on any host
)

// copenhagen is loaded once, at start-up.
var copenhagen = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		// Cannot happen with time/tzdata embedded; a silent fallback to a
		// fixed UTC+1 would put every summer-time date an hour wrong.
		panic("model: load Europe/Copenhagen: " + err.Error())
	}
	return loc
}()

// Copenhagen is Danish time, the zone every date and time a user sees is in.
func Copenhagen() *time.Location { return copenhagen }

// DanishDate is the calendar date in Denmark at instant t (a quarter past
// midnight Danish time is already the next day, while UTC still says the
// previous one).
func DanishDate(t time.Time) Date { return DateOf(t.In(copenhagen)) }

// DanishTime writes instant t as Danish users read a moment, in Danish time:
// "24.11.2026 kl. 14.05". The zero time is "".
func DanishTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(copenhagen).Format("02.01.2006 kl. 15.04")
}

package announce

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/model"
)

// Network meetings (netværksmøder, seed 003 §6.4): a programme's quarterly
// meeting, held the same day in several places (Aarhus, Odense, Ballerup),
// each with a capacity in seats. A municipality registers its project lead
// and its project owner – two seats – for one place. Registrations are
// seated in the order they came: those that fit the capacity are
// confirmed, the rest wait in that order, and when a confirmed one is
// cancelled the first waiting one moves up. A place is never overbooked.

// SeatsPerRegistration is what one municipality's registration takes: its
// project lead and its project owner.
const SeatsPerRegistration = 2

// InvitationLead is how long before the meeting the invitations go out:
// four weeks (seed 003 §6.4).
const InvitationLead = 28

// InvitationDay is the day a meeting's invitations are due.
func InvitationDay(meeting model.Date) model.Date { return meeting.AddDays(-InvitationLead) }

// PlaceDraft is one place of a meeting as the centre writes it.
type PlaceDraft struct {
	Name     string `json:"name"`
	Address  string `json:"address"`
	Capacity int    `json:"capacity"`
}

// MeetingDraft is a network meeting as the centre writes it.
type MeetingDraft struct {
	Programme string       `json:"programme"`
	Title     string       `json:"title"`
	Day       model.Date   `json:"day"`
	Starts    string       `json:"starts"` // HH:MM, Danish time
	Ends      string       `json:"ends"`
	Places    []PlaceDraft `json:"places"`
}

// CheckMeeting normalises d and reports its first problem as a
// *FieldError: a title, a day after today, a start before the end, and at
// least one place, each with a name, an address and room for at least one
// registration, no two with the same name.
func CheckMeeting(d *MeetingDraft, today model.Date) error {
	d.Title = strings.TrimSpace(d.Title)
	d.Starts, d.Ends = strings.TrimSpace(d.Starts), strings.TrimSpace(d.Ends)
	switch {
	case strings.TrimSpace(d.Programme) == "":
		return &FieldError{"programme", "vælg programmet"}
	case d.Title == "":
		return &FieldError{"title", "skriv mødets titel"}
	case utf8.RuneCountInString(d.Title) > MaxTitle:
		return &FieldError{"title", fmt.Sprintf("titlen må højst være %d tegn", MaxTitle)}
	case d.Day == model.NoDate:
		return &FieldError{"day", "angiv mødets dato"}
	case d.Day <= today:
		return &FieldError{"day", fmt.Sprintf("mødet skal ligge efter i dag (%s)", today.Danish())}
	}
	s, err := clock(d.Starts)
	if err != nil {
		return &FieldError{"starts", "starttidspunktet skal skrives TT:MM, fx 09:30"}
	}
	e, err := clock(d.Ends)
	if err != nil {
		return &FieldError{"ends", "sluttidspunktet skal skrives TT:MM, fx 15:00"}
	}
	if e <= s {
		return &FieldError{"ends", "mødet skal slutte efter det begynder"}
	}
	if len(d.Places) == 0 {
		return &FieldError{"places", "angiv mindst ét mødested"}
	}
	seen := map[string]bool{}
	for i := range d.Places {
		p := &d.Places[i]
		p.Name, p.Address = strings.TrimSpace(p.Name), strings.TrimSpace(p.Address)
		f := fmt.Sprintf("places[%d].", i)
		switch {
		case p.Name == "":
			return &FieldError{f + "name", "giv mødestedet et navn, fx Aarhus"}
		case seen[strings.ToLower(p.Name)]:
			return &FieldError{f + "name", fmt.Sprintf("%s står der to gange", p.Name)}
		case p.Address == "":
			return &FieldError{f + "address", fmt.Sprintf("angiv adressen i %s", p.Name)}
		case p.Capacity < SeatsPerRegistration:
			return &FieldError{f + "capacity", fmt.Sprintf("der skal være plads til mindst %d deltagere (en kommunes projektleder og projektejer)", SeatsPerRegistration)}
		}
		seen[strings.ToLower(p.Name)] = true
	}
	return nil
}

func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// Times is the meeting's start and end as instants (Danish time).
func Times(day model.Date, starts, ends string) (time.Time, time.Time) {
	d := day.Time()
	at := func(s string) time.Time {
		c, _ := clock(s)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, model.Copenhagen()).Add(c)
	}
	return at(starts), at(ends)
}

// Seating is a registration's place in its place's queue: 0 when it is
// confirmed, else its number on the waiting list (1 is next).
type Seating int

// Confirmed reports whether the registration has a seat.
func (s Seating) Confirmed() bool { return s == 0 }

// Seat seats a place's live registrations, given in the order they came:
// as many as the capacity holds are confirmed, the rest wait in order.
func Seat(capacity, registrations int) []Seating {
	out := make([]Seating, registrations)
	fit := capacity / SeatsPerRegistration
	for i := range out {
		if i >= fit {
			out[i] = Seating(i - fit + 1)
		}
	}
	return out
}

// CheckPairing is the rule of kommunepraktik (seed 003 §6.3): after a wave
// the centre pairs a municipality that has gone live (go-live on or before
// today) with one that is about to (go-live after today).
func CheckPairing(experiencedName string, experiencedLive model.Date, newcomerName string, newcomerLive model.Date, today model.Date) error {
	switch {
	case experiencedName == newcomerName:
		return &FieldError{"newcomer", "en kommune kan ikke parres med sig selv"}
	case experiencedLive > today:
		return &FieldError{"experienced", fmt.Sprintf("%s har ikke haft go-live endnu (%s); vælg en kommune, der er gået i drift", experiencedName, experiencedLive.Danish())}
	case newcomerLive <= today:
		return &FieldError{"newcomer", fmt.Sprintf("%s er allerede gået i drift (%s); vælg en kommune, der står foran go-live", newcomerName, newcomerLive.Danish())}
	}
	return nil
}

// Place is a stored meeting place.
type Place struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Address  string `json:"address"`
	Capacity int    `json:"capacity"`
}

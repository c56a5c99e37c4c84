// Package announce holds the rules of the centre's announcements
// (meddelelser) to the municipalities (issue 20 §4, seed 003 §6.2): who an
// announcement reaches, what a valid one is, and its Atom feed. It does no
// I/O; the use cases are in app/announce.go, the storage in
// store/announce.go, and docs/announcements.md tells the decisions.
package announce

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/feeds"

	"github.com/udrul/udrul/internal/model"
)

// Roles are the municipal roles an announcement can be addressed to, in
// the order the forms show them: the project lead, the project's members
// and the institutions' coordinators (tovholdere). The values are those of
// access.Role.
var Roles = []string{"projektleder", "medarbejder", "tovholder"}

// RoleLabel is a role's Danish name in an audience.
func RoleLabel(r string) string {
	switch r {
	case "projektleder":
		return "Projektledere"
	case "medarbejder":
		return "Projektdeltagere"
	case "tovholder":
		return "Tovholdere"
	}
	return r
}

// Limits on the texts.
const (
	MaxTitle = 200
	MaxBody  = 8000
)

// FieldError is a problem with one field of an announcement.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Message }

// Audience is who an announcement is for: the municipalities enrolled in
// a programme, in one wave or (Wave 0) in all, and among their users those
// with one of Roles.
type Audience struct {
	Programme string   `json:"programme"`
	Wave      int      `json:"wave"`
	Roles     []string `json:"roles"`
}

// Draft is an announcement as the centre writes it.
type Draft struct {
	Audience
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Check normalises d (trimmed texts, roles in the standard order, no
// repeats) and reports the first problem as a *FieldError. waves are the
// waves that have enrolled municipalities in the programme: an
// announcement to a wave without any would reach nobody.
func Check(d *Draft, waves []int) error {
	d.Title = strings.TrimSpace(d.Title)
	d.Body = strings.TrimSpace(d.Body)
	d.Programme = strings.TrimSpace(d.Programme)
	if d.Programme == "" {
		return &FieldError{"programme", "vælg det program, meddelelsen er til"}
	}
	roles, err := normaliseRoles(d.Roles)
	if err != nil {
		return err
	}
	d.Roles = roles
	switch {
	case d.Wave < 0:
		return &FieldError{"wave", "bølgen skal være et positivt tal (eller tom for alle bølger)"}
	case d.Wave > 0 && !slices.Contains(waves, d.Wave):
		return &FieldError{"wave", fmt.Sprintf("bølge %d har ingen tilmeldte kommuner i programmet, så meddelelsen ville ikke nå nogen", d.Wave)}
	case d.Wave == 0 && len(waves) == 0:
		return &FieldError{"programme", "ingen kommuner er tilmeldt programmet, så meddelelsen ville ikke nå nogen"}
	}
	switch {
	case d.Title == "":
		return &FieldError{"title", "skriv en overskrift"}
	case utf8.RuneCountInString(d.Title) > MaxTitle:
		return &FieldError{"title", fmt.Sprintf("overskriften må højst være %d tegn", MaxTitle)}
	case d.Body == "":
		return &FieldError{"body", "skriv selve meddelelsen"}
	case utf8.RuneCountInString(d.Body) > MaxBody:
		return &FieldError{"body", fmt.Sprintf("meddelelsen må højst være %d tegn", MaxBody)}
	}
	return nil
}

func normaliseRoles(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, &FieldError{"roles", "vælg mindst én rolle, meddelelsen er til (fx projektledere)"}
	}
	for _, r := range in {
		if !slices.Contains(Roles, strings.TrimSpace(r)) {
			return nil, &FieldError{"roles", fmt.Sprintf("%q er ikke en kommunal rolle; vælg blandt projektleder, medarbejder og tovholder", r)}
		}
	}
	var out []string
	for _, r := range Roles {
		if slices.ContainsFunc(in, func(x string) bool { return strings.TrimSpace(x) == r }) {
			out = append(out, r)
		}
	}
	return out, nil
}

// Reaches reports whether an announcement to a reaches a user with role
// whose municipality's plan in the programme is in wave.
func (a Audience) Reaches(role string, wave int) bool {
	return slices.Contains(a.Roles, role) && (a.Wave == 0 || a.Wave == wave)
}

// Describe is the audience in Danish, its wave named as the programme
// names it (waves), e.g. "Projektledere og Tovholdere i Pilot 1".
func (a Audience) Describe(waves model.WaveNames) string {
	names := make([]string, len(a.Roles))
	for i, r := range a.Roles {
		names[i] = RoleLabel(r)
	}
	s := strings.Join(names, ", ")
	if i := strings.LastIndex(s, ", "); i >= 0 {
		s = s[:i] + " og " + s[i+2:]
	}
	if a.Wave > 0 {
		return s + " i " + waves.Label(a.Wave)
	}
	return s + " i alle bølger"
}

// JoinRoles and SplitRoles store a role list as one text column.
func JoinRoles(rs []string) string { return strings.Join(rs, ",") }

// SplitRoles is the inverse of JoinRoles.
func SplitRoles(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// Item is a published announcement in a feed.
type Item struct {
	ID        int64
	Title     string
	Body      string
	Audience  Audience
	Waves     model.WaveNames // the programme's, for describing Audience
	Author    string
	Published time.Time
	Link      string // absolute address of the announcement's page
}

// Feed describes an Atom feed of one audience.
type Feed struct {
	Title   string
	Link    string // absolute address of the feed's page
	ID      string // the feed's stable id (a tag: URI)
	Updated time.Time
}

// Atom renders the announcements as an Atom 1.0 document with
// gorilla/feeds (newest first as given). Every entry's id is a tag: URI
// that stays the same when the server's address changes.
func Atom(f Feed, items []Item) (string, error) {
	out := &feeds.Feed{Title: f.Title, Link: &feeds.Link{Href: f.Link}, Id: f.ID, Updated: f.Updated,
		Author: &feeds.Author{Name: "KOMBIT"}, Description: "Meddelelser fra programkontoret"}
	for _, it := range items {
		out.Items = append(out.Items, &feeds.Item{
			Id: fmt.Sprintf("tag:udrul,2026:meddelelse:%d", it.ID), Title: it.Title,
			Link: &feeds.Link{Href: it.Link}, Author: &feeds.Author{Name: it.Author},
			Description: html.EscapeString(it.Audience.Describe(it.Waves)), Content: bodyHTML(it.Body),
			Created: it.Published, Updated: it.Published,
		})
		if it.Published.After(out.Updated) {
			out.Updated = it.Published
		}
	}
	af := (&feeds.Atom{Feed: out}).AtomFeed()
	af.Id = f.ID // gorilla/feeds takes the link; the id must not move with the server
	return feeds.ToXML(af)
}

// bodyHTML is the plain-text body as the HTML an Atom entry of type html
// holds: escaped, one paragraph per blank-line-separated block, so that a
// feed reader shows the text as written and never runs markup from it.
func bodyHTML(body string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>") + "</p>")
		}
	}
	return b.String()
}

// Announcement is a stored announcement.
type Announcement struct {
	ID            int64     `json:"id"`
	ProgrammeID   int64     `json:"-"`
	Programme     string    `json:"programme"` // its key
	ProgrammeName string    `json:"programme_name"`
	Wave          int       `json:"wave"` // 0: every wave
	Roles         []string  `json:"roles"`
	Title         string    `json:"title"`
	Body          string    `json:"body"`
	CreatedAt     time.Time `json:"created_at"`
	CreatedBy     string    `json:"created_by"`
}

// Audience is whom the announcement is for.
func (x Announcement) Audience() Audience {
	return Audience{Programme: x.Programme, Wave: x.Wave, Roles: x.Roles}
}

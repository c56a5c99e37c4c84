package announce

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
)

func TestCheck(t *testing.T) {
	ok := Draft{Audience: Audience{Programme: "mini", Roles: []string{"tovholder", "projektleder", "projektleder"}}, Title: " Nyt ", Body: "Tekst"}
	cases := []struct {
		name  string
		edit  func(*Draft)
		field string
	}{
		{"valid", func(*Draft) {}, ""},
		{"valid wave", func(d *Draft) { d.Wave = 2 }, ""},
		{"no programme", func(d *Draft) { d.Programme = " " }, "programme"},
		{"no roles", func(d *Draft) { d.Roles = nil }, "roles"},
		{"central role", func(d *Draft) { d.Roles = []string{"koordinator"} }, "roles"},
		{"wave without municipalities", func(d *Draft) { d.Wave = 7 }, "wave"},
		{"negative wave", func(d *Draft) { d.Wave = -1 }, "wave"},
		{"no title", func(d *Draft) { d.Title = "  " }, "title"},
		{"long title", func(d *Draft) { d.Title = strings.Repeat("æ", MaxTitle+1) }, "title"},
		{"title at limit", func(d *Draft) { d.Title = strings.Repeat("æ", MaxTitle) }, ""},
		{"no body", func(d *Draft) { d.Body = "" }, "body"},
		{"long body", func(d *Draft) { d.Body = strings.Repeat("x", MaxBody+1) }, "body"},
	}
	for _, c := range cases {
		d := ok
		d.Roles = append([]string(nil), ok.Roles...)
		c.edit(&d)
		err := Check(&d, []int{1, 2})
		var fe *FieldError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field):
			t.Errorf("%s: got %v, want a problem with %s", c.name, err, c.field)
		}
		if c.name == "valid" && (d.Title != "Nyt" || strings.Join(d.Roles, ",") != "projektleder,tovholder") {
			t.Errorf("not normalised: %+v", d)
		}
	}
	if err := Check(&Draft{Audience: Audience{Programme: "mini", Roles: []string{"projektleder"}}, Title: "x", Body: "y"}, nil); err == nil {
		t.Error("a programme without enrolled municipalities has no audience")
	}
}

func TestReachesAndDescribe(t *testing.T) {
	a := Audience{Programme: "p", Wave: 2, Roles: []string{"projektleder", "medarbejder", "tovholder"}}
	if !a.Reaches("medarbejder", 2) || a.Reaches("medarbejder", 1) || a.Reaches("koordinator", 2) {
		t.Error("Reaches")
	}
	if got := a.Describe(nil); got != "Projektledere, Projektdeltagere og Tovholdere i Bølge 2" {
		t.Error(got)
	}
	if got := (Audience{Roles: []string{"projektleder"}}).Describe(nil); got != "Projektledere i alle bølger" {
		t.Error(got)
	}
	if got := a.Describe(model.WaveNames{{Number: 2, Name: "Pilot 2"}}); got != "Projektledere, Projektdeltagere og Tovholdere i Pilot 2" {
		t.Errorf("named wave: %q", got)
	}
	if got := SplitRoles(JoinRoles([]string{"a", "b"})); len(got) != 2 || len(SplitRoles("")) != 0 {
		t.Error(got)
	}
}

func TestAtomEscapesTheBody(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	s, err := Atom(Feed{Title: "F", Link: "http://x/", ID: "tag:udrul,2026:f", Updated: at},
		[]Item{{ID: 1, Title: "Æ & ø", Body: "<script>x</script>\n\nto", Audience: Audience{Roles: []string{"projektleder"}}, Published: at, Link: "http://x/1"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;p&gt;&amp;lt;script&amp;gt;") {
		t.Errorf("body not escaped:\n%s", s)
	}
}

func TestSeat(t *testing.T) {
	got := Seat(5, 4) // room for two registrations
	if !got[0].Confirmed() || !got[1].Confirmed() || got[2] != 1 || got[3] != 2 {
		t.Errorf("Seat(5, 4) = %v", got)
	}
	if len(Seat(4, 0)) != 0 || !Seat(2, 1)[0].Confirmed() || Seat(3, 2)[1] != 1 {
		t.Error("Seat at the edges")
	}
}

func TestCheckPairing(t *testing.T) {
	today, _ := model.ParseDate("2026-12-07")
	var fe *FieldError
	for _, c := range []struct {
		exp, new model.Date
		same     bool
		field    string
	}{
		{today, today + 1, false, ""},
		{today + 1, today + 2, false, "experienced"},
		{today - 10, today, false, "newcomer"},
		{today - 10, today + 10, true, "newcomer"},
	} {
		n := "B"
		if c.same {
			n = "A"
		}
		err := CheckPairing("A", c.exp, n, c.new, today)
		if (c.field == "") != (err == nil) || (err != nil && (!errors.As(err, &fe) || fe.Field != c.field)) {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

package demo_test

import (
	"context"
	"io"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/demo"
	"github.com/udrul/udrul/internal/waves"
)

// The demo's tovholders: one at a school and one at a day-care unit in
// Aarhus. The school's tovholder starts from her institution's Aula tasks
// with dates and checklists, and finds herself in the school's people
// register next to its super-users; both sign in to their own institution.
func TestDemoTovholders(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, today := loadedDemo(t, "2026-12-07")
	ctx := context.Background()
	if err := demo.EnsureUsers(ctx, a, "", io.Discard); err != nil {
		t.Fatal(err)
	}
	cats := map[string]bool{}
	for _, u := range demo.Users {
		if u.Role != access.Tovholder {
			continue
		}
		id, err := a.IdentityByEmail(ctx, u.Email)
		if err != nil {
			t.Fatalf("%s: %v", u.Email, err)
		}
		if id.User.Org.Code != u.Org {
			t.Errorf("%s works at %s, want %s", u.Email, id.User.Org.Code, u.Org)
		}
		cats[id.User.Org.Category] = true
		h, err := a.HomeOf(ctx, id, today)
		if err != nil {
			t.Fatal(err)
		}
		if h.Institution.Code != u.Org || h.Municipality.Code != "751" {
			t.Errorf("%s's start page is of %s in %s", u.Email, h.Institution.Code, h.Municipality.Code)
		}
		if u.Org != "751-s01" {
			continue
		}
		if len(h.InstitutionTasks) == 0 || len(h.Checklists) == 0 {
			t.Fatalf("%s: %d tasks, %d with a checklist", u.Email, len(h.InstitutionTasks), len(h.Checklists))
		}
		for _, x := range h.InstitutionTasks {
			if x.InstitutionID != id.User.Org.ID {
				t.Errorf("%s's start page lists %q of another institution", u.Email, x.Title)
			}
		}
		if len(h.People) != 1 {
			t.Fatalf("%s: people of %d programmes, want Samarbejdsplatformen's", u.Email, len(h.People))
		}
		r := h.People[0]
		self := false
		for _, p := range r.People {
			self = self || p.Email == u.Email
		}
		if !self || r.Sizing.Needed != 2 || r.Sizing.SuperUsers == 0 {
			t.Errorf("%s: the school's people %+v, sizing %+v", u.Email, r.People, r.Sizing)
		}
	}
	if !cats["skole"] || !cats["dagtilbud"] {
		t.Errorf("the demo's tovholders work at %v, want a school and a day-care unit", cats)
	}
}

// The demo's KSD timeline as enrolled (seed 003 §5.5): eight waves over
// about nine months, the seven named pilot municipalities and only they in
// waves 1 and 2, the other 91 spread evenly over waves 3–7 with a few left
// for the catch-up wave 8, and no go-live in the summer holiday or from
// week 52 to week 7. TestKSDEnrolmentsAllYear checks the same of the
// enrolments on the first of every month.
func TestDemoKSDTimeline(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the full demo")
	}
	t.Parallel()
	a, today := loadedDemo(t, "2026-12-07")
	ov, err := a.Overview(context.Background(), nil, "ksd", today)
	if err != nil {
		t.Fatal(err)
	}
	pilots := map[string]bool{}
	for _, p := range demo.Pilots {
		pilots[p] = true
	}
	perWave := map[int]int{}
	first, last := ov.Municipalities[0].GoLive, ov.Municipalities[0].GoLive
	for _, m := range ov.Municipalities {
		perWave[m.Wave]++
		first, last = min(first, m.GoLive), max(last, m.GoLive)
		if (m.Wave <= 2) != pilots[m.Name] {
			t.Errorf("%s is in wave %d", m.Name, m.Wave)
		}
		if p, blocked := (waves.GoLiveRule{}).Blocked(m.GoLive); blocked {
			t.Errorf("%s goes live %s, in %s", m.Name, m.GoLive, p.Name)
		}
	}
	if len(perWave) != 8 || perWave[1]+perWave[2] != 7 || perWave[8] == 0 || perWave[8] > 5 {
		t.Errorf("municipalities per wave: %v", perWave)
	}
	for w := 3; w <= 7; w++ {
		if n := perWave[w]; n < 16 || n > 19 {
			t.Errorf("wave %d has %d municipalities, want about a fifth of 88", w, n)
		}
	}
	if span := int(last - first); span < 240 || span > 290 {
		t.Errorf("the rollout runs %d days, %s to %s, not about nine months", span, first, last)
	}
}

package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/store/storetest"
)

// The schedule measures each institution's instances against its own
// go-live: a pilot school's task that waits for the municipality's
// data processing agreement misses the pilot's date on paper (and drags that plan
// onto the pilot's kritisk vej), while the municipality's go-live and its
// kritisk vej are unaffected; a school going live after the municipality
// (the Tuesday after Whit Monday) is measured against its own date, not the
// plan's end.
func TestScheduleInstitutionGoLives(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		sys := app.System("koordinator")
		if _, err := a.Publish(ctx, sys, "skoler.yaml", schoolsCatalogue(t, func(s string) string {
			return strings.Replace(s, "    level: institution\n", "    level: institution\n    depends_on: [m-krit]\n", 1)
		}), ""); err != nil {
			t.Fatal(err)
		}
		// Go-live Monday 3 May 2027.
		if _, err := a.Enrol(ctx, sys, "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-05-03"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		asof := date("2026-12-01")
		before, err := a.Schedule(ctx, pl, "mini", "101", asof)
		if err != nil {
			t.Fatal(err)
		}
		if len(before.Institutions) != 0 || before.GoLiveAtRisk {
			t.Fatalf("before own dates: institutions %+v, at risk %v", before.Institutions, before.GoLiveAtRisk)
		}
		if x := schedTask(t, before, "m-inst"); x.GoLive != date("2027-05-03") || x.TotalFloat != 7 {
			t.Errorf("m-inst on the municipality's date: float %d against %s, want 7 against 2027-05-03", x.TotalFloat, x.GoLive)
		}
		for _, c := range []struct{ inst, golive string }{{"101-s01", "2027-03-01"}, {"101-s02", "2027-05-18"}} {
			if _, err := a.SetInstitutionGoLive(ctx, pl, "mini", "101", c.inst, app.InstitutionGoLiveInput{GoLive: date(c.golive)}); err != nil {
				t.Fatalf("%s: %v", c.inst, err)
			}
		}
		v, err := a.Schedule(ctx, pl, "mini", "101", asof)
		if err != nil {
			t.Fatal(err)
		}
		// The municipality's own go-live and kritisk vej are as before.
		if v.GoLiveAtRisk || !slices.Equal(v.CriticalPath, before.CriticalPath) {
			t.Errorf("municipality: at risk %v, kritisk vej %v (was %v)", v.GoLiveAtRisk, v.CriticalPath, before.CriticalPath)
		}
		if slices.Contains(v.CriticalPath, "m-inst") {
			t.Errorf("the pilot's task is on the municipality's kritisk vej: %v", v.CriticalPath)
		}
		if len(v.Institutions) != 2 {
			t.Fatalf("institutions %+v, want Skole A and Skole B", v.Institutions)
		}
		pilot, later := v.Institutions[0], v.Institutions[1]
		if pilot.Code != "101-s01" || !pilot.Pilot || pilot.GoLive != date("2027-03-01") || !pilot.AtRisk ||
			!slices.Equal(pilot.Driving, []string{"m-krit", "m-inst"}) || !slices.Equal(pilot.CriticalPath, []string{"m-krit", "m-inst"}) {
			t.Errorf("pilot: %+v, want Skole A at risk on paper, driven by m-krit → m-inst", pilot)
		}
		if later.Code != "101-s02" || later.Pilot || later.AtRisk || later.GoLive != date("2027-05-18") || len(later.CriticalPath) != 0 {
			t.Errorf("later school: %+v, want on time with float", later)
		}
		// The line carries its worst instance: Skole A's, against the pilot's date.
		if x := schedTask(t, v, "m-inst"); !x.Critical || x.TotalFloat >= 0 || x.GoLive != date("2027-03-01") {
			t.Errorf("m-inst: critical %v float %d against %s, want critical, negative float against 2027-03-01", x.Critical, x.TotalFloat, x.GoLive)
		}
		if x := schedTask(t, v, "m-krit"); !x.Critical || x.GoLive != date("2027-03-01") {
			t.Errorf("m-krit: critical %v against %s, want critical for the pilot", x.Critical, x.GoLive)
		}

		// The institution page has the school's own instances.
		d, err := a.Institution(ctx, pl, "mini", "101", "101-s02", asof)
		if err != nil {
			t.Fatal(err)
		}
		s := d.Schedule
		if s.GoLive != date("2027-05-18") || s.AtRisk || len(s.Tasks) != 1 || s.Tasks[0].Key != "m-inst" || s.Tasks[0].Critical ||
			s.Tasks[0].TotalFloat != 7 {
			t.Errorf("Skole B's schedule: %+v, want m-inst with 7 days' float against 18.05.2027", s)
		}
		if s.Tasks[0].End != date("2027-05-04") {
			t.Errorf("Skole B's m-inst ends %s, want 2027-05-04 (8 working days before 18 May: Whit Monday and Ascension Day off)", s.Tasks[0].End)
		}
	})
}

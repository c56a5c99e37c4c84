package demo

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// Samarbejdsplatformen's two tracks (seed 001 §8, docs/institutions.md):
// the schools (steps A and B, programme samarbejdsplatformen, pilots 1–2
// and waves 1–5) and day care (steps C and D, programme
// samarbejdsplatformen-dagtilbud, pilots 3–4 and waves 6–10), each with
// institutions at their own dates and some pilots. The catalogues name the
// waves; the demo numbers the schools' 1–7 and day care's 4–10.

// dayCareKey is the day-care track's programme.
const dayCareKey = "samarbejdsplatformen-dagtilbud"

// dtWeeks places the day-care waves: the rollout to day care begins when
// the schools are live (seed 001: "umiddelbart herefter"), after the
// parents' launch at school start (week 32): seed 001's pilots 3 and 4
// (5–10 municipalities) in waves 4 and 5, its waves 6–9 the rest, and its
// wave 10 catches up the municipalities that were not ready, after the
// winter (no go-live from week 52 to week 7, the standard rule), and
// two of its five go live only in a next round (nextRound).
var dtWeeks = []struct{ wave, week, count int }{
	{4, 36, 3}, // pilot 3
	{5, 38, 2}, // pilot 4
	{6, 40, 0},
	{7, 42, 0},
	{8, 44, 0},
	{9, 46, 0},
	{10, 52 + 10, 5}, // week 10 of the next year
}

// nextRoundDays place the day-care municipalities of the next round – in
// no wave, each at a date of its own – so far ahead that their plans are
// in phase 1 Initiering (366–456 days before go-live, also when a blackout
// moves the date up to eight weeks on) and phase 0 Tilslutning. KSD's
// rollout of nine months (seed 003) and Aula's of one school year (seed
// 001) have no plan there on most days of the year.
var nextRoundDays = []int{370, 480}

// nextRound takes the smallest municipalities of the day-care catch-up
// wave (enrolments deals it from the smallest up) out of it: they were not
// ready for it either, and go live in the next round, more than a year
// ahead.
func nextRound(cal *calendar.Calendar, ens []app.Enrolment, today model.Date, rule waves.GoLiveRule) []app.Enrolment {
	out := slices.Clone(ens)
	k := 0
	for i := range out {
		if k == len(nextRoundDays) || out[i].Wave != dtWeeks[len(dtWeeks)-1].wave {
			continue
		}
		g := clearOf(cal, rule, today.AddDays(nextRoundDays[k]))
		out[i].Wave, out[i].GoLive, out[i].EnrolledOn = 0, g, min(today, g.AddDays(-730))
		k++
	}
	return out
}

// dtWaves places the day-care waves relative to today.
func dtWaves(today model.Date) []wavePlan {
	y := aulaYear(today)
	out := make([]wavePlan, len(dtWeeks))
	for i, w := range dtWeeks {
		monday := isoMonday(y, w.week)
		if w.week > 52 {
			monday = isoMonday(y+1, w.week-52)
		}
		out[i] = wavePlan{wave: w.wave, offset: int(monday - today), count: w.count}
	}
	return out
}

// dayCareMunicipalities are the municipalities that joined the day-care
// part: seed 001's fact table counts 92 of 98. The six that did not are
// drawn from a hash of their code, so the demo is the same every run.
func dayCareMunicipalities(munis []data.Municipality) []data.Municipality {
	ordered := slices.Clone(munis)
	sort.SliceStable(ordered, func(i, j int) bool {
		return roll("dagtilbud", ordered[i].Code) < roll("dagtilbud", ordered[j].Code)
	})
	out := ordered[6:]
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// loadInstitutionDates gives institutions their own go-lives in a track:
// in about a third of the municipalities of the waves regular picks the
// first institution pilots three weeks (15 working days) before its
// municipality, and in about half the last one goes live later working
// days after it, within the wave. Pilot and catch-up waves keep the
// municipality's date: they are the pilots, or late already.
func loadInstitutionDates(ctx context.Context, a *app.App, key string, today model.Date, regular func(wave int) bool, later int) error {
	sys := app.System("demo")
	ov, err := a.Overview(ctx, nil, key, today)
	if err != nil {
		return err
	}
	cal := a.Calendar()
	for _, m := range ov.Municipalities {
		if !regular(m.Wave) {
			continue
		}
		v, err := a.Institutions(ctx, sys, key, m.Code, today)
		if err != nil {
			return err
		}
		if len(v.Institutions) < 2 {
			continue
		}
		if roll(key, m.Code, "pilot") < 33 {
			first := v.Institutions[0]
			if _, err := a.SetInstitutionGoLive(ctx, sys, key, m.Code, first.Code,
				app.InstitutionGoLiveInput{GoLive: cal.AddWorkingDays(m.GoLive, -15), Version: first.Version}); err != nil {
				return fmt.Errorf("%s %s: pilot %s: %w", key, m.Code, first.Name, err)
			}
		}
		if roll(key, m.Code, "senere") < 50 {
			last := v.Institutions[len(v.Institutions)-1]
			if _, err := a.SetInstitutionGoLive(ctx, sys, key, m.Code, last.Code,
				app.InstitutionGoLiveInput{GoLive: cal.AddWorkingDays(m.GoLive, later), Version: last.Version}); err != nil {
				return fmt.Errorf("%s %s: %s later in the wave: %w", key, m.Code, last.Name, err)
			}
		}
	}
	return nil
}

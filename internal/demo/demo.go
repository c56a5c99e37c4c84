// Package demo fills an empty database with the demo: Denmark's 98
// municipalities with their schools and day-care units, the KSD and
// Samarbejdsplatformen catalogues, every municipality enrolled in waves whose
// go-live dates are placed around today so that plans are in every phase, and
// a realistic, deterministic mix of statuses so that all three colours occur.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// Pilots are the KSD pilot municipalities named in seed 003 §5.5.
var Pilots = []string{"Assens", "Helsingør", "Ishøj", "Randers", "Vallensbæk", "Vejen", "Aarhus"}

// wavePlan places a wave's go-live relative to today (calendar days), chosen
// so that the waves together cover every phase of the implementation model.
type wavePlan struct {
	wave   int
	offset int
	count  int // municipalities, 0 = share of the rest
}

// KSD's timeline follows seed 003 §5.5: "KMD gennemfører udrulningen over 9
// måneder med i alt 8 bølger", waves 1 and 2 the pilots (the seven named
// municipalities, Pilots), the other 91 dealt over waves 3–7, wave 8 the
// catch-up, and no go-live in the summer holiday nor from week 52 to week
// 7. ksdWaves fixes the counts; ksdGoLives the dates.
var ksdWaves = []wavePlan{
	{wave: 1, count: 3},
	{wave: 2, count: 4},
	{wave: 3}, {wave: 4}, {wave: 5}, {wave: 6}, {wave: 7},
	{wave: 8, count: 3},
}

// The rollout window: the pilots went live at least ksdPilotsAgo days
// before the demo's day (past the six-month readiness round and benefit
// measurement, phase 4), the last wave goes live at most ksdSpan days
// after them – about nine months, seed 003's "over 9 måneder", with room
// for the catch-up municipality that moves a week (report.go) – and
// one wave goes live ksdNext days from the demo's day or soon after
// (København's: its project lead, a demo user, has her go-live ahead).
// The catch-up wave goes live at most ksdAhead days ahead, so that a plan
// is in phase 2.2 Klargøring also when a blackout keeps the waves before
// it back; phase 2.1 and earlier are Aula's (TestDemoPhasesEveryDay).
// Waves lie at least ksdMinGap days apart, so that no three hypercare
// windows (waves.HypercareWindow, 43 days) overlap and the two hypercare
// teams (seed 003 §7.4) take turns.
const (
	ksdPilotsAgo = 200
	ksdSpan      = 280
	ksdMinSpan   = 255
	ksdNext      = 7
	ksdAhead     = 91
	ksdMinGap    = 22
)

// ksdGoLives places KSD's eight waves for a demo built on today, on clear
// working days (working days outside the blackouts). The first goes live
// on the last clear day ksdPilotsAgo days back, the last on the last clear
// day ksdSpan days after it or ksdAhead days ahead of the demo's day,
// whichever comes first (or the first clear day after, when a blackout
// ends within five days) – earlier when that is in a blackout, the
// first wave then moving back so that the rollout still runs ksdMinSpan
// days (eight and a half months) or more. Between them the waves share the
// clear days evenly, one of them on the first clear day ksdNext days
// ahead (the wave next to go live): the waves before it share those
// before, the waves after it those after. The blackouts thus never push
// waves together. When no wave fits there with ksdMinGap days to spare,
// the wave next to go live moves to the nearest clear day ahead where one
// does; if none does, the waves share the window's clear days evenly.
func ksdGoLives(cal *calendar.Calendar, rule waves.GoLiveRule, today model.Date) []wavePlan {
	clear := func(d model.Date) bool {
		_, blocked := rule.Blocked(d)
		return cal.IsWorkingDay(d) && !blocked
	}
	back := func(d model.Date) model.Date {
		for !clear(d) {
			d--
		}
		return d
	}
	forward := func(d model.Date) model.Date {
		for !clear(d) {
			d++
		}
		return d
	}
	first := back(today.AddDays(-ksdPilotsAgo))
	end := min(first.AddDays(ksdSpan), today.AddDays(ksdAhead))
	last := back(end)
	if f := forward(end); f <= end.AddDays(5) {
		last = f // a blackout's last days: the first clear day after it
	}
	if int(last-first) < ksdMinSpan {
		// A blackout holds the end back: the pilots went live earlier.
		first = back(last.AddDays(-ksdMinSpan))
	}
	// spread places n+1 waves on the clear days from a to b, both ends
	// included, evenly.
	spread := func(a, b model.Date, n int) []model.Date {
		var days []model.Date
		for d := a; d <= b; d++ {
			if clear(d) {
				days = append(days, d)
			}
		}
		out := make([]model.Date, n+1)
		for i := range out {
			out[i] = days[i*(len(days)-1)/n]
		}
		return out
	}
	minGap := func(ds []model.Date) int {
		g := 1 << 30
		for i := 1; i < len(ds); i++ {
			g = min(g, int(ds[i]-ds[i-1]))
		}
		return g
	}
	n := len(ksdWaves) - 1
	best := spread(first, last, n)
	// The wave next to go live is one of 3–7 (not a pilot wave, not the
	// catch-up), the earliest that leaves every gap ksdMinGap days or more,
	// so that as many waves as fit are ahead. It goes live ksdNext days
	// ahead, or the nearest day after today that leaves those gaps.
	var nexts []model.Date
	for k := range ksdAhead {
		for _, d := range []model.Date{today.AddDays(ksdNext - k), today.AddDays(ksdNext + k)} {
			if d > today && clear(d) && !slices.Contains(nexts, d) {
				nexts = append(nexts, d)
			}
		}
	}
fit:
	for _, next := range nexts {
		for k := 2; k < n && next < last; k++ {
			if ds := append(spread(first, next, k), spread(next, last, n-k)[1:]...); minGap(ds) >= ksdMinGap {
				best = ds
				break fit
			}
		}
	}
	out := slices.Clone(ksdWaves)
	for i := range out {
		out[i].offset = int(best[i] - today)
	}
	return out
}

// spWeeks follows seed 001's calendar for the schools (§8): pilots 1 and 2
// early in the year (waves 1–2) and its waves 1–4 (3–6) taking the
// solution into use "primo maj" after training in January–April – in the
// first three weeks of May, as the institutions that go live a week after
// their municipality (waves 3–5) must also be trained by April. Its wave
// 5 (7) is reserved for municipalities that were not ready at the planned
// time: they go live as they become ready, in the demo a week from today
// (week 0), which also keeps a plan in phase 2.3 on days when KSD's
// blackouts hold its go-lives back. The catalogue names the waves
// (data/catalogues/samarbejdsplatformen.yaml). The launch to parents and
// pupils is national, at school start after the summer (nationalLaunch).
var spWeeks = []struct{ wave, week, day, count int }{
	{1, 10, 0, 3}, // pilot 1, early March
	{2, 12, 0, 2}, // pilot 2
	{3, 18, 0, 0}, // Monday
	{4, 18, 3, 0}, // Thursday of the same week
	{5, 19, 0, 0},
	{6, 20, 0, 0},
	{7, 0, 0, 0}, // catch-up: a week from today
}

// aulaYear is the year of the Aula rollout the demo shows: the coming
// spring until about August, then the next one – so a demo built in the
// autumn shows the rollout ahead and one built in early summer shows staff
// live and the parents' launch ahead.
func aulaYear(today model.Date) int { return today.AddDays(150).Year() }

// isoMonday is the Monday of ISO week w of year y.
func isoMonday(y, w int) model.Date {
	jan4 := model.DateOf(time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC))
	return jan4.AddDays(-((int(jan4.Weekday()) + 6) % 7) + (w-1)*7)
}

// spWaves places the Aula waves (spWeeks) relative to today.
func spWaves(today model.Date) []wavePlan {
	y := aulaYear(today)
	out := make([]wavePlan, len(spWeeks))
	for i, w := range spWeeks {
		out[i] = wavePlan{wave: w.wave, offset: 7, count: w.count}
		if w.week > 0 {
			out[i].offset = int(isoMonday(y, w.week).AddDays(w.day) - today)
		}
	}
	return out
}

// Load builds the demo as of today. It expects an empty, migrated database.
func Load(ctx context.Context, a *app.App, today model.Date) error {
	munis, err := data.Municipalities()
	if err != nil {
		return err
	}
	// The demo's organisations are the installation's reference set
	// (internal/orgs), already there when the database was created by a
	// command that migrates.
	if _, err := a.EnsureReferenceOrganisations(ctx); err != nil {
		return fmt.Errorf("demo: organisations: %w", err)
	}
	cats, err := data.DemoCatalogues()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(cats))
	for n := range cats {
		names = append(names, n)
	}
	// The day-care track's catalogue last, so that the programmes (and
	// their task ids) keep the order they had before it.
	sort.Slice(names, func(i, j int) bool {
		di, dj := strings.Contains(names[i], "dagtilbud"), strings.Contains(names[j], "dagtilbud")
		if di != dj {
			return dj
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		if strings.HasSuffix(n, "samarbejdsplatformen.yaml") {
			cats[n] = nationalLaunch(cats[n], today)
		}
		if _, err := a.Publish(ctx, app.System("demo"), n, cats[n], ""); err != nil {
			return fmt.Errorf("demo: publish %s: %w", n, err)
		}
	}
	// Samarbejdsplatformen rolls out around the summer too (seed 001 §8:
	// wave 5 for those who want rollout around the summer), so it names
	// its own periods – none; KSD keeps the standard blackouts.
	sp := app.DefaultWaveSetup("samarbejdsplatformen")
	sp.OwnBlackouts = true
	if _, err := a.SaveWaveSetup(ctx, app.System("demo"), "samarbejdsplatformen", sp); err != nil {
		return fmt.Errorf("demo: go-live rule: %w", err)
	}
	// The day-care track keeps the standard blackouts.
	rules := map[string]waves.GoLiveRule{"ksd": {}, "samarbejdsplatformen": {OwnPeriods: true}, dayCareKey: {}}
	// In a fixed order, so that task ids are the same every run (task 1 is
	// KSD's). Institutions get their own dates before statuses are set, so
	// that the statuses follow the dates (institutions.go).
	for _, key := range []string{"ksd", "samarbejdsplatformen", dayCareKey} {
		plan := map[string][]wavePlan{"ksd": ksdGoLives(a.Calendar(), rules["ksd"], today), "samarbejdsplatformen": spWaves(today), dayCareKey: dtWaves(today)}[key]
		joined := munis
		if key == dayCareKey {
			joined = dayCareMunicipalities(munis)
		}
		ens := enrolments(a.Calendar(), joined, plan, today, rules[key], key == "ksd")
		if key == dayCareKey {
			ens = nextRound(a.Calendar(), ens, today, rules[key])
		}
		if _, err := a.Enrol(ctx, app.System("demo"), key, ens); err != nil {
			return fmt.Errorf("demo: enrol %s: %w", key, err)
		}
		// Schools: waves 1–3 (3–5), a week later at most, so that their
		// staff is still trained by April (seed 001's calendar); wave 4
		// (6) keeps its municipalities' dates. Day care: waves 6–9.
		regular := map[string]func(int) bool{
			"ksd":                  func(int) bool { return false },
			"samarbejdsplatformen": func(w int) bool { return w >= 3 && w <= 5 },
			dayCareKey:             func(w int) bool { return w >= 6 && w <= 9 },
		}[key]
		later := map[string]int{"samarbejdsplatformen": 7, dayCareKey: 10}[key]
		if err := loadInstitutionDates(ctx, a, key, today, regular, later); err != nil {
			return fmt.Errorf("demo: institutions' go-lives in %s: %w", key, err)
		}
		if err := simulate(ctx, a, key, today); err != nil {
			return fmt.Errorf("demo: statuses in %s: %w", key, err)
		}
	}
	if err := loadExtras(ctx, a, today); err != nil {
		return fmt.Errorf("demo: checklists and documents: %w", err)
	}
	if err := loadWavePlan(ctx, a, today); err != nil {
		return fmt.Errorf("demo: wave plan: %w", err)
	}
	if err := loadReadiness(ctx, a, today); err != nil {
		return fmt.Errorf("demo: readiness survey: %w", err)
	}
	if err := loadRisks(ctx, a, today); err != nil {
		return fmt.Errorf("demo: risk register: %w", err)
	}
	if err := loadBenefits(ctx, a, today); err != nil {
		return fmt.Errorf("demo: benefit register: %w", err)
	}
	if err := loadPeople(ctx, a); err != nil {
		return fmt.Errorf("demo: people register: %w", err)
	}
	if err := loadTraining(ctx, a, today); err != nil {
		return fmt.Errorf("demo: training: %w", err)
	}
	if err := loadReportSnapshots(ctx, a, today); err != nil {
		return fmt.Errorf("demo: report snapshots: %w", err)
	}
	if err := loadNetwork(ctx, a, today); err != nil {
		return fmt.Errorf("demo: announcements and network: %w", err)
	}
	if err := loadAddOns(ctx, a, today); err != nil {
		return fmt.Errorf("demo: add-on purchases: %w", err)
	}
	return nil
}

// enrolments fills the fixed-size waves first (the pilots first of all),
// then deals the rest out by population so every wave mixes sizes.
func enrolments(cal *calendar.Calendar, munis []data.Municipality, plan []wavePlan, today model.Date, rule waves.GoLiveRule, fromNext bool) []app.Enrolment {
	ordered := slices.Clone(munis)
	sort.SliceStable(ordered, func(i, j int) bool {
		pi, pj := slices.Contains(Pilots, ordered[i].Name), slices.Contains(Pilots, ordered[j].Name)
		if pi != pj {
			return pi
		}
		return ordered[i].Population > ordered[j].Population
	})
	var fixed, open []wavePlan
	for _, w := range plan {
		if w.count > 0 {
			fixed = append(fixed, w)
		} else {
			open = append(open, w)
		}
	}
	// The catch-up wave (last fixed one after the open ones) takes the
	// smallest municipalities, so take them off the end.
	var out []app.Enrolment
	golive := func(w wavePlan) model.Date { return clearOf(cal, rule, today.AddDays(w.offset)) }
	i := 0
	for _, w := range fixed {
		if w.offset > open[len(open)-1].offset {
			for k := 0; k < w.count; k++ {
				m := ordered[len(ordered)-1]
				ordered = ordered[:len(ordered)-1]
				out = append(out, app.Enrolment{Code: m.Code, GoLive: golive(w), Wave: w.wave})
			}
			continue
		}
		for k := 0; k < w.count; k++ {
			out = append(out, app.Enrolment{Code: ordered[i].Code, GoLive: golive(w), Wave: w.wave})
			i++
		}
	}
	// With fromNext (KSD), dealing starts at the first wave still ahead, so
	// that the largest municipality not among the pilots (København, whose
	// project lead is a demo user) has its go-live days ahead.
	next := 0
	for fromNext && next < len(open)-1 && open[next].offset <= 0 {
		next++
	}
	for j, m := range ordered[i:] {
		w := open[(next+j)%len(open)]
		out = append(out, app.Enrolment{Code: m.Code, GoLive: golive(w), Wave: w.wave})
	}
	// The demo's municipalities joined the programme long before today,
	// two years before their go-live, so none of their tasks is "før
	// tilmelding" (docs/before-enrolment.md) – except one, enrolled late a
	// week ago, a month and a half before its go-live.
	late := false
	for k := range out {
		out[k].EnrolledOn = min(today, out[k].GoLive.AddDays(-730))
		if g := out[k].GoLive; !late && g >= today.AddDays(40) && g <= today.AddDays(60) {
			out[k].EnrolledOn, late = today.AddDays(-7), true
		}
	}
	return out
}

// aulaNationalDate is the national launch to parents and pupils in the
// Aula catalogue file (data/catalogues/samarbejdsplatformen.yaml).
const aulaNationalDate = "date: 2027-08-09"

// nationalLaunch moves the Aula catalogue's national launch to parents and
// pupils (seed 001: at school start after the summer holiday, the same day
// in the whole country) to the demo's rollout year (NationalLaunch).
func nationalLaunch(src []byte, today model.Date) []byte {
	return bytes.Replace(src, []byte(aulaNationalDate), []byte("date: "+NationalLaunch(today).String()), 1)
}

// NationalLaunch is the day the demo's Aula opens to parents and pupils
// in the whole country: school start (the Monday of ISO week 32, about
// the second Monday of August) after the last wave's go-live.
func NationalLaunch(today model.Date) model.Date { return isoMonday(aulaYear(today), 32) }

// simulate sets statuses as municipalities would have. Most municipalities
// are on track; about one in six is behind and leaves some ended tasks
// undone. Outcomes are drawn from a hash of municipality and task, so the
// demo is the same every run for the same day.
func simulate(ctx context.Context, a *app.App, key string, today model.Date) error {
	ov, err := a.Overview(ctx, nil, key, today)
	if err != nil {
		return err
	}
	for _, m := range ov.Municipalities {
		p, err := a.Plan(ctx, nil, key, m.Code, today)
		if err != nil {
			return err
		}
		behind := roll(key, m.Code) < 16
		var updates []app.StatusUpdate
		for _, t := range p.Tasks {
			st, comment := outcome(t, today, m.Code, behind)
			if st != t.Status {
				updates = append(updates, app.StatusUpdate{ID: t.ID, StatusChange: app.StatusChange{Status: st, Comment: comment, Version: t.Version}})
			}
		}
		if _, err := a.BulkSetStatus(ctx, app.System("Projektleder, "+m.Name), updates); err != nil {
			return fmt.Errorf("%s: %w", m.Code, err)
		}
	}
	return nil
}

func outcome(t app.TaskView, today model.Date, code string, behind bool) (model.Status, string) {
	r := roll(code, t.Key, t.InstitutionName)
	switch {
	case t.Type == model.Optional && t.Start <= today && r < 25:
		return model.NotRelevant, "Ikke relevant for os."
	case t.End < today && (!behind || r < 80):
		return model.Completed, "Udført."
	case t.End < today && r < 90:
		return model.Started, "I gang, men forsinket."
	case t.End < today:
		return model.NotStarted, ""
	case t.Start <= today && r < 25:
		return model.Completed, "Udført før tid."
	case t.Start <= today && r < 55:
		return model.Started, "Vi er i gang."
	}
	return model.NotStarted, ""
}
func roll(parts ...string) int {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int(h.Sum32() % 100)
}

package demo

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// The demo's wave plan describes the KSD rollout already under way (seed
// 003 §5.5): the eight enrolled waves at their go-live dates (pilots 1–2,
// regular 3–7, catch-up 8), the standard blackouts (the default), every
// municipality whose go-live has passed or whose hypercare window has begun
// fixed where it is, one collaboration, one wish and purchased training for
// ten municipalities. The draft is computed from the rollout under way, so
// it moves nobody the rules do not force to move. The collaboration, wish
// and training are illustrative.

var (
	demoGroup = []string{"Kalundborg", "Holbæk"}
	demoTrain = []string{"Aalborg", "Esbjerg", "Kolding", "Horsens", "Vejle", "Silkeborg", "Herning", "Roskilde", "Næstved", "Slagelse"}
)

func loadWavePlan(ctx context.Context, a *app.App, today model.Date) error {
	ov, err := a.Overview(ctx, app.System("demo"), "ksd", today)
	if err != nil {
		return err
	}
	code := map[string]string{}
	wave := map[string]int{}
	golive := map[int]model.Date{}
	for _, m := range ov.Municipalities {
		code[m.Name], wave[m.Name] = m.Code, m.Wave
		golive[m.Wave] = m.GoLive
	}
	s := app.DefaultWaveSetup("ksd")
	for n := 1; n <= 8; n++ {
		kind := waves.Regular
		switch {
		case n <= 2:
			kind = waves.Pilot
		case n == 8:
			kind = waves.Catchup
		}
		s.Waves = append(s.Waves, app.WaveDef{Number: n, Kind: kind, GoLive: golive[n]})
	}
	// Municipalities whose hypercare window has begun (or who are live)
	// stay where they are; so do the pilots.
	fixed := map[string]bool{}
	for _, m := range ov.Municipalities {
		if from, _ := waves.HypercareWindow.Span(m.GoLive); from <= today || m.Wave <= 2 {
			s.Municipalities = append(s.Municipalities, app.WaveMunicipality{Code: m.Code, FixedWave: m.Wave})
			fixed[m.Code] = true
		}
	}
	s.Groups = []app.WaveGroup{{Name: "Jobcenter Vestsjælland", Members: []string{code[demoGroup[0]], code[demoGroup[1]]}}}
	// The wish: Odense (or, once its wave is fixed, the largest
	// municipality of the waves still ahead) would rather go live in wave
	// 4 than 5.
	if w := wishMunicipality(ov.Municipalities, fixed); w != "" {
		s.Municipalities = append(s.Municipalities, app.WaveMunicipality{Code: w, Preferred: []int{4}, Excluded: []int{5},
			Note: "Ny organisering af jobcentret i bølge 5's periode."})
	}
	for _, name := range demoTrain {
		s.Municipalities = mergeTraining(s.Municipalities, code[name])
	}
	if _, err := a.SaveWaveSetup(ctx, app.System("demo"), "ksd", s); err != nil {
		return err
	}
	_, err = a.CreateWaveVersion(ctx, app.System("demo"), "ksd", app.NewWaveVersion{Seed: 1, Keep: true})
	return err
}

// wishMunicipality is the municipality of a regular wave not yet fixed
// with the largest population: Odense if it is one, by the order of the
// largest population otherwise; "" if there is none.
func wishMunicipality(ms []app.MunicipalityOverview, fixed map[string]bool) string {
	best, pop := "", -1
	for _, m := range ms {
		if fixed[m.Code] || m.Wave < 3 || m.Wave > 7 {
			continue
		}
		if m.Name == "Odense" {
			return m.Code
		}
		if m.Population > pop {
			best, pop = m.Code, m.Population
		}
	}
	return best
}

// mergeTraining marks code as having purchased training, in its existing
// entry if it has one.
func mergeTraining(ms []app.WaveMunicipality, code string) []app.WaveMunicipality {
	for i := range ms {
		if ms[i].Code == code {
			ms[i].PurchasedTraining = true
			return ms
		}
	}
	return append(ms, app.WaveMunicipality{Code: code, PurchasedTraining: true})
}

// clearOf returns the first working day on or after d that the go-live
// rule allows.
func clearOf(cal *calendar.Calendar, rule waves.GoLiveRule, d model.Date) model.Date {
	for range 400 {
		for !cal.IsWorkingDay(d) {
			d++
		}
		p, blocked := rule.Blocked(d)
		if !blocked {
			return d
		}
		d = p.To + 1
	}
	panic(fmt.Sprintf("demo: no go-live date clear of the blackouts after %s", d))
}

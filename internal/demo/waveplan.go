package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// The demo's wave plan: KSD gets a setup in the shape of seed 003 §5.5 for
// a next round starting about four months from today – eight waves five
// weeks apart (pilots 1–2 with the seven named pilots, regular 3–7,
// catch-up 8), the standard blackouts, one collaboration, one wish and
// purchased training for ten municipalities – and a draft computed from it.
// The collaboration, wish and training are illustrative.

var (
	demoPilots = map[string]int{"Vallensbæk": 1, "Ishøj": 1, "Vejen": 1, "Assens": 2, "Helsingør": 2, "Randers": 2, "Aarhus": 2}
	demoGroup  = []string{"Kalundborg", "Holbæk"}
	demoTrain  = []string{"Aalborg", "Esbjerg", "Kolding", "Horsens", "Vejle", "Silkeborg", "Herning", "Roskilde", "Næstved", "Slagelse"}
)

func loadWavePlan(ctx context.Context, a *app.App, today model.Date) error {
	cands, err := a.WaveCandidates(ctx, nil)
	if err != nil {
		return err
	}
	code := map[string]string{}
	for _, c := range cands {
		code[c.Name] = c.Code
	}
	s := app.DefaultWaveSetup("ksd")
	first := today.AddDays(120)
	s.Blackouts = app.StandardBlackouts(first.Year(), first.Year()+2)
	d := first
	for n := 1; n <= 8; n++ {
		d = clearOf(a, s.Blackouts, d)
		kind := "regular"
		switch {
		case n <= 2:
			kind = "pilot"
		case n == 8:
			kind = "catchup"
		}
		s.Waves = append(s.Waves, app.WaveDef{Number: n, Kind: kind, GoLive: d})
		d = d.AddDays(35)
	}
	for name, w := range demoPilots {
		s.Municipalities = append(s.Municipalities, app.WaveMunicipality{Code: code[name], FixedWave: w})
	}
	s.Groups = []app.WaveGroup{{Name: "Jobcenter Vestsjælland", Members: []string{code[demoGroup[0]], code[demoGroup[1]]}}}
	s.Municipalities = append(s.Municipalities, app.WaveMunicipality{Code: code["Odense"], Preferred: []int{4}, Excluded: []int{5},
		Note: "Ny organisering af jobcentret i bølge 5's periode."})
	for _, name := range demoTrain {
		s.Municipalities = append(s.Municipalities, app.WaveMunicipality{Code: code[name], PurchasedTraining: true})
	}
	if _, err := a.SaveWaveSetup(ctx, app.System("demo"), "ksd", s); err != nil {
		return err
	}
	_, err = a.CreateWaveVersion(ctx, app.System("demo"), "ksd", app.NewWaveVersion{Seed: 1})
	return err
}

// clearOf returns the first Monday on or after d that is a working day
// outside every blackout.
func clearOf(a *app.App, blackouts []app.WaveBlackout, d model.Date) model.Date {
	for range 400 {
		moved := false
		for d.Weekday() != time.Monday || !a.Calendar().IsWorkingDay(d) {
			d++
			moved = true
		}
		for _, b := range blackouts {
			if b.From <= d && d <= b.To {
				d = b.To + 1
				moved = true
			}
		}
		if !moved {
			return d
		}
	}
	panic(fmt.Sprintf("demo: no go-live date clear of the blackouts after %s", d))
}

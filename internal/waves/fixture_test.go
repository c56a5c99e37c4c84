package waves

import (
	"errors"
	"time"
)

// smallProblem is a hand-sized instance for table tests: seven real
// municipalities (rounded populations), a pilot, two regular waves and a
// catch-up wave in 2027, clear of the standard blackouts.
func smallProblem() Problem {
	return Problem{
		Municipalities: []Municipality{
			{Code: "101", Name: "København", Region: "Region Hovedstaden", Population: 600000},
			{Code: "147", Name: "Frederiksberg", Region: "Region Hovedstaden", Population: 100000},
			{Code: "461", Name: "Odense", Region: "Region Syddanmark", Population: 200000},
			{Code: "479", Name: "Svendborg", Region: "Region Syddanmark", Population: 58000},
			{Code: "561", Name: "Esbjerg", Region: "Region Syddanmark", Population: 115000},
			{Code: "563", Name: "Fanø", Region: "Region Syddanmark", Population: 3000},
			{Code: "825", Name: "Læsø", Region: "Region Nordjylland", Population: 2000},
		},
		Waves: []Wave{
			{Number: 1, Kind: Pilot, GoLive: d(2027, time.March, 1)},
			{Number: 2, Kind: Regular, GoLive: d(2027, time.April, 26)},
			{Number: 3, Kind: Regular, GoLive: d(2027, time.May, 31)},
			{Number: 4, Kind: Catchup, GoLive: d(2027, time.September, 27)},
		},
		Fixed:     map[string]int{"479": 1},
		Blackouts: StandardBlackouts(2027, 2027),
	}
}

// withWave returns p with wave n changed by f.
func withWave(p Problem, n int, f func(*Wave)) Problem {
	p.Waves = append([]Wave(nil), p.Waves...)
	for i := range p.Waves {
		if p.Waves[i].Number == n {
			f(&p.Waves[i])
		}
	}
	return p
}

// withFixed returns p with extra fixed placements.
func withFixed(p Problem, kv ...any) Problem {
	p.Fixed = cloneMap(p.Fixed)
	for i := 0; i < len(kv); i += 2 {
		p.Fixed[kv[i].(string)] = kv[i+1].(int)
	}
	return p
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

package gen

import (
	"fmt"
	"sort"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/waves"
)

// The five Danish regions; generated municipalities are dealt out over them.
var regions = []struct{ code, name string }{
	{"1081", "Region Nordjylland"}, {"1082", "Region Midtjylland"}, {"1083", "Region Syddanmark"},
	{"1084", "Region Hovedstaden"}, {"1085", "Region Sjælland"},
}

// MunicipalityCode is the code of generated municipality i (1-based):
// G001, G002, … Real municipality codes are three digits, so generated
// ones can never be mistaken for or collide with them.
func MunicipalityCode(i int) string { return fmt.Sprintf("G%03d", i) }

// Municipalities returns n generated municipalities and institutionsPer
// institutions under each. Codes are G001… for municipalities and
// G001-001… for institutions, names start with "Genereret"; two in five
// institutions are schools, the rest day-care units. Population and area
// are made up but plausible. The result depends only on the arguments.
func Municipalities(n, institutionsPer int) ([]model.Organisation, []app.Institution) {
	munis := make([]model.Organisation, n)
	insts := make([]app.Institution, 0, n*max(institutionsPer, 0))
	for i := range munis {
		code := MunicipalityCode(i + 1)
		reg := regions[i%len(regions)]
		r := newRNG(int64(i), 2)
		munis[i] = model.Organisation{Kind: model.OrgMunicipality, Code: code, Name: fmt.Sprintf("Genereret kommune %03d", i+1),
			RegionCode: reg.code, RegionName: reg.name, Population: r.between(2000, 350000), AreaKm2: float64(r.between(8000, 150000)) / 100}
		for j := 1; j <= institutionsPer; j++ {
			o := model.Organisation{Code: fmt.Sprintf("%s-%03d", code, j)}
			if j%5 == 1 || j%5 == 3 {
				o.Category, o.Name = model.CategorySchool, fmt.Sprintf("Genereret skole %03d-%03d", i+1, j)
			} else {
				o.Category, o.Name = model.CategoryDayCare, fmt.Sprintf("Genereret dagtilbud %03d-%03d", i+1, j)
			}
			insts = append(insts, app.Institution{Municipality: code, Org: o})
		}
	}
	return munis, insts
}

// WaveStarts returns the first go-live day of each of o's waves: wave 1
// on o.FirstGoLive (moved forward to a working day), each next wave
// o.WaveSpacing working days after the one before. A wave whose first week
// (five working days) would touch one of the periods without go-live
// (waves.StandardBlackouts: the summer holiday, week 52 to week 7) starts
// on the first working day after that period instead, since enrolment
// refuses go-lives there.
func WaveStarts(o Options) []model.Date {
	o = o.WithDefaults()
	cal := calendar.Danish()
	first := o.FirstGoLive
	blackouts := waves.StandardBlackouts(first.Year(), first.Year()+10)
	starts := make([]model.Date, max(o.Waves, 1))
	d := first
	for w := range starts {
		if w > 0 {
			d = cal.AddWorkingDays(starts[w-1], o.WaveSpacing)
		}
		for moved := true; moved; {
			moved = false
			for !cal.IsWorkingDay(d) {
				d++
			}
			last := cal.AddWorkingDays(d, 4)
			for _, p := range blackouts {
				if p.From <= last && d <= p.To {
					d, moved = p.To.AddDays(1), true
				}
			}
		}
		starts[w] = d
	}
	return starts
}

// Enrolments places the municipalities with the given codes in o.Waves
// waves of about equal size, drawn at random from o.Seed. Wave w starts on
// WaveStarts(o)[w-1]; each municipality's go-live is a working day in the
// first week of its wave. The result is ordered by wave, go-live and code.
func Enrolments(codes []string, o Options) []app.Enrolment {
	o = o.WithDefaults()
	cal := calendar.Danish()
	o.Waves = min(max(o.Waves, 1), max(len(codes), 1))
	starts := WaveStarts(o)
	order := make([]int, len(codes))
	for i := range order {
		order[i] = i
	}
	r := newRNG(o.Seed, 3)
	shuffle(r, order)
	out := make([]app.Enrolment, len(codes))
	for k, i := range order {
		w := k*o.Waves/len(codes) + 1
		start := starts[w-1]
		// Enrolled long before its tasks begin, so that none is "før
		// tilmelding" (docs/before-enrolment.md) and overdue work is red.
		golive := cal.AddWorkingDays(start, r.intn(5))
		out[k] = app.Enrolment{Code: codes[i], Wave: w, GoLive: golive, EnrolledOn: golive.AddDays(-4 * 365)}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Wave != b.Wave {
			return a.Wave < b.Wave
		}
		if a.GoLive != b.GoLive {
			return a.GoLive < b.GoLive
		}
		return len(a.Code) < len(b.Code) || len(a.Code) == len(b.Code) && a.Code < b.Code
	})
	return out
}

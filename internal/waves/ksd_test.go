package waves

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// ksdPilots are the seven KSD pilot municipalities (seed 003 §7.2) and the
// pilot wave each is placed in. The names are from the seed; the split over
// waves 1 and 2 is illustrative.
var ksdPilots = map[string]int{
	"187": 1, // Vallensbæk
	"183": 1, // Ishøj
	"575": 1, // Vejen
	"420": 2, // Assens
	"217": 2, // Helsingør
	"730": 2, // Randers
	"751": 2, // Aarhus
}

// mustLoadMunicipalities reads testdata/municipalities.csv (see its README).
func mustLoadMunicipalities(tb testing.TB) []Municipality {
	tb.Helper()
	f, err := os.Open("testdata/municipalities.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var ms []Municipality
	for _, r := range rows[1:] {
		pop, err := strconv.Atoi(r[4])
		if err != nil {
			tb.Fatalf("population of %s: %v", r[1], err)
		}
		ms = append(ms, Municipality{Code: r[0], Name: r[1], Region: r[3], Population: pop})
	}
	return ms
}

func d(y int, m time.Month, day int) model.Date { return model.NewDate(y, m, day) }

// ksdWaves is an illustrative KSD calendar: 8 waves over 9 months, Mondays,
// clear of the summer holiday and of weeks 52–7, with never more than two
// overlapping rollout windows.
func ksdWaves() []Wave {
	return []Wave{
		{Number: 1, Kind: Pilot, GoLive: d(2027, time.March, 1)},
		{Number: 2, Kind: Pilot, GoLive: d(2027, time.March, 29)},
		{Number: 3, Kind: Regular, GoLive: d(2027, time.April, 26)},
		{Number: 4, Kind: Regular, GoLive: d(2027, time.May, 31)},
		{Number: 5, Kind: Regular, GoLive: d(2027, time.June, 21)},
		{Number: 6, Kind: Regular, GoLive: d(2027, time.August, 23)},
		{Number: 7, Kind: Regular, GoLive: d(2027, time.September, 27)},
		{Number: 8, Kind: Catchup, GoLive: d(2027, time.November, 1)},
	}
}

// mustKSDProblem is the real 98-municipality KSD instance.
func mustKSDProblem(tb testing.TB) Problem {
	tb.Helper()
	fixed := map[string]int{}
	for c, w := range ksdPilots {
		fixed[c] = w
	}
	return Problem{
		Municipalities: mustLoadMunicipalities(tb),
		Waves:          ksdWaves(),
		Fixed:          fixed,
		Blackouts:      StandardBlackouts(2027, 2027),
	}
}

func TestKSDInstanceIsValid(t *testing.T) {
	p := mustKSDProblem(t)
	if len(p.Municipalities) != 98 {
		t.Fatalf("got %d municipalities, want 98", len(p.Municipalities))
	}
	if issues := Validate(p); len(issues) > 0 {
		t.Fatalf("KSD instance has issues: %v", issues)
	}
}

func TestOptimizeKSD(t *testing.T) {
	p := mustKSDProblem(t)
	start := time.Now()
	a, err := Optimize(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("optimised in %v: balance %.6f %+v", time.Since(start), a.Score.Balance(), a.Score)
	for _, w := range a.Waves {
		t.Logf("wave %d %-7s %2d municipalities %9d inhabitants classes %v regions %v",
			w.Number, w.Kind, w.Count, w.Population, w.Classes, w.Regions)
	}
	checkKSDHard(t, p, a)
	b, err := Optimize(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !mapsEqual(a.Wave, b.Wave) {
		t.Error("same seed gave different assignments")
	}
}

// checkKSDHard asserts the hard constraints and the shape seed 003 §5.5 asks for.
func checkKSDHard(t *testing.T, p Problem, a Assignment) {
	t.Helper()
	if a.Score.Hard != 0 {
		t.Errorf("hard violations: %v", a.Violations)
	}
	if len(a.Wave) != 98 {
		t.Errorf("%d municipalities placed, want 98", len(a.Wave))
	}
	for code, w := range a.Wave {
		pilot, isPilot := ksdPilots[code]
		switch {
		case isPilot && w != pilot:
			t.Errorf("pilot %s in wave %d, want %d", code, w, pilot)
		case !isPilot && (w < 3 || w > 7):
			t.Errorf("%s in wave %d, want a regular wave 3–7", code, w)
		}
	}
	var counts []int
	for _, w := range a.Waves {
		if w.Kind == Regular {
			counts = append(counts, w.Count)
		}
	}
	slices.Sort(counts)
	if !slices.Equal(counts, []int{18, 18, 18, 18, 19}) {
		t.Errorf("regular wave counts %v, want 91 spread as 18,18,18,18,19", counts)
	}
	// Every regular wave mixes all three sizes and all five regions. An
	// even share of each size is not possible: København's wave must be made
	// up with the smallest municipalities to stay balanced.
	for _, w := range a.Waves {
		if w.Kind != Regular {
			continue
		}
		if slices.Contains(w.Classes[:], 0) || len(w.Regions) != 5 {
			t.Errorf("wave %d: classes %v, regions %v; want all three sizes and five regions", w.Number, w.Classes, w.Regions)
		}
	}
	if a.Score.RegionSpread != 0 {
		t.Errorf("region spread %v, want 0: %v", a.Score.RegionSpread, a.Violations)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func BenchmarkOptimizeKSD(b *testing.B) {
	p := mustKSDProblem(b)
	var a Assignment
	cpu := cpuSeconds()
	defer func() { b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op") }()
	for b.Loop() {
		var err error
		if a, err = Optimize(p, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(a.Score.Balance(), "balance")
}

// cpuSeconds is the process's user+system CPU time: on a shared machine it
// says what an operation costs when wall-clock time is inflated by others.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

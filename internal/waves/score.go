package waves

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/udrul/udrul/internal/dknum"
)

// Score is an assignment's value per criterion (lower is better). The balance
// objective — the part compared with the exact MILP optimum — is
// CountBalance + PopulationBalance.
type Score struct {
	// CountBalance is Σ over regular waves of |count − mean| / mean.
	CountBalance float64
	// PopulationBalance is Σ over regular waves of |population − mean| / mean.
	PopulationBalance float64
	// SizeMix counts municipalities outside the even share of their size
	// class, summed over regular waves and classes. The even share of a class
	// with n regular members over W regular waves is floor(n/W)..ceil(n/W).
	SizeMix float64
	// RegionSpread is the same as SizeMix for regions.
	RegionSpread float64
	// Wishes counts unmet preferences.
	Wishes float64
	// Hard counts broken hard constraints; an Optimize result has none, a
	// what-if move may introduce some.
	Hard float64
	// Total is the weighted sum of the soft criteria.
	Total float64
}

// Balance is the balance objective.
func (s Score) Balance() float64 { return s.CountBalance + s.PopulationBalance }

// Sub returns s − o per criterion: the delta of a what-if is After.Sub(Before).
func (s Score) Sub(o Score) Score {
	return Score{
		CountBalance:      s.CountBalance - o.CountBalance,
		PopulationBalance: s.PopulationBalance - o.PopulationBalance,
		SizeMix:           s.SizeMix - o.SizeMix,
		RegionSpread:      s.RegionSpread - o.RegionSpread,
		Wishes:            s.Wishes - o.Wishes,
		Hard:              s.Hard - o.Hard,
		Total:             s.Total - o.Total,
	}
}

// Criterion is one line of a score breakdown.
type Criterion struct {
	Name     string  // stable English key
	Value    float64 // raw value, as in Score
	Weight   float64
	Weighted float64 // Value × Weight, its share of Total
}

// Breakdown lists the soft criteria with the weights used for Total.
func (s Score) Breakdown(w Weights) []Criterion {
	if w == (Weights{}) {
		w = DefaultWeights
	}
	line := func(name string, v, wt float64) Criterion { return Criterion{name, v, wt, v * wt} }
	return []Criterion{
		line("count_balance", s.CountBalance, w.Count),
		line("population_balance", s.PopulationBalance, w.Population),
		line("size_mix", s.SizeMix, w.SizeMix),
		line("region_spread", s.RegionSpread, w.Region),
		line("wishes", s.Wishes, w.Wish),
	}
}

// WaveStats summarises one wave of an assignment.
type WaveStats struct {
	Number     int
	Kind       WaveKind
	Count      int
	Population int
	Classes    [numClasses]int // by SizeClass
	Regions    map[string]int
	Trained    int
	// Institutions counts the wave's schools and day-care units.
	Institutions int
	Members      []string // codes in the order of Problem.Municipalities
}

// Assignment is a placement of every municipality in a wave, with its score.
type Assignment struct {
	Wave       map[string]int // municipality code → wave number
	Score      Score
	Violations []string // every broken hard constraint (starting HardPrefix) first, then every soft miss
	Waves      []WaveStats
	// Moved lists, when the problem has a Current plan, every municipality
	// placed elsewhere than there, with the reason.
	Moved []Relocation
}

// HardPrefix starts every violation of a hard constraint in
// Assignment.Violations; it is a key for code, not for users.
const HardPrefix = "HARD: "

// SplitViolations separates hard violations (without the prefix) from soft
// misses.
func SplitViolations(vs []string) (hard, soft []string) {
	for _, v := range vs {
		if h, ok := strings.CutPrefix(v, HardPrefix); ok {
			hard = append(hard, h)
		} else {
			soft = append(soft, v)
		}
	}
	return hard, soft
}

// BalanceTolerance is the relative deviation from the mean above which a
// wave's count or population is listed among the violations.
const BalanceTolerance = 0.05

// Evaluate scores an arbitrary placement of p's municipalities. It is the one
// place the objective is defined; the search only computes it incrementally.
func Evaluate(p Problem, wave map[string]int) Assignment {
	in := compile(p)
	where := make([]int, len(in.munis))
	t := newTally(len(in.waves), len(in.regions))
	var hard []string
	for i, m := range in.munis {
		n, ok := wave[m.Code]
		j, known := in.byNum[n]
		switch {
		case !ok:
			hard = append(hard, fmt.Sprintf("%s har ingen bølge", in.label(i)))
			j = -1
		case !known:
			hard = append(hard, fmt.Sprintf("%s står i bølge %d, som ikke findes", in.label(i), n))
			j = -1
		default:
			t.add(in.single(i), j, 1)
		}
		where[i] = j
	}
	tg := in.targetsOf(t)
	a := Assignment{Wave: cloneMap(wave)}
	var soft []string
	a.Score, soft = in.softScore(t, &tg, where)
	hard = append(hard, in.hardViolations(t, where)...)
	a.Score.Hard = float64(len(hard))
	// The blocking reasons first, the soft misses after them.
	for _, h := range hard {
		a.Violations = append(a.Violations, HardPrefix+h)
	}
	a.Violations = append(a.Violations, soft...)
	a.Waves = in.waveStats(t, where)
	if p.Current != nil {
		a.Moved = in.relocations(t, where)
	}
	return a
}

// single wraps municipality i as a one-member unit for tallying.
func (in *instance) single(i int) *unit {
	u := &unit{members: []int{i}, reg: make([]int, len(in.regions))}
	u.size, u.pop = 1, in.munis[i].Population
	u.cls[in.class[i]] = 1
	u.reg[in.region[i]] = 1
	if in.munis[i].PurchasedTraining {
		u.trained = 1
	}
	u.inst = in.munis[i].Institutions
	return u
}

// softScore computes the soft criteria and explains every miss.
func (in *instance) softScore(t *tally, tg *targets, where []int) (Score, []string) {
	var s Score
	var v []string
	for _, j := range in.regular {
		c, p, m, r := in.waveTerms(t, tg, j)
		s.CountBalance += c
		s.PopulationBalance += p
		s.SizeMix += m
		s.RegionSpread += r
		v = append(v, in.explainWave(t, tg, j)...)
	}
	s.Wishes, v = in.wishScore(where, v)
	w := in.p.Weights
	s.Total = w.Count*s.CountBalance + w.Population*s.PopulationBalance +
		w.SizeMix*s.SizeMix + w.Region*s.RegionSpread + w.Wish*s.Wishes
	return s, v
}

// explainWave words the soft misses of regular wave j.
func (in *instance) explainWave(t *tally, tg *targets, j int) []string {
	var v []string
	n := in.waves[j].Number
	if d := relDev(float64(t.cnt[j]), tg.count); d > BalanceTolerance {
		v = append(v, fmt.Sprintf("bølge %d har %s, %s gennemsnittet på %s",
			n, municipalities(t.cnt[j], ""), offMean(float64(t.cnt[j]), tg.count), dknum.Decimal(tg.count, 1)))
	}
	if d := relDev(float64(t.pop[j]), tg.pop); d > BalanceTolerance {
		v = append(v, fmt.Sprintf("bølge %d har %s indbyggere, %s gennemsnittet på %s",
			n, dknum.Int(t.pop[j]), offMean(float64(t.pop[j]), tg.pop), dknum.Int(int(tg.pop+0.5))))
	}
	for k, c := range t.cls[j] {
		if outside(c, tg.clsLo[k], tg.clsHi[k]) > 0 {
			v = append(v, fmt.Sprintf("bølge %d har %s; en ligelig andel er %s",
				n, municipalities(c, SizeClass(k).Danish()+" "), span(tg.clsLo[k], tg.clsHi[k])))
		}
	}
	for r, c := range t.reg[j] {
		if outside(c, tg.regLo[r], tg.regHi[r]) > 0 {
			v = append(v, fmt.Sprintf("bølge %d har %s fra %s; en ligelig andel er %s",
				n, municipalities(c, ""), in.regions[r], span(tg.regLo[r], tg.regHi[r])))
		}
	}
	return v
}

// wishScore counts unmet preferences; where holds each municipality's wave
// index (-1 if it has none).
func (in *instance) wishScore(where []int, v []string) (float64, []string) {
	unmet := 0
	for _, w := range in.p.Wishes {
		i, ok := in.byCode[w.Code]
		if !ok || len(w.Preferred) == 0 || where[i] < 0 {
			continue
		}
		if n := in.waves[where[i]].Number; !slices.Contains(w.Preferred, n) {
			unmet++
			v = append(v, fmt.Sprintf("%s ønskede bølge %s, men står i bølge %d",
				in.label(i), orList(w.Preferred), n))
		}
	}
	return float64(unmet), v
}

func cloneMap(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// offMean says how far x lies from mean: "12,5 % above".
func offMean(x, mean float64) string {
	dir := "over"
	if x < mean {
		dir = "under"
	}
	return dknum.Decimal(100*relDev(x, mean), 1) + " % " + dir
}

// municipalities counts with the right number: "1 lille kommune", "2 små
// kommuner" (adjective is "lille ", "mellemstor " or "stor " or empty).
func municipalities(n int, adjective string) string {
	if n == 1 {
		return fmt.Sprintf("1 %skommune", adjective)
	}
	plural := map[string]string{"lille ": "små ", "mellemstor ": "mellemstore ", "stor ": "store "}
	if p, ok := plural[adjective]; ok {
		adjective = p
	}
	return fmt.Sprintf("%d %skommuner", n, adjective)
}

func span(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// orList formats [3 4 5] as "3, 4 or 5".
func orList(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " eller " + parts[len(parts)-1]
}

package waves

import (
	"fmt"
	"math"

	"github.com/udrul/udrul/internal/dknum"
)

// Explain says in a coordinator's words how balanced an assignment is:
// how far the regular waves' population and number of municipalities lie
// from the mean, whether every wave mixes sizes and regions, and how many
// wishes are unmet. The raw Score is for code and comparisons.
func Explain(a Assignment) []string {
	var cnts, pops []int
	mixed, allRegions := 0, 0
	regions := map[string]bool{}
	for _, w := range a.Waves {
		if w.Kind != Regular {
			continue
		}
		for r := range w.Regions {
			regions[r] = true
		}
	}
	for _, w := range a.Waves {
		if w.Kind != Regular {
			continue
		}
		cnts, pops = append(cnts, w.Count), append(pops, w.Population)
		if w.Classes[Small] > 0 && w.Classes[Medium] > 0 && w.Classes[Large] > 0 {
			mixed++
		}
		if len(w.Regions) == len(regions) {
			allRegions++
		}
	}
	if len(pops) == 0 {
		return nil
	}
	meanPop, maxPop := meanAndMaxDev(pops)
	meanCnt, _ := meanAndMaxDev(cnts)
	lo, hi := cnts[0], cnts[0]
	for _, c := range cnts {
		lo, hi = min(lo, c), max(hi, c)
	}
	n := len(pops)
	out := []string{
		fmt.Sprintf("Befolkningen i de %d almindelige bølger afviger højst %s indbyggere (%s %%) fra gennemsnittet på %s.",
			n, dknum.Int(int(math.Round(maxPop))), dknum.Decimal(100*maxPop/meanPop, 3), dknum.Int(int(math.Round(meanPop)))),
		fmt.Sprintf("Hver almindelig bølge har %s kommuner (gennemsnit %s).", span(lo, hi), dknum.Decimal(meanCnt, 1)),
		fmt.Sprintf("%d af %d bølger har både små, mellemstore og store kommuner; %d af %d har kommuner fra alle %d regioner.",
			mixed, n, allRegions, n, len(regions)),
	}
	switch u := int(a.Score.Wishes); u {
	case 0:
		out = append(out, "Alle kommunernes ønsker til bølge er opfyldt.")
	case 1:
		out = append(out, "1 kommunes ønske til bølge er ikke opfyldt.")
	default:
		out = append(out, fmt.Sprintf("%d kommuners ønsker til bølge er ikke opfyldt.", u))
	}
	if h := int(a.Score.Hard); h > 0 {
		out = append(out, fmt.Sprintf("Planen bryder %d faste regler (se nedenfor).", h))
	}
	return out
}

func meanAndMaxDev(xs []int) (mean, maxDev float64) {
	for _, x := range xs {
		mean += float64(x)
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		maxDev = max(maxDev, math.Abs(float64(x)-mean))
	}
	return mean, maxDev
}

package gen

import (
	"context"
	"fmt"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/readiness"
)

// ReadinessGroups are the user groups the generator gives every
// municipality's survey.
var ReadinessGroups = []string{"Genereret leder", "Genereret primær sagsbehandler", "Genereret lejlighedsvis bruger", "Genereret informationssøgende"}

// Readiness fills the readiness surveys of the municipalities codes,
// enrolled in programme: the four ReadinessGroups, all three rounds, and
// respondents answers per round spread over the groups (a tenth leaders,
// the rest evenly), each round closed. Scores are drawn around 3.5 with
// the seed, so the same arguments give the same data. This is the data set
// of BenchmarkNationalReadiness: 98 municipalities × 3 rounds × 200
// respondents = 58,800 answers.
func Readiness(ctx context.Context, a *app.App, programme string, codes []string, respondents int, seed int64) error {
	for mi, code := range codes {
		r := newRNG(seed, uint64(7000+mi))
		var groups []int64
		for _, name := range ReadinessGroups {
			g, err := a.AddReadinessGroup(ctx, nil, programme, code, name)
			if err != nil {
				return fmt.Errorf("gen: readiness %s: %w", code, err)
			}
			groups = append(groups, g.ID)
		}
		for _, k := range readiness.Kinds {
			if _, err := a.CreateReadinessRound(ctx, nil, programme, code, string(k)); err != nil {
				return fmt.Errorf("gen: readiness %s: %w", code, err)
			}
			answers := map[int64][]readiness.Answer{}
			for i := range respondents {
				g := groups[0]
				if i >= respondents/10 {
					g = groups[1+i%(len(groups)-1)]
				}
				var ans readiness.Answer
				for e := range ans {
					ans[e] = r.between(2, 5) - r.intn(2) // 1–5, mean about 3
				}
				answers[g] = append(answers[g], ans)
			}
			if err := a.SeedReadinessAnswers(ctx, programme, code, k, answers); err != nil {
				return fmt.Errorf("gen: readiness %s: %w", code, err)
			}
			if _, err := a.CloseReadinessRound(ctx, nil, programme, code, string(k)); err != nil {
				return fmt.Errorf("gen: readiness %s: %w", code, err)
			}
		}
	}
	return nil
}

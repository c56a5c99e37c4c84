package waves

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	base := smallProblem()
	trained := func(p Problem, codes ...string) Problem {
		p.Municipalities = append([]Municipality(nil), p.Municipalities...)
		for i := range p.Municipalities {
			if slices.Contains(codes, p.Municipalities[i].Code) {
				p.Municipalities[i].PurchasedTraining = true
			}
		}
		return p
	}
	tests := []struct {
		name     string
		p        Problem
		want     []string // issue kinds, in order
		contains string   // a phrase the first message must contain
	}{
		{name: "valid", p: base},
		{
			name: "wave go-live in the summer holiday",
			p:    withWave(base, 3, func(w *Wave) { w.GoLive = d(2027, time.July, 12) }),
			want: []string{"wave-in-blackout"}, contains: `12.07.2027 ligger i perioden "Sommerferie 2027"`,
		},
		{
			name: "blackout edge: Sunday of week 7 is blocked",
			p:    withWave(base, 1, func(w *Wave) { w.GoLive = d(2027, time.February, 21) }),
			want: []string{"wave-in-blackout", "fixed-in-blackout"},
		},
		{
			name: "blackout edge: Monday of week 8 is free",
			p:    withWave(base, 1, func(w *Wave) { w.GoLive = d(2027, time.February, 22) }),
		},
		{
			name: "fixed member in a wave going live in a blackout",
			p:    withWave(base, 1, func(w *Wave) { w.GoLive = d(2027, time.January, 4) }),
			want: []string{"wave-in-blackout", "fixed-in-blackout"}, contains: "Bølge 1: go-live den 04.01.2027",
		},
		{
			name: "collaboration larger than every wave",
			p: func() Problem {
				p := withWave(base, 2, func(w *Wave) { w.Capacity = 3 })
				p = withWave(p, 3, func(w *Wave) { w.Capacity = 3 })
				p.Groups = [][]string{{"561", "563", "825", "147"}}
				return p
			}(),
			want: []string{"group-too-large"}, contains: "samarbejdet Frederiksberg (147), Esbjerg (561), Fanø (563), Læsø (825) har 4 kommuner",
		},
		{
			name: "collaboration fixed to different waves",
			p: func() Problem {
				p := withFixed(base, "561", 2, "563", 3)
				p.Groups = [][]string{{"561", "563"}}
				return p
			}(),
			want: []string{"group-fixed-apart"}, contains: "Esbjerg (561) fastlagt til bølge 2; Fanø (563) fastlagt til bølge 3",
		},
		{
			name: "overlapping groups merge",
			p: func() Problem {
				p := withFixed(base, "561", 2, "825", 3)
				p.Groups = [][]string{{"561", "563"}, {"563", "825"}}
				return p
			}(),
			want: []string{"group-fixed-apart"},
		},
		{
			name: "total capacity too small",
			p: withWave(withWave(base, 2, func(w *Wave) { w.Capacity = 2 }), 3,
				func(w *Wave) { w.Capacity = 3 }),
			want: []string{"capacity-too-small"}, contains: "plads til 5 kommuner mere, men der skal placeres 6",
		},
		{
			name: "team capacity counts as wave capacity",
			p:    func() Problem { p := base; p.TeamCapacity = 2; return p }(),
			want: []string{"capacity-too-small"},
		},
		{
			name: "fixed over a wave's capacity",
			p:    withWave(withFixed(base, "825", 1), 1, func(w *Wave) { w.Capacity = 1 }),
			want: []string{"fixed-over-capacity"}, contains: "Svendborg (479), Læsø (825)",
		},
		{
			name: "fixed to an excluded wave",
			p:    func() Problem { p := base; p.Wishes = []Wish{{Code: "479", Excluded: []int{1}}}; return p }(),
			want: []string{"fixed-to-excluded"},
		},
		{
			name: "every regular wave excluded",
			p:    func() Problem { p := base; p.Wishes = []Wish{{Code: "825", Excluded: []int{2, 3}}}; return p }(),
			want: []string{"all-waves-excluded"}, contains: "Læsø (825) har fravalgt alle almindelige bølger (bølge 2 og 3)",
		},
		{
			name: "a collaboration's exclusions together cover every wave",
			p: func() Problem {
				p := base
				p.Groups = [][]string{{"561", "563"}}
				p.Wishes = []Wish{{Code: "561", Excluded: []int{2}}, {Code: "563", Excluded: []int{3}}}
				return p
			}(),
			want: []string{"all-waves-excluded"},
		},
		{
			name: "wish both prefers and excludes",
			p: func() Problem {
				p := base
				p.Wishes = []Wish{{Code: "825", Preferred: []int{2}, Excluded: []int{2}}}
				return p
			}(),
			want: []string{"wish-contradiction"},
		},
		{
			name: "unknown references",
			p: func() Problem {
				p := withFixed(base, "999", 2, "825", 9)
				p.Groups = [][]string{{"825", "998"}}
				p.Wishes = []Wish{{Code: "147", Preferred: []int{7}}}
				return p
			}(),
			want: []string{"unknown-wave", "unknown-municipality", "unknown-municipality", "unknown-wave"},
		},
		{
			name: "duplicates and bad kinds",
			p: func() Problem {
				p := withWave(base, 4, func(w *Wave) { w.Kind = "extra" })
				p.Municipalities = append(p.Municipalities, p.Municipalities[0])
				p.Waves = append(p.Waves, p.Waves[1])
				return p
			}(),
			// The duplicated wave also doubles its hypercare demand.
			want: []string{"duplicate-municipality", "duplicate-wave", "unknown-wave-kind", "hypercare-overlap"},
		},
		{
			name: "no regular wave",
			p:    func() Problem { p := base; p.Waves = p.Waves[:1]; return p }(),
			want: []string{"no-regular-wave"},
		},
		{
			name: "three waves need hypercare at once",
			p:    threeAtOnce(base),
			want: []string{"hypercare-overlap"}, contains: "Bølge 1, 2 og 3 har alle brug for et hypercareteam den 01.03.2027",
		},
		{
			name: "one more team makes it fit",
			p: func() Problem {
				p := threeAtOnce(base)
				p.HypercareTeams = 3
				return p
			}(),
		},
		{
			name: "fixed trained municipalities over the training limit",
			p: func() Problem {
				p := trained(withFixed(base, "825", 1), "479", "825")
				p.TrainingParallel = 1
				return p
			}(),
			want: []string{"training-fixed-over"},
		},
		{
			name: "more trained municipalities than the dates allow",
			p:    func() Problem { p := trained(base, "101", "147", "461", "561"); p.TrainingParallel = 1; return p }(),
			want: []string{"training-capacity"}, contains: "4 kommuner med købt uddannelse skal placeres",
		},
		{
			name: "negative population",
			p: func() Problem {
				p := base
				p.Municipalities = append([]Municipality(nil), p.Municipalities...)
				p.Municipalities[6].Population = -1
				return p
			}(),
			want: []string{"negative-population"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issues := Validate(tt.p)
			var kinds []string
			for _, is := range issues {
				kinds = append(kinds, is.Kind)
				if len(is.Constraints) == 0 || is.Message == "" {
					t.Errorf("issue %v names no constraints or has no message", is)
				}
			}
			if !slices.Equal(kinds, tt.want) {
				t.Fatalf("kinds = %q, want %q\n%v", kinds, tt.want, issues)
			}
			if tt.contains != "" && !strings.Contains(issues[0].Message, tt.contains) {
				t.Errorf("message %q does not contain %q", issues[0].Message, tt.contains)
			}
		})
	}
}

func TestOptimizeRefusesInfeasible(t *testing.T) {
	p := withWave(smallProblem(), 2, func(w *Wave) { w.GoLive = d(2027, time.July, 12) })
	_, err := Optimize(p, 1)
	var inf *InfeasibleError
	if !errorsAs(err, &inf) || inf.Issues[0].Kind != "wave-in-blackout" {
		t.Fatalf("Optimize = %v, want an InfeasibleError with wave-in-blackout", err)
	}
}

// threeAtOnce moves waves 2 and 3 to two and four weeks after wave 1, so
// that the three rollout windows share 1–15 March.
func threeAtOnce(p Problem) Problem {
	p = withWave(p, 2, func(w *Wave) { w.GoLive = d(2027, time.March, 15) })
	return withWave(p, 3, func(w *Wave) { w.GoLive = d(2027, time.March, 29) })
}

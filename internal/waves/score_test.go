package waves

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// quad is four municipalities in two regions over two regular waves and a
// catch-up wave: small enough to score by hand.
func quad() Problem {
	return Problem{
		Municipalities: []Municipality{
			{Code: "a", Name: "Aå", Region: "R1", Population: 10},
			{Code: "b", Name: "Bø", Region: "R2", Population: 20},
			{Code: "c", Name: "Cæ", Region: "R1", Population: 10},
			{Code: "e", Name: "Eé", Region: "R2", Population: 20},
		},
		Waves: []Wave{
			{Number: 1, Kind: Regular, GoLive: d(2027, time.March, 1)},
			{Number: 2, Kind: Regular, GoLive: d(2027, time.April, 5)},
			{Number: 3, Kind: Catchup, GoLive: d(2027, time.May, 10)},
		},
	}
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name  string
		p     func(Problem) Problem
		wave  map[string]int
		want  Score // Total is checked against the weighted sum separately
		viols []string
	}{
		{
			name: "perfect", wave: map[string]int{"a": 1, "b": 1, "c": 2, "e": 2},
		},
		{
			name: "population off, mix and spread off",
			wave: map[string]int{"a": 1, "c": 1, "b": 2, "e": 2},
			want: Score{PopulationBalance: 20.0 / 30, SizeMix: 4, RegionSpread: 4},
			viols: []string{
				"bølge 1 har 20 indbyggere, 33,3 % under gennemsnittet på 30",
				"bølge 1 har 2 små kommuner; en ligelig andel er 1",
				"bølge 1 har 0 store kommuner; en ligelig andel er 1",
				"bølge 2 har 0 små kommuner; en ligelig andel er 1",
				"bølge 1 har 2 kommuner fra R1; en ligelig andel er 1",
			},
		},
		{
			name:  "count off",
			wave:  map[string]int{"a": 1, "b": 1, "c": 1, "e": 2},
			want:  Score{CountBalance: 1, PopulationBalance: 20.0 / 30, SizeMix: 2, RegionSpread: 2},
			viols: []string{"bølge 1 har 3 kommuner, 50 % over gennemsnittet på 2"},
		},
		{
			name: "catch-up changes the means",
			wave: map[string]int{"a": 1, "b": 1, "c": 2, "e": 3},
			// count mean 1,5: 0,5/1,5 twice; population mean 20: 10/20 twice
			// and the even shares: a, b, c hold one large and two small.
			want: Score{CountBalance: 2.0 / 3, PopulationBalance: 1},
		},
		{
			name: "unmet and met wishes",
			p: func(p Problem) Problem {
				p.Wishes = []Wish{{Code: "a", Preferred: []int{2}}, {Code: "c", Preferred: []int{1, 2}}}
				return p
			},
			wave:  map[string]int{"a": 1, "b": 1, "c": 2, "e": 2},
			want:  Score{Wishes: 1},
			viols: []string{"Aå (a) ønskede bølge 2, men står i bølge 1"},
		},
		{
			name: "hard: missing, unknown wave",
			wave: map[string]int{"a": 1, "b": 9, "c": 2},
			// Only a and c are in regular waves, one each: balanced.
			want:  Score{Hard: 2},
			viols: []string{"HARD: Bø (b) står i bølge 9, som ikke findes", "HARD: Eé (e) har ingen bølge"},
		},
		{
			name: "hard: fixed, group, exclusion, capacity, training",
			p: func(p Problem) Problem {
				p.Fixed = map[string]int{"a": 2}
				p.Groups = [][]string{{"b", "c"}}
				p.Wishes = []Wish{{Code: "e", Excluded: []int{1}}}
				p.Waves[0].Capacity = 1
				p.TrainingParallel = 1
				p.Municipalities = slices.Clone(p.Municipalities)
				p.Municipalities[1].PurchasedTraining = true
				p.Municipalities[3].PurchasedTraining = true
				return p
			},
			wave: map[string]int{"a": 1, "b": 1, "c": 2, "e": 1},
			want: Score{CountBalance: 1, PopulationBalance: 40.0 / 30, SizeMix: 2, RegionSpread: 2, Hard: 5},
			viols: []string{
				"HARD: Aå (a) er fastlagt til bølge 2, men står i bølge 1",
				"HARD: samarbejdet Bø (b), Cæ (c) er delt over bølge 1 og 2",
				"HARD: Eé (e) har fravalgt bølge 1, men står i den",
				"HARD: bølge 1 har 3 kommuner, men kan højst tage 1 (bølgens kapacitet)",
				"HARD: Bølge 1 ville have 2 kommuner med købt uddannelse i uddannelse på samme tid; højst 1 kan være det",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := quad()
			if tt.p != nil {
				p = tt.p(p)
			}
			a := Evaluate(p, tt.wave)
			got := a.Score
			w := DefaultWeights
			wantTotal := tt.want.CountBalance + tt.want.PopulationBalance + w.SizeMix*tt.want.SizeMix +
				w.Region*tt.want.RegionSpread + w.Wish*tt.want.Wishes
			tt.want.Total = wantTotal
			if !scoresClose(got, tt.want) {
				t.Errorf("score\n got %+v\nwant %+v\n%v", got, tt.want, a.Violations)
			}
			for _, v := range tt.viols {
				if !slices.Contains(a.Violations, v) {
					t.Errorf("violations lack %q:\n%s", v, strings.Join(a.Violations, "\n"))
				}
			}
			var sum float64
			for _, c := range got.Breakdown(p.Weights) {
				sum += c.Weighted
			}
			if math.Abs(sum-got.Total) > 1e-12 {
				t.Errorf("breakdown sums to %v, Total is %v", sum, got.Total)
			}
		})
	}
}

func scoresClose(a, b Score) bool {
	d := a.Sub(b)
	for _, x := range []float64{d.CountBalance, d.PopulationBalance, d.SizeMix, d.RegionSpread, d.Wishes, d.Hard, d.Total} {
		if math.Abs(x) > 1e-9 {
			return false
		}
	}
	return true
}

func TestTertiles(t *testing.T) {
	ms := func(pops ...int) []Municipality {
		var out []Municipality
		for _, p := range pops {
			out = append(out, Municipality{Population: p})
		}
		return out
	}
	tests := []struct {
		pops []int
		want SizeClasses
	}{
		{nil, SizeClasses{}},
		{[]int{5}, SizeClasses{5, 5}},
		{[]int{1, 2, 3, 4, 5, 6}, SizeClasses{3, 5}},
		{[]int{6, 5, 4, 3, 2, 1, 7}, SizeClasses{4, 6}},
	}
	for _, tt := range tests {
		if got := Tertiles(ms(tt.pops...)); got != tt.want {
			t.Errorf("Tertiles(%v) = %+v, want %+v", tt.pops, got, tt.want)
		}
	}
	sc := SizeClasses{MediumFrom: 30, LargeFrom: 60}
	for pop, want := range map[int]SizeClass{29: Small, 30: Medium, 59: Medium, 60: Large} {
		if got := sc.Class(pop); got != want {
			t.Errorf("Class(%d) = %v, want %v", pop, got, want)
		}
	}
}

func TestOrList(t *testing.T) {
	if got := orList([]int{3, 4, 5}); got != "3, 4 eller 5" {
		t.Errorf("orList = %q", got)
	}
}

package schedule

import (
	"errors"
	"testing"
)

func TestValidate(t *testing.T) {
	keys := []string{"a", "b", "c", "d"}
	tests := []struct {
		name string
		deps []Dependency
		want string // error text; empty for none
	}{
		{"no dependencies", nil, ""},
		{"chain with all kinds", []Dependency{fs("a", "b", 0), dep("b", "c", StartToStart, -2), dep("c", "d", FinishToFinish, 3)}, ""},
		{"SS and FF between the same pair", []Dependency{dep("a", "b", StartToStart, 1), dep("a", "b", FinishToFinish, 1)}, ""},
		{"diamond", []Dependency{fs("a", "b", 0), fs("a", "c", 0), fs("b", "d", 0), fs("c", "d", 0)}, ""},
		{"unknown from", []Dependency{fs("a", "b", 0), fs("x", "c", 0)},
			`afhængighed 2 (x → c): ukendt opgave "x"`},
		{"unknown to", []Dependency{fs("a", "y", 0)},
			`afhængighed 1 (a → y): ukendt opgave "y"`},
		{"unknown kind", []Dependency{dep("a", "b", "SF", 0)},
			`afhængighed 1 (a → b): ukendt type "SF"; brug FS, SS eller FF`},
		{"self-dependency", []Dependency{fs("a", "b", 0), fs("c", "c", 0)},
			"afhængighederne danner en løkke: c → c"},
		{"cycle of two", []Dependency{fs("b", "a", 0), dep("a", "b", StartToStart, 0)},
			"afhængighederne danner en løkke: a → b → a"},
		{"cycle of three listed from the middle", []Dependency{fs("c", "a", 0), fs("b", "c", 0), fs("a", "b", 0)},
			"afhængighederne danner en løkke: a → b → c → a"},
		{"cycle of three listed in reverse", []Dependency{fs("a", "b", 0), fs("b", "c", 0), fs("c", "a", 0)},
			"afhængighederne danner en løkke: a → b → c → a"},
		{"cycle behind an acyclic start, with a tail", []Dependency{fs("a", "b", 0), fs("b", "c", 0), fs("c", "d", 0), fs("d", "b", 0)},
			"afhængighederne danner en løkke: b → c → d → b"},
		{"unknown key is reported before a cycle", []Dependency{fs("a", "a", 0), fs("a", "z", 0)},
			`afhængighed 2 (a → z): ukendt opgave "z"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(keys, tt.deps)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidateErrorTypes(t *testing.T) {
	var cyc *CycleError
	if err := Validate([]string{"x", "y"}, []Dependency{fs("y", "x", 0), fs("x", "y", 2)}); !errors.As(err, &cyc) {
		t.Fatalf("want *CycleError, got %v", err)
	}
	if len(cyc.Keys) != 2 || cyc.Keys[0] != "x" || cyc.Keys[1] != "y" {
		t.Errorf("cycle keys = %v, want [x y]", cyc.Keys)
	}
	var unk *UnknownTaskError
	if err := Validate([]string{"x"}, []Dependency{fs("x", "q", 0)}); !errors.As(err, &unk) || unk.Key != "q" || unk.Index != 1 {
		t.Errorf("want *UnknownTaskError for q at 1, got %v", err)
	}
	var dup *DuplicateTaskError
	if err := Validate([]string{"x", "y", "x"}, nil); !errors.As(err, &dup) || dup.Key != "x" {
		t.Errorf("want *DuplicateTaskError for x, got %v", err)
	}
}

// The cycle reported must not depend on the order tasks are listed in.
func TestValidateCycleIndependentOfTaskOrder(t *testing.T) {
	deps := []Dependency{fs("k", "m", 0), fs("m", "l", 0), fs("l", "k", 0), fs("p", "q", 0), fs("q", "p", 0)}
	want := "afhængighederne danner en løkke: k → m → l → k"
	for _, keys := range [][]string{{"k", "l", "m", "p", "q"}, {"q", "p", "m", "l", "k"}, {"m", "q", "k", "p", "l"}} {
		if err := Validate(keys, deps); err == nil || err.Error() != want {
			t.Errorf("keys %v: got %v, want %q", keys, err, want)
		}
	}
}

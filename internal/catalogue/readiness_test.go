package catalogue_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/catalogue"
)

// KSD's survey tasks declare their readiness rounds; an unknown round, a
// round on an institution-level task and two tasks for one round are
// refused, naming the field.
func TestParseReadinessRound(t *testing.T) {
	cats, err := data.DemoCatalogues()
	if err != nil {
		t.Fatal(err)
	}
	var src string
	for name, b := range cats {
		if strings.Contains(name, "ksd") {
			src = string(b)
		}
	}
	c, err := catalogue.Parse("ksd.yaml", []byte(src), implModel(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, task := range c.Tasks {
		if task.ReadinessRound != "" {
			got[task.ReadinessRound] = task.Key
		}
	}
	if got["baseline"] != "ksd-fl-04" || got["status-1"] != "ksd-fl-10" || got["status-6"] != "ksd-fl-13" || len(got) != 3 {
		t.Errorf("rounds %v", got)
	}
	cases := []struct {
		name, from, to, want string
	}{
		{"unknown round", "readiness_round: status-6", "readiness_round: midtvejs", `ukendt runde "midtvejs"`},
		{"two tasks for one round", "readiness_round: status-6", "readiness_round: baseline", `runden "baseline" er allerede opgaven ksd-fl-04`},
		{"institution level", "level: kommune\n    responsible: Kommunen\n    executor: KSD-projektleder\n    readiness_round: status-6",
			"level: institution\n    responsible: Kommunen\n    executor: KSD-projektleder\n    readiness_round: status-6", "kun en opgave på kommuneniveau"},
	}
	for _, tc := range cases {
		if !strings.Contains(src, tc.from) {
			t.Fatalf("%s: %q not in ksd.yaml", tc.name, tc.from)
		}
		_, err := catalogue.Parse("ksd.yaml", []byte(strings.Replace(src, tc.from, tc.to, 1)), implModel(t))
		var pe *catalogue.Invalid
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "readiness_round") {
			t.Errorf("%s: %v, want a problem at readiness_round saying %q", tc.name, err, tc.want)
		}
	}
}

package model

import (
	"encoding/json"
	"regexp"
	"testing"
)

// Every enumeration's table: stored values follow the one convention
// (lower-case ASCII words joined with "_"), each value once, each with a
// Danish label.
func TestEnumTables(t *testing.T) {
	value := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	check := func(name string, values []string, label func(string) string) {
		seen := map[string]bool{}
		for _, v := range values {
			if !value.MatchString(v) {
				t.Errorf("%s: value %q does not follow the convention", name, v)
			}
			if seen[v] {
				t.Errorf("%s: value %q twice", name, v)
			}
			seen[v] = true
			if l := label(v); l == "" || l == v {
				t.Errorf("%s: value %q has no label (%q)", name, v, l)
			}
		}
	}
	check("WaveStates", WaveStates.Strings(), func(v string) string { return WaveState(v).Label() })
	check("ConflictStates", ConflictStates.Strings(), func(v string) string { return ConflictState(v).Label() })
	check("OutboxStates", OutboxStates.Strings(), func(v string) string { return OutboxState(v).Label() })
	check("ContactChannels", ContactChannels.Strings(), func(v string) string { return ContactChannel(v).Label() })
	check("ContactKinds", ContactKinds.Strings(), func(v string) string { return ContactKind(v).Label() })
	check("IncidentCategories", IncidentCategories.Strings(), func(v string) string { return IncidentCategory(v).Label() })
	check("IncidentSeverities", IncidentSeverities.Strings(), func(v string) string { return IncidentSeverity(v).Label() })
	check("IncidentStatuses", IncidentStatuses.Strings(), func(v string) string { return IncidentStatus(v).Label() })
}

func TestEnumEdges(t *testing.T) {
	tests := []struct {
		v     IncidentStatus
		valid bool
		label string
	}{
		{IncidentOpen, true, "Åben"},
		{IncidentSolved, true, "Løst"},
		{"under_behandling", true, "Under behandling"},
		{"", false, ""},
		{"LOEST", false, "LOEST"},
		{"ukendt", false, "ukendt"},
	}
	for _, tt := range tests {
		if got := IncidentStatuses.Valid(tt.v); got != tt.valid {
			t.Errorf("Valid(%q) = %v, want %v", tt.v, got, tt.valid)
		}
		if got := tt.v.Label(); got != tt.label {
			t.Errorf("Label(%q) = %q, want %q", tt.v, got, tt.label)
		}
	}
	if got := IncidentSeverities.Values(); len(got) != 4 || got[0] != "kritisk" || got[3] != "lav" {
		t.Errorf("Values in order: %v", got)
	}
}

// The API keeps its English names for the wave plan's and the conflicts'
// states while the database stores Danish words: JSON carries the API's
// name both ways, and an unknown name is refused.
func TestStatesInJSONKeepTheAPINames(t *testing.T) {
	for _, tt := range []struct {
		v    any
		json string
	}{
		{WaveDraft, `"draft"`}, {WaveHearing, `"hearing"`}, {WaveFinal, `"final"`}, {WaveSuperseded, `"superseded"`},
		{ConflictOpen, `"open"`}, {ConflictKeepLocal, `"keep_local"`}, {ConflictTakeStandard, `"take_standard"`},
	} {
		b, err := json.Marshal(tt.v)
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.v, b, err, tt.json)
		}
	}
	var w struct{ State WaveState }
	if err := json.Unmarshal([]byte(`{"State":"hearing"}`), &w); err != nil || w.State != WaveHearing {
		t.Errorf("Unmarshal hearing: %q, %v", w.State, err)
	}
	if err := json.Unmarshal([]byte(`{"State":"hoering"}`), &w); err == nil {
		t.Error("the stored value was accepted as an API name")
	}
	if c, ok := ConflictStateByAPIName("take_standard"); !ok || c != ConflictTakeStandard {
		t.Errorf("ConflictStateByAPIName(take_standard) = %q, %v", c, ok)
	}
	if _, ok := ConflictStateByAPIName("tag_standard"); ok {
		t.Error("the stored value was accepted as an API name")
	}
}

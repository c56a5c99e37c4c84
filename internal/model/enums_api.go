package model

import (
	"encoding/json"
	"fmt"
)

// The API (web/openapi.json) has named the wave plan's and the conflicts'
// states in English since its first version, from before stored values
// followed the one convention (migration 0026 renamed the stored values).
// The contract keeps those names: these tables are the one mapping between
// a stored value and its name in JSON, and the types' JSON methods use them,
// so every JSON document carries the API's name whichever struct holds it.
type apiNames[T ~string] []struct {
	Value T
	API   string
}

// name is v's name in the API; a value not in the table (the zero value
// of an empty struct) keeps its own text.
func (n apiNames[T]) name(v T) string {
	for _, x := range n {
		if x.Value == v {
			return x.API
		}
	}
	return string(v)
}

func (n apiNames[T]) parse(s string) (T, bool) {
	for _, x := range n {
		if x.API == s {
			return x.Value, true
		}
	}
	return "", false
}

func (n apiNames[T]) marshal(v T) ([]byte, error) {
	return json.Marshal(n.name(v))
}

func (n apiNames[T]) unmarshal(b []byte, v *T) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	x, ok := n.parse(s)
	if !ok {
		return fmt.Errorf("%q er ikke en kendt værdi", s)
	}
	*v = x
	return nil
}

var waveStateAPI = apiNames[WaveState]{
	{WaveDraft, "draft"},
	{WaveHearing, "hearing"},
	{WaveFinal, "final"},
	{WaveSuperseded, "superseded"},
}

// APIName is the state's name in the API.
func (s WaveState) APIName() string { return waveStateAPI.name(s) }

// MarshalJSON writes the state's name in the API.
func (s WaveState) MarshalJSON() ([]byte, error) { return waveStateAPI.marshal(s) }

// UnmarshalJSON reads a state by its name in the API.
func (s *WaveState) UnmarshalJSON(b []byte) error { return waveStateAPI.unmarshal(b, s) }

var conflictStateAPI = apiNames[ConflictState]{
	{ConflictOpen, "open"},
	{ConflictKeepLocal, "keep_local"},
	{ConflictTakeStandard, "take_standard"},
}

// ConflictStateByAPIName is the state the API names s; ok is false for a
// name the API does not know.
func ConflictStateByAPIName(s string) (state ConflictState, ok bool) {
	return conflictStateAPI.parse(s)
}

// APIName is the state's name in the API.
func (s ConflictState) APIName() string { return conflictStateAPI.name(s) }

// MarshalJSON writes the state's name in the API.
func (s ConflictState) MarshalJSON() ([]byte, error) { return conflictStateAPI.marshal(s) }

// UnmarshalJSON reads a state by its name in the API.
func (s *ConflictState) UnmarshalJSON(b []byte) error { return conflictStateAPI.unmarshal(b, s) }

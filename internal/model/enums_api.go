package model

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The API (web/openapi.json) has named some enumerations in English since
// its first version, from before stored values followed the one convention
// (migrations 0026 and 0029 renamed the stored values). The contract keeps
// those names: an APINames table is the one mapping between a stored value
// and its name in JSON, and the type's JSON methods use it, so every JSON
// document carries the API's name whichever struct holds it.
type APINames[T ~string] []struct {
	Value T
	API   string
}

// Name is v's name in the API; a value not in the table (the zero value
// of an empty struct) keeps its own text.
func (n APINames[T]) Name(v T) string {
	for _, x := range n {
		if x.Value == v {
			return x.API
		}
	}
	return string(v)
}

// Parse is the value the API names s; ok is false for a name it does not know.
func (n APINames[T]) Parse(s string) (T, bool) {
	for _, x := range n {
		if x.API == s {
			return x.Value, true
		}
	}
	return "", false
}

// Names lists the API's names in order.
func (n APINames[T]) Names() []string {
	out := make([]string, len(n))
	for i, x := range n {
		out[i] = x.API
	}
	return out
}

// Marshal writes v's name in the API as a JSON string.
func (n APINames[T]) Marshal(v T) ([]byte, error) {
	return json.Marshal(n.Name(v))
}

// Unmarshal reads a value by its name in the API; a name the API does not
// know is a *NameError.
func (n APINames[T]) Unmarshal(b []byte, v *T) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	x, ok := n.Parse(s)
	if !ok {
		return &NameError{Text: s, Names: n.Names()}
	}
	*v = x
	return nil
}

// NameError is the error of a text that names no value of an enumeration;
// its own type lets the web layer find the field it came from and say in
// Danish which names it may be.
type NameError struct {
	Text  string
	Names []string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("unknown name %q: want one of %s", e.Text, strings.Join(e.Names, ", "))
}

var waveStateAPI = APINames[WaveState]{
	{WaveDraft, "draft"},
	{WaveHearing, "hearing"},
	{WaveFinal, "final"},
	{WaveSuperseded, "superseded"},
}

// APIName is the state's name in the API.
func (s WaveState) APIName() string { return waveStateAPI.Name(s) }

// MarshalJSON writes the state's name in the API.
func (s WaveState) MarshalJSON() ([]byte, error) { return waveStateAPI.Marshal(s) }

// UnmarshalJSON reads a state by its name in the API.
func (s *WaveState) UnmarshalJSON(b []byte) error { return waveStateAPI.Unmarshal(b, s) }

var conflictStateAPI = APINames[ConflictState]{
	{ConflictOpen, "open"},
	{ConflictKeepLocal, "keep_local"},
	{ConflictTakeStandard, "take_standard"},
}

// ConflictStateByAPIName is the state the API names s; ok is false for a
// name the API does not know.
func ConflictStateByAPIName(s string) (state ConflictState, ok bool) {
	return conflictStateAPI.Parse(s)
}

// APIName is the state's name in the API.
func (s ConflictState) APIName() string { return conflictStateAPI.Name(s) }

// MarshalJSON writes the state's name in the API.
func (s ConflictState) MarshalJSON() ([]byte, error) { return conflictStateAPI.Marshal(s) }

// UnmarshalJSON reads a state by its name in the API.
func (s *ConflictState) UnmarshalJSON(b []byte) error { return conflictStateAPI.Unmarshal(b, s) }

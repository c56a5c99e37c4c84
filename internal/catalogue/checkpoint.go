package catalogue

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/udrul/udrul/internal/model"
)

// Transition is a phase transition of the implementation model: the move
// from one leaf phase to the next (e.g. 2.1 Planlægning → 2.2 Klargøring).
// Seed 004: each transition is a checkpoint, a checklist whose items are tasks.
type Transition struct {
	Key      string `json:"key"` // "2.1-2.2"
	From     string `json:"from"`
	To       string `json:"to"`
	FromName string `json:"from_name"`
	ToName   string `json:"to_name"`
}

// Transitions lists the model's phase transitions in order: one between
// each pair of consecutive leaf phases (phases without sub-phases).
func Transitions(im *model.ImplementationModel) []Transition {
	hasChild := map[string]bool{}
	for _, ph := range im.Phases {
		if ph.Parent != "" {
			hasChild[ph.Parent] = true
		}
	}
	var leaves []model.Phase
	for _, ph := range im.Phases {
		if !hasChild[ph.Key] {
			leaves = append(leaves, ph)
		}
	}
	var out []Transition
	for i := 0; i+1 < len(leaves); i++ {
		a, b := leaves[i], leaves[i+1]
		out = append(out, Transition{Key: a.Key + "-" + b.Key, From: a.Key, To: b.Key, FromName: a.Name, ToName: b.Name})
	}
	return out
}

// TransitionByKey returns the transition with key k ("2.1-2.2").
func TransitionByKey(im *model.ImplementationModel, k string) (Transition, bool) {
	for _, t := range Transitions(im) {
		if t.Key == k {
			return t, true
		}
	}
	return Transition{}, false
}

// checkpoint reads a task's optional checkpoint field: the key of the phase
// transition whose checklist the task is an item of.
func (p *parser) checkpoint(f map[string]*yaml.Node, path string) string {
	v := p.str(f, "checkpoint", path, false, nil)
	if v == "" {
		return ""
	}
	if _, ok := TransitionByKey(p.im, v); !ok {
		keys := make([]string, 0, 8)
		for _, t := range Transitions(p.im) {
			keys = append(keys, t.Key)
		}
		p.add(f["checkpoint"].Line, path+".checkpoint", "ukendt faseovergang %q (overgange: %s)", v, strings.Join(keys, ", "))
	}
	return v
}

package catalogue

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/readiness"
)

// readinessRound reads a task's readiness_round: the readiness survey round
// (baseline, status-1 or status-6) whose closing with enough answers
// completes the task (docs/readiness.md). Only a municipality-level task
// can be one: the survey is the municipality's.
func (p *parser) readinessRound(f map[string]*yaml.Node, path string, level model.Level) string {
	v := p.str(f, "readiness_round", path, false, nil)
	if v == "" {
		return ""
	}
	if !readiness.Kind(v).Valid() {
		keys := make([]string, len(readiness.Kinds))
		for i, k := range readiness.Kinds {
			keys[i] = string(k)
		}
		p.add(f["readiness_round"].Line, path+".readiness_round", "ukendt runde %q i parathedsundersøgelsen (runder: %s)", v, strings.Join(keys, ", "))
	} else if level == model.LevelInstitution {
		p.add(f["readiness_round"].Line, path+".readiness_round", "kun en opgave på kommuneniveau kan være en runde i parathedsundersøgelsen")
	}
	return v
}

// checkReadinessRounds refuses two tasks for the same round: closing the
// round would have to complete both.
func (p *parser) checkReadinessRounds(tasks []model.CatalogueTask, nodes []*yaml.Node) {
	seen := map[string]int{}
	for i, t := range tasks {
		if t.ReadinessRound == "" || i >= len(nodes) {
			continue
		}
		if prev, dup := seen[t.ReadinessRound]; dup {
			p.add(nodes[i].Line, fmt.Sprintf("tasks[%d].readiness_round", i), "runden %q er allerede opgaven %s", t.ReadinessRound, tasks[prev].Key)
			continue
		}
		seen[t.ReadinessRound] = i
	}
}

package app

import (
	"strconv"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/schedule"
)

// The schedule analyses a plan per task instance, not per line: each
// institution's instance of an institution task is a task of its own in the
// network, serving its institution's go-live (schedule.Task.GoLive), because
// a pilot school's preparation must be done by the pilot's date and a later
// school's by its own – folded into one line from the earliest start to the
// latest end, neither deadline could be measured. Dependencies follow the
// instances: between two institution tasks within each institution, from a
// municipality task to every institution's instance, and from every
// institution's instance to a municipality task. The results are folded
// back into the plan's lines (analyse).

// instanceNet is a plan's network of instances and where each node belongs.
type instanceNet struct {
	plan schedule.Plan
	line []int   // node → index in planData.tasks
	inst []int64 // node → institution id; 0 for a municipality's task
	// nodes lists each line's nodes.
	nodes [][]int
	// ignored are dependencies on lines the plan does not hold.
	ignored []IgnoredDependency
}

// instanceNetwork builds the network of d's instances.
func (d *planData) instanceNetwork() *instanceNet {
	n := &instanceNet{plan: schedule.Plan{GoLive: d.plan.GoLive}, nodes: make([][]int, len(d.tasks))}
	add := func(line int, inst int64, t schedule.Task) {
		n.nodes[line] = append(n.nodes[line], len(n.plan.Tasks))
		n.plan.Tasks = append(n.plan.Tasks, t)
		n.line, n.inst = append(n.line, line), append(n.inst, inst)
	}
	byKey := make(map[string]int, len(d.tasks))
	for i, t := range d.tasks {
		byKey[t.Key] = i
		if t.Institutions == 0 {
			add(i, 0, schedule.Task{Key: t.Key, Start: t.Start, End: t.End, Type: t.Type, Status: t.Status, Milestone: t.Milestone})
		}
	}
	for _, x := range d.insts {
		i, ok := byKey[x.Key]
		if x.Withdrawn || x.Level != model.LevelInstitution || !ok || d.tasks[i].Institutions == 0 {
			continue
		}
		add(i, x.InstitutionID, schedule.Task{Key: x.Key + "@" + strconv.FormatInt(x.InstitutionID, 10), Start: x.Start, End: x.End,
			Type: x.Type, Status: x.Status, GoLive: d.instGoLive[x.InstitutionID]})
	}
	for to, t := range d.tasks {
		for _, dep := range t.DependsOn {
			from, ok := byKey[dep.Task]
			if !ok {
				n.ignored = append(n.ignored, IgnoredDependency{Task: t.Key, DependsOn: dep.Task,
					Reason: "opgaven findes ikke (længere) i planen"})
				continue
			}
			link := func(a, b int) {
				n.plan.Dependencies = append(n.plan.Dependencies, schedule.Dependency{From: n.plan.Tasks[a].Key,
					To: n.plan.Tasks[b].Key, Kind: schedule.Kind(dep.Type), Lag: dep.Lag})
			}
			if d.tasks[from].Institutions > 0 && t.Institutions > 0 {
				// Two institution tasks are linked within each institution only.
				of := make(map[int64]int, len(n.nodes[from]))
				for _, a := range n.nodes[from] {
					of[n.inst[a]] = a
				}
				for _, b := range n.nodes[to] {
					if a, ok := of[n.inst[b]]; ok {
						link(a, b)
					}
				}
				continue
			}
			for _, a := range n.nodes[from] {
				for _, b := range n.nodes[to] {
					link(a, b)
				}
			}
		}
	}
	return n
}

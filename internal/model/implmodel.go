package model

// Phase is a phase or sub-phase of the implementation model (seed 004).
// Window bounds are calendar days relative to the municipality's go-live;
// a nil bound is open.
type Phase struct {
	Key         string `yaml:"key" json:"key"`
	Name        string `yaml:"name" json:"name"`
	Parent      string `yaml:"parent,omitempty" json:"parent,omitempty"`
	Description string `yaml:"description" json:"description"`
	FromDays    *int   `yaml:"from_days,omitempty" json:"from_days,omitempty"`
	ToDays      *int   `yaml:"to_days,omitempty" json:"to_days,omitempty"`
}

// Theme is one of the seven implementation themes.
type Theme struct {
	Key         string `yaml:"key" json:"key"`
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description"`
}

// MainTask is one of the 16 main tasks (hovedopgaver) with seed 004's example activities.
type MainTask struct {
	Number      int      `yaml:"number" json:"number"`
	Name        string   `yaml:"name" json:"name"`
	Description string   `yaml:"description" json:"description"`
	Purpose     string   `yaml:"purpose,omitempty" json:"purpose,omitempty"`
	Phases      []string `yaml:"phases" json:"phases"`
	Activities  []string `yaml:"activities" json:"activities"`
}

// ImplementationModel is the reference model every catalogue is checked against.
type ImplementationModel struct {
	Source    string     `yaml:"source" json:"source"`
	Phases    []Phase    `yaml:"phases" json:"phases"`
	Themes    []Theme    `yaml:"themes" json:"themes"`
	MainTasks []MainTask `yaml:"main_tasks" json:"main_tasks"`
}

// Phase returns the phase with key k.
func (m *ImplementationModel) Phase(k string) (Phase, bool) {
	for _, p := range m.Phases {
		if p.Key == k {
			return p, true
		}
	}
	return Phase{}, false
}

// Theme returns the theme with key k.
func (m *ImplementationModel) Theme(k string) (Theme, bool) {
	for _, t := range m.Themes {
		if t.Key == k {
			return t, true
		}
	}
	return Theme{}, false
}

// MainTask returns main task number n.
func (m *ImplementationModel) MainTask(n int) (MainTask, bool) {
	for _, t := range m.MainTasks {
		if t.Number == n {
			return t, true
		}
	}
	return MainTask{}, false
}

// PhaseAt returns the leaf phase a plan with the given go-live is in on asof:
// the first phase without children whose window holds asof.
func (m *ImplementationModel) PhaseAt(golive, asof Date) (Phase, bool) {
	rel := int(asof - golive)
	hasChild := map[string]bool{}
	for _, p := range m.Phases {
		if p.Parent != "" {
			hasChild[p.Parent] = true
		}
	}
	for _, p := range m.Phases {
		if hasChild[p.Key] {
			continue
		}
		if p.FromDays != nil && rel < *p.FromDays {
			continue
		}
		if p.ToDays != nil && rel >= *p.ToDays {
			continue
		}
		return p, true
	}
	return Phase{}, false
}

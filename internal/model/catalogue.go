package model

import "fmt"

// Programme is a solution being rolled out (e.g. KSD) with its settings.
type Programme struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	WarningDays int    `json:"warning_days"`
	// Institutions is the category of institution that institution-level
	// tasks are copied to (skole or dagtilbud); empty means all of them.
	Institutions string      `json:"institutions,omitempty"`
	Milestones   []Milestone `json:"milestones"`
	// Waves are the names the programme gives its waves (seed 001: pilot
	// 1–2 and waves 1–5 for schools); a wave it does not name is shown by
	// its number (WaveName).
	Waves WaveNames `json:"waves,omitempty"`
}

// WaveName is the name a programme gives one of its waves.
type WaveName struct {
	Number int    `json:"number"`
	Name   string `json:"name"`
}

// WaveNames are a programme's wave names. Views carry them so that pages
// show a wave the way the programme names it.
type WaveNames []WaveName

// Named returns the programme's name for wave n, if it names it.
func (ws WaveNames) Named(n int) (string, bool) {
	for _, w := range ws {
		if w.Number == n {
			return w.Name, true
		}
	}
	return "", false
}

// Label is how wave n is shown: the programme's name for it, "Uden bølge"
// for none (0), else "Bølge n".
func (ws WaveNames) Label(n int) string {
	if name, ok := ws.Named(n); ok {
		return name
	}
	if n == 0 {
		return "Uden bølge"
	}
	return fmt.Sprintf("Bølge %d", n)
}

// Short is wave n under a heading that already says "Bølge": the
// programme's name for it, or its number ("–" for none).
func (ws WaveNames) Short(n int) string {
	if name, ok := ws.Named(n); ok {
		return name
	}
	if n == 0 {
		return "–"
	}
	return fmt.Sprint(n)
}

// DefaultWarningDays is the yellow window when a programme sets none.
const DefaultWarningDays = 3

// Milestone is a named date of a municipality's rollout, placed relative to
// its go-live. Go-live itself is always present with offset 0.
type Milestone struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Offset int    `json:"offset"`
	Unit   Unit   `json:"unit"`
	// Date makes the milestone national: one calendar date for every
	// municipality (e.g. launch to parents nationwide after the summer
	// holiday) instead of an offset from each go-live. NoDate otherwise.
	Date Date `json:"date,omitzero"`
}

// National reports whether the milestone falls on one date for everyone.
func (m Milestone) National() bool { return m.Date != NoDate }

// Milestone returns the milestone with key k; golive is always known.
func (p *Programme) Milestone(k string) (Milestone, bool) {
	for _, m := range p.Milestones {
		if m.Key == k {
			return m, true
		}
	}
	if k == GoLive {
		return Milestone{Key: GoLive, Name: "Go-live", Unit: WorkingDays}, true
	}
	return Milestone{}, false
}

// Timing places a task relative to a milestone. Negative offsets are before it.
type Timing struct {
	Milestone string `json:"milestone"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Unit      Unit   `json:"unit"`
}

// CatalogueTask is one standard task of a programme's catalogue.
type CatalogueTask struct {
	Key         string   `json:"key"`
	Title       string   `json:"title"`
	Description string   `json:"description"` // Markdown
	Theme       string   `json:"theme"`
	MainTask    int      `json:"main_task"`
	Phase       string   `json:"phase"`
	Type        TaskType `json:"type"`
	Level       Level    `json:"level"`
	Responsible string   `json:"responsible"`
	Executor    string   `json:"executor"`
	Timing      Timing   `json:"timing"`
	// DependsOn lists the tasks this one waits for (its predecessors).
	DependsOn []Dependency `json:"depends_on,omitempty"`
	// Checkpoint names the phase transition whose checklist this task is an
	// item of, e.g. "2.1-2.2"; empty if none (seed 004: phase transitions
	// are checkpoints whose items are tasks).
	Checkpoint string `json:"checkpoint,omitempty"`
	// ReadinessRound names the readiness survey round (baseline, status-1,
	// status-6) this task stands for in the plan: closing the round with
	// enough answers completes the task. Empty if none.
	ReadinessRound string `json:"readiness_round,omitempty"`
	// Checklist is the task's list of short items a municipality (or
	// institution) ticks off on the task page; Links point to guidance.
	Checklist []ChecklistItem `json:"checklist,omitempty"`
	Links     []Link          `json:"links,omitempty"`
}

// Dependency is a link from a predecessor task (Task) to the task that
// holds it: FS (finish-to-start, the default), SS or FF, with a lag in
// working days that may be negative. internal/schedule computes with it.
type Dependency struct {
	Task string `json:"task"`
	Type string `json:"type"` // FS, SS or FF
	Lag  int    `json:"lag"`
}

// Catalogue is a programme with its full task list, as read from a catalogue file.
type Catalogue struct {
	Programme Programme       `json:"programme"`
	Tasks     []CatalogueTask `json:"tasks"`
}

package app

import (
	"strconv"
	"strings"
)

// SearchCatalogue keeps the tasks of a catalogue that match every word of
// q (case does not matter): in the title, the key, the description, the
// executor or responsible, the theme's and phase's keys and names, the
// type's label, or the main task's number and name. An empty q keeps all.
func (a *CatalogueService) SearchCatalogue(tasks []CatalogueTaskView, q string) []CatalogueTaskView {
	words := strings.Fields(strings.ToLower(q))
	if len(words) == 0 {
		return tasks
	}
	out := []CatalogueTaskView{}
	for _, t := range tasks {
		text := a.searchText(t)
		all := true
		for _, w := range words {
			if !strings.Contains(text, w) {
				all = false
				break
			}
		}
		if all {
			out = append(out, t)
		}
	}
	return out
}

// searchText is what a catalogue search looks through, in lower case.
func (a *CatalogueService) searchText(t CatalogueTaskView) string {
	parts := []string{t.Title, t.Key, t.Description, t.Executor, t.Responsible, t.Theme, t.Phase, t.Type.Label(), strconv.Itoa(t.MainTask)}
	if th, ok := a.model.Theme(t.Theme); ok {
		parts = append(parts, th.Name)
	}
	if ph, ok := a.model.Phase(t.Phase); ok {
		parts = append(parts, ph.Name)
	}
	if m, ok := a.model.MainTask(t.MainTask); ok {
		parts = append(parts, m.Name)
	}
	return strings.ToLower(strings.Join(parts, "\n"))
}

package catalogue

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/udrul/udrul/internal/model"
)

// TaskEdit is one catalogue task as an edit form holds it: every value is
// the text the user typed, so that a value that is not a number still
// reaches Parse, whose error then names the field.
type TaskEdit struct {
	Key         string
	Title       string
	Description string
	Theme       string
	MainTask    string
	Phase       string
	Type        string
	Level       string
	Responsible string
	Executor    string
	Milestone   string
	Start       string
	End         string
	Unit        string
	Checkpoint  string
	DependsOn   []string // compact form, e.g. "ksd-ps-03" or "ksd-ko-01:SS+2"
	Checklist   []string // one item per entry; "[key] text" for an item with a key
	Links       []string // "title | url", or just the url
}

// EditOf returns the form values of a catalogue task.
func EditOf(t model.CatalogueTask) TaskEdit {
	e := TaskEdit{Key: t.Key, Title: t.Title, Description: t.Description, Theme: t.Theme,
		MainTask: strconv.Itoa(t.MainTask), Phase: t.Phase, Type: string(t.Type), Level: string(t.Level),
		Responsible: t.Responsible, Executor: t.Executor, Milestone: t.Timing.Milestone,
		Start: strconv.Itoa(t.Timing.Start), End: strconv.Itoa(t.Timing.End), Unit: string(t.Timing.Unit), Checkpoint: t.Checkpoint}
	for _, d := range t.DependsOn {
		e.DependsOn = append(e.DependsOn, CompactDependency(d))
	}
	for _, it := range t.Checklist {
		if it.Key == model.ChecklistKey(it.Text) {
			e.Checklist = append(e.Checklist, it.Text)
		} else {
			e.Checklist = append(e.Checklist, "["+it.Key+"] "+it.Text)
		}
	}
	for _, l := range t.Links {
		e.Links = append(e.Links, l.Title+" | "+l.URL)
	}
	return e
}

// keyedItem matches a checklist line with its own key: "[key] text".
var keyedItem = regexp.MustCompile(`^\[([^\]]*)\]\s*(.*)$`)

// checklistNode writes form lines as a checklist: plain texts, and
// mappings with key and text for "[key] text" lines.
func checklistNode(lines []string) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, l := range lines {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if m := keyedItem.FindStringSubmatch(l); m != nil {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
				str("key"), str(strings.TrimSpace(m[1])), str("text"), str(strings.TrimSpace(m[2]))}})
			continue
		}
		seq.Content = append(seq.Content, str(l))
	}
	return seq
}

// linksNode writes form lines "title | url" (or just a url, which is then
// its own title) as links.
func linksNode(lines []string) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, l := range lines {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		title, url := l, l
		if i := strings.LastIndex(l, "|"); i >= 0 {
			title, url = strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+1:])
		}
		seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
			str("title"), str(title), str("url"), str(url)}})
	}
	return seq
}

func str(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

// CompactDependency writes a dependency in depends_on's compact form.
func CompactDependency(d model.Dependency) string {
	if (d.Type == "" || d.Type == "FS") && d.Lag == 0 {
		return d.Task
	}
	typ := d.Type
	if typ == "" {
		typ = "FS"
	}
	if d.Lag == 0 {
		return d.Task + ":" + typ
	}
	return fmt.Sprintf("%s:%s%+d", d.Task, typ, d.Lag)
}

// taskFields is the order of a task's fields in a file; a field new to a
// task is placed after the fields it already has.
var taskFields = []string{"key", "title", "description", "theme", "main_task", "phase", "type", "level",
	"responsible", "executor", "milestone", "start", "end", "unit", "checkpoint", "depends_on", "checklist", "links"}

// optional fields are left out of the file when empty.
var optional = map[string]bool{"description": true, "level": true, "milestone": true, "unit": true, "checkpoint": true, "depends_on": true}

func (e TaskEdit) value(field string) string {
	switch field {
	case "key":
		return e.Key
	case "title":
		return e.Title
	case "description":
		return e.Description
	case "theme":
		return e.Theme
	case "main_task":
		return e.MainTask
	case "phase":
		return e.Phase
	case "type":
		return e.Type
	case "level":
		return e.Level
	case "responsible":
		return e.Responsible
	case "executor":
		return e.Executor
	case "milestone":
		return e.Milestone
	case "start":
		return e.Start
	case "end":
		return e.End
	case "unit":
		return e.Unit
	case "checkpoint":
		return e.Checkpoint
	}
	return ""
}

// ErrNoTasks is returned for a source without a task list to edit.
var ErrNoTasks = errors.New("katalogfilen har ingen opgaveliste (tasks)")

// SetTask returns src with the task e.Key replaced by e – or, if src has no
// such task, with e added at the end – and the task's index in the list.
// Only the form's fields are written: comments and any other field of the
// task (and the rest of the file) are kept. The result is not validated;
// Parse it to learn whether it is a valid catalogue.
func SetTask(src []byte, e TaskEdit) ([]byte, int, error) {
	doc, tasks, err := tasksNode(src)
	if err != nil {
		return nil, 0, err
	}
	idx := findTask(tasks, e.Key)
	if idx < 0 {
		tasks.Content = append(tasks.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
		idx = len(tasks.Content) - 1
	}
	m := tasks.Content[idx]
	for _, f := range taskFields {
		if f == "checklist" || f == "links" {
			seq := checklistNode(e.Checklist)
			if f == "links" {
				seq = linksNode(e.Links)
			}
			if len(seq.Content) == 0 {
				removeField(m, f)
			} else {
				setField(m, f, seq)
			}
			continue
		}
		if f == "depends_on" {
			var deps []string
			for _, d := range e.DependsOn {
				if d = strings.TrimSpace(d); d != "" {
					deps = append(deps, d)
				}
			}
			if len(deps) == 0 {
				removeField(m, f)
				continue
			}
			seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			for _, d := range deps {
				seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: d})
			}
			setField(m, f, seq)
			continue
		}
		v := strings.TrimSpace(strings.ReplaceAll(e.value(f), "\r\n", "\n"))
		if v == "" && optional[f] {
			removeField(m, f)
			continue
		}
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
		switch {
		case f == "main_task" || f == "start" || f == "end":
			if _, err := strconv.Atoi(v); err == nil {
				n.Tag = "!!int"
			}
		case strings.Contains(v, "\n"):
			n.Style = yaml.LiteralStyle
			n.Value = v + "\n"
		}
		setField(m, f, n)
	}
	out, err := encode(doc)
	return out, idx, err
}

// RemoveTask returns src without the task key: publishing it withdraws the
// task from every plan. It is an error if src has no such task.
func RemoveTask(src []byte, key string) ([]byte, error) {
	doc, tasks, err := tasksNode(src)
	if err != nil {
		return nil, err
	}
	idx := findTask(tasks, key)
	if idx < 0 {
		return nil, fmt.Errorf("kataloget har ingen opgave med nøglen %q", key)
	}
	tasks.Content = append(tasks.Content[:idx], tasks.Content[idx+1:]...)
	return encode(doc)
}

func tasksNode(src []byte) (*yaml.Node, *yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, nil, fmt.Errorf("katalogfilen kan ikke læses: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil, ErrNoTasks
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "tasks" && root.Content[i+1].Kind == yaml.SequenceNode {
			return &doc, root.Content[i+1], nil
		}
	}
	return nil, nil, ErrNoTasks
}

func findTask(tasks *yaml.Node, key string) int {
	for i, t := range tasks.Content {
		if t.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(t.Content); j += 2 {
			if t.Content[j].Value == "key" && strings.TrimSpace(t.Content[j+1].Value) == key {
				return i
			}
		}
	}
	return -1
}

func setField(m *yaml.Node, field string, v *yaml.Node) {
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value == field {
			// Keep the comments that belonged to the old value.
			v.LineComment, v.HeadComment, v.FootComment = m.Content[j+1].LineComment, m.Content[j+1].HeadComment, m.Content[j+1].FootComment
			m.Content[j+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: field}, v)
}

func removeField(m *yaml.Node, field string) {
	for j := 0; j+1 < len(m.Content); j += 2 {
		if m.Content[j].Value == field {
			m.Content = append(m.Content[:j], m.Content[j+2:]...)
			return
		}
	}
}

func encode(doc *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

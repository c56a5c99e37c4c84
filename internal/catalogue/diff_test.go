package catalogue_test

import (
	"reflect"
	"testing"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

func task(key string) model.CatalogueTask {
	return model.CatalogueTask{
		Key: key, Title: "Opgave " + key, Description: "Beskrivelse af " + key,
		Theme: "projektstyring", MainTask: 3, Phase: "2.1", Type: model.Mandatory, Level: model.LevelMunicipality,
		Responsible: "Kommunen", Executor: "Projektleder",
		Timing: model.Timing{Milestone: model.GoLive, Start: -20, End: -10, Unit: model.WorkingDays},
	}
}

func with(key string, f func(*model.CatalogueTask)) model.CatalogueTask {
	t := task(key)
	f(&t)
	return t
}

func tasks(keys ...string) []model.CatalogueTask {
	out := make([]model.CatalogueTask, len(keys))
	for i, k := range keys {
		out[i] = task(k)
	}
	return out
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name      string
		old       []model.CatalogueTask
		withdrawn map[string]bool
		next      []model.CatalogueTask
		want      []catalogue.TaskChange
	}{
		{name: "unchanged gives no change", old: tasks("a", "b"), next: tasks("a", "b")},
		{name: "reordered gives no change", old: tasks("a", "b"), next: tasks("b", "a")},
		{name: "both empty", old: nil, next: nil},
		{name: "first publication: all added", old: nil, next: tasks("a", "b"),
			want: []catalogue.TaskChange{
				{Key: "a", Title: "Opgave a", Kind: catalogue.Added},
				{Key: "b", Title: "Opgave b", Kind: catalogue.Added},
			}},
		{name: "added in the middle", old: tasks("a", "c"), next: tasks("a", "b", "c"),
			want: []catalogue.TaskChange{{Key: "b", Title: "Opgave b", Kind: catalogue.Added}}},
		{name: "withdrawn", old: tasks("a", "b", "c"), next: tasks("b"),
			want: []catalogue.TaskChange{
				{Key: "a", Title: "Opgave a", Kind: catalogue.Withdrawn},
				{Key: "c", Title: "Opgave c", Kind: catalogue.Withdrawn},
			}},
		{name: "withdrawn earlier and still absent: no change", old: tasks("a", "b"), withdrawn: map[string]bool{"b": true},
			next: tasks("a")},
		{name: "restored unchanged", old: tasks("a", "b"), withdrawn: map[string]bool{"b": true}, next: tasks("a", "b"),
			want: []catalogue.TaskChange{{Key: "b", Title: "Opgave b", Kind: catalogue.Restored}}},
		{name: "restored with changes lists the fields",
			old: tasks("a", "b"), withdrawn: map[string]bool{"b": true},
			next: []model.CatalogueTask{task("a"), with("b", func(t *model.CatalogueTask) { t.Title = "Ny titel"; t.Timing.End = -5 })},
			want: []catalogue.TaskChange{{Key: "b", Title: "Ny titel", Kind: catalogue.Restored, Fields: []string{"title", "end"}}}},
		{name: "changed: title, reported under the new title",
			old: tasks("a"), next: []model.CatalogueTask{with("a", func(t *model.CatalogueTask) { t.Title = "Ny" })},
			want: []catalogue.TaskChange{{Key: "a", Title: "Ny", Kind: catalogue.Changed, Fields: []string{"title"}}}},
		{name: "changed: every field, in catalogue-file order",
			old: tasks("a"),
			next: []model.CatalogueTask{{
				Key: "a", Title: "T", Description: "D", Theme: "uddannelse", MainTask: 8, Phase: "2.2",
				Type: model.Critical, Level: model.LevelInstitution, Responsible: "Skolen", Executor: "Tovholder",
				Timing: model.Timing{Milestone: "idriftsaettelse", Start: -30, End: -1, Unit: model.CalendarDays},
			}},
			want: []catalogue.TaskChange{{Key: "a", Title: "T", Kind: catalogue.Changed, Fields: []string{
				"title", "description", "theme", "main_task", "phase", "type", "level",
				"responsible", "executor", "milestone", "start", "end", "unit"}}}},
		{name: "mixed: order of the new file, withdrawals last in old order",
			old:       []model.CatalogueTask{task("w1"), task("a"), task("w2"), task("b"), task("gone")},
			withdrawn: map[string]bool{"gone": true, "back": true},
			next: []model.CatalogueTask{
				task("new"),
				with("b", func(t *model.CatalogueTask) { t.Type = model.Critical }),
				task("a"),
				task("a2"),
				task("gone"),
			},
			want: []catalogue.TaskChange{
				{Key: "new", Title: "Opgave new", Kind: catalogue.Added},
				{Key: "b", Title: "Opgave b", Kind: catalogue.Changed, Fields: []string{"type"}},
				{Key: "a2", Title: "Opgave a2", Kind: catalogue.Added},
				{Key: "gone", Title: "Opgave gone", Kind: catalogue.Restored},
				{Key: "w1", Title: "Opgave w1", Kind: catalogue.Withdrawn},
				{Key: "w2", Title: "Opgave w2", Kind: catalogue.Withdrawn},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := catalogue.Diff(tt.old, tt.withdrawn, tt.next)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Diff\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestChangedFields(t *testing.T) {
	tests := []struct {
		name string
		f    func(*model.CatalogueTask)
		want []string
	}{
		{"none", func(*model.CatalogueTask) {}, nil},
		{"title", func(t *model.CatalogueTask) { t.Title += "!" }, []string{"title"}},
		{"description", func(t *model.CatalogueTask) { t.Description = "" }, []string{"description"}},
		{"theme", func(t *model.CatalogueTask) { t.Theme = "uddannelse" }, []string{"theme"}},
		{"main_task", func(t *model.CatalogueTask) { t.MainTask = 4 }, []string{"main_task"}},
		{"phase", func(t *model.CatalogueTask) { t.Phase = "2.2" }, []string{"phase"}},
		{"type", func(t *model.CatalogueTask) { t.Type = model.Optional }, []string{"type"}},
		{"level", func(t *model.CatalogueTask) { t.Level = model.LevelInstitution }, []string{"level"}},
		{"responsible", func(t *model.CatalogueTask) { t.Responsible = "KOMBIT" }, []string{"responsible"}},
		{"executor", func(t *model.CatalogueTask) { t.Executor = "IT-chef" }, []string{"executor"}},
		{"milestone", func(t *model.CatalogueTask) { t.Timing.Milestone = "x" }, []string{"milestone"}},
		{"start", func(t *model.CatalogueTask) { t.Timing.Start-- }, []string{"start"}},
		{"end", func(t *model.CatalogueTask) { t.Timing.End++ }, []string{"end"}},
		{"unit", func(t *model.CatalogueTask) { t.Timing.Unit = model.CalendarDays }, []string{"unit"}},
		{"start and end moved together", func(t *model.CatalogueTask) { t.Timing.Start -= 5; t.Timing.End -= 5 }, []string{"start", "end"}},
		{"key is not a field", func(t *model.CatalogueTask) { t.Key = "other" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := task("a"), task("a")
			tt.f(&b)
			if got := catalogue.ChangedFields(&a, &b); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ChangedFields = %q, want %q", got, tt.want)
			}
			// symmetric
			if got := catalogue.ChangedFields(&b, &a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ChangedFields reversed = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTimingChanged(t *testing.T) {
	tests := []struct {
		name string
		c    catalogue.TaskChange
		want bool
	}{
		{"added", catalogue.TaskChange{Kind: catalogue.Added}, true},
		{"restored without field changes", catalogue.TaskChange{Kind: catalogue.Restored}, true},
		{"restored with a title change", catalogue.TaskChange{Kind: catalogue.Restored, Fields: []string{"title"}}, true},
		{"withdrawn", catalogue.TaskChange{Kind: catalogue.Withdrawn}, false},
		{"changed title", catalogue.TaskChange{Kind: catalogue.Changed, Fields: []string{"title"}}, false},
		{"changed description, type, phase", catalogue.TaskChange{Kind: catalogue.Changed, Fields: []string{"description", "type", "phase"}}, false},
		{"changed level", catalogue.TaskChange{Kind: catalogue.Changed, Fields: []string{"level"}}, false},
		{"changed milestone", catalogue.TaskChange{Kind: catalogue.Changed, Fields: []string{"milestone"}}, true},
		{"changed start", catalogue.TaskChange{Kind: catalogue.Changed, Fields: []string{"start"}}, true},
		{"changed end", catalogue.TaskChange{Kind: catalogue.Changed, Fields: []string{"end"}}, true},
		{"changed unit", catalogue.TaskChange{Kind: catalogue.Changed, Fields: []string{"unit"}}, true},
		{"changed title and end", catalogue.TaskChange{Kind: catalogue.Changed, Fields: []string{"title", "end"}}, true},
		{"changed, no fields", catalogue.TaskChange{Kind: catalogue.Changed}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.TimingChanged(); got != tt.want {
				t.Errorf("TimingChanged(%+v) = %v, want %v", tt.c, got, tt.want)
			}
		})
	}
}

// TestDiffTimingChanged ties Diff and TimingChanged together on real diffs.
func TestDiffTimingChanged(t *testing.T) {
	old := tasks("a", "b", "c")
	next := []model.CatalogueTask{
		with("a", func(t *model.CatalogueTask) { t.Description = "Ny beskrivelse" }),
		with("b", func(t *model.CatalogueTask) { t.Timing.Unit = model.CalendarDays }),
		task("d"),
	}
	want := map[string]bool{"a": false, "b": true, "d": true, "c": false}
	got := catalogue.Diff(old, nil, next)
	if len(got) != len(want) {
		t.Fatalf("Diff: %+v", got)
	}
	for _, c := range got {
		if c.TimingChanged() != want[c.Key] {
			t.Errorf("%s (%s %v): TimingChanged = %v, want %v", c.Key, c.Kind, c.Fields, c.TimingChanged(), want[c.Key])
		}
	}
}

func TestMilestonesChanged(t *testing.T) {
	ms := func(m ...model.Milestone) *model.Programme { return &model.Programme{Key: "p", Milestones: m} }
	idr := model.Milestone{Key: "idriftsaettelse", Name: "Idriftsættelse", Offset: -5, Unit: model.WorkingDays}
	udd := model.Milestone{Key: "uddannelse", Name: "Uddannelse", Offset: -20, Unit: model.CalendarDays}
	tests := []struct {
		name string
		a, b *model.Programme
		want []string
	}{
		{"none either side", ms(), ms(), nil},
		{"same", ms(idr, udd), ms(idr, udd), nil},
		{"same, reordered", ms(idr, udd), ms(udd, idr), nil},
		{"renamed only", ms(idr), ms(model.Milestone{Key: idr.Key, Name: "Nyt navn", Offset: idr.Offset, Unit: idr.Unit}), nil},
		{"offset moved", ms(idr, udd), ms(model.Milestone{Key: idr.Key, Name: idr.Name, Offset: -6, Unit: idr.Unit}, udd), []string{"idriftsaettelse"}},
		{"unit changed", ms(idr, udd), ms(idr, model.Milestone{Key: udd.Key, Name: udd.Name, Offset: udd.Offset, Unit: model.WorkingDays}), []string{"uddannelse"}},
		{"added", ms(idr), ms(idr, udd), []string{"uddannelse"}},
		{"removed", ms(idr, udd), ms(idr), []string{"uddannelse"}},
		{"one added, one removed", ms(idr), ms(udd), []string{"uddannelse", "idriftsaettelse"}},
		{"golive listed at its implicit place is no change", ms(), ms(model.Milestone{Key: model.GoLive, Offset: 0, Unit: model.WorkingDays}), nil},
		{"golive listed elsewhere moves", ms(), ms(model.Milestone{Key: model.GoLive, Offset: 2, Unit: model.WorkingDays}), []string{model.GoLive}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := catalogue.MilestonesChanged(tt.a, tt.b); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("MilestonesChanged = %q, want %q", got, tt.want)
			}
		})
	}
}

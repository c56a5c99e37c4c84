package catalogue_test

import (
	"reflect"
	"testing"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

func TestDiffChecklistAndLinks(t *testing.T) {
	item := func(text string) model.ChecklistItem {
		return model.ChecklistItem{Key: model.ChecklistKey(text), Text: text}
	}
	base := with("a", func(t *model.CatalogueTask) {
		t.Checklist = []model.ChecklistItem{item("Et"), item("To")}
		t.Links = []model.Link{{Title: "KOMBIT", URL: "https://www.kombit.dk/"}}
	})
	tests := []struct {
		name   string
		change func(*model.CatalogueTask)
		want   []string
	}{
		{name: "unchanged", change: func(*model.CatalogueTask) {}},
		{name: "item reworded", change: func(t *model.CatalogueTask) { t.Checklist[1] = item("Tre") }, want: []string{"checklist"}},
		{name: "items reordered", change: func(t *model.CatalogueTask) { t.Checklist[0], t.Checklist[1] = t.Checklist[1], t.Checklist[0] },
			want: []string{"checklist"}},
		{name: "checklist removed", change: func(t *model.CatalogueTask) { t.Checklist = nil }, want: []string{"checklist"}},
		{name: "link url changed", change: func(t *model.CatalogueTask) { t.Links[0].URL = "https://kombit.dk/" }, want: []string{"links"}},
		{name: "link added, description changed", change: func(t *model.CatalogueTask) {
			t.Links = append(t.Links, model.Link{Title: "KL", URL: "https://www.kl.dk/"})
			t.Description = "Ny"
		}, want: []string{"description", "links"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := base
			next.Checklist = append([]model.ChecklistItem(nil), base.Checklist...)
			next.Links = append([]model.Link(nil), base.Links...)
			tt.change(&next)
			got := catalogue.Diff([]model.CatalogueTask{base}, nil, []model.CatalogueTask{next})
			var want []catalogue.TaskChange
			if tt.want != nil {
				want = []catalogue.TaskChange{{Key: "a", Title: next.Title, Kind: catalogue.Changed, Fields: tt.want}}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Diff = %+v, want %+v", got, want)
			}
			if tt.want != nil && catalogue.ChangedFields(&base, &next) != nil && got[0].TimingChanged() {
				t.Error("a checklist or link change must not count as a timing change")
			}
		})
	}
	// A stored task without a checklist (nil) equals a parsed one without (nil or empty).
	empty := with("b", func(t *model.CatalogueTask) { t.Checklist = []model.ChecklistItem{}; t.Links = []model.Link{} })
	if got := catalogue.Diff([]model.CatalogueTask{task("b")}, nil, []model.CatalogueTask{empty}); got != nil {
		t.Errorf("nil and empty checklist differ: %+v", got)
	}
}

package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// SaveCatalogueTasks inserts the new tasks of a version in several
// statements and updates the known ones: every task gets its own id, and
// reads back with what was saved, including a withdrawn one.
func TestSaveCatalogueTasksGivesEachItsID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		ctx := context.Background()
		task := func(i int) *store.CatalogueTask {
			return &store.CatalogueTask{CatalogueTask: model.CatalogueTask{Key: fmt.Sprintf("t%03d", i), Title: fmt.Sprintf("Opgave %d", i),
				Type: model.Mandatory, Level: model.LevelMunicipality, Checklist: []model.ChecklistItem{{Text: fmt.Sprint("Punkt ", i)}},
				Timing: model.Timing{Milestone: model.GoLive, Start: -10 - i, End: -5, Unit: model.WorkingDays}},
				Position: i, AddedVersion: 1, ChangedVersion: 1}
		}
		var p catalogue.Programme
		var first *store.CatalogueTask
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			p = catalogue.Programme{Programme: model.Programme{Key: "p", Name: "P", WarningDays: 3}, CurrentVersion: 1}
			if err := tx.SaveProgramme(ctx, &p); err != nil {
				return err
			}
			first = task(0)
			return tx.SaveCatalogueTask(ctx, p.ID, first)
		})
		if err != nil {
			t.Fatal(err)
		}
		// A known task withdrawn, and 900 new ones: more than two statements' worth.
		first.WithdrawnVersion = 2
		save := []*store.CatalogueTask{first}
		for i := 1; i <= 900; i++ {
			save = append(save, task(i))
		}
		err = db.InTx(ctx, time.Now(), func(tx *store.Tx) error { return tx.SaveCatalogueTasks(ctx, p.ID, save) })
		if err != nil {
			t.Fatal(err)
		}
		var stored []store.CatalogueTask
		if err := db.ReadTx(ctx, func(tx *store.Tx) (err error) { stored, err = tx.CatalogueTasks(ctx, p.ID); return err }); err != nil {
			t.Fatal(err)
		}
		byID := map[int64]store.CatalogueTask{}
		for _, s := range stored {
			byID[s.ID] = s
		}
		if len(stored) != 901 || len(byID) != 901 {
			t.Fatalf("stored %d tasks with %d ids, want 901", len(stored), len(byID))
		}
		for _, c := range save {
			got, ok := byID[c.ID]
			if !ok || got.Key != c.Key || got.Title != c.Title || got.Timing != c.Timing || got.WithdrawnVersion != c.WithdrawnVersion ||
				len(got.Checklist) != 1 || got.Checklist[0].Text != c.Checklist[0].Text {
				t.Fatalf("task %s (id %d) reads back as %+v", c.Key, c.ID, got)
			}
		}
	})
}

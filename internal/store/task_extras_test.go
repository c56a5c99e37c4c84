package store_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestCatalogueChecklistAndLinksRoundTrip stores a catalogue task's
// checklist and links and reads them back, through the catalogue and
// through an instance, on both databases.
func TestCatalogueChecklistAndLinksRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		id := seed(t, db)
		ctx := context.Background()
		list := []model.ChecklistItem{{Key: "aftale", Text: "Aftalen er underskrevet"}, {Key: model.ChecklistKey("Æ, ø og å"), Text: "Æ, ø og å"}}
		links := []model.Link{{Title: "KOMBIT", URL: "https://www.kombit.dk/"}}
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			p, err := tx.ProgrammeByKey(ctx, "p")
			if err != nil {
				return err
			}
			cts, err := tx.CatalogueTasks(ctx, p.ID)
			if err != nil {
				return err
			}
			if cts[0].Checklist != nil || cts[0].Links != nil {
				t.Errorf("a task stored without checklist reads back %+v %+v", cts[0].Checklist, cts[0].Links)
			}
			cts[0].Checklist, cts[0].Links = list, links
			return tx.SaveCatalogueTask(ctx, p.ID, &cts[0])
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.ReadTx(ctx, func(tx *store.Tx) error {
			p, _ := tx.ProgrammeByKey(ctx, "p")
			cts, err := tx.CatalogueTasks(ctx, p.ID)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(cts[0].Checklist, list) || !reflect.DeepEqual(cts[0].Links, links) {
				t.Errorf("catalogue task reads back %+v %+v", cts[0].Checklist, cts[0].Links)
			}
			c, l, err := tx.CatalogueExtras(ctx, id)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(c, list) || !reflect.DeepEqual(l, links) {
				t.Errorf("instance's catalogue extras %+v %+v", c, l)
			}
			if _, _, err := tx.CatalogueExtras(ctx, id+1000); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("extras of a missing task: %v, want ErrNotFound", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestChecklistTicks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		id := seed(t, db)
		ctx := context.Background()
		tick := func(key string, done bool) bool {
			var changed bool
			err := db.InTx(ctx, time.Date(2027, 1, 4, 9, 30, 0, 0, time.UTC), func(tx *store.Tx) error {
				var err error
				changed, err = tx.SetTick(ctx, id, key, done, "pl@kk.dk")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return changed
		}
		ticks := func() map[string]store.Tick {
			var m map[string]store.Tick
			if err := db.ReadTx(ctx, func(tx *store.Tx) (err error) { m, err = tx.ChecklistTicks(ctx, id); return }); err != nil {
				t.Fatal(err)
			}
			return m
		}
		if !tick("a", true) || tick("a", true) {
			t.Error("ticking: first tick should change, second not")
		}
		tick("b", true)
		m := ticks()
		if len(m) != 2 || m["a"].By != "pl@kk.dk" || !m["a"].At.Equal(time.Date(2027, 1, 4, 9, 30, 0, 0, time.UTC)) {
			t.Errorf("ticks %+v", m)
		}
		if !tick("a", false) || tick("a", false) {
			t.Error("unticking: first untick should change, second not")
		}
		if m := ticks(); len(m) != 1 || m["b"].By == "" {
			t.Errorf("after untick %+v", m)
		}
		var keys map[int64][]string
		if err := db.ReadTx(ctx, func(tx *store.Tx) (err error) { keys, err = tx.TickedKeys(ctx, []int64{id, id + 1000}); return }); err != nil {
			t.Fatal(err)
		}
		if len(keys) != 1 || len(keys[id]) != 1 || keys[id][0] != "b" {
			t.Errorf("TickedKeys = %v, want only b of task %d", keys, id)
		}
	})
}

func TestBumpVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		id := seed(t, db)
		ctx := context.Background()
		bump := func(id int64, v int) error {
			return db.InTx(ctx, time.Now(), func(tx *store.Tx) error { return tx.BumpVersion(ctx, id, v) })
		}
		if err := bump(id, 1); err != nil {
			t.Fatal(err)
		}
		if err := bump(id, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale version: %v, want ErrConflict", err)
		}
		if err := bump(id+1000, 1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing task: %v, want ErrNotFound", err)
		}
		// A status change now needs version 2.
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error { return tx.SetStatus(ctx, id, 2, model.Started, "", "x") })
		if err != nil {
			t.Errorf("status change at the bumped version: %v", err)
		}
	})
}

func TestDocumentsAndLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		id := seed(t, db)
		ctx := context.Background()
		// Every byte value, so that a text conversion anywhere would show.
		content := make([]byte, 70000)
		for i := range content {
			content[i] = byte(i * 7)
		}
		var doc model.TaskDocument
		var link model.TaskLink
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			doc = model.TaskDocument{Name: "referat æøå.pdf", ContentType: "application/pdf"}
			if err := tx.InsertDocument(ctx, id, &doc, content, "pl@kk.dk"); err != nil {
				return err
			}
			link = model.TaskLink{Title: "KOMBIT", URL: "https://www.kombit.dk/"}
			return tx.InsertTaskLink(ctx, id, &link, "pl@kk.dk")
		})
		if err != nil {
			t.Fatal(err)
		}
		if doc.ID == 0 || doc.Size != int64(len(content)) || link.ID == 0 {
			t.Fatalf("inserted %+v %+v", doc, link)
		}
		err = db.ReadTx(ctx, func(tx *store.Tx) error {
			ds, err := tx.Documents(ctx, id)
			if err != nil {
				return err
			}
			if len(ds) != 1 || ds[0].Name != doc.Name || ds[0].Size != 70000 || ds[0].UploadedBy != "pl@kk.dk" || ds[0].UploadedAt.IsZero() {
				t.Errorf("documents %+v", ds)
			}
			d, got, err := tx.Document(ctx, id, doc.ID)
			if err != nil {
				return err
			}
			if !bytes.Equal(got, content) || d.ContentType != "application/pdf" {
				t.Errorf("document content differs (%d bytes, type %s)", len(got), d.ContentType)
			}
			if _, _, err := tx.Document(ctx, id+1000, doc.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("document through another task: %v, want ErrNotFound", err)
			}
			ls, err := tx.TaskLinks(ctx, id)
			if err != nil {
				return err
			}
			if len(ls) != 1 || ls[0].URL != "https://www.kombit.dk/" || ls[0].AddedBy != "pl@kk.dk" {
				t.Errorf("links %+v", ls)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Deleting through another task finds nothing; through its own it is soft.
		err = db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			if _, err := tx.DeleteDocument(ctx, id+1000, doc.ID, "x"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("delete through another task: %v", err)
			}
			d, err := tx.DeleteDocument(ctx, id, doc.ID, "pl@kk.dk")
			if err != nil || d.Name != doc.Name {
				t.Errorf("delete: %+v %v", d, err)
			}
			if _, err := tx.DeleteDocument(ctx, id, doc.ID, "pl@kk.dk"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("second delete: %v, want ErrNotFound", err)
			}
			l, err := tx.DeleteTaskLink(ctx, id, link.ID, "pl@kk.dk")
			if err != nil || l.Title != "KOMBIT" {
				t.Errorf("delete link: %+v %v", l, err)
			}
			if _, err := tx.DeleteTaskLink(ctx, id, link.ID, "pl@kk.dk"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("second link delete: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.ReadTx(ctx, func(tx *store.Tx) error {
			ds, _ := tx.Documents(ctx, id)
			ls, _ := tx.TaskLinks(ctx, id)
			if len(ds) != 0 || len(ls) != 0 {
				t.Errorf("after delete: %d documents, %d links", len(ds), len(ls))
			}
			if _, _, err := tx.Document(ctx, id, doc.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("deleted document still downloadable: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

package app_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/store/storetest"
)

// A task withdrawn from the catalogue keeps its documents for reading, but
// nothing on it can be ticked, attached, added or deleted any more; a
// refused change writes nothing.
func TestTaskExtrasOfWithdrawnTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		withList := func(file string) []byte {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// m-valg gets a checklist (the first "end: -30" is m-valg's).
			return []byte(strings.Replace(string(b), "    end: -30\n", "    end: -30\n    checklist:\n      - Behovet er vurderet\n", 1))
		}
		if _, err := a.Publish(ctx, app.System("koordinator"), "mini-v1.yaml", withList("testdata/mini-v1.yaml"), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enrol(ctx, app.System("koordinator"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		p, err := a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
		if err != nil {
			t.Fatal(err)
		}
		valg := taskByKey(t, p, "m-valg")
		x, err := a.TaskExtras(ctx, nil, valg.ID)
		if err != nil || len(x.Checklist) != 1 {
			t.Fatalf("extras %+v, %v", x, err)
		}
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		// Who may not change the task's status may not change its extras
		// either (access.ChangeTask), however the use case is reached.
		mm := signIn(t, a, "mm@kk.dk", "Mads Medarbejder", access.Member, "101")
		_, err = a.AddDocument(ctx, mm, valg.ID, "uberettiget.txt", []byte("x"))
		wantCode(t, "AddDocument by a member the task is not delegated to", err, app.CodeForbidden)
		_, err = a.AddTaskLink(ctx, mm, valg.ID, app.NewTaskLink{Title: "KOMBIT", URL: "https://www.kombit.dk/"})
		wantCode(t, "AddTaskLink by a member the task is not delegated to", err, app.CodeForbidden)
		_, err = a.SetChecklist(ctx, mm, valg.ID, map[string]bool{x.Checklist[0].Key: true}, valg.Version)
		wantCode(t, "SetChecklist by a member the task is not delegated to", err, app.CodeForbidden)
		doc, err := a.AddDocument(ctx, pl, valg.ID, "noter.txt", []byte("noter\n"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := a.SetChecklist(ctx, pl, valg.ID, map[string]bool{x.Checklist[0].Key: true}, valg.Version)
		if err != nil || !res.Checklist[0].Done || res.Version != valg.Version+1 {
			t.Fatalf("tick: %+v, %v", res, err)
		}
		done, err := a.ChecklistDone(ctx, []int64{valg.ID, taskByKey(t, p, "m-krit").ID})
		if err != nil || done[valg.ID] != 1 || len(done) != 1 {
			t.Errorf("ChecklistDone = %v, %v", done, err)
		}

		publish(t, a, "testdata/mini-v2.yaml") // withdraws m-valg
		for name, try := range map[string]func() error{
			"tick": func() error {
				_, err := a.SetChecklist(ctx, pl, valg.ID, map[string]bool{x.Checklist[0].Key: false}, res.Version+1)
				return err
			},
			"attach": func() error { _, err := a.AddDocument(ctx, pl, valg.ID, "mere.txt", []byte("x")); return err },
			"link": func() error {
				_, err := a.AddTaskLink(ctx, pl, valg.ID, app.NewTaskLink{Title: "KOMBIT", URL: "https://www.kombit.dk/"})
				return err
			},
			"delete": func() error { return a.DeleteDocument(ctx, pl, valg.ID, doc.ID) },
		} {
			if err := try(); app.ErrorCode(err) != app.CodeInvalid || !strings.Contains(app.ErrorMessage(err), "trukket tilbage") {
				t.Errorf("%s on a withdrawn task: %v, want invalid (trukket tilbage)", name, err)
			}
		}
		after, err := a.TaskExtras(ctx, nil, valg.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Documents) != 1 || len(after.Links) != 0 {
			t.Errorf("after refused changes: %d documents, %d links", len(after.Documents), len(after.Links))
		}
		if _, content, err := a.Document(ctx, nil, valg.ID, doc.ID); err != nil || string(content) != "noter\n" {
			t.Errorf("the withdrawn task's document: %q, %v", content, err)
		}
		// Unknown ids are not found, naming what is missing.
		if _, err := a.TaskExtras(ctx, nil, 999999); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("extras of a missing task: %v", err)
		}
		if _, _, err := a.Document(ctx, nil, valg.ID, 999999); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("a missing document: %v", err)
		}
		if _, err := a.AddDocument(ctx, pl, 999999, "a.txt", []byte("x")); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("attaching to a missing task: %v", err)
		}
	})
}

// A task holds at most MaxDocumentsPerTask documents and MaxLinksPerTask
// links; deleting one makes room again.
func TestTaskExtrasLimits(t *testing.T) {
	ctx := context.Background()
	a := newApp(t, storetest.SQLiteURL(t))
	publish(t, a, "testdata/mini-v1.yaml")
	if _, err := a.Enrol(ctx, app.System("koordinator"), "mini", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
		t.Fatal(err)
	}
	p, err := a.Plan(ctx, nil, "mini", "101", date("2027-02-01"))
	if err != nil {
		t.Fatal(err)
	}
	id := taskByKey(t, p, "m-krit").ID
	pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
	var first int64
	for i := 0; i < app.MaxDocumentsPerTask; i++ {
		d, err := a.AddDocument(ctx, pl, id, fmt.Sprintf("bilag-%d.txt", i), []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = d.ID
		}
		if _, err := a.AddTaskLink(ctx, pl, id, app.NewTaskLink{Title: fmt.Sprint("Link ", i), URL: "https://www.kombit.dk/"}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = a.AddDocument(ctx, pl, id, "en-for-meget.txt", []byte("x"))
	if app.ErrorCode(err) != app.CodeInvalid || !strings.Contains(app.ErrorMessage(err), `"en-for-meget.txt"`) {
		t.Errorf("document %d: %v, want invalid naming the file", app.MaxDocumentsPerTask+1, err)
	}
	if _, err := a.AddTaskLink(ctx, pl, id, app.NewTaskLink{Title: "En for meget", URL: "https://www.kombit.dk/"}); app.ErrorCode(err) != app.CodeInvalid {
		t.Errorf("link %d: %v, want invalid", app.MaxLinksPerTask+1, err)
	}
	if err := a.DeleteDocument(ctx, pl, id, first); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddDocument(ctx, pl, id, "plads-igen.txt", []byte("x")); err != nil {
		t.Errorf("after deleting one: %v", err)
	}
}

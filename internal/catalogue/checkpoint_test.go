package catalogue_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

func TestTransitions(t *testing.T) {
	im := implModel(t)
	var keys []string
	for _, tr := range catalogue.Transitions(im) {
		keys = append(keys, tr.Key)
	}
	if got := strings.Join(keys, " "); got != "0-1 1-2.1 2.1-2.2 2.2-2.3 2.3-3 3-4" {
		t.Errorf("transitions = %s", got)
	}
	tr, ok := catalogue.TransitionByKey(im, "2.1-2.2")
	if !ok || tr.FromName != "Planlægning" || tr.ToName != "Klargøring" {
		t.Errorf("2.1-2.2 = %+v, %v", tr, ok)
	}
	if _, ok := catalogue.TransitionByKey(im, "2-3"); ok {
		t.Error("2-3 is not a transition between leaf phases")
	}
}

func checkpointFile(value string) []byte {
	return []byte(`format: 1
programme:
  key: kp
  name: Kontrolpunkter
tasks:
  - key: kp-1
    title: Godkend projektgrundlag
    theme: projektstyring
    main_task: 3
    phase: "2.1"
    type: obligatorisk
    responsible: Kommunen
    executor: Projektleder
    start: -130
    end: -120
` + value)
}

func TestCheckpointField(t *testing.T) {
	im := implModel(t)
	c, err := catalogue.Parse("kp.yaml", checkpointFile(`    checkpoint: "2.1-2.2"`+"\n"), im)
	if err != nil {
		t.Fatal(err)
	}
	if c.Tasks[0].Checkpoint != "2.1-2.2" {
		t.Errorf("checkpoint = %q", c.Tasks[0].Checkpoint)
	}
	c, err = catalogue.Parse("kp.yaml", checkpointFile(""), im)
	if err != nil || c.Tasks[0].Checkpoint != "" {
		t.Errorf("without the field: %q, %v", c.Tasks[0].Checkpoint, err)
	}
	_, err = catalogue.Parse("kp.yaml", checkpointFile(`    checkpoint: "2.1-3"`+"\n"), im)
	var inv *catalogue.Invalid
	if !errors.As(err, &inv) || len(inv.Problems) != 1 {
		t.Fatalf("unknown transition: %v", err)
	}
	p := inv.Problems[0]
	if p.Line != 16 || p.Field != "tasks[0].checkpoint" || !strings.Contains(p.Message, `ukendt faseovergang "2.1-3"`) ||
		!strings.Contains(p.Message, "2.1-2.2") {
		t.Errorf("problem = %+v", p)
	}
}

func TestCheckpointChangeIsAChange(t *testing.T) {
	a := model.CatalogueTask{Key: "k", Title: "T"}
	b := a
	b.Checkpoint = "2.2-2.3"
	if f := catalogue.ChangedFields(&a, &b); len(f) != 1 || f[0] != "checkpoint" {
		t.Errorf("changed fields = %v", f)
	}
}

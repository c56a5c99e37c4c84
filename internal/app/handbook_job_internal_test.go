package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/handbook"
	"github.com/udrul/udrul/internal/model"
)

// TestRenderHandbooks: the handbooks of a job are rendered in parallel; a
// municipality whose PDF fails – with an error or a panic – is reported in
// its own place with the reason, every other one is made, and the
// progress counts every handbook once, ending at all of them.
func TestRenderHandbooks(t *testing.T) {
	names := []string{"Aarhus", "Ballerup", "Fanø", "Læsø", "Odense", "Tønder", "Aabenraa"}
	for _, workers := range []int{1, 3, 16} {
		var docs []*handbook.Document
		for _, n := range names {
			docs = append(docs, &handbook.Document{Municipality: model.Organisation{Name: n}})
		}
		render := func(d *handbook.Document) ([]byte, error) {
			switch d.Municipality.Name {
			case "Fanø":
				return nil, errors.New("skrifttypen mangler et tegn")
			case "Tønder":
				panic("index out of range")
			}
			return []byte("%PDF " + d.Municipality.Name), nil
		}
		seen := map[int]bool{}
		last := 0
		out := renderHandbooks(context.Background(), docs, workers, render, func(done int) {
			if seen[done] || done != last+1 {
				t.Errorf("workers %d: progress %d after %d", workers, done, last)
			}
			seen[done], last = true, done
		})
		if last != len(names) {
			t.Errorf("workers %d: progress ended at %d of %d", workers, last, len(names))
		}
		for i, n := range names {
			switch r := out[i]; n {
			case "Fanø":
				if r.err == nil || !strings.Contains(r.err.Error(), "skrifttypen mangler et tegn") || r.pdf != nil {
					t.Errorf("workers %d: %s: %+v", workers, n, r)
				}
			case "Tønder":
				if r.err == nil || !strings.Contains(r.err.Error(), "index out of range") {
					t.Errorf("workers %d: %s: %+v", workers, n, r)
				}
			default:
				if r.err != nil || string(r.pdf) != "%PDF "+n {
					t.Errorf("workers %d: %s: %+v", workers, n, r)
				}
			}
		}
	}
	// A job stopped (server shutdown) renders nothing more.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	docs := []*handbook.Document{{}, {}, {}}
	calls := 0
	renderHandbooks(ctx, docs, 1, func(*handbook.Document) ([]byte, error) { calls++; return nil, nil }, func(int) {})
	if calls != 0 {
		t.Errorf("a cancelled job rendered %d handbooks", calls)
	}
}

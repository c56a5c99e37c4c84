package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// A national milestone (one calendar date for everyone) times a task the
// same in every plan, whatever the go-live; moving the date reaches every
// plan through the normal publication.
func TestNationalMilestone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := newWorld(t, url)
		version := func(date string) []byte {
			return miniCatalogue(t, func(src string) string {
				src = strings.Replace(src, "  milestones:\n", "  milestones:\n    - key: foraeldre\n      name: Forældre og elever\n      date: "+date+"\n", 1)
				return src + `  - key: m-foraeldre
    title: Åbn for forældre og elever
    description: Landsdækkende åbning efter sommerferien.
    theme: ud-og-indfasning
    main_task: 10
    phase: "3"
    type: kritisk
    responsible: Kommunen
    executor: Projektleder
    milestone: foraeldre
    start: 0
    end: 4
`
			})
		}
		if _, err := w.Publish(ctx, app.System("koordinator"), "mini.yaml", version("2027-08-12"), ""); err != nil {
			t.Fatal(err)
		}
		dates := func() (s101, e101, s147, e147 model.Date) {
			t.Helper()
			a := w.task(t, "101", "m-foraeldre")
			f := w.task(t, "147", "m-foraeldre")
			return a.Start, a.End, f.Start, f.End
		}
		s1, e1, s2, e2 := dates()
		if s1 != date("2027-08-12") || s1 != s2 || e1 != e2 || e1 != date("2027-08-18") {
			t.Fatalf("København %s–%s, Frederiksberg %s–%s; want both 12.08.2027–18.08.2027", s1, e1, s2, e2)
		}
		res, err := w.Publish(ctx, app.System("koordinator"), "mini.yaml", version("2027-08-16"), "")
		if err != nil {
			t.Fatal(err)
		}
		if res == nil {
			t.Fatal("no publication result")
		}
		s1, _, s2, _ = dates()
		if s1 != date("2027-08-16") || s2 != date("2027-08-16") {
			t.Errorf("after moving the national date: København starts %s, Frederiksberg %s; want 16.08.2027", s1, s2)
		}
	})
}

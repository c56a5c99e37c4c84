package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// Ballerup enrolled on 4 January 2027 (the test clock) with go-live on
// 22 February, m-krit moved to end 40 working days before go-live: the critical m-krit ended before the enrolment. It is not
// red in the plan or the overview, is listed apart, and is settled in bulk.
func TestBeforeEnrolment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := newWorld(t, url)
		publishMini(t, w.App, func(s string) string {
			return strings.Replace(s, "    start: -30\n    end: -20\n", "    start: -50\n    end: -40\n    checkpoint: \"2.1-2.2\"\n", 1)
		})
		if _, err := w.Enrol(ctx, app.System("k"), "mini", []app.Enrolment{{Code: "151", GoLive: date("2027-02-22"), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		asof := date("2027-01-06")
		p, err := w.Plan(ctx, w.coord, "mini", "151", asof)
		if err != nil {
			t.Fatal(err)
		}
		krit := taskByKey(t, p, "m-krit")
		if krit.End >= p.EnrolledOn || krit.Colour != model.None {
			t.Fatalf("m-krit ends %s (enrolled %s), colour %s; want before enrolment, no colour", krit.End, p.EnrolledOn, krit.Colour)
		}
		if p.Counts.Red != 0 || p.BeforeEnrolment == 0 {
			t.Errorf("plan: %d red, %d before enrolment; want 0 red and some before", p.Counts.Red, p.BeforeEnrolment)
		}
		ov, err := w.Overview(ctx, w.coord, "mini", asof)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ov.Municipalities {
			if m.Code == "151" && (m.Colour == model.Red || m.Counts.Red != 0) {
				t.Errorf("overview: Ballerup %s with %d red", m.Colour, m.Counts.Red)
			}
		}
		v, err := w.BeforeEnrolment(ctx, w.coord, "mini", "151")
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		for _, x := range v.Open {
			if x.Key == "m-krit" {
				id = x.ID
			}
		}
		if id == 0 || len(v.Settled) != 0 {
			t.Fatalf("before enrolment: open %+v, settled %+v", v.Open, v.Settled)
		}
		// Refusals: another municipality's lead; a status other than
		// fuldført or ikke relevant (naming the field); a task not before.
		if _, err := w.SettleBeforeEnrolment(ctx, w.lead147, "mini", "151", app.Settlement{IDs: []int64{id}, Status: model.Completed}); errCode(err) != app.CodeForbidden {
			t.Errorf("Frederiksberg's lead settles Ballerup's task: %v", err)
		}
		_, err = w.SettleBeforeEnrolment(ctx, w.coord, "mini", "151", app.Settlement{IDs: []int64{id}, Status: model.Started})
		if e, ok := err.(*app.Error); !ok || e.Code != app.CodeInvalid || e.Field != "status" {
			t.Errorf("status paabegyndt: %v", err)
		}
		obl := taskByKey(t, p, "m-obl")
		if _, err := w.SettleBeforeEnrolment(ctx, w.coord, "mini", "151", app.Settlement{IDs: []int64{id, obl.ID}, Status: model.NotRelevant}); errCode(err) != app.CodeInvalid {
			t.Errorf("settling a task that ended after enrolment: %v", err)
		}
		n, err := w.SettleBeforeEnrolment(ctx, w.coord, "mini", "151", app.Settlement{IDs: []int64{id}, Status: model.NotRelevant, Comment: "Aftalen fandtes i forvejen"})
		if err != nil || n != 1 {
			t.Fatalf("settle: %d, %v", n, err)
		}
		if _, err := w.SettleBeforeEnrolment(ctx, w.coord, "mini", "151", app.Settlement{IDs: []int64{id}, Status: model.Completed}); errCode(err) != app.CodeConflict {
			t.Errorf("settling twice: %v", err)
		}
		v, err = w.BeforeEnrolment(ctx, w.coord, "mini", "151")
		if err != nil {
			t.Fatal(err)
		}
		var settled *app.BeforeEnrolmentTask
		for i := range v.Settled {
			if v.Settled[i].ID == id {
				settled = &v.Settled[i]
			}
		}
		if settled == nil || settled.Status != model.NotRelevant || !strings.Contains(settled.StatusComment, "før tilmelding") {
			t.Fatalf("settled: %+v", v.Settled)
		}
		// Settled ikke relevant on a critical task: still no colour.
		p, err = w.Plan(ctx, w.coord, "mini", "151", asof)
		if err != nil {
			t.Fatal(err)
		}
		if c := taskByKey(t, p, "m-krit").Colour; c != model.None || p.Counts.Red != 0 {
			t.Errorf("after settling: m-krit %s, %d red", c, p.Counts.Red)
		}
		// In the checkpoint's readiness list the settled item is done.
		cps, err := w.Checkpoints(ctx, w.coord, "mini", "151", asof)
		if err != nil {
			t.Fatal(err)
		}
		seen := false
		for _, tr := range cps.Transitions {
			for _, it := range tr.Items {
				if it.ID == id {
					seen = true
					if !it.Done || it.Blocking || it.Colour != model.None {
						t.Errorf("checkpoint item m-krit: done %v, blocking %v, colour %s", it.Done, it.Blocking, it.Colour)
					}
				}
			}
		}
		if !seen {
			t.Error("m-krit is not a checkpoint item")
		}
		_, hist, err := w.Task(ctx, w.coord, id, asof)
		if err != nil {
			t.Fatal(err)
		}
		if last := hist[len(hist)-1]; last.To != model.NotRelevant || !strings.Contains(last.Comment, "Aftalen fandtes") {
			t.Errorf("history ends with %+v", last)
		}
	})
}

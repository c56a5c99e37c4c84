package app_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// checkGrouped: the plan for its page (GroupedPlan) is Plan counted: the
// same counts, colour and tasks before enrolment; the municipality's own
// tasks one by one; each institution task once, its buckets counting its
// instances by colour and spanning their dates; and the open tasks due in
// the next 30 days, by end date.
func checkGrouped(t *testing.T, a *app.App, by *app.Identity, key, code string, asof model.Date) {
	t.Helper()
	ctx := context.Background()
	p, err := a.Plan(ctx, by, key, code, asof)
	if err != nil {
		t.Fatal(err)
	}
	g, err := a.GroupedPlan(ctx, by, key, code, asof)
	if err != nil {
		t.Fatal(err)
	}
	if g.Counts != p.Counts || g.Colour != p.Colour || g.BeforeEnrolment != p.BeforeEnrolment {
		t.Errorf("%s as of %s: grouped counts %+v %s %d, the plan's %+v %s %d", code, asof, g.Counts, g.Colour, g.BeforeEnrolment,
			p.Counts, p.Colour, p.BeforeEnrolment)
	}
	type span struct{ start, end model.Date }
	var own, gotOwn, next, gotNext []int64
	want, got := map[string]model.Counts{}, map[string]model.Counts{}
	wantSpan, gotSpan := map[string]span{}, map[string]span{}
	for _, x := range p.Tasks {
		if x.InstitutionID == 0 {
			own = append(own, x.ID)
		} else {
			c := want[x.Key]
			c.Add(x.Colour, 1)
			want[x.Key] = c
			s, seen := wantSpan[x.Key]
			if !seen {
				s = span{x.Start, x.End}
			}
			wantSpan[x.Key] = span{min(s.start, x.Start), max(s.end, x.End)}
		}
		if !x.Withdrawn && (x.Status == model.NotStarted || x.Status == model.Started) && x.End >= asof && x.End <= asof.AddDays(app.NextDays) {
			next = append(next, x.ID)
		}
	}
	for _, x := range g.Tasks {
		if x.InstitutionID == 0 {
			gotOwn = append(gotOwn, x.ID)
			continue
		}
		if _, dup := got[x.Key]; dup {
			t.Errorf("%s: institution task %s is listed twice", code, x.Key)
		}
		got[x.Key] = model.Counts{}
		for _, b := range g.Buckets[x.Key] {
			c := got[x.Key]
			c.Add(b.Colour, b.N)
			got[x.Key] = c
			s, seen := gotSpan[x.Key]
			if !seen {
				s = span{b.Start, b.End}
			}
			gotSpan[x.Key] = span{min(s.start, b.Start), max(s.end, b.End)}
		}
	}
	for i, x := range g.Next {
		gotNext = append(gotNext, x.ID)
		if i > 0 && x.End < g.Next[i-1].End {
			t.Errorf("%s: the next deadlines are not by end date", code)
		}
	}
	slices.Sort(next)
	slices.Sort(gotNext)
	if !slices.Equal(own, gotOwn) || !maps.Equal(want, got) || !maps.Equal(wantSpan, gotSpan) || !slices.Equal(next, gotNext) {
		t.Errorf("%s as of %s: grouped own %v, institution tasks %v %v, next %v; the plan's %v, %v %v, %v",
			code, asof, gotOwn, got, gotSpan, gotNext, own, want, wantSpan, next)
	}
	if len(want) == 0 {
		t.Errorf("%s: the test wants a plan with institution tasks", code)
	}
}

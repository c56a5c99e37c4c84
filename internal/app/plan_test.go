package app_test

import (
	"context"
	"slices"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// planApp publishes testdata/plan-v1.yaml and enrols København (two schools)
// with go-live Monday 1 March 2027.
func planApp(t *testing.T, url string) *app.App {
	t.Helper()
	a := newApp(t, url)
	publish(t, a, "testdata/plan-v1.yaml")
	if _, err := a.Enrol(context.Background(), app.System("koordinator"), "plan", []app.Enrolment{{Code: "101", GoLive: date("2027-03-01"), Wave: 1}}); err != nil {
		t.Fatal(err)
	}
	return a
}

func schedTask(t *testing.T, v *app.ScheduleView, key string) app.ScheduleTask {
	t.Helper()
	for _, x := range v.Tasks {
		if x.Key == key {
			return x
		}
	}
	t.Fatalf("no task %s in schedule", key)
	return app.ScheduleTask{}
}

func TestScheduleCriticalPathAndForecast(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := planApp(t, url)
		// Everything on plan, as of well before the first task.
		v, err := a.Schedule(ctx, nil, "plan", "101", date("2026-12-01"))
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"p-a", "p-b", "p-d"}; !slices.Equal(v.CriticalPath, want) {
			t.Errorf("critical path %v, want %v", v.CriticalPath, want)
		}
		if v.GoLiveAtRisk || len(v.Late) != 0 {
			t.Errorf("on plan: at risk %v, late %v", v.GoLiveAtRisk, v.Late)
		}
		if !slices.Equal(v.DeclaredWithFloat, []string{"p-g"}) || !slices.Equal(v.UndeclaredCritical, []string{"p-d"}) {
			t.Errorf("declared with float %v (want p-g), undeclared critical %v (want p-d)", v.DeclaredWithFloat, v.UndeclaredCritical)
		}
		if c := schedTask(t, v, "p-c"); c.TotalFloat != 10 || c.Critical {
			t.Errorf("p-c float %d critical %v, want 10 and not critical", c.TotalFloat, c.Critical)
		}
		// Institution task: two schools folded into one line.
		if s := schedTask(t, v, "p-s"); s.Institutions != 2 || len(s.InstanceIDs) != 2 {
			t.Errorf("p-s folds %d institutions (%v), want 2", s.Institutions, s.InstanceIDs)
		}
		// As of 25 working days before go-live nothing has started: p-a is late
		// and pushes the chain past go-live.
		v, err = a.Schedule(ctx, nil, "plan", "101", date("2027-01-25"))
		if err != nil {
			t.Fatal(err)
		}
		if !v.GoLiveAtRisk || v.GoLiveSlipDays <= 0 {
			t.Fatalf("go-live at risk %v by %d days, want at risk", v.GoLiveAtRisk, v.GoLiveSlipDays)
		}
		if len(v.Driving) == 0 || v.Driving[0] != "p-a" || !slices.Contains(v.Driving, "p-d") {
			t.Errorf("driving chain %v, want p-a first and p-d in it", v.Driving)
		}
		if d := schedTask(t, v, "p-d"); d.DrivenBy != "p-b" || d.ForecastEnd <= d.End {
			t.Errorf("p-d forecast %s (planned %s) driven by %q", d.ForecastEnd, d.End, d.DrivenBy)
		}
	})
}

func TestOwnTasksMovesAndBaselines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := planApp(t, url)
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		own, err := a.AddOwnTask(ctx, pl, "plan", "101", app.OwnTaskInput{Title: "Lokal generalprøve", Start: date("2027-02-15"),
			End: date("2027-02-19"), DependsOn: []model.Dependency{{Task: "p-b"}}})
		if err != nil {
			t.Fatal(err)
		}
		if own.Type != model.Mandatory || own.Phase != "2.3" || own.Key() != "egen-1" {
			t.Errorf("own task %+v: want obligatorisk in phase 2.3 (from its start), key egen-1", own)
		}
		ms, err := a.AddOwnTask(ctx, pl, "plan", "101", app.OwnTaskInput{Title: "Byrådsorientering", Milestone: true, Start: date("2027-02-24"),
			DependsOn: []model.Dependency{{Task: own.Key()}}})
		if err != nil {
			t.Fatal(err)
		}
		// A loop through own tasks is refused, naming the tasks.
		_, err = a.UpdateOwnTask(ctx, pl, "plan", "101", own.ID, app.OwnTaskInput{Title: own.Title, Start: own.Start, End: own.End, Version: own.Version,
			DependsOn: []model.Dependency{{Task: ms.Key()}}})
		if app.ErrorCode(err) != app.CodeInvalid || app.ErrorMessage(err) != "afhængighederne danner en løkke: egen-1 → egen-2 → egen-1" {
			t.Errorf("loop: %v", err)
		}
		// Unknown task, impossible dates, a holiday.
		for _, in := range []app.OwnTaskInput{
			{Title: "x", Start: date("2027-02-15"), End: date("2027-02-16"), DependsOn: []model.Dependency{{Task: "nope"}}},
			{Title: "x", Start: date("2027-02-16"), End: date("2027-02-15")},
			{Title: "x", Start: date("2026-12-25"), End: date("2026-12-28")},
			{Title: "", Start: date("2027-02-15"), End: date("2027-02-16")},
		} {
			if _, err := a.AddOwnTask(ctx, pl, "plan", "101", in); app.ErrorCode(err) != app.CodeInvalid {
				t.Errorf("AddOwnTask(%+v) = %v, want invalid", in, err)
			}
		}
		v, err := a.Schedule(ctx, nil, "plan", "101", date("2026-12-01"))
		if err != nil {
			t.Fatal(err)
		}
		if x := schedTask(t, v, "egen-2"); !x.Milestone || !x.Own {
			t.Errorf("egen-2 = %+v", x.PlanTask)
		}

		// The use cases refuse whoever may not change the plan
		// (access.ChangePlan), whatever the way in.
		mm := signIn(t, a, "mm@kk.dk", "Mads Medarbejder", access.Member, "101")
		frb := signIn(t, a, "pl@frb.dk", "Frede Frederiksberg", access.ProjectLead, "147")
		for _, by := range []*app.Identity{mm, frb} {
			_, err := a.AddOwnTask(ctx, by, "plan", "101", app.OwnTaskInput{Title: "Uberettiget", Start: date("2027-02-15"), End: date("2027-02-16")})
			wantCode(t, "AddOwnTask by "+by.User.Email, err, app.CodeForbidden)
			_, err = a.UpdateOwnTask(ctx, by, "plan", "101", own.ID, app.OwnTaskInput{Title: "Uberettiget", Start: own.Start, End: own.End, Version: own.Version})
			wantCode(t, "UpdateOwnTask by "+by.User.Email, err, app.CodeForbidden)
			wantCode(t, "DeleteOwnTask by "+by.User.Email, a.DeleteOwnTask(ctx, by, "plan", "101", ms.ID, ms.Version), app.CodeForbidden)
			_, err = a.CreateBaseline(ctx, by, "plan", "101", "Uberettiget")
			wantCode(t, "CreateBaseline by "+by.User.Email, err, app.CodeForbidden)
		}

		bl, err := a.CreateBaseline(ctx, pl, "plan", "101", "Godkendt plan")
		if err != nil {
			t.Fatal(err)
		}
		// Move p-b locally five working days later (29 Jan → 5 Feb); without a reason it is refused.
		plan, _ := a.Plan(ctx, nil, "plan", "101", date("2027-01-01"))
		pb := taskByKey(t, plan, "p-b")
		if _, err := a.MoveTask(ctx, pl, pb.ID, app.MoveInput{Start: pb.Start, End: date("2027-02-05"), Version: pb.Version}); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("move without reason: %v", err)
		}
		for _, by := range []*app.Identity{mm, frb} { // not delegated to the member; another municipality's lead
			_, err := a.MoveTask(ctx, by, pb.ID, app.MoveInput{Start: pb.Start, End: date("2027-02-05"), Reason: "Uberettiget", Version: pb.Version})
			wantCode(t, "MoveTask by "+by.User.Email, err, app.CodeForbidden)
		}
		moved, err := a.MoveTask(ctx, pl, pb.ID, app.MoveInput{Start: pb.Start, End: date("2027-02-05"), Reason: "Leverandøren er forsinket", Version: pb.Version})
		if err != nil {
			t.Fatal(err)
		}
		if !moved.DateOverride || moved.PlannedEnd != pb.End || moved.End != date("2027-02-05") {
			t.Errorf("moved = %s–%s (standard %s), override %v", moved.Start, moved.End, moved.PlannedEnd, moved.DateOverride)
		}
		if _, err := a.MoveTask(ctx, pl, pb.ID, app.MoveInput{Start: pb.Start, End: date("2027-02-08"), Reason: "igen", Version: pb.Version}); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("stale version: %v, want conflict", err)
		}
		cmp, err := a.CompareBaseline(ctx, nil, "plan", "101", bl.ID, date("2027-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range cmp.Tasks {
			if d.Key == "p-b" && (d.EndVariance != 5 || d.StartVariance != 0) {
				t.Errorf("p-b variance start %d end %d, want 0 and 5", d.StartVariance, d.EndVariance)
			}
		}
		if cmp.Later != 1 || cmp.Added != 0 || cmp.Removed != 0 {
			t.Errorf("comparison later %d added %d removed %d", cmp.Later, cmp.Added, cmp.Removed)
		}
		// The move ripples into the schedule: p-d cannot start as planned.
		v, _ = a.Schedule(ctx, nil, "plan", "101", date("2026-12-01"))
		if d := schedTask(t, v, "p-d"); d.TotalFloat >= 0 {
			t.Errorf("p-d float %d after moving p-b past its start, want negative", d.TotalFloat)
		}
	})
}

func TestPublishListsConflictsWithLocalDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := planApp(t, url)
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		plan, _ := a.Plan(ctx, nil, "plan", "101", date("2027-01-01"))
		pb := taskByKey(t, plan, "p-b")
		pc := taskByKey(t, plan, "p-c")
		local := date("2027-02-05")
		if _, err := a.MoveTask(ctx, pl, pb.ID, app.MoveInput{Start: pb.Start, End: local, Reason: "Ferie i IT-afdelingen", Version: pb.Version}); err != nil {
			t.Fatal(err)
		}
		res := publish(t, a, "testdata/plan-v2.yaml")
		if res.Version != 2 || len(res.Municipalities) != 1 {
			t.Fatalf("v2 = %+v", res)
		}
		plan, _ = a.Plan(ctx, nil, "plan", "101", date("2027-01-01"))
		nb, nc := taskByKey(t, plan, "p-b"), taskByKey(t, plan, "p-c")
		if nb.End != local || nb.PlannedEnd == pb.End {
			t.Errorf("p-b: local end %s kept? standard end now %s (was %s)", nb.End, nb.PlannedEnd, pb.End)
		}
		if nc.End == pc.End || nc.End != nc.PlannedEnd {
			t.Errorf("p-c without local dates follows the standard: %s → %s", pc.End, nc.End)
		}
		cs, err := a.Conflicts(ctx, nil, "plan", "101")
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 {
			t.Fatalf("conflicts = %+v, want one (p-b)", cs)
		}
		c := cs[0]
		if c.Key != "p-b" || c.State != model.ConflictOpen || c.OldEnd != pb.End || c.NewEnd != nb.PlannedEnd || c.LocalEnd != local ||
			c.LocalReason != "Ferie i IT-afdelingen" || c.CatalogueVersion != 2 {
			t.Errorf("conflict = %+v", c)
		}
		if _, err := a.ResolveConflict(ctx, pl, "plan", "101", c.ID, "maybe", 0); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("bad choice: %v", err)
		}
		r, err := a.ResolveConflict(ctx, pl, "plan", "101", c.ID, model.ConflictTakeStandard, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != model.ConflictTakeStandard || r.ResolvedBy != pl.Actor() {
			t.Errorf("resolved = %+v", r)
		}
		plan, _ = a.Plan(ctx, nil, "plan", "101", date("2027-01-01"))
		if x := taskByKey(t, plan, "p-b"); x.DateOverride || x.End != x.PlannedEnd {
			t.Errorf("after take_standard p-b is %s (standard %s), override %v", x.End, x.PlannedEnd, x.DateOverride)
		}
		if _, err := a.ResolveConflict(ctx, pl, "plan", "101", c.ID, model.ConflictKeepLocal, 0); app.ErrorCode(err) != app.CodeConflict {
			t.Errorf("resolving twice: %v", err)
		}
		_, hist, _ := a.Task(ctx, nil, pb.ID, date("2027-01-01"))
		if last := hist[len(hist)-1]; last.Kind != app.EventDates || last.CatalogueVersion != 2 {
			t.Errorf("history ends with %+v", last)
		}
	})
}

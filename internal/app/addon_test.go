package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/addon"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

func courseInput() app.AddOnInput {
	return app.AddOnInput{Category: addon.Training, Kind: "Kursus", Content: "KSD systemanvendelse", TargetGroup: "Slutbruger",
		Form: "Tilstedeværelse", Extent: "1 dag", Capacity: true, Tasks: []app.AddOnTaskInput{
			{Title: "Aftal kursusdatoer med leverandøren", Responsible: "Kommunen", Start: -40, End: -30},
			{Title: "Gennemfør slutbrugerkursus", Start: -20, End: -10},
		}}
}

func wantField(t *testing.T, what string, err error, field, text string) {
	t.Helper()
	var e *app.Error
	if !errorsAs(err, &e) || e.Field != field || !strings.Contains(e.Message, text) {
		t.Errorf("%s: got %v (field %q), want field %q with %q", what, err, fieldOf(err), field, text)
	}
}

// Add-on purchases end to end on both databases: the catalogue, the
// agreement's training lead, an order bringing its tasks into the plan
// (dates from go-live, history, colours), the supplier's rights on those
// tasks only, the deadline with the coordinator's exception, cancelling
// (withdrawn, history kept), ordering again, moving go-live, and the
// supplier's capacity.
func TestAddOns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, _ := newAuthApp(t, url) // today 2027-02-01
		publish(t, a, "testdata/mini-v1.yaml")
		inTime, late := model.NewDate(2027, 6, 1), model.NewDate(2027, 4, 1)
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: inTime, Wave: 1}, {Code: "147", GoLive: late, Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		frb := signIn(t, a, "pl@frb.dk", "Frede Frederiksberg", access.ProjectLead, "147")
		ko := signIn(t, a, "ko@kombit.dk", "Karin Koordinator", access.Coordinator, "kombit")
		lev := signIn(t, a, "lev@kmd.dk", "Lea Leverandør", access.Supplier, "kmd")

		_, err := a.SaveAddOn(ctx, pl, "mini", 0, courseInput())
		wantCode(t, "project lead edits the add-on catalogue", err, app.CodeForbidden)
		bad := courseInput()
		bad.Category = "kursus"
		_, err = a.SaveAddOn(ctx, ko, "mini", 0, bad)
		wantField(t, "unknown category", err, "category", "ukendt")
		bad = courseInput()
		bad.Tasks[1].End = -30
		_, err = a.SaveAddOn(ctx, ko, "mini", 0, bad)
		wantField(t, "end before start", err, "tasks[1].end", "slut")
		if cat, err := a.AddOnCatalogue(ctx, ko, "mini"); err != nil || len(cat.AddOns) != 0 {
			t.Fatalf("nothing written by refused saves: %+v %v", cat, err)
		}
		course, err := a.SaveAddOn(ctx, ko, "mini", 0, courseInput())
		if err != nil {
			t.Fatal(err)
		}
		if len(course.Tasks) != 2 || course.Tasks[1].Responsible != "Leverandøren" || course.CategoryLabel != "Uddannelse" {
			t.Fatalf("add-on: %+v", course)
		}

		// An order needs the training lead.
		_, err = a.Order(ctx, pl, "mini", "101", app.OrderInput{AddOnID: course.ID})
		wantField(t, "order without training lead", err, "training_lead", "uddannelsesansvarlig")
		_, err = a.SaveAgreement(ctx, pl, "mini", "101", app.AgreementInput{TrainingLead: " "})
		wantField(t, "empty training lead", err, "training_lead", "uddannelsesansvarlig")
		_, err = a.SaveAgreement(ctx, frb, "mini", "101", app.AgreementInput{TrainingLead: "Frede"})
		wantCode(t, "another municipality's agreement", err, app.CodeForbidden)
		if _, err := a.SaveAgreement(ctx, pl, "mini", "101", app.AgreementInput{TrainingLead: "Pia Projektleder", TrainingLeadEmail: "pl@kk.dk"}); err != nil {
			t.Fatal(err)
		}
		_, err = a.Order(ctx, lev, "mini", "101", app.OrderInput{AddOnID: course.ID})
		wantCode(t, "the supplier orders", err, app.CodeForbidden)
		_, err = a.Order(ctx, pl, "mini", "101", app.OrderInput{AddOnID: course.ID, ExceptionReason: "fordi"})
		wantField(t, "a reason in time", err, "exception_reason", "inden for fristen")
		o, err := a.Order(ctx, pl, "mini", "101", app.OrderInput{AddOnID: course.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Tasks) != 2 || !o.Live {
			t.Fatalf("order: %+v", o)
		}
		_, err = a.Order(ctx, pl, "mini", "101", app.OrderInput{AddOnID: course.ID})
		wantField(t, "ordered twice", err, "addon_id", "allerede bestilt")

		// The tasks are in the plan, dated from go-live, coloured, with history.
		plan, err := a.Plan(ctx, pl, "mini", "101", model.NewDate(2027, 2, 1))
		if err != nil {
			t.Fatal(err)
		}
		var own, supplierTask, kommuneTask app.TaskView
		for _, x := range plan.Tasks {
			switch {
			case x.ID == o.Tasks[1].ID:
				supplierTask = x
			case x.ID == o.Tasks[0].ID:
				own = x
			case x.Responsible == "Kommunen" && kommuneTask.ID == 0:
				kommuneTask = x
			}
		}
		if supplierTask.ID == 0 || own.ID == 0 || kommuneTask.ID == 0 {
			t.Fatalf("add-on tasks not in the plan: %+v", plan.Tasks)
		}
		if supplierTask.End >= inTime || supplierTask.Start >= supplierTask.End || supplierTask.Colour != model.None {
			t.Errorf("add-on task dates/colour: %+v", supplierTask)
		}
		later, _ := a.Plan(ctx, pl, "mini", "101", supplierTask.End.AddDays(1))
		if later.Colour != model.Red || later.Counts.Red == 0 {
			t.Errorf("an overdue add-on task makes the plan red: %s %+v", later.Colour, later.Counts)
		}
		_, hist, err := a.Task(ctx, pl, supplierTask.ID, model.NewDate(2027, 2, 1))
		if err != nil || len(hist) != 1 || hist[0].Kind != app.EventAddOn {
			t.Errorf("history: %+v %v", hist, err)
		}

		// The supplier updates the add-on's tasks, and no others of the municipality.
		if _, err := a.SetStatus(ctx, lev, supplierTask.ID, app.StatusChange{Status: model.Started, Version: supplierTask.Version}); err != nil {
			t.Errorf("supplier on its add-on task: %v", err)
		}
		_, err = a.SetStatus(ctx, lev, own.ID, app.StatusChange{Status: model.Started, Version: own.Version})
		if err != nil {
			t.Errorf("supplier on the add-on's task the municipality is responsible for: %v", err)
		}
		_, err = a.SetStatus(ctx, lev, kommuneTask.ID, app.StatusChange{Status: model.Started, Version: kommuneTask.Version})
		wantCode(t, "supplier on the municipality's catalogue task", err, app.CodeForbidden)

		// After the deadline: refused naming the date; the coordinator's exception with its reason.
		if _, err := a.SaveAgreement(ctx, frb, "mini", "147", app.AgreementInput{TrainingLead: "Frede Frederiksberg"}); err != nil {
			t.Fatal(err)
		}
		_, err = a.Order(ctx, frb, "mini", "147", app.OrderInput{AddOnID: course.ID})
		wantField(t, "late order", err, "addon_id", "01.01.2027")
		_, err = a.Order(ctx, ko, "mini", "147", app.OrderInput{AddOnID: course.ID})
		wantField(t, "late order without reason", err, "exception_reason", "01.01.2027")
		if ag, err := a.Agreement(ctx, ko, "mini", "147"); err != nil || len(ag.Orders) != 0 || len(ag.History) != 1 {
			t.Errorf("refused orders were written: %+v %v", ag, err)
		}
		lateOrder, err := a.Order(ctx, ko, "mini", "147", app.OrderInput{AddOnID: course.ID, ExceptionReason: "Aftalt på styregruppemøde"})
		if err != nil {
			t.Fatal(err)
		}
		ag, err := a.Agreement(ctx, frb, "mini", "147")
		if err != nil {
			t.Fatal(err)
		}
		if !ag.Late || ag.Deadline != model.NewDate(2027, 1, 1) || ag.CanException || !strings.Contains(ag.History[0].Message, "Aftalt på styregruppemøde") ||
			lateOrder.ExceptionReason == "" {
			t.Errorf("agreement after the exception: %+v", ag)
		}
		_, err = a.Agreement(ctx, pl, "mini", "147")
		wantCode(t, "another municipality's agreement", err, app.CodeForbidden)

		// Cancelling withdraws the tasks; history kept; ordering again brings them back.
		err = a.CancelOrder(ctx, pl, "mini", "101", o.ID, o.Version+1)
		wantCode(t, "stale cancel", err, app.CodeConflict)
		if err := a.CancelOrder(ctx, pl, "mini", "101", o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		plan, _ = a.Plan(ctx, pl, "mini", "101", model.NewDate(2027, 2, 1))
		for _, x := range plan.Tasks {
			if x.ID == supplierTask.ID && !x.Withdrawn {
				t.Errorf("cancelled add-on task still live: %+v", x)
			}
		}
		_, hist, _ = a.Task(ctx, pl, supplierTask.ID, model.NewDate(2027, 2, 1))
		if len(hist) != 3 {
			t.Errorf("history after cancel: %+v", hist)
		}
		o2, err := a.Order(ctx, pl, "mini", "101", app.OrderInput{AddOnID: course.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(o2.Tasks) != 2 || o2.Tasks[1].ID != supplierTask.ID || o2.Tasks[1].Withdrawn {
			t.Errorf("ordered again: %+v", o2.Tasks)
		}

		// Moving go-live moves the add-on's tasks.
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: model.NewDate(2027, 6, 8), Wave: 1}}); err != nil {
			t.Fatal(err)
		}
		ag, _ = a.Agreement(ctx, pl, "mini", "101")
		var live app.OrderView
		for _, x := range ag.Orders {
			if x.Live {
				live = x
			}
		}
		if live.Tasks[1].End <= supplierTask.End {
			t.Errorf("add-on task did not move with go-live: %s → %s", supplierTask.End, live.Tasks[1].End)
		}

		orders, err := a.AddOnOrders(ctx, lev, "mini")
		if err != nil || len(orders.Orders) != 3 || !orders.Orders[0].Live || orders.Orders[2].Live {
			t.Errorf("supplier's orders: %+v %v", orders, err)
		}
		_, err = a.AddOnOrders(ctx, pl, "mini")
		wantCode(t, "project lead sees all orders", err, app.CodeForbidden)
	})
}

// The supplier trains at most five municipalities at once: a sixth order
// overlapping the five is refused naming them.
// capacityProgramme enrols seven municipalities in "mini" – six going live
// on one day, Gladsaxe months later – each with an agreement, and gives
// the capacity-bound course they can order.
func capacityProgramme(t *testing.T, a *app.App) (codes []string, course app.AddOnView) {
	t.Helper()
	ctx := context.Background()
	publish(t, a, "testdata/mini-v1.yaml")
	orgs := []model.Organisation{
		{Kind: model.OrgCentral, Code: "kombit", Name: "KOMBIT"}, {Kind: model.OrgSupplier, Code: "kmd", Name: "KMD"},
		{Kind: model.OrgMunicipality, Code: "101", Name: "København"}, {Kind: model.OrgMunicipality, Code: "147", Name: "Frederiksberg"},
		{Kind: model.OrgMunicipality, Code: "151", Name: "Ballerup"}, {Kind: model.OrgMunicipality, Code: "153", Name: "Brøndby"},
		{Kind: model.OrgMunicipality, Code: "155", Name: "Dragør"}, {Kind: model.OrgMunicipality, Code: "157", Name: "Gentofte"},
		{Kind: model.OrgMunicipality, Code: "159", Name: "Gladsaxe"},
	}
	if err := a.LoadOrganisations(ctx, orgs, nil); err != nil {
		t.Fatal(err)
	}
	sys := app.System("test")
	course, err := a.SaveAddOn(ctx, sys, "mini", 0, courseInput())
	if err != nil {
		t.Fatal(err)
	}
	codes = []string{"101", "147", "151", "153", "155", "157"}
	var es []app.Enrolment
	for _, c := range codes {
		es = append(es, app.Enrolment{Code: c, GoLive: model.NewDate(2027, 6, 1), Wave: 1})
	}
	es = append(es, app.Enrolment{Code: "159", GoLive: model.NewDate(2027, 11, 2), Wave: 2})
	if _, err := a.Enrol(ctx, sys, "mini", es); err != nil {
		t.Fatal(err)
	}
	for _, c := range append(codes, "159") {
		if _, err := a.SaveAgreement(ctx, sys, "mini", c, app.AgreementInput{TrainingLead: "Uddannelsesansvarlig " + c}); err != nil {
			t.Fatal(err)
		}
	}
	return codes, course
}

func TestAddOnCapacity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, _ := newAuthApp(t, url)
		codes, course := capacityProgramme(t, a)
		sys := app.System("test")
		for _, c := range codes[:5] {
			if _, err := a.Order(ctx, sys, "mini", c, app.OrderInput{AddOnID: course.ID}); err != nil {
				t.Fatalf("order %s: %v", c, err)
			}
		}
		_, err := a.Order(ctx, sys, "mini", "157", app.OrderInput{AddOnID: course.ID})
		wantField(t, "sixth at once", err, "addon_id", "Ballerup, Brøndby, Dragør, Frederiksberg, København")
		if ag, err := a.Agreement(ctx, sys, "mini", "157"); err != nil || len(ag.Orders) != 0 {
			t.Errorf("a refused order was written: %+v %v", ag, err)
		}
		if _, err := a.Order(ctx, sys, "mini", "159", app.OrderInput{AddOnID: course.ID}); err != nil {
			t.Errorf("an order outside the five's window: %v", err)
		}
	})
}

// Six municipalities ordering the capacity-bound course at the same moment
// (two coordinators clicking at once, on both databases): five orders are
// taken and the sixth is refused, never six.
func TestAddOnCapacityConcurrentOrders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, _ := newAuthApp(t, url)
		codes, course := capacityProgramme(t, a)
		errs := make([]error, len(codes))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, c := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = a.Order(ctx, app.System("test"), "mini", c, app.OrderInput{AddOnID: course.ID})
			}()
		}
		close(start)
		wg.Wait()
		taken, refused := 0, 0
		for i, err := range errs {
			var e *app.Error
			switch {
			case err == nil:
				taken++
			case errorsAs(err, &e) && e.Field == "addon_id":
				refused++
			default:
				t.Errorf("order %s: %v", codes[i], err)
			}
		}
		if taken != 5 || refused != 1 {
			t.Errorf("%d orders taken and %d refused, want 5 and 1", taken, refused)
		}
	})
}

// Every add-on category names a theme and a main task of the model.
func TestAddOnCategoriesInModel(t *testing.T) {
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range addon.Categories.Values() {
		if _, ok := im.Theme(c.Theme()); !ok {
			t.Errorf("%s: no theme %q", c, c.Theme())
		}
		if _, ok := im.MainTask(c.MainTask()); !ok {
			t.Errorf("%s: no main task %d", c, c.MainTask())
		}
	}
}

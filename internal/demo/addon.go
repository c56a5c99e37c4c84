package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/udrul/udrul/internal/addon"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
)

// Add-on purchases in the demo (KSD): the catalogue of seed 003 figure 18
// (KMD's services for a single municipality), each with the tasks it puts
// in a plan, and agreements with orders: the pilots' (after the deadline,
// with KOMBIT's exception, for the follow-up after go-live), København's
// (likewise), and about one in four of the later waves' municipalities
// whose deadline (3 months before go-live) has not passed – none on most
// days: KSD's nine-month rollout seen 200 days in has its last wave at
// most about 85 days ahead (docs/waves.md). Orders the supplier's training
// capacity (5 municipalities at once) refuses are left out, as KMD would
// have said no; one order is cancelled, so its tasks show withdrawn. Tasks whose
// dates have passed are done, those under way started. Drawn from hashes,
// the same every run for the same day.

type demoAddOn struct {
	cat                                 addon.Category
	kind, content, target, form, extent string
	capacity                            bool
	tasks                               []app.AddOnTaskInput
}

func prepTask(title string, start, end int) app.AddOnTaskInput {
	return app.AddOnTaskInput{Title: title, Responsible: "Kommunen", Executor: "Uddannelsesansvarlig", Start: start, End: end}
}

func kmdTask(title string, start, end int) app.AddOnTaskInput {
	return app.AddOnTaskInput{Title: title, Responsible: "KMD", Executor: "KMD", Start: start, End: end}
}

// figure18 is seed 003 figure 18, "Liste af ydelsestyper for
// enkeltkommunale tilkøb", with the tasks udrul gives each service.
var figure18 = []demoAddOn{
	{addon.Training, "Kursus", "KSD systemanvendelse", "Superbruger", "Tilstedeværelse", "3 dage", true, []app.AddOnTaskInput{
		prepTask("Tilmeld superbrugere til tilkøbt kursus", -70, -60), kmdTask("Gennemfør tilkøbt superbrugerkursus (3 dage)", -50, -40)}},
	{addon.Training, "Kursus", "KSD systemanvendelse", "Slutbruger", "Tilstedeværelse", "1 dag", true, []app.AddOnTaskInput{
		prepTask("Tilmeld slutbrugere og book lokaler til tilkøbt kursus", -40, -30), kmdTask("Gennemfør tilkøbt slutbrugerkursus", -20, -5)}},
	{addon.Training, "Webinar", "KSD erfa/videndeling", "Superbruger", "Online", "1-2 timer", false, []app.AddOnTaskInput{
		kmdTask("Afhold webinar om erfaringer for superbrugere", 10, 20)}},
	{addon.Training, "Webinar", "KSD erfa/videndeling", "Ledelse, projektleder", "Online, flere kommuner", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Afhold webinar om erfaringer for ledelse og projektleder", 20, 30)}},
	{addon.ChangeManagement, "Konsulentbistand", "Vision og målsætning", "Ledere, projektleder, superbrugere", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		prepTask("Aftal forløb om vision og målsætning med KMD", -150, -140), kmdTask("Konsulentbistand: vision og målsætning", -130, -110)}},
	{addon.ChangeManagement, "Workshop", "Intro forandringsledelse", "Ledere af KSD", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Afhold workshop: intro til forandringsledelse", -120, -115)}},
	{addon.ChangeManagement, "Konsulentbistand", "Forandringsanalyse", "Ledere af KSD", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Konsulentbistand: forandringsanalyse", -110, -90)}},
	{addon.ChangeManagement, "Konsulentbistand", "Intro forandringsledelse", "Projektgruppe", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Konsulentbistand: intro til forandringsledelse for projektgruppen", -120, -110)}},
	{addon.ChangeManagement, "Workshop", "Kom godt i gang med forandringsparathedsundersøgelse", "Ledelse og projektledere", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Afhold workshop om forandringsparathedsundersøgelsen", -100, -95)}},
	{addon.ChangeManagement, "Workshop", "Design processer", "Projektgruppe og -ledelse", "Tilstedeværelse", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Afhold workshop: design af processer", -90, -80)}},
	{addon.ChangeManagement, "Konsulentbistand", "Sparring og støtte", "Projektleder og leder", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Sparring og støtte til projektleder og leder", -60, 20)}},
	{addon.Benefits, "Workshop", "Formulere mål", "Ledere, projektleder, superbrugere", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Afhold workshop: formulering af mål", -110, -100)}},
	{addon.Benefits, "Konsulentbistand", "Før-måling", "KSD-målgrupper", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Konsulentbistand: førmåling (baseline)", -80, -25)}},
	{addon.Benefits, "Workshop", "Potentialevurdering", "KSD-målgrupper", "Kommune", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Afhold workshop: potentialevurdering", -130, -120)}},
	{addon.Benefits, "Workshop", "Prioritering og handleplan", "KSD-målgrupper", "Kommuner", "Aftales", false, []app.AddOnTaskInput{
		kmdTask("Afhold workshop: prioritering og handleplan", -100, -90)}},
	{addon.Benefits, "Konsulentbistand", "Sparring og opfølgning", "Ledelsen", "Kommune", "Timer", false, []app.AddOnTaskInput{
		kmdTask("Sparring og opfølgning på gevinster med ledelsen", 20, 120)}},
	{addon.Benefits, "Konsulentbistand", "Efter-måling", "KSD-målgrupper", "Kommune", "Timer", false, []app.AddOnTaskInput{
		kmdTask("Konsulentbistand: eftermåling", 125, 140)}},
}

// demoTrainingLeads are the demo's project leads, who are their
// municipalities' training leads (seed 003 §6.5).
var demoTrainingLeads = map[string][2]string{
	"101": {"Jonas Vestergaard", "jonas.vestergaard@kk.dk"},
	"751": {"Sofie Nørgaard", "sofie.norgaard@aarhus.dk"},
}

func loadAddOns(ctx context.Context, a *app.App, today model.Date) error {
	const key = "ksd"
	var ids []int64
	for _, d := range figure18 {
		x, err := a.SaveAddOn(ctx, nil, key, 0, app.AddOnInput{Category: d.cat, Kind: d.kind, Content: d.content, TargetGroup: d.target,
			Form: d.form, Extent: d.extent, Supplier: "KMD", Capacity: d.capacity, Tasks: d.tasks})
		if err != nil {
			return fmt.Errorf("%s %s: %w", d.kind, d.content, err)
		}
		ids = append(ids, x.ID)
	}
	ov, err := a.Overview(ctx, nil, key, today)
	if err != nil {
		return err
	}
	appToday := a.Today()
	cancelled := false
	for _, m := range ov.Municipalities {
		late := addon.Late(m.GoLive, appToday)
		_, named := demoTrainingLeads[m.Code]
		pilot := slices.Contains(Pilots, m.Name)
		if !named && !pilot && (late || roll("tilkoeb", m.Code) >= 25) {
			continue
		}
		lead, ok := demoTrainingLeads[m.Code]
		if !ok {
			lead = [2]string{"KSD-projektleder i " + m.Name + " Kommune", ""}
		}
		by := app.System(lead[0])
		if _, err := a.SaveAgreement(ctx, by, key, m.Code, app.AgreementInput{TrainingLead: lead[0], TrainingLeadEmail: lead[1]}); err != nil {
			return fmt.Errorf("%s: %w", m.Code, err)
		}
		reason := ""
		first := roll("tilkoeb første", m.Code) % len(ids)
		picks := []int{1, first} // the end-user course, and one more
		if roll("tilkoeb antal", m.Code) < 40 {
			picks = append(picks, (first+5)%len(ids))
		}
		if late {
			// Past the deadline (the pilots): KOMBIT's exception, for the
			// follow-up after go-live – sparring, and the post-measurement.
			by, reason = app.System("Lars Mortensen (KOMBIT)"), "Aftalt med KOMBIT på styregruppemødet; KMD har bekræftet kapaciteten"
			picks = []int{len(ids) - 2, len(ids) - 1}
		}
		var made []app.OrderView
		for _, i := range picks {
			o, err := a.Order(ctx, by, key, m.Code, app.OrderInput{AddOnID: ids[i], ExceptionReason: reason})
			var ae *app.Error
			if errors.As(err, &ae) && ae.Code == app.CodeInvalid && ae.Field == "addon_id" {
				continue // already ordered, or over the supplier's capacity: KMD said no
			}
			if err != nil {
				return fmt.Errorf("%s: %w", m.Code, err)
			}
			if err := deliver(ctx, a, o, appToday); err != nil {
				return fmt.Errorf("%s: %w", m.Code, err)
			}
			made = append(made, o)
		}
		if !cancelled && len(made) > 1 {
			if err := a.CancelOrder(ctx, by, key, m.Code, made[1].ID, made[1].Version); err != nil {
				return fmt.Errorf("%s: %w", m.Code, err)
			}
			cancelled = true
		}
	}
	return nil
}

// deliver sets the statuses of an order's tasks as KMD and the
// municipality would have them today: done when their end has passed,
// started when their start has.
func deliver(ctx context.Context, a *app.App, o app.OrderView, today model.Date) error {
	for _, t := range o.Tasks {
		st := model.NotStarted
		switch {
		case t.End < today:
			st = model.Completed
		case t.Start <= today:
			st = model.Started
		}
		if st == model.NotStarted {
			continue
		}
		by := app.System("Mette Holm (KMD)")
		if t.Responsible == "Kommunen" {
			by = app.System("Uddannelsesansvarlig")
		}
		if _, err := a.SetStatus(ctx, by, t.ID, app.StatusChange{Status: st, Version: t.Version}); err != nil {
			return err
		}
	}
	return nil
}

package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/addon"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// Add-on purchases (tilkøb, seed 003 §6.5): rules in package addon,
// storage in store/addons.go, who may do what in access (addon.go);
// docs/addons.md. An add-on's tasks are catalogue tasks marked with the
// add-on (never published, never enrolled); ordering it gives the plan
// their instances, dated from go-live by the calendar's rule like any
// catalogue task, with their history and colours; cancelling withdraws
// them.

// EventAddOn is the history kind of an instance added or withdrawn by an
// add-on order.
const EventAddOn = "tilkoeb"

// AddOnTaskView is one of an add-on's task templates.
type AddOnTaskView struct {
	ID          int64          `json:"id"`
	Key         string         `json:"key"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Phase       string         `json:"phase"`
	Type        model.TaskType `json:"type"`
	Responsible string         `json:"responsible"`
	Executor    string         `json:"executor"`
	Timing      model.Timing   `json:"timing"`
}

// AddOnView is an add-on of the catalogue with its task templates.
type AddOnView struct {
	addon.AddOn
	CategoryLabel string          `json:"category_label"`
	Tasks         []AddOnTaskView `json:"tasks"`
}

// Title is how pages and messages name the add-on.
func (v AddOnView) Title() string { return addOnTitle(v.AddOn) }

func addOnTitle(a addon.AddOn) string {
	return fmt.Sprintf("%s: %s (%s)", a.Kind, a.Content, a.TargetGroup)
}

// AddOnCatalogueView is a programme's add-on catalogue.
type AddOnCatalogueView struct {
	Programme     string      `json:"programme"`
	ProgrammeName string      `json:"programme_name"`
	CanManage     bool        `json:"can_manage"`
	AddOns        []AddOnView `json:"addons"`
}

// AddOnInput is an add-on as sent by a coordinator. Tasks are taken when
// the add-on is created; later tasks are added one by one (AddAddOnTask).
type AddOnInput struct {
	Category    addon.Category   `json:"category"`
	Kind        string           `json:"kind"`
	Content     string           `json:"content"`
	TargetGroup string           `json:"target_group"`
	Form        string           `json:"form"`
	Extent      string           `json:"extent"`
	Supplier    string           `json:"supplier"`
	Capacity    bool             `json:"capacity"`
	Withdrawn   bool             `json:"withdrawn"`
	Tasks       []AddOnTaskInput `json:"tasks"`
	Version     int              `json:"version"`
}

// AddOnTaskInput is a task template as sent: its timing counts from a
// milestone (go-live by default) in working days like a catalogue task's.
type AddOnTaskInput struct {
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Type        model.TaskType `json:"type"`
	Responsible string         `json:"responsible"`
	Executor    string         `json:"executor"`
	Milestone   string         `json:"milestone"`
	Start       int            `json:"start"`
	End         int            `json:"end"`
	Unit        model.Unit     `json:"unit"`
}

// AddOnCatalogue returns a programme's add-on catalogue.
func (a *AddOnService) AddOnCatalogue(ctx context.Context, by *Identity, programmeKey string) (*AddOnCatalogueView, error) {
	if err := allow(by, access.ViewAddOnCatalogue, access.RefuseRole); err != nil {
		return nil, err
	}
	var v *AddOnCatalogueView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		adds, err := a.addOnViews(ctx, tx, prog.ID)
		if err != nil {
			return err
		}
		v = &AddOnCatalogueView{Programme: prog.Key, ProgrammeName: prog.Name, AddOns: adds,
			CanManage: allow(by, access.ManageAddOns, "") == nil}
		return nil
	})
	return v, err
}

func (a *AddOnService) addOnViews(ctx context.Context, tx *store.Tx, programmeID int64) ([]AddOnView, error) {
	adds, err := tx.AddOns(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	tasks, err := tx.AddOnTasks(ctx, programmeID, 0)
	if err != nil {
		return nil, err
	}
	out := make([]AddOnView, 0, len(adds))
	for _, x := range adds {
		v := AddOnView{AddOn: x, CategoryLabel: x.Category.Label(), Tasks: []AddOnTaskView{}}
		for _, t := range tasks {
			if t.AddOnID == x.ID {
				v.Tasks = append(v.Tasks, addOnTaskView(t))
			}
		}
		out = append(out, v)
	}
	return out, nil
}

func addOnTaskView(t store.AddOnTask) AddOnTaskView {
	return AddOnTaskView{ID: t.ID, Key: t.Key, Title: t.Title, Description: t.Description, Phase: t.Phase, Type: t.Type,
		Responsible: t.Responsible, Executor: t.Executor, Timing: t.Timing}
}

// SaveAddOn adds an add-on to a programme's catalogue (id 0, with its
// tasks) or changes one (in.Version must be the version the user saw; its
// tasks are not touched). A withdrawn add-on can no longer be ordered;
// orders already made stay.
func (a *AddOnService) SaveAddOn(ctx context.Context, by *Identity, programmeKey string, id int64, in AddOnInput) (AddOnView, error) {
	var out AddOnView
	if err := allow(by, access.ManageAddOns, access.RefuseManageAddOns); err != nil {
		return out, err
	}
	actor := actorOf(by)
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		x := addon.AddOn{ProgrammeID: prog.ID}
		if id != 0 {
			if x, err = a.addOnOf(ctx, tx, prog, id); err != nil {
				return err
			}
			if in.Version != x.Version {
				return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
					"tilkøbet er ændret i mellemtiden (version %d, ikke %d); hent det igen", x.Version, in.Version)}
			}
			if len(in.Tasks) > 0 {
				return invalidField("tasks", "et tilkøbs opgaver tilføjes én ad gangen, når tilkøbet findes")
			}
		}
		if err := fillAddOn(&x, in); err != nil {
			return err
		}
		if err := tx.SaveAddOn(ctx, &x, actor); err != nil {
			return err
		}
		for i, t := range in.Tasks {
			if _, err := a.saveAddOnTask(ctx, tx, prog, x, t, fmt.Sprintf("tasks[%d].", i)); err != nil {
				return err
			}
		}
		views, err := a.addOnViews(ctx, tx, prog.ID)
		if err != nil {
			return err
		}
		for _, v := range views {
			if v.ID == x.ID {
				out = v
			}
		}
		return nil
	})
	return out, err
}

// AddAddOnTask adds a task template to an add-on. Plans that have ordered
// the add-on get the task at once.
func (a *AddOnService) AddAddOnTask(ctx context.Context, by *Identity, programmeKey string, id int64, in AddOnTaskInput) (AddOnTaskView, error) {
	var out AddOnTaskView
	if err := allow(by, access.ManageAddOns, access.RefuseManageAddOns); err != nil {
		return out, err
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		x, err := a.addOnOf(ctx, tx, prog, id)
		if err != nil {
			return err
		}
		t, err := a.saveAddOnTask(ctx, tx, prog, x, in, "")
		if err != nil {
			return err
		}
		orders, err := tx.OrdersOfProgramme(ctx, prog.ID)
		if err != nil {
			return err
		}
		for _, o := range orders {
			if o.AddOnID != x.ID || !o.CancelledAt.IsZero() {
				continue
			}
			plan, err := tx.PlanOf(ctx, prog.ID, o.MunicipalityID)
			if err != nil {
				return err
			}
			if err := a.addInstances(ctx, tx, prog, plan, []store.AddOnTask{t}, addOnTitle(x), actorOf(by)); err != nil {
				return err
			}
		}
		out = addOnTaskView(t)
		return nil
	})
	return out, err
}

func (a *AddOnService) addOnOf(ctx context.Context, tx *store.Tx, prog catalogue.Programme, id int64) (addon.AddOn, error) {
	x, err := tx.AddOnByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && x.ProgrammeID != prog.ID) {
		return x, notFound("tilkøb %d findes ikke i programmet %q", id, prog.Key)
	}
	return x, err
}

func fillAddOn(x *addon.AddOn, in AddOnInput) error {
	if !in.Category.Valid() {
		return invalidField("category", "ukendt ydelsestype %q: brug %s", in.Category, strings.Join(addon.Categories.Strings(), ", "))
	}
	if strings.TrimSpace(in.Supplier) == "" {
		in.Supplier = "Leverandøren"
	}
	for _, f := range []struct {
		field, name string
		value       *string
	}{{"kind", "form for ydelse", &in.Kind}, {"content", "indhold", &in.Content}, {"target_group", "målgruppe", &in.TargetGroup},
		{"form", "form", &in.Form}, {"extent", "omfang", &in.Extent}, {"supplier", "leverandør", &in.Supplier}} {
		*f.value = strings.TrimSpace(*f.value)
		switch n := utf8.RuneCountInString(*f.value); {
		case n == 0:
			return invalidField(f.field, "%s mangler", f.name)
		case n > 200:
			return invalidField(f.field, "%s må højst være 200 tegn", f.name)
		}
	}
	x.Category, x.Kind, x.Content, x.TargetGroup, x.Form, x.Extent = in.Category, in.Kind, in.Content, in.TargetGroup, in.Form, in.Extent
	x.Supplier, x.Capacity, x.Withdrawn = in.Supplier, in.Capacity, in.Withdrawn
	return nil
}

// saveAddOnTask validates and stores a new task template of add-on x;
// prefix is the fields' path in the request ("tasks[1].").
func (a *AddOnService) saveAddOnTask(ctx context.Context, tx *store.Tx, prog catalogue.Programme, x addon.AddOn, in AddOnTaskInput, prefix string) (store.AddOnTask, error) {
	in.Title = strings.TrimSpace(in.Title)
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		return store.AddOnTask{}, invalidField(prefix+"title", "opgaven skal have en titel")
	case n > 200:
		return store.AddOnTask{}, invalidField(prefix+"title", "titlen må højst være 200 tegn")
	}
	if len(in.Description) > MaxCommentLength {
		return store.AddOnTask{}, invalidField(prefix+"description", "beskrivelsen må højst være %d tegn", MaxCommentLength)
	}
	if in.Type == "" {
		in.Type = model.Mandatory
	}
	if !in.Type.Valid() {
		return store.AddOnTask{}, invalidField(prefix+"type", "ukendt type %q: brug valgfri, obligatorisk eller kritisk", in.Type)
	}
	if in.Unit == "" {
		in.Unit = model.WorkingDays
	}
	if !in.Unit.Valid() {
		return store.AddOnTask{}, invalidField(prefix+"unit", "ukendt enhed %q: brug arbejdsdage eller kalenderdage", in.Unit)
	}
	if in.Milestone == "" {
		in.Milestone = model.GoLive
	}
	reference := model.NewDate(2030, 3, 4) // any go-live: offsets and phases are relative to it
	milestones := a.cal.Milestones(&prog.Programme, reference)
	if _, ok := milestones[in.Milestone]; !ok {
		return store.AddOnTask{}, invalidField(prefix+"milestone", "programmet har ingen milepæl %q", in.Milestone)
	}
	if in.Start < -2000 || in.Start > 2000 {
		return store.AddOnTask{}, invalidField(prefix+"start", "start skal ligge inden for 2000 dage fra milepælen")
	}
	if in.End < in.Start || in.End > 2000 {
		return store.AddOnTask{}, invalidField(prefix+"end", "slut skal ligge efter start og inden for 2000 dage fra milepælen")
	}
	if strings.TrimSpace(in.Responsible) == "" {
		in.Responsible = x.Supplier
	}
	for _, f := range []struct{ field, name, value string }{{"responsible", "ansvarlig", in.Responsible}, {"executor", "udfører", in.Executor}} {
		if utf8.RuneCountInString(f.value) > 200 {
			return store.AddOnTask{}, invalidField(prefix+f.field, "%s må højst være 200 tegn", f.name)
		}
	}
	ct := model.CatalogueTask{Title: in.Title, Description: in.Description, Type: in.Type, Level: model.LevelMunicipality,
		Theme: x.Category.Theme(), MainTask: x.Category.MainTask(),
		Responsible: strings.TrimSpace(in.Responsible), Executor: strings.TrimSpace(in.Executor),
		Timing: model.Timing{Milestone: in.Milestone, Start: in.Start, End: in.End, Unit: in.Unit}}
	start, _, err := a.cal.TaskDates(&ct, milestones)
	if err != nil {
		return store.AddOnTask{}, invalidField(prefix+"start", "%v", err)
	}
	if ph, ok := a.model.PhaseAt(reference, start); ok {
		ct.Phase = ph.Key
	} else if len(a.model.Phases) > 0 {
		ct.Phase = a.model.Phases[len(a.model.Phases)-1].Key
	}
	existing, err := tx.AddOnTasks(ctx, prog.ID, x.ID)
	if err != nil {
		return store.AddOnTask{}, err
	}
	ct.Key = fmt.Sprintf("tilkoeb-%d-%d", x.ID, len(existing)+1)
	t := store.AddOnTask{CatalogueTask: store.CatalogueTask{CatalogueTask: ct, AddedVersion: prog.CurrentVersion,
		ChangedVersion: prog.CurrentVersion}, AddOnID: x.ID}
	if err := tx.SaveAddOnTask(ctx, prog.ID, &t); err != nil {
		return t, err
	}
	return t, nil
}

// OrderTaskView is a task an order brought into the plan.
type OrderTaskView struct {
	ID          int64          `json:"id"` // the task instance
	Key         string         `json:"key"`
	Title       string         `json:"title"`
	Type        model.TaskType `json:"type"`
	Responsible string         `json:"responsible"`
	Start       model.Date     `json:"start"`
	End         model.Date     `json:"end"`
	Status      model.Status   `json:"status"`
	Colour      model.Colour   `json:"colour"`
	Withdrawn   bool           `json:"withdrawn"`
	Version     int            `json:"version"`
}

// OrderView is an order with its add-on and its tasks in the plan.
type OrderView struct {
	addon.Order
	Programme     string          `json:"programme"`
	Title         string          `json:"title"`
	Category      addon.Category  `json:"category"`
	CategoryLabel string          `json:"category_label"`
	Supplier      string          `json:"supplier"`
	Live          bool            `json:"live"`
	Tasks         []OrderTaskView `json:"tasks"`
}

// AgreementView is a municipality's add-on agreement for a programme.
type AgreementView struct {
	Programme        string          `json:"programme"`
	ProgrammeName    string          `json:"programme_name"`
	Municipality     string          `json:"municipality"`
	MunicipalityName string          `json:"municipality_name"`
	GoLive           model.Date      `json:"golive"`
	Deadline         model.Date      `json:"deadline"`
	Late             bool            `json:"late"` // today is after the deadline
	Agreement        addon.Agreement `json:"agreement"`
	CanChange        bool            `json:"can_change"`
	CanException     bool            `json:"can_exception"`
	Orders           []OrderView     `json:"orders"`
	AddOns           []AddOnView     `json:"addons"` // what can be ordered: the catalogue's live add-ons not ordered now
	History          []addon.Event   `json:"history"`
}

// AgreementInput names the municipality's training lead.
type AgreementInput struct {
	TrainingLead      string `json:"training_lead"`
	TrainingLeadEmail string `json:"training_lead_email"`
	Version           int    `json:"version"`
}

// OrderInput orders an add-on; ExceptionReason is a coordinator's reason
// for accepting the order after the deadline.
type OrderInput struct {
	AddOnID         int64  `json:"addon_id"`
	ExceptionReason string `json:"exception_reason"`
}

// agreementPlan finds the programme and plan of a municipality's agreement
// and checks that by may see it (and, with change, change it).
func (a *AddOnService) agreementPlan(ctx context.Context, tx *store.Tx, by *Identity, programmeKey, code string, change bool) (catalogue.Programme, store.Plan, error) {
	prog, err := a.programme(ctx, tx, programmeKey)
	if err != nil {
		return prog, store.Plan{}, err
	}
	muni, err := a.municipality(ctx, tx, code)
	if err != nil {
		return prog, store.Plan{}, err
	}
	if err := allow(by, func(s access.Subject) bool { return access.ViewAgreement(s, muni.ID) }, access.RefuseAgreement); err != nil {
		return prog, store.Plan{}, err
	}
	if change {
		if err := allow(by, func(s access.Subject) bool { return access.ChangeAgreement(s, muni.ID) }, access.RefuseChangeAgreement); err != nil {
			return prog, store.Plan{}, err
		}
	}
	plan, err := tx.PlanOf(ctx, prog.ID, muni.ID)
	if errors.Is(err, store.ErrNotFound) {
		return prog, plan, notFound("kommune %s (%s) er ikke tilmeldt programmet %q", code, muni.Name, programmeKey)
	}
	return prog, plan, err
}

// Agreement returns a municipality's add-on agreement as of today.
func (a *AddOnService) Agreement(ctx context.Context, by *Identity, programmeKey, code string) (*AgreementView, error) {
	var v *AgreementView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.agreementPlan(ctx, tx, by, programmeKey, code, false)
		if err != nil {
			return err
		}
		today := a.Today()
		v = &AgreementView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, GoLive: plan.GoLive, Deadline: addon.Deadline(plan.GoLive),
			Late: addon.Late(plan.GoLive, today), AddOns: []AddOnView{},
			CanChange:    allow(by, func(s access.Subject) bool { return access.ChangeAgreement(s, plan.Municipality.ID) }, "") == nil,
			CanException: allow(by, access.AddOnException, "") == nil}
		if v.Agreement, err = tx.AgreementOf(ctx, plan.ID); err != nil {
			return err
		}
		orders, err := tx.OrdersOfPlan(ctx, plan.ID)
		if err != nil {
			return err
		}
		if v.Orders, err = a.orderViews(ctx, tx, prog, orders, today); err != nil {
			return err
		}
		adds, err := a.addOnViews(ctx, tx, prog.ID)
		if err != nil {
			return err
		}
		for _, x := range adds {
			live := slices.ContainsFunc(v.Orders, func(o OrderView) bool { return o.Live && o.AddOnID == x.ID })
			if !x.Withdrawn && !live {
				v.AddOns = append(v.AddOns, x)
			}
		}
		v.History, err = tx.AddOnEvents(ctx, plan.ID)
		return err
	})
	return v, err
}

// orderViews adds to orders their add-ons and their tasks in the plans.
func (a *AddOnService) orderViews(ctx context.Context, tx *store.Tx, prog catalogue.Programme, orders []addon.Order, asof model.Date) ([]OrderView, error) {
	out := []OrderView{}
	if len(orders) == 0 {
		return out, nil
	}
	adds, err := tx.AddOns(ctx, prog.ID)
	if err != nil {
		return nil, err
	}
	templates, err := tx.AddOnTasks(ctx, prog.ID, 0)
	if err != nil {
		return nil, err
	}
	keysOf := map[int64]map[string]bool{}
	for _, t := range templates {
		if keysOf[t.AddOnID] == nil {
			keysOf[t.AddOnID] = map[string]bool{}
		}
		keysOf[t.AddOnID][t.Key] = true
	}
	warn := a.cal.WarnUntil(asof, prog.WarningDays)
	insts := map[int64][]model.TaskInstance{}
	for _, o := range orders {
		if _, ok := insts[o.PlanID]; !ok {
			if insts[o.PlanID], err = tx.InstancesOfPlan(ctx, o.PlanID); err != nil {
				return nil, err
			}
		}
		v := OrderView{Order: o, Programme: prog.Key, Live: o.CancelledAt.IsZero(), Tasks: []OrderTaskView{}}
		for _, x := range adds {
			if x.ID == o.AddOnID {
				v.Title, v.Category, v.CategoryLabel, v.Supplier = addOnTitle(x), x.Category, x.Category.Label(), x.Supplier
			}
		}
		for _, x := range insts[o.PlanID] {
			if !keysOf[o.AddOnID][x.Key] {
				continue
			}
			v.Tasks = append(v.Tasks, OrderTaskView{ID: x.ID, Key: x.Key, Title: x.Title, Type: x.Type, Responsible: x.Responsible,
				Start: x.Start, End: x.End, Status: x.Status, Colour: model.TaskColour(x.Type, x.Status, x.End, asof, warn),
				Withdrawn: x.Withdrawn, Version: x.Version})
		}
		out = append(out, v)
	}
	return out, nil
}

// SaveAgreement names the municipality's training lead
// (uddannelsesansvarlig), whom the seed requires before any add-on.
func (a *AddOnService) SaveAgreement(ctx context.Context, by *Identity, programmeKey, code string, in AgreementInput) (addon.Agreement, error) {
	var out addon.Agreement
	actor := actorOf(by)
	err := a.write(ctx, func(tx *store.Tx) error {
		_, plan, err := a.agreementPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		g, err := tx.AgreementOf(ctx, plan.ID)
		if err != nil {
			return err
		}
		if in.Version != g.Version {
			return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
				"aftalen er ændret i mellemtiden (version %d, ikke %d); hent den igen", g.Version, in.Version)}
		}
		lead, email := strings.TrimSpace(in.TrainingLead), strings.ToLower(strings.TrimSpace(in.TrainingLeadEmail))
		switch n := utf8.RuneCountInString(lead); {
		case n == 0:
			return invalidField("training_lead", "kommunen skal udpege en uddannelsesansvarlig (normalt projektlederen)")
		case n > 200:
			return invalidField("training_lead", "navnet må højst være 200 tegn")
		}
		if email != "" && (!strings.Contains(email, "@") || utf8.RuneCountInString(email) > 200 || strings.ContainsAny(email, " \t")) {
			return invalidField("training_lead_email", "%q er ikke en gyldig mailadresse", email)
		}
		before := g.TrainingLead
		g.TrainingLead, g.TrainingLeadEmail = lead, email
		if err := tx.SaveAgreement(ctx, &g, actor); err != nil {
			return err
		}
		msg := "Udpegede " + lead + " som uddannelsesansvarlig"
		if before != "" {
			msg = fmt.Sprintf("Skiftede uddannelsesansvarlig fra %s til %s", before, lead)
		}
		out = g
		return tx.AppendAddOnEvent(ctx, plan.ID, actor, msg)
	})
	return out, err
}

// Order orders an add-on for the municipality: its tasks enter the plan.
// Refused without a training lead, for a withdrawn or already ordered
// add-on, after the deadline (3 months before go-live) unless a
// coordinator gives a reason, and when the supplier's capacity for user
// training would be exceeded.
func (a *AddOnService) Order(ctx context.Context, by *Identity, programmeKey, code string, in OrderInput) (OrderView, error) {
	var out OrderView
	actor := actorOf(by)
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.agreementPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		g, err := tx.AgreementOf(ctx, plan.ID)
		if err != nil {
			return err
		}
		if g.TrainingLead == "" {
			return invalidField("training_lead", "udpeg kommunens uddannelsesansvarlige, før der bestilles tilkøb")
		}
		x, err := tx.AddOnByID(ctx, in.AddOnID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && x.ProgrammeID != prog.ID) {
			return invalidField("addon_id", "tilkøb %d findes ikke i programmet %q", in.AddOnID, prog.Key)
		} else if err != nil {
			return err
		}
		if x.Withdrawn {
			return invalidField("addon_id", "tilkøbet %q udbydes ikke længere", addOnTitle(x))
		}
		orders, err := tx.OrdersOfPlan(ctx, plan.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(orders, func(o addon.Order) bool { return o.AddOnID == x.ID && o.CancelledAt.IsZero() }) {
			return invalidField("addon_id", "tilkøbet %q er allerede bestilt", addOnTitle(x))
		}
		reason := strings.TrimSpace(in.ExceptionReason)
		deadline := addon.Deadline(plan.GoLive)
		if addon.Late(plan.GoLive, a.Today()) {
			late := fmt.Sprintf("fristen for tilkøb var %s (3 måneder før go-live %s)", deadline.Danish(), plan.GoLive.Danish())
			switch {
			case allow(by, access.AddOnException, "") != nil:
				return invalidField("addon_id", "%s; kun KOMBIT kan give dispensation", late)
			case reason == "":
				return invalidField("exception_reason", "%s; angiv begrundelsen for dispensationen", late)
			case utf8.RuneCountInString(reason) > 500:
				return invalidField("exception_reason", "begrundelsen må højst være 500 tegn")
			}
		} else if reason != "" {
			return invalidField("exception_reason", "bestillingen er inden for fristen (%s); der skal ingen dispensation til", deadline.Danish())
		}
		templates, err := tx.AddOnTasks(ctx, prog.ID, x.ID)
		if err != nil {
			return err
		}
		if x.Capacity {
			if err := a.checkCapacity(ctx, tx, prog, plan, x, templates); err != nil {
				return err
			}
		}
		o := addon.Order{PlanID: plan.ID, AddOnID: x.ID, ExceptionReason: reason}
		if err := tx.InsertOrder(ctx, &o, actor); store.IsUniqueViolation(err) {
			return &Error{Code: CodeConflict, Field: "addon_id", Message: fmt.Sprintf("tilkøbet %q er netop bestilt af en anden", addOnTitle(x)), Err: err}
		} else if err != nil {
			return err
		}
		if err := a.addInstances(ctx, tx, prog, plan, templates, addOnTitle(x), actor); err != nil {
			return err
		}
		msg := fmt.Sprintf("Bestilte tilkøbet %s", addOnTitle(x))
		if reason != "" {
			msg += fmt.Sprintf(" efter fristen %s med dispensation: %s", deadline.Danish(), reason)
		}
		if err := tx.AppendAddOnEvent(ctx, plan.ID, actor, msg); err != nil {
			return err
		}
		o, err = tx.OrderByID(ctx, o.ID)
		if err != nil {
			return err
		}
		views, err := a.orderViews(ctx, tx, prog, []addon.Order{o}, a.Today())
		if err != nil {
			return err
		}
		out = views[0]
		return nil
	})
	return out, err
}

// checkCapacity refuses an order of a capacity add-on that would bring the
// supplier over addon.Capacity municipalities in training at once.
func (a *AddOnService) checkCapacity(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plan store.Plan, x addon.AddOn, templates []store.AddOnTask) error {
	if len(templates) == 0 {
		return nil
	}
	milestones := a.cal.Milestones(&prog.Programme, plan.GoLive)
	w := addon.Window{Municipality: plan.Municipality.Name}
	for i, t := range templates {
		start, end, err := a.cal.TaskDates(&t.CatalogueTask.CatalogueTask, milestones)
		if err != nil {
			return invalid("%v", err)
		}
		if i == 0 || start < w.Start {
			w.Start = start
		}
		if i == 0 || end > w.End {
			w.End = end
		}
	}
	if err := tx.LockSupplierCapacity(ctx); err != nil {
		return err
	}
	all, err := tx.CapacityWindows(ctx)
	if err != nil {
		return err
	}
	var held []addon.Window
	for _, h := range all {
		if h.PlanID != plan.ID && strings.EqualFold(strings.TrimSpace(h.Supplier), strings.TrimSpace(x.Supplier)) {
			held = append(held, addon.Window{Municipality: h.Municipality, Start: h.Start, End: h.End})
		}
	}
	if over, ok := addon.CheckCapacity(addon.Capacity, held, w); ok {
		return invalidField("addon_id", "%s kan højst undervise %d kommuner ad gangen, og den %s underviser den allerede %s (undervisningen her: %s–%s)",
			x.Supplier, addon.Capacity, over.Day.Danish(), strings.Join(over.Municipalities, ", "), w.Start.Danish(), w.End.Danish())
	}
	return nil
}

// addInstances gives the plan instances of an add-on's task templates,
// dated from go-live by the calendar's rule; an instance withdrawn by an
// earlier cancellation comes back with fresh dates and keeps its history.
func (a *AddOnService) addInstances(ctx context.Context, tx *store.Tx, prog catalogue.Programme, plan store.Plan, templates []store.AddOnTask, title, actor string) error {
	if len(templates) == 0 {
		return nil
	}
	ids := make([]int64, len(templates))
	for i, t := range templates {
		ids[i] = t.ID
	}
	existing, err := tx.SchedulesOfTasks(ctx, ids)
	if err != nil {
		return err
	}
	milestones := a.cal.Milestones(&prog.Programme, plan.GoLive)
	var fresh []store.NewInstance
	var events []model.StatusEvent
	comment := "tilføjet ved bestilling af tilkøbet " + title
	for _, t := range templates {
		start, end, err := a.cal.TaskDates(&t.CatalogueTask.CatalogueTask, milestones)
		if err != nil {
			return invalid("%v (kommune %s)", err, plan.Municipality.Code)
		}
		i := slices.IndexFunc(existing, func(s store.Schedule) bool { return s.PlanID == plan.ID && s.CatalogueTaskID == t.ID })
		if i < 0 {
			fresh = append(fresh, store.NewInstance{PlanID: plan.ID, ProgrammeID: prog.ID, CatalogueTaskID: t.ID, Type: t.Type, Start: start, End: end})
			continue
		}
		s := existing[i]
		s.Type, s.PlannedStart, s.PlannedEnd, s.Start, s.End, s.Withdrawn = t.Type, start, end, start, end, false
		if err := tx.UpdateSchedule(ctx, s); err != nil {
			return err
		}
		events = append(events, model.StatusEvent{InstanceID: s.ID, Actor: actor, Kind: EventAddOn, Comment: comment})
	}
	if err := tx.InsertInstances(ctx, fresh); err != nil {
		return err
	}
	if len(fresh) > 0 {
		now, err := tx.SchedulesOfTasks(ctx, ids)
		if err != nil {
			return err
		}
		for _, s := range now {
			if s.PlanID == plan.ID && !slices.ContainsFunc(events, func(e model.StatusEvent) bool { return e.InstanceID == s.ID }) &&
				!slices.ContainsFunc(existing, func(x store.Schedule) bool { return x.ID == s.ID }) {
				events = append(events, model.StatusEvent{InstanceID: s.ID, Actor: actor, Kind: EventAddOn, Comment: comment})
			}
		}
	}
	return tx.AppendEvents(ctx, events)
}

// CancelOrder cancels a live order (version as seen): its tasks are
// withdrawn from the plan – kept with their history, no longer counted.
func (a *AddOnService) CancelOrder(ctx context.Context, by *Identity, programmeKey, code string, id int64, version int) error {
	actor := actorOf(by)
	return a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.agreementPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		o, err := tx.OrderByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && o.PlanID != plan.ID) {
			return notFound("bestilling %d findes ikke i denne aftale", id)
		} else if err != nil {
			return err
		}
		if !o.CancelledAt.IsZero() {
			return invalidField("id", "bestillingen er allerede afbestilt")
		}
		if o.Version != version {
			return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
				"bestillingen er ændret i mellemtiden (version %d, ikke %d); hent den igen", o.Version, version)}
		}
		if err := tx.CancelOrder(ctx, id, version, actor); err != nil {
			return err
		}
		x, err := tx.AddOnByID(ctx, o.AddOnID)
		if err != nil {
			return err
		}
		templates, err := tx.AddOnTasks(ctx, prog.ID, x.ID)
		if err != nil {
			return err
		}
		ids := make([]int64, len(templates))
		for i, t := range templates {
			ids[i] = t.ID
		}
		scheds, err := tx.SchedulesOfTasks(ctx, ids)
		if err != nil {
			return err
		}
		var events []model.StatusEvent
		for _, s := range scheds {
			if s.PlanID != plan.ID || s.Withdrawn {
				continue
			}
			s.Withdrawn = true
			if err := tx.UpdateSchedule(ctx, s); err != nil {
				return err
			}
			events = append(events, model.StatusEvent{InstanceID: s.ID, Actor: actor, Kind: EventAddOn,
				Comment: "trukket tilbage: tilkøbet " + addOnTitle(x) + " er afbestilt"})
		}
		if err := tx.AppendEvents(ctx, events); err != nil {
			return err
		}
		return tx.AppendAddOnEvent(ctx, plan.ID, actor, "Afbestilte tilkøbet "+addOnTitle(x))
	})
}

// AddOnOrdersView is every municipality's orders in a programme, for the
// supplier who delivers them and the centre.
type AddOnOrdersView struct {
	Programme     string      `json:"programme"`
	ProgrammeName string      `json:"programme_name"`
	Orders        []OrderView `json:"orders"`
}

// AddOnOrders lists a programme's orders, live first.
func (a *AddOnService) AddOnOrders(ctx context.Context, by *Identity, programmeKey string) (*AddOnOrdersView, error) {
	if err := allow(by, access.ViewAddOnOrders, access.RefuseAddOnOrders); err != nil {
		return nil, err
	}
	var v *AddOnOrdersView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		orders, err := tx.OrdersOfProgramme(ctx, prog.ID)
		if err != nil {
			return err
		}
		views, err := a.orderViews(ctx, tx, prog, orders, a.Today())
		if err != nil {
			return err
		}
		slices.SortStableFunc(views, func(x, y OrderView) int {
			if x.Live != y.Live {
				if x.Live {
					return -1
				}
				return 1
			}
			return 0
		})
		v = &AddOnOrdersView{Programme: prog.Key, ProgrammeName: prog.Name, Orders: views}
		return nil
	})
	return v, err
}

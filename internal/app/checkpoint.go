package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// Checkpoint decisions.
const (
	DecisionApproved  = "godkendt" // the municipality may pass to the next phase
	DecisionPostponed = "udskudt"  // not yet: the transition waits
)

// CheckpointItem is a task of a transition's checklist with its state.
type CheckpointItem struct {
	model.CheckpointItem
	Colour   model.Colour `json:"colour"`
	Done     bool         `json:"done"`     // completed, or (optional tasks) not relevant
	Blocking bool         `json:"blocking"` // mandatory and not completed
}

// Readiness is a plan's readiness for one phase transition.
type Readiness struct {
	catalogue.Transition
	Next      bool                       `json:"next"` // the transition out of the plan's current phase
	Done      int                        `json:"done"`
	Total     int                        `json:"total"`
	Ready     bool                       `json:"ready"` // every mandatory item is completed
	Items     []CheckpointItem           `json:"items"`
	Blocking  []CheckpointItem           `json:"blocking"`
	Decision  *model.CheckpointDecision  `json:"decision,omitempty"` // the latest
	Decisions []model.CheckpointDecision `json:"decisions"`
}

// PlanCheckpoints is a plan's readiness for each phase transition that has
// checklist items or decisions.
type PlanCheckpoints struct {
	Programme        string      `json:"programme"`
	ProgrammeName    string      `json:"programme_name"`
	Municipality     string      `json:"municipality"`
	MunicipalityName string      `json:"municipality_name"`
	Asof             model.Date  `json:"asof"`
	GoLive           model.Date  `json:"golive"`
	Phase            string      `json:"phase"`
	PhaseName        string      `json:"phase_name"`
	Next             string      `json:"next,omitempty"` // key of the transition out of the current phase
	Transitions      []Readiness `json:"transitions"`
}

func (a *FollowUpService) readiness(items []model.CheckpointItem, decisions []model.CheckpointDecision, tr catalogue.Transition,
	enrolled, asof, warn model.Date) Readiness {
	r := Readiness{Transition: tr, Items: []CheckpointItem{}, Blocking: []CheckpointItem{}, Decisions: []model.CheckpointDecision{}}
	for _, x := range items {
		if x.Transition != tr.Key {
			continue
		}
		it := CheckpointItem{CheckpointItem: x, Colour: model.PlanTaskColour(x.Type, x.Status, x.End, enrolled, asof, warn)}
		// A mandatory item before enrolment settled as ikke relevant is
		// done too (docs/before-enrolment.md); one not yet settled blocks.
		it.Done = x.Status == model.Completed ||
			(x.Status == model.NotRelevant && (!x.Type.IsMandatory() || model.BeforeEnrolment(x.End, enrolled)))
		it.Blocking = x.Type.IsMandatory() && !it.Done
		r.Total++
		if it.Done {
			r.Done++
		}
		if it.Blocking {
			r.Blocking = append(r.Blocking, it)
		}
		r.Items = append(r.Items, it)
	}
	for _, d := range decisions {
		if d.Transition == tr.Key {
			r.Decisions = append(r.Decisions, d)
		}
	}
	if n := len(r.Decisions); n > 0 {
		r.Decision = &r.Decisions[n-1]
	}
	r.Ready = len(r.Blocking) == 0
	return r
}

// Checkpoints returns a plan's readiness as of asof for its next phase
// transition (always listed) and every other transition with checklist
// items or decisions, in the model's order.
func (a *FollowUpService) Checkpoints(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*PlanCheckpoints, error) {
	var v *PlanCheckpoints
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.programmePlan(ctx, tx, by, programmeKey, code, ruleViewMunicipality)
		if err != nil {
			return err
		}
		items, err := tx.CheckpointItems(ctx, plan.ID)
		if err != nil {
			return err
		}
		decisions, err := tx.CheckpointDecisions(ctx, plan.ID)
		if err != nil {
			return err
		}
		v = &PlanCheckpoints{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, Asof: asof, GoLive: plan.GoLive, Transitions: []Readiness{}}
		if ph, ok := a.model.PhaseAt(plan.GoLive, asof); ok {
			v.Phase, v.PhaseName = ph.Key, ph.Name
		}
		warn := a.cal.WarnUntil(asof, prog.WarningDays)
		for _, tr := range catalogue.Transitions(a.model) {
			r := a.readiness(items, decisions, tr, plan.EnrolledOn, asof, warn)
			r.Next = tr.From == v.Phase
			if r.Next {
				v.Next = tr.Key
			}
			if r.Next || r.Total > 0 || len(r.Decisions) > 0 {
				v.Transitions = append(v.Transitions, r)
			}
		}
		return nil
	})
	return v, err
}

// CheckpointInput records a decision on a phase transition.
type CheckpointInput struct {
	Transition string `json:"transition"` // e.g. 2.1-2.2
	Decision   string `json:"decision"`   // godkendt or udskudt
	Basis      string `json:"basis"`      // on what basis: required
}

// DecideCheckpoint records who decided, when and on what basis that a
// plan may (godkendt) or may not yet (udskudt) pass a phase transition,
// with the readiness they saw. Approving with blocking items is allowed —
// it is a person's judgement — but the basis must say why.
func (a *FollowUpService) DecideCheckpoint(ctx context.Context, by *Identity, programmeKey, code string, in CheckpointInput) (model.CheckpointDecision, error) {
	var d model.CheckpointDecision
	// Who decides depends on the municipality (its own project lead), so a
	// role that may decide for none is refused before anything is read.
	if err := allow(by, func(s access.Subject) bool { return access.DecideCheckpoint(s, s.MunicipalityID) }, access.RefuseCheckpoint); err != nil {
		return d, err
	}
	tr, ok := catalogue.TransitionByKey(a.model, in.Transition)
	if !ok {
		var keys []string
		for _, t := range catalogue.Transitions(a.model) {
			keys = append(keys, t.Key)
		}
		return d, invalidField("transition", "ukendt faseovergang %q (overgange: %v)", in.Transition, keys)
	}
	if !slices.Contains([]string{DecisionApproved, DecisionPostponed}, in.Decision) {
		return d, invalidField("decision", "ukendt beslutning %q: brug godkendt eller udskudt", in.Decision)
	}
	basis, err := cleanText("basis", "grundlaget for beslutningen", in.Basis, true, 5000)
	if err != nil {
		return d, err
	}
	err = a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.programmePlan(ctx, tx, by, programmeKey, code, ruleDecideCheckpoint)
		if err != nil {
			return err
		}
		items, err := tx.CheckpointItems(ctx, plan.ID)
		if err != nil {
			return err
		}
		asof := a.Today()
		r := a.readiness(items, nil, tr, plan.EnrolledOn, asof, a.cal.WarnUntil(asof, prog.WarningDays))
		d = model.CheckpointDecision{PlanID: plan.ID, Transition: tr.Key, Decision: in.Decision, Basis: basis, Done: r.Done, Total: r.Total,
			Blocking: []string{}, DecidedBy: actorOf(by)}
		for _, b := range r.Blocking {
			k := b.Key
			if b.Institution != "" {
				k += fmt.Sprintf(" (%s)", b.Institution)
			}
			d.Blocking = append(d.Blocking, k)
		}
		return tx.InsertCheckpointDecision(ctx, &d)
	})
	return d, err
}

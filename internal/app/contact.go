package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// ContactInput is an entry for the contact log.
type ContactInput struct {
	Date         model.Date           `json:"date"`
	Channel      model.ContactChannel `json:"channel"`
	Kind         model.ContactKind    `json:"kind"` // kontakt (default) or eskalering
	Participants string               `json:"participants"`
	Summary      string               `json:"summary"`
	Agreements   string               `json:"agreements"`
	InternalNote string               `json:"internal_note"` // seen by central staff only
	EscalatedTo  string               `json:"escalated_to"`  // required for an escalation: to whom (e.g. styregruppen)
	NextFollowup model.Date           `json:"next_followup,omitzero"`
	Tasks        []int64              `json:"tasks"` // task instance ids of the plan the entry is about
}

// AddContact adds an entry to a municipality's contact log for a
// programme. An escalation is recorded only by a person (by must be a
// signed-in user): udrul never escalates by itself.
func (a *FollowUpService) AddContact(ctx context.Context, by *Identity, programmeKey, code string, in ContactInput) (model.Contact, error) {
	var c model.Contact
	if err := checkFollowUp(by); err != nil {
		return c, err
	}
	if in.Kind == "" {
		in.Kind = "kontakt"
	}
	var err error
	switch {
	case in.Date == model.NoDate:
		return c, invalidField("date", "datoen mangler")
	case in.Date > a.Today():
		return c, invalidField("date", "kontakten %s ligger i fremtiden; log den, når den har fundet sted", in.Date.Danish())
	case !model.ContactChannels.Valid(in.Channel):
		return c, invalidField("channel", "ukendt kanal %q: brug mail, telefon eller moede", in.Channel)
	case !model.ContactKinds.Valid(in.Kind):
		return c, invalidField("kind", "ukendt type %q: brug kontakt eller eskalering", in.Kind)
	case in.Kind == model.ContactEscalation && by == nil:
		return c, invalidField("kind", "en eskalering besluttes af en person og kan ikke registreres automatisk")
	case in.Kind == model.ContactEscalation && !access.Escalate(by.Subject):
		return c, forbidden("%s", access.RefuseEscalate)
	case in.NextFollowup != model.NoDate && in.NextFollowup < in.Date:
		return c, invalidField("next_followup", "næste opfølgning (%s) ligger før kontakten (%s)", in.NextFollowup.Danish(), in.Date.Danish())
	case len(in.Tasks) > 100:
		return c, invalidField("tasks", "højst 100 opgaver pr. indførsel")
	}
	if in.Participants, err = cleanText("participants", "deltagerne", in.Participants, true, 1000); err != nil {
		return c, err
	}
	if in.Summary, err = cleanText("summary", "resuméet", in.Summary, true, 10000); err != nil {
		return c, err
	}
	if in.Agreements, err = cleanText("agreements", "aftalerne", in.Agreements, false, 10000); err != nil {
		return c, err
	}
	if in.InternalNote, err = cleanText("internal_note", "den interne note", in.InternalNote, false, 10000); err != nil {
		return c, err
	}
	if in.EscalatedTo, err = cleanText("escalated_to", "hvem der eskaleres til", in.EscalatedTo, in.Kind == model.ContactEscalation, 200); err != nil {
		return c, err
	}
	if in.Kind != "eskalering" && in.EscalatedTo != "" {
		return c, invalidField("escalated_to", "kun en eskalering har en modtager; vælg type eskalering")
	}
	err = a.write(ctx, func(tx *store.Tx) error {
		plan, err := a.planOf(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		var ids []int64
		for i, id := range in.Tasks {
			pid, _, err := tx.InstancePlan(ctx, id)
			if errors.Is(err, store.ErrNotFound) || (err == nil && pid != plan.ID) {
				return invalidField(fmt.Sprintf("tasks[%d]", i), "opgave %d hører ikke til planen for %s", id, plan.Municipality.Name)
			} else if err != nil {
				return err
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		c = model.Contact{PlanID: plan.ID, OccurredOn: in.Date, Channel: in.Channel, Kind: in.Kind, Participants: in.Participants,
			Summary: in.Summary, Agreements: in.Agreements, InternalNote: in.InternalNote, EscalatedTo: in.EscalatedTo,
			NextFollowup: in.NextFollowup, CreatedBy: actorOf(by)}
		if err := tx.InsertContact(ctx, &c, ids); err != nil {
			return err
		}
		cs, err := tx.Contacts(ctx, plan.ID)
		if err != nil {
			return err
		}
		for _, x := range cs {
			if x.ID == c.ID {
				c = x
			}
		}
		return nil
	})
	return c, err
}

// TimelineEntry is one event in a municipality's follow-up timeline.
type TimelineEntry struct {
	Date     model.Date                `json:"date"`
	At       time.Time                 `json:"at"`
	Kind     string                    `json:"kind"` // kontakt, eskalering, kontrolpunkt, haendelse
	Contact  *model.Contact            `json:"contact,omitempty"`
	Decision *model.CheckpointDecision `json:"decision,omitempty"`
	Incident *IncidentView             `json:"incident,omitempty"`
}

// ContactLog is a municipality's follow-up record in a programme: the
// contact log and a timeline that adds checkpoint decisions and hypercare
// incidents, newest first.
type ContactLog struct {
	Programme        string          `json:"programme"`
	ProgrammeName    string          `json:"programme_name"`
	Municipality     string          `json:"municipality"`
	MunicipalityName string          `json:"municipality_name"`
	NextFollowup     model.Date      `json:"next_followup,omitzero"`
	Internal         bool            `json:"internal"` // internal notes are included (central viewer)
	Contacts         []model.Contact `json:"contacts"`
	Timeline         []TimelineEntry `json:"timeline"`
}

// ContactLog returns a municipality's contact log and timeline. The
// municipality's own users see it without the internal notes; central
// staff see everything. by nil is the system and sees everything.
func (a *FollowUpService) ContactLog(ctx context.Context, by *Identity, programmeKey, code string) (*ContactLog, error) {
	var l *ContactLog
	err := a.read(ctx, func(tx *store.Tx) error {
		plan, err := a.planOf(ctx, tx, programmeKey, code)
		if err != nil {
			return err
		}
		internal := by == nil || by.Subject.Role.Central()
		if by != nil && !access.ViewMunicipality(by.Subject, plan.Municipality.ID) {
			return forbidden("%s", access.RefuseMunicipality)
		}
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		cs, err := tx.Contacts(ctx, plan.ID)
		if err != nil {
			return err
		}
		l = &ContactLog{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, Internal: internal, Contacts: cs, Timeline: []TimelineEntry{}}
		for i := range cs {
			if !internal {
				cs[i].InternalNote = ""
			}
			if i == 0 {
				l.NextFollowup = cs[0].NextFollowup
			}
			l.Timeline = append(l.Timeline, TimelineEntry{Date: cs[i].OccurredOn, At: cs[i].CreatedAt, Kind: string(cs[i].Kind), Contact: &cs[i]})
		}
		ds, err := tx.CheckpointDecisions(ctx, plan.ID)
		if err != nil {
			return err
		}
		for i := range ds {
			l.Timeline = append(l.Timeline, TimelineEntry{Date: model.DanishDate(ds[i].DecidedAt), At: ds[i].DecidedAt, Kind: "kontrolpunkt", Decision: &ds[i]})
		}
		xs, err := tx.Incidents(ctx, plan.ID)
		if err != nil {
			return err
		}
		plans, err := allPlans(ctx, tx)
		if err != nil {
			return err
		}
		_, names, err := a.assignedTeams(ctx, tx)
		if err != nil {
			return err
		}
		for _, x := range xs {
			v := incidentViewOf(x, plans[x.PlanID], names)
			l.Timeline = append(l.Timeline, TimelineEntry{Date: model.DanishDate(x.OpenedAt), At: x.OpenedAt, Kind: "haendelse", Incident: &v})
		}
		sort.SliceStable(l.Timeline, func(i, j int) bool {
			a, b := l.Timeline[i], l.Timeline[j]
			if a.Date != b.Date {
				return a.Date > b.Date
			}
			return a.At.After(b.At)
		})
		return nil
	})
	return l, err
}

package app

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// PublishEffect is what a previewed publication would do, beyond the list
// of changed tasks: each changed task as it was and as it would be, the
// programme's settings before and after, and per municipality how many of
// its tasks' dates move and its traffic light as of today before and after.
// The colours come from the same rule and roll-up as the overview
// (App.overview over the plans' bucket counts), read inside the previewed
// transaction before and after the plans follow the new version.
type PublishEffect struct {
	Asof model.Date `json:"asof"`
	// Tasks has a before/after pair per entry of PublishResult.Changes, in
	// the same order; Old is nil for an added task, New for a withdrawn one.
	Tasks []TaskBeforeAfter `json:"tasks"`
	// OldProgramme is the programme's settings before (zero for a new
	// programme), NewProgramme after.
	OldProgramme model.Programme `json:"old_programme"`
	NewProgramme model.Programme `json:"new_programme"`
	// Titles names every task of the published version and the file by
	// key (a file's title wins), so that dependencies can be named.
	Titles map[string]string `json:"titles"`
	// Municipalities lists every enrolled municipality the publication
	// touches or whose colour it changes, by name.
	Municipalities []MunicipalityEffect `json:"municipalities"`
}

// TaskBeforeAfter is one changed catalogue task in the published version
// and in the file.
type TaskBeforeAfter struct {
	Old *model.CatalogueTask `json:"old,omitempty"`
	New *model.CatalogueTask `json:"new,omitempty"`
}

// MunicipalityEffect is a publication's effect on one municipality's plan.
type MunicipalityEffect struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Moved counts task instances whose dates move; Added the new
	// instances, Withdrawn the instances marked withdrawn; KeptLocal the
	// instances whose locally moved dates are kept against a changed
	// standard (each a conflict the municipality resolves).
	Moved     int `json:"moved"`
	Added     int `json:"added"`
	Withdrawn int `json:"withdrawn"`
	KeptLocal int `json:"kept_local"`
	// Before and After are the plan's colour as of Asof.
	Before       model.Colour `json:"before"`
	After        model.Colour `json:"after"`
	BeforeCounts model.Counts `json:"before_counts"`
	AfterCounts  model.Counts `json:"after_counts"`
}

// DatesMove reports whether any of the municipality's task dates move.
func (m MunicipalityEffect) DatesMove() bool { return m.Moved > 0 }

// TurnsRed reports whether the plan becomes red.
func (m MunicipalityEffect) TurnsRed() bool { return m.After == model.Red && m.Before != model.Red }

// TurnsYellow reports whether the plan becomes yellow from green or no colour.
func (m MunicipalityEffect) TurnsYellow() bool {
	return m.After == model.Yellow && m.Before != model.Red && m.Before != model.Yellow
}

// Improves reports whether the plan's colour gets better (red to yellow,
// yellow or red to green or none).
func (m MunicipalityEffect) Improves() bool {
	return (m.Before == model.Red && m.After != model.Red) || (m.Before == model.Yellow && m.After != model.Red && m.After != model.Yellow)
}

// EffectSummary counts municipalities by effect.
type EffectSummary struct {
	DatesMove, TurnRed, TurnYellow, Improve, Conflicts int
}

// Summary counts the municipalities whose dates move, that turn red or
// yellow, that improve, and that get conflicts to resolve.
func (e *PublishEffect) Summary() EffectSummary {
	var s EffectSummary
	for _, m := range e.Municipalities {
		if m.DatesMove() {
			s.DatesMove++
		}
		if m.TurnsRed() {
			s.TurnRed++
		}
		if m.TurnsYellow() {
			s.TurnYellow++
		}
		if m.Improves() {
			s.Improve++
		}
		if m.KeptLocal > 0 {
			s.Conflicts++
		}
	}
	return s
}

// effectBefore records, for a preview, the colours of every plan as of
// today before the plans follow the file (publication.run calls it before
// changing anything).
func (p *publication) effectBefore(ctx context.Context, existing []store.CatalogueTask) error {
	p.moved, p.added = map[string]int{}, map[string]int{}
	p.effect = &PublishEffect{Asof: p.app.Today(), OldProgramme: p.old.Programme, NewProgramme: p.cat.Programme,
		Municipalities: []MunicipalityEffect{}}
	// Copies: saving the new version overwrites existing's tasks.
	p.effect.Titles = map[string]string{}
	old := map[string]model.CatalogueTask{}
	for _, t := range existing {
		old[t.Key] = t.CatalogueTask
		p.effect.Titles[t.Key] = t.Title
	}
	next := map[string]*model.CatalogueTask{}
	for i := range p.cat.Tasks {
		next[p.cat.Tasks[i].Key] = &p.cat.Tasks[i]
		p.effect.Titles[p.cat.Tasks[i].Key] = p.cat.Tasks[i].Title
	}
	for _, c := range p.changes {
		var ba TaskBeforeAfter
		if o, ok := old[c.Key]; ok && c.Kind != catalogue.Added {
			ba.Old = &o
		}
		if c.Kind != catalogue.Withdrawn {
			ba.New = next[c.Key]
		}
		p.effect.Tasks = append(p.effect.Tasks, ba)
	}
	if p.old.ID == 0 {
		return nil
	}
	ov, err := p.colours(ctx, p.old)
	p.before = ov
	return err
}

// noteMoved and noteAdded count, for a preview, the instances of a
// municipality's plan whose dates move and the new ones.
func (p *publication) noteMoved(code string, n int) {
	if p.effect != nil && n > 0 {
		p.moved[code] += n
	}
}

func (p *publication) noteAdded(code string, n int) {
	if p.effect != nil && n > 0 {
		p.added[code] += n
	}
}

// colours is the overview of prog's plans as of the preview's date.
func (p *publication) colours(ctx context.Context, prog catalogue.Programme) (*Overview, error) {
	plans, err := p.tx.Plans(ctx, prog.ID)
	if err != nil {
		return nil, err
	}
	buckets, err := p.tx.Buckets(ctx, prog.ID)
	if err != nil {
		return nil, err
	}
	return p.app.overview(prog, plans, buckets, p.effect.Asof), nil
}

// effectAfter compares the colours after the plans followed the file with
// those before, and adds what changed in each plan.
func (p *publication) effectAfter(ctx context.Context, res *PublishResult) error {
	res.Effect = p.effect
	if p.before == nil {
		return nil
	}
	after, err := p.colours(ctx, p.prog)
	if err != nil {
		return err
	}
	byCode := map[string]*MunicipalityEffect{}
	for _, m := range p.before.Municipalities {
		byCode[m.Code] = &MunicipalityEffect{Code: m.Code, Name: m.Name, Before: m.Colour, BeforeCounts: m.Counts}
	}
	for _, m := range after.Municipalities {
		e := byCode[m.Code]
		if e == nil {
			e = &MunicipalityEffect{Code: m.Code, Name: m.Name}
			byCode[m.Code] = e
		}
		e.After, e.AfterCounts = m.Colour, m.Counts
	}
	for _, mc := range res.Municipalities {
		e := byCode[mc.Code]
		if e == nil {
			continue
		}
		for _, c := range mc.Changes {
			if c.Kind == catalogue.Withdrawn {
				e.Withdrawn += c.Instances
			}
			e.KeptLocal += c.KeptLocalDates
		}
	}
	for code, n := range p.moved {
		if e := byCode[code]; e != nil {
			e.Moved = n
		}
	}
	for code, n := range p.added {
		if e := byCode[code]; e != nil {
			e.Added = n
		}
	}
	for _, e := range byCode {
		if e.Moved+e.Added+e.Withdrawn+e.KeptLocal > 0 || e.Before != e.After || e.BeforeCounts != e.AfterCounts {
			p.effect.Municipalities = append(p.effect.Municipalities, *e)
		}
	}
	sort.Slice(p.effect.Municipalities, func(i, j int) bool {
		return p.effect.Municipalities[i].Name < p.effect.Municipalities[j].Name
	})
	return nil
}

// LatestPublication is what the catalogue's newest version changed in the
// plans, read from its recorded summary; nil before the first version.
func (v *CatalogueView) LatestPublication() (*PublishResult, error) {
	var latest *catalogue.Version
	for i := range v.Versions {
		if latest == nil || v.Versions[i].Number > latest.Number {
			latest = &v.Versions[i]
		}
	}
	if latest == nil || len(latest.Summary) == 0 {
		return nil, nil
	}
	var res PublishResult
	if err := json.Unmarshal(latest.Summary, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// KeptLocal counts the instances whose locally moved dates a publication
// kept against a changed standard: the conflicts the municipality resolves.
func (m MunicipalityChanges) KeptLocal() int {
	n := 0
	for _, c := range m.Changes {
		n += c.KeptLocalDates
	}
	return n
}

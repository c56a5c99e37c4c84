package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/risk"
	"github.com/udrul/udrul/internal/store"
)

// The risk register (risikoregister): rules in package risk, storage in
// store/risk.go, who may do what in access (ViewRisks, ChangeRisks,
// ViewAllRisks, ChangeCentralRisks); docs/risk.md.

// RiskCell is one cell of the probability × consequence heatmap.
type RiskCell struct {
	Probability int    `json:"probability"`
	Consequence int    `json:"consequence"`
	Count       int    `json:"count"`
	Band        string `json:"band"`
}

// RiskRegisterView is one register as of a date: a municipality's, the
// central programme's or a hypercare team's for a wave.
type RiskRegisterView struct {
	Programme     string     `json:"programme"`
	ProgrammeName string     `json:"programme_name"`
	Level         risk.Level `json:"level"`
	// Municipality and MunicipalityName are the municipality's (level
	// kommune); Wave is its wave, or the hypercare register's.
	Municipality     string       `json:"municipality"`
	MunicipalityName string       `json:"municipality_name"`
	Wave             int          `json:"wave"`
	Asof             model.Date   `json:"asof"`
	CanChange        bool         `json:"can_change"`
	Risks            []risk.Entry `json:"risks"`
	// Heatmap has the live risks per probability (rows, 5 at the top) and
	// consequence; Overdue the live risks whose review date has passed;
	// SupplierOwned the live risks whose owner is the supplier.
	Heatmap       []RiskCell   `json:"heatmap"`
	Overdue       []risk.Entry `json:"overdue"`
	SupplierOwned []risk.Entry `json:"supplier_owned"`
	// Lessons are closed risks with a lesson from earlier waves' registers
	// (a municipality's register only).
	Lessons []risk.Entry `json:"lessons"`
}

// fill sets the risks and what is computed from them.
func (v *RiskRegisterView) fill(rs []risk.Entry, suppliers []model.Organisation) {
	v.Risks, v.Overdue, v.SupplierOwned = rs, []risk.Entry{}, []risk.Entry{}
	v.Heatmap = heatmapCells(rs)
	for _, r := range rs {
		if risk.Overdue(r.Risk, v.Asof) {
			v.Overdue = append(v.Overdue, r)
		}
		if r.Status != risk.Closed && supplierOwned(r.Risk, suppliers) {
			v.SupplierOwned = append(v.SupplierOwned, r)
		}
	}
}

// heatmapCells lays out the heatmap as the page draws it: probability 5
// at the top, consequence 1 at the left.
func heatmapCells(rs []risk.Entry) []RiskCell {
	plain := make([]risk.Risk, len(rs))
	for i, r := range rs {
		plain[i] = r.Risk
	}
	h := risk.HeatmapOf(plain)
	cells := make([]RiskCell, 0, risk.MaxScore*risk.MaxScore)
	for p := risk.MaxScore; p >= risk.MinScore; p-- {
		for c := risk.MinScore; c <= risk.MaxScore; c++ {
			cells = append(cells, RiskCell{Probability: p, Consequence: c, Count: h.At(p, c), Band: risk.Band(p * c)})
		}
	}
	return cells
}

func riskFieldError(err error) error {
	var fe *risk.FieldError
	if errors.As(err, &fe) {
		return invalidField(fe.Field, "%s", fe.Message)
	}
	return err
}

var riskRules = registerRules{view: municipalityRule{access.ViewRisks, access.RefuseRisks}, change: municipalityRule{access.ChangeRisks, access.RefuseChangeRisks}}

func (a *RiskService) riskPlan(ctx context.Context, tx *store.Tx, by *Identity, programmeKey, code string, change bool) (catalogue.Programme, store.Plan, error) {
	return a.programmePlan(ctx, tx, by, programmeKey, code, riskRules.of(change)...)
}

// RiskRegister returns a municipality's register: its risks (highest
// exposure first), the heatmap, the overdue reviews as of asof, and the
// lessons of earlier waves.
func (a *RiskService) RiskRegister(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*RiskRegisterView, error) {
	var v *RiskRegisterView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.riskPlan(ctx, tx, by, programmeKey, code, false)
		if err != nil {
			return err
		}
		v = &RiskRegisterView{Programme: prog.Key, ProgrammeName: prog.Name, Level: risk.Municipal, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, Wave: plan.Wave, Asof: asof, Lessons: []risk.Entry{}}
		v.CanChange = by == nil || access.ChangeRisks(by.Subject, plan.Municipality.ID)
		rs, err := tx.Risks(ctx, prog.ID, store.RiskFilter{Level: risk.Municipal, MunicipalityID: plan.Municipality.ID})
		if err != nil {
			return err
		}
		suppliers, err := tx.Organisations(ctx, model.OrgSupplier)
		if err != nil {
			return err
		}
		v.fill(rs, suppliers)
		closed, err := tx.Risks(ctx, prog.ID, store.RiskFilter{Status: risk.Closed})
		if err != nil {
			return err
		}
		// Lessons are shared across municipalities on purpose (seed 003:
		// the next wave learns from the earlier ones); only the lesson's
		// risk is shown, never the rest of another municipality's register.
		for _, r := range closed {
			if r.Level != risk.Central && risk.LessonFor(r.Risk, r.Wave, plan.Wave) {
				v.Lessons = append(v.Lessons, r)
			}
		}
		return nil
	})
	return v, err
}

// RiskInput is a risk as a caller gives it: the figure-19 fields, and for
// a change the version read.
type RiskInput struct {
	risk.Risk
	Version int `json:"version"`
}

// normalise trims the texts and defaults the registration date to today.
func (in *RiskInput) normalise(today model.Date) {
	for _, p := range []*string{&in.Description, &in.Prevention, &in.Initiator, &in.Owner, &in.Actor, &in.Lesson} {
		*p = strings.TrimSpace(*p)
	}
	if in.Registered == model.NoDate {
		in.Registered = today
	}
	if in.Status == "" {
		in.Status = risk.Open
	}
	if in.Proximity == "" {
		in.Proximity = risk.Unknown
	}
}

// CreateRisk adds a risk to a municipality's register.
func (a *RiskService) CreateRisk(ctx context.Context, by *Identity, programmeKey, code string, in RiskInput) (risk.Entry, error) {
	in.normalise(a.Today())
	x := risk.Entry{Risk: in.Risk, Level: risk.Municipal}
	if err := in.Validate(); err != nil {
		return x, riskFieldError(err)
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.riskPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		x.MunicipalityID, x.Municipality, x.MunicipalityNm, x.Wave = plan.Municipality.ID, plan.Municipality.Code, plan.Municipality.Name, plan.Wave
		return a.insertRisk(ctx, tx, by, prog.ID, &x)
	})
	return x, err
}

func (a *RiskService) insertRisk(ctx context.Context, tx *store.Tx, by *Identity, programmeID int64, x *risk.Entry) error {
	if err := tx.InsertRisk(ctx, programmeID, x, actorOf(by)); err != nil {
		return err
	}
	return tx.AppendRiskEvent(ctx, x.Key, actorOf(by), fmt.Sprintf("Risikoen er registreret (eksponering %d)", x.Risk.Exposure()))
}

// CreateCentralRisk adds a risk to the central programme's register
// (level central) or a hypercare team's register for a wave (level
// hypercare, wave ≥ 1).
func (a *RiskService) CreateCentralRisk(ctx context.Context, by *Identity, programmeKey string, level risk.Level, wave int, in RiskInput) (risk.Entry, error) {
	if by != nil && !access.ChangeCentralRisks(by.Subject) {
		return risk.Entry{}, forbidden("%s", access.RefuseCentralRisks)
	}
	in.normalise(a.Today())
	x := risk.Entry{Risk: in.Risk, Level: level, Wave: wave}
	switch {
	case level != risk.Central && level != risk.Hypercare:
		return x, invalidField("level", "ukendt register %q: brug central eller hypercare (kommunens register har sin egen adresse)", level)
	case level == risk.Hypercare && wave < 1:
		return x, invalidField("wave", "hypercareteamets register hører til en bølge: angiv bølgen (1 eller derover)")
	case level == risk.Central && wave != 0:
		return x, invalidField("wave", "det centrale programs register hører ikke til en bølge")
	}
	if err := in.Validate(); err != nil {
		return x, riskFieldError(err)
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if level == risk.Hypercare {
			waves, err := a.programmeWaves(ctx, tx, prog.ID)
			if err != nil {
				return err
			}
			if !slices.Contains(waves, wave) {
				return invalidField("wave", "programmet har ingen bølge %d", wave)
			}
		}
		return a.insertRisk(ctx, tx, by, prog.ID, &x)
	})
	return x, err
}

// UpdateRisk changes a risk of any register; code is the municipality the
// caller names ("" for the central and hypercare registers) and must be
// the risk's. A version other than the stored one is a conflict. Closing
// with a lesson is a change to status lukket with the lesson given.
func (a *RiskService) UpdateRisk(ctx context.Context, by *Identity, programmeKey, code string, key int64, in RiskInput) (risk.Entry, error) {
	return a.updateRisk(ctx, by, programmeKey, code, "", 0, key, in)
}

// UpdateCentralRisk changes a risk of the central register (level central,
// wave 0) or of one hypercare team's register (level hypercare and its
// wave): a risk of another register is not found there.
func (a *RiskService) UpdateCentralRisk(ctx context.Context, by *Identity, programmeKey string, level risk.Level, wave int, key int64, in RiskInput) (risk.Entry, error) {
	if level != risk.Central && level != risk.Hypercare {
		return risk.Entry{}, invalidField("level", "ukendt register %q: brug central eller hypercare", level)
	}
	return a.updateRisk(ctx, by, programmeKey, "", level, wave, key, in)
}

// updateRisk changes a risk; a level other than "" names the register the
// risk must be in.
func (a *RiskService) updateRisk(ctx context.Context, by *Identity, programmeKey, code string, level risk.Level, wave int, key int64, in RiskInput) (risk.Entry, error) {
	var x risk.Entry
	in.normalise(a.Today())
	if err := in.Validate(); err != nil {
		return x, riskFieldError(err)
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if x, err = tx.Risk(ctx, prog.ID, key); err != nil {
			return notFound("risikoen findes ikke")
		}
		if code != x.Municipality || (level != "" && (x.Level != level || x.Wave != wave)) {
			return notFound("risikoen findes ikke i dette register")
		}
		if by != nil {
			if x.Level == risk.Municipal {
				if !access.ViewRisks(by.Subject, x.MunicipalityID) {
					return forbidden("%s", access.RefuseRisks)
				}
				if !access.ChangeRisks(by.Subject, x.MunicipalityID) {
					return forbidden("%s", access.RefuseChangeRisks)
				}
			} else if !access.ChangeCentralRisks(by.Subject) {
				return forbidden("%s", access.RefuseCentralRisks)
			}
		}
		if in.Version != x.Version {
			return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
				"risikoen er ændret af en anden i mellemtiden (version %d, du havde %d); hent den igen og prøv igen", x.Version, in.Version)}
		}
		before := x.Risk
		x.Risk.Description, x.Registered, x.Category, x.Probability, x.Consequence = in.Description, in.Registered, in.Category, in.Probability, in.Consequence
		x.Proximity, x.Reaction, x.Prevention, x.Status, x.Initiator = in.Proximity, in.Reaction, in.Prevention, in.Status, in.Initiator
		x.Owner, x.Actor, x.NextReview, x.Lesson = in.Owner, in.Actor, in.NextReview, in.Lesson
		if err := tx.UpdateRisk(ctx, &x, actorOf(by)); err != nil {
			return err
		}
		return tx.AppendRiskEvent(ctx, x.Key, actorOf(by), changeMessage(before, x.Risk))
	})
	return x, err
}

// changeMessage is a change's entry in the history: a headline, then one
// line per field changed, "Felt: gammel → ny".
func changeMessage(before, after risk.Risk) string {
	msg := "Risikoen er ændret"
	switch {
	case after.Status == risk.Closed && before.Status != risk.Closed && after.Lesson != "":
		msg = "Risikoen er lukket med en læring til de næste bølger"
	case after.Status == risk.Closed && before.Status != risk.Closed:
		msg = "Risikoen er lukket"
	case after.Status != risk.Closed && before.Status == risk.Closed:
		msg = "Risikoen er genåbnet"
	}
	cs := risk.Changes(before, after)
	if len(cs) == 0 {
		return msg + " uden ændrede felter"
	}
	for _, c := range cs {
		msg += fmt.Sprintf("\n%s: %s → %s", c.Field, c.Old, c.New)
	}
	return msg
}

// RiskListView is the centre's list of a programme's risks, filtered.
type RiskListView struct {
	Programme     string       `json:"programme"`
	ProgrammeName string       `json:"programme_name"`
	Asof          model.Date   `json:"asof"`
	Risks         []risk.Entry `json:"risks"`
	Heatmap       []RiskCell   `json:"heatmap"`
	Overdue       int          `json:"overdue"`
	// Waves are the programme's waves: each has a hypercare register.
	Waves []int `json:"waves"`
}

// RiskListFilter is the centre's filter; Municipality is a code and
// SupplierOwned keeps the risks whose owner is the supplier.
type RiskListFilter struct {
	Level         string
	Municipality  string
	Status        string
	Category      string
	SupplierOwned bool
	Wave          int // 0: every wave
}

// AllRisks lists every register's risks of a programme, filtered: the
// centre's view. Unknown filter values are refused, naming the filter.
func (a *RiskService) AllRisks(ctx context.Context, by *Identity, programmeKey string, f RiskListFilter, asof model.Date) (*RiskListView, error) {
	if by != nil && !access.ViewAllRisks(by.Subject) {
		return nil, forbidden("%s", access.RefuseAllRisks)
	}
	sf := store.RiskFilter{Level: risk.Level(f.Level), Status: risk.Status(f.Status), Category: risk.Category(f.Category)}
	switch {
	case f.Level != "" && sf.Level.Label() == "":
		return nil, invalidField("level", "ukendt register %q: brug kommune, central eller hypercare", f.Level)
	case f.Status != "" && sf.Status.Label() == "":
		return nil, invalidField("status", "ukendt status %q: brug aaben, indtruffet eller lukket", f.Status)
	case f.Category != "" && sf.Category.Label() == "":
		return nil, invalidField("category", "ukendt kategori %q: brug teknisk eller organisatorisk", f.Category)
	case f.Wave < 0:
		return nil, invalidField("wave", "bølgen skal være 1 eller derover")
	}
	sf.Wave = f.Wave
	var v *RiskListView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if f.Municipality != "" {
			plan, err := a.planOf(ctx, tx, programmeKey, f.Municipality)
			if err != nil {
				return invalidField("municipality", "kommunen %q deltager ikke i programmet", f.Municipality)
			}
			sf.MunicipalityID = plan.Municipality.ID
		}
		rs, err := tx.Risks(ctx, prog.ID, sf)
		if err != nil {
			return err
		}
		suppliers, err := tx.Organisations(ctx, model.OrgSupplier)
		if err != nil {
			return err
		}
		v = &RiskListView{Programme: prog.Key, ProgrammeName: prog.Name, Asof: asof, Risks: []risk.Entry{}}
		if v.Waves, err = a.programmeWaves(ctx, tx, prog.ID); err != nil {
			return err
		}
		for _, r := range rs {
			if f.SupplierOwned && !supplierOwned(r.Risk, suppliers) {
				continue
			}
			v.Risks = append(v.Risks, r)
			if risk.Overdue(r.Risk, asof) {
				v.Overdue++
			}
		}
		v.Heatmap = heatmapCells(v.Risks)
		return nil
	})
	return v, err
}

func supplierOwned(r risk.Risk, suppliers []model.Organisation) bool {
	if risk.SupplierOwned(r, "") {
		return true
	}
	for _, o := range suppliers {
		if risk.SupplierOwned(r, o.Name) {
			return true
		}
	}
	return false
}

// programmeWaves are the waves of a programme's enrolled municipalities, in order.
func (a *RiskService) programmeWaves(ctx context.Context, tx *store.Tx, programmeID int64) ([]int, error) {
	plans, err := tx.Plans(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	out := []int{}
	for _, p := range plans {
		if p.Wave > 0 && !seen[p.Wave] {
			seen[p.Wave] = true
			out = append(out, p.Wave)
		}
	}
	slices.Sort(out)
	return out, nil
}

// CentralRegister returns the central programme's register (level
// central, wave 0) or a hypercare team's register for a wave (level
// hypercare, wave ≥ 1) as of asof: its risks, heatmap, overdue reviews and
// supplier-owned risks. Read by the centre's follow-up staff.
func (a *RiskService) CentralRegister(ctx context.Context, by *Identity, programmeKey string, level risk.Level, wave int, asof model.Date) (*RiskRegisterView, error) {
	if by != nil && !access.ViewAllRisks(by.Subject) {
		return nil, forbidden("%s", access.RefuseAllRisks)
	}
	switch {
	case level == risk.Central && wave != 0:
		return nil, invalidField("wave", "det centrale programs register hører ikke til en bølge")
	case level == risk.Hypercare && wave < 1:
		return nil, invalidField("wave", "hypercareteamets register hører til en bølge: angiv bølgen (1 eller derover)")
	case level != risk.Central && level != risk.Hypercare:
		return nil, invalidField("level", "ukendt register %q: brug central eller hypercare", level)
	}
	var v *RiskRegisterView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		if level == risk.Hypercare {
			waves, err := a.programmeWaves(ctx, tx, prog.ID)
			if err != nil {
				return err
			}
			if !slices.Contains(waves, wave) {
				return notFound("programmet har ingen bølge %d", wave)
			}
		}
		v = &RiskRegisterView{Programme: prog.Key, ProgrammeName: prog.Name, Level: level, Wave: wave, Asof: asof,
			Lessons: []risk.Entry{}, CanChange: by == nil || access.ChangeCentralRisks(by.Subject)}
		rs, err := tx.Risks(ctx, prog.ID, store.RiskFilter{Level: level, Wave: wave})
		if err != nil {
			return err
		}
		suppliers, err := tx.Organisations(ctx, model.OrgSupplier)
		if err != nil {
			return err
		}
		v.fill(rs, suppliers)
		return nil
	})
	return v, err
}

// RiskHistory returns a risk's history, oldest first, to those who may
// read its register; code is the municipality the caller names ("" for
// the central and hypercare registers) and must be the risk's.
func (a *RiskService) RiskHistory(ctx context.Context, by *Identity, programmeKey, code string, key int64) ([]risk.Event, error) {
	var out []risk.Event
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		x, err := tx.Risk(ctx, prog.ID, key)
		if err != nil || code != x.Municipality {
			return notFound("risikoen findes ikke i dette register")
		}
		if by != nil {
			if x.Level == risk.Municipal && !access.ViewRisks(by.Subject, x.MunicipalityID) {
				return forbidden("%s", access.RefuseRisks)
			}
			if x.Level != risk.Municipal && !access.ViewAllRisks(by.Subject) {
				return forbidden("%s", access.RefuseAllRisks)
			}
		}
		out, err = tx.RiskEvents(ctx, x.Key)
		return err
	})
	return out, err
}

// RiskSummaryView is a programme's risks in figures only: what observers
// may read (counts per level, category, exposure band, status and wave;
// never a description, owner or municipality).
type RiskSummaryView struct {
	Programme     string     `json:"programme"`
	ProgrammeName string     `json:"programme_name"`
	Asof          model.Date `json:"asof"`
	risk.Summary
}

// RiskSummary counts a programme's risks of every register as of asof:
// for everyone who reads the national picture, observers included.
func (a *RiskService) RiskSummary(ctx context.Context, by *Identity, programmeKey string, asof model.Date) (*RiskSummaryView, error) {
	if by != nil && !access.ViewRiskSummary(by.Subject) {
		return nil, forbidden("%s", access.RefuseRiskSummary)
	}
	var v *RiskSummaryView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		rs, err := tx.Risks(ctx, prog.ID, store.RiskFilter{})
		if err != nil {
			return err
		}
		placed := make([]risk.Placed, len(rs))
		for i, r := range rs {
			placed[i] = risk.Placed{Risk: r.Risk, Level: r.Level, Wave: r.Wave}
		}
		v = &RiskSummaryView{Programme: prog.Key, ProgrammeName: prog.Name, Asof: asof, Summary: risk.Summarise(placed, asof)}
		return nil
	})
	return v, err
}

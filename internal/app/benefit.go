package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/benefit"
	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// The benefit register (gevinstrealisering): rules in package benefit,
// storage in store/benefit.go, who may do what in access (ViewBenefits,
// ChangeBenefits, ExtendBenefitDeadline, ViewBenefitsNational,
// BenefitsPerMunicipality); docs/benefit.md.

// BenefitView is a benefit with its measurements and computed status.
type BenefitView struct {
	benefit.Entry
	Status       benefit.Status             `json:"status"`
	StatusLabel  string                     `json:"status_label"`
	Measurements []benefit.MeasurementEntry `json:"measurements"`
	// Latest is the latest post-measurement; absent without one.
	Latest *benefit.MeasurementEntry `json:"latest,omitempty"`
}

// BenefitStatusCount is how many benefits have a status.
type BenefitStatusCount struct {
	Status benefit.Status `json:"status"`
	Label  string         `json:"label"`
	Count  int            `json:"count"`
}

// BenefitRegisterView is a municipality's benefit register as of a date.
type BenefitRegisterView struct {
	Programme        string               `json:"programme"`
	ProgrammeName    string               `json:"programme_name"`
	Municipality     string               `json:"municipality"`
	MunicipalityName string               `json:"municipality_name"`
	Wave             int                  `json:"wave"`
	Asof             model.Date           `json:"asof"`
	Window           BenefitWindow        `json:"window"`
	Register         benefit.Register     `json:"register"`
	CanChange        bool                 `json:"can_change"`
	CanExtend        bool                 `json:"can_extend"`
	Benefits         []BenefitView        `json:"benefits"`
	Tree             benefit.Tree         `json:"tree"`
	Statuses         []BenefitStatusCount `json:"statuses"`
	History          []benefit.Event      `json:"history"`
}

// BenefitWindow is the dates the model allows, for the pages and the API.
type BenefitWindow struct {
	GoLive        model.Date `json:"golive"`
	BaselineFrom  model.Date `json:"baseline_from"`
	BaselineUntil model.Date `json:"baseline_until"`
	MeasureFrom   model.Date `json:"measure_from"`
	MeasureUntil  model.Date `json:"measure_until"`
	Extended      bool       `json:"extended"`
}

func windowView(w benefit.Window) BenefitWindow {
	return BenefitWindow{GoLive: w.GoLive, BaselineFrom: w.BaselineFrom, BaselineUntil: w.BaselineUntil,
		MeasureFrom: w.MeasureFrom, MeasureUntil: w.MeasureUntil, Extended: w.Extended}
}

func benefitFieldError(err error) error {
	var fe *benefit.FieldError
	if errors.As(err, &fe) {
		return invalidField(fe.Field, "%s", fe.Message)
	}
	return err
}

func plainMeasurements(ms []benefit.MeasurementEntry) []benefit.Measurement {
	out := make([]benefit.Measurement, len(ms))
	for i, m := range ms {
		out[i] = m.Measurement
	}
	return out
}

func benefitView(b benefit.Entry, ms []benefit.MeasurementEntry) BenefitView {
	if ms == nil {
		ms = []benefit.MeasurementEntry{}
	}
	st := benefit.StatusOf(b.Benefit, plainMeasurements(ms))
	v := BenefitView{Entry: b, Status: st, StatusLabel: st.Label(), Measurements: ms}
	for i := range ms {
		if v.Latest == nil || ms[i].Date >= v.Latest.Date {
			v.Latest = &ms[i]
		}
	}
	return v
}

var benefitRules = registerRules{view: municipalityRule{access.ViewBenefits, access.RefuseBenefits}, change: municipalityRule{access.ChangeBenefits, access.RefuseChangeBenefits}}

// benefitPlan finds the plan of a municipality's register and checks the
// caller may read it (and with change, change it).
func (a *BenefitService) benefitPlan(ctx context.Context, tx *store.Tx, by *Identity, programmeKey, code string, change bool) (catalogue.Programme, store.Plan, error) {
	return a.programmePlan(ctx, tx, by, programmeKey, code, benefitRules.of(change)...)
}

// BenefitRegister returns a municipality's register: the vision, the
// benefits with their statuses and the tree, the date window and the
// history.
func (a *BenefitService) BenefitRegister(ctx context.Context, by *Identity, programmeKey, code string, asof model.Date) (*BenefitRegisterView, error) {
	var v *BenefitRegisterView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.benefitPlan(ctx, tx, by, programmeKey, code, false)
		if err != nil {
			return err
		}
		reg, err := tx.BenefitRegisterOf(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		bs, err := tx.Benefits(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		ms, err := tx.BenefitMeasurements(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		hist, err := tx.BenefitEvents(ctx, prog.ID, plan.Municipality.ID, 0)
		if err != nil {
			return err
		}
		v = &BenefitRegisterView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, Wave: plan.Wave, Asof: asof,
			Window: windowView(benefit.WindowOf(plan.GoLive, reg.ExtendedUntil)), Register: reg, Benefits: []BenefitView{}, History: hist}
		v.CanChange = unrestricted(by) || access.ChangeBenefits(by.Subject, plan.Municipality.ID)
		v.CanExtend = unrestricted(by) || access.ExtendBenefitDeadline(by.Subject)
		plain := make([]benefit.Benefit, len(bs))
		count := map[benefit.Status]int{}
		for i, b := range bs {
			bv := benefitView(b, ms[b.Key])
			v.Benefits = append(v.Benefits, bv)
			plain[i] = b.Benefit
			count[bv.Status]++
		}
		v.Tree = benefit.TreeOf(reg.Vision, plain)
		v.Statuses = statusCounts(count)
		return nil
	})
	return v, err
}

func statusCounts(count map[benefit.Status]int) []BenefitStatusCount {
	out := make([]BenefitStatusCount, 0, len(benefit.Statuses))
	for _, s := range benefit.Statuses {
		out = append(out, BenefitStatusCount{Status: s, Label: s.Label(), Count: count[s]})
	}
	return out
}

// BenefitDetailView is one benefit with its place in the tree, its
// measurements and its history.
type BenefitDetailView struct {
	Programme        string          `json:"programme"`
	ProgrammeName    string          `json:"programme_name"`
	Municipality     string          `json:"municipality"`
	MunicipalityName string          `json:"municipality_name"`
	Vision           string          `json:"vision"`
	Asof             model.Date      `json:"asof"`
	Window           BenefitWindow   `json:"window"`
	CanChange        bool            `json:"can_change"`
	Benefit          BenefitView     `json:"benefit"`
	History          []benefit.Event `json:"history"`
}

// Benefit returns one benefit of a municipality's register.
func (a *BenefitService) Benefit(ctx context.Context, by *Identity, programmeKey, code string, key int64, asof model.Date) (*BenefitDetailView, error) {
	var v *BenefitDetailView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.benefitPlan(ctx, tx, by, programmeKey, code, false)
		if err != nil {
			return err
		}
		b, err := a.benefitOf(ctx, tx, prog.ID, plan, key)
		if err != nil {
			return err
		}
		reg, err := tx.BenefitRegisterOf(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		ms, err := tx.BenefitMeasurements(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		hist, err := tx.BenefitEvents(ctx, prog.ID, plan.Municipality.ID, key)
		if err != nil {
			return err
		}
		v = &BenefitDetailView{Programme: prog.Key, ProgrammeName: prog.Name, Municipality: plan.Municipality.Code,
			MunicipalityName: plan.Municipality.Name, Vision: reg.Vision, Asof: asof,
			Window: windowView(benefit.WindowOf(plan.GoLive, reg.ExtendedUntil)), Benefit: benefitView(b, ms[key]), History: hist}
		v.CanChange = unrestricted(by) || access.ChangeBenefits(by.Subject, plan.Municipality.ID)
		return nil
	})
	return v, err
}

// benefitOf finds benefit key in the plan's municipality's register; a
// benefit of another municipality is not found.
func (a *BenefitService) benefitOf(ctx context.Context, tx *store.Tx, programmeID int64, plan store.Plan, key int64) (benefit.Entry, error) {
	b, err := tx.Benefit(ctx, programmeID, key)
	if err != nil || b.MunicipalityID != plan.Municipality.ID {
		return b, notFound("gevinsten findes ikke i kommunens register")
	}
	return b, nil
}

// BenefitInput is a benefit as a caller gives it; for a change, the
// version read.
type BenefitInput struct {
	benefit.Benefit
	Version int `json:"version"`
}

func (in *BenefitInput) normalise() {
	for _, p := range []*string{&in.Title, &in.Goal, &in.Change, &in.Owner, &in.Accountable, &in.Smart, &in.Indicator, &in.Unit} {
		*p = strings.TrimSpace(*p)
	}
	if in.Direction == "" {
		in.Direction = benefit.HigherIsBetter
	}
}

// benefitWindow is the plan's window with the register's extension.
func benefitWindow(ctx context.Context, tx *store.Tx, programmeID int64, plan store.Plan) (benefit.Window, benefit.Register, error) {
	reg, err := tx.BenefitRegisterOf(ctx, programmeID, plan.Municipality.ID)
	return benefit.WindowOf(plan.GoLive, reg.ExtendedUntil), reg, err
}

// CreateBenefit adds a benefit to a municipality's register. Its dates are
// checked against the window from the plan's go-live.
func (a *BenefitService) CreateBenefit(ctx context.Context, by *Identity, programmeKey, code string, in BenefitInput) (BenefitView, error) {
	in.normalise()
	var out BenefitView
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.benefitPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		w, _, err := benefitWindow(ctx, tx, prog.ID, plan)
		if err != nil {
			return err
		}
		if err := in.Validate(w); err != nil {
			return benefitFieldError(err)
		}
		x := benefit.Entry{Benefit: in.Benefit, MunicipalityID: plan.Municipality.ID, Municipality: plan.Municipality.Code,
			MunicipalityNm: plan.Municipality.Name}
		if err := tx.InsertBenefit(ctx, prog.ID, &x, actorOf(by)); err != nil {
			return err
		}
		out = benefitView(x, nil)
		return tx.AppendBenefitEvent(ctx, prog.ID, plan.Municipality.ID, x.Key, actorOf(by),
			fmt.Sprintf("Gevinsten %s er registreret (%s): baseline %s %s, mål %s %s senest %s", x.ID, x.Type.Label(),
				benefit.Number(x.BaselineValue), x.Unit, benefit.Number(x.TargetValue), x.Unit, x.TargetDate.Danish()))
	})
	return out, err
}

// UpdateBenefit changes a benefit of a municipality's register. A version
// other than the stored one is a conflict.
func (a *BenefitService) UpdateBenefit(ctx context.Context, by *Identity, programmeKey, code string, key int64, in BenefitInput) (BenefitView, error) {
	in.normalise()
	var out BenefitView
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.benefitPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		x, err := a.benefitOf(ctx, tx, prog.ID, plan, key)
		if err != nil {
			return err
		}
		w, _, err := benefitWindow(ctx, tx, prog.ID, plan)
		if err != nil {
			return err
		}
		if err := in.Validate(w); err != nil {
			return benefitFieldError(err)
		}
		if in.Version != x.Version {
			return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
				"gevinsten er ændret af en anden i mellemtiden (version %d, du havde %d); hent den igen og prøv igen", x.Version, in.Version)}
		}
		id := x.ID
		x.Benefit = in.Benefit
		x.ID = id
		if err := tx.UpdateBenefit(ctx, &x, actorOf(by)); err != nil {
			return err
		}
		ms, err := tx.BenefitMeasurements(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		out = benefitView(x, ms[x.Key])
		return tx.AppendBenefitEvent(ctx, prog.ID, plan.Municipality.ID, x.Key, actorOf(by),
			fmt.Sprintf("Gevinsten %s er ændret: baseline %s %s, mål %s %s senest %s", x.ID, benefit.Number(x.BaselineValue), x.Unit,
				benefit.Number(x.TargetValue), x.Unit, x.TargetDate.Danish()))
	})
	return out, err
}

// AddMeasurement records a post-measurement of a benefit: from 6 months
// after go-live to the last date (12 months after, or the coordinator's
// extension), not in the future.
func (a *BenefitService) AddMeasurement(ctx context.Context, by *Identity, programmeKey, code string, key int64, m benefit.Measurement) (BenefitView, error) {
	m.Comment = strings.TrimSpace(m.Comment)
	var out BenefitView
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.benefitPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		x, err := a.benefitOf(ctx, tx, prog.ID, plan, key)
		if err != nil {
			return err
		}
		w, _, err := benefitWindow(ctx, tx, prog.ID, plan)
		if err != nil {
			return err
		}
		if err := benefit.ValidateMeasurement(m, w, a.Today()); err != nil {
			return benefitFieldError(err)
		}
		row := benefit.MeasurementEntry{Measurement: m, BenefitID: x.Key}
		if err := tx.InsertMeasurement(ctx, &row, actorOf(by)); err != nil {
			return err
		}
		ms, err := tx.BenefitMeasurements(ctx, prog.ID, plan.Municipality.ID)
		if err != nil {
			return err
		}
		out = benefitView(x, ms[x.Key])
		return tx.AppendBenefitEvent(ctx, prog.ID, plan.Municipality.ID, x.Key, actorOf(by),
			fmt.Sprintf("Eftermåling af %s den %s: %s %s; status %s", x.ID, m.Date.Danish(), benefit.Number(m.Value), x.Unit, out.StatusLabel))
	})
	return out, err
}

// SaveBenefitVision sets the vision at the top of the municipality's
// benefit tree; version is the register's version read (0 when none).
func (a *BenefitService) SaveBenefitVision(ctx context.Context, by *Identity, programmeKey, code, vision string, version int) (benefit.Register, error) {
	vision = strings.TrimSpace(vision)
	var reg benefit.Register
	if vision == "" {
		return reg, invalidField("vision", "visionen mangler")
	}
	if utf8.RuneCountInString(vision) > benefit.MaxText {
		return reg, invalidField("vision", "visionen er for lang (højst %d tegn)", benefit.MaxText)
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.benefitPlan(ctx, tx, by, programmeKey, code, true)
		if err != nil {
			return err
		}
		if reg, err = tx.BenefitRegisterOf(ctx, prog.ID, plan.Municipality.ID); err != nil {
			return err
		}
		if reg.Version != version {
			return &Error{Code: CodeConflict, Field: "version", Message: fmt.Sprintf(
				"visionen er ændret af en anden i mellemtiden (version %d, du havde %d); hent siden igen og prøv igen", reg.Version, version)}
		}
		reg.Vision = vision
		if err := tx.SaveBenefitRegister(ctx, prog.ID, plan.Municipality.ID, &reg, actorOf(by)); err != nil {
			return err
		}
		return tx.AppendBenefitEvent(ctx, prog.ID, plan.Municipality.ID, 0, actorOf(by), "Visionen er sat: "+vision)
	})
	return reg, err
}

// ExtendBenefitDeadline moves the municipality's last date for
// post-measurements beyond 12 months after go-live: the coordinator's
// decision, with a reason, recorded in the history.
func (a *BenefitService) ExtendBenefitDeadline(ctx context.Context, by *Identity, programmeKey, code string, until model.Date, reason string) (benefit.Register, error) {
	reason = strings.TrimSpace(reason)
	var reg benefit.Register
	if err := allow(by, access.ExtendBenefitDeadline, access.RefuseExtendBenefits); err != nil {
		return reg, err
	}
	if reason == "" {
		return reg, invalidField("reason", "begrundelsen for forlængelsen mangler")
	}
	if utf8.RuneCountInString(reason) > benefit.MaxText {
		return reg, invalidField("reason", "begrundelsen er for lang (højst %d tegn)", benefit.MaxText)
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		prog, plan, err := a.benefitPlan(ctx, tx, by, programmeKey, code, false)
		if err != nil {
			return err
		}
		if err := benefit.CheckExtension(plan.GoLive, until); err != nil {
			return benefitFieldError(err)
		}
		if reg, err = tx.BenefitRegisterOf(ctx, prog.ID, plan.Municipality.ID); err != nil {
			return err
		}
		reg.ExtendedUntil, reg.ExtensionReason = until, reason
		if err := tx.SaveBenefitRegister(ctx, prog.ID, plan.Municipality.ID, &reg, actorOf(by)); err != nil {
			return err
		}
		return tx.AppendBenefitEvent(ctx, prog.ID, plan.Municipality.ID, 0, actorOf(by),
			fmt.Sprintf("Fristen for eftermålinger er forlænget til %s: %s", until.Danish(), reason))
	})
	return reg, err
}

// BenefitWaveSummary is the national roll-up of one wave.
type BenefitWaveSummary struct {
	Wave           int                  `json:"wave"`
	Municipalities int                  `json:"municipalities"`
	Registered     int                  `json:"registered"` // municipalities with at least one benefit
	Measured       int                  `json:"measured"`   // municipalities with at least one post-measurement
	Benefits       int                  `json:"benefits"`
	Statuses       []BenefitStatusCount `json:"statuses"`
}

// BenefitMunicipalityLine is one municipality's line of the roll-up.
type BenefitMunicipalityLine struct {
	Code         string               `json:"code"`
	Name         string               `json:"name"`
	Wave         int                  `json:"wave"`
	GoLive       model.Date           `json:"golive"`
	Benefits     int                  `json:"benefits"`
	Measured     int                  `json:"measured"` // benefits with at least one post-measurement
	MeasureFrom  model.Date           `json:"measure_from"`
	MeasureUntil model.Date           `json:"measure_until"`
	Statuses     []BenefitStatusCount `json:"statuses"`
	// BaselineMissing: the baseline period has ended without a benefit.
	BaselineMissing bool `json:"baseline_missing"`
	// MeasurementDue: post-measurements have begun and a benefit has none.
	MeasurementDue bool `json:"measurement_due"`
}

// BenefitNationalView is the centre's roll-up of the benefit registers.
type BenefitNationalView struct {
	Programme     string               `json:"programme"`
	ProgrammeName string               `json:"programme_name"`
	Asof          model.Date           `json:"asof"`
	Waves         []BenefitWaveSummary `json:"waves"`
	// PerMunicipality says whether Municipalities is filled: only for the
	// centre's follow-up staff, never for observers.
	PerMunicipality bool                      `json:"per_municipality"`
	Municipalities  []BenefitMunicipalityLine `json:"municipalities"`
}

// NationalBenefits rolls the registers up per wave: how many municipalities
// have registered benefits and measured them, and the benefits' statuses;
// the follow-up staff also see each municipality's line.
func (a *BenefitService) NationalBenefits(ctx context.Context, by *Identity, programmeKey string, asof model.Date) (*BenefitNationalView, error) {
	if err := allow(by, access.ViewBenefitsNational, access.RefuseBenefitsNational); err != nil {
		return nil, err
	}
	var v *BenefitNationalView
	err := a.read(ctx, func(tx *store.Tx) error {
		prog, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		plans, err := tx.Plans(ctx, prog.ID)
		if err != nil {
			return err
		}
		bs, err := tx.Benefits(ctx, prog.ID, 0)
		if err != nil {
			return err
		}
		ms, err := tx.BenefitMeasurements(ctx, prog.ID, 0)
		if err != nil {
			return err
		}
		ext, err := tx.BenefitExtensions(ctx, prog.ID)
		if err != nil {
			return err
		}
		per := map[int64][]benefit.Entry{}
		for _, b := range bs {
			per[b.MunicipalityID] = append(per[b.MunicipalityID], b)
		}
		v = &BenefitNationalView{Programme: prog.Key, ProgrammeName: prog.Name, Asof: asof, Waves: []BenefitWaveSummary{},
			PerMunicipality: unrestricted(by) || access.BenefitsPerMunicipality(by.Subject), Municipalities: []BenefitMunicipalityLine{}}
		waveAt := map[int]int{}
		waveCount := map[int]map[benefit.Status]int{}
		for _, p := range plans {
			wi, ok := waveAt[p.Wave]
			if !ok {
				wi = len(v.Waves)
				waveAt[p.Wave] = wi
				v.Waves = append(v.Waves, BenefitWaveSummary{Wave: p.Wave})
				waveCount[p.Wave] = map[benefit.Status]int{}
			}
			w := benefit.WindowOf(p.GoLive, ext[p.Municipality.ID])
			line := BenefitMunicipalityLine{Code: p.Municipality.Code, Name: p.Municipality.Name, Wave: p.Wave, GoLive: p.GoLive,
				MeasureFrom: w.MeasureFrom, MeasureUntil: w.MeasureUntil}
			count := map[benefit.Status]int{}
			for _, b := range per[p.Municipality.ID] {
				line.Benefits++
				if len(ms[b.Key]) > 0 {
					line.Measured++
				}
				st := benefit.StatusOf(b.Benefit, plainMeasurements(ms[b.Key]))
				count[st]++
				waveCount[p.Wave][st]++
			}
			line.Statuses = statusCounts(count)
			line.BaselineMissing = line.Benefits == 0 && asof > w.BaselineUntil
			line.MeasurementDue = line.Benefits > line.Measured && asof >= w.MeasureFrom
			s := &v.Waves[wi]
			s.Municipalities++
			s.Benefits += line.Benefits
			if line.Benefits > 0 {
				s.Registered++
			}
			if line.Measured > 0 {
				s.Measured++
			}
			if v.PerMunicipality {
				v.Municipalities = append(v.Municipalities, line)
			}
		}
		for i := range v.Waves {
			v.Waves[i].Statuses = statusCounts(waveCount[v.Waves[i].Wave])
		}
		return nil
	})
	return v, err
}

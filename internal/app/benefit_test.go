package app_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/benefit"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

func benefitInput() app.BenefitInput {
	return app.BenefitInput{Benefit: benefit.Benefit{Title: "Kortere sagsbehandlingstid", Type: benefit.Economic,
		Goal: "Hurtigere afgørelser", Change: "Automatisk oprettelse af sager", Owner: "Afdelingsleder", Accountable: "Direktør",
		Smart: "Fra 20 til 12 dage senest 12 måneder efter go-live.", Indicator: "Sagsbehandlingstid", Unit: "dage",
		Direction: benefit.LowerIsBetter, BaselineValue: 20, BaselineDate: model.NewDate(2027, 1, 15), TargetValue: 12,
		TargetDate: model.NewDate(2028, 3, 31)}}
}

// The register end to end on both databases: who may read and change it,
// the date windows from go-live (with the coordinator's extension), bad
// input refused naming the field with nothing written, the status from
// the latest measurement, the history, and the national roll-up.
func TestBenefitRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, clk := newAuthApp(t, url) // 2027-02-01
		publish(t, a, "testdata/mini-v1.yaml")
		goLive := model.NewDate(2027, 3, 31)
		if _, err := a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: goLive, Wave: 1}, {Code: "147", GoLive: goLive, Wave: 2}}); err != nil {
			t.Fatal(err)
		}
		pl := signIn(t, a, "pl@kk.dk", "Pia Projektleder", access.ProjectLead, "101")
		mm := signIn(t, a, "mm@kk.dk", "Mads Medarbejder", access.Member, "101")
		frb := signIn(t, a, "pl@frb.dk", "Frede Frederiksberg", access.ProjectLead, "147")
		ko := signIn(t, a, "ko@kombit.dk", "Karin Koordinator", access.Coordinator, "kombit")
		obs := signIn(t, a, "obs@kombit.dk", "Otto Observatør", access.Observer, "kombit")
		lev := signIn(t, a, "lev@kmd.dk", "Lea Leverandør", access.Supplier, "kmd")

		b, err := a.CreateBenefit(ctx, pl, "mini", "101", benefitInput())
		if err != nil {
			t.Fatal(err)
		}
		if b.ID == "" || b.Status != benefit.NotMeasured || b.Measurements == nil {
			t.Errorf("created: %+v", b)
		}
		if _, err := a.SaveBenefitVision(ctx, pl, "mini", "101", "Borgeren får hurtigt svar", 0); err != nil {
			t.Fatal(err)
		}
		_, err = a.SaveBenefitVision(ctx, pl, "mini", "101", "Anden vision", 0)
		wantCode(t, "vision from a stale version", err, app.CodeConflict)

		// Bad input: the field is named and nothing is written.
		for field, edit := range map[string]func(*app.BenefitInput){
			"type":           func(in *app.BenefitInput) { in.Type = "glæde" },
			"baseline_date":  func(in *app.BenefitInput) { in.BaselineDate = model.NewDate(2027, 3, 1) },
			"target_date":    func(in *app.BenefitInput) { in.TargetDate = model.NewDate(2028, 4, 1) },
			"target_value":   func(in *app.BenefitInput) { in.TargetValue = 25 },
			"accountable":    func(in *app.BenefitInput) { in.Accountable = " " },
			"direction":      func(in *app.BenefitInput) { in.Direction = "op" },
			"baseline_value": func(in *app.BenefitInput) { in.BaselineValue = posInf() },
		} {
			in := benefitInput()
			edit(&in)
			_, err := a.CreateBenefit(ctx, pl, "mini", "101", in)
			var e *app.Error
			if app.ErrorCode(err) != app.CodeInvalid || !asError(err, &e) || e.Field != field {
				t.Errorf("%s: %v, want invalid naming the field", field, err)
			}
		}

		// Who may read and change.
		for _, by := range []*app.Identity{frb, obs} {
			_, err := a.BenefitRegister(ctx, by, "mini", "101", a.Today())
			wantCode(t, "register read by "+by.User.Email, err, app.CodeForbidden)
		}
		for _, by := range []*app.Identity{mm, frb, obs, lev} {
			_, err := a.CreateBenefit(ctx, by, "mini", "101", benefitInput())
			wantCode(t, "create by "+by.User.Email, err, app.CodeForbidden)
		}
		for _, by := range []*app.Identity{mm, lev, ko} {
			if _, err := a.BenefitRegister(ctx, by, "mini", "101", a.Today()); err != nil {
				t.Errorf("register read by %s: %v", by.User.Email, err)
			}
		}
		// Another municipality's benefit is not found through this one's register.
		_, err = a.Benefit(ctx, ko, "mini", "147", b.Key, a.Today())
		wantCode(t, "101's benefit through 147", err, app.CodeNotFound)

		// Post-measurements: not before 6 months after go-live.
		clk.t = time.Date(2027, 10, 15, 9, 0, 0, 0, time.UTC)
		_, err = a.AddMeasurement(ctx, pl, "mini", "101", b.Key, benefit.Measurement{Value: 17, Date: model.NewDate(2027, 9, 29)})
		wantCode(t, "measurement before 6 months", err, app.CodeInvalid)
		got, err := a.AddMeasurement(ctx, pl, "mini", "101", b.Key, benefit.Measurement{Value: 15, Date: model.NewDate(2027, 9, 30), Comment: "Første eftermåling"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != benefit.OnTrack || len(got.Measurements) != 1 {
			t.Errorf("after the first measurement: %s, %d measurements", got.Status, len(got.Measurements))
		}
		// After 12 months: refused with the date, until the coordinator extends.
		clk.t = time.Date(2028, 5, 15, 9, 0, 0, 0, time.UTC)
		late := benefit.Measurement{Value: 13, Date: model.NewDate(2028, 4, 1)}
		_, err = a.AddMeasurement(ctx, pl, "mini", "101", b.Key, late)
		if app.ErrorCode(err) != app.CodeInvalid || !strings.Contains(app.ErrorMessage(err), "31.03.2028") {
			t.Errorf("late measurement: %v", err)
		}
		_, err = a.ExtendBenefitDeadline(ctx, pl, "mini", "101", model.NewDate(2028, 6, 30), "Sen systemopgradering")
		wantCode(t, "extension by the project lead", err, app.CodeForbidden)
		_, err = a.ExtendBenefitDeadline(ctx, ko, "mini", "101", model.NewDate(2028, 3, 31), "For kort")
		wantCode(t, "extension to 12 months", err, app.CodeInvalid)
		_, err = a.ExtendBenefitDeadline(ctx, ko, "mini", "101", model.NewDate(2028, 6, 30), "")
		wantCode(t, "extension without a reason", err, app.CodeInvalid)
		if _, err := a.ExtendBenefitDeadline(ctx, ko, "mini", "101", model.NewDate(2028, 6, 30), "Sen systemopgradering"); err != nil {
			t.Fatal(err)
		}
		got, err = a.AddMeasurement(ctx, pl, "mini", "101", b.Key, late)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != benefit.NotAchieved {
			t.Errorf("13 dage after the target date 31.03.2028: %s", got.Status)
		}

		// A change from a stale version is a conflict.
		in := benefitInput()
		in.Version = 1
		in.TargetValue = 14
		if _, err := a.UpdateBenefit(ctx, pl, "mini", "101", b.Key, in); err != nil {
			t.Fatal(err)
		}
		_, err = a.UpdateBenefit(ctx, pl, "mini", "101", b.Key, in)
		wantCode(t, "stale update", err, app.CodeConflict)

		v, err := a.BenefitRegister(ctx, pl, "mini", "101", a.Today())
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Benefits) != 1 || v.Benefits[0].Status != benefit.Achieved || v.Tree.Vision != "Borgeren får hurtigt svar" ||
			len(v.Tree.Goals) != 1 || !v.Window.Extended || v.Window.MeasureUntil != model.NewDate(2028, 6, 30) || v.CanExtend {
			t.Errorf("register: %+v", v)
		}
		hist := []string{}
		for _, e := range v.History {
			hist = append(hist, e.Message)
		}
		joined := strings.Join(hist, "\n")
		for _, want := range []string{"er registreret", "Visionen er sat", "Eftermåling", "forlænget til 30.06.2028: Sen systemopgradering", "er ændret"} {
			if !strings.Contains(joined, want) {
				t.Errorf("history lacks %q:\n%s", want, joined)
			}
		}

		// The national roll-up: observers get the counts per wave only.
		n, err := a.NationalBenefits(ctx, obs, "mini", a.Today())
		if err != nil {
			t.Fatal(err)
		}
		if n.PerMunicipality || len(n.Municipalities) != 0 || len(n.Waves) != 2 || n.Waves[0].Registered != 1 || n.Waves[0].Measured != 1 ||
			n.Waves[1].Registered != 0 || n.Waves[1].Municipalities != 1 {
			t.Errorf("observer's roll-up: %+v", n)
		}
		n, err = a.NationalBenefits(ctx, ko, "mini", a.Today())
		if err != nil {
			t.Fatal(err)
		}
		if !n.PerMunicipality || len(n.Municipalities) != 2 || n.Municipalities[0].Benefits != 1 || n.Municipalities[0].Measured != 1 ||
			n.Municipalities[0].MeasurementDue || !n.Municipalities[1].BaselineMissing {
			t.Errorf("coordinator's roll-up: %+v", n)
		}
		_, err = a.NationalBenefits(ctx, pl, "mini", a.Today())
		wantCode(t, "roll-up by a project lead", err, app.CodeForbidden)
	})
}

func asError(err error, e **app.Error) bool { return errors.As(err, e) }

func posInf() float64 { return math.Inf(1) }

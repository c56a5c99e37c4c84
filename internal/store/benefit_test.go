package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/benefit"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

func seedBenefit(t *testing.T, db *store.DB) (progID, muniID int64, x benefit.Entry) {
	t.Helper()
	seed(t, db)
	ctx := context.Background()
	err := db.InTx(ctx, time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC), func(tx *store.Tx) error {
		muni, err := tx.OrganisationByCode(ctx, model.OrgMunicipality, "101")
		if err != nil {
			return err
		}
		progs, err := tx.Programmes(ctx)
		if err != nil {
			return err
		}
		progID, muniID = progs[0].ID, muni.ID
		x = benefit.Entry{MunicipalityID: muni.ID, Benefit: benefit.Benefit{Title: "Kortere sagsbehandlingstid", Type: benefit.Economic,
			Goal: "Hurtigere afgørelser", Change: "Automatisk oprettelse", Owner: "Afdelingsleder", Accountable: "Direktør",
			Smart: "Fra 20 til 12 dage.", Indicator: "Sagsbehandlingstid", Unit: "dage", Direction: benefit.LowerIsBetter,
			BaselineValue: 20.5, BaselineDate: model.NewDate(2026, 11, 1), TargetValue: 12, TargetDate: model.NewDate(2028, 1, 31)}}
		if err := tx.InsertBenefit(ctx, progID, &x, "leder"); err != nil {
			return err
		}
		return tx.AppendBenefitEvent(ctx, progID, muniID, x.Key, "leder", "Gevinsten er registreret")
	})
	if err != nil {
		t.Fatal(err)
	}
	return progID, muniID, x
}

func TestBenefitRoundTripAndVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		progID, muniID, x := seedBenefit(t, db)
		ctx := context.Background()
		now := time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC)
		err := db.InTx(ctx, now, func(tx *store.Tx) error {
			got, err := tx.Benefit(ctx, progID, x.Key)
			if err != nil {
				return err
			}
			if got.Benefit != x.Benefit || got.Municipality != "101" || got.MunicipalityNm != "København" || got.Version != 1 || got.CreatedBy != "leder" {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, x)
			}
			stale := got
			got.TargetValue = 10
			if err := tx.UpdateBenefit(ctx, &got, "leder2"); err != nil || got.Version != 2 {
				t.Fatalf("update: %v (version %d)", err, got.Version)
			}
			stale.Title = "Gammel udgave"
			if err := tx.UpdateBenefit(ctx, &stale, "leder3"); !errors.Is(err, store.ErrConflict) {
				t.Errorf("a stale version must conflict: %v", err)
			}
			for _, v := range []float64{17, 15.25} {
				m := benefit.MeasurementEntry{BenefitID: x.Key, Measurement: benefit.Measurement{Value: v, Date: model.NewDate(2027, 8, 15), Comment: "måling"}}
				if err := tx.InsertMeasurement(ctx, &m, "leder"); err != nil {
					return err
				}
			}
			ms, err := tx.BenefitMeasurements(ctx, progID, muniID)
			if err != nil {
				return err
			}
			if l, _ := benefit.Latest(plain(ms[x.Key])); len(ms[x.Key]) != 2 || l.Value != 15.25 {
				t.Errorf("measurements: %+v", ms)
			}
			if all, err := tx.BenefitMeasurements(ctx, progID, 0); err != nil || len(all[x.Key]) != 2 {
				t.Errorf("all measurements: %+v %v", all, err)
			}
			bs, err := tx.Benefits(ctx, progID, muniID)
			if err != nil || len(bs) != 1 || bs[0].TargetValue != 10 {
				t.Errorf("benefits: %+v %v", bs, err)
			}
			if other, err := tx.Benefits(ctx, progID, muniID+1000); err != nil || other == nil || len(other) != 0 {
				t.Errorf("another municipality's register must be empty and not nil: %+v %v", other, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func plain(ms []benefit.MeasurementEntry) []benefit.Measurement {
	out := make([]benefit.Measurement, len(ms))
	for i, m := range ms {
		out[i] = m.Measurement
	}
	return out
}

func TestBenefitRegisterHeaderAndHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		progID, muniID, x := seedBenefit(t, db)
		ctx := context.Background()
		err := db.InTx(ctx, time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC), func(tx *store.Tx) error {
			r, err := tx.BenefitRegisterOf(ctx, progID, muniID)
			if err != nil || r.Version != 0 {
				t.Fatalf("empty register: %+v %v", r, err)
			}
			r.Vision = "Borgeren får hurtigt svar"
			if err := tx.SaveBenefitRegister(ctx, progID, muniID, &r, "leder"); err != nil || r.Version != 1 {
				t.Fatalf("save: %v %+v", err, r)
			}
			again := benefit.Register{Vision: "Anden"}
			if err := tx.SaveBenefitRegister(ctx, progID, muniID, &again, "leder"); !errors.Is(err, store.ErrConflict) {
				t.Errorf("a second first save must conflict: %v", err)
			}
			r.ExtendedUntil, r.ExtensionReason = model.NewDate(2028, 4, 30), "Sen eftermåling"
			if err := tx.SaveBenefitRegister(ctx, progID, muniID, &r, "koordinator"); err != nil {
				return err
			}
			got, err := tx.BenefitRegisterOf(ctx, progID, muniID)
			if err != nil || got.Vision != r.Vision || got.ExtendedUntil != r.ExtendedUntil || got.Version != 2 || got.UpdatedBy != "koordinator" {
				t.Errorf("register: %+v %v", got, err)
			}
			ext, err := tx.BenefitExtensions(ctx, progID)
			if err != nil || ext[muniID] != r.ExtendedUntil {
				t.Errorf("extensions: %v %v", ext, err)
			}
			if err := tx.AppendBenefitEvent(ctx, progID, muniID, 0, "koordinator", "Fristen er forlænget"); err != nil {
				return err
			}
			all, err := tx.BenefitEvents(ctx, progID, muniID, 0)
			if err != nil || len(all) != 2 || all[0].Message != "Fristen er forlænget" || all[1].BenefitKey != x.Key {
				t.Errorf("history: %+v %v", all, err)
			}
			one, err := tx.BenefitEvents(ctx, progID, muniID, x.Key)
			if err != nil || len(one) != 1 {
				t.Errorf("one benefit's history: %+v %v", one, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestBenefitHistoryAndMeasurementsAreAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		_, _, x := seedBenefit(t, db)
		ctx := context.Background()
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			m := benefit.MeasurementEntry{BenefitID: x.Key, Measurement: benefit.Measurement{Value: 1, Date: model.NewDate(2027, 8, 15)}}
			return tx.InsertMeasurement(ctx, &m, "leder")
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"UPDATE benefit_events SET message = 'omskrevet'", "DELETE FROM benefit_events",
			"UPDATE benefit_measurements SET value = 99", "DELETE FROM benefit_measurements"} {
			err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error { return tx.ExecForTest(ctx, q) })
			if err == nil {
				t.Errorf("%q succeeded on an append-only table", q)
			}
		}
	})
}

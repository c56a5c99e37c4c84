package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/risk"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestRiskRegisterStore stores risks of the three registers, selects them
// by register and wave, detects a stale version, and keeps each risk's
// history in order, append-only, on both databases.
func TestRiskRegisterStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		seed(t, db)
		ctx := context.Background()
		at := time.Date(2027, 1, 4, 9, 30, 0, 0, time.UTC)
		base := risk.Risk{Description: "Integrationen er forsinket", Registered: model.NewDate(2027, 1, 4), Category: risk.Technical,
			Probability: 3, Consequence: 4, Proximity: risk.Near, Reaction: risk.Reduce, Status: risk.Open, Owner: "Leverandøren"}
		var hc2 risk.Entry
		err := db.InTx(ctx, at, func(tx *store.Tx) error {
			p, err := tx.ProgrammeByKey(ctx, "p")
			if err != nil {
				return err
			}
			for _, x := range []risk.Entry{{Risk: base, Level: risk.Central}, {Risk: base, Level: risk.Hypercare, Wave: 1},
				{Risk: base, Level: risk.Hypercare, Wave: 2}} {
				if err := tx.InsertRisk(ctx, p.ID, &x, "a@kombit.dk"); err != nil {
					return err
				}
				if err := tx.AppendRiskEvent(ctx, x.Key, "a@kombit.dk", "Risikoen er registreret"); err != nil {
					return err
				}
				hc2 = x
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, at.Add(time.Hour), func(tx *store.Tx) error {
			stale := hc2
			hc2.Probability = 5
			if err := tx.UpdateRisk(ctx, &hc2, "b@kmd.dk"); err != nil {
				return err
			}
			if err := tx.UpdateRisk(ctx, &stale, "c@kmd.dk"); !errors.Is(err, store.ErrConflict) {
				t.Errorf("a stale version: %v, want ErrConflict", err)
			}
			return tx.AppendRiskEvent(ctx, hc2.Key, "b@kmd.dk", "Risikoen er ændret\nSandsynlighed: 3 → 5")
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.ReadTx(ctx, func(tx *store.Tx) error {
			p, _ := tx.ProgrammeByKey(ctx, "p")
			hc, err := tx.Risks(ctx, p.ID, store.RiskFilter{Level: risk.Hypercare, Wave: 2})
			if err != nil {
				return err
			}
			if len(hc) != 1 || hc[0].Key != hc2.Key || hc[0].Version != 2 || hc[0].Exposure != 20 || hc[0].UpdatedBy != "b@kmd.dk" {
				t.Errorf("wave 2's hypercare register: %+v", hc)
			}
			if all, _ := tx.Risks(ctx, p.ID, store.RiskFilter{Level: risk.Hypercare}); len(all) != 2 {
				t.Errorf("every hypercare register: %d risks, want 2", len(all))
			}
			if c, _ := tx.Risks(ctx, p.ID, store.RiskFilter{Level: risk.Central}); len(c) != 1 || c[0].Wave != 0 {
				t.Errorf("the central register: %+v", c)
			}
			ev, err := tx.RiskEvents(ctx, hc2.Key)
			if err != nil {
				return err
			}
			if len(ev) != 2 || ev[0].Message != "Risikoen er registreret" || !ev[0].At.Equal(at) || ev[1].Actor != "b@kmd.dk" ||
				ev[1].Message != "Risikoen er ændret\nSandsynlighed: 3 → 5" || !ev[1].At.Equal(at.Add(time.Hour)) {
				t.Errorf("history %+v", ev)
			}
			if ev, err := tx.RiskEvents(ctx, hc2.Key+100); err != nil || ev == nil || len(ev) != 0 {
				t.Errorf("history of a missing risk: %v %v, want []", ev, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The history is append-only in the database itself.
		err = db.InTx(ctx, at, func(tx *store.Tx) error {
			return tx.ExecForTest(ctx, "UPDATE risk_events SET message = 'x'")
		})
		if err == nil {
			t.Error("a risk event could be changed")
		}
	})
}

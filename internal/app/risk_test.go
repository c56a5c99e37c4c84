package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/risk"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestRiskRegistersAtThreeLevels: a municipality's, the central and a
// hypercare team's register; a hypercare register belongs to one of the
// programme's waves; the history records who changed what from what to
// what; the centre reads every register, observers only the figures.
func TestRiskRegistersAtThreeLevels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		w := newWorld(t, url)
		asof := date("2027-01-04")
		in := func(desc, owner string, p, c int) app.RiskInput {
			return app.RiskInput{Risk: risk.Risk{Description: desc, Registered: date("2027-01-04"), Category: risk.Technical,
				Probability: p, Consequence: c, Reaction: risk.Reduce, Owner: owner, NextReview: date("2027-01-05")}}
		}
		m, err := w.CreateRisk(ctx, w.lead101, "mini", "101", in("Integrationen er forsinket", "Leverandøren", 4, 4))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.CreateCentralRisk(ctx, w.supplier, "mini", risk.Central, 0, in("Leverancen slipper for sent", "KOMBIT", 3, 3)); err != nil {
			t.Fatal(err)
		}
		h, err := w.CreateCentralRisk(ctx, w.coord, "mini", risk.Hypercare, 2, in("For mange henvendelser", "kmd", 3, 4))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.CreateCentralRisk(ctx, w.coord, "mini", risk.Hypercare, 3, in("x", "y", 1, 1)); app.ErrorCode(err) != app.CodeInvalid {
			t.Errorf("a hypercare risk of a wave the programme does not have: %v", err)
		}
		if _, err := w.CreateCentralRisk(ctx, w.lead101, "mini", risk.Central, 0, in("x", "y", 1, 1)); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("a project lead writing the central register: %v", err)
		}

		// Wave 2's hypercare register: its own risk only; the supplier
		// organisation's name makes it supplier-owned; review overdue.
		v, err := w.CentralRegister(ctx, w.supplier, "mini", risk.Hypercare, 2, date("2027-01-10"))
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Risks) != 1 || v.Risks[0].Key != h.Key || len(v.Overdue) != 1 || len(v.SupplierOwned) != 1 || !v.CanChange || v.Level != risk.Hypercare {
			t.Fatalf("wave 2's hypercare register: %+v", v)
		}
		if _, err := w.CentralRegister(ctx, w.coord, "mini", risk.Hypercare, 7, asof); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("a wave the programme does not have: %v", err)
		}
		for _, who := range []*app.Identity{w.observer, w.lead101} {
			if _, err := w.CentralRegister(ctx, who, "mini", risk.Central, 0, asof); app.ErrorCode(err) != app.CodeForbidden {
				t.Errorf("%s reads the central register: %v", who.Subject.Role, err)
			}
		}
		mv, err := w.RiskRegister(ctx, w.lead101, "mini", "101", asof)
		if err != nil || len(mv.SupplierOwned) != 1 || mv.Level != risk.Municipal {
			t.Fatalf("municipal register: %+v %v", mv, err)
		}

		// A change is recorded field by field, old → new, with who.
		ch := in("Integrationen er forsinket", "Projektlederen", 4, 2)
		ch.Version = m.Version
		if _, err := w.UpdateRisk(ctx, w.lead101, "mini", "101", m.Key, ch); err != nil {
			t.Fatal(err)
		}
		hist, err := w.RiskHistory(ctx, w.coord, "mini", "101", m.Key)
		if err != nil {
			t.Fatal(err)
		}
		want := "Risikoen er ændret\nKonsekvens: 4 → 2\nEksponering: 16 (høj) → 8 (middel)\nEjer: Leverandøren → Projektlederen"
		if len(hist) != 2 || hist[1].Message != want || hist[1].Actor == "" || !strings.HasPrefix(hist[0].Message, "Risikoen er registreret") {
			t.Fatalf("history %+v, want the change %q", hist, want)
		}
		if _, err := w.RiskHistory(ctx, w.lead147, "mini", "101", m.Key); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("another municipality reads the history: %v", err)
		}
		if _, err := w.RiskHistory(ctx, w.observer, "mini", "", h.Key); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("an observer reads a hypercare risk's history: %v", err)
		}
		if _, err := w.RiskHistory(ctx, w.coord, "mini", "", m.Key); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("a municipal risk's history through the central address: %v", err)
		}

		// A risk is changed only through its own register.
		hc := in("For mange henvendelser", "kmd", 2, 4)
		hc.Version = h.Version
		if _, err := w.UpdateCentralRisk(ctx, w.coord, "mini", risk.Central, 0, h.Key, hc); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("a hypercare risk changed through the central register: %v", err)
		}
		if _, err := w.UpdateCentralRisk(ctx, w.coord, "mini", risk.Hypercare, 1, h.Key, hc); app.ErrorCode(err) != app.CodeNotFound {
			t.Errorf("wave 2's hypercare risk changed through wave 1's register: %v", err)
		}
		if _, err := w.UpdateCentralRisk(ctx, w.coord, "mini", risk.Hypercare, 2, h.Key, hc); err != nil {
			t.Errorf("wave 2's hypercare risk through its register: %v", err)
		}

		// Observers: the figures, and nothing else.
		s, err := w.RiskSummary(ctx, w.observer, "mini", asof)
		if err != nil {
			t.Fatal(err)
		}
		if s.Total != 3 || s.ByLevel[0].Count != 1 || s.ByLevel[1].Count != 1 || s.ByLevel[2].Count != 1 || len(s.ByWave) != 2 ||
			s.ByWave[0].Wave != 1 || s.ByWave[0].Municipal != 1 || s.ByWave[1].Hypercare != 1 {
			t.Fatalf("summary %+v", s)
		}
		if _, err := w.RiskSummary(ctx, w.lead101, "mini", asof); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("a project lead reads the national figures: %v", err)
		}
		if _, err := w.AllRisks(ctx, w.observer, "mini", app.RiskListFilter{}, asof); app.ErrorCode(err) != app.CodeForbidden {
			t.Errorf("an observer lists the risks: %v", err)
		}
		l, err := w.AllRisks(ctx, w.coord, "mini", app.RiskListFilter{Level: "hypercare", Wave: 2}, asof)
		if err != nil || len(l.Risks) != 1 || len(l.Waves) != 2 {
			t.Fatalf("filtered by wave: %+v %v", l, err)
		}
	})
}

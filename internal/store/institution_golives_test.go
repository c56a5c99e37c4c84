package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// An institution's own go-live round-trips on both databases, a second
// writer with a stale version is refused, and going back to the
// municipality's date keeps the row (and its version) for the next edit.
func TestInstitutionGoLiveVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		seed(t, db)
		ctx := context.Background()
		now := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
		err := db.InTx(ctx, now, func(tx *store.Tx) error {
			muni, err := tx.OrganisationByCode(ctx, model.OrgMunicipality, "101")
			if err != nil {
				return err
			}
			school := model.Organisation{Kind: model.OrgInstitution, Category: model.CategorySchool, Code: "280001", Name: "Nørre Skole", ParentID: muni.ID}
			if err := tx.UpsertOrganisation(ctx, &school); err != nil {
				return err
			}
			progs, err := tx.Programmes(ctx)
			if err != nil {
				return err
			}
			plan, err := tx.PlanOf(ctx, progs[0].ID, muni.ID)
			if err != nil {
				return err
			}
			pilot := model.NewDate(2027, 2, 1)
			if err := tx.SetInstitutionGoLive(ctx, plan.ID, school.ID, 0, true, pilot, "leder"); err != nil {
				return err
			}
			if err := tx.SetInstitutionGoLive(ctx, plan.ID, school.ID, 0, true, pilot.AddDays(1), "anden"); !errors.Is(err, store.ErrConflict) {
				t.Errorf("second first write: %v, want a conflict", err)
			}
			got, err := tx.InstitutionGoLivesOfPlan(ctx, plan.ID)
			if err != nil {
				return err
			}
			g := got[school.ID]
			if !g.Own || g.GoLive != pilot || g.Version != 1 || g.SetBy != "leder" || !g.SetAt.Equal(now) {
				t.Errorf("stored %+v", g)
			}
			own, err := tx.OwnGoLivesOfProgramme(ctx, progs[0].ID)
			if err != nil {
				return err
			}
			if own[plan.ID][school.ID] != pilot {
				t.Errorf("own go-lives of the programme: %v", own)
			}
			if err := tx.SetInstitutionGoLive(ctx, plan.ID, school.ID, 1, false, pilot, "leder"); err != nil {
				return err
			}
			if err := tx.SetInstitutionGoLive(ctx, plan.ID, school.ID, 1, true, pilot, "anden"); !errors.Is(err, store.ErrConflict) {
				t.Errorf("stale version: %v, want a conflict", err)
			}
			if own, err = tx.OwnGoLivesOfProgramme(ctx, progs[0].ID); err != nil || len(own) != 0 {
				t.Errorf("after going back to the municipality's date: %v %v", own, err)
			}
			got, err = tx.InstitutionGoLivesOfPlan(ctx, plan.ID)
			if g := got[school.ID]; err != nil || g.Own || g.Version != 2 {
				t.Errorf("after reset: %+v %v", g, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// Organisations bound to login providers, found by their users' e-mail
// domain, and a session's provider kept for logout.
func TestOrganisationLogins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		db := storetest.Open(t, dbURL)
		defer db.Close()
		ctx := context.Background()
		now := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
		var kk, fb model.Organisation
		var pia store.User
		err := db.InTx(ctx, now, func(tx *store.Tx) error {
			kk = model.Organisation{Kind: model.OrgMunicipality, Code: "101", Name: "København"}
			fb = model.Organisation{Kind: model.OrgMunicipality, Code: "147", Name: "Frederiksberg"}
			for _, o := range []*model.Organisation{&kk, &fb} {
				if err := tx.UpsertOrganisation(ctx, o); err != nil {
					return err
				}
			}
			for i, e := range []string{"pl@kk.dk", "mm@kk.dk", "pl@frb.dk"} {
				u := store.User{User: model.User{Email: e, Name: e, Role: "projektleder", Active: true, Org: kk}}
				if i == 2 {
					u.Org = fb
				}
				if err := tx.InsertUser(ctx, &u); err != nil {
					return err
				}
				if i == 0 {
					pia = u
				}
			}
			if err := tx.SetOrganisationLogin(ctx, kk.ID, "kk-saml", "test"); err != nil {
				return err
			}
			// Rebinding replaces; binding another organisation to the same
			// provider is fine.
			if err := tx.SetOrganisationLogin(ctx, kk.ID, "kk-oidc", "test"); err != nil {
				return err
			}
			return tx.SetOrganisationLogin(ctx, fb.ID, "kk-oidc", "test")
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, now, func(tx *store.Tx) error {
			if p, err := tx.OrganisationLoginOf(ctx, kk.ID); err != nil || p != "kk-oidc" {
				t.Errorf("København's provider: %q %v", p, err)
			}
			for domain, want := range map[string][]string{"kk.dk": {"kk-oidc"}, "KK.dk": {"kk-oidc"}, "frb.dk": {"kk-oidc"}, "ukendt.dk": nil, "%": nil, "k_.dk": nil} {
				if got, err := tx.LoginProvidersOfDomain(ctx, domain); err != nil || !slices.Equal(got, want) {
					t.Errorf("providers of %s: %v %v, want %v", domain, got, err, want)
				}
			}
			if ls, err := tx.OrganisationLogins(ctx); err != nil || len(ls) != 2 || ls[0].OrgCode != "101" || ls[1].OrgCode != "147" {
				t.Errorf("bindings: %+v %v", ls, err)
			}
			// Freeing.
			if err := tx.SetOrganisationLogin(ctx, fb.ID, "", "test"); err != nil {
				return err
			}
			if p, err := tx.OrganisationLoginOf(ctx, fb.ID); err != nil || p != "" {
				t.Errorf("Frederiksberg after freeing: %q %v", p, err)
			}
			if got, _ := tx.LoginProvidersOfDomain(ctx, "frb.dk"); got != nil {
				t.Errorf("frb.dk after freeing: %v", got)
			}
			// A session keeps its provider and logout data.
			s := store.Session{TokenHash: "h", UserID: pia.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour),
				Method: "saml", Logout: store.SessionLogout{Provider: "kk-oidc", Data: "pl@kk.dk\nidx"}}
			if err := tx.InsertSession(ctx, &s); err != nil {
				return err
			}
			if l, err := tx.SessionLogoutOf(ctx, "h"); err != nil || l != s.Logout {
				t.Errorf("session logout: %+v %v", l, err)
			}
			if l, err := tx.SessionLogoutOf(ctx, "ukendt"); err != nil || l != (store.SessionLogout{}) {
				t.Errorf("unknown session's logout: %+v %v", l, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

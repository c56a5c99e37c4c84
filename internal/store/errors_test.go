package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestIsUniqueViolation checks that each database's error code for a taken
// unique or primary key is recognised, also when wrapped, and that other
// constraint failures are not mistaken for it.
func TestIsUniqueViolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		seed(t, db)
		ctx := context.Background()
		// Each statement runs in its own transaction: PostgreSQL aborts a
		// transaction after its first error.
		run := func(q string) error {
			return db.InTx(ctx, time.Now(), func(tx *store.Tx) error { return tx.ExecForTest(ctx, q) })
		}
		cases := []struct {
			name string
			sql  string
			want bool
		}{
			{"unique key", "INSERT INTO organisations (kind, code, name) VALUES ('kommune', '101', 'Igen')", true},
			{"primary key", "INSERT INTO organisations (id, kind, code, name) SELECT id, 'kommune', '999', 'Ny' FROM organisations LIMIT 1", true},
			{"check constraint", "INSERT INTO organisations (kind, code, name) VALUES ('ukendt', '102', 'X')", false},
			{"not null", "INSERT INTO organisations (kind, code, name) VALUES ('kommune', '103', NULL)", false},
			{"foreign key", "INSERT INTO organisations (kind, code, name, parent_id) VALUES ('kommune', '104', 'X', 987654)", false},
		}
		for _, c := range cases {
			err := run(c.sql)
			if err == nil {
				t.Fatalf("%s: statement succeeded, want an error", c.name)
			}
			if got := store.IsUniqueViolation(err); got != c.want {
				t.Errorf("%s: IsUniqueViolation(%v) = %v, want %v", c.name, err, got, c.want)
			}
			if got := store.IsUniqueViolation(fmt.Errorf("wrapped: %w", err)); got != c.want {
				t.Errorf("%s: wrapped: IsUniqueViolation = %v, want %v", c.name, got, c.want)
			}
		}
		// A message that merely reads like a violation is not one.
		if store.IsUniqueViolation(errors.New("UNIQUE constraint failed: SQLSTATE 23505 duplicate key value")) {
			t.Error("a plain error with violation-like text counts as a unique violation")
		}
		if store.IsUniqueViolation(nil) {
			t.Error("nil counts as a unique violation")
		}
	})
}

// TestTakenEmailIsErrDuplicate checks the path the user administration
// relies on: a second user with the same e-mail (in any case) is ErrDuplicate.
func TestTakenEmailIsErrDuplicate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		seed(t, db)
		ctx := context.Background()
		insert := func(email string) error {
			return db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
				muni, err := tx.OrganisationByCode(ctx, model.OrgMunicipality, "101")
				if err != nil {
					return err
				}
				u := store.User{User: model.User{Email: email, Name: "N", Role: "projektleder", Org: muni, Active: true}}
				return tx.InsertUser(ctx, &u)
			})
		}
		if err := insert("a@kk.example"); err != nil {
			t.Fatal(err)
		}
		if err := insert(" A@KK.example "); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("second insert: %v, want ErrDuplicate", err)
		}
	})
}

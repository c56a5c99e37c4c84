package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// seedFollowup adds a user, a contact entry, a checkpoint decision and an
// outbox message to the seed data.
func seedFollowup(t *testing.T, db *store.DB) (userID int64) {
	t.Helper()
	seed(t, db)
	ctx := context.Background()
	err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
		muni, err := tx.OrganisationByCode(ctx, model.OrgMunicipality, "101")
		if err != nil {
			return err
		}
		u := store.User{User: model.User{Email: "leder@kk.example", Name: "Leder", Role: "projektleder", Org: muni, Active: true}}
		if err := tx.InsertUser(ctx, &u); err != nil {
			return err
		}
		userID = u.ID
		progs, err := tx.Programmes(ctx)
		if err != nil {
			return err
		}
		plan, err := tx.PlanOf(ctx, progs[0].ID, muni.ID)
		if err != nil {
			return err
		}
		c := model.Contact{PlanID: plan.ID, OccurredOn: model.NewDate(2027, 2, 1), Channel: "telefon", Kind: "kontakt", Participants: "x", Summary: "y", CreatedBy: "k"}
		if err := tx.InsertContact(ctx, &c, nil); err != nil {
			return err
		}
		d := model.CheckpointDecision{PlanID: plan.ID, Transition: "2.1-2.2", Decision: "godkendt", Basis: "z", DecidedBy: "k"}
		if err := tx.InsertCheckpointDecision(ctx, &d); err != nil {
			return err
		}
		_, err = tx.EnqueueMessages(ctx, []model.OutboxMessage{{UserID: u.ID, EventKey: "udgivelse:p:1", Kind: "udgivelse", ToAddress: u.Email, Subject: "s", Body: "b"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return userID
}

func TestContactLogAndDecisionsAreAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		seedFollowup(t, db)
		ctx := context.Background()
		for _, q := range []string{
			"UPDATE contacts SET summary = 'omskrevet'", "DELETE FROM contacts",
			"UPDATE checkpoint_decisions SET decision = 'udskudt'", "DELETE FROM checkpoint_decisions",
		} {
			err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error { return tx.ExecForTest(ctx, q) })
			if err == nil {
				t.Errorf("%q succeeded on an append-only table", q)
			}
		}
	})
}

func TestOutboxIdempotencyKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		uid := seedFollowup(t, db)
		ctx := context.Background()
		err := db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			n, err := tx.EnqueueMessages(ctx, []model.OutboxMessage{
				{UserID: uid, EventKey: "udgivelse:p:1", Kind: "udgivelse", ToAddress: "a@b.example", Subject: "igen", Body: "b"},
				{UserID: uid, EventKey: "udgivelse:p:2", Kind: "udgivelse", ToAddress: "a@b.example", Subject: "ny", Body: "b"},
			})
			if err != nil {
				return err
			}
			if n != 1 {
				t.Errorf("enqueued %d, want 1: the same user and event is one message", n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Even a raw insert of a duplicate is refused by the constraint.
		err = db.InTx(ctx, time.Now(), func(tx *store.Tx) error {
			return tx.ExecForTest(ctx, `INSERT INTO outbox (user_id, event_key, kind, to_address, to_name, subject, body, created_at, next_attempt_at)
				SELECT user_id, event_key, kind, to_address, to_name, subject, body, created_at, next_attempt_at FROM outbox WHERE event_key = 'udgivelse:p:1'`)
		})
		if err == nil {
			t.Error("a second message for the same user and event was accepted")
		}
	})
}

// Claims never overlap, and a claim whose lease ran out is taken over.
func TestClaimsAndLeases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		db := storetest.Open(t, url)
		seedFollowup(t, db)
		ctx := context.Background()
		now := time.Date(2030, 1, 1, 6, 0, 0, 0, time.UTC)
		claim := func(owner string, at time.Time) []model.OutboxMessage {
			var ms []model.OutboxMessage
			if err := db.InTx(ctx, at, func(tx *store.Tx) (err error) {
				ms, err = tx.ClaimMessages(ctx, owner, 10, at.Add(time.Minute))
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ms
		}
		a := claim("a", now)
		if len(a) != 1 || a[0].Attempts != 1 || a[0].State != model.OutboxSending || a[0].ClaimedBy != "a" {
			t.Fatalf("first claim: %+v", a)
		}
		if b := claim("b", now.Add(59*time.Second)); len(b) != 0 {
			t.Errorf("claimed under a live lease: %+v", b)
		}
		b := claim("b", now.Add(61*time.Second))
		if len(b) != 1 || b[0].Attempts != 2 {
			t.Fatalf("after the lease: %+v", b)
		}
		db.InTx(ctx, now, func(tx *store.Tx) error {
			if held, err := tx.MarkSent(ctx, a[0].ID, "a"); held || err != nil {
				t.Errorf("the old owner marked it sent: %v, %v", held, err)
			}
			if held, err := tx.MarkSent(ctx, a[0].ID, "b"); !held || err != nil {
				t.Errorf("the new owner could not mark it sent: %v, %v", held, err)
			}
			return nil
		})
	})
}

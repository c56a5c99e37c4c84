package app

import (
	"context"
	"errors"
	"github.com/udrul/udrul/internal/model"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/store"
)

// MailOutbox is the outbox the mail sender works from: the database's, with
// the app's clock. Every server may run a sender against it.
func (a *NotifyService) MailOutbox() notify.Outbox { return outbox{a} }

type outbox struct{ a *NotifyService }

func (o outbox) Claim(ctx context.Context, owner string, n int, lease time.Duration) ([]notify.Message, error) {
	if o.a.notifyCfg.BaseURL != "" { // read the key before claiming, so a failure leaves nothing claimed
		if _, err := o.a.signingKey(ctx, unsubscribeKey); err != nil {
			return nil, err
		}
	}
	var ms []model.OutboxMessage
	err := o.a.write(ctx, func(tx *store.Tx) (err error) {
		ms, err = tx.ClaimMessages(ctx, owner, n, tx.Now().Add(lease))
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]notify.Message, len(ms))
	for i, m := range ms {
		out[i] = notify.Message{ID: m.ID, EventKey: m.EventKey, ToAddress: m.ToAddress, ToName: m.ToName, Subject: m.Subject,
			Body: m.Body, CreatedAt: m.CreatedAt, Attempts: m.Attempts, Calendar: m.Calendar}
		// A mail to a user follows their setting, so it can be unsubscribed
		// from in one click; a mail to a course participant who is no user
		// (UserID 0) is about their own registration and has no such link.
		if m.UserID == 0 {
			continue
		}
		if out[i].Unsubscribe, err = o.a.unsubscribeURL(ctx, m.UserID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (o outbox) Sent(ctx context.Context, id int64, owner string) (held bool, err error) {
	err = o.a.write(ctx, func(tx *store.Tx) error {
		held, err = tx.MarkSent(ctx, id, owner)
		return err
	})
	return held, err
}

func (o outbox) Failed(ctx context.Context, id int64, owner, reason string, retryAt time.Time, giveUp bool) (held bool, err error) {
	err = o.a.write(ctx, func(tx *store.Tx) error {
		held, err = tx.MarkFailed(ctx, id, owner, reason, retryAt, giveUp)
		return err
	})
	return held, err
}

func (o outbox) Release(ctx context.Context, id int64, owner string) error {
	return o.a.write(ctx, func(tx *store.Tx) error { return tx.ReleaseClaim(ctx, id, owner) })
}

// OutboxView is the administrators' view of the outbox: counts per state
// and the latest messages in the states asked for.
type OutboxView struct {
	Counts   map[model.OutboxState]int `json:"counts"`
	Messages []model.OutboxMessage     `json:"messages"`
	Digests  []model.DigestRun         `json:"digests"`
}

// OutboxTally is one state's count, for a table in the states' order.
type OutboxTally struct {
	State model.OutboxState
	N     int
}

// Tally gives the counts in the order of the state table, every state
// present (0 when none), so a page need not spell the stored values.
func (v *OutboxView) Tally() []OutboxTally {
	out := make([]OutboxTally, 0, len(model.OutboxStates))
	for _, s := range model.OutboxStates.Values() {
		out = append(out, OutboxTally{State: s, N: v.Counts[s]})
	}
	return out
}

// Outbox lists messages in the given states (all when none), newest first,
// at most limit (1–1000, default 200).
func (a *NotifyService) Outbox(ctx context.Context, states []string, limit int) (*OutboxView, error) {
	for _, s := range states {
		// afventer (waiting for its first or next attempt), sender (claimed
		// by a sender), sendt, fejlet (given up; an administrator may retry it)
		if !model.OutboxStates.Valid(model.OutboxState(s)) {
			return nil, invalidField("state", "ukendt tilstand %q: brug afventer, sender, sendt eller fejlet", s)
		}
	}
	if limit == 0 {
		limit = 200
	}
	if limit < 1 || limit > 1000 {
		return nil, invalidField("limit", "limit skal være mellem 1 og 1000")
	}
	v := &OutboxView{}
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		if v.Counts, err = tx.OutboxCounts(ctx); err != nil {
			return err
		}
		if v.Digests, err = tx.DigestRuns(ctx, 20); err != nil {
			return err
		}
		v.Messages, err = tx.OutboxList(ctx, states, limit)
		return err
	})
	return v, err
}

// OutboxMessage returns one message with its text.
func (a *NotifyService) OutboxMessage(ctx context.Context, id int64) (model.OutboxMessage, error) {
	var m model.OutboxMessage
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		m, err = tx.OutboxByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("besked %d findes ikke", id)
		}
		return err
	})
	return m, err
}

// RetryOutboxMessage makes a given-up (fejlet) or waiting message due now
// with a fresh set of attempts.
func (a *NotifyService) RetryOutboxMessage(ctx context.Context, by *Identity, id int64) (model.OutboxMessage, error) {
	var m model.OutboxMessage
	if err := allow(by, access.Administer, access.RefuseAdminister); err != nil {
		return m, err
	}
	err := a.write(ctx, func(tx *store.Tx) error {
		cur, err := tx.OutboxByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("besked %d findes ikke", id)
		} else if err != nil {
			return err
		}
		ok, err := tx.RetryMessage(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			return &Error{Code: CodeConflict, Message: "beskeden er " + string(cur.State) + " og kan ikke sendes igen"}
		}
		m, err = tx.OutboxByID(ctx, id)
		return err
	})
	if err == nil {
		a.log.Info("mail retried by administrator", "id", id, "actor", actorOf(by))
	}
	return m, err
}

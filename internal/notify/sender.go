package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"
)

// Outbox is where the sender finds messages and records what became of
// them. Claims are leases: a message claimed by a sender that crashed is due
// again when its lease runs out. Sent and Failed report false when the
// sender no longer holds the claim; they write nothing then.
type Outbox interface {
	Claim(ctx context.Context, owner string, n int, lease time.Duration) ([]Message, error)
	Sent(ctx context.Context, id int64, owner string) (bool, error)
	Failed(ctx context.Context, id int64, owner, reason string, retryAt time.Time, giveUp bool) (bool, error)
	Release(ctx context.Context, id int64, owner string) error
}

// Transport delivers one message.
type Transport interface {
	Send(ctx context.Context, m Message) error
}

// Defaults of a Sender.
const (
	DefaultBatch       = 10
	DefaultPoll        = 5 * time.Second
	DefaultMaxAttempts = 12 // with Backoff: retried for about 20 hours
)

// Backoff is the wait after the n-th failed attempt: one minute, doubling
// each time, at most six hours.
func Backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := time.Minute
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// Sender moves messages from an Outbox to a Transport. Any number of
// senders (in one or several servers) may run against the same outbox:
// each message is claimed by one of them at a time.
type Sender struct {
	Outbox    Outbox
	Transport Transport
	// Owner names this sender in claims; default host name, process id and a random suffix.
	Owner       string
	Batch       int           // messages claimed at a time; default DefaultBatch
	Lease       time.Duration // how long a claim holds; default Batch × SendTimeout + 1 minute
	SendTimeout time.Duration // per message; default 30 s
	Poll        time.Duration // pause when nothing is due; default DefaultPoll
	MaxAttempts int           // attempts before a message is given up (fejlet); default DefaultMaxAttempts
	Backoff     func(attempt int) time.Duration
	Now         func() time.Time
	Log         *slog.Logger
}

func (s *Sender) defaults() {
	if s.Owner == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		rand.Read(b)
		s.Owner = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	if s.Batch <= 0 {
		s.Batch = DefaultBatch
	}
	if s.SendTimeout <= 0 {
		s.SendTimeout = 30 * time.Second
	}
	if s.Lease <= 0 {
		s.Lease = time.Duration(s.Batch)*s.SendTimeout + time.Minute
	}
	if s.Poll <= 0 {
		s.Poll = DefaultPoll
	}
	if s.MaxAttempts <= 0 {
		s.MaxAttempts = DefaultMaxAttempts
	}
	if s.Backoff == nil {
		s.Backoff = Backoff
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
}

// Result counts what one round of sending did. Deferred messages were
// handed back untried after a failure that suggests the server is down.
type Result struct {
	Claimed, Sent, Retry, GivenUp, Lost, Deferred int
}

// RunOnce claims one batch of due messages and tries to deliver each. A
// failed delivery is due again after Backoff(attempts), or given up when it
// was permanent or the attempts are spent. A message whose claim was lost
// meanwhile (the lease ran out) is counted in Lost.
func (s *Sender) RunOnce(ctx context.Context) (Result, error) {
	s.defaults()
	var r Result
	ms, err := s.Outbox.Claim(ctx, s.Owner, s.Batch, s.Lease)
	if err != nil {
		return r, fmt.Errorf("notify: claim: %w", err)
	}
	r.Claimed = len(ms)
	for i, m := range ms {
		if ctx.Err() != nil {
			// Stopping: hand the rest back at once rather than letting
			// their leases run out.
			for _, rest := range ms[i:] {
				if err := s.Outbox.Release(context.WithoutCancel(ctx), rest.ID, s.Owner); err != nil {
					s.Log.Warn("could not release message", "id", rest.ID, "err", err)
				}
			}
			return r, ctx.Err()
		}
		sendCtx, cancel := context.WithTimeout(ctx, s.SendTimeout)
		err := s.Transport.Send(sendCtx, m)
		cancel()
		// Recording the outcome must not be cut short by a stopping server.
		rec := context.WithoutCancel(ctx)
		if err == nil {
			held, err := s.Outbox.Sent(rec, m.ID, s.Owner)
			if err != nil {
				return r, fmt.Errorf("notify: record message %d sent: %w", m.ID, err)
			}
			if held {
				r.Sent++
			} else {
				r.Lost++
				s.Log.Warn("message sent after its claim ran out", "id", m.ID, "event", m.EventKey)
			}
			continue
		}
		giveUp := IsPermanent(err) || m.Attempts >= s.MaxAttempts
		retryAt := s.Now().Add(s.Backoff(m.Attempts))
		held, rerr := s.Outbox.Failed(rec, m.ID, s.Owner, err.Error(), retryAt, giveUp)
		if rerr != nil {
			return r, fmt.Errorf("notify: record message %d failed: %w", m.ID, rerr)
		}
		switch {
		case !held:
			r.Lost++
		case giveUp:
			r.GivenUp++
			s.Log.Error("mail given up", "id", m.ID, "to", m.ToAddress, "event", m.EventKey, "attempts", m.Attempts, "err", err)
		default:
			r.Retry++
			s.Log.Warn("mail failed, will retry", "id", m.ID, "to", m.ToAddress, "attempt", m.Attempts, "retry_at", retryAt, "err", err)
		}
		if !IsPermanent(err) {
			// The server is down or struggling: the rest of the batch would
			// most likely fail the same way. Hand it back untried and let
			// the caller pause.
			for _, rest := range ms[i+1:] {
				if err := s.Outbox.Release(rec, rest.ID, s.Owner); err != nil {
					s.Log.Warn("could not release message", "id", rest.ID, "err", err)
				}
			}
			r.Deferred = len(ms) - i - 1
			return r, nil
		}
	}
	return r, nil
}

// Run sends until ctx ends: a batch at a time while messages are due, then
// a pause of Poll. An error of the outbox is logged and waited out; a
// failing mail server only delays messages.
func (s *Sender) Run(ctx context.Context) error {
	s.defaults()
	s.Log.Info("mail sender started", "owner", s.Owner)
	for {
		r, err := s.RunOnce(ctx)
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return nil
		}
		if err != nil {
			s.Log.Error("mail sender", "err", err)
		}
		if err == nil && r.Claimed == s.Batch && r.Deferred == 0 && r.Retry == 0 {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(s.Poll):
		}
	}
}

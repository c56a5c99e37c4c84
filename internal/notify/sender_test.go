package notify_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/notify/notifytest"
)

// memOutbox is an in-memory Outbox with the same lease rules as the
// database's, for testing the sender's decisions in isolation. The
// database-backed outbox is tested against both databases in package app.
type memOutbox struct {
	mu   sync.Mutex
	now  time.Time
	msgs map[int64]*memMsg
}

type memMsg struct {
	m       notify.Message
	state   string
	due     time.Time
	owner   string
	until   time.Time
	lastErr string
}

func newMemOutbox(now time.Time, n int) *memOutbox {
	o := &memOutbox{now: now, msgs: map[int64]*memMsg{}}
	for i := 1; i <= n; i++ {
		m := message(int64(i))
		o.msgs[int64(i)] = &memMsg{m: m, state: "afventer", due: now}
	}
	return o
}

func (o *memOutbox) Claim(_ context.Context, owner string, n int, lease time.Duration) ([]notify.Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []notify.Message
	for id := int64(1); id <= int64(len(o.msgs)) && len(out) < n; id++ {
		x := o.msgs[id]
		if (x.state == "afventer" && !x.due.After(o.now)) || (x.state == "sender" && !x.until.After(o.now)) {
			x.state, x.owner, x.until = "sender", owner, o.now.Add(lease)
			x.m.Attempts++
			out = append(out, x.m)
		}
	}
	return out, nil
}

func (o *memOutbox) Sent(_ context.Context, id int64, owner string) (bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	x := o.msgs[id]
	if x.state != "sender" || x.owner != owner {
		return false, nil
	}
	x.state, x.owner = "sendt", ""
	return true, nil
}

func (o *memOutbox) Failed(_ context.Context, id int64, owner, reason string, retryAt time.Time, giveUp bool) (bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	x := o.msgs[id]
	if x.state != "sender" || x.owner != owner {
		return false, nil
	}
	x.state, x.owner, x.due, x.lastErr = "afventer", "", retryAt, reason
	if giveUp {
		x.state = "fejlet"
	}
	return true, nil
}

func (o *memOutbox) Release(_ context.Context, id int64, owner string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	x := o.msgs[id]
	if x.state == "sender" && x.owner == owner {
		x.state, x.owner = "afventer", ""
		x.m.Attempts--
	}
	return nil
}

func (o *memOutbox) state(id int64) (string, int, time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	x := o.msgs[id]
	return x.state, x.m.Attempts, x.due
}

func (o *memOutbox) advance(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.now = o.now.Add(d)
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute}
	for i, w := range want {
		if got := notify.Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %s, want %s", i+1, got, w)
		}
	}
	if got := notify.Backoff(50); got != 6*time.Hour {
		t.Errorf("Backoff(50) = %s, want the 6 h cap", got)
	}
	total := time.Duration(0)
	for i := 1; i < notify.DefaultMaxAttempts; i++ {
		total += notify.Backoff(i)
	}
	if total < 12*time.Hour || total > 36*time.Hour {
		t.Errorf("a message is retried for %s in all; want about a day", total)
	}
}

func TestSenderRetriesWithBackoffThenDelivers(t *testing.T) {
	srv := notifytest.Start(t)
	start := time.Date(2027, 3, 1, 6, 0, 0, 0, time.UTC)
	ob := newMemOutbox(start, 1)
	s := &notify.Sender{Outbox: ob, Transport: &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSNone},
		Now: func() time.Time { ob.mu.Lock(); defer ob.mu.Unlock(); return ob.now }}
	ctx := context.Background()

	srv.FailNext(2, 421)
	r, err := s.RunOnce(ctx)
	if err != nil || r.Retry != 1 {
		t.Fatalf("first round: %+v, %v", r, err)
	}
	st, attempts, due := ob.state(1)
	if st != "afventer" || attempts != 1 || !due.Equal(start.Add(time.Minute)) {
		t.Errorf("after failure 1: %s, %d attempts, due %s; want afventer, 1, +1m", st, attempts, due)
	}
	if r, _ := s.RunOnce(ctx); r.Claimed != 0 {
		t.Errorf("claimed %d before the back-off passed", r.Claimed)
	}
	ob.advance(time.Minute)
	s.RunOnce(ctx)
	st, attempts, due = ob.state(1)
	if st != "afventer" || attempts != 2 || !due.Equal(start.Add(3*time.Minute)) {
		t.Errorf("after failure 2: %s, %d attempts, due %s; want afventer, 2, +3m", st, attempts, due)
	}
	ob.advance(2 * time.Minute)
	if r, err := s.RunOnce(ctx); err != nil || r.Sent != 1 {
		t.Fatalf("third round: %+v, %v", r, err)
	}
	if st, _, _ := ob.state(1); st != "sendt" {
		t.Errorf("state = %s, want sendt", st)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server has %d messages, want 1", n)
	}
}

func TestSenderGivesUp(t *testing.T) {
	srv := notifytest.Start(t)
	start := time.Date(2027, 3, 1, 6, 0, 0, 0, time.UTC)
	ob := newMemOutbox(start, 2)
	s := &notify.Sender{Outbox: ob, Transport: &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSNone},
		MaxAttempts: 3, Backoff: func(int) time.Duration { return 0 }, Now: func() time.Time { return start }}
	// A permanent refusal gives up at once.
	srv.FailNext(1, 550)
	s.RunOnce(context.Background())
	if st, n, _ := ob.state(1); st != "fejlet" || n != 1 {
		t.Errorf("after 550: %s after %d attempts, want fejlet after 1", st, n)
	}
	if st, _, _ := ob.state(2); st != "sendt" {
		t.Errorf("the next message after a permanent refusal: %s, want sendt", st)
	}
	// Temporary failures give up after MaxAttempts.
	ob2 := newMemOutbox(start, 1)
	s.Outbox = ob2
	srv.FailNext(10, 451)
	for range 5 {
		s.RunOnce(context.Background())
	}
	if st, n, _ := ob2.state(1); st != "fejlet" || n != 3 {
		t.Errorf("after repeated 451: %s after %d attempts, want fejlet after 3", st, n)
	}
}

func TestSenderHandsBackTheBatchWhenTheServerIsDown(t *testing.T) {
	srv := notifytest.Start(t)
	srv.Stop()
	start := time.Date(2027, 3, 1, 6, 0, 0, 0, time.UTC)
	ob := newMemOutbox(start, 5)
	s := &notify.Sender{Outbox: ob, Transport: &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSNone}, Now: func() time.Time { return start }}
	r, err := s.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Retry != 1 || r.Deferred != 4 {
		t.Errorf("result %+v; want 1 retry and 4 handed back", r)
	}
	for id := int64(2); id <= 5; id++ {
		if st, n, _ := ob.state(id); st != "afventer" || n != 0 {
			t.Errorf("message %d: %s with %d attempts; want afventer, untried", id, st, n)
		}
	}
}

// slowTransport blocks until released, to test a sender stopping mid-batch.
type slowTransport struct{ started chan struct{} }

func (s slowTransport) Send(ctx context.Context, m notify.Message) error {
	close(s.started)
	<-ctx.Done()
	return errors.New("cancelled")
}

func TestSenderStoppingReleasesItsClaims(t *testing.T) {
	start := time.Date(2027, 3, 1, 6, 0, 0, 0, time.UTC)
	ob := newMemOutbox(start, 3)
	tr := slowTransport{started: make(chan struct{})}
	s := &notify.Sender{Outbox: ob, Transport: tr, Now: func() time.Time { return start }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.RunOnce(ctx); close(done) }()
	<-tr.started
	cancel()
	<-done
	for id := int64(2); id <= 3; id++ {
		if st, n, _ := ob.state(id); st != "afventer" || n != 0 {
			t.Errorf("message %d after stop: %s, %d attempts; want afventer, untried", id, st, n)
		}
	}
}

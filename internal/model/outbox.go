package model

import "time"

// OutboxMessage is one e-mail in the outbox.
type OutboxMessage struct {
	ID            int64       `json:"id"`
	UserID        int64       `json:"user_id"`
	EventKey      string      `json:"event"`
	Kind          string      `json:"kind"`
	ToAddress     string      `json:"to"`
	ToName        string      `json:"to_name"`
	Subject       string      `json:"subject"`
	Body          string      `json:"body,omitempty"`
	CreatedAt     time.Time   `json:"created_at"`
	State         OutboxState `json:"state"`
	Attempts      int         `json:"attempts"`
	NextAttemptAt time.Time   `json:"next_attempt_at,omitzero"`
	LastError     string      `json:"last_error,omitempty"`
	ClaimedBy     string      `json:"claimed_by,omitempty"`
	ClaimedUntil  time.Time   `json:"claimed_until,omitzero"`
	SentAt        time.Time   `json:"sent_at,omitzero"`
	// Calendar is an iCalendar invitation (METHOD:REQUEST) sent along with
	// the text; "" for plain mail.
	Calendar string `json:"-"`
}

// DigestRun is a digest that was made.
type DigestRun struct {
	Kind      string    `json:"kind"`
	Period    Date      `json:"period"`
	From      Date      `json:"from"`
	CreatedAt time.Time `json:"created_at"`
	Messages  int       `json:"messages"`
}

// Package notify composes udrul's e-mail in Danish and delivers it: an
// outbox sender that claims messages written by the app (in the same
// transaction as the event they tell about), sends them over SMTP, and
// retries failures with exponential back-off.
//
// The package knows nothing of the database: the app hands the sender an
// Outbox (claim, mark sent, mark failed) and a Transport (SMTP, or anything
// that delivers a Message).
package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Message is one e-mail from the outbox.
type Message struct {
	ID        int64
	EventKey  string // what it tells about, e.g. "udgivelse:ksd:4"; unique per recipient
	ToAddress string
	ToName    string
	Subject   string
	Body      string // plain text, lines separated by \n
	CreatedAt time.Time
	Attempts  int // delivery attempts so far, this one included
	// Unsubscribe is the recipient's one-click unsubscribe link (RFC 8058),
	// written as List-Unsubscribe and List-Unsubscribe-Post; "" for none.
	Unsubscribe string
	// Calendar is an iCalendar invitation (METHOD:REQUEST) to send with the
	// text, "" for none: the message is then multipart/mixed with the text
	// and the invitation as text/calendar; method=REQUEST (RFC 6047).
	Calendar string
}

// MessageID is the Message-ID header of m: the same for every attempt to
// deliver it, so that a copy delivered twice (a sender crashing between the
// mail server's acceptance and recording it) is recognisable as one message.
func MessageID(m Message, from mail.Address) string {
	domain := "udrul.invalid"
	if _, d, ok := strings.Cut(from.Address, "@"); ok && d != "" {
		domain = d
	}
	h := sha256.Sum256([]byte(m.EventKey + "\x00" + strings.ToLower(m.ToAddress)))
	return fmt.Sprintf("<udrul.%d.%s@%s>", m.ID, hex.EncodeToString(h[:6]), domain)
}

// Build renders m as an RFC 5322 message: UTF-8 text in quoted-printable,
// the subject and names encoded as RFC 2047 words where they need it, CRLF
// line endings.
func Build(m Message, from mail.Address, date time.Time) ([]byte, error) {
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("notify: message %d: subject contains a line break", m.ID)
	}
	to := mail.Address{Name: m.ToName, Address: m.ToAddress}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(fold(k+": "+v) + "\r\n") }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", MessageID(m, from))
	header("MIME-Version", "1.0")
	boundary := ""
	if m.Calendar != "" {
		h := sha256.Sum256([]byte(m.EventKey + "\x00" + m.ToAddress))
		boundary = "udrul-" + hex.EncodeToString(h[:12])
		header("Content-Type", `multipart/mixed; boundary="`+boundary+`"`)
	} else {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
	}
	header("Content-Language", "da")
	header("Auto-Submitted", "auto-generated")
	if m.Unsubscribe != "" {
		if strings.ContainsAny(m.Unsubscribe, "\r\n<> ") {
			return nil, fmt.Errorf("notify: message %d: unsubscribe link %q is not a URL", m.ID, m.Unsubscribe)
		}
		header("List-Unsubscribe", "<"+m.Unsubscribe+">")
		header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	header("X-Udrul-Event", mime.QEncoding.Encode("utf-8", m.EventKey))
	b.WriteString("\r\n")
	if boundary != "" {
		b.WriteString("--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	}
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(m.Body, "\r\n", "\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	if boundary != "" {
		// The invitation: folded CRLF lines already (RFC 5545), sent
		// base64 so that no mail server rewraps it.
		b.WriteString("\r\n--" + boundary + "\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n" +
			"Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"invitation.ics\"\r\n\r\n")
		enc := base64.StdEncoding.EncodeToString([]byte(m.Calendar))
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n--" + boundary + "--\r\n")
	}
	return b.Bytes(), nil
}

// fold breaks a header line at spaces so that lines stay within 78
// characters where possible (RFC 5322 §2.1.1); encoded words are never
// split, and the space before each continuation line is part of the fold.
func fold(line string) string {
	const limit = 78
	if len(line) <= limit {
		return line
	}
	words := strings.Split(line, " ")
	var b strings.Builder
	n := 0
	for i, w := range words {
		switch {
		case i == 0:
		case n+1+len(w) > limit:
			b.WriteString("\r\n")
			n = 0
			fallthrough
		default:
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

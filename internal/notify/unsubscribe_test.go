package notify_test

import (
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/notify"
)

// Build writes the one-click unsubscribe headers of RFC 8058 when the
// message has a link, none without, and refuses a link that would break
// the header.
func TestBuildListUnsubscribe(t *testing.T) {
	from := mail.Address{Name: "udrul", Address: "udrul@kombit.example"}
	m := notify.Message{ID: 7, EventKey: "sammendrag:dagligt:2027-02-01", ToAddress: "pl@kk.dk", Subject: "Sammendrag", Body: "Hej\n",
		Unsubscribe: "https://udrul.example/afmeld/12.abc_-"}
	b, err := notify.Build(m, from, time.Date(2027, 2, 1, 6, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if h := msg.Header.Get("List-Unsubscribe"); h != "<https://udrul.example/afmeld/12.abc_->" {
		t.Errorf("List-Unsubscribe %q", h)
	}
	if h := msg.Header.Get("List-Unsubscribe-Post"); h != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", h)
	}
	m.Unsubscribe = ""
	b, _ = notify.Build(m, from, time.Now())
	if strings.Contains(string(b), "List-Unsubscribe") {
		t.Error("a message without a link has List-Unsubscribe")
	}
	m.Unsubscribe = "https://udrul.example/afmeld/1>\r\nBcc: x@y"
	if _, err := notify.Build(m, from, time.Now()); err == nil {
		t.Error("a link with a line break was written into the header")
	}
}

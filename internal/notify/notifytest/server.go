// Package notifytest runs a real SMTP server (github.com/emersion/go-smtp)
// on 127.0.0.1 inside a test, records what it receives, and can be told to
// refuse messages, so that tests exercise the real SMTP client end to end.
package notifytest

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is a message the server accepted.
type Received struct {
	From      string
	To        []string
	Raw       []byte
	Header    mail.Header
	Subject   string // decoded
	Body      string // decoded text
	MessageID string
	TLS       bool // the connection was encrypted
}

// Server is an SMTP server listening on 127.0.0.1.
type Server struct {
	Addr string

	srv *smtp.Server
	ln  net.Listener

	mu       sync.Mutex
	received []Received
	failNext int
	failCode int
	delay    time.Duration
	user     string
	pass     string
	signal   chan struct{}
}

// Start starts a server; it is closed when the test ends.
func Start(tb testing.TB) *Server { return StartTLS(tb, nil) }

// StartTLS starts a server that offers STARTTLS with conf.
func StartTLS(tb testing.TB, conf *tls.Config) *Server {
	tb.Helper()
	s := &Server{signal: make(chan struct{}, 1)}
	be := smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s, conn: c}, nil })
	s.srv = smtp.NewServer(be)
	s.srv.TLSConfig = conf
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	s.srv.MaxMessageBytes = 1 << 20
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.ln, s.Addr = ln, ln.Addr().String()
	go s.srv.Serve(ln)
	tb.Cleanup(func() { s.srv.Close() })
	return s
}

// RequireAuth makes the server demand AUTH PLAIN with these credentials.
func (s *Server) RequireAuth(user, pass string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.pass = user, pass
}

// FailNext makes the next n messages fail at DATA with the reply code (4xx
// temporary, 5xx permanent).
func (s *Server) FailNext(n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext, s.failCode = n, code
}

// Delay makes the server wait d before accepting each message.
func (s *Server) Delay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Stop closes the server: connections are refused from now on.
func (s *Server) Stop() { s.ln.Close(); s.srv.Close() }

// Messages returns what was accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// WaitFor waits until at least n messages were accepted or timeout passes,
// and returns the messages.
func (s *Server) WaitFor(n int, timeout time.Duration) []Received {
	deadline := time.Now().Add(timeout)
	for {
		ms := s.Messages()
		if len(ms) >= n || time.Now().After(deadline) {
			return ms
		}
		select {
		case <-s.signal:
		case <-time.After(20 * time.Millisecond):
		}
	}
}

type session struct {
	s      *Server
	conn   *smtp.Conn
	from   string
	to     []string
	authed bool
}

func (se *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (se *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		se.s.mu.Lock()
		defer se.s.mu.Unlock()
		if username != se.s.user || password != se.s.pass {
			return smtp.ErrAuthFailed
		}
		se.authed = true
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.s.mu.Lock()
	need := se.s.user != ""
	se.s.mu.Unlock()
	if need && !se.authed {
		return smtp.ErrAuthRequired
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	se.s.mu.Lock()
	delay := se.s.delay
	if se.s.failNext > 0 {
		se.s.failNext--
		code := se.s.failCode
		se.s.mu.Unlock()
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: "refused by the test"}
	}
	se.s.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	rec := Received{From: se.from, To: append([]string(nil), se.to...), Raw: raw}
	_, rec.TLS = se.conn.TLSConnectionState()
	if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		rec.Header = m.Header
		rec.MessageID = m.Header.Get("Message-ID")
		var dec mime.WordDecoder
		if subj, err := dec.DecodeHeader(m.Header.Get("Subject")); err == nil {
			rec.Subject = subj
		}
		var body io.Reader = m.Body
		if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(m.Body)
		}
		if b, err := io.ReadAll(body); err == nil {
			rec.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
		}
	} else {
		return errors.New("unreadable message: " + err.Error())
	}
	se.s.mu.Lock()
	se.s.received = append(se.s.received, rec)
	se.s.mu.Unlock()
	select {
	case se.s.signal <- struct{}{}:
	default:
	}
	return nil
}

func (se *session) Reset() { se.from, se.to = "", nil }

func (se *session) Logout() error { return nil }

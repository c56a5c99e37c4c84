package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"time"
)

// TLS modes of an SMTP connection.
const (
	TLSAuto     = "auto"     // STARTTLS when the server offers it
	TLSStartTLS = "starttls" // STARTTLS, refusing a server without it
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // plain text (a relay on the same host or in tests)
)

// SMTP delivers messages to a mail server, one connection per message. It
// is safe for concurrent use.
type SMTP struct {
	Addr     string       // host:port
	From     mail.Address // envelope and header sender
	Username string       // AUTH PLAIN when set; Go refuses to send it unencrypted except to localhost
	Password string
	TLS      string        // TLSAuto (default), TLSStartTLS, TLSImplicit or TLSNone
	Timeout  time.Duration // for the whole conversation; default 30 s
	Hello    string        // the name given in EHLO; default "localhost"
	// TLSConfig overrides the TLS settings (tests); ServerName defaults to the host.
	TLSConfig *tls.Config
	// Now is the clock for the Date header; default time.Now.
	Now func() time.Time
}

// SendError is a failed delivery. Permanent is true when the server refused
// the message with a 5xx reply, so that trying again will not help.
type SendError struct {
	Permanent bool
	Err       error
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

// IsPermanent reports whether err says retrying is pointless.
func IsPermanent(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Permanent
}

// classify wraps an error of the SMTP conversation: 5xx replies are
// permanent, everything else (4xx, network, TLS) may pass.
func classify(stage string, err error) error {
	var te *textproto.Error
	permanent := errors.As(err, &te) && te.Code >= 500
	return &SendError{Permanent: permanent, Err: fmt.Errorf("smtp %s: %w", stage, err)}
}

// Send delivers m. The context and Timeout bound the whole conversation.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if s.Addr == "" || s.From.Address == "" {
		return &SendError{Permanent: true, Err: errors.New("smtp: no mail server or sender address configured")}
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return &SendError{Permanent: true, Err: fmt.Errorf("smtp: address %q: %w", s.Addr, err)}
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	raw, err := Build(m, s.From, now())
	if err != nil {
		return &SendError{Permanent: true, Err: err}
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tlsConf := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		tlsConf = s.TLSConfig.Clone()
		if tlsConf.ServerName == "" {
			tlsConf.ServerName = host
		}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return classify("connect", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	// Closing the connection when the context ends unblocks any read or write.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if s.TLS == TLSImplicit {
		tc := tls.Client(conn, tlsConf)
		if err := tc.HandshakeContext(ctx); err != nil {
			return classify("tls", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return classify("greeting", err)
	}
	defer c.Close()
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return classify("ehlo", err)
	}
	if s.TLS == "" || s.TLS == TLSAuto || s.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConf); err != nil {
				return classify("starttls", err)
			}
		} else if s.TLS == TLSStartTLS {
			return &SendError{Permanent: false, Err: errors.New("smtp: the server does not offer STARTTLS, which is required")}
		}
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return &SendError{Err: errors.New("smtp: the server does not offer AUTH, but a username is configured")}
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return classify("auth", err)
		}
	}
	if err := c.Mail(s.From.Address); err != nil {
		return classify("mail from", err)
	}
	if err := c.Rcpt(m.ToAddress); err != nil {
		return classify("rcpt to", err)
	}
	w, err := c.Data()
	if err != nil {
		return classify("data", err)
	}
	if _, err := w.Write(raw); err != nil {
		return classify("data", err)
	}
	if err := w.Close(); err != nil {
		return classify("data", err)
	}
	// The message is accepted; a failing QUIT does not make it undelivered.
	c.Quit()
	return nil
}

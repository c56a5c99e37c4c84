package notify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/notify"
	"github.com/udrul/udrul/internal/notify/notifytest"
)

var from = mail.Address{Name: "udrul (KOMBIT)", Address: "udrul@kombit.example"}

func message(id int64) notify.Message {
	return notify.Message{ID: id, EventKey: "udgivelse:ksd:4", ToAddress: "anne@aarhus.example", ToName: "Anne Søgaard Ærø",
		Subject: "KSD: 2 nye opgaver i planen for Aarhus – frist før påske", Body: "Kære Anne\n\nNye opgaver:\n- Udpeg projektleder; frist 12.03.2027\n" +
			strings.Repeat("En meget lang linje med æøå, som skal brydes af quoted-printable. ", 4) + "\n=ende=\n"}
}

func TestSMTPDeliversToARealServer(t *testing.T) {
	srv := notifytest.Start(t)
	c := &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSNone, Timeout: 5 * time.Second}
	m := message(7)
	if err := c.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	r := got[0]
	if r.From != from.Address || len(r.To) != 1 || r.To[0] != m.ToAddress {
		t.Errorf("envelope from %q to %v", r.From, r.To)
	}
	if r.Subject != m.Subject {
		t.Errorf("subject = %q, want %q", r.Subject, m.Subject)
	}
	if r.Body != m.Body {
		t.Errorf("body = %q, want %q", r.Body, m.Body)
	}
	if want := notify.MessageID(m, from); r.MessageID != want || !strings.HasSuffix(want, "@kombit.example>") {
		t.Errorf("Message-ID = %q, want %q", r.MessageID, want)
	}
	to, err := mail.ParseAddress(r.Header.Get("To"))
	if err != nil || to.Name != m.ToName || to.Address != m.ToAddress {
		t.Errorf("To header %q parses as %v, %v", r.Header.Get("To"), to, err)
	}
	for k, want := range map[string]string{"Content-Type": "text/plain; charset=utf-8", "Auto-Submitted": "auto-generated", "Content-Language": "da"} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	for _, line := range strings.Split(string(r.Raw), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line longer than 78 characters on the wire: %q", line)
		}
	}
}

func TestSMTPAuth(t *testing.T) {
	srv := notifytest.Start(t)
	srv.RequireAuth("udrul", "hemmeligt")
	ok := &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSNone, Username: "udrul", Password: "hemmeligt"}
	if err := ok.Send(context.Background(), message(1)); err != nil {
		t.Fatalf("with the right password: %v", err)
	}
	bad := &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSNone, Username: "udrul", Password: "forkert"}
	err := bad.Send(context.Background(), message(2))
	if err == nil || !notify.IsPermanent(err) {
		t.Errorf("with a wrong password: err = %v, permanent = %v; want a permanent error", err, notify.IsPermanent(err))
	}
	none := &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSNone}
	if err := none.Send(context.Background(), message(3)); err == nil {
		t.Error("without credentials the server should refuse")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server accepted %d messages, want 1", n)
	}
}

func TestSMTPFailuresAreClassified(t *testing.T) {
	srv := notifytest.Start(t)
	c := &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSNone, Timeout: 2 * time.Second}
	srv.FailNext(1, 451)
	if err := c.Send(context.Background(), message(1)); err == nil || notify.IsPermanent(err) {
		t.Errorf("451: err = %v; want a temporary error", err)
	}
	srv.FailNext(1, 554)
	if err := c.Send(context.Background(), message(2)); err == nil || !notify.IsPermanent(err) {
		t.Errorf("554: err = %v; want a permanent error", err)
	}
	if err := c.Send(context.Background(), message(3)); err != nil {
		t.Errorf("after the failures: %v", err)
	}
	srv.Stop()
	err := c.Send(context.Background(), message(4))
	if err == nil || notify.IsPermanent(err) {
		t.Errorf("server down: err = %v; want a temporary error", err)
	}
	unset := &notify.SMTP{}
	if err := unset.Send(context.Background(), message(5)); err == nil || !notify.IsPermanent(err) {
		t.Errorf("no server configured: err = %v; want a permanent error", err)
	}
}

func TestSMTPTimeout(t *testing.T) {
	// A server that accepts the connection and never speaks.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	c := &notify.SMTP{Addr: ln.Addr().String(), From: from, TLS: notify.TLSNone, Timeout: 200 * time.Millisecond}
	start := time.Now()
	err = c.Send(context.Background(), message(1))
	if err == nil || notify.IsPermanent(err) {
		t.Errorf("silent server: err = %v; want a temporary error", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s; the timeout is 200 ms", d)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	srv := notifytest.StartTLS(t, &tls.Config{Certificates: []tls.Certificate{cert}})
	srv.RequireAuth("udrul", "hemmeligt")
	c := &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSStartTLS, Username: "udrul", Password: "hemmeligt",
		TLSConfig: &tls.Config{RootCAs: pool, ServerName: "localhost"}, Timeout: 5 * time.Second}
	if err := c.Send(context.Background(), message(1)); err != nil {
		t.Fatal(err)
	}
	if !srv.Messages()[0].TLS {
		t.Error("message was not received over TLS")
	}
	// A server certificate the client does not trust is refused.
	untrusting := &notify.SMTP{Addr: srv.Addr, From: from, TLS: notify.TLSAuto, Username: "udrul", Password: "hemmeligt", Timeout: 5 * time.Second}
	if err := untrusting.Send(context.Background(), message(2)); err == nil {
		t.Error("an untrusted certificate was accepted")
	}
	// A plain server when STARTTLS is required.
	plain := notifytest.Start(t)
	strict := &notify.SMTP{Addr: plain.Addr, From: from, TLS: notify.TLSStartTLS}
	if err := strict.Send(context.Background(), message(3)); err == nil {
		t.Error("sent in clear text although STARTTLS was required")
	}
}

func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

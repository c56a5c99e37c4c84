package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/notify"
)

// mailFlags configure e-mail: the SMTP server the background sender
// delivers the outbox through, and the links and digest time of the mails.
type mailFlags struct {
	host, from, username, passwordFile, tls, baseURL string
	port, digestHour                                 int
}

func addMailFlags(fs *flag.FlagSet, getenv func(string) string) *mailFlags {
	f := &mailFlags{}
	atoi := func(env string, def int) int {
		if n, err := strconv.Atoi(getenv(env)); err == nil {
			return n
		}
		return def
	}
	fs.StringVar(&f.host, "smtp-host", getenv("UDRUL_SMTP_HOST"), "SMTP server for e-mail; empty: mail waits in the outbox")
	fs.IntVar(&f.port, "smtp-port", atoi("UDRUL_SMTP_PORT", 587), "SMTP server port")
	fs.StringVar(&f.from, "smtp-from", getenv("UDRUL_SMTP_FROM"), `sender address, e.g. "udrul <udrul@kombit.dk>"`)
	fs.StringVar(&f.username, "smtp-username", getenv("UDRUL_SMTP_USERNAME"), "SMTP AUTH user (empty: no AUTH)")
	fs.StringVar(&f.passwordFile, "smtp-password-file", getenv("UDRUL_SMTP_PASSWORD_FILE"), "file holding the SMTP AUTH password")
	fs.StringVar(&f.tls, "smtp-tls", or(getenv("UDRUL_SMTP_TLS"), notify.TLSAuto),
		"auto (STARTTLS when offered), starttls (required), tls (implicit, port 465) or none")
	fs.StringVar(&f.baseURL, "base-url", getenv("UDRUL_BASE_URL"), "where users reach udrul (https://udrul.example): every absolute URL (mail, calendar feeds, OpenID Connect) starts with it")
	fs.IntVar(&f.digestHour, "digest-hour", atoi("UDRUL_DIGEST_HOUR", 6), "hour (Danish time, 1–23) from which the day's digests are made")
	return f
}

// start configures the app's mail and, with an SMTP server, starts the
// outbox sender and the digest scheduler in the background. Every server
// of a database may run them: claims and digest records keep each mail to
// one delivery. stop ends them and waits until they have.
func (f *mailFlags) start(ctx context.Context, a *app.App, log *slog.Logger, stdout io.Writer) (stop func(), err error) {
	if f.digestHour < 1 || f.digestHour > 23 {
		return nil, errors.New("--digest-hour must be 1–23")
	}
	a.SetNotifyConfig(app.NotifyConfig{BaseURL: f.baseURL, DigestHour: f.digestHour})
	if f.host == "" {
		if f.from != "" || f.username != "" {
			return nil, errors.New("--smtp-from and --smtp-username need --smtp-host")
		}
		fmt.Fprintln(stdout, "mail: no SMTP server (--smtp-host); notifications wait in the outbox")
		return func() {}, nil
	}
	switch f.tls {
	case notify.TLSAuto, notify.TLSStartTLS, notify.TLSImplicit, notify.TLSNone:
	default:
		return nil, fmt.Errorf("--smtp-tls %q: use auto, starttls, tls or none", f.tls)
	}
	if f.port <= 0 || f.port > 65535 {
		return nil, fmt.Errorf("--smtp-port %d is not a port", f.port)
	}
	from, err := mail.ParseAddress(f.from)
	if err != nil {
		return nil, fmt.Errorf("--smtp-from %q is not an e-mail address: %v", f.from, err)
	}
	password := ""
	if f.passwordFile != "" {
		b, err := os.ReadFile(f.passwordFile)
		if err != nil {
			return nil, fmt.Errorf("--smtp-password-file: %w", err)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	addr := net.JoinHostPort(f.host, strconv.Itoa(f.port))
	sender := &notify.Sender{Outbox: a.MailOutbox(), Log: log, Now: a.Now,
		Transport: &notify.SMTP{Addr: addr, From: *from, Username: f.username, Password: password, TLS: f.tls, Hello: hostname(), Now: a.Now}}
	fmt.Fprintf(stdout, "mail: sending through %s as %s\n", addr, from.Address)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); sender.Run(ctx) }()
	go func() { defer wg.Done(); runDigests(ctx, a, log) }()
	return func() { cancel(); wg.Wait() }, nil
}

// runDigests makes the digests that are due, now and every minute, and
// sends the implementation handbooks that are due (docs/handbook.md),
// and queues the network meetings' invitations that are due.
func runDigests(ctx context.Context, a *app.App, log *slog.Logger) {
	for {
		rs, err := a.RunDueDigests(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("digest", "err", err)
		}
		for _, r := range rs {
			if r.Made {
				log.Info("digest made", "kind", r.Kind, "period", r.Period, "from", r.From, "messages", r.Messages)
			}
		}
		if h, err := a.RunDueHandbooks(ctx); err != nil && ctx.Err() == nil {
			log.Error("handbooks", "err", err)
		} else if h.Sent > 0 {
			log.Info("handbooks sent", "versions", h.Sent, "messages", h.Mails)
		}
		// Network meetings' invitations, due four weeks before (docs/announcements.md).
		if n, err := a.SendDueMeetingInvitations(ctx); err != nil && ctx.Err() == nil {
			log.Error("network meeting invitations", "err", err)
		} else if n > 0 {
			log.Info("network meeting invitations queued", "messages", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "localhost"
	}
	return h
}

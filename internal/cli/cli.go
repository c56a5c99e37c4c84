// Package cli parses udrul's command line and runs its commands.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/store"
)

const usage = `udrul – styring af fælleskommunale udrulninger

Usage:
  udrul demo    [--addr HOST:PORT] [--db PATH]   create the demo database if missing, then serve
  udrul serve   [--addr HOST:PORT] --db URL      serve an existing database (migrating it first)
  udrul import [--dry-run] --db URL FILE         validate and publish a catalogue file (--dry-run: only show the changes);
                                                 a workbook (FILE.xlsx) needs --programme KEY
  udrul export-catalogue --db URL --programme KEY FILE.xlsx
                                                 write the published catalogue as a workbook that import reads back
  udrul enrol   --db URL --programme KEY FILE    enrol municipalities from a CSV (code,golive,wave)
  udrul migrate --db URL                         apply database migrations (a new database gets the
                                                 reference organisations: docs/organisations.md)
  udrul user    --db URL --email E --name N [--role R] [--org CODE] [--password-file F] [--token-file F]
                                                 create a user (the first administrator of a served database)
  udrul generate --db URL [flags]                synthetic data for benchmarks (docs/performance.md)
  udrul orgs import [--dry-run] --db URL FILE    add and change organisations from CSV (docs/organisations.md)
  udrul orgs export [--db URL | --reference] [FILE]
                                                 write the organisations as such a CSV
  udrul orgs login --db URL [--login-config FILE CODE PROVIDER]
                                                 bind an organisation to an identity provider (docs/login.md)
  udrul backup  --db PATH FILE                   copy an SQLite database in use to a new file (PostgreSQL: pg_dump)

demo and serve take --secure-cookies, --trusted-proxy CIDR (the TLS proxy
whose X-Forwarded-For is believed) and the OpenID Connect settings
--oidc-issuer, --oidc-client-id, --oidc-client-secret-file, --oidc-redirect-url,
--oidc-name (or UDRUL_SECURE_COOKIES=true, UDRUL_TRUSTED_PROXY, UDRUL_OIDC_*),
--login-config FILE (UDRUL_LOGIN_CONFIG: several OpenID Connect and SAML 2.0
identity providers, docs/login.md), and
the accessibility statement's contact --contact-org, --contact-email and
--contact-phone (or UDRUL_CONTACT_ORG, UDRUL_CONTACT_EMAIL, UDRUL_CONTACT_PHONE); demo takes
--admin-token TOKEN (or UDRUL_ADMIN_TOKEN) to make TOKEN the demo
administrator's API token.

demo and serve send e-mail through --smtp-host, --smtp-port (587),
--smtp-from, --smtp-username, --smtp-password-file and --smtp-tls
(auto|starttls|tls|none), with links to --base-url and digests from
--digest-hour (6) (or UDRUL_SMTP_*, UDRUL_BASE_URL, UDRUL_DIGEST_HOUR).
Without --smtp-host, mail waits in the outbox.

--base-url https://HOST (or UDRUL_BASE_URL) is where users reach demo and
serve: every absolute URL they make (mail, calendar feeds, the OpenID Connect
redirect) starts with it, never with a request's Host. Without it they use
http://ADDR and say so at start.

--db takes an SQLite file path or a postgres:// URL; UDRUL_DB and UDRUL_ADDR
are read when the flags are not given.
`

// Run runs one command on the wall clock. getenv supplies the environment so
// tests can run the real program without touching the process environment.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return RunAt(ctx, time.Now, args, getenv, stdout, stderr)
}

// RunAt runs one command with now as the clock of everything it does: the
// App's use cases and pages (today, colours, timestamps written), the mail
// sender's retries and Date headers and the calendar feed's stamp. Scenario
// tests pass a fixed or settable clock so that what a page shows does not
// depend on the day the suite runs.
func RunAt(ctx context.Context, now func() time.Time, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "demo":
		return runDemo(ctx, rest, getenv, stdout, log, now)
	case "serve":
		return runServe(ctx, rest, getenv, stdout, log, now)
	case "import":
		return runImport(ctx, rest, getenv, stdout, log, now)
	case "export-catalogue":
		return runExportCatalogue(ctx, rest, getenv, stdout, log, now)
	case "enrol":
		return runEnrol(ctx, rest, getenv, stdout, log, now)
	case "migrate":
		return runMigrate(ctx, rest, getenv, stdout, now)
	case "user":
		return runUser(ctx, rest, getenv, stdout, log, now)
	case "generate":
		return runGenerate(ctx, rest, getenv, stdout, log, now)
	case "orgs":
		return runOrgs(ctx, rest, getenv, stdout, log, now)
	case "backup":
		return runBackup(ctx, rest, getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

type common struct {
	db   string
	addr string
}

func flags(name string, getenv func(string) string, withAddr bool, dbDefault string) (*flag.FlagSet, *common) {
	c := &common{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.StringVar(&c.db, "db", or(getenv("UDRUL_DB"), dbDefault), "SQLite file path or postgres:// URL")
	if withAddr {
		fs.StringVar(&c.addr, "addr", or(getenv("UDRUL_ADDR"), "localhost:8080"), "address to listen on")
	}
	return fs, c
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// open opens and migrates the database, builds the App on the clock now and
// loads the reference organisations into a database that has no
// municipality yet.
func open(ctx context.Context, url string, log *slog.Logger, now func() time.Time) (*app.App, *store.DB, error) {
	a, db, err := openBare(ctx, url, log, now)
	if err != nil {
		return nil, nil, err
	}
	if n, err := a.EnsureReferenceOrganisations(ctx); err != nil {
		db.Close()
		return nil, nil, err
	} else if n > 0 {
		log.Info("loaded the reference organisations (KOMBIT, KL, KMD, the 98 municipalities, their schools and day-care units)", "count", n)
	}
	return a, db, nil
}

// openBare is open without the reference organisations, for synthetic
// databases (udrul generate).
func openBare(ctx context.Context, url string, log *slog.Logger, now func() time.Time) (*app.App, *store.DB, error) {
	if url == "" {
		return nil, nil, errors.New("--db is required")
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	if applied, err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, nil, err
	} else if len(applied) > 0 {
		log.Info("migrated database", "db", store.Redact(url), "applied", applied)
	}
	im, err := data.ImplementationModel()
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return app.New(db, im, log, now), db, nil
}

// migrate migrates db and says in both languages when the database is newer
// than this program: the operator has started an older udrul on a database a
// newer one upgraded, and must start the newer one instead.
func migrate(ctx context.Context, db *store.DB) ([]string, error) {
	applied, err := db.Migrate(ctx)
	var tooNew *store.SchemaTooNewError
	if errors.As(err, &tooNew) {
		return nil, fmt.Errorf("databasen har skemaversion %d, men denne udgave af udrul kender kun op til version %d; "+
			"start en nyere udgave af udrul (the database has schema version %d, but this udrul knows only up to %d; "+
			"run a newer udrul)", tooNew.Applied, tooNew.Known, tooNew.Applied, tooNew.Known)
	}
	return applied, err
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, now func() time.Time) error {
	fs, c := flags("migrate", getenv, false, "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.db == "" {
		return errors.New("--db is required")
	}
	db, err := store.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := migrate(ctx, db)
	if err != nil {
		return err
	}
	v, _, _ := db.SchemaVersion(ctx)
	fmt.Fprintf(stdout, "schema version %d (%s); applied now: %d migrations %v\n", v, db.Dialect(), len(applied), applied)
	im, err := data.ImplementationModel()
	if err != nil {
		return err
	}
	n, err := app.New(db, im, slog.New(slog.DiscardHandler), now).EnsureReferenceOrganisations(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(stdout, "loaded %d reference organisations: KOMBIT, KL, KMD, the 98 municipalities, their schools and day-care units\n", n)
	}
	return nil
}

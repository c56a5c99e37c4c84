package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/demo"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/web"
)

func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("demo", getenv, true, "udrul-demo.db")
	af := addAccessFlags(fs, getenv)
	mf := addMailFlags(fs, getenv)
	adminToken := fs.String("admin-token", getenv("UDRUL_ADMIN_TOKEN"), "make this string an API token of the demo's central administrator")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if store.IsPostgres(c.db) {
		return errors.New("demo runs on the embedded database: give --db a file path")
	}
	_, statErr := os.Stat(c.db)
	fresh := errors.Is(statErr, os.ErrNotExist)
	a, db, err := open(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	if fresh {
		start := time.Now()
		fmt.Fprintf(stdout, "creating demo data in %s …\n", c.db)
		if err := demo.Load(ctx, a, a.Today()); err != nil {
			db.Close()
			os.Remove(c.db)
			return err
		}
		fmt.Fprintf(stdout, "demo data ready in %s\n", time.Since(start).Round(time.Millisecond))
	}
	if err := demo.EnsureUsers(ctx, a, *adminToken, stdout); err != nil {
		return err
	}
	if fresh {
		if err := demo.LoadFollowup(ctx, a, a.Today()); err != nil {
			return err
		}
	}
	opts, err := af.options()
	if err != nil {
		return err
	}
	return serve(ctx, a, c.addr, mf, stdout, log, opts...)
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("serve", getenv, true, "")
	af := addAccessFlags(fs, getenv)
	mf := addMailFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts, err := af.options()
	if err != nil {
		return err
	}
	a, db, err := open(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	return serve(ctx, a, c.addr, mf, stdout, log, opts...)
}

// serve listens on addr, starts the mail (mf) and serves until ctx ends,
// then drains requests. Every absolute URL – in mail, calendar feeds and
// the OpenID Connect redirect – starts with --base-url; without it, with
// http://ADDR, which is only right for a browser on the same machine, so
// serve warns.
func serve(ctx context.Context, a *app.App, addr string, mf *mailFlags, stdout io.Writer, log *slog.Logger, opts ...web.Option) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if mf.baseURL == "" {
		mf.baseURL = "http://" + reachableAddr(addr, ln.Addr())
		fmt.Fprintf(stdout, "warning: no --base-url given: links in e-mail and calendar feeds and the OpenID Connect redirect use %s; "+
			"behind a proxy set --base-url https://HOST (or UDRUL_BASE_URL)\n", mf.baseURL)
		log.Warn("no --base-url given; absolute URLs use the listening address", "base_url", mf.baseURL)
	}
	base, err := web.ParseBaseURL(mf.baseURL)
	if err != nil {
		return err
	}
	mf.baseURL = base
	s, err := web.New(a, log, append(opts, web.WithBaseURL(base))...)
	if err != nil {
		return err
	}
	stopMail, err := mf.start(ctx, a, log, stdout)
	if err != nil {
		return err
	}
	defer stopMail()
	// Jobs (long operations) run in every server; the lease lets several
	// share one database (app/jobs_worker.go, docs/jobs.md).
	jobs, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() { defer close(jobsDone); a.JobWorker().Run(jobs) }()
	defer func() { stopJobs(); <-jobsDone }()
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: time.Minute}
	fmt.Fprintf(stdout, "udrul listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// reachableAddr is the host:port a browser on this machine uses for a
// server listening on ln that was asked for addr: the asked host unless it
// is empty or unspecified (all interfaces), then localhost; the actual port
// (addr may ask for port 0).
func reachableAddr(addr string, ln net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(ln.String())
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func runImport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("import", getenv, false, "")
	dry := fs.Bool("dry-run", false, "only show what publishing the file would change; nothing is written")
	key := fs.String("programme", "", "the programme a workbook (.xlsx) is the catalogue of; a YAML file names its own")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("import takes exactly one catalogue file")
	}
	file := fs.Arg(0)
	xlsx := strings.HasSuffix(strings.ToLower(file), ".xlsx")
	if xlsx && *key == "" {
		return errors.New("import of a workbook (.xlsx) needs --programme KEY: the programme it is the catalogue of")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	a, db, err := open(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	publish := a.Publish
	if *dry {
		publish = a.PreviewPublish
	}
	name := file
	if xlsx {
		// Read as the catalogue file it stands for, then published as one.
		name, b, err = a.CatalogueFromXLSX(ctx, *key, filepath.Base(file), b)
	}
	var res *app.PublishResult
	if err == nil {
		res, err = publish(ctx, app.System("cli"), name, b, *key)
	}
	if err != nil {
		var ae *app.Error
		if errors.As(err, &ae) && len(ae.Problems) > 0 {
			return fmt.Errorf("%s: %d problem(s), nothing imported:\n%w", file, len(ae.Problems), ae.Err)
		}
		return err
	}
	created, published, would := "created", "published", ""
	if *dry {
		created, published, would = "would create", "would publish", " (dry run: nothing was written)"
	}
	switch {
	case res.Created:
		fmt.Fprintf(stdout, "%s: %s programme %s, version 1 with %d tasks%s\n", file, created, res.Programme, len(res.Changes), would)
	case res.Unchanged:
		fmt.Fprintf(stdout, "%s: no changes; programme %s stays at version %d\n", file, res.Programme, res.Version)
	default:
		fmt.Fprintf(stdout, "%s: %s programme %s version %d: %d task changes in %d municipalities' plans%s\n",
			file, published, res.Programme, res.Version, len(res.Changes), len(res.Municipalities), would)
		for _, c := range res.Changes {
			if *dry {
				fmt.Fprintf(stdout, "  %s %s (%s)\n", c.Kind, c.Key, c.Title)
			}
		}
	}
	return nil
}

// runExportCatalogue writes a programme's published catalogue as the
// workbook import reads back (export.CatalogueXLSX).
func runExportCatalogue(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("export-catalogue", getenv, false, "")
	key := fs.String("programme", "", "programme key")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *key == "" || fs.NArg() != 1 {
		return errors.New("export-catalogue needs --programme KEY and one file to write (.xlsx)")
	}
	a, db, err := open(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	_, b, err := a.CatalogueWorkbook(ctx, app.System("cli"), *key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(fs.Arg(0), b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: the catalogue of programme %s\n", fs.Arg(0), *key)
	return nil
}

// runEnrol reads a CSV with header code,golive,wave and enrols every row in
// one transaction; an error names the line.
func runEnrol(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("enrol", getenv, false, "")
	key := fs.String("programme", "", "programme key")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *key == "" || fs.NArg() != 1 {
		return errors.New("enrol needs --programme KEY and one CSV file")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	es, err := readEnrolments(fs.Arg(0), f)
	if err != nil {
		return err
	}
	a, db, err := open(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := a.Enrol(ctx, app.System("cli"), *key, es)
	if err != nil {
		return fmt.Errorf("%s: nothing enrolled: %w", fs.Arg(0), err)
	}
	created := 0
	for _, r := range res {
		if r.Created {
			created++
		}
	}
	fmt.Fprintf(stdout, "%d municipalities enrolled, %d updated\n", created, len(res)-created)
	return nil
}

func readEnrolments(name string, r io.Reader) ([]app.Enrolment, error) {
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "code,golive,wave" {
		return nil, fmt.Errorf("%s:1: the header must be code,golive,wave", name)
	}
	var out []app.Enrolment
	for i, rec := range recs[1:] {
		line := i + 2
		d, err := model.ParseInputDate(rec[1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: golive: %v", name, line, err)
		}
		w, err := strconv.Atoi(rec[2])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: wave: %q is not a whole number", name, line, rec[2])
		}
		out = append(out, app.Enrolment{Code: rec[0], GoLive: d, Wave: w})
	}
	return out, nil
}

package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/orgs"
)

const orgsUsage = `udrul orgs import [--dry-run] --db URL FILE   add and change organisations from a CSV file
udrul orgs export --db URL [FILE]             write every organisation as such a file (default: standard output)
udrul orgs export --reference [FILE]          write the organisations shipped in udrul
udrul orgs login --db URL --login-config FILE [CODE PROVIDER]
                                              bind an organisation to a login provider (PROVIDER "-" frees it);
                                              without arguments: list the bindings

The file's header names its columns (only kind, code and name are required):
  kind,code,name,parent_code,category,region_code,region_name,population,area_km2
docs/organisations.md describes them.
`

// runOrgs runs `udrul orgs import` and `udrul orgs export`.
func runOrgs(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, orgsUsage)
		return errors.New("orgs needs import or export")
	}
	switch args[0] {
	case "import":
		return runOrgsImport(ctx, args[1:], getenv, stdout, log, now)
	case "export":
		return runOrgsExport(ctx, args[1:], getenv, stdout, log, now)
	case "login":
		return runOrgsLogin(ctx, args[1:], getenv, stdout, log, now)
	}
	fmt.Fprint(stdout, orgsUsage)
	return fmt.Errorf("unknown orgs command %q", args[0])
}

// runOrgsImport prints what the file changes and, unless --dry-run, stores
// it in one transaction; any problem in the file stores nothing.
func runOrgsImport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("orgs import", getenv, false, "")
	dryRun := fs.Bool("dry-run", false, "only show what the file would change")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("orgs import takes exactly one CSV file")
	}
	name := fs.Arg(0)
	file, err := os.Open(name)
	if err != nil {
		return err
	}
	defer file.Close()
	f, err := orgs.Parse(file)
	if err != nil {
		return nothingChanged(name, err)
	}
	a, db, err := open(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := a.ImportOrganisations(ctx, f, *dryRun)
	if err != nil {
		return nothingChanged(name, err)
	}
	fmt.Fprint(stdout, p.Preview())
	if p.NewTasks > 0 {
		fmt.Fprintf(stdout, "Nye institutioner i tilmeldte kommuner får %s i kommunernes planer.\n", orgs.Tasks(p.NewTasks))
	}
	switch {
	case *dryRun:
		fmt.Fprintln(stdout, "Prøvekørsel (--dry-run): intet er gemt.")
	case p.Empty():
		fmt.Fprintln(stdout, "Intet at gemme.")
	default:
		fmt.Fprintln(stdout, "Gemt.")
	}
	return nil
}

// nothingChanged names the file and, for problems in it, lists them all.
func nothingChanged(name string, err error) error {
	var ps orgs.Problems
	if errors.As(err, &ps) {
		return fmt.Errorf("%s: %d fejl, intet er gemt:\n%w", name, len(ps), ps)
	}
	return err
}

func runOrgsExport(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("orgs export", getenv, false, "")
	reference := fs.Bool("reference", false, "write the organisations shipped in udrul instead of the database's")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return errors.New("orgs export takes at most one file")
	}
	var list []orgs.Org
	var err error
	if *reference {
		list, err = orgs.Reference()
	} else {
		a, db, err2 := open(ctx, c.db, log, now)
		if err2 != nil {
			return err2
		}
		defer db.Close()
		list, err = a.ExportOrganisations(ctx)
	}
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		w := bufio.NewWriter(stdout)
		if err := orgs.Write(w, list); err != nil {
			return err
		}
		return w.Flush()
	}
	out, err := os.Create(fs.Arg(0))
	if err != nil {
		return err
	}
	if err := orgs.Write(out, list); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// runOrgsLogin binds an organisation to one of the identity providers in
// the login configuration, so that its users log in there, or lists the
// bindings.
func runOrgsLogin(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("orgs login", getenv, false, "")
	config := fs.String("login-config", getenv("UDRUL_LOGIN_CONFIG"), "the login configuration file (as for udrul serve)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 && fs.NArg() != 2 {
		return errors.New("orgs login takes an organisation code and a provider id, or nothing (to list the bindings)")
	}
	a, db, err := open(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	if fs.NArg() == 0 {
		ls, err := a.OrganisationLogins(ctx)
		if err != nil {
			return err
		}
		for _, l := range ls {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", l.OrgCode, l.OrgName, l.Provider)
		}
		return nil
	}
	providers, err := readLoginConfig(*config)
	if err != nil {
		return err
	}
	var known []string
	for _, p := range providers {
		known = append(known, p.ID)
	}
	provider := fs.Arg(1)
	if provider == "-" {
		provider = ""
	}
	o, err := a.BindOrganisationLogin(ctx, nil, fs.Arg(0), provider, known)
	if err != nil {
		return errors.New(app.ErrorMessage(err))
	}
	if provider == "" {
		fmt.Fprintf(stdout, "%s logger ikke længere ind via en bestemt identitetsudbyder\n", o.Name)
	} else {
		fmt.Fprintf(stdout, "%s logger nu ind via %s\n", o.Name, provider)
	}
	return nil
}

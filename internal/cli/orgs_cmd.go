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

	"github.com/udrul/udrul/internal/orgs"
)

const orgsUsage = `udrul orgs import [--dry-run] --db URL FILE   add and change organisations from a CSV file
udrul orgs export --db URL [FILE]             write every organisation as such a file (default: standard output)
udrul orgs export --reference [FILE]          write the organisations shipped in udrul

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

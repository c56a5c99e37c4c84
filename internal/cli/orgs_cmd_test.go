package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/cli"
	"github.com/udrul/udrul/internal/store/storetest"
)

// run runs one udrul command as the binary would and returns its output.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := cli.Run(context.Background(), args, func(string) string { return "" }, &out, &errOut)
	return out.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := run(t, args...)
	if err != nil {
		t.Fatalf("udrul %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOrgsImport: a new database has the reference organisations; a file
// with problems lists them all and stores nothing; --dry-run shows the
// changes and stores nothing; the import stores them; export writes what
// import reads back unchanged.
func TestOrgsImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		out := mustRun(t, "migrate", "--db", db)
		if !strings.Contains(out, "loaded 5148 reference organisations") {
			t.Errorf("migrate printed %q", out)
		}
		if out := mustRun(t, "migrate", "--db", db); strings.Contains(out, "loaded") {
			t.Errorf("second migrate loaded again: %q", out)
		}
		before := mustRun(t, "orgs", "export", "--db", db)
		if !strings.Contains(before, "\nkommune,751,Aarhus,,,1082,Region Midtjylland,") || !strings.Contains(before, "\ninstitution,751-s01,Aarhus skole 1,751,skole,,,,\n") {
			t.Fatalf("export lacks Aarhus and its first school:\n%.400s", before)
		}

		bad := writeFile(t, "bad.csv", "kind,code,name,parent_code,category\n"+
			"institution,751-s01,Skåde Skole,751,skole\n"+ // fine, but the file has problems
			"institution,751-s99,Ny skole,999,skole\n"+
			"kommune,75,Aarhus,,\n"+
			"institution,751-s98,,751,skole\n")
		_, err := run(t, "orgs", "import", "--db", db, bad)
		want := bad + ": 3 fejl, intet er gemt:\n" +
			"linje 3, kolonne parent_code: kommunen \"999\" findes hverken i filen eller i databasen\n" +
			"linje 4, kolonne code: en kommunekode er tre cifre (fx 101), ikke \"75\"\n" +
			"linje 5, kolonne name: navnet mangler"
		if err == nil || err.Error() != want {
			t.Errorf("bad file: %v\nwant\n%s", err, want)
		}

		good := writeFile(t, "good.csv", "kind,code,name,parent_code,category\n"+
			"institution,751-s01,Skåde Skole,751,skole\n"+
			"institution,751-s02,Aarhus skole 2,751,skole\n"+
			"institution,751-s99,Ny skole,751,skole\n"+
			"institution,751-d001,Aarhus dagtilbud 1,101,dagtilbud\n")
		preview := "Tilføjes: 1, ændres: 2, uændret: 1.\n" +
			"+ linje 4: institution 751-s99 \"Ny skole\" (skole under kommune 751)\n" +
			"~ linje 2: institution 751-s01: name \"Aarhus skole 1\" → \"Skåde Skole\"\n" +
			"~ linje 5: institution 751-d001: parent_code \"751\" → \"101\"\n"
		if out := mustRun(t, "orgs", "import", "--dry-run", "--db", db, good); out != preview+"Prøvekørsel (--dry-run): intet er gemt.\n" {
			t.Errorf("dry run printed\n%s", out)
		}
		if after := mustRun(t, "orgs", "export", "--db", db); after != before {
			t.Error("the bad file or the dry run changed the organisations")
		}
		if out := mustRun(t, "orgs", "import", "--db", db, good); out != preview+"Gemt.\n" {
			t.Errorf("import printed\n%s", out)
		}
		after := mustRun(t, "orgs", "export", "--db", db)
		for _, line := range []string{"\ninstitution,751-s01,Skåde Skole,751,skole,,,,\n", "\ninstitution,751-s99,Ny skole,751,skole,,,,\n", "\ninstitution,101-d001,"} {
			if !strings.Contains(after, line) {
				t.Errorf("export after import lacks %q", line)
			}
		}
		if !strings.Contains(after, "\ninstitution,751-d001,Aarhus dagtilbud 1,101,dagtilbud,,,,\n") {
			t.Error("the moved day-care unit is not under København")
		}
		// Round trip: the export imported again changes nothing.
		all := writeFile(t, "all.csv", after)
		if out := mustRun(t, "orgs", "import", "--db", db, all); out != "Tilføjes: 0, ændres: 0, uændret: 5149.\nIntet at gemme.\n" {
			t.Errorf("re-import of the export printed\n%s", out)
		}
		if ref := mustRun(t, "orgs", "export", "--reference"); ref != before {
			t.Error("orgs export --reference differs from a new database's organisations")
		}

		// Institutions added to an enrolled municipality get its plan's
		// institution tasks (mini has one), as enrolment would have given them.
		mustRun(t, "import", "--db", db, "testdata/mini-v1.yaml")
		mustRun(t, "enrol", "--db", db, "--programme", "mini", writeFile(t, "enrol.csv", "code,golive,wave\n751,2027-09-01,1\n"))
		added := writeFile(t, "added.csv", "kind,code,name,parent_code,category\n"+
			"institution,751-s90,Ny Skole,751,skole\n"+
			"institution,751-d900,Ny Børnehave,751,dagtilbud\n"+
			"institution,101-s90,Skole uden plan,101,skole\n")
		tasks := "Nye institutioner i tilmeldte kommuner får 2 opgaver i kommunernes planer.\n"
		if out := mustRun(t, "orgs", "import", "--dry-run", "--db", db, added); !strings.HasSuffix(out, tasks+"Prøvekørsel (--dry-run): intet er gemt.\n") {
			t.Errorf("dry run printed\n%s", out)
		}
		if got := institutionTasks(t, db, "mini", "751"); got["Ny Skole"]+got["Ny Børnehave"] != 0 {
			t.Errorf("the dry run gave tasks: %v", got)
		}
		if out := mustRun(t, "orgs", "import", "--db", db, added); !strings.HasSuffix(out, tasks+"Gemt.\n") {
			t.Errorf("import printed\n%s", out)
		}
		got := institutionTasks(t, db, "mini", "751")
		if got["Ny Skole"] != 1 || got["Ny Børnehave"] != 1 || got["Skåde Skole"] != 1 {
			t.Errorf("institution tasks in Aarhus's plan: %v", got)
		}
		// A school with tasks may not change category.
		recat := writeFile(t, "recat.csv", "kind,code,name,parent_code,category\ninstitution,751-s90,Ny Skole,751,dagtilbud\n")
		if _, err := run(t, "orgs", "import", "--db", db, recat); err == nil ||
			!strings.Contains(err.Error(), "linje 2, kolonne category: institutionen har 1 opgave som skole og kan ikke skifte kategori") {
			t.Errorf("category change of a school with tasks: %v", err)
		}
	})
}

// institutionTasks counts a plan's task instances per institution name.
func institutionTasks(t *testing.T, db, programme, code string) map[string]int {
	t.Helper()
	a, done := testApp(t, db)
	defer done()
	p, err := a.Plan(context.Background(), nil, programme, code, a.Today())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, tv := range p.Tasks {
		if tv.InstitutionName != "" {
			out[tv.InstitutionName]++
		}
	}
	return out
}

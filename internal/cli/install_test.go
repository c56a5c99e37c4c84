package cli_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestRunningItForReal walks README's "Running it for real" from an empty
// database with only the commands it documents, in its order and with its
// arguments (the files are the test's own): migrate, the first
// administrator and a project lead, the real names of institutions, a
// catalogue, enrolment from CSV, and serve behind a TLS proxy with
// --secure-cookies and --base-url. It ends as a browser would: through the
// proxy over HTTPS, the new administrator signs in and sees the enrolled
// plan.
func TestRunningItForReal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		// 1. The schema, and the reference organisations with it.
		out := mustRun(t, "migrate", "--db", db)
		if !strings.Contains(out, "loaded 5148 reference organisations") {
			t.Fatalf("migrate printed %q", out)
		}

		// 2. The first administrator, and a project lead in Aarhus.
		dir := t.TempDir()
		pw := filepath.Join(dir, "admin-password.txt")
		os.WriteFile(pw, []byte("et-langt-kodeord-til-anne\n"), 0o600)
		mustRun(t, "user", "--db", db, "--email", "anne@kombit.dk", "--name", "Anne Kjærgaard",
			"--role", "administrator", "--org", "kombit", "--password-file", pw)
		pw2 := filepath.Join(dir, "sofie-password.txt")
		os.WriteFile(pw2, []byte("et-langt-kodeord-til-sofie\n"), 0o600)
		mustRun(t, "user", "--db", db, "--email", "sofie@aarhus.dk", "--name", "Sofie Nørgaard",
			"--role", "projektleder", "--org", "751", "--password-file", pw2)

		// 3. Institutions' real names, checked first with --dry-run.
		mustRun(t, "orgs", "export", "--db", db, filepath.Join(dir, "organisations.csv"))
		schools := filepath.Join(dir, "aarhus-skoler.csv")
		os.WriteFile(schools, []byte("kind,code,name\ninstitution,751-s01,Skåde Skole\ninstitution,751-s02,Risskov Skole\n"), 0o600)
		if out := mustRun(t, "orgs", "import", "--dry-run", "--db", db, schools); !strings.Contains(out, "Tilføjes: 0, ændres: 2, uændret: 0.") {
			t.Errorf("dry run printed %q", out)
		}
		mustRun(t, "orgs", "import", "--db", db, schools)

		// 4. A catalogue. 5. Enrolment.
		mustRun(t, "import", "--db", db, "../../data/catalogues/samarbejdsplatformen.yaml")
		enrol := filepath.Join(dir, "enrolments.csv")
		os.WriteFile(enrol, []byte("code,golive,wave\n751,2027-09-01,1\n101,2027-10-04,2\n"), 0o600)
		if out := mustRun(t, "enrol", "--db", db, "--programme", "samarbejdsplatformen", enrol); out != "2 municipalities enrolled, 0 updated\n" {
			t.Errorf("enrol printed %q", out)
		}
		// A school with tasks cannot move to another municipality.
		move := writeFile(t, "move.csv", "kind,code,name,parent_code\ninstitution,751-s01,Skåde Skole,101\n")
		if _, err := run(t, "orgs", "import", "--db", db, move); err == nil || !strings.Contains(err.Error(), "linje 2, kolonne parent_code: institutionen har") {
			t.Errorf("moving a school with tasks: %v", err)
		}

		// 6. serve behind a TLS-terminating proxy that passes the Host on
		// (nginx: proxy_set_header Host $host). The only difference from README:
		// port 0, a free one, instead of 8080.
		var target *url.URL
		proxy := httptest.NewUnstartedServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host
			pr.SetXForwarded()
		}})
		public := "https://" + proxy.Listener.Addr().String()
		base, _ := serveCaptured(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--secure-cookies", "--base-url", public)
		target, _ = url.Parse(base)
		proxy.StartTLS()
		defer proxy.Close()
		if proxy.URL != public {
			t.Fatalf("proxy at %s, not %s", proxy.URL, public)
		}

		hc := proxy.Client()
		hc.Jar, _ = cookiejar.New(nil)
		hc.Timeout = 30 * time.Second
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		anne := &client{t: t, base: public, hc: hc}
		r := anne.tryLogin(t, "anne@kombit.dk", "et-langt-kodeord-til-anne")
		if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Set-Cookie"), "Secure") {
			t.Fatalf("login: %d, Set-Cookie %q; want 303 and a Secure cookie", r.StatusCode, r.Header.Get("Set-Cookie"))
		}
		plan := anne.get(t, "/programmes/samarbejdsplatformen/municipalities/751")
		plan.html(t, http.StatusOK, "Aarhus", "Samarbejdsplatformen", "01.09.2027")
		tasks := anne.do(t, "GET", "/api/v1/programmes/samarbejdsplatformen/municipalities/751/tasks", nil, nil)
		if tasks.StatusCode != http.StatusOK || !strings.Contains(string(tasks.body), "Skåde Skole") {
			t.Errorf("Aarhus's tasks: %d, want the renamed school's tasks:\n%.400s", tasks.StatusCode, tasks.body)
		}

		// Aarhus's project lead, created with --org 751, signs in to her plan.
		hc2 := proxy.Client()
		hc2.Jar, _ = cookiejar.New(nil)
		hc2.CheckRedirect = hc.CheckRedirect
		sofie := &client{t: t, base: public, hc: hc2}
		sofie.login(t, "sofie@aarhus.dk", "et-langt-kodeord-til-sofie")
		sofie.get(t, "/programmes/samarbejdsplatformen/municipalities/751").html(t, http.StatusOK, "Aarhus")
	})
}

// TestBackupRestore makes a backup the way README says, restores it into a
// fresh database and finds every row of every table again: every plan,
// status and history entry, and everything else. SQLite: `udrul backup`,
// then the file copied into place. PostgreSQL: pg_dump -Fc and pg_restore.
func TestBackupRestore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		if store.IsPostgres(db) {
			for _, tool := range []string{"pg_dump", "pg_restore"} {
				if _, err := exec.LookPath(tool); err != nil {
					t.Skipf("skipping the PostgreSQL backup: %s is not installed (Debian package postgresql-client)", tool)
				}
			}
		}
		mustRun(t, "migrate", "--db", db)
		mustRun(t, "user", "--db", db, "--email", "anne@kombit.dk", "--name", "Anne Kjærgaard",
			"--password-file", writeFile(t, "pw.txt", "et-langt-kodeord-til-anne"))
		mustRun(t, "import", "--db", db, "../../data/catalogues/ksd.yaml")
		mustRun(t, "enrol", "--db", db, "--programme", "ksd",
			writeFile(t, "enrol.csv", "code,golive,wave\n751,2027-09-01,1\n101,2027-10-04,2\n147,2027-10-04,2\n"))
		changes := setSomeStatuses(t, db, "ksd", []string{"751", "101", "147"})

		dir := t.TempDir()
		var restored string
		if store.IsPostgres(db) {
			dump := filepath.Join(dir, "udrul.dump")
			pgRun(t, "pg_dump", "--format=custom", "--no-owner", "--file", dump, "--dbname", db)
			restored = storetest.EmptyPostgresURL(t) // pg_restore creates the schema
			pgRun(t, "pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored, dump)
		} else {
			backup := filepath.Join(dir, "udrul-backup.db")
			mustRun(t, "backup", "--db", db, backup)
			restored = filepath.Join(dir, "restored", "udrul.db")
			os.Mkdir(filepath.Dir(restored), 0o700)
			b, err := os.ReadFile(backup)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(restored, b, 0o600)
		}

		want, got := dumpTables(t, db), dumpTables(t, restored)
		for _, table := range []string{"plans", "task_instances", "status_events", "organisations", "users"} {
			if len(want[table]) == 0 {
				t.Errorf("table %s is empty before the backup", table)
			}
		}
		if n := len(want["status_events"]); n < changes {
			t.Errorf("%d history entries, want at least the %d changes made", n, changes)
		}
		for table, rows := range want {
			if !slices.Equal(got[table], rows) {
				t.Errorf("table %s: %d rows restored, %d backed up, or they differ", table, len(got[table]), len(rows))
			}
		}
		for table := range got {
			if _, ok := want[table]; !ok {
				t.Errorf("table %s only in the restored database", table)
			}
		}
		// The restored database is served as it is: nothing to migrate, and
		// the plans are read back through the program.
		if out := mustRun(t, "migrate", "--db", restored); !strings.Contains(out, "applied now: 0 migrations") || strings.Contains(out, "loaded") {
			t.Errorf("migrate on the restored database printed %q", out)
		}
	})
}

func pgRun(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// setSomeStatuses starts the first three tasks of each plan and completes
// the first, through the program, and returns how many changes it made.
func setSomeStatuses(t *testing.T, db, programme string, codes []string) int {
	t.Helper()
	ctx := context.Background()
	a, done := testApp(t, db)
	defer done()
	n := 0
	for _, code := range codes {
		p, err := a.Plan(ctx, nil, programme, code, a.Today())
		if err != nil {
			t.Fatal(err)
		}
		var ups []app.StatusUpdate
		for _, tv := range p.Tasks[:3] {
			ups = append(ups, app.StatusUpdate{ID: tv.ID, StatusChange: app.StatusChange{Status: model.Started, Comment: "I gang", Version: tv.Version}})
		}
		if _, err := a.BulkSetStatus(ctx, app.System("Projektleder "+code), ups); err != nil {
			t.Fatal(err)
		}
		tv := p.Tasks[0]
		if _, err := a.BulkSetStatus(ctx, app.System("Projektleder "+code), []app.StatusUpdate{{ID: tv.ID, StatusChange: app.StatusChange{Status: model.Completed, Comment: "Færdig", Version: tv.Version + 1}}}); err != nil {
			t.Fatal(err)
		}
		n += 4
	}
	return n
}

// dumpTables reads every row of every table as text, sorted per table.
func dumpTables(t *testing.T, dbURL string) map[string][]string {
	t.Helper()
	driver, dsn, list := "sqlite", dbURL, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if store.IsPostgres(dbURL) {
		driver, list = "pgx", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	names := queryStrings(t, db, list)
	out := map[string][]string{}
	for _, name := range names {
		rows, err := db.Query("SELECT * FROM " + name)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		lines := []string{}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v\x1f", v)
			}
			lines = append(lines, b.String())
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(lines)
		out[name] = lines
	}
	return out
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

var _ = data.Municipalities

package store_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// The enumerations the two dialects enforce are the same: every CHECK
// (column IN (values…)) of SQLite has its PostgreSQL twin with the same
// values, and the other way round — a stored value renamed in one dialect's
// migration only (as 0026 renames states) fails here.
func TestSchemaEnumerationChecksAgree(t *testing.T) {
	quoted := regexp.MustCompile(`'([^']*)'`)
	values := func(list string) string {
		var vs []string
		for _, m := range quoted.FindAllStringSubmatch(list, -1) {
			vs = append(vs, m[1])
		}
		slices.Sort(vs)
		return strings.Join(vs, ", ")
	}
	lite := map[string]string{}
	liteCheck := regexp.MustCompile(`(?i)CHECK\s*\(\s*(\w+)\s+IN\s*\(([^)]*)\)\s*\)`)
	db := storetest.Open(t, storetest.SQLiteURL(t)).SQLForTest()
	rows, err := db.Query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, sql string
		if err := rows.Scan(&table, &sql); err != nil {
			t.Fatal(err)
		}
		for _, m := range liteCheck.FindAllStringSubmatch(sql, -1) {
			lite[table+"."+m[1]] = values(m[2])
		}
	}
	rows.Close()

	pg := map[string]string{}
	pgCheck := regexp.MustCompile(`CHECK \(\(*(\w+)\)*(?:::text)? = ANY \(\(?ARRAY\[(.*?)\]`)
	pdb := storetest.Open(t, storetest.PostgresURL(t)).SQLForTest()
	rows, err = pdb.Query(`SELECT c.conrelid::regclass::text, pg_get_constraintdef(c.oid) FROM pg_constraint c
		JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'c' AND n.nspname = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, def string
		if err := rows.Scan(&table, &def); err != nil {
			t.Fatal(err)
		}
		if m := pgCheck.FindStringSubmatch(def); m != nil {
			pg[table+"."+m[1]] = values(m[2])
		}
	}
	rows.Close()

	for _, col := range union(keys(lite), keys(pg)) {
		l, lok := lite[col]
		p, pok := pg[col]
		switch {
		case !lok:
			t.Errorf("%s is checked against (%s) only in PostgreSQL", col, p)
		case !pok:
			t.Errorf("%s is checked against (%s) only in SQLite", col, l)
		case l != p:
			t.Errorf("%s: SQLite allows (%s), PostgreSQL (%s)", col, l, p)
		}
	}
	if lite["waveplan_versions.state"] != "endelig, erstattet, hoering, udkast" || len(lite) < 10 {
		t.Errorf("read %d enumeration checks, the wave versions' %q: the reader is broken", len(lite), lite["waveplan_versions.state"])
	}
}

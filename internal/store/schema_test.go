package store_test

import (
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// schema is what the equivalence test compares: per table its columns, its
// primary key, and its indexes and unique constraints.
type schema struct {
	columns map[string]map[string]column // table → column name → column
	pk      map[string]string            // table → primary key columns
	indexes map[string]bool              // "table unique? (cols) partial?"
}

type column struct {
	typ     string // the declared type, lower case
	notNull bool
}

// The SQLite and PostgreSQL migrations are written twice, by hand; after all
// of them both databases must have the same tables, the same columns with
// compatible types and nullability, the same primary keys and the same
// indexes and unique constraints (compared by table, columns, uniqueness and
// whether they are partial, since SQLite names inline constraints itself).
func TestSchemasOfBothDialectsAgree(t *testing.T) {
	lite := readSQLiteSchema(t, storetest.Open(t, storetest.SQLiteURL(t)).SQLForTest())
	pg := readPostgresSchema(t, storetest.Open(t, storetest.PostgresURL(t)).SQLForTest())

	for _, table := range union(keys(lite.columns), keys(pg.columns)) {
		lc, pc := lite.columns[table], pg.columns[table]
		switch {
		case lc == nil:
			t.Errorf("table %s exists only in PostgreSQL", table)
			continue
		case pc == nil:
			t.Errorf("table %s exists only in SQLite", table)
			continue
		}
		for _, name := range union(keys(lc), keys(pc)) {
			l, lok := lc[name]
			p, pok := pc[name]
			switch {
			case !lok:
				t.Errorf("%s.%s exists only in PostgreSQL", table, name)
			case !pok:
				t.Errorf("%s.%s exists only in SQLite", table, name)
			case !compatible(l.typ, p.typ):
				t.Errorf("%s.%s is %s in SQLite but %s in PostgreSQL", table, name, l.typ, p.typ)
			case l.notNull != p.notNull:
				t.Errorf("%s.%s: NOT NULL is %t in SQLite but %t in PostgreSQL", table, name, l.notNull, p.notNull)
			}
		}
		if lite.pk[table] != pg.pk[table] {
			t.Errorf("%s: primary key (%s) in SQLite but (%s) in PostgreSQL", table, lite.pk[table], pg.pk[table])
		}
	}
	for _, ix := range union(keys(lite.indexes), keys(pg.indexes)) {
		switch {
		case !lite.indexes[ix]:
			t.Errorf("index %s exists only in PostgreSQL", ix)
		case !pg.indexes[ix]:
			t.Errorf("index %s exists only in SQLite", ix)
		}
	}
	if len(lite.columns) < 40 || len(lite.indexes) < 40 {
		t.Errorf("read only %d tables and %d indexes: the schema reader is broken", len(lite.columns), len(lite.indexes))
	}
}

// compatible tells whether a SQLite column type holds what the PostgreSQL
// type holds, as the store writes it: booleans as integers, dates as
// YYYY-MM-DD text and timestamps as fixed-width text (see store.ts).
func compatible(lite, pg string) bool {
	allowed := map[string][]string{
		"integer": {"bigint", "integer", "smallint", "boolean"},
		"text":    {"text", "date", "timestamp with time zone"},
		"real":    {"double precision", "real"},
		"blob":    {"bytea"},
	}
	return slices.Contains(allowed[lite], pg)
}

func indexKey(table string, unique, partial bool, cols []string) string {
	k := table
	if unique {
		k += " unique"
	}
	k += " (" + strings.Join(cols, ", ") + ")"
	if partial {
		k += " partial"
	}
	return k
}

func readSQLiteSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{columns: map[string]map[string]column{}, pk: map[string]string{}, indexes: map[string]bool{}}
	tables := queryStrings(t, db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
	for _, table := range tables {
		s.columns[table] = map[string]column{}
		rows, err := db.Query(`SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY pk`, table)
		if err != nil {
			t.Fatal(err)
		}
		var pk []string
		for rows.Next() {
			var name, typ string
			var notNull bool
			var pkPos int
			if err := rows.Scan(&name, &typ, &notNull, &pkPos); err != nil {
				t.Fatal(err)
			}
			if pkPos > 0 {
				pk = append(pk, name)
				notNull = true // SQLite allows NULL in some keys; the store never writes one
			}
			s.columns[table][name] = column{typ: strings.ToLower(typ), notNull: notNull}
		}
		rows.Close()
		s.pk[table] = strings.Join(pk, ", ")

		rows, err = db.Query(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		type ix struct {
			name            string
			unique, partial bool
		}
		var ixs []ix
		for rows.Next() {
			var x ix
			var origin string
			if err := rows.Scan(&x.name, &x.unique, &origin, &x.partial); err != nil {
				t.Fatal(err)
			}
			if origin != "pk" {
				ixs = append(ixs, x)
			}
		}
		rows.Close()
		for _, x := range ixs {
			cols := queryStrings(t, db, "SELECT COALESCE(name, '<expression>') FROM pragma_index_info(?) ORDER BY seqno", x.name)
			s.indexes[indexKey(table, x.unique, x.partial, cols)] = true
		}
	}
	return s
}

func readPostgresSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{columns: map[string]map[string]column{}, pk: map[string]string{}, indexes: map[string]bool{}}
	rows, err := db.Query(`SELECT table_name, column_name, data_type, is_nullable = 'NO' FROM information_schema.columns
		WHERE table_schema = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, name, typ string
		var notNull bool
		if err := rows.Scan(&table, &name, &typ, &notNull); err != nil {
			t.Fatal(err)
		}
		if s.columns[table] == nil {
			s.columns[table] = map[string]column{}
		}
		s.columns[table][name] = column{typ: typ, notNull: notNull}
	}
	rows.Close()
	// Index columns in index order; 0 in indkey is an expression.
	rows, err = db.Query(`SELECT t.relname, ix.indisunique, ix.indisprimary, ix.indpred IS NOT NULL,
			array_to_string(ARRAY(SELECT COALESCE(a.attname, '<expression>')
				FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
				LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum <> 0
				ORDER BY k.n), ', ')
		FROM pg_index ix
		JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, cols string
		var unique, primary, partial bool
		if err := rows.Scan(&table, &unique, &primary, &partial, &cols); err != nil {
			t.Fatal(err)
		}
		if primary {
			s.pk[table] = cols
			continue
		}
		s.indexes[indexKey(table, unique, partial, strings.Split(cols, ", "))] = true
	}
	return s
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
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

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

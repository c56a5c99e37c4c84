package orgs

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/model"
)

func TestReference(t *testing.T) {
	ref, err := Reference()
	if err != nil {
		t.Fatal(err)
	}
	munis, err := data.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	wantInst := 0
	for _, m := range munis {
		wantInst += m.Schools + m.DayCare
	}
	count := map[model.OrgKind]int{}
	seen := map[string]bool{}
	for _, o := range ref {
		count[o.Kind]++
		if seen[o.Key()] {
			t.Errorf("%s twice", o.Key())
		}
		seen[o.Key()] = true
	}
	want := map[model.OrgKind]int{model.OrgCentral: 2, model.OrgSupplier: 1, model.OrgMunicipality: 98, model.OrgInstitution: wantInst}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("kinds %v, want %v", count, want)
	}
	if wantInst < 5000 {
		t.Errorf("only %d institutions in the reference data", wantInst)
	}
	// The reference set must pass its own import checks.
	var buf bytes.Buffer
	if err := Write(&buf, ref); err != nil {
		t.Fatal(err)
	}
	f, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	p, probs := Diff(nil, f)
	if probs != nil {
		t.Fatal(probs)
	}
	if len(p.Added) != len(ref) || len(p.Changed) != 0 {
		t.Errorf("into an empty database: %d added, %d changed; want %d, 0", len(p.Added), len(p.Changed), len(ref))
	}
	var aarhus Org
	for _, o := range ref {
		if o.Kind == model.OrgMunicipality && o.Code == "751" {
			aarhus = o
		}
	}
	if aarhus.Name != "Aarhus" || aarhus.RegionCode != "1082" || aarhus.RegionName != "Region Midtjylland" || aarhus.Population < 300000 {
		t.Errorf("Aarhus: %+v", aarhus)
	}
}

// TestRoundTrip: what Write writes, Parse reads back unchanged, and a
// database holding it sees no change.
func TestRoundTrip(t *testing.T) {
	ref, err := Reference()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, ref); err != nil {
		t.Fatal(err)
	}
	f, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	got := make([]Org, len(f.Rows))
	cur := make([]Current, len(f.Rows))
	for i, r := range f.Rows {
		got[i] = r.Org
		cur[i] = Current{Org: r.Org, Tasks: 3}
	}
	want := append([]Org(nil), ref...)
	Sort(want)
	if !reflect.DeepEqual(got, want) {
		t.Fatal("round trip changed the organisations")
	}
	p, probs := Diff(cur, f)
	if probs != nil {
		t.Fatal(probs)
	}
	if !p.Empty() || p.Unchanged != len(ref) {
		t.Errorf("re-import: %d added, %d changed, %d unchanged", len(p.Added), len(p.Changed), p.Unchanged)
	}
}

func TestParseProblems(t *testing.T) {
	const head = "kind,code,name,parent_code,category,region_code,region_name,population,area_km2\n"
	for _, tc := range []struct {
		name, file string
		want       []string
	}{
		{"empty", "", []string{"linje 1: filen er tom; første linje skal være overskriften kind,code,name,parent_code,category,region_code,region_name,population,area_km2"}},
		{"header", "kind,code,navn,code\n", []string{
			`linje 1, kolonne navn: ukendt kolonne "navn"; kolonnerne er kind,code,name,parent_code,category,region_code,region_name,population,area_km2`,
			"linje 1, kolonne code: kolonnen står to gange i overskriften",
			"linje 1, kolonne name: overskriften mangler kolonnen name"}},
		{"every bad cell listed", head +
			"kommune,101,København,,,1084,Region Hovedstaden,667099,86.4\n" +
			"amt,x1,Roskilde Amt,,,,,,\n" +
			"kommune,1010,For lang,,,,,-5,stor\n" +
			"institution,,,101,kirke,,,,\n" +
			"institution,101 s1,Skole,101,skole,,,,\n" +
			"kommune,101,København igen,,,,,,\n" +
			"kommune,102,Kort linje\n",
			[]string{
				`linje 3, kolonne kind: "amt" er ikke en kendt art; brug central, leverandoer, kommune eller institution`,
				`linje 4, kolonne population: "-5" er ikke et helt tal på 0 eller derover`,
				`linje 4, kolonne area_km2: "stor" er ikke et tal på 0 eller derover (fx 91.3)`,
				`linje 4, kolonne code: en kommunekode er tre cifre (fx 101), ikke "1010"`,
				"linje 5, kolonne code: koden mangler",
				"linje 5, kolonne name: navnet mangler",
				`linje 5, kolonne category: "kirke" er ikke en kendt kategori; brug skole eller dagtilbud`,
				`linje 6, kolonne code: koden "101 s1" indeholder mellemrum`,
				"linje 7, kolonne code: kommune 101 står også på linje 2",
				"linje 8: linjen har 3 felter, men overskriften har 9",
			}},
		{"cell and database problems in one list, by line", head +
			"institution,751-s01,Skole,751,skole,,,,\n" +
			"kommune,10,Ti,,,,,,\n" +
			"kommune,101,København,,,,,,\n",
			[]string{
				`linje 2, kolonne parent_code: kommunen "751" findes hverken i filen eller i databasen`,
				`linje 3, kolonne code: en kommunekode er tre cifre (fx 101), ikke "10"`,
			}},
		{"not csv", head + "kommune,101,\"Kø\"benhavn,,,,,,\n", []string{`linje 2: filen kan ikke læses som CSV: extraneous or missing " in quoted-field`}},
		{"windows-1252", "kind,code,name\nkommune,101,K\xf8benhavn\nkommune,147,Frederiksberg\nkommune,751,\xc5rhus\n", []string{
			`linje 2: linjen er ikke UTF-8; gem filen som "CSV UTF-8"`,
			`linje 4: linjen er ikke UTF-8; gem filen som "CSV UTF-8"`}},
		{"infinite area", head + "kommune,101,København,,,,,,Inf\n", []string{`linje 2, kolonne area_km2: "Inf" er ikke et tal på 0 eller derover (fx 91.3)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(tc.file))
			var ps Problems
			if err == nil {
				_, ps = Diff(nil, f)
			} else if !errors.As(err, &ps) {
				t.Fatalf("Parse: %v, want problems", err)
			}
			if got := strings.Split(ps.Error(), "\n"); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A Danish spreadsheet saves with a byte-order mark, semicolons and a
// decimal comma; header names are case-insensitive and may be reordered.
func TestParseSpreadsheet(t *testing.T) {
	f, err := Parse(strings.NewReader("\ufeffCode;Kind;Name;Area_km2;Population\r\n101;kommune; København ;86,4;667099\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Org{Kind: model.OrgMunicipality, Code: "101", Name: "København", AreaKm2: 86.4, Population: 667099}
	if len(f.Rows) != 1 || f.Rows[0].Org != want || f.Rows[0].Line != 2 {
		t.Errorf("rows %+v, want %+v", f.Rows, want)
	}
	if f.Has["region_code"] || !f.Has["area_km2"] {
		t.Errorf("columns %v", f.Has)
	}
}

func TestDiff(t *testing.T) {
	kbh := Org{Kind: model.OrgMunicipality, Code: "101", Name: "København", RegionCode: "1084", RegionName: "Region Hovedstaden", Population: 667099, AreaKm2: 86.4}
	aarhus := Org{Kind: model.OrgMunicipality, Code: "751", Name: "Aarhus", RegionCode: "1082", RegionName: "Region Midtjylland", Population: 367095}
	s1 := Org{Kind: model.OrgInstitution, Code: "751-s01", Name: "Aarhus skole 1", Parent: "751", Category: model.CategorySchool}
	s2 := Org{Kind: model.OrgInstitution, Code: "751-s02", Name: "Aarhus skole 2", Parent: "751", Category: model.CategorySchool}
	current := []Current{{Org: kbh}, {Org: aarhus}, {Org: s1, Tasks: 12}, {Org: s2}, {Org: Central[0]}}
	const head = "kind,code,name,parent_code,category,region_code,region_name,population,area_km2\n"
	for _, tc := range []struct {
		name, file string
		preview    string   // when no problems
		problems   []string // else
	}{
		{"unchanged, renamed, moved and added", head +
			"kommune,101,København,,,1084,Region Hovedstaden,667099,86.4\n" +
			"institution,751-s01,Skåde Skole,751,skole,,,,\n" +
			"institution,751-s02,Aarhus skole 2,101,skole,,,,\n" +
			"kommune,999,Ny Kommune,,,1085,Region Sjælland,100,\n" +
			"institution,999-1,Ny Skole,999,skole,,,,\n",
			"Tilføjes: 2, ændres: 2, uændret: 1.\n" +
				`+ linje 5: kommune 999 "Ny Kommune"` + "\n" +
				`+ linje 6: institution 999-1 "Ny Skole" (skole under kommune 999)` + "\n" +
				`~ linje 3: institution 751-s01: name "Aarhus skole 1" → "Skåde Skole"` + "\n" +
				`~ linje 4: institution 751-s02: parent_code "751" → "101"` + "\n",
			nil},
		{"a column left out keeps the stored value", "kind,code,name\nkommune,751,Aarhus Kommune\ninstitution,751-s01,Aarhus skole 1\n",
			"Tilføjes: 0, ændres: 1, uændret: 1.\n" + `~ linje 2: kommune 751: name "Aarhus" → "Aarhus Kommune"` + "\n", nil},
		{"a school without tasks may become a day-care unit", "kind,code,name,category\ninstitution,751-s02,Aarhus skole 2,dagtilbud\n",
			"Tilføjes: 0, ændres: 1, uændret: 0.\n" + `~ linje 2: institution 751-s02: category "skole" → "dagtilbud"` + "\n", nil},
		{"a column given empty clears it", "kind,code,name,area_km2\nkommune,101,København,\n",
			"Tilføjes: 0, ændres: 1, uændret: 0.\n" + `~ linje 2: kommune 101: area_km2 "86.4" → ""` + "\n", nil},
		{"semantic problems, all listed", head +
			"institution,751-s01,Aarhus skole 1,101,dagtilbud,,,,\n" +
			"institution,x-1,Skole,,skole,,,,\n" +
			"institution,x-2,Skole,555,,1082,,10,\n" +
			"kommune,102,Frederiksberg,101,skole,,,,\n" +
			"institution,751,Aarhus skole,751,skole,,,,\n" +
			"central,kl,KL,,,,,,\n" +
			"leverandoer,kl,KL igen,,,,,,\n",
			"", []string{
				"linje 2, kolonne parent_code: institutionen har 12 opgaver i planerne for kommune 751 og kan ikke flyttes; opret den med en ny kode under kommune 101",
				"linje 2, kolonne category: institutionen har 12 opgaver som skole og kan ikke skifte kategori; opret den med en ny kode",
				"linje 3, kolonne parent_code: en institution skal have sin kommunes kode",
				`linje 4, kolonne parent_code: kommunen "555" findes hverken i filen eller i databasen`,
				"linje 4, kolonne category: en institution skal have kategorien skole eller dagtilbud",
				"linje 4, kolonne region_code: kun kommuner har region_code",
				"linje 4, kolonne population: kun kommuner har population",
				"linje 5, kolonne parent_code: kun institutioner har en overordnet kommune",
				"linje 5, kolonne category: kun institutioner har en kategori",
				"linje 6, kolonne code: koden 751 bruges allerede af en organisation af arten kommune",
				"linje 8, kolonne code: koden kl bruges også på linje 7 af arten central",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(tc.file))
			if err != nil {
				t.Fatal(err)
			}
			p, probs := Diff(current, f)
			if tc.problems != nil {
				if got := strings.Split(probs.Error(), "\n"); !reflect.DeepEqual(got, tc.problems) {
					t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.problems, "\n"))
				}
				return
			}
			if probs != nil {
				t.Fatal(probs)
			}
			if got := p.Preview(); got != tc.preview {
				t.Errorf("preview\n%s\nwant\n%s", got, tc.preview)
			}
		})
	}
}

// Writes puts a new municipality before the new institution under it,
// whatever order the file has.
func TestWritesParentsFirst(t *testing.T) {
	f, err := Parse(strings.NewReader("kind,code,name,parent_code,category\ninstitution,999-1,Ny Skole,999,skole\nkommune,999,Ny Kommune,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, probs := Diff(nil, f)
	if probs != nil {
		t.Fatal(probs)
	}
	w := p.Writes()
	if len(w) != 2 || w[0].Kind != model.OrgMunicipality || w[1].Kind != model.OrgInstitution {
		t.Errorf("writes %+v", w)
	}
}

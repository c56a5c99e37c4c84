// Package data ships udrul's reference data inside the binary: the
// implementation model, Denmark's 98 municipalities with their schools and
// day-care counts, and the demo catalogues. SOURCES.md says where each came from.
package data

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io/fs"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/udrul/udrul/internal/model"
)

//go:embed implementation-model.yaml municipalities.csv schools_per_municipality.csv daycare_per_municipality.csv municipalities.geojson
var files embed.FS

//go:embed catalogues
var catalogues embed.FS

// ImplementationModel parses the embedded implementation model.
func ImplementationModel() (*model.ImplementationModel, error) {
	b, err := files.ReadFile("implementation-model.yaml")
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var m model.ImplementationModel
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("implementation-model.yaml: %w", err)
	}
	if len(m.Phases) == 0 || len(m.Themes) != 7 || len(m.MainTasks) != 16 {
		return nil, fmt.Errorf("implementation-model.yaml: want phases, 7 themes and 16 main tasks; have %d, %d, %d",
			len(m.Phases), len(m.Themes), len(m.MainTasks))
	}
	return &m, nil
}

// Municipality is a municipality with its institution counts.
type Municipality struct {
	model.Organisation
	Schools int // folkeskoler
	DayCare int // day-care institutions
}

// Municipalities reads the 98 municipalities joined with their school and
// day-care counts, by code.
func Municipalities() ([]Municipality, error) {
	rows, err := readCSV("municipalities.csv", "code", "name", "region_code", "region_name", "population", "population_year", "area_km2")
	if err != nil {
		return nil, err
	}
	schools, err := countsByCode("schools_per_municipality.csv", "folkeskoler")
	if err != nil {
		return nil, err
	}
	daycare, err := countsByCode("daycare_per_municipality.csv", "dagtilbud_institutions")
	if err != nil {
		return nil, err
	}
	out := make([]Municipality, 0, len(rows))
	for i, r := range rows {
		pop, err1 := strconv.Atoi(r["population"])
		area, err2 := strconv.ParseFloat(r["area_km2"], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("municipalities.csv line %d: bad population or area", i+2)
		}
		out = append(out, Municipality{
			Organisation: model.Organisation{Kind: model.OrgMunicipality, Code: r["code"], Name: r["name"],
				RegionCode: r["region_code"], RegionName: r["region_name"], Population: pop, AreaKm2: area},
			Schools: schools[r["code"]],
			DayCare: daycare[r["code"]],
		})
	}
	return out, nil
}

// GeoJSON returns the municipality boundaries.
func GeoJSON() []byte {
	b, _ := files.ReadFile("municipalities.geojson")
	return b
}

// DemoCatalogues returns the demo catalogue files by file name.
func DemoCatalogues() (map[string][]byte, error) {
	out := map[string][]byte{}
	err := fs.WalkDir(catalogues, "catalogues", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := catalogues.ReadFile(path)
		out[path] = b
		return err
	})
	return out, err
}

func countsByCode(file, column string) (map[string]int, error) {
	rows, err := readCSV(file, "code", column)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for i, r := range rows {
		n, err := strconv.Atoi(r[column])
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %s is not a number", file, i+2, column)
		}
		out[r["code"]] = n
	}
	return out, nil
}

// readCSV reads a CSV file with a header, checking that the named columns exist.
func readCSV(file string, need ...string) ([]map[string]string, error) {
	b, err := files.ReadFile(file)
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no rows", file)
	}
	idx := map[string]int{}
	for i, h := range recs[0] {
		idx[h] = i
	}
	for _, n := range need {
		if _, ok := idx[n]; !ok {
			return nil, fmt.Errorf("%s: column %s missing", file, n)
		}
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		m := map[string]string{}
		for k, i := range idx {
			m[k] = r[i]
		}
		out = append(out, m)
	}
	return out, nil
}

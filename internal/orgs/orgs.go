// Package orgs holds the organisations file of a real installation: the
// reference set shipped in the binary (KOMBIT, KL, KMD, the 98
// municipalities and their schools and day-care units), the CSV format that
// `udrul orgs import` reads and `udrul orgs export` writes, and the
// comparison of a file with what the database holds. It does no I/O beyond
// the readers and writers it is given, so every rule is tested here.
//
// The file format (one organisation a line, header first):
//
//		kind,code,name,parent_code,category,region_code,region_name,population,area_km2
//
//	  - kind: central, leverandoer, kommune or institution
//	  - code: the organisation's identity; a municipality's is its three-digit
//	    code (101, 751); an institution's is free (e.g. 751-s01 or the
//	    institution register's number). A row whose kind and code exist updates
//	    that organisation; any other row adds one. Nothing is ever deleted.
//	  - name: required
//	  - parent_code: the municipality of an institution (changing it moves the
//	    institution); empty for every other kind
//	  - category: skole or dagtilbud, institutions only
//	  - region_code, region_name, population, area_km2: municipalities only
//
// Only kind, code and name must be in the header; a column left out of the
// header keeps the stored value (so a file of renames needs only
// kind,code,name).
package orgs

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/model"
)

// Org is an organisation as the file describes it: by codes, not ids.
type Org struct {
	Kind       model.OrgKind
	Code       string
	Name       string
	Parent     string // municipality code, institutions only
	Category   string
	RegionCode string
	RegionName string
	Population int
	AreaKm2    float64
}

// Columns are the file's columns in the order export writes them.
var Columns = []string{"kind", "code", "name", "parent_code", "category", "region_code", "region_name", "population", "area_km2"}

// Central are the organisations outside the municipalities that every
// installation has: KOMBIT, which owns the rollouts (the first administrator
// belongs to it), KL, the municipalities' association (observers), and KMD,
// the supplier of the shipped programmes.
var Central = []Org{
	{Kind: model.OrgCentral, Code: "kombit", Name: "KOMBIT"},
	{Kind: model.OrgCentral, Code: "kl", Name: "KL – Kommunernes Landsforening"},
	{Kind: model.OrgSupplier, Code: "kmd", Name: "KMD"},
}

// Reference returns the organisations shipped in the binary: Central, the
// 98 municipalities with region, population and area (data/municipalities.csv)
// and under each as many schools and day-care units as the registers count
// (data/schools_per_municipality.csv, data/daycare_per_municipality.csv).
// The reference data gives counts, not names, so institutions are numbered
// under their municipality (751-s01 "Aarhus skole 1", 751-d001 "Aarhus
// dagtilbud 1"); `udrul orgs import` renames them to the real names.
func Reference() ([]Org, error) {
	munis, err := data.Municipalities()
	if err != nil {
		return nil, err
	}
	out := slices.Clone(Central)
	for _, m := range munis {
		out = append(out, FromModel(m.Organisation, ""))
	}
	for _, m := range munis {
		for n := 1; n <= m.Schools; n++ {
			out = append(out, Org{Kind: model.OrgInstitution, Code: fmt.Sprintf("%s-s%02d", m.Code, n),
				Name: fmt.Sprintf("%s skole %d", m.Name, n), Parent: m.Code, Category: model.CategorySchool})
		}
		for n := 1; n <= m.DayCare; n++ {
			out = append(out, Org{Kind: model.OrgInstitution, Code: fmt.Sprintf("%s-d%03d", m.Code, n),
				Name: fmt.Sprintf("%s dagtilbud %d", m.Name, n), Parent: m.Code, Category: model.CategoryDayCare})
		}
	}
	return out, nil
}

// FromModel converts a stored organisation; parent is its municipality's code.
func FromModel(o model.Organisation, parent string) Org {
	return Org{Kind: o.Kind, Code: o.Code, Name: o.Name, Parent: parent, Category: o.Category,
		RegionCode: o.RegionCode, RegionName: o.RegionName, Population: o.Population, AreaKm2: o.AreaKm2}
}

// Model converts o to a stored organisation without ids.
func (o Org) Model() model.Organisation {
	return model.Organisation{Kind: o.Kind, Code: o.Code, Name: o.Name, Category: o.Category,
		RegionCode: o.RegionCode, RegionName: o.RegionName, Population: o.Population, AreaKm2: o.AreaKm2}
}

// Key identifies an organisation: codes are unique per kind.
func (o Org) Key() string { return string(o.Kind) + " " + o.Code }

// field returns the value of a column as the file writes it.
func (o Org) field(col string) string {
	switch col {
	case "kind":
		return string(o.Kind)
	case "code":
		return o.Code
	case "name":
		return o.Name
	case "parent_code":
		return o.Parent
	case "category":
		return o.Category
	case "region_code":
		return o.RegionCode
	case "region_name":
		return o.RegionName
	case "population":
		if o.Population == 0 {
			return ""
		}
		return strconv.Itoa(o.Population)
	case "area_km2":
		if o.AreaKm2 == 0 {
			return ""
		}
		return strconv.FormatFloat(o.AreaKm2, 'f', -1, 64)
	}
	panic("orgs: unknown column " + col)
}

// kindOrder sorts the kinds as export writes them: parents before children.
var kindOrder = map[model.OrgKind]int{model.OrgCentral: 0, model.OrgSupplier: 1, model.OrgMunicipality: 2, model.OrgInstitution: 3}

// Sort orders organisations as export writes them: central, suppliers,
// municipalities by code number, institutions by municipality and code.
func Sort(os []Org) {
	slices.SortStableFunc(os, func(a, b Org) int {
		if c := kindOrder[a.Kind] - kindOrder[b.Kind]; c != 0 {
			return c
		}
		if a.Kind == model.OrgInstitution {
			if c := compareCodes(a.Parent, b.Parent); c != 0 {
				return c
			}
		}
		return compareCodes(a.Code, b.Code)
	})
}

// compareCodes orders numbers numerically (101 before 1000) and other
// codes as text.
func compareCodes(a, b string) int {
	if len(a) != len(b) {
		_, errA := strconv.Atoi(a)
		_, errB := strconv.Atoi(b)
		if errA == nil && errB == nil {
			return len(a) - len(b)
		}
	}
	return strings.Compare(a, b)
}

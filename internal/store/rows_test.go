package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Store rows carry no JSON tags: what the API sends is a domain type of
// model or of the feature's package, or a view of web (issue 11). A row
// that grows a JSON tag is the API's shape leaking into the store.
func TestRowsHaveNoJSONTags(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			for _, fld := range st.Fields.List {
				if fld.Tag == nil {
					continue
				}
				tag := reflect.StructTag(strings.Trim(fld.Tag.Value, "`"))
				if _, ok := tag.Lookup("json"); ok {
					t.Errorf("%s: a store row has a JSON tag %s", fset.Position(fld.Pos()), fld.Tag.Value)
				}
			}
			return true
		})
	}
}

package catalogue_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

// depCatalogue is a three-task catalogue; deps is the YAML of each task's
// depends_on line (empty: none). Task a's depends_on is on line 16, b's on 27, c's on 38.
func depCatalogue(deps map[string]string) string {
	var b strings.Builder
	b.WriteString("format: 1\nprogramme:\n  key: dep\n  name: Afhængigheder\ntasks:\n")
	for _, k := range []string{"a", "b", "c"} {
		b.WriteString("  - key: " + k + "k\n    title: Opgave " + k + "\n    theme: projektstyring\n    main_task: 3\n" +
			"    phase: \"2.1\"\n    type: obligatorisk\n    responsible: Kommunen\n    executor: Projektleder\n" +
			"    start: -30\n    end: -20\n")
		if d, ok := deps[k]; ok {
			b.WriteString("    depends_on: " + d + "\n")
		} else {
			b.WriteString("    # ingen afhængigheder\n")
		}
	}
	return b.String()
}

func TestDependsOnForms(t *testing.T) {
	im := implModel(t)
	src := depCatalogue(map[string]string{
		"b": `[ak]`,
		"c": `["ak:SS+2", {task: bk, type: ff, lag: -1}]`,
	})
	c, err := catalogue.Parse(fileName, []byte(src), im)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Tasks[1].DependsOn; !reflect.DeepEqual(got, []model.Dependency{{Task: "ak", Type: "FS"}}) {
		t.Errorf("b depends_on = %+v", got)
	}
	want := []model.Dependency{{Task: "ak", Type: "SS", Lag: 2}, {Task: "bk", Type: "FF", Lag: -1}}
	if got := c.Tasks[2].DependsOn; !reflect.DeepEqual(got, want) {
		t.Errorf("c depends_on = %+v, want %+v", got, want)
	}
}

func TestDependsOnProblems(t *testing.T) {
	im := implModel(t)
	for _, tt := range []struct {
		name string
		deps map[string]string
		line int
		want string
	}{
		{"unknown task", map[string]string{"b": "[xk]"}, 27, `opgaven "bk" afhænger af "xk", som ikke findes i kataloget`},
		{"cycle names the tasks", map[string]string{"a": "[ck]", "b": "[ak]", "c": "[bk]"}, 16, "afhængighederne danner en løkke: ak → bk → ck → ak"},
		{"self", map[string]string{"a": "[ak]"}, 16, `opgaven "ak" kan ikke afhænge af sig selv`},
		{"bad compact form", map[string]string{"a": `["bk:XX+1"]`}, 16, `"bk:XX+1" er ikke en afhængighed`},
		{"bad type", map[string]string{"a": `[{task: bk, type: SF}]`}, 16, `ukendt afhængighedstype "SF"`},
		{"huge lag", map[string]string{"a": `["bk+900"]`}, 16, "urealistisk"},
		{"twice", map[string]string{"a": `[bk, "bk:SS"]`}, 16, `afhængigheden af "bk" står to gange`},
		{"not a list", map[string]string{"a": `bk`}, 16, "skal være en liste"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalogue.Parse(fileName, []byte(depCatalogue(tt.deps)), im)
			var inv *catalogue.Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("Parse error = %v, want *Invalid", err)
			}
			for _, p := range inv.Problems {
				if strings.Contains(p.Message, tt.want) {
					if p.Line != tt.line || p.File != fileName || !strings.Contains(p.Field, "depends_on") {
						t.Errorf("problem %s: want line %d and a depends_on field", p, tt.line)
					}
					return
				}
			}
			t.Errorf("problems %v do not mention %q", inv.Problems, tt.want)
		})
	}
}

func TestCompactDependencyRoundTrip(t *testing.T) {
	for _, s := range []string{"ksd-ps-08", "ksd-ps-08+3", "ksd-ps-08:SS", "ksd-ps-08:SS+2", "ksd-ps-08:FS-1", "ksd-ps-08:FF-2", "a-2"} {
		d, err := catalogue.ParseDependency(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if got := catalogue.FormatDependency(d); got != s {
			t.Errorf("FormatDependency(ParseDependency(%q)) = %q (%+v)", s, got, d)
		}
	}
	if d, _ := catalogue.ParseDependency("a-2"); d.Task != "a-2" || d.Lag != 0 {
		t.Errorf(`"a-2" is the key a-2, not a with lag -2: %+v`, d)
	}
}

func TestDiffSeesDependencies(t *testing.T) {
	a := model.CatalogueTask{Key: "x", DependsOn: []model.Dependency{{Task: "y", Type: "FS"}}}
	b := a
	b.DependsOn = []model.Dependency{{Task: "y", Type: "SS"}}
	if got := catalogue.ChangedFields(&a, &b); !reflect.DeepEqual(got, []string{"depends_on"}) {
		t.Errorf("ChangedFields = %v", got)
	}
}

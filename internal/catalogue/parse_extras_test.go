package catalogue_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/model"
)

// TestParseChecklistAndLinks reads the optional checklist and links of the
// last task of testdata/valid.yaml (which ends at line 53).
func TestParseChecklistAndLinks(t *testing.T) {
	lines := keep(53,
		"    checklist:",
		"      - Aftalen er underskrevet",
		"      - key: budget",
		"        text: Budgettet er godkendt",
		"    links:",
		"      - title: KOMBIT",
		"        url: https://www.kombit.dk/",
		"      - title: Vejledning",
		"        url: http://example.org/vejledning?side=2#afsnit",
	)(t, validLines(t))
	c, err := catalogue.Parse(fileName, []byte(strings.Join(lines, "\n")+"\n"), implModel(t))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	got := c.Tasks[2]
	wantList := []model.ChecklistItem{
		{Key: model.ChecklistKey("Aftalen er underskrevet"), Text: "Aftalen er underskrevet"},
		{Key: "budget", Text: "Budgettet er godkendt"},
	}
	wantLinks := []model.Link{{Title: "KOMBIT", URL: "https://www.kombit.dk/"}, {Title: "Vejledning", URL: "http://example.org/vejledning?side=2#afsnit"}}
	if !reflect.DeepEqual(got.Checklist, wantList) {
		t.Errorf("checklist %+v, want %+v", got.Checklist, wantList)
	}
	if !reflect.DeepEqual(got.Links, wantLinks) {
		t.Errorf("links %+v, want %+v", got.Links, wantLinks)
	}
	if c.Tasks[0].Checklist != nil || c.Tasks[0].Links != nil {
		t.Errorf("a task without checklist and links got %+v %+v", c.Tasks[0].Checklist, c.Tasks[0].Links)
	}
}

func TestChecklistKey(t *testing.T) {
	k := model.ChecklistKey("Aftalen er underskrevet")
	if len(k) != 13 || k[0] != 't' {
		t.Errorf("key %q: want t and 12 hex digits", k)
	}
	if model.ChecklistKey("  aftalen er\n underskrevet ") != k {
		t.Error("re-wrapping or a change of case gave another key")
	}
	if model.ChecklistKey("Aftalen er underskrevet af begge") == k {
		t.Error("another text gave the same key")
	}
}

func TestParseChecklistAndLinkProblems(t *testing.T) {
	im := implModel(t)
	tests := []struct {
		name string
		more []string // appended to the last task (line 54 on)
		want []want
	}{
		{name: "checklist not a list", more: []string{"    checklist: Underskriv aftalen"},
			want: []want{{54, "tasks[2].checklist", "skal være en liste"}}},
		{name: "empty checklist item", more: []string{"    checklist:", `      - ""`},
			want: []want{{55, "tasks[2].checklist[0]", "må ikke være tomt"}}},
		{name: "checklist item a list", more: []string{"    checklist:", "      - [a, b]"},
			want: []want{{55, "tasks[2].checklist[0]", "skal være en tekst"}}},
		{name: "checklist item too long", more: []string{"    checklist:", "      - " + strings.Repeat("x", 201)},
			want: []want{{55, "tasks[2].checklist[0]", "for langt (201 tegn; højst 200)"}}},
		{name: "duplicate checklist item names the first line", more: []string{"    checklist:", "      - Punkt", "      - punkt"},
			want: []want{{56, "tasks[2].checklist[1]", "står allerede på linje 55"}}},
		{name: "checklist item with unknown field", more: []string{"    checklist:", "      - key: a1", "        text: Punkt", "        done: true"},
			want: []want{{57, "tasks[2].checklist[0].done", "ukendt felt"}}},
		{name: "checklist item with a bad key", more: []string{"    checklist:", "      - key: Æ", "        text: Punkt"},
			want: []want{{55, "tasks[2].checklist[0].key", "ikke en gyldig nøgle"}}},
		{name: "links not a list", more: []string{"    links: https://www.kombit.dk/"},
			want: []want{{54, "tasks[2].links", "skal være en liste"}}},
		{name: "link a text, not a mapping", more: []string{"    links:", "      - https://www.kombit.dk/"},
			want: []want{{55, "tasks[2].links[0]", "skal være en samling af felter"}}},
		{name: "link without url", more: []string{"    links:", "      - title: KOMBIT"},
			want: []want{{55, "tasks[2].links[0].url", "mangler"}}},
		{name: "link without title", more: []string{"    links:", "      - url: https://www.kombit.dk/"},
			want: []want{{55, "tasks[2].links[0].title", "mangler"}}},
		{name: "relative url", more: []string{"    links:", "      - title: KOMBIT", "        url: www.kombit.dk"},
			want: []want{{56, "tasks[2].links[0].url", `"www.kombit.dk" er ikke en gyldig adresse`}}},
		{name: "javascript url", more: []string{"    links:", "      - title: KOMBIT", "        url: javascript:alert(1)"},
			want: []want{{56, "tasks[2].links[0].url", "begynder med https:// eller http://"}}},
		{name: "ftp url", more: []string{"    links:", "      - title: KOMBIT", "        url: ftp://kombit.dk/fil"},
			want: []want{{56, "tasks[2].links[0].url", "ikke en gyldig adresse"}}},
		{name: "url without host", more: []string{"    links:", "      - title: KOMBIT", "        url: https:///sti"},
			want: []want{{56, "tasks[2].links[0].url", "ikke en gyldig adresse"}}},
		{name: "url a list (wrong type)", more: []string{"    links:", "      - title: KOMBIT", "        url: [https://kombit.dk/]"},
			want: []want{{56, "tasks[2].links[0].url", "skal være en tekst"}}},
		{name: "second link bad, first fine", more: []string{"    links:", "      - title: KOMBIT", "        url: https://kombit.dk/",
			"      - title: Andet", "        url: kombit"},
			want: []want{{58, "tasks[2].links[1].url", "ikke en gyldig adresse"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := keep(53, tt.more...)(t, validLines(t))
			src := strings.Join(lines, "\n") + "\n"
			c, err := catalogue.Parse(fileName, []byte(src), im)
			if c != nil {
				t.Errorf("got a catalogue together with problems")
			}
			var inv *catalogue.Invalid
			if !errors.As(err, &inv) {
				t.Fatalf("want *catalogue.Invalid, got %T %v", err, err)
			}
			for _, d := range compareProblems(inv.Problems, tt.want) {
				t.Error(d)
			}
		})
	}
}

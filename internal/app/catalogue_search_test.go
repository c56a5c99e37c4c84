package app_test

import (
	"context"
	"slices"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestSearchCatalogue: every word must match somewhere – title, key,
// executor, theme or phase name, type – whatever the case.
func TestSearchCatalogue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, url string) {
		a := newApp(t, url)
		publish(t, a, "testdata/mini-v1.yaml")
		c, err := a.Catalogue(context.Background(), "mini")
		if err != nil {
			t.Fatal(err)
		}
		keys := func(q string) []string {
			var out []string
			for _, x := range a.SearchCatalogue(c.Tasks, q) {
				out = append(out, x.Key)
			}
			return out
		}
		for _, tc := range []struct {
			q    string
			want int
			has  string
		}{
			{"", len(c.Tasks), "m-krit"},
			{"  ", len(c.Tasks), "m-krit"},
			{"databehandleraftale", 1, "m-krit"},
			{"DATABEHANDLER", 1, "m-krit"},
			{"m-obl", 1, "m-obl"},
			{"kritisk vej", 2, "m-krit"},       // the type's label
			{"forandringsledelse", 1, "m-obl"}, // the theme's name
			{"databehandler kommunikation", 0, ""},
			{"findes-ikke", 0, ""},
		} {
			got := keys(tc.q)
			if len(got) != tc.want {
				t.Errorf("search %q: %v, want %d tasks", tc.q, got, tc.want)
				continue
			}
			if tc.has != "" && !slices.Contains(got, tc.has) {
				t.Errorf("search %q: %v, want %s among them", tc.q, got, tc.has)
			}
		}
	})
}

package web

import (
	"net/http"
	"testing"
)

// A route cannot be registered without an access rule: the server does
// not start.
func TestRouteWithoutRuleStopsTheServer(t *testing.T) {
	for _, ru := range []rule{0, ruleEnd, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("handle with rule %d did not panic", ru)
				}
			}()
			(&router{s: &Server{}, mux: http.NewServeMux()}).handle("GET /x", ru, http.NotFoundHandler())
		}()
	}
}

// Every registered route lists its rule by name, once.
func TestRoutesListEveryRuleByName(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Routes() {
		if r.Rule == "" {
			t.Errorf("%s: rule has no name", r.Pattern)
		}
		if seen[r.Pattern] {
			t.Errorf("%s registered twice", r.Pattern)
		}
		seen[r.Pattern] = true
	}
	if len(seen) < 100 {
		t.Errorf("only %d routes", len(seen))
	}
}

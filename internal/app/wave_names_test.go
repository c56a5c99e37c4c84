package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestPublishWaveNames: renaming a wave in the catalogue is a change of its
// own – a new version naming the setting "waves" – and pages read the new
// name; publishing the same names again changes nothing.
func TestPublishWaveNames(t *testing.T) {
	named := func(name string) func(string) string {
		return func(s string) string {
			return strings.Replace(s, "  warning_days: 3\n", "  warning_days: 3\n  waves:\n    - {number: 1, name: "+name+"}\n", 1)
		}
	}
	storetest.Each(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a := newApp(t, url)
		first := publishMini(t, a, named("Pilot 1"))
		res := publishMini(t, a, named("Pilot Nord"))
		if res.Unchanged || res.Version != first.Version+1 || !slices.Equal(res.Settings, []string{"waves"}) || len(res.Changes) != 0 {
			t.Fatalf("renaming a wave: version %d (after %d), unchanged %v, settings %q, %d task changes; want a new version with settings [waves]",
				res.Version, first.Version, res.Unchanged, res.Settings, len(res.Changes))
		}
		o, err := a.Overview(ctx, nil, "mini", model.NewDate(2027, 2, 1))
		if err != nil {
			t.Fatal(err)
		}
		if got := o.WaveNames.Label(1); got != "Pilot Nord" {
			t.Errorf("wave 1 is shown as %q, want the new name", got)
		}
		if again := publishMini(t, a, named("Pilot Nord")); !again.Unchanged {
			t.Errorf("the same names again made version %d", again.Version)
		}
	})
}

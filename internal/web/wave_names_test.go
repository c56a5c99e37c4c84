package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store/storetest"
)

// TestWaveNamesOnPages: a programme whose catalogue names its waves (seed
// 001's "Pilot 1") shows the names on the plan page, the national overview
// (waves table, municipalities and the wave filter) and the pages that take
// the names from their route's programme (follow-up filter, benefits,
// a task across municipalities, risk registers, hypercare, reports, the
// handbook) and a municipality across programmes (each row's programme's
// names); a wave it does not name keeps its number.
func TestWaveNamesOnPages(t *testing.T) {
	ctx := context.Background()
	w := newMiniWorldOf(t, storetest.EmptySQLiteURL(t), func(src []byte) []byte {
		return bytes.Replace(src, []byte("  warning_days: 3\n"), []byte("  warning_days: 3\n  waves:\n    - {number: 1, name: Pilot 1}\n"), 1)
	})
	if _, err := w.a.Enrol(ctx, app.System("test"), "mini", []app.Enrolment{{Code: "101", GoLive: model.NewDate(2027, 3, 22), Wave: 1},
		{Code: "147", GoLive: model.NewDate(2027, 5, 24), Wave: 2}}); err != nil {
		t.Fatal(err)
	}
	coord := w.user(t, "k@kombit.example", access.Coordinator, "kombit")
	for path, want := range map[string][]string{
		"/programmes/mini/municipalities/101": {"<dt>Bølge</dt><dd>Pilot 1</dd>"},
		"/programmes/mini/municipalities/147": {"<dt>Bølge</dt><dd>2</dd>"},
		"/programmes/mini":                    {`<th scope="row">Pilot 1</th>`, `<th scope="row">2</th>`, `<option value="1">Pilot 1</option>`, "<td>Pilot 1</td>"},
		// Pages that get the names from their route's programme (.WaveNames).
		"/programmes/mini/followup":                         {`<option value="1">Pilot 1</option>`, `<option value="2">Bølge 2</option>`},
		"/programmes/mini/gevinster":                        {`<th scope="row">Pilot 1</th>`, `<th scope="row">Bølge 2</th>`},
		"/programmes/mini/catalogue/tasks/m-krit/kommuner":  {`<option value="1">Pilot 1</option>`, `<option value="2">Bølge 2</option>`, "<td>Pilot 1</td>", "<td>2</td>"},
		"/programmes/mini/risici":                           {"Hypercareteamets register, Pilot 1<", "Hypercareteamets register, Bølge 2<"},
		"/programmes/mini/risici/hypercare/1":               {"<h1>Risikoregister: Hypercareteamet, Pilot 1 – ", "register for Pilot 1 ses"},
		"/programmes/mini/hypercare":                        {"<h2>Pilot 1 (", "<h2>Bølge 2 ("},
		"/kommuner/101/paa-tvaers":                          {"<td>Pilot 1</td>"},
		"/programmes/mini/rapport":                          {`<a href="#boelge-1">Pilot 1</a>`, `<h2 id="boelge-2">Bølge 2</h2>`},
		"/programmes/mini/municipalities/101/statusrapport": {"(Pilot 1)"},
		"/programmes/mini/municipalities/101/haandbog":      {" · Pilot 1</p>"},
		"/programmes/mini/municipalities/147/haandbog":      {" · Bølge 2</p>"},
	} {
		rec := coord.get(t, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		for _, text := range want {
			if !strings.Contains(rec.Body.String(), text) {
				t.Errorf("%s does not show %q", path, text)
			}
		}
	}
}

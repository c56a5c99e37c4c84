package gen_test

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"testing"

	"github.com/udrul/udrul/internal/paging"
)

// The Redmine comparison (issue 15): "open critical tasks past their end
// date, all municipalities, first 100" as one paged request in the
// one-million-instance database – App.TaskInstances with
// type=kritisk&colour=red&limit=100 plus the JSON the API sends; then the
// next page by its cursor. Redmine answered the same question in 598 ms
// (median, 100 per page); scripts/overdue-side-by-side.sh re-measures both.
func BenchmarkOverdueCritical1M(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			a, st := bigApp(b, kind)
			ctx := context.Background()
			spec := paging.Spec{Name: "tasks", Filters: []string{paging.ParamType, paging.ParamColour}}
			q, err := paging.Parse(url.Values{"type": {"kritisk"}, "colour": {"red"}, "limit": {"100"}}, spec)
			if err != nil {
				b.Fatal(err)
			}
			first, err := a.TaskInstances(ctx, st.Programme, st.Asof, q)
			if err != nil {
				b.Fatal(err)
			}
			if len(first.Items) != 100 || first.Page.NextCursor == "" {
				b.Fatalf("first page: %d items, total %d", len(first.Items), first.Page.Total)
			}
			b.Logf("as of %s: %d open critical tasks past their end date", st.Asof, first.Page.Total)
			q2, err := paging.Parse(url.Values{"type": {"kritisk"}, "colour": {"red"}, "limit": {"100"}, "cursor": {first.Page.NextCursor}}, spec)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct {
				name string
				q    paging.Query
			}{{"first", q}, {"next", q2}} {
				b.Run(c.name, func(b *testing.B) {
					for range b.N {
						p, err := a.TaskInstances(ctx, st.Programme, st.Asof, c.q)
						if err != nil {
							b.Fatal(err)
						}
						if err := json.NewEncoder(io.Discard).Encode(p); err != nil {
							b.Fatal(err)
						}
					}
					reportMS(b)
				})
			}
		})
	}
}

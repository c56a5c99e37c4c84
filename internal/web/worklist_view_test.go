package web

import (
	"net/http/httptest"
	"testing"

	"github.com/udrul/udrul/internal/app"
)

func worklistOf(n int) []app.WorklistTask {
	ts := make([]app.WorklistTask, n)
	for i := range ts {
		ts[i].ID = int64(i + 1)
	}
	return ts
}

// TestPageOfWorklist: 50 rows a page, links to the neighbours keep the
// filters and drop a form's outcome, a page past the end is refused.
func TestPageOfWorklist(t *testing.T) {
	for _, tc := range []struct {
		n          int
		query      string
		wantPage   int
		wantPages  int
		first      int64
		rows       int
		prev, next string
		err        string
	}{
		{n: 0, wantPage: 1, wantPages: 1, rows: 0},
		{n: 50, wantPage: 1, wantPages: 1, first: 1, rows: 50},
		{n: 51, wantPage: 1, wantPages: 2, first: 1, rows: 50, next: "/f?side=2&wave=3"},
		{n: 51, query: "side=2", wantPage: 2, wantPages: 2, first: 51, rows: 1, prev: "/f?side=1&wave=3"},
		{n: 120, query: "side=2&gemt=ansvarlig&n=1", wantPage: 2, wantPages: 3, first: 51, rows: 50, prev: "/f?side=1&wave=3", next: "/f?side=3&wave=3"},
		{n: 51, query: "side=3", err: "side 3 findes ikke; listen har 2 sider"},
		{n: 10, query: "side=0", err: `side="0" er ikke et sidetal`},
		{n: 10, query: "side=x", err: `side="x" er ikke et sidetal`},
	} {
		q := "wave=3"
		if tc.query != "" {
			q += "&" + tc.query
		}
		r := httptest.NewRequest("GET", "/f?"+q, nil)
		// The database cuts the page (app.WorklistOptions); here the
		// whole list is cut the same way.
		n, err := pageNumber(r)
		var p worklistPage
		if err == nil {
			all := worklistOf(tc.n)
			from := min((n-1)*worklistPageSize, len(all))
			p, err = pageOfWorklist(r, n, all[from:min(from+worklistPageSize, len(all))], len(all))
		}
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%d rows, %s: error %v, want %q", tc.n, q, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%d rows, %s: %v", tc.n, q, err)
		}
		if p.Page != tc.wantPage || p.Pages != tc.wantPages || len(p.Tasks) != tc.rows || p.Prev != tc.prev || p.Next != tc.next {
			t.Errorf("%d rows, %s: page %d/%d, %d rows, prev %q next %q", tc.n, q, p.Page, p.Pages, len(p.Tasks), p.Prev, p.Next)
		}
		if tc.rows > 0 && p.Tasks[0].ID != tc.first {
			t.Errorf("%d rows, %s: first row %d, want %d", tc.n, q, p.Tasks[0].ID, tc.first)
		}
	}
}

package paging

import (
	"errors"
	"net/url"
	"testing"

	"github.com/udrul/udrul/internal/model"
)

var taskSpec = Spec{Name: "t", Filters: []string{ParamWave, ParamMunicipality, ParamType, ParamStatus, ParamColour, ParamFrom, ParamTo, ParamPhase},
	Phases: []string{"1", "2"}, Context: []string{"asof"}}

func TestParseRefusesNamingTheParameter(t *testing.T) {
	for _, c := range []struct {
		query, param string
		status       int
	}{
		{"limit=0", ParamLimit, 400},
		{"limit=x", ParamLimit, 400},
		{"limit=1001", ParamLimit, 422},
		{"wave=-1", ParamWave, 400},
		{"type=vigtig", ParamType, 422},
		{"status=done", ParamStatus, 422},
		{"colour=blue", ParamColour, 422},
		{"from=2027-13-01", ParamFrom, 400},
		{"from=2027-03-02&to=2027-03-01", ParamTo, 422},
		{"phase=9", ParamPhase, 422},
		{"theme=x", ParamTheme, 422}, // a filter this list does not have
		{"cursor=%%%", ParamCursor, 400},
	} {
		v, err := url.ParseQuery(c.query)
		if err != nil {
			v = url.Values{ParamCursor: {"%%%"}}
		}
		_, err = Parse(v, taskSpec)
		var pe *Error
		if !errors.As(err, &pe) || pe.Param != c.param || pe.Status != c.status {
			t.Errorf("%s: got %v (%+v), want %s %d", c.query, err, pe, c.param, c.status)
		}
	}
}

func TestParseLimits(t *testing.T) {
	q, err := Parse(url.Values{}, taskSpec)
	if err != nil || q.Limit != DefaultLimit {
		t.Fatalf("default: %d %v", q.Limit, err)
	}
	compat := taskSpec
	compat.Compat = true
	if q, _ := Parse(url.Values{}, compat); q.Limit != 0 || q.Paged() {
		t.Fatalf("compat without limit must be the whole list: %d", q.Limit)
	}
	if q, _ := Parse(url.Values{"limit": {"1000"}}, compat); q.Limit != 1000 {
		t.Fatalf("limit 1000: %d", q.Limit)
	}
	q, _ = Parse(url.Values{"status": {"open,fuldfoert"}, "type": {"kritisk"}}, taskSpec)
	if len(q.Statuses) != 3 || q.Statuses[0] != "fuldfoert" || q.Types[0] != model.Critical {
		t.Fatalf("open expands to not started and started: %v", q.Statuses)
	}
}

type item struct {
	id  int
	end model.Date
	c   model.Colour
}

func TestPageWalksEveryItemOnceWithStableCursor(t *testing.T) {
	d := mustDate("2027-03-01")
	var items []item
	for i := 1; i <= 25; i++ {
		c := model.Red
		if i%3 == 0 {
			c = model.Green
		}
		items = append(items, item{i, d.AddDays(i % 5), c})
	}
	fields := func(x item) Fields { return Fields{Colour: x.c, Date: x.end} }
	key := func(x item) string { return Key(x.end, x.id) }
	v := url.Values{"colour": {"red"}, "limit": {"4"}}
	seen := map[int]bool{}
	pages := 0
	last := ""
	for {
		q, err := Parse(v, taskSpec)
		if err != nil {
			t.Fatal(err)
		}
		page, info := Page(items, q, fields, key)
		pages++
		if want := 17 - min(pages-1, 1); info.Total != want {
			t.Fatalf("page %d: total %d, want %d red", pages, info.Total, want)
		}
		for _, x := range page {
			if x.c != model.Red || seen[x.id] {
				t.Fatalf("item %d: colour %s, seen %v", x.id, x.c, seen[x.id])
			}
			seen[x.id] = true
			if k := key(x); k <= last {
				t.Fatalf("out of order: %q after %q", k, last)
			}
			last = key(x)
		}
		if info.NextCursor == "" {
			break
		}
		v.Set("cursor", info.NextCursor)
		// Keyset, not offset: an item removed before the cursor (item 5, the
		// first shown) shifts nothing.
		if pages == 1 {
			items = append(items[:4:4], items[5:]...)
		}
	}
	if pages != 5 || len(seen) != 17 {
		t.Fatalf("%d pages, %d items", pages, len(seen))
	}
	// A cursor of other filters is refused.
	v.Set("colour", "green")
	if _, err := Parse(v, taskSpec); err == nil {
		t.Fatal("cursor accepted for other filters")
	}
}

func TestMatchDateRange(t *testing.T) {
	d := mustDate("2027-03-01")
	q := Query{From: d, To: d.AddDays(2)}
	for _, c := range []struct {
		d    model.Date
		want bool
	}{{d.AddDays(-1), false}, {d, true}, {d.AddDays(2), true}, {d.AddDays(3), false}, {model.NoDate, false}} {
		if got := q.Match(Fields{Date: c.d}); got != c.want {
			t.Errorf("%s: %v", c.d, got)
		}
	}
}

func mustDate(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

package web

import (
	"strings"
	"testing"
)

func TestWrapTables(t *testing.T) {
	in := `<h1>x</h1><table class="table"><caption>Kommuner &amp; <span>bølger</span> (98)</caption><tr><td>1</td></tr></table>` +
		`<p>y</p><table><tr><td>2</td></tr></table>` +
		`<div class="table-scroll" tabindex="0" role="region" aria-label="Egen">` + "\n" + `<table><caption>Egen</caption></table></div>`
	got := string(wrapTables([]byte(in)))
	want := `<h1>x</h1><div class="table-scroll" tabindex="0" role="region" aria-label="Kommuner &amp; bølger (98)"><table class="table"><caption>Kommuner &amp; <span>bølger</span> (98)</caption><tr><td>1</td></tr></table></div>` +
		`<p>y</p><div class="table-scroll" tabindex="0" role="region" aria-label="Tabel"><table><tr><td>2</td></tr></table></div>` +
		`<div class="table-scroll" tabindex="0" role="region" aria-label="Egen">` + "\n" + `<table><caption>Egen</caption></table></div>`
	if got != want {
		t.Errorf("wrapTables:\n got %s\nwant %s", got, want)
	}
	if s := "<p>ingen tabeller</p>"; string(wrapTables([]byte(s))) != s {
		t.Error("a page without tables changed")
	}
	if n := strings.Count(string(wrapTables([]byte(got))), "table-scroll"); n != 3 {
		t.Errorf("wrapping twice: %d regions, want 3", n)
	}
}

package markdown_test

import (
	"testing"

	"github.com/udrul/udrul/internal/markdown"
)

func TestHTML(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		// A single line break stays a line break in the HTML, which the
		// browser shows as a space.
		{"paragraphs; a single newline is a space", "Første linje\nfortsat.\r\n\r\nAnden.", "<p>Første linje\nfortsat.</p>\n<p>Anden.</p>\n"},
		{"bold and italics", "**Leverer:** et *kommissorium* og _mødeplan_.", "<p><strong>Leverer:</strong> et <em>kommissorium</em> og <em>mødeplan</em>.</p>\n"},
		{"italics inside bold", "**a *b* c**", "<p><strong>a <em>b</em> c</strong></p>\n"},
		{"bullet list", "- én\n- to", "<ul>\n<li>én</li>\n<li>to</li>\n</ul>\n"},
		{"numbered list", "1. én\n2. to", "<ol>\n<li>én</li>\n<li>to</li>\n</ol>\n"},
		{"a list may follow a line of text", "Punkter:\n- én", "<p>Punkter:</p>\n<ul>\n<li>én</li>\n</ul>\n"},
		{"headings start at h3", "# Formål\n\n### Detalje\n\n##### Dybt", "<h3>Formål</h3>\n<h5>Detalje</h5>\n<h6>Dybt</h6>\n"},
		{"not a heading without a space", "#hashtag", "<p>#hashtag</p>\n"},
		{"link", "Se [vejledningen](https://www.kombit.dk/ksd?a=1&b=2).", `<p>Se <a href="https://www.kombit.dk/ksd?a=1&amp;b=2">vejledningen</a>.</p>` + "\n"},
		{"emphasis marks in an address stay in the address", "[a](https://x.dk/**b**)", `<p><a href="https://x.dk/**b**">a</a></p>` + "\n"},
		{"mailto and relative links", "[skriv](mailto:ksd@kombit.dk) og [planen](/planer/3)", `<p><a href="mailto:ksd@kombit.dk">skriv</a> og <a href="/planer/3">planen</a></p>` + "\n"},
		{"a javascript link is its text", "[klik](javascript:alert(1))", "<p>klik</p>\n"},
		{"in any case", "[klik](JaVaScRiPt:alert(1))", "<p>klik</p>\n"},
		{"other schemes are text", "[a](vbscript:x) [b](data:text/html,x) [c](ftp://x.dk/f)", "<p>a b c</p>\n"},
		{"character references cannot hide a scheme", "[a](java&#115;cript:x) [b](&#x66;tp://x.dk)", "<p>a b</p>\n"},
		{"a javascript reference link is its text", "[klik][r]\n\n[r]: javascript:alert(1)", "<p>klik</p>\n"},
		{"autolinks: http(s) and e-mail only", "<https://x.dk> <ksd@kombit.dk> <javascript:alert(1)>",
			`<p><a href="https://x.dk">https://x.dk</a> <a href="mailto:ksd@kombit.dk">ksd@kombit.dk</a> &lt;javascript:alert(1)&gt;</p>` + "\n"},
		{"an image is its description", "![logo *KSD*](https://x.dk/l.png)", "<p>logo <em>KSD</em></p>\n"},
		{"HTML is text", `<script>alert("x")</script> & <b>`, "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;</p>\n"},
		{"an HTML block is text", "<div onclick=\"x\">\nhej\n</div>", "<p>&lt;div onclick=&quot;x&quot;&gt;\nhej\n&lt;/div&gt;</p>\n"},
		{"a quote cannot leave the link", `[a](https://x.dk/"onmouseover=x)`, `<p><a href="https://x.dk/%22onmouseover=x">a</a></p>` + "\n"},
		{"code is not marked up", "Kør `**ikke** fed` nu", "<p>Kør <code>**ikke** fed</code> nu</p>\n"},
		{"underscores inside words stay", "it_chef_x og snake_case", "<p>it_chef_x og snake_case</p>\n"},
		{"empty", "  \n\n ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(markdown.HTML(tc.src)); got != tc.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

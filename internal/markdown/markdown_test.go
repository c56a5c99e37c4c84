package markdown_test

import (
	"testing"

	"github.com/udrul/udrul/internal/markdown"
)

func TestHTML(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"paragraphs; a single newline is a space", "Første linje\nfortsat.\r\n\r\nAnden.", "<p>Første linje fortsat.</p>\n<p>Anden.</p>\n"},
		{"bold and italics", "**Leverer:** et *kommissorium* og _mødeplan_.", "<p><strong>Leverer:</strong> et <em>kommissorium</em> og <em>mødeplan</em>.</p>\n"},
		{"bullet list", "- én\n* to", "<ul>\n<li>én</li>\n<li>to</li>\n</ul>\n"},
		{"numbered list", "1. én\n2) to", "<ol>\n<li>én</li>\n<li>to</li>\n</ol>\n"},
		{"a list line among text is text", "Punkter:\n- én", "<p>Punkter: - én</p>\n"},
		{"headings start at h3", "# Formål\n\n### Detalje", "<h3>Formål</h3>\n<h5>Detalje</h5>\n"},
		{"not a heading without a space", "#hashtag", "<p>#hashtag</p>\n"},
		{"link", "Se [vejledningen](https://www.kombit.dk/ksd?a=1&b=2).", `<p>Se <a href="https://www.kombit.dk/ksd?a=1&amp;b=2">vejledningen</a>.</p>` + "\n"},
		{"only http(s) links", "[klik](javascript:alert(1))", "<p>[klik](javascript:alert(1))</p>\n"},
		{"HTML is text", `<script>alert("x")</script> & <b>`, "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;</p>\n"},
		{"a quote cannot leave the link", `[a](https://x.dk/"onmouseover=x)`, `<p><a href="https://x.dk/&#34;onmouseover=x">a</a></p>` + "\n"},
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

package cli_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestBrowser runs the browser suite in headless Chromium against the real
// server with the full demo data, in two halves that run in parallel, each
// on a server and copy of the demo of its own:
//
//   - flow (e2e/run.mjs): axe-core over every page type (WCAG 2.1 A and
//     AA), the keyboard skip link, and the end-to-end flow in which a
//     project lead completes a task, it turns green, the coordinator's
//     national overview counts it, and another municipality's lead can
//     neither see nor change it. With SCREENSHOTS=1 in the environment
//     screenshots land in e2e/screenshots.
//   - crawl (e2e/crawl.mjs): every role follows every link from its home
//     page; no link is refused or missing, and every page kind passes axe.
//
// Apart, the halves let go test spread them over the machine's cores
// (docs/performance.md, "Test suite"). .ci/run installs Chromium and the
// npm packages; elsewhere the test skips, saying what is missing.
func TestBrowser(t *testing.T) {
	t.Parallel() // its own servers and databases; overlaps the storetest.Each tests
	if testing.Short() {
		t.Skip("browser suite: skipped with -short")
	}
	e2e, err := filepath.Abs("../../e2e")
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("browser suite: node is not installed")
	}
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("browser suite: /usr/bin/chromium is missing (apt-get install chromium)")
	}
	if _, err := os.Stat(filepath.Join(e2e, "node_modules", "playwright-core")); err != nil {
		t.Skip("browser suite: e2e/node_modules is missing (npm ci --prefix e2e)")
	}
	for _, half := range []struct{ name, script string }{{"flow", "run.mjs"}, {"crawl", "crawl.mjs"}} {
		t.Run(half.name, func(t *testing.T) {
			t.Parallel()
			base := startServer(t, demoDB(t))
			run, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
			defer cancel()
			start := time.Now()
			out, err := exec.CommandContext(run, node, filepath.Join(e2e, half.script), base).CombinedOutput()
			t.Logf("%s (%.0f s):\n%s", half.script, time.Since(start).Seconds(), out)
			if err != nil {
				t.Fatalf("browser suite (%s) failed: %v", half.script, err)
			}
		})
	}
}

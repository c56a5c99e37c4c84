package cli_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestBrowser runs e2e/run.mjs in headless Chromium against the real server
// with the full demo data: axe-core over every page type (WCAG 2.1 A and
// AA), the keyboard skip link, and the end-to-end flow in which a project
// lead completes a task, it turns green, the coordinator's national overview
// counts it, and another municipality's lead can neither see nor change it.
// Screenshots land in e2e/screenshots. .ci/run installs Chromium and the
// npm packages; elsewhere the test skips, saying what is missing.
func TestBrowser(t *testing.T) {
	t.Parallel() // its own server and database; overlaps the storetest.Each tests (docs/performance.md)
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

	dbURL := demoDB(t)
	ctx := context.Background()
	base := startServer(t, dbURL)

	run, cancel := context.WithTimeout(ctx, 30*time.Minute) // the crawl opens ~40 pages per role
	defer cancel()
	cmd := exec.CommandContext(run, node, filepath.Join(e2e, "run.mjs"), base)
	out, err := cmd.CombinedOutput()
	t.Logf("browser suite:\n%s", out)
	if err != nil {
		t.Fatalf("browser suite failed: %v", err)
	}
}

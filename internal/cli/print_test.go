package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPrintLayout prints the task page, a municipality's plan, the follow-up
// list, the national overview, a municipality's status report and the
// programme report of the demo to PDF with headless Chromium
// (e2e/print.mjs) and checks the print style: no navigation, no form
// controls, A4, and a task with its checklist, links and every form on one
// page (pdfinfo and pdftotext from Debian's poppler-utils). .ci/run installs
// them; elsewhere the test skips, saying what is missing.
func TestPrintLayout(t *testing.T) {
	t.Parallel() // its own server and copy of the demo
	if testing.Short() {
		t.Skip("print layout: skipped with -short (it loads the demo)")
	}
	e2e, err := filepath.Abs("../../e2e")
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("print layout: node is not installed")
	}
	for _, need := range []string{"/usr/bin/chromium", filepath.Join(e2e, "node_modules", "playwright-core")} {
		if _, err := os.Stat(need); err != nil {
			t.Skipf("print layout: %s is missing (apt-get install chromium; npm ci --prefix e2e)", need)
		}
	}
	for _, tool := range []string{"pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("print layout: %s is not installed (Debian package poppler-utils)", tool)
		}
	}

	dbURL := demoDB(t)
	ctx := context.Background()
	base := startServer(t, dbURL)

	run, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	dir := t.TempDir()
	out, err := exec.CommandContext(run, node, filepath.Join(e2e, "print.mjs"), base, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("print.mjs: %v\n%s", err, out)
	}
	type printed struct {
		Name, URL, File, H1, Error string
		Status                     int
		Navigation, Controls       []string
	}
	seen := map[string]printed{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var p printed
		if json.Unmarshal(sc.Bytes(), &p) == nil && p.Name != "" {
			seen[p.Name] = p
		}
	}
	pagesRe := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)
	for _, name := range []string{"task", "plan", "followup", "overview", "statusreport", "programmereport"} {
		p, ok := seen[name]
		if !ok || p.Error != "" || p.Status != 200 {
			t.Errorf("%s: not printed (%+v)\n%s", name, p, out)
			continue
		}
		if len(p.Navigation) > 0 || len(p.Controls) > 0 {
			t.Errorf("%s (%s) prints navigation %q and form controls %q", name, p.URL, p.Navigation, p.Controls)
		}
		info, err := exec.Command("pdfinfo", p.File).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v\n%s", p.File, err, info)
		}
		m := pagesRe.FindSubmatch(info)
		if m == nil || !strings.Contains(string(info), "(A4)") {
			t.Errorf("%s: pdfinfo says\n%s", name, info)
			continue
		}
		pages, _ := strconv.Atoi(string(m[1]))
		text, _ := exec.Command("pdftotext", "-layout", p.File, "-").Output()
		t.Logf("%s (%s): %d pages", name, p.URL, pages)
		if !strings.Contains(string(text), strings.TrimSpace(p.H1)) {
			t.Errorf("%s: the PDF lacks its heading %q", name, p.H1)
		}
		for _, never := range []string{"Log ud", "Gå til indhold", "Tilgængelighedserklæring"} {
			if strings.Contains(string(text), never) {
				t.Errorf("%s: the PDF shows %q", name, never)
			}
		}
		if name == "statusreport" {
			for _, want := range []string{"Fremdrift pr. fase", "Rødt og gult", "Aftaler fra kontaktloggen", "Næste milepæle", "Udvikling måned for måned", "Risici", "Parathed"} {
				if !strings.Contains(string(text), want) {
					t.Errorf("the printed status report lacks %q", want)
				}
			}
		}
		if name == "task" {
			if pages != 1 {
				t.Errorf("the task page prints on %d pages, want 1:\n%s", pages, text)
			}
			for _, want := range []string{"Beskrivelse", "Tjekliste", "Links", "Historik"} {
				if !strings.Contains(string(text), want) {
					t.Errorf("the printed task lacks %q:\n%s", want, text)
				}
			}
			for _, never := range []string{"Tilføj et link", "Skift status", "Gem status", "Vedhæft et dokument"} {
				if strings.Contains(string(text), never) {
					t.Errorf("the printed task shows the form %q", never)
				}
			}
		}
	}
}

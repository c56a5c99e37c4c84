package cli_test

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/auth"
)

// tempDir holds what the tests share for the run (the demo snapshot).
var tempDir string

func TestMain(m *testing.M) {
	flag.Parse()
	// Hundreds of sign-ins: at the production Argon2 parameters they were
	// most of the access tests' processor time (docs/performance.md).
	auth.UseTestParams()
	dir, err := os.MkdirTemp("", "udrul-cli-test-")
	if err != nil {
		panic(err)
	}
	tempDir = dir
	// The tests that serve the demo run in parallel, so after every
	// sequential test of the package; the demo is built meanwhile.
	if demoWanted() {
		go demoSnapshot.once.Do(buildDemoOnce)
	}
	code := m.Run()
	demoSnapshot.once.Do(func() {}) // wait for a build still running
	os.RemoveAll(dir)
	os.Exit(code)
}

// demoTests are the tests that call demoDB.
var demoTests = []string{"TestBrowser", "TestPrintLayout", "TestNoRawKeysOnDemoPages"}

// demoWanted reports whether -run selects a test that serves the demo. It
// only decides whether to build the demo early: demoDB builds it anyway
// when a test needs it, so a pattern read too narrowly costs only time.
func demoWanted() bool {
	if testing.Short() {
		return false
	}
	run := flag.Lookup("test.run").Value.String()
	if run == "" {
		return true
	}
	top, _, _ := strings.Cut(run, "/")
	re, err := regexp.Compile(top)
	if err != nil {
		return false
	}
	for _, name := range demoTests {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

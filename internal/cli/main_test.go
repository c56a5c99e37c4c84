package cli_test

import (
	"os"
	"testing"

	"github.com/udrul/udrul/internal/auth"
)

// tempDir holds what the tests share for the run (the demo snapshot).
var tempDir string

func TestMain(m *testing.M) {
	// Hundreds of sign-ins: at the production Argon2 parameters they were
	// most of the access tests' processor time (docs/performance.md).
	auth.UseTestParams()
	dir, err := os.MkdirTemp("", "udrul-cli-test-")
	if err != nil {
		panic(err)
	}
	tempDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

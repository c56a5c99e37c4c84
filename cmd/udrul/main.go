// Command udrul is the udrul server and command-line tool.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/udrul/udrul/internal/cli"
)

// serverMemoryLimit is the Go heap's soft limit of `udrul serve` and
// `udrul demo` unless GOMEMLIMIT says otherwise: the collector works harder
// as the heap nears it, which keeps a server under load within the 100 MiB
// resident target (docs/performance.md "Load"). Being soft, it never makes
// an allocation fail; a server that needs more still gets it. Set in the
// command, not in package cli, so that tests running the server in their
// own process keep the runtime's default.
const serverMemoryLimit = 48 << 20

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "serve" || os.Args[1] == "demo") && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serverMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "udrul:", err)
		os.Exit(1)
	}
}

// Command udrul-load puts a running udrul (or several on one database)
// under load: concurrent users opening plans, task pages, the national
// overview and the worklist and changing statuses, for a fixed time; it
// prints throughput, latency percentiles and errors per kind of request
// and, given the servers' process ids, their peak resident memory.
// docs/performance.md ("Load") shows how to prepare the data and run it.
//
//	udrul-load --base http://127.0.0.1:8080 --programme gen --users 200 --duration 60s \
//	  --email load@kombit.dk --password-file pw.txt --token-file token.txt --pid 12345
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/udrul/udrul/internal/load"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "udrul-load:", err)
		os.Exit(1)
	}
}

func run() error {
	var c load.Config
	bases := flag.String("base", "http://127.0.0.1:8080", "udrul base URL; several, comma-separated, share the users round-robin")
	flag.StringVar(&c.Programme, "programme", "gen", "programme key")
	flag.IntVar(&c.Users, "users", 200, "concurrent users")
	flag.DurationVar(&c.Duration, "duration", 60*time.Second, "how long the load lasts (at most 10 minutes)")
	flag.StringVar(&c.Email, "email", "", "a central user who may change tasks")
	pwFile := flag.String("password-file", "", "file holding the user's password")
	tokenFile := flag.String("token-file", "", "file holding the user's API token")
	flag.IntVar(&c.Sessions, "sessions", 4, "login sessions per base URL, shared by the users")
	seed := flag.Uint64("seed", 1, "seed of the users' random choices")
	think := flag.Duration("think", 0, "mean pause between a user's requests, exponentially distributed (0: none); docs/performance.md uses 8s")
	flag.StringVar(&c.Asof, "asof", "", "date (YYYY-MM-DD) the plan, overview and worklist pages are asked for; default the server's today")
	pids := flag.String("pid", "", "process ids of the servers (comma-separated) to report their peak RSS")
	flag.Parse()
	if c.Duration > 10*time.Minute {
		return fmt.Errorf("--duration %s: at most 10 minutes", c.Duration)
	}
	read := func(p string) (string, error) {
		b, err := os.ReadFile(p)
		return strings.TrimRight(string(b), "\r\n"), err
	}
	var err error
	if c.Password, err = read(*pwFile); err != nil {
		return err
	}
	if c.Token, err = read(*tokenFile); err != nil {
		return err
	}
	c.Bases = strings.Split(*bases, ",")
	c.Seed, c.Think = *seed, *think
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := load.Run(ctx, c)
	if err != nil {
		return err
	}
	fmt.Printf("%d users for %s against %s, programme %s\n\n", c.Users, res.Duration.Round(time.Millisecond), *bases, c.Programme)
	res.Report(os.Stdout)
	for _, p := range strings.Split(*pids, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pid, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("--pid %q: %w", p, err)
		}
		rss, err := load.PeakRSS(pid)
		if err != nil {
			return err
		}
		fmt.Printf("\nserver %d: peak RSS %.1f MiB\n", pid, float64(rss)/(1<<20))
	}
	return nil
}

// Package load is udrul's load generator (cmd/udrul-load, docs/performance.md
// "Load"): a number of concurrent users, each in a loop doing what the
// centre and the municipalities do – open a municipality's plan, a task
// page, change a task's status, the national overview, the follow-up
// worklist – against one or more running udrul instances for a fixed time,
// with latency percentiles per kind of request, errors and throughput.
//
// It signs in through the login form (a few sessions shared by all users,
// for the pages) and uses an API token for the JSON API. It needs a
// programme with enrolled municipalities (for example `udrul generate`)
// and a central user allowed to change tasks.
package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config is one load run.
type Config struct {
	Bases     []string      // udrul base URLs; users are spread over them round-robin
	Programme string        // programme key
	Users     int           // concurrent users
	Duration  time.Duration // how long they keep going
	Email     string        // a central user allowed to change tasks
	Password  string        // for the login form (pages)
	Token     string        // API token of the same user (JSON API)
	Sessions  int           // login sessions shared by the users (per base URL)
	Seed      uint64        // the users' random choices
	Mix       Mix
	// Think is the mean pause between a user's requests (0: none). Each
	// pause is drawn from an exponential distribution with this mean (a
	// user reads a page for a while, sometimes long, usually briefly), and
	// each user begins after one such pause so that the users do not all
	// arrive at once.
	Think time.Duration
	// Asof, if set (YYYY-MM-DD), is the date the plan, overview and
	// worklist pages are asked for (?asof=), for example the generator's
	// mid-rollout date; otherwise the server's today.
	Asof string
}

// Mix weighs the kinds of request.
type Mix struct {
	Plan, Task, Status, Overview, Worklist int
}

// DefaultMix: mostly reading, one request in ten a status change.
var DefaultMix = Mix{Plan: 30, Task: 25, Status: 10, Overview: 15, Worklist: 20}

// Kinds of request, in report order.
var Kinds = []string{"plan", "task", "status", "overview", "worklist"}

// Result is a finished run.
type Result struct {
	Duration time.Duration
	Kinds    map[string]*Stats
	Total    Stats
}

// Stats are the requests of one kind.
type Stats struct {
	N         int
	Errors    int // transport errors and unexpected statuses
	Conflicts int // status changes refused as stale (409): expected when users race
	Latencies []time.Duration
	LastError string
}

// Percentile returns the p-th percentile (0–100) of the latencies.
func (s *Stats) Percentile(p float64) time.Duration {
	if len(s.Latencies) == 0 {
		return 0
	}
	l := slices.Clone(s.Latencies)
	slices.Sort(l)
	i := int(float64(len(l)-1)*p/100 + 0.5)
	return l[min(i, len(l)-1)]
}

func (s *Stats) add(o *Stats) {
	s.N += o.N
	s.Errors += o.Errors
	s.Conflicts += o.Conflicts
	s.Latencies = append(s.Latencies, o.Latencies...)
	if o.LastError != "" {
		s.LastError = o.LastError
	}
}

// target is one base URL with its sessions and data to pick from.
type target struct {
	base     string
	sessions []*http.Client
	api      *http.Client
}

type world struct {
	munis []string
	tasks []int64
}

// Run runs the load and returns what happened.
func Run(ctx context.Context, c Config) (*Result, error) {
	if len(c.Bases) == 0 || c.Users <= 0 || c.Duration <= 0 || c.Programme == "" {
		return nil, errors.New("load: need base URLs, a programme, users and a duration")
	}
	if c.Sessions <= 0 {
		c.Sessions = 4
	}
	if c.Mix == (Mix{}) {
		c.Mix = DefaultMix
	}
	tr := &http.Transport{MaxIdleConns: c.Users * 2, MaxIdleConnsPerHost: c.Users * 2, IdleConnTimeout: time.Minute}
	var targets []*target
	for _, b := range c.Bases {
		t := &target{base: strings.TrimRight(b, "/"), api: &http.Client{Transport: tr, Timeout: time.Minute}}
		for range c.Sessions {
			s, err := login(ctx, tr, t.base, c.Email, c.Password)
			if err != nil {
				return nil, err
			}
			t.sessions = append(t.sessions, s)
		}
		targets = append(targets, t)
	}
	w, err := discover(ctx, targets[0], c)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.Duration)
	defer cancel()
	per := make([]map[string]*Stats, c.Users)
	var wg sync.WaitGroup
	start := time.Now()
	for u := range c.Users {
		per[u] = map[string]*Stats{}
		for _, k := range Kinds {
			per[u][k] = &Stats{}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := targets[u%len(targets)]
			user := &vu{c: c, t: t, w: w, page: t.sessions[u%len(t.sessions)], rnd: rand.New(rand.NewPCG(c.Seed, uint64(u))), stats: per[u]}
			user.loop(ctx)
		}()
	}
	wg.Wait()
	res := &Result{Duration: time.Since(start), Kinds: map[string]*Stats{}}
	for _, k := range Kinds {
		res.Kinds[k] = &Stats{}
		for _, p := range per {
			res.Kinds[k].add(p[k])
		}
		res.Total.add(res.Kinds[k])
	}
	return res, nil
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login signs in through the login form and returns a client with the
// session cookie.
func login(ctx context.Context, tr http.RoundTripper, base, email, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/login", nil)
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfInput.FindSubmatch(b)
	if m == nil {
		return nil, fmt.Errorf("load: %s/login has no csrf field (status %d)", base, resp.StatusCode)
	}
	form := url.Values{"email": {email}, "password": {password}, "csrf": {string(m[1])}, "next": {"/"}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err = c.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("load: login as %s at %s: status %d", email, base, resp.StatusCode)
	}
	return c, nil
}

// discover reads the programme's municipalities and a sample of task ids
// through the API.
func discover(ctx context.Context, t *target, c Config) (*world, error) {
	var ov struct {
		Municipalities []struct{ Code string } `json:"municipalities"`
	}
	if err := getJSON(ctx, t, c.Token, "/api/v1/programmes/"+url.PathEscape(c.Programme)+"/overview", &ov); err != nil {
		return nil, err
	}
	w := &world{}
	for _, m := range ov.Municipalities {
		w.munis = append(w.munis, m.Code)
	}
	next := "/api/v1/programmes/" + url.PathEscape(c.Programme) + "/tasks?limit=1000"
	for next != "" && len(w.tasks) < 20000 {
		var p struct {
			Items []struct{ ID int64 } `json:"items"`
			Page  struct {
				NextCursor string `json:"next_cursor"`
			} `json:"page"`
		}
		if err := getJSON(ctx, t, c.Token, next, &p); err != nil {
			return nil, err
		}
		for _, x := range p.Items {
			w.tasks = append(w.tasks, x.ID)
		}
		next = ""
		if p.Page.NextCursor != "" {
			next = "/api/v1/programmes/" + url.PathEscape(c.Programme) + "/tasks?limit=1000&cursor=" + url.QueryEscape(p.Page.NextCursor)
		}
	}
	if len(w.munis) == 0 || len(w.tasks) == 0 {
		return nil, fmt.Errorf("load: programme %q has no municipalities or tasks", c.Programme)
	}
	return w, nil
}

func getJSON(ctx context.Context, t *target, token, path string, v any) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, t.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := t.api.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
		return fmt.Errorf("load: GET %s: status %d: %s", path, resp.StatusCode, b)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// vu is one virtual user.
type vu struct {
	c     Config
	t     *target
	w     *world
	page  *http.Client
	rnd   *rand.Rand
	stats map[string]*Stats
}

func (u *vu) loop(ctx context.Context) {
	m := u.c.Mix
	total := m.Plan + m.Task + m.Status + m.Overview + m.Worklist
	u.think(ctx)
	for ctx.Err() == nil {
		n := u.rnd.IntN(total)
		var kind string
		switch {
		case n < m.Plan:
			kind = "plan"
		case n < m.Plan+m.Task:
			kind = "task"
		case n < m.Plan+m.Task+m.Status:
			kind = "status"
		case n < m.Plan+m.Task+m.Status+m.Overview:
			kind = "overview"
		default:
			kind = "worklist"
		}
		start := time.Now()
		status, err := u.do(ctx, kind)
		d := time.Since(start)
		if ctx.Err() != nil {
			return // cut off by the end of the run: not counted
		}
		s := u.stats[kind]
		s.N++
		s.Latencies = append(s.Latencies, d)
		switch {
		case err != nil:
			s.Errors++
			s.LastError = err.Error()
		case kind == "status" && status == http.StatusConflict:
			s.Conflicts++
		case status != http.StatusOK:
			s.Errors++
			s.LastError = fmt.Sprintf("%s: status %d", kind, status)
		}
		u.think(ctx)
	}
}

// think pauses for an exponentially distributed time with mean c.Think,
// or until the run ends.
func (u *vu) think(ctx context.Context) {
	if u.c.Think <= 0 {
		return
	}
	t := time.NewTimer(time.Duration(u.rnd.ExpFloat64() * float64(u.c.Think)))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (u *vu) do(ctx context.Context, kind string) (int, error) {
	p := url.PathEscape(u.c.Programme)
	muni := u.w.munis[u.rnd.IntN(len(u.w.munis))]
	task := u.w.tasks[u.rnd.IntN(len(u.w.tasks))]
	asof := ""
	if u.c.Asof != "" {
		asof = "?asof=" + url.QueryEscape(u.c.Asof)
	}
	switch kind {
	case "plan":
		return u.get(ctx, u.page, "/programmes/"+p+"/municipalities/"+url.PathEscape(muni)+asof, "")
	case "task":
		return u.get(ctx, u.page, "/tasks/"+strconv.FormatInt(task, 10), "")
	case "overview":
		return u.get(ctx, u.page, "/programmes/"+p+asof, "")
	case "worklist":
		return u.get(ctx, u.page, "/programmes/"+p+"/followup"+asof, "")
	case "status":
		return u.changeStatus(ctx, task)
	}
	return 0, fmt.Errorf("unknown kind %q", kind)
}

// get fetches a path and reads the whole body.
func (u *vu) get(ctx context.Context, c *http.Client, path, token string) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u.t.base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

// changeStatus reads a task's status and version through the API and
// moves it between "ikke påbegyndt" and "påbegyndt" (allowed for every
// type), as a user saving the status form does.
func (u *vu) changeStatus(ctx context.Context, id int64) (int, error) {
	var t struct {
		Status  string `json:"status"`
		Version int    `json:"version"`
	}
	if err := getJSON(ctx, u.t, u.c.Token, "/api/v1/tasks/"+strconv.FormatInt(id, 10), &t); err != nil {
		return 0, err
	}
	to := "paabegyndt"
	if t.Status == to {
		to = "ikke_paabegyndt"
	}
	body, _ := json.Marshal(map[string]any{"status": to, "version": t.Version, "comment": "belastningstest"})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, u.t.base+"/api/v1/tasks/"+strconv.FormatInt(id, 10)+"/status", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+u.c.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := u.t.api.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// PeakRSS is a process's peak resident set size (VmHWM) in bytes, from
// /proc (Linux).
func PeakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024, err
			}
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// Report writes the result as a Markdown table.
func (r *Result) Report(w io.Writer) {
	fmt.Fprintf(w, "| request | n | per second | p50 | p95 | p99 | errors | 409 conflicts |\n|---|---|---|---|---|---|---|---|\n")
	row := func(name string, s *Stats) {
		fmt.Fprintf(w, "| %s | %d | %.1f | %s | %s | %s | %d | %d |\n", name, s.N, float64(s.N)/r.Duration.Seconds(),
			ms(s.Percentile(50)), ms(s.Percentile(95)), ms(s.Percentile(99)), s.Errors, s.Conflicts)
	}
	for _, k := range Kinds {
		row(k, r.Kinds[k])
	}
	row("all", &r.Total)
	if r.Total.LastError != "" {
		fmt.Fprintf(w, "\nlast error: %s\n", r.Total.LastError)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

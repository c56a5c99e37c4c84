package cli_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestCalendarFeedConditionalGET polls a plan's calendar feed through a
// running server as a calendar client does: ETag and Last-Modified on the
// answer, 304 for If-None-Match and If-Modified-Since while nothing
// changed, and after a status change a new ETag with a higher SEQUENCE and
// later LAST-MODIFIED for that task only, read by python3-icalendar.
func TestCalendarFeedConditionalGET(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	seedMunicipalities(t, dbURL)
	seedUsers(t, dbURL)
	mustRun(t, "import", "--db", dbURL, "testdata/mini-v1.yaml")
	mustRun(t, "enrol", "--db", dbURL, "--programme", "mini", writeFile(t, "enrol.csv", "code,golive,wave\n101,2027-03-01,1\n"))
	c := newClient(t, startServer(t, dbURL, "--base-url", "https://udrul.example.dk"))
	admin := map[string]string{"Authorization": "Bearer " + testAdminToken, "Content-Type": "application/json"}
	var feed struct {
		URL string `json:"url"`
	}
	c.do(t, "POST", "/api/v1/programmes/mini/municipalities/101/calendar-feeds", []byte("{}"), admin).decode(t, http.StatusCreated, &feed)
	path := strings.TrimPrefix(feed.URL, "https://udrul.example.dk")

	first := c.get(t, path)
	etag, lastMod := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if first.StatusCode != http.StatusOK || !strings.HasPrefix(etag, `"`) || lastMod == "" {
		t.Fatalf("feed: %d, ETag %q, Last-Modified %q", first.StatusCode, etag, lastMod)
	}
	if again := c.get(t, path); again.Header.Get("ETag") != etag || !bytes.Equal(again.body, first.body) {
		t.Errorf("an unchanged feed changed between two polls:\n%s\n---\n%s", first.body, again.body)
	}
	for _, h := range []map[string]string{{"If-None-Match": etag}, {"If-Modified-Since": lastMod}} {
		if r := c.do(t, "GET", path, nil, h); r.StatusCode != http.StatusNotModified || len(r.body) != 0 {
			t.Errorf("GET with %v: %d (%d bytes), want 304 and no body", h, r.StatusCode, len(r.body))
		}
	}

	// Start one task, a second later than the last change.
	time.Sleep(1100 * time.Millisecond)
	var tasks struct {
		Tasks []task `json:"tasks"`
	}
	c.do(t, "GET", "/api/v1/programmes/mini/municipalities/101/tasks?asof=2027-02-01", nil, admin).decode(t, http.StatusOK, &tasks)
	var obl task
	for _, x := range tasks.Tasks {
		if x.Key == "m-obl" {
			obl = x
		}
	}
	body := fmt.Sprintf(`{"status":"paabegyndt","comment":"","version":%d}`, obl.Version)
	c.do(t, "PUT", fmt.Sprintf("/api/v1/tasks/%d/status", obl.ID), []byte(body), admin).decode(t, http.StatusOK, &map[string]any{})

	changed := c.do(t, "GET", path, nil, map[string]string{"If-None-Match": etag})
	if changed.StatusCode != http.StatusOK || changed.Header.Get("ETag") == etag {
		t.Fatalf("after a change: %d, ETag %q (was %q)", changed.StatusCode, changed.Header.Get("ETag"), etag)
	}
	if r := c.do(t, "GET", path, nil, map[string]string{"If-Modified-Since": lastMod}); r.StatusCode != http.StatusOK {
		t.Errorf("If-Modified-Since the old Last-Modified after a change: %d, want 200", r.StatusCode)
	}

	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import icalendar").Run(); err != nil {
		t.Skip("skipping python3-icalendar check: module not installed (Debian package python3-icalendar)")
	}
	script := `
import sys, icalendar
def events(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H", cal["X-PUBLISHED-TTL"]
    return {str(e["UID"]): (int(e["SEQUENCE"]), e["LAST-MODIFIED"].dt) for e in cal.walk("VEVENT")}
before, after = events(sys.argv[1]), events(sys.argv[2])
assert before.keys() == after.keys(), (before.keys(), after.keys())
for uid in sorted(before):
    assert uid.endswith("@udrul.example.dk"), uid
    (s0, m0), (s1, m1) = before[uid], after[uid]
    if (s0, m0) != (s1, m1):
        assert s1 > s0 and m1 > m0, (uid, before[uid], after[uid])
        print("changed", uid)
`
	dir := t.TempDir()
	f0, f1 := dir+"/before.ics", dir+"/after.ics"
	os.WriteFile(f0, first.body, 0o644)
	os.WriteFile(f1, changed.body, 0o644)
	out, err := exec.Command(py, "-c", script, f0, f1).CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar: %v\n%s", err, out)
	}
	// The task itself, and the milestones, which follow the whole plan.
	want := fmt.Sprintf("changed plan-1-golive@udrul.example.dk\nchanged plan-1-idriftsaettelse@udrul.example.dk\nchanged task-%d@udrul.example.dk\n", obl.ID)
	if string(out) != want {
		t.Errorf("python3-icalendar saw\n%s\nwant\n%s", out, want)
	}
}

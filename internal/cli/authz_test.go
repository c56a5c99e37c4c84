package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/store/storetest"
	"github.com/udrul/udrul/internal/web"
)

// The authorization matrix: every route of the web package (read from its
// route table, web.Routes, so a new route without an entry here fails), tried by every role
// and by an anonymous client, against a target in the user's own
// organisation and in another, through the real server. The expectations
// restate the policy (docs/access.md) independently of package access:
// allowed requests must succeed (200/201/303 or the case's own answer),
// refused ones get 403 – or, without a login, 401 under /api/ and a
// redirect to /login for pages.

// Who may: sets of testUsers keys.
var (
	everyone   = []string{"admin", "koordinator", "leverandør", "observatør", "projektleder", "medarbejder", "tovholder", "anden kommune"}
	central    = []string{"admin", "koordinator", "leverandør", "observatør"}
	writers    = []string{"admin", "koordinator"}
	adminOnly  = []string{"admin"}
	ownMuni    = []string{"admin", "koordinator", "leverandør", "observatør", "projektleder", "medarbejder", "tovholder", "anden kommune"}
	planOwners = []string{"admin", "koordinator", "projektleder", "anden kommune"}
)

// matrixCase is one way of calling one route.
type matrixCase struct {
	pattern string
	name    string // variant, when a pattern has several cases
	public  bool   // anonymous callers get the same answer as signed-in ones
	// own and other list the users allowed on the target in their own
	// organisation and in another; other == nil means the route has no
	// organisation target (it is tried once per user).
	own, other []string
	// req builds the request for user u (nil: anonymous) on the own or
	// other target.
	req func(m *matrix, u *mUser, own bool) mReq
	// ok lists the statuses of an allowed call (default 200).
	ok []int
}

type mReq struct {
	method, path string
	body         []byte
	header       map[string]string
	form         url.Values // sent as a same-origin form with the session's CSRF token
}

func get(path string) mReq { return mReq{method: "GET", path: path} }

func jsonReq(method, path string, v any) mReq {
	b, _ := json.Marshal(v)
	return mReq{method: method, path: path, body: b, header: map[string]string{"Content-Type": "application/json"}}
}

func formReq(path string, f url.Values) mReq { return mReq{method: "POST", path: path, form: f} }

// mUser is a signed-in test user with their client.
type mUser struct {
	testUser
	c    *client
	csrf string
}

type matrix struct {
	admin *mUser
	users map[string]*mUser
	anon  *client
	// targets
	krit       map[string]int64 // municipality code → its m-krit task
	obl        map[string]int64 // m-obl, delegated to the member in 101
	schoolTask [2]int64         // m-inst of Skole A (the tovholder's) and Skole B
	ownTask    map[string]int64 // municipality code → an own task
	baseline   map[string]int64
	feed       map[string]int64
	tmpUser    int64 // a user the admin routes change
	tmpToken   int64 // an API token of tmpUser, revoked by the admin case
	n          int   // counter for unique names
}

// muni returns the municipality code of u's own (or the other) target.
func muni(u *mUser, own bool) string {
	home := "101"
	if u != nil && u.key == "anden kommune" {
		home = "147"
	}
	if own {
		return home
	}
	if home == "101" {
		return "147"
	}
	return "101"
}

// task returns the current version and status of a task instance, read by the admin.
func (m *matrix) task(t *testing.T, id int64) (int, string) {
	t.Helper()
	var d struct {
		Version int    `json:"version"`
		Status  string `json:"status"`
	}
	m.admin.c.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d", id), &d)
	return d.Version, d.Status
}

// statusChange is a valid change of task id's status: it toggles between
// ikke_paabegyndt and paabegyndt, so that only authorization can refuse it.
func (m *matrix) statusChange(t *testing.T, id int64) (int, string) {
	v, st := m.task(t, id)
	if st == "paabegyndt" {
		return v, "ikke_paabegyndt"
	}
	return v, "paabegyndt"
}

func matrixCases(t *testing.T) []matrixCase {
	statusPUT := func(pick func(m *matrix, u *mUser, own bool) int64) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq {
			id := pick(m, u, own)
			v, st := m.statusChange(t, id)
			return jsonReq("PUT", fmt.Sprintf("/api/v1/tasks/%d/status", id), map[string]any{"status": st, "version": v})
		}
	}
	statusForm := func(pick func(m *matrix, u *mUser, own bool) int64) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq {
			id := pick(m, u, own)
			v, st := m.statusChange(t, id)
			return formReq(fmt.Sprintf("/tasks/%d/status", id), url.Values{"status": {st}, "version": {strconv.Itoa(v)}})
		}
	}
	krit := func(m *matrix, u *mUser, own bool) int64 { return m.krit[muni(u, own)] }
	school := func(m *matrix, u *mUser, own bool) int64 {
		if own {
			return m.schoolTask[0]
		}
		return m.schoolTask[1]
	}
	delegated := func(m *matrix, u *mUser, own bool) int64 { return m.obl[muni(u, own)] }
	byCode := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return get(fmt.Sprintf(format, muni(u, own))) }
	}
	byTask := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return get(fmt.Sprintf(format, m.krit[muni(u, own)])) }
	}
	fixed := func(r mReq) func(m *matrix, u *mUser, own bool) mReq {
		return func(*matrix, *mUser, bool) mReq { return r }
	}
	yaml := readFile(t, "testdata/mini-v1.yaml")
	muniOwnOther := []string{"admin", "koordinator", "leverandør", "observatør"} // allowed on the other municipality
	feedsOwn, feedsOther := may(t, "Create and stop a municipality's calendar feeds")

	cases := []matrixCase{
		// Public.
		{pattern: "GET /healthz", public: true, own: everyone, req: fixed(get("/healthz"))},
		{pattern: "GET /api/openapi.json", public: true, own: everyone, req: fixed(get("/api/openapi.json"))},
		{pattern: "GET /static/", public: true, own: everyone, req: fixed(get("/static/udrul.css"))},
		{pattern: "/", public: true, own: everyone, req: fixed(get("/findesikke")), ok: []int{404}},
		{pattern: "/api/", public: true, own: everyone, req: fixed(get("/api/v1/findesikke")), ok: []int{404}},
		{pattern: "GET /login", public: true, own: everyone, req: fixed(get("/login")), ok: []int{200, 303}}, // signed in: straight on
		{pattern: "GET /tilgaengelighed", public: true, own: everyone, req: fixed(get("/tilgaengelighed"))},  // the accessibility statement
		{pattern: "POST /login", public: true, own: everyone, ok: []int{303, 401},
			req: func(m *matrix, u *mUser, own bool) mReq {
				// A real login in a fresh browser; anonymous: a wrong password.
				c := newClient(t, m.admin.c.base)
				if u == nil {
					if r := c.tryLogin(t, "findesikke@kombit.dk", "forkert-kodeord"); r.StatusCode != http.StatusUnauthorized {
						t.Errorf("POST /login with a wrong password: status %d, want 401", r.StatusCode)
					}
				} else {
					c.login(t, u.email, testPassword)
				}
				return mReq{method: "skip"}
			}},
		{pattern: "GET /auth/oidc/start", public: true, own: everyone, req: fixed(get("/auth/oidc/start")), ok: []int{404}},              // OIDC is off here
		{pattern: "GET /auth/oidc/callback", public: true, own: everyone, req: fixed(get("/auth/oidc/callback")), ok: []int{404}},        // (see TestOIDCLogin)
		{pattern: "GET /login/udbyder", public: true, own: everyone, req: fixed(get("/login/udbyder?email=pl%40kk.dk")), ok: []int{200}}, // no provider known here
		// SAML is off here (see TestSAMLLogin).
		{pattern: "GET /auth/saml/{idp}/metadata", public: true, own: everyone, req: fixed(get("/auth/saml/kk/metadata")), ok: []int{404}},
		{pattern: "GET /auth/saml/{idp}/start", public: true, own: everyone, req: fixed(get("/auth/saml/kk/start")), ok: []int{404}},
		{pattern: "POST /auth/saml/{idp}/acs", public: true, own: everyone, req: fixed(formReq("/auth/saml/kk/acs", url.Values{"SAMLResponse": {"eA=="}})), ok: []int{404}},
		{pattern: "GET /auth/saml/{idp}/slo", public: true, own: everyone, req: fixed(get("/auth/saml/kk/slo?SAMLResponse=eA")), ok: []int{404}},
		{pattern: "GET /ical/{token}", public: true, own: everyone, req: fixed(get("/ical/ukendt.ics")), ok: []int{404}},
		{pattern: "GET /afmeld/{token}", public: true, own: everyone, req: fixed(get("/afmeld/1.ukendt")), ok: []int{404}},
		{pattern: "POST /afmeld/{token}", public: true, own: everyone, ok: []int{404},
			req: fixed(formReq("/afmeld/1.ukendt", url.Values{"List-Unsubscribe": {"One-Click"}}))},

		// Anyone signed in.
		{pattern: "GET /{$}", own: everyone, req: fixed(get("/"))},
		{pattern: "GET /api/v1/programmes", own: everyone, req: fixed(get("/api/v1/programmes"))},
		{pattern: "GET /api/v1/programmes/{key}/catalogue", own: everyone, req: fixed(get("/api/v1/programmes/mini/catalogue"))},
		{pattern: "GET /programmes/{key}/catalogue", own: everyone, req: fixed(get("/programmes/mini/catalogue"))},
		{pattern: "GET /programmes/{key}/catalogue.yaml", own: everyone, req: fixed(get("/programmes/mini/catalogue.yaml"))},
		{pattern: "GET /api/v1/programmes/{key}/catalogue.xlsx", own: everyone, req: fixed(get("/api/v1/programmes/mini/catalogue.xlsx"))},
		{pattern: "GET /api/v1/me", own: everyone, req: fixed(get("/api/v1/me"))},
		{pattern: "GET /api/v1/me/tasks", own: everyone, req: fixed(get("/api/v1/me/tasks"))},
		{pattern: "GET /mine", own: everyone, req: fixed(get("/mine"))},
		{pattern: "GET /konto", own: everyone, req: fixed(get("/konto"))},
		{pattern: "POST /konto/password", own: everyone, ok: []int{422}, // a wrong current password: the page again with the reason
			req: fixed(formReq("/konto/password", url.Values{"current": {"forkert"}, "new": {"ny-kode-er-lang-nok"}, "repeat": {"ny-kode-er-lang-nok"}}))},
		{pattern: "POST /konto/tokens", own: everyone, req: fixed(formReq("/konto/tokens", url.Values{"name": {"matrix"}, "scope": {"read"}}))},
		{pattern: "POST /konto/tokens/{tid}/revoke", own: everyone, ok: []int{404}, // no such token: the page again with the reason
			req: fixed(formReq("/konto/tokens/999999/revoke", url.Values{}))},

		// The national picture.
		{pattern: "GET /api/v1/programmes/{key}/overview", own: central, req: fixed(get("/api/v1/programmes/mini/overview"))},
		{pattern: "GET /api/v1/programmes/{key}/followup", own: central, req: fixed(get("/api/v1/programmes/mini/followup"))},
		{pattern: "GET /programmes/{key}", own: central, req: fixed(get("/programmes/mini"))},
		{pattern: "GET /programmes/{key}/followup", own: central, req: fixed(get("/programmes/mini/followup"))},
		{pattern: "GET /api/v1/programmes/{key}/overview.xlsx", own: central, req: fixed(get("/api/v1/programmes/mini/overview.xlsx"))},
		{pattern: "GET /api/v1/programmes/{key}/overview.csv", own: central, req: fixed(get("/api/v1/programmes/mini/overview.csv"))},
		{pattern: "GET /api/v1/programmes/{key}/tasks", own: central, req: fixed(get("/api/v1/programmes/mini/tasks?type=kritisk&colour=red&limit=100"))},
		{pattern: "GET /api/v1/programmes/{key}/catalogue/tasks/{task}/municipalities", own: central, req: fixed(get("/api/v1/programmes/mini/catalogue/tasks/m-obl/municipalities"))},
		{pattern: "GET /programmes/{key}/catalogue/tasks/{task}/kommuner", own: central, req: fixed(get("/programmes/mini/catalogue/tasks/m-krit/kommuner?colour=red"))},
		{pattern: "GET /api/v1/tasks/{id}/documents", own: ownMuni, other: muniOwnOther, req: byTask("/api/v1/tasks/%d/documents?limit=10")},

		// Central writers.
		{pattern: "POST /programmes/{key}/catalogue/preview", own: writers,
			req: fixed(formReq("/programmes/mini/catalogue/preview", url.Values{"source": {string(yaml)}}))},
		{pattern: "POST /programmes/{key}/catalogue/publish", own: writers, ok: []int{303},
			req: fixed(formReq("/programmes/mini/catalogue/publish", url.Values{"source": {string(yaml)}}))},
		{pattern: "GET /programmes/{key}/catalogue/tasks/{task}", own: writers, req: fixed(get("/programmes/mini/catalogue/tasks/m-obl"))},
		{pattern: "GET /programmes/{key}/catalogue/ny-opgave", own: writers, req: fixed(get("/programmes/mini/catalogue/ny-opgave"))},
		{pattern: "GET /programmes/{key}/catalogue/source", own: writers, req: fixed(get("/programmes/mini/catalogue/source"))},
		// A withdrawal preview stores nothing; once another route has
		// published, based_on 1 is stale and the answer a conflict.
		{pattern: "POST /programmes/{key}/catalogue/tasks/{task}", own: writers, ok: []int{200, 409},
			req: fixed(formReq("/programmes/mini/catalogue/tasks/m-obl", url.Values{"based_on": {"1"}, "action": {"withdraw"}}))},
		{pattern: "POST /programmes/{key}/catalogue/ny-opgave", own: writers, ok: []int{409, 422}, // an empty task: refused by the handler
			req: fixed(formReq("/programmes/mini/catalogue/ny-opgave", url.Values{"based_on": {"1"}}))},
		{pattern: "POST /api/v1/programmes/{key}/catalogue", own: writers,
			req: fixed(mReq{method: "POST", path: "/api/v1/programmes/mini/catalogue", body: yaml, header: map[string]string{"Content-Type": "application/yaml"}})},
		{pattern: "POST /api/v1/programmes/{key}/enrolments", own: writers,
			req: fixed(jsonReq("POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}))},
		{pattern: "POST /api/v1/programmes/{key}/catalogue.xlsx", own: writers, ok: []int{400, 415, 422}, // an empty file: refused by the handler, not by access
			req: fixed(mReq{method: "POST", path: "/api/v1/programmes/mini/catalogue.xlsx", body: []byte("x"),
				header: map[string]string{"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}})},

		// A municipality's plan, in every form.
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/tasks", own: ownMuni, other: muniOwnOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/tasks")},
		{pattern: "GET /programmes/{key}/municipalities/{code}", own: ownMuni, other: muniOwnOther, req: byCode("/programmes/mini/municipalities/%s")},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/schedule", own: ownMuni, other: muniOwnOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/schedule")},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/baselines", own: ownMuni, other: muniOwnOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/baselines")},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/baselines/{id}", own: ownMuni, other: muniOwnOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				c := muni(u, own)
				return get(fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/baselines/%d", c, m.baseline[c]))
			}},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/conflicts", own: ownMuni, other: muniOwnOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/conflicts")},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/plan.xml", own: ownMuni, other: muniOwnOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/plan.xml")},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/plan.xlsx", own: ownMuni, other: muniOwnOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/plan.xlsx")},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/plan.csv", own: ownMuni, other: muniOwnOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/plan.csv")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/tasks/{task}", own: ownMuni, other: muniOwnOther, req: byCode("/programmes/mini/municipalities/%s/tasks/m-krit")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/gantt", own: ownMuni, other: muniOwnOther, req: byCode("/programmes/mini/municipalities/%s/gantt")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/gantt.svg", own: ownMuni, other: muniOwnOther, req: byCode("/programmes/mini/municipalities/%s/gantt.svg")},

		// Changing the plan itself: the project lead's. Probed with an
		// empty body, which the handler refuses (400/422) once access allows.
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/own-tasks", own: planOwners, other: writers, ok: []int{400, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/own-tasks", muni(u, own)), map[string]any{})
			}},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/baselines", own: planOwners, other: writers, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/baselines", muni(u, own)), map[string]any{"name": "Matrix"})
			}},
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}", own: planOwners, other: writers, ok: []int{400, 404, 409, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				c := muni(u, own)
				return jsonReq("PUT", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/own-tasks/%d", c, m.ownTask[c]), map[string]any{})
			}},
		{pattern: "DELETE /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}", own: planOwners, other: writers, ok: []int{400, 404, 409, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				c := muni(u, own)
				return mReq{method: "DELETE", path: fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/own-tasks/%d?version=999", c, m.ownTask[c])}
			}},
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/own-tasks/{id}/status", own: planOwners, other: writers, ok: []int{400, 404, 409, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				c := muni(u, own)
				return jsonReq("PUT", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/own-tasks/%d/status", c, m.ownTask[c]), map[string]any{})
			}},
		{pattern: "PUT /api/v1/tasks/{id}/dates", own: planOwners, other: writers, ok: []int{400, 409, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("/api/v1/tasks/%d/dates", m.krit[muni(u, own)]), map[string]any{})
			}},
		// No conflict exists in these plans: allowed users get 404.
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/conflicts/{id}/resolution", own: planOwners, other: writers, ok: []int{404},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/conflicts/999999/resolution", muni(u, own)), map[string]any{"choice": "keep_local"})
			}},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/calendar-feeds", own: feedsOwn, other: feedsOther, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/calendar-feeds", muni(u, own)), nil)
			}},
		{pattern: "DELETE /api/v1/programmes/{key}/municipalities/{code}/calendar-feeds/{id}", own: feedsOwn, other: feedsOther, ok: []int{204, 404}, // 404 once revoked
			req: func(m *matrix, u *mUser, own bool) mReq {
				c := muni(u, own)
				return mReq{method: "DELETE", path: fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/calendar-feeds/%d", c, m.feed[c])}
			}},

		// Task instances.
		{pattern: "GET /api/v1/tasks/{id}", own: ownMuni, other: muniOwnOther, req: byTask("/api/v1/tasks/%d")},
		{pattern: "GET /tasks/{id}", own: ownMuni, other: muniOwnOther, req: byTask("/tasks/%d")},
		{pattern: "PUT /api/v1/tasks/{id}/status", name: "municipality task", own: planOwners, other: writers, req: statusPUT(krit)},
		{pattern: "PUT /api/v1/tasks/{id}/status", name: "school task (own school / other school)",
			own: []string{"admin", "koordinator", "projektleder", "tovholder"}, other: []string{"admin", "koordinator", "projektleder"}, req: statusPUT(school)},
		{pattern: "PUT /api/v1/tasks/{id}/status", name: "task delegated to the member in 101",
			own: []string{"admin", "koordinator", "projektleder", "medarbejder", "anden kommune"}, other: writers, req: statusPUT(delegated)},
		{pattern: "POST /tasks/{id}/status", name: "municipality task", own: planOwners, other: writers, ok: []int{303}, req: statusForm(krit)},
		{pattern: "POST /tasks/{id}/status", name: "school task (own school / other school)", ok: []int{303},
			own: []string{"admin", "koordinator", "projektleder", "tovholder"}, other: []string{"admin", "koordinator", "projektleder"}, req: statusForm(school)},
		{pattern: "PUT /api/v1/tasks/{id}/delegate", own: planOwners, other: writers,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("/api/v1/tasks/%d/delegate", m.krit[muni(u, own)]), map[string]any{"email": ""})
			}},
		{pattern: "POST /tasks/{id}/delegate", name: "school task", ok: []int{303},
			own: []string{"admin", "koordinator", "projektleder", "tovholder"}, other: []string{"admin", "koordinator", "projektleder"},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/tasks/%d/delegate", school(m, u, own)), url.Values{"email": {""}})
			}},

		// Administration.
		{pattern: "GET /admin", own: adminOnly, ok: []int{303}, req: fixed(get("/admin"))},
		{pattern: "GET /admin/users", own: adminOnly, req: fixed(get("/admin/users"))},
		{pattern: "POST /admin/users", own: adminOnly, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.n++
				return formReq("/admin/users", url.Values{"name": {"Ny Bruger"}, "email": {fmt.Sprintf("ny%d@kombit.dk", m.n)}, "role": {"observatoer"}, "org": {"kl"}, "password": {"et-langt-kodeord"}})
			}},
		{pattern: "GET /admin/users/{uid}", own: adminOnly, req: func(m *matrix, u *mUser, own bool) mReq { return get(fmt.Sprintf("/admin/users/%d", m.tmpUser)) }},
		{pattern: "POST /admin/users/{uid}", own: adminOnly, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/admin/users/%d", m.tmpUser), url.Values{"name": {"Midlertidig"}, "email": {"tmp@kombit.dk"}, "role": {"observatoer"}, "org": {"kl"}, "active": {"ja"}})
			}},
		{pattern: "POST /admin/users/{uid}/password", own: adminOnly, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/admin/users/%d/password", m.tmpUser), url.Values{"password": {"nyt-langt-kodeord"}})
			}},
		{pattern: "POST /admin/users/{uid}/tokens", own: adminOnly,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/admin/users/%d/tokens", m.tmpUser), url.Values{"name": {"matrix"}, "scope": {"write"}})
			}},
		{pattern: "POST /admin/users/{uid}/tokens/{tid}/revoke", own: adminOnly, ok: []int{303, 404}, // 404 once revoked
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/admin/users/%d/tokens/%d/revoke", m.tmpUser, m.tmpToken), url.Values{})
			}},
		{pattern: "GET /admin/organisations", own: adminOnly, req: fixed(get("/admin/organisations"))},
		{pattern: "GET /admin/programmes", own: adminOnly, req: fixed(get("/admin/programmes"))},
		{pattern: "POST /admin/organisations/login", own: adminOnly, ok: []int{303}, req: fixed(formReq("/admin/organisations/login", url.Values{"org": {"101"}, "provider": {""}}))},
		{pattern: "POST /admin/programmes/{key}", own: adminOnly, ok: []int{303}, req: fixed(formReq("/admin/programmes/mini", url.Values{"warning_days": {"3"}}))},
	}
	// Wave planning (waveplan_authz_test.go).
	cases = append(cases, waveMatrixCases(t)...)
	// Follow-up (followup_authz_test.go).
	cases = append(cases, followupMatrixCases(t)...)
	// The plan's forms and calendar feeds (plan_forms_authz_test.go).
	cases = append(cases, planFormMatrixCases(t)...)
	// Checklist, links and documents of a task (task_extras_authz_test.go).
	cases = append(cases, extrasMatrixCases(t)...)
	// The readiness survey (readiness_authz_test.go).
	cases = append(cases, readinessMatrixCases(t)...)
	// The risk register (risk_authz_test.go).
	cases = append(cases, riskMatrixCases(t)...)
	// Jobs (jobs_authz_test.go).
	cases = append(cases, jobMatrixCases(t)...)
	// The benefit register (benefit_authz_test.go).
	cases = append(cases, benefitMatrixCases(t)...)
	// The steering reports (report_authz_test.go).
	cases = append(cases, reportMatrixCases(t)...)
	// The implementation model and handbook (handbook_authz_test.go).
	cases = append(cases, handbookMatrixCases(t)...)
	cases = append(cases, handbookJobMatrixCases(t)...)
	// The people register and training (people_authz_test.go).
	cases = append(cases, peopleMatrixCases(t)...)
	cases = append(cases, trainingMatrixCases(t)...)
	// Announcements, network meetings and kommunepraktik (announce_authz_test.go).
	cases = append(cases, announceMatrixCases(t)...)
	cases = append(cases, addOnMatrixCases(t)...)
	// Tasks before enrolment (before_enrolment_authz_test.go).
	cases = append(cases, beforeEnrolmentMatrixCases(t)...)
	// Institutions' own go-lives (institutions_authz_test.go).
	cases = append(cases, institutionMatrixCases(t)...)
	// Last: it ends the session.
	return append(cases, matrixCase{pattern: "POST /logout", own: everyone, ok: []int{303}, req: fixed(formReq("/logout", url.Values{}))})
}

// webRoutes reads every route pattern from the web package's route table.
func webRoutes(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, r := range web.Routes() {
		if out[r.Pattern] {
			t.Errorf("route %q is registered twice", r.Pattern)
		}
		out[r.Pattern] = true
	}
	if len(out) < 20 {
		t.Fatalf("found only %d routes in the route table", len(out))
	}
	return out
}

func TestAuthorizationMatrix(t *testing.T) {
	routes := webRoutes(t)
	cases := matrixCases(t)
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.pattern] = true
	}
	var missing []string
	for p := range routes {
		if !covered[p] {
			missing = append(missing, p)
		}
	}
	slices.Sort(missing)
	for _, p := range missing {
		t.Errorf("route %q has no entry in the authorization matrix (internal/cli/authz_test.go) – add one", p)
	}
	for p := range covered {
		if !routes[p] {
			t.Logf("note: the matrix has an entry for %q, which is not registered (yet)", p)
		}
	}
	storetest.Each(t, func(t *testing.T, dbURL string) {
		m := setupMatrix(t, dbURL, routes)
		for _, c := range cases {
			if !routes[c.pattern] {
				continue
			}
			name := c.pattern
			if c.name != "" {
				name += " (" + c.name + ")"
			}
			t.Run(name, func(t *testing.T) {
				targets := []bool{true}
				if c.other != nil {
					targets = []bool{true, false}
				}
				for _, own := range targets {
					for _, key := range everyone {
						allowed := slices.Contains(c.own, key)
						if !own {
							allowed = slices.Contains(c.other, key)
						}
						m.check(t, c, m.users[key], own, allowed)
					}
					m.check(t, c, nil, own, c.public)
				}
			})
		}
	})
}

// check sends one case's request as u (nil: anonymous) and checks the answer.
func (m *matrix) check(t *testing.T, c matrixCase, u *mUser, own, allowed bool) {
	t.Helper()
	who := "anonymous"
	cl := m.anon
	if u != nil {
		who, cl = u.key, u.c
	}
	target := "own"
	if !own {
		target = "other"
	}
	r := c.req(m, u, own)
	if r.method == "skip" { // the case checked itself
		return
	}
	header := map[string]string{}
	for k, v := range r.header {
		header[k] = v
	}
	body := r.body
	if r.form != nil {
		f := url.Values{}
		for k, v := range r.form {
			f[k] = v
		}
		if u != nil {
			f.Set("csrf", u.csrf)
		}
		body = []byte(f.Encode())
		for k, v := range formHeader(cl) {
			header[k] = v
		}
	}
	resp := cl.do(t, r.method, r.path, body, header)
	where := fmt.Sprintf("%s as %s on %s target: %s %s", c.pattern, who, target, r.method, r.path)
	loc := resp.Header.Get("Location")
	switch {
	case allowed:
		ok := c.ok
		if ok == nil {
			ok = []int{200}
		}
		if !slices.Contains(ok, resp.StatusCode) || (resp.StatusCode == 303 && strings.HasPrefix(loc, "/login") && r.path != "/login" && r.path != "/logout") {
			t.Errorf("%s: status %d (Location %q), want one of %v (allowed)\n%.300s", where, resp.StatusCode, loc, ok, resp.body)
		}
	case u == nil && strings.HasPrefix(r.path, "/api/"):
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: status %d %s, want 401 problem JSON", where, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	case u == nil:
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("%s: status %d Location %q, want 303 to /login", where, resp.StatusCode, loc)
		}
	default:
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403 (refused)\n%.300s", where, resp.StatusCode, resp.body)
		}
	}
}

// setupMatrix seeds the database, starts the server, publishes and enrols
// København (two schools) and Frederiksberg, signs every user in, and
// makes the things the cases act on.
func setupMatrix(t *testing.T, dbURL string, routes map[string]bool) *matrix {
	t.Helper()
	ctx := context.Background()
	seedMunicipalities(t, dbURL)
	seedUsers(t, dbURL)
	m := &matrix{users: map[string]*mUser{}, krit: map[string]int64{}, obl: map[string]int64{}, ownTask: map[string]int64{},
		baseline: map[string]int64{}, feed: map[string]int64{}}
	a, done := testApp(t, dbURL)
	tmp, err := a.CreateUser(ctx, app.NewUser{Email: "tmp@kombit.dk", Name: "Midlertidig", Role: access.Observer, Org: "kl", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	m.tmpUser = tmp.ID
	if _, err := a.CreateAPIToken(ctx, tmp.ID, "til tilbagekaldelse", "write", nil); err != nil {
		t.Fatal(err)
	}
	toks, _ := a.APITokens(ctx, tmp.ID)
	m.tmpToken = toks[0].ID
	done()

	base := startServer(t, dbURL)
	m.anon = newClient(t, base)
	for _, u := range testUsers {
		mu := &mUser{testUser: u, c: newClient(t, base)}
		mu.c.token = u.token
		mu.c.login(t, u.email, testPassword)
		mu.csrf = mu.c.csrf(t)
		m.users[u.key] = mu
	}
	m.admin = m.users["admin"]
	ac := m.admin.c
	var res publishResult
	ac.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &res)
	var er []enrolResult
	ac.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}, {"code": "147", "golive": "2027-03-01", "wave": 1}}, nil).decode(t, http.StatusOK, &er)
	for _, code := range []string{"101", "147"} {
		var p plan
		ac.getJSON(t, "/api/v1/programmes/mini/municipalities/"+code+"/tasks", &p)
		m.krit[code] = findTask(t, p, "m-krit").ID
		m.obl[code] = findTask(t, p, "m-obl").ID
		for _, x := range p.Tasks {
			switch x.Institution {
			case "Skole A":
				m.schoolTask[0] = x.ID
			case "Skole B":
				m.schoolTask[1] = x.ID
			}
		}
		if routes["POST /api/v1/programmes/{key}/municipalities/{code}/own-tasks"] {
			var o struct {
				ID int64 `json:"id"`
			}
			ac.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/"+code+"/own-tasks", map[string]any{
				"title": "Egen opgave", "phase": "2.1", "type": "valgfri", "start": "2027-01-04", "end": "2027-01-08"}, nil).decode(t, http.StatusCreated, &o)
			m.ownTask[code] = o.ID
		}
		if routes["POST /api/v1/programmes/{key}/municipalities/{code}/baselines"] {
			var b struct {
				ID int64 `json:"id"`
			}
			ac.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/"+code+"/baselines", map[string]any{"name": "Start"}, nil).decode(t, http.StatusCreated, &b)
			m.baseline[code] = b.ID
		}
		if routes["POST /api/v1/programmes/{key}/municipalities/{code}/calendar-feeds"] {
			var f struct {
				ID int64 `json:"id"`
			}
			ac.do(t, "POST", "/api/v1/programmes/mini/municipalities/"+code+"/calendar-feeds", nil, nil).decode(t, http.StatusCreated, &f)
			m.feed[code] = f.ID
		}
	}
	if routes["PUT /api/v1/programmes/{key}/waveplan/setup"] {
		setupWaveMatrix(t, m)
	}
	if m.schoolTask[0] == 0 || m.schoolTask[1] == 0 {
		t.Fatal("no school tasks for Skole A and B")
	}
	// The project lead delegates m-obl to the member.
	pl := m.users["projektleder"]
	var d map[string]any
	pl.c.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/tasks/%d/delegate", m.obl["101"]), map[string]any{"email": "mm@kk.dk"}, nil).decode(t, http.StatusOK, &d)
	return m
}

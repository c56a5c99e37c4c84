package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// The follow-up routes in the authorization matrix (authz_test.go):
// everyone manages their own mail; administrators see the outbox and
// everyone's settings; the centre (administrators, coordinators, the
// supplier, observers) sees the worklist and hypercare; a municipality's
// users read their own contact log, checkpoints and incidents. Who writes
// what is the role table (authz_table_test.go, docs/access.md).

// followupTargets are the things the follow-up cases act on, made on first use.
type followupTargets struct {
	team     int64
	incident map[string]int64 // municipality code → an incident there
}

var followupFixtures = map[*matrix]*followupTargets{}

func (m *matrix) followup(t *testing.T) *followupTargets {
	t.Helper()
	if f, ok := followupFixtures[m]; ok {
		return f
	}
	f := &followupTargets{}
	ac := m.admin.c
	var team struct {
		ID int64 `json:"id"`
	}
	ac.sendJSON(t, "POST", "/api/v1/hypercare/teams", map[string]any{"name": "Matrixteam"}, nil).decode(t, http.StatusCreated, &team)
	f.team = team.ID
	f.incident = map[string]int64{}
	for _, code := range []string{"101", "147"} {
		var x struct {
			ID int64 `json:"id"`
		}
		ac.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/"+code+"/incidents",
			map[string]any{"category": "data", "severity": "lav", "title": "Matrixhændelse"}, nil).decode(t, http.StatusCreated, &x)
		f.incident[code] = x.ID
	}
	followupFixtures[m] = f
	return f
}

// serverToday is the server's date (it runs on the real clock).
func serverToday() string {
	return model.DanishDate(time.Now()).String()
}

func inDays(n int) string {
	return model.DanishDate(time.Now()).AddDays(n).String()
}

func followupMatrixCases(t *testing.T) []matrixCase {
	fixed := func(r mReq) func(m *matrix, u *mUser, own bool) mReq {
		return func(*matrix, *mUser, bool) mReq { return r }
	}
	byCode := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return get(fmt.Sprintf(format, muni(u, own))) }
	}
	muniOther := []string{"admin", "koordinator", "leverandør", "observatør"}
	contactOwn, contactOther := may(t, "Write a contact-log entry")
	escalateOwn, escalateOther := may(t, "Record an escalation in the contact log")
	checkpointOwn, checkpointOther := may(t, "Decide a checkpoint (phase transition)")
	worklist := mayAnywhere(t, "Assign, snooze and wake worklist items")
	incidentOwn, incidentOther := may(t, "Log and update hypercare incidents")
	hypercare := mayAnywhere(t, "Manage hypercare teams, assignments and lessons")
	hypercareOwn, hypercareOther := may(t, "Manage hypercare teams, assignments and lessons")
	contact := func(m *matrix, u *mUser, own bool) map[string]any {
		return map[string]any{"date": serverToday(), "channel": "telefon", "participants": "Matrix", "summary": "Opfølgning"}
	}
	// myVersion reads the version of u's own e-mail setting, so that a
	// change is not refused as stale.
	myVersion := func(u *mUser) int {
		if u == nil {
			return 0
		}
		var s struct {
			Version int `json:"version"`
		}
		u.c.getJSON(t, "/api/v1/me/notifications", &s)
		return s.Version
	}
	return []matrixCase{
		// Everyone's own mail.
		{pattern: "GET /api/v1/me/notifications", own: everyone, req: fixed(get("/api/v1/me/notifications"))},
		{pattern: "PUT /api/v1/me/notifications", own: everyone,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", "/api/v1/me/notifications", map[string]any{"preference": "dagligt", "version": myVersion(u)})
			}},
		{pattern: "GET /api/v1/notifications/preview", own: everyone, req: fixed(get("/api/v1/notifications/preview?kind=ugentligt"))},
		{pattern: "GET /konto/varsler", own: everyone, req: fixed(get("/konto/varsler"))},
		{pattern: "POST /konto/varsler", own: everyone, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq("/konto/varsler", url.Values{"preference": {"ugentligt"}, "version": {strconv.Itoa(myVersion(u))}})
			}},
		{pattern: "GET /konto/varsler/eksempel", own: everyone, req: fixed(get("/konto/varsler/eksempel?kind=dagligt"))},

		// Administrators: everyone's settings and the outbox.
		{pattern: "GET /api/v1/notifications/recipients", own: adminOnly, req: fixed(get("/api/v1/notifications/recipients"))},
		{pattern: "PUT /api/v1/notifications/recipients/{uid}", own: adminOnly, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("/api/v1/notifications/recipients/%d", m.tmpUser), map[string]any{"preference": "aldrig"})
			}},
		{pattern: "GET /api/v1/notifications/outbox", own: adminOnly, req: fixed(get("/api/v1/notifications/outbox?state=fejlet,afventer"))},
		{pattern: "GET /api/v1/notifications/outbox/{id}", own: adminOnly, ok: []int{404}, req: fixed(get("/api/v1/notifications/outbox/999999"))},
		{pattern: "POST /api/v1/notifications/outbox/{id}/retry", own: adminOnly, ok: []int{404}, req: fixed(jsonReq("POST", "/api/v1/notifications/outbox/999999/retry", nil))},
		{pattern: "POST /api/v1/notifications/digests", own: adminOnly, ok: []int{200, 201}, req: fixed(jsonReq("POST", "/api/v1/notifications/digests", map[string]any{"kind": "dagligt"}))},
		{pattern: "GET /admin/varsler", own: adminOnly, req: fixed(get("/admin/varsler"))},
		{pattern: "GET /admin/varsler/{id}", own: adminOnly, ok: []int{404}, req: fixed(get("/admin/varsler/999999"))},
		{pattern: "POST /admin/varsler/{id}/retry", own: adminOnly, ok: []int{404}, req: fixed(formReq("/admin/varsler/999999/retry", url.Values{}))},

		// The worklist.
		{pattern: "GET /api/v1/programmes/{key}/worklist", own: central, req: fixed(get("/api/v1/programmes/mini/worklist"))},
		{pattern: "PUT /api/v1/programmes/{key}/worklist/{item}/owner", own: worklist, req: fixed(jsonReq("PUT", "/api/v1/programmes/mini/worklist/kommune-101/owner", map[string]any{"owner": nil}))},
		{pattern: "PUT /api/v1/programmes/{key}/worklist/{item}/snooze", own: worklist,
			req: fixed(jsonReq("PUT", "/api/v1/programmes/mini/worklist/kommune-101/snooze", map[string]any{"until": inDays(30), "reason": "Matrix"}))},
		{pattern: "DELETE /api/v1/programmes/{key}/worklist/{item}/snooze", own: worklist, req: fixed(mReq{method: "DELETE", path: "/api/v1/programmes/mini/worklist/kommune-101/snooze"})},
		{pattern: "POST /programmes/{key}/worklist/{item}/owner", own: worklist, ok: []int{303}, req: fixed(formReq("/programmes/mini/worklist/kommune-147/owner", url.Values{"owner": {""}}))},
		{pattern: "POST /programmes/{key}/worklist/{item}/snooze", own: worklist, ok: []int{303},
			req: fixed(formReq("/programmes/mini/worklist/kommune-147/snooze", url.Values{"until": {inDays(10)}, "reason": {"Matrix"}}))},
		{pattern: "POST /programmes/{key}/worklist/{item}/wake", own: worklist, ok: []int{303}, req: fixed(formReq("/programmes/mini/worklist/kommune-147/wake", url.Values{}))},

		// The contact log.
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/contacts", own: ownMuni, other: muniOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/contacts")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/contacts", own: ownMuni, other: muniOther, req: byCode("/programmes/mini/municipalities/%s/contacts")},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/contacts", own: contactOwn, other: contactOther, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/contacts", muni(u, own)), contact(m, u, own))
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/contacts", own: contactOwn, other: contactOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/municipalities/%s/contacts", muni(u, own)),
					url.Values{"date": {serverToday()}, "channel": {"mail"}, "participants": {"Matrix"}, "summary": {"Opfølgning"}})
			}},

		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/contacts", name: "escalation", own: escalateOwn, other: escalateOther, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				c := contact(m, u, own)
				c["kind"], c["escalated_to"] = "eskalering", "Styregruppen"
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/contacts", muni(u, own)), c)
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/contacts", name: "escalation", own: escalateOwn, other: escalateOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/municipalities/%s/contacts", muni(u, own)),
					url.Values{"date": {serverToday()}, "channel": {"mail"}, "kind": {"eskalering"}, "escalated_to": {"Styregruppen"}, "participants": {"Matrix"}, "summary": {"Eskalering"}})
			}},

		// Checkpoints.
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/checkpoints", own: ownMuni, other: muniOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/checkpoints")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/checkpoints", own: ownMuni, other: muniOther, req: byCode("/programmes/mini/municipalities/%s/checkpoints")},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/checkpoints", own: checkpointOwn, other: checkpointOther, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/checkpoints", muni(u, own)),
					map[string]any{"transition": "2.1-2.2", "decision": "udskudt", "basis": "Matrix"})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/checkpoints", own: checkpointOwn, other: checkpointOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/municipalities/%s/checkpoints", muni(u, own)),
					url.Values{"transition": {"2.1-2.2"}, "decision": {"udskudt"}, "basis": {"Matrix"}})
			}},

		// Hypercare.
		{pattern: "GET /api/v1/hypercare", own: central, req: fixed(get("/api/v1/hypercare"))},
		{pattern: "GET /hypercare", own: central, req: fixed(get("/hypercare"))},
		{pattern: "POST /api/v1/hypercare/teams", own: hypercare, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.n++
				return jsonReq("POST", "/api/v1/hypercare/teams", map[string]any{"name": fmt.Sprintf("Team %d", m.n)})
			}},
		{pattern: "POST /hypercare/teams", own: hypercare, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.n++
				return formReq("/hypercare/teams", url.Values{"name": {fmt.Sprintf("Team %d", m.n)}})
			}},
		{pattern: "POST /api/v1/hypercare/teams/{id}/members", own: hypercare, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.n++
				return jsonReq("POST", fmt.Sprintf("/api/v1/hypercare/teams/%d/members", m.followup(t).team), map[string]any{"name": fmt.Sprintf("Deltager %d", m.n)})
			}},
		{pattern: "POST /hypercare/teams/{id}/members", own: hypercare, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.n++
				return formReq(fmt.Sprintf("/hypercare/teams/%d/members", m.followup(t).team), url.Values{"name": {fmt.Sprintf("Deltager %d", m.n)}})
			}},
		{pattern: "DELETE /api/v1/hypercare/teams/{id}/members/{mid}", own: hypercare, ok: []int{404},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return mReq{method: "DELETE", path: fmt.Sprintf("/api/v1/hypercare/teams/%d/members/999999", m.followup(t).team)}
			}},
		{pattern: "POST /api/v1/hypercare/teams/{id}/assignments", own: hypercare,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/hypercare/teams/%d/assignments", m.followup(t).team), map[string]any{"programme": "mini", "municipalities": []string{"101", "147"}})
			}},
		{pattern: "POST /hypercare/teams/{id}/assignments", own: hypercare, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/hypercare/teams/%d/assignments", m.followup(t).team), url.Values{"programme": {"mini"}, "municipalities": {"101, 147"}})
			}},
		{pattern: "DELETE /api/v1/programmes/{key}/municipalities/{code}/hypercare", own: hypercareOwn, other: hypercareOther, ok: []int{204, 404},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return mReq{method: "DELETE", path: fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/hypercare", muni(u, own))}
			}},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/incidents", own: ownMuni, other: muniOther, req: byCode("/api/v1/programmes/mini/municipalities/%s/incidents")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/incidents", own: ownMuni, other: muniOther, req: byCode("/programmes/mini/municipalities/%s/incidents")},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/incidents", own: incidentOwn, other: incidentOther, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/programmes/mini/municipalities/%s/incidents", muni(u, own)),
					map[string]any{"category": "drift", "severity": "middel", "title": "Matrix"})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/incidents", own: incidentOwn, other: incidentOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/programmes/mini/municipalities/%s/incidents", muni(u, own)),
					url.Values{"category": {"drift"}, "severity": {"lav"}, "title": {"Matrix"}})
			}},
		// The incident's version moves with every allowed change: a stale one is 409, still allowed.
		{pattern: "PUT /api/v1/incidents/{id}", own: incidentOwn, other: incidentOther, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", fmt.Sprintf("/api/v1/incidents/%d", m.followup(t).incident[muni(u, own)]),
					map[string]any{"category": "data", "severity": "lav", "status": "under_behandling", "title": "Matrixhændelse", "version": 1})
			}},
		{pattern: "POST /incidents/{id}", own: incidentOwn, other: incidentOther, ok: []int{303, 409}, // 409 after the first writer's change
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/incidents/%d", m.followup(t).incident[muni(u, own)]),
					url.Values{"category": {"data"}, "severity": {"lav"}, "status": {"aaben"}, "title": {"Matrixhændelse"}, "version": {"1"}})
			}},
		{pattern: "GET /api/v1/programmes/{key}/hypercare/summary", own: central, req: fixed(get("/api/v1/programmes/mini/hypercare/summary"))},
		{pattern: "GET /programmes/{key}/hypercare", own: central, req: fixed(get("/programmes/mini/hypercare"))},
		{pattern: "PUT /api/v1/programmes/{key}/hypercare/waves/{wave}/lessons", own: hypercare,
			req: fixed(jsonReq("PUT", "/api/v1/programmes/mini/hypercare/waves/1/lessons", map[string]any{"text": "Matrix"}))},
		{pattern: "POST /programmes/{key}/hypercare/waves/{wave}/lessons", own: hypercare, ok: []int{303},
			req: fixed(formReq("/programmes/mini/hypercare/waves/1/lessons", url.Values{"text": {"Matrix"}}))},
	}
}

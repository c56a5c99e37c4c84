package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The readiness survey's routes in the authorization matrix
// (authz_test.go): whoever sees a municipality's plans sees its survey's
// results (the centre, observers included, and the municipality's own
// users – never another municipality); running the survey (groups, rounds,
// links, threshold, closing) is the project lead's and KOMBIT's writers';
// the national aggregate is central; respondents answer without an account.

// readinessTargets are, per municipality code, the group, link and
// round the cases act on, made on first use.
type readinessTargets struct {
	group map[string]int64
	link  map[string]int64
}

var readinessFixtures = map[*matrix]*readinessTargets{}

func (m *matrix) readiness(t *testing.T) *readinessTargets {
	t.Helper()
	if f, ok := readinessFixtures[m]; ok {
		return f
	}
	f := &readinessTargets{group: map[string]int64{}, link: map[string]int64{}}
	ac := m.admin.c
	for _, code := range []string{"101", "147"} {
		api := "/api/v1/programmes/mini/municipalities/" + code + "/readiness"
		var g struct {
			ID int64 `json:"id"`
		}
		ac.sendJSON(t, "POST", api+"/groups", map[string]any{"name": "Matrixgruppe"}, nil).decode(t, http.StatusCreated, &g)
		f.group[code] = g.ID
		for _, k := range []string{"baseline", "status-1"} {
			ac.sendJSON(t, "POST", api+"/rounds", map[string]any{"round": k}, nil).decode(t, http.StatusCreated, &map[string]any{})
		}
		var ls []struct {
			ID int64 `json:"id"`
		}
		ac.sendJSON(t, "POST", api+"/links", map[string]any{"round": "baseline", "group_id": g.ID, "kind": "personlig", "count": 1}, nil).
			decode(t, http.StatusCreated, &ls)
		f.link[code] = ls[0].ID
	}
	readinessFixtures[m] = f
	return f
}

func readinessMatrixCases(t *testing.T) []matrixCase {
	muniOwnOther := central
	api := func(u *mUser, own bool) string {
		return "/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/readiness"
	}
	page := func(u *mUser, own bool) string {
		return "/programmes/mini/municipalities/" + muni(u, own) + "/parathed"
	}
	n := 0
	name := func() string { n++; return fmt.Sprintf("Gruppe %d", n) }
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/readiness", own: ownMuni, other: muniOwnOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.readiness(t); return get(api(u, own)) }},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/readiness.xlsx", own: ownMuni, other: muniOwnOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get(api(u, own) + ".xlsx") }},
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/readiness/threshold", own: planOwners, other: writers,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", api(u, own)+"/threshold", map[string]any{"threshold": 5})
			}},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/readiness/groups", own: planOwners, other: writers, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", api(u, own)+"/groups", map[string]any{"name": name()})
			}},
		// The first allowed caller makes the round; the others find it made.
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/readiness/rounds", own: planOwners, other: writers, ok: []int{201, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", api(u, own)+"/rounds", map[string]any{"round": "status-6"})
			}},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/readiness/links", own: planOwners, other: writers, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", api(u, own)+"/links", map[string]any{"round": "baseline", "group_id": m.readiness(t).group[muni(u, own)],
					"kind": "personlig", "count": 1})
			}},
		{pattern: "DELETE /api/v1/programmes/{key}/municipalities/{code}/readiness/links/{id}", own: planOwners, other: writers, ok: []int{204, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return mReq{method: "DELETE", path: fmt.Sprintf("%s/links/%d", api(u, own), m.readiness(t).link[muni(u, own)])}
			}},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/readiness/rounds/{round}/close", own: planOwners, other: writers, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.readiness(t)
				return mReq{method: "POST", path: api(u, own) + "/rounds/status-1/close"}
			}},
		{pattern: "GET /api/v1/programmes/{key}/readiness", own: central, req: func(*matrix, *mUser, bool) mReq { return get("/api/v1/programmes/mini/readiness") }},

		{pattern: "GET /programmes/{key}/municipalities/{code}/parathed", own: ownMuni, other: muniOwnOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.readiness(t); return get(page(u, own)) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/parathed/threshold", own: planOwners, other: writers, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own)+"/threshold", url.Values{"threshold": {"5"}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/parathed/groups", own: planOwners, other: writers, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own)+"/groups", url.Values{"name": {name()}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/parathed/rounds", own: planOwners, other: writers, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own)+"/rounds", url.Values{"round": {"status-6"}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/parathed/links", own: planOwners, other: writers,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own)+"/links", url.Values{"round": {"baseline"}, "group_id": {fmt.Sprint(m.readiness(t).group[muni(u, own)])},
					"kind": {"aaben"}, "number": {"10"}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/parathed/links/{id}/revoke", own: planOwners, other: writers, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("%s/links/%d/revoke", page(u, own), m.readiness(t).link[muni(u, own)]), url.Values{})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/parathed/rounds/{round}/close", own: planOwners, other: writers, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.readiness(t)
				return formReq(page(u, own)+"/rounds/status-1/close", url.Values{})
			}},
		{pattern: "GET /programmes/{key}/parathed", own: central, req: func(*matrix, *mUser, bool) mReq { return get("/programmes/mini/parathed") }},

		// The answer page: public; an unknown link is 404 for everyone.
		{pattern: "GET /svar/{token}", public: true, own: everyone, ok: []int{404},
			req: func(*matrix, *mUser, bool) mReq { return get("/svar/udrul_svar_ukendt") }},
		{pattern: "POST /svar/{token}", public: true, own: everyone, ok: []int{404},
			req: func(*matrix, *mUser, bool) mReq {
				return formReq("/svar/udrul_svar_ukendt", url.Values{"opmaerksomhed": {"3"}, "motivation": {"3"}, "viden": {"3"}, "stoette": {"3"}, "anerkendelse": {"3"}})
			}},
	}
}

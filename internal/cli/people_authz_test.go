package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The people register's routes in the authorization matrix (authz_test.go),
// with who may from the role table (authz_table_test.go, docs/access.md):
// a municipality's register (names, e-mails, phones) is read by its own
// users and the centre's follow-up staff – never by another municipality,
// and not by observers; it is changed by the plan's owners. The national
// shortfall of super-users is the centre's, observers included.

type personFixture struct{ key, role int64 }

var peopleFixtures = map[*matrix]map[string]personFixture{}

// people returns, per municipality code, a person of its register with a
// role the cases read, change and remove.
func (m *matrix) people(t *testing.T) map[string]personFixture {
	t.Helper()
	if f, ok := peopleFixtures[m]; ok {
		return f
	}
	f := map[string]personFixture{}
	var x struct {
		Key   int64 `json:"key"`
		Roles []struct {
			Key int64 `json:"key"`
		} `json:"roles"`
	}
	for _, code := range []string{"101", "147"} {
		m.admin.c.sendJSON(t, "POST", "/api/v1/programmes/mini/municipalities/"+code+"/people",
			map[string]any{"name": "Matrixperson", "role": "projektleder"}, nil).decode(t, http.StatusCreated, &x)
		f[code] = personFixture{x.Key, x.Roles[0].Key}
	}
	peopleFixtures[m] = f
	return f
}

func peopleMatrixCases(t *testing.T) []matrixCase {
	readOwn, readOther := may(t, "Read a municipality's people register")
	changeOwn, changeOther := may(t, "Change a municipality's people register")
	national := mayAnywhere(t, "See the national shortfall of super-users and administrators")
	api := func(u *mUser, own bool) string {
		return "/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/people"
	}
	page := func(u *mUser, own bool) string {
		return "/programmes/mini/municipalities/" + muni(u, own) + "/roller"
	}
	one := func(m *matrix, base string, u *mUser, own bool) string {
		return fmt.Sprintf("%s/%d", base, m.people(t)[muni(u, own)].key)
	}
	role := func(m *matrix, base string, u *mUser, own bool) string {
		return fmt.Sprintf("%s/roles/%d", one(m, base, u, own), m.people(t)[muni(u, own)].role)
	}
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/people", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.people(t); return get(api(u, own)) }},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/people", own: changeOwn, other: changeOther, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", api(u, own), map[string]any{"name": "Ny person", "email": "ny@kommune.dk", "role": "styregruppe"})
			}},
		// The first allowed caller sets version 1; the others find it changed.
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/people/{id}", own: changeOwn, other: changeOther, ok: []int{200, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", one(m, api(u, own), u, own), map[string]any{"name": "Matrixperson", "phone": "12345678", "version": 1})
			}},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/people/{id}/roles", own: changeOwn, other: changeOther, ok: []int{201, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", one(m, api(u, own), u, own)+"/roles", map[string]any{"role": "gevinstejer"})
			}},
		{pattern: "DELETE /api/v1/programmes/{key}/municipalities/{code}/people/{id}/roles/{role}", own: changeOwn, other: changeOther, ok: []int{200, 404},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return mReq{method: "DELETE", path: role(m, api(u, own), u, own)}
			}},
		{pattern: "GET /api/v1/programmes/{key}/sizing", own: national, req: func(*matrix, *mUser, bool) mReq { return get("/api/v1/programmes/mini/sizing") }},
		{pattern: "GET /programmes/{key}/municipalities/{code}/roller", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { m.people(t); return get(page(u, own)) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/roller", own: changeOwn, other: changeOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own), url.Values{"name": {"Formperson"}, "role": {"kommunikation"}})
			}},
		{pattern: "GET /programmes/{key}/municipalities/{code}/roller/{id}", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get(one(m, page(u, own), u, own)) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/roller/{id}", own: changeOwn, other: changeOther, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(one(m, page(u, own), u, own), url.Values{"name": {"Matrixperson"}, "version": {"3"}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/roller/{id}/roller", own: changeOwn, other: changeOther, ok: []int{303, 409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(one(m, page(u, own), u, own)+"/roller", url.Values{"role": {"kontraktansvarlig"}})
			}},
		{pattern: "POST /programmes/{key}/municipalities/{code}/roller/{id}/roller/{role}/slet", own: changeOwn, other: changeOther, ok: []int{303, 404},
			req: func(m *matrix, u *mUser, own bool) mReq {
				p := m.people(t)[muni(u, own)]
				return formReq(fmt.Sprintf("%s/roller/%d/slet", one(m, page(u, own), u, own), p.role), url.Values{})
			}},
		{pattern: "GET /programmes/{key}/superbrugere", own: national, req: func(*matrix, *mUser, bool) mReq { return get("/programmes/mini/superbrugere") }},
	}
}

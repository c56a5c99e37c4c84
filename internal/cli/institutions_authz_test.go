package cli_test

import (
	"net/url"
	"testing"
)

// Institutions' own go-lives in the authorization matrix (authz_test.go),
// with who may from the role table (authz_table_test.go, docs/access.md):
// whoever sees the plan reads its institutions; the plan's owners set an
// institution's date. Writes are probed with a Saturday, which the handler
// refuses (422) without writing; on the other municipality, Frederiksberg,
// Skole A is not theirs, which is refused naming the institution.
func institutionMatrixCases(t *testing.T) []matrixCase {
	readOwn, readOther := may(t, "Read a municipality's institutions and their go-lives")
	setOwn, setOther := may(t, "Set an institution's own go-live or pilot date")
	api := func(u *mUser, own bool) string {
		return "/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/institutions"
	}
	page := func(u *mUser, own bool) string {
		return "/programmes/mini/municipalities/" + muni(u, own) + "/institutioner"
	}
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/institutions", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get(api(u, own)) }},
		{pattern: "PUT /api/v1/programmes/{key}/municipalities/{code}/institutions/{inst}/golive", own: setOwn, other: setOther, ok: []int{422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("PUT", api(u, own)+"/101-s01/golive", map[string]any{"golive": "2027-02-06", "version": 0})
			}},
		{pattern: "GET /programmes/{key}/municipalities/{code}/institutioner", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get(page(u, own)) }},
		// Skole A is København's: Frederiksberg's page for it is not found.
		{pattern: "GET /programmes/{key}/municipalities/{code}/institutioner/{inst}", own: readOwn, other: readOther, ok: []int{200, 404},
			req: func(m *matrix, u *mUser, own bool) mReq { return get(page(u, own) + "/101-s01") }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/institutioner/{inst}", own: setOwn, other: setOther, ok: []int{422, 404},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own)+"/101-s01", url.Values{"golive": {"2027-02-06"}, "version": {"0"}, "action": {"set"}})
			}},
	}
}

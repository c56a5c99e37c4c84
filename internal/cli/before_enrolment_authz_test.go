package cli_test

import (
	"net/url"
	"testing"
)

// The routes of tasks before enrolment ("før tilmelding") in the
// authorization matrix (authz_test.go): the list is read by whoever sees
// the plan, and settled by the plan's owners (access.ChangePlan). The
// matrix plans have no task before enrolment, so a settlement that gets
// past the access rule is refused by the use case (422).
func beforeEnrolmentMatrixCases(t *testing.T) []matrixCase {
	readOwn, readOther := may(t, "Read a municipality's tasks before enrolment")
	settleOwn, settleOther := may(t, "Settle a municipality's tasks before enrolment")
	api := func(u *mUser, own bool) string {
		return "/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/before-enrolment"
	}
	page := func(u *mUser, own bool) string {
		return "/programmes/mini/municipalities/" + muni(u, own) + "/foer-tilmelding"
	}
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/before-enrolment", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get(api(u, own)) }},
		{pattern: "POST /api/v1/programmes/{key}/municipalities/{code}/before-enrolment/settle", own: settleOwn, other: settleOther, ok: []int{200, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", api(u, own)+"/settle", map[string]any{"ids": []int64{1}, "status": "fuldfoert"})
			}},
		{pattern: "GET /programmes/{key}/municipalities/{code}/foer-tilmelding", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get(page(u, own)) }},
		{pattern: "POST /programmes/{key}/municipalities/{code}/foer-tilmelding", own: settleOwn, other: settleOther, ok: []int{303, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(u, own), url.Values{"id": {"1"}, "status": {"fuldfoert"}})
			}},
	}
}

package cli_test

import "testing"

// The steering reports' routes in the authorization matrix (authz_test.go),
// with who may from the role table (authz_table_test.go, docs/access.md): a
// municipality's status report and cross-programme view are read by its own
// users and the centre (observers included) – never by another
// municipality; the programme report and the go-lives close to each other
// across programmes are the centre's.

func reportMatrixCases(t *testing.T) []matrixCase {
	readOwn, readOther := may(t, "Read a municipality's status report and cross-programme view")
	centre := mayAnywhere(t, "Read the programme report and go-lives close across programmes")
	fixed := func(r mReq) func(*matrix, *mUser, bool) mReq { return func(*matrix, *mUser, bool) mReq { return r } }
	return []matrixCase{
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/status-report", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return get("/api/v1/programmes/mini/municipalities/" + muni(u, own) + "/status-report")
			}},
		{pattern: "GET /programmes/{key}/municipalities/{code}/statusrapport", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return get("/programmes/mini/municipalities/" + muni(u, own) + "/statusrapport")
			}},
		{pattern: "GET /programmes/{key}/municipalities/{code}/statusrapport.pdf", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return get("/programmes/mini/municipalities/" + muni(u, own) + "/statusrapport.pdf")
			}},
		{pattern: "GET /api/v1/municipalities/{code}/cross-programme", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq {
				return get("/api/v1/municipalities/" + muni(u, own) + "/cross-programme")
			}},
		{pattern: "GET /kommuner/{code}/paa-tvaers", own: readOwn, other: readOther,
			req: func(m *matrix, u *mUser, own bool) mReq { return get("/kommuner/" + muni(u, own) + "/paa-tvaers") }},
		{pattern: "GET /api/v1/programmes/{key}/report", own: centre, req: fixed(get("/api/v1/programmes/mini/report"))},
		{pattern: "GET /programmes/{key}/rapport", own: centre, req: fixed(get("/programmes/mini/rapport"))},
		{pattern: "GET /programmes/{key}/rapport.pdf", own: centre, req: fixed(get("/programmes/mini/rapport.pdf"))},
		{pattern: "GET /api/v1/close-golives", own: centre, req: fixed(get("/api/v1/close-golives?days=60"))},
		{pattern: "GET /paa-tvaers", own: centre, req: fixed(get("/paa-tvaers?days=60"))},
	}
}

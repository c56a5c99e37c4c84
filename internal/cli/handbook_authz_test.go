package cli_test

import (
	"fmt"
	"testing"
)

// The implementation model and the municipality's handbook in the
// authorization matrix (authz_test.go), with who may from the role table
// (authz_table_test.go, docs/access.md): a municipality's handbook – page,
// PDF and API – is read by the municipality's own users and the centre,
// never by another municipality; the model's page by everyone signed in.
func handbookMatrixCases(t *testing.T) []matrixCase {
	own, other := may(t, "Read a municipality's implementation handbook and the versions sent")
	path := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, isOwn bool) mReq { return get(fmt.Sprintf(format, muni(u, isOwn))) }
	}
	return []matrixCase{
		{pattern: "GET /programmes/{key}/model", own: everyone, req: func(*matrix, *mUser, bool) mReq { return get("/programmes/mini/model") }},
		{pattern: "GET /programmes/{key}/municipalities/{code}/haandbog", own: own, other: other,
			req: path("/programmes/mini/municipalities/%s/haandbog")},
		{pattern: "GET /programmes/{key}/municipalities/{code}/haandbog.pdf", own: own, other: other,
			req: path("/programmes/mini/municipalities/%s/haandbog.pdf")},
		{pattern: "GET /api/v1/programmes/{key}/municipalities/{code}/handbook", own: own, other: other,
			req: path("/api/v1/programmes/mini/municipalities/%s/handbook")},
	}
}

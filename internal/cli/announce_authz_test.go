package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The announcements' routes in the authorization matrix (authz_test.go),
// with who may from the role table (authz_table_test.go, docs/access.md):
// KOMBIT's coordinators and administrators write announcements and list
// them; anyone signed in reads one and a programme's feed, and marks read
// those sent to them (another's is not found: 404).

var announceFixtures = map[*matrix]int64{}

// announcement returns an announcement to the project leads of the mini
// programme, made once per matrix.
func (m *matrix) announcement(t *testing.T) int64 {
	t.Helper()
	if id, ok := announceFixtures[m]; ok {
		return id
	}
	var x struct {
		Announcement struct {
			ID int64 `json:"id"`
		} `json:"announcement"`
	}
	m.admin.c.sendJSON(t, "POST", "/api/v1/announcements", announceBody(), nil).decode(t, http.StatusCreated, &x)
	announceFixtures[m] = x.Announcement.ID
	return x.Announcement.ID
}

func announceBody() map[string]any {
	return map[string]any{"programme": "mini", "roles": []string{"projektleder"}, "title": "Matrixmeddelelse", "body": "Tekst."}
}

func announceMatrixCases(t *testing.T) []matrixCase {
	write := mayAnywhere(t, "Write announcements to municipalities and list them")
	read := mayAnywhere(t, "Read an announcement and a programme's announcement feed")
	fixed := func(r mReq) func(*matrix, *mUser, bool) mReq { return func(*matrix, *mUser, bool) mReq { return r } }
	one := func(format string) func(m *matrix, u *mUser, own bool) mReq {
		return func(m *matrix, u *mUser, own bool) mReq { return get(fmt.Sprintf(format, m.announcement(t))) }
	}
	return []matrixCase{
		{pattern: "GET /api/v1/announcements", own: write, req: fixed(get("/api/v1/announcements"))},
		{pattern: "POST /api/v1/announcements", own: write, ok: []int{201}, req: fixed(jsonReq("POST", "/api/v1/announcements", announceBody()))},
		{pattern: "GET /api/v1/announcements/mine", own: read, req: fixed(get("/api/v1/announcements/mine"))},
		// Only a recipient marks it read; for the others it is not theirs.
		{pattern: "POST /api/v1/announcements/{id}/read", own: read, ok: []int{204, 404},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/announcements/%d/read", m.announcement(t)), map[string]any{})
			}},
		{pattern: "GET /api/v1/programmes/{key}/announcements.atom", own: read, req: fixed(get("/api/v1/programmes/mini/announcements.atom?wave=1"))},
		{pattern: "GET /meddelelser", own: write, req: fixed(get("/meddelelser"))},
		{pattern: "POST /meddelelser", own: write, ok: []int{303},
			req: fixed(formReq("/meddelelser", url.Values{"programme": {"mini"}, "roles": {"projektleder", "tovholder"}, "title": {"Matrix"}, "body": {"Tekst."}}))},
		{pattern: "GET /meddelelser/{id}", own: read, req: one("/meddelelser/%d")},
		{pattern: "POST /meddelelser/{id}/laest", own: read, ok: []int{303, 404},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/meddelelser/%d/laest", m.announcement(t)), url.Values{})
			}},
	}
}

package cli_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/calendar"
	"github.com/udrul/udrul/internal/model"
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
	cases := []matrixCase{
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
	cases = append(cases, networkMatrixCases(t)...)
	return append(cases, practiceMatrixCases(t)...)
}

var meetingFixtures = map[*matrix]int64{}

// meeting returns a network meeting sixty days ahead, made once per matrix.
func (m *matrix) meeting(t *testing.T) int64 {
	t.Helper()
	if id, ok := meetingFixtures[m]; ok {
		return id
	}
	var x struct {
		ID int64 `json:"id"`
	}
	m.admin.c.sendJSON(t, "POST", "/api/v1/network-meetings", meetingBody(), nil).decode(t, http.StatusCreated, &x)
	meetingFixtures[m] = x.ID
	return x.ID
}

func meetingBody() map[string]any {
	day, _ := model.ParseDate(today())
	return map[string]any{"programme": "mini", "title": "Matrixmøde", "day": day.AddDays(60).String(), "starts": "10:00", "ends": "15:00",
		"places": []map[string]any{{"name": "Aarhus", "address": "Rådhuspladsen 2", "capacity": 4}}}
}

func networkMatrixCases(t *testing.T) []matrixCase {
	create := mayAnywhere(t, "Create network meetings and send their invitations")
	see := mayAnywhere(t, "See the coming network meetings and who is registered")
	regOwn, regOther := may(t, "Register a municipality for a network meeting and cancel it")
	fixed := func(r mReq) func(*matrix, *mUser, bool) mReq { return func(*matrix, *mUser, bool) mReq { return r } }
	reg := func(m *matrix, u *mUser, own bool) string {
		return fmt.Sprintf("/api/v1/network-meetings/%d/registrations/%s", m.meeting(t), muni(u, own))
	}
	page := func(m *matrix, u *mUser, own bool) string {
		return fmt.Sprintf("/netvaerksmoeder/%d/kommuner/%s", m.meeting(t), muni(u, own))
	}
	// Only 101 has two municipal users to name: 147's registration is
	// refused by the use case (422) once past the access rule.
	body := map[string]any{"place": 0, "lead": "pl@kk.dk", "owner": "mm@kk.dk", "waitlist": true}
	return []matrixCase{
		{pattern: "GET /api/v1/network-meetings", own: see, req: fixed(get("/api/v1/network-meetings"))},
		{pattern: "POST /api/v1/network-meetings", own: create, ok: []int{201}, req: fixed(jsonReq("POST", "/api/v1/network-meetings", meetingBody()))},
		{pattern: "PUT /api/v1/network-meetings/{id}/registrations/{code}", own: regOwn, other: regOther, ok: []int{200, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				var ms []struct {
					ID     int64 `json:"id"`
					Places []struct {
						ID int64 `json:"id"`
					} `json:"places"`
				}
				m.admin.c.getJSON(t, "/api/v1/network-meetings", &ms)
				b := map[string]any{}
				for k, v := range body {
					b[k] = v
				}
				for _, x := range ms {
					if x.ID == m.meeting(t) {
						b["place"] = x.Places[0].ID
					}
				}
				return jsonReq("PUT", reg(m, u, own), b)
			}},
		{pattern: "DELETE /api/v1/network-meetings/{id}/registrations/{code}", own: regOwn, other: regOther, ok: []int{204, 404},
			req: func(m *matrix, u *mUser, own bool) mReq { return mReq{method: "DELETE", path: reg(m, u, own)} }},
		// Sixty days ahead the invitations are not due yet: 422 past the rule.
		{pattern: "POST /api/v1/network-meetings/{id}/invitations", own: create, ok: []int{422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/network-meetings/%d/invitations", m.meeting(t)), map[string]any{})
			}},
		{pattern: "GET /netvaerksmoeder", own: see, req: fixed(get("/netvaerksmoeder"))},
		{pattern: "POST /netvaerksmoeder", own: create, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				b := meetingBody()
				return formReq("/netvaerksmoeder", url.Values{"programme": {"mini"}, "title": {"Matrix"}, "day": {b["day"].(string)},
					"starts": {"10:00"}, "ends": {"12:00"}, "places[0].name": {"Odense"}, "places[0].address": {"Flakhaven 2"}, "places[0].capacity": {"10"}})
			}},
		{pattern: "POST /netvaerksmoeder/{id}/kommuner/{code}", own: regOwn, other: regOther, ok: []int{303, 422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(page(m, u, own), url.Values{"place": {"0"}, "lead": {"pl@kk.dk"}, "owner": {"mm@kk.dk"}})
			}},
		{pattern: "POST /netvaerksmoeder/{id}/kommuner/{code}/afmeld", own: regOwn, other: regOther, ok: []int{303, 404},
			req: func(m *matrix, u *mUser, own bool) mReq { return formReq(page(m, u, own)+"/afmeld", url.Values{}) }},
		{pattern: "POST /netvaerksmoeder/{id}/invitationer", own: create, ok: []int{422},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/netvaerksmoeder/%d/invitationer", m.meeting(t)), url.Values{})
			}},
	}
}

var pairingFixtures = map[*matrix]map[string]int64{}

// pairings returns, per municipality code (101, 147), a kommunepraktik
// pairing of it with Ballerup, which went live a month ago, in a
// programme of their own (so the mini programme's dates stay as the other
// cases expect).
func (m *matrix) pairings(t *testing.T) map[string]int64 {
	t.Helper()
	if f, ok := pairingFixtures[m]; ok {
		return f
	}
	yaml := strings.Replace(strings.Replace(string(readFile(t, "testdata/mini-v1.yaml")), "key: mini", "key: praktik", 1),
		"name: Mini-programmet", "name: Praktikprogrammet", 1)
	m.admin.c.do(t, "POST", "/api/v1/programmes/praktik/catalogue", []byte(yaml), yamlHeader()).decode(t, http.StatusCreated, &map[string]any{})
	now, _ := model.ParseDate(today())
	m.admin.c.sendJSON(t, "POST", "/api/v1/programmes/praktik/enrolments", []map[string]any{
		{"code": "151", "golive": calendar.Danish().OnOrBefore(now.AddDays(-30)).String(), "wave": 1}, {"code": "101", "golive": "2027-09-01", "wave": 2},
		{"code": "147", "golive": "2027-09-01", "wave": 2}}, nil).decode(t, http.StatusOK, &[]any{})
	f := map[string]int64{}
	for _, code := range []string{"101", "147"} {
		var x struct {
			ID int64 `json:"id"`
		}
		m.admin.c.sendJSON(t, "POST", "/api/v1/programmes/praktik/practice-pairings", map[string]any{"experienced": "151", "newcomer": code}, nil).
			decode(t, http.StatusCreated, &x)
		f[code] = x.ID
	}
	pairingFixtures[m] = f
	return f
}

func practiceMatrixCases(t *testing.T) []matrixCase {
	pair := mayAnywhere(t, "Pair municipalities for kommunepraktik")
	see := mayAnywhere(t, "See kommunepraktik pairings and their agreed meetings")
	meetOwn, meetOther := may(t, "Record a kommunepraktik pairing's agreed meetings")
	meeting := map[string]any{"day": "2027-05-03", "note": "Besøg i borgerservice"}
	return []matrixCase{
		// Everyone may list; the list holds what they may see.
		{pattern: "GET /api/v1/programmes/{key}/practice-pairings", own: see,
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.pairings(t)
				return get("/api/v1/programmes/praktik/practice-pairings")
			}},
		// The same pair twice is a conflict once the fixture has it.
		{pattern: "POST /api/v1/programmes/{key}/practice-pairings", own: pair, ok: []int{409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.pairings(t)
				return jsonReq("POST", "/api/v1/programmes/praktik/practice-pairings", map[string]any{"experienced": "151", "newcomer": "101"})
			}},
		{pattern: "POST /api/v1/practice-pairings/{id}/meetings", own: meetOwn, other: meetOther, ok: []int{201},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return jsonReq("POST", fmt.Sprintf("/api/v1/practice-pairings/%d/meetings", m.pairings(t)[muni(u, own)]), meeting)
			}},
		{pattern: "GET /programmes/{key}/kommunepraktik", own: see,
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.pairings(t)
				return get("/programmes/praktik/kommunepraktik")
			}},
		{pattern: "POST /programmes/{key}/kommunepraktik", own: pair, ok: []int{409},
			req: func(m *matrix, u *mUser, own bool) mReq {
				m.pairings(t)
				return formReq("/programmes/praktik/kommunepraktik", url.Values{"experienced": {"151"}, "newcomer": {"147"}})
			}},
		{pattern: "POST /programmes/{key}/kommunepraktik/{id}/moeder", own: meetOwn, other: meetOther, ok: []int{303},
			req: func(m *matrix, u *mUser, own bool) mReq {
				return formReq(fmt.Sprintf("/programmes/praktik/kommunepraktik/%d/moeder", m.pairings(t)[muni(u, own)]),
					url.Values{"day": {"2027-05-04"}, "note": {"Erfaringsmøde"}})
			}},
	}
}

package cli_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestWorklistPage: a coordinator works the follow-up worklist in the
// browser: the critical task that is yellow and not started is listed, gets
// an owner, is snoozed out of sight with a reason and can be shown again; a
// municipal project lead may not open the national worklist.
func TestWorklistPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{{"code": "101", "golive": "2027-03-01", "wave": 1}}, nil).
			decode(t, http.StatusOK, &[]any{})

		// The API takes the same filters.
		api := "/api/v1/programmes/mini/worklist?asof=2027-02-01"
		var wl struct {
			Tasks []struct {
				Type string `json:"type"`
			} `json:"tasks"`
		}
		admin.get(t, api+"&type=kritisk&wave=1&municipality=101").decode(t, http.StatusOK, &wl)
		if len(wl.Tasks) != 1 || wl.Tasks[0].Type != "kritisk" {
			t.Errorf("API worklist, critical tasks of wave 1 in 101: %+v", wl.Tasks)
		}
		admin.get(t, api+"&type=obligatorisk").decode(t, http.StatusOK, &wl)
		if len(wl.Tasks) != 0 {
			t.Errorf("API worklist, mandatory tasks only: %+v", wl.Tasks)
		}
		admin.get(t, api+"&type=valgfri").problem(t, http.StatusBadRequest, "type")
		admin.get(t, api+"&municipality=999").problem(t, http.StatusUnprocessableEntity, "municipality")

		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		const page = "/programmes/mini/followup?asof=2027-02-01"
		first := k.get(t, page)
		first.html(t, http.StatusOK, "Indgå databehandleraftale", "<strong>kritisk vej</strong>, ikke påbegyndt", "København",
			"på kritisk vej, ikke påbegyndt: <strong>1</strong>", "Handlinger")
		// The filters narrow the list; a bad one is refused naming it.
		k.get(t, page+"&type=obligatorisk").html(t, http.StatusOK, "Ingen opgaver kræver opfølgning pr. 01.02.2027 med den valgte afgrænsning")
		k.get(t, page+"&type=kritisk&wave=1&municipality=101").html(t, http.StatusOK, "Indgå databehandleraftale")
		k.get(t, page+"&wave=2").html(t, http.StatusOK, "med den valgte afgrænsning")
		k.get(t, page+"&municipality=999").html(t, http.StatusUnprocessableEntity, "kommunen med kode &#34;999&#34; er ikke tilmeldt")
		k.get(t, page+"&type=valgfri").html(t, http.StatusBadRequest, "brug kritisk eller obligatorisk")
		k.get(t, page+"&side=2").html(t, http.StatusBadRequest, "side 2 findes ikke")
		// Each row links to its one set of forms (owner, snooze) on the same page.
		link := regexp.MustCompile(`handling=(opgave-\d+)#handling`).FindSubmatch(first.body)
		if link == nil {
			t.Fatalf("worklist rows lack the link to their forms:\n%s", first.body)
		}
		k.get(t, page+"&handling=opgave-999999").html(t, http.StatusBadRequest, "punktet er ikke på listen")
		panel := k.get(t, page+"&handling="+string(link[1]))
		panel.html(t, http.StatusOK, "Opfølgning på Indgå databehandleraftale")
		body := panel.body
		item := regexp.MustCompile(`/programmes/mini/worklist/(opgave-\d+)/owner`).FindSubmatch(body)
		owner := regexp.MustCompile(`<option value="(\d+)"[^>]*>Karen Koordinator<`).FindSubmatch(body)
		if item == nil || owner == nil {
			t.Fatalf("worklist page lacks the owner form:\n%s", body)
		}
		post := func(action string, form url.Values) {
			t.Helper()
			form.Set("csrf", k.csrf(t))
			form.Set("back", page)
			r := k.do(t, "POST", "/programmes/mini/worklist/"+string(item[1])+"/"+action, []byte(form.Encode()), formHeader(k))
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", action, r.StatusCode, r.body)
			}
			if loc := r.Header.Get("Location"); regexp.MustCompile(`fejl=`).MatchString(loc) {
				t.Fatalf("%s refused: %s", action, loc)
			}
		}
		post("owner", url.Values{"owner": {string(owner[1])}})
		k.get(t, page).html(t, http.StatusOK, "Karen Koordinator")
		k.get(t, page+"&handling="+string(item[1])).html(t, http.StatusOK, `value="`+string(owner[1])+`" selected>Karen Koordinator`)

		post("snooze", url.Values{"until": {"2027-02-10"}, "reason": {"Aftalt med projektlederen"}})
		r := k.get(t, page)
		r.html(t, http.StatusOK, "1 udsatte punkter er skjult")
		if regexp.MustCompile(`Indgå databehandleraftale`).Match(r.body) {
			t.Error("a snoozed task is still on the worklist")
		}
		k.get(t, page+"&include_snoozed=true").html(t, http.StatusOK, "Udsat til 10.02.2027: Aftalt med projektlederen")

		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		if r := pl.get(t, page); r.StatusCode != http.StatusForbidden {
			t.Errorf("project lead on the national worklist: %d, want 403", r.StatusCode)
		}
	})
}

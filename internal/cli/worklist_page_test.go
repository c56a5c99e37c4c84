package cli_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/udrul/udrul/data"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
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

// TestWorklistPageByLink: a worklist longer than a page is paged by the
// database; "Næste side" leads to page 2 with the filters kept, the
// two pages hold different tasks that together are the whole list (as the
// API lists it), and "Forrige side" leads back.
func TestWorklistPageByLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		codes := []string{"101", "147", "151", "153", "155", "157", "159", "161", "163", "165", "167", "169", "173", "175", "183",
			"185", "187", "190", "201", "210", "217", "219", "223", "230", "240"}
		seedMoreMunicipalities(t, dbURL, codes[3:])
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"),
			map[string]string{"Content-Type": "application/yaml"}).decode(t, http.StatusCreated, &map[string]any{})
		// 20 municipalities in wave 1 and 5 in wave 2; a year after
		// go-live every mandatory task not done is red.
		var enrol []map[string]any
		for i, c := range codes {
			wave := 1
			if i >= 20 {
				wave = 2
			}
			enrol = append(enrol, map[string]any{"code": c, "golive": "2027-03-01", "wave": wave})
		}
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", enrol, nil).decode(t, http.StatusOK, &[]any{})
		var all struct {
			Tasks []struct {
				ID   int64 `json:"id"`
				Wave int   `json:"wave"`
			} `json:"tasks"`
		}
		admin.get(t, "/api/v1/programmes/mini/worklist?asof=2028-03-01&wave=1").decode(t, http.StatusOK, &all)
		n := len(all.Tasks)
		if n <= 50 || n > 100 {
			t.Fatalf("the test wants a worklist of two pages in wave 1, the API lists %d tasks", n)
		}

		k := newClient(t, base)
		k.login(t, "koordinator@kombit.dk", testPassword)
		first := k.get(t, "/programmes/mini/followup?asof=2028-03-01&wave=1&type=")
		first.html(t, http.StatusOK, fmt.Sprintf("nr. 1–50 af %d", n), "Side 1 af 2.", fmt.Sprintf("<strong>%d opgaver til opfølgning (afgrænset):", n),
			`<span class="form-hint">Bølge 1</span>`)
		next := regexp.MustCompile(`<a href="([^"]+)#opgaver">Næste side</a>`).FindSubmatch(first.body)
		if next == nil {
			t.Fatalf("page 1 has no link to page 2:\n%s", first.body)
		}
		link := html.UnescapeString(string(next[1]))
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		if q := u.Query(); q.Get("side") != "2" || q.Get("wave") != "1" || q.Get("asof") != "2028-03-01" {
			t.Errorf("the link to page 2 does not keep the filters: %s", link)
		}
		second := k.get(t, link)
		second.html(t, http.StatusOK, fmt.Sprintf("nr. 51–%d af %d", n, n), "Side 2 af 2.", "Forrige side")
		if regexp.MustCompile(`"form-hint">Bølge 2<`).Match(second.body) || regexp.MustCompile(`Næste side`).Match(second.body) {
			t.Errorf("page 2 lists a task of wave 2 or links past the end:\n%s", second.body)
		}
		rows := regexp.MustCompile(`<td><a href="/tasks/(\d+)">`)
		seen := map[string]int{}
		for _, p := range []response{first, second} {
			for _, m := range rows.FindAllSubmatch(p.body, -1) {
				seen[string(m[1])]++
			}
		}
		for _, x := range all.Tasks {
			if seen[fmt.Sprint(x.ID)] != 1 {
				t.Errorf("task %d is on the pages %d times, want once", x.ID, seen[fmt.Sprint(x.ID)])
			}
		}
		if len(seen) != n {
			t.Errorf("the two pages list %d tasks, the API %d", len(seen), n)
		}
		// The forms of a task on page 2 open from page 1's address too.
		item := "opgave-" + fmt.Sprint(all.Tasks[n-1].ID)
		k.get(t, "/programmes/mini/followup?asof=2028-03-01&wave=1&handling="+item).html(t, http.StatusOK, `id="handling"`)
		k.get(t, "/programmes/mini/followup?asof=2028-03-01&wave=1&side=3").html(t, http.StatusBadRequest, "side 3 findes ikke; listen har 2 sider")
	})
}

// seedMoreMunicipalities adds municipalities by code to seedMunicipalities'.
func seedMoreMunicipalities(t *testing.T, dbURL string, codes []string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im, err := data.ImplementationModel()
	if err != nil {
		t.Fatal(err)
	}
	var munis []model.Organisation
	for _, c := range codes {
		munis = append(munis, model.Organisation{Kind: model.OrgMunicipality, Code: c, Name: "Kommune " + c, RegionName: "Region Hovedstaden", Population: 40000})
	}
	if err := app.New(db, im, slog.New(slog.NewTextHandler(io.Discard, nil)), nil).LoadOrganisations(ctx, munis, nil); err != nil {
		t.Fatal(err)
	}
}

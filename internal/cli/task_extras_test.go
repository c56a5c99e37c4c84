package cli_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/store/storetest"
)

// extras is the JSON of a task with its checklist, links and documents.
type extras struct {
	Version   int     `json:"version"`
	History   []event `json:"history"`
	Checklist []struct {
		Key    string `json:"key"`
		Text   string `json:"text"`
		Done   bool   `json:"done"`
		DoneBy string `json:"done_by"`
	} `json:"checklist"`
	CatalogueLinks []struct {
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"catalogue_links"`
	Links []struct {
		ID      int64  `json:"id"`
		Title   string `json:"title"`
		URL     string `json:"url"`
		AddedBy string `json:"added_by"`
	} `json:"links"`
	Documents []struct {
		ID          int64  `json:"id"`
		Name        string `json:"name"`
		ContentType string `json:"content_type"`
		Size        int64  `json:"size"`
		UploadedBy  string `json:"uploaded_by"`
	} `json:"documents"`
}

func (x extras) done() map[string]bool {
	out := map[string]bool{}
	for _, e := range x.Checklist {
		if e.Done {
			out[e.Text] = true
		}
	}
	return out
}

func (x extras) key(t *testing.T, text string) string {
	t.Helper()
	for _, e := range x.Checklist {
		if e.Text == text {
			return e.Key
		}
	}
	t.Fatalf("no checklist item %q in %+v", text, x.Checklist)
	return ""
}

// multipartBody builds a multipart form with a csrf field (if given) and one file.
func multipartBody(csrf, name string, content []byte) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if csrf != "" {
		mw.WriteField("csrf", csrf)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// uploadForm sends the task page's upload form as c.
func uploadForm(t *testing.T, c *client, id int64, name string, content []byte) response {
	t.Helper()
	body, ct := multipartBody(c.csrf(t), name, content)
	h := formHeader(c)
	h["Content-Type"] = ct
	return c.do(t, "POST", fmt.Sprintf("/tasks/%d/documents", id), body, h)
}

// postForm sends a same-origin form with c's CSRF token.
func postTaskForm(t *testing.T, c *client, path string, f url.Values) response {
	t.Helper()
	f.Set("csrf", c.csrf(t))
	return c.do(t, "POST", path, []byte(f.Encode()), formHeader(c))
}

func wantRedirect(t *testing.T, r response, prefix string) {
	t.Helper()
	if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s %s: %d Location %q, want 303 to %s…\n%.500s", r.Request.Method, r.Request.URL.Path, r.StatusCode, loc, prefix, r.body)
	}
}

// TestTaskExtras: a project lead works through a task's checklist, links
// and documents on the task page and through the API, through the real
// server; stale versions, bad files and bad links are refused with nothing
// changed, and a republished catalogue keeps ticks on the right items.
func TestTaskExtras(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		base := startServer(t, dbURL)
		admin := newClient(t, base)
		admin.token = testAdminToken
		v1 := readFile(t, "testdata/mini-v1.yaml")
		admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", v1, yamlHeader()).decode(t, http.StatusCreated, &publishResult{})
		var er []enrolResult
		admin.sendJSON(t, "POST", "/api/v1/programmes/mini/enrolments", []map[string]any{
			{"code": "101", "golive": "2027-03-01", "wave": 1}, {"code": "147", "golive": "2027-03-01", "wave": 1}}, nil).decode(t, http.StatusOK, &er)
		var p101, p147 plan
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/101/tasks", &p101)
		admin.getJSON(t, "/api/v1/programmes/mini/municipalities/147/tasks", &p147)
		id := findTask(t, p101, "m-krit").ID
		other := findTask(t, p147, "m-krit").ID
		taskURL := fmt.Sprintf("/tasks/%d", id)
		apiURL := fmt.Sprintf("/api/v1/tasks/%d", id)

		pl := newClient(t, base)
		pl.login(t, "pl@kk.dk", testPassword)
		pl.token = "udrul_pat_test-projektleder-0123456789"
		read := func() extras {
			t.Helper()
			var x extras
			pl.getJSON(t, apiURL, &x)
			return x
		}

		x := read()
		if len(x.Checklist) != 3 || len(x.CatalogueLinks) != 1 || x.CatalogueLinks[0].URL != "https://www.kombit.dk/" ||
			len(x.Links) != 0 || len(x.Documents) != 0 {
			t.Fatalf("fresh task: %+v", x)
		}
		pl.get(t, taskURL).html(t, http.StatusOK, "Tjekliste", "0 af 3 punkter er klaret", "Aftaleudkastet er gennemgået af jura",
			"Gem tjekliste</button>", `href="https://www.kombit.dk/"`, "Vedhæft", `enctype="multipart/form-data"`, "Tilføj link")

		t.Run("checklist form", func(t *testing.T) {
			x := read()
			jura, und, jour := x.key(t, "Aftaleudkastet er gennemgået af jura"), "underskrift", x.key(t, "Aftalen er journaliseret")
			all := []string{jura, und, jour}
			r := postTaskForm(t, pl, taskURL+"/checklist", url.Values{"item": all, "done": {jura, jour}, "version": {fmt.Sprint(x.Version)}})
			wantRedirect(t, r, taskURL+"?ok=tjekliste")
			pl.get(t, r.Header.Get("Location")).html(t, http.StatusOK, "Tjeklisten er gemt.", "2 af 3 punkter er klaret", "afkrydset af Pia Projektleder")
			after := read()
			if d := after.done(); len(d) != 2 || !d["Aftalen er journaliseret"] || after.Version != x.Version+1 {
				t.Errorf("after ticking two: done %v version %d (was %d)", d, after.Version, x.Version)
			}
			// Stale version: 409, the form again with the reason, nothing changed.
			r = postTaskForm(t, pl, taskURL+"/checklist", url.Values{"item": all, "done": {und}, "version": {fmt.Sprint(x.Version)}})
			r.html(t, http.StatusConflict, "Tjeklisten blev ikke gemt", "er ændret af en anden")
			if again := read(); again.Version != after.Version || len(again.done()) != 2 {
				t.Errorf("stale form changed the checklist: %+v", again)
			}
			// Unticking one through the form.
			r = postTaskForm(t, pl, taskURL+"/checklist", url.Values{"item": all, "done": {jura}, "version": {fmt.Sprint(after.Version)}})
			wantRedirect(t, r, taskURL+"?ok=tjekliste")
			if d := read().done(); len(d) != 1 || !d["Aftaleudkastet er gennemgået af jura"] {
				t.Errorf("after unticking: %v", d)
			}
			// An item the page did not show.
			r = postTaskForm(t, pl, taskURL+"/checklist", url.Values{"item": {"findes-ikke"}, "version": {fmt.Sprint(read().Version)}})
			r.html(t, http.StatusNotFound, "Tjeklisten blev ikke gemt", "intet tjeklistepunkt")
		})

		t.Run("checklist API", func(t *testing.T) {
			x := read()
			itemURL := apiURL + "/checklist/underskrift"
			var res struct {
				Version   int `json:"version"`
				Checklist []struct {
					Key  string `json:"key"`
					Done bool   `json:"done"`
				} `json:"checklist"`
			}
			pl.sendJSON(t, "PUT", itemURL, map[string]any{"done": true, "version": x.Version}, nil).decode(t, http.StatusOK, &res)
			if res.Version != x.Version+1 || !res.Checklist[1].Done {
				t.Errorf("tick: %+v", res)
			}
			// Stale: 409 problem, nothing changed.
			pl.sendJSON(t, "PUT", itemURL, map[string]any{"done": false, "version": x.Version}, nil).problem(t, http.StatusConflict, "")
			if y := read(); y.Version != res.Version || !y.done()["Aftalen er underskrevet af begge parter"] {
				t.Errorf("stale untick changed something: %+v", y)
			}
			// Ticking a ticked item changes nothing, not even the version.
			pl.sendJSON(t, "PUT", itemURL, map[string]any{"done": true, "version": res.Version}, nil).decode(t, http.StatusOK, &res)
			if res.Version != x.Version+1 {
				t.Errorf("re-tick bumped the version to %d", res.Version)
			}
			pl.sendJSON(t, "PUT", apiURL+"/checklist/findes-ikke", map[string]any{"done": true, "version": res.Version}, nil).problem(t, http.StatusNotFound, "item")
			pl.sendJSON(t, "PUT", itemURL, map[string]any{"done": true}, nil).problem(t, http.StatusUnprocessableEntity, "version")
			pl.sendJSON(t, "PUT", itemURL, map[string]any{"done": "ja", "version": 1}, nil).problem(t, http.StatusBadRequest, "done")
			pl.sendJSON(t, "PUT", itemURL, map[string]any{"done": false, "version": res.Version}, nil).decode(t, http.StatusOK, &res)
			// The status form's version moved on too: an old one is refused.
			pl.sendJSON(t, "PUT", apiURL+"/status", map[string]any{"status": "paabegyndt", "version": x.Version}, nil).problem(t, http.StatusConflict, "")

			// The history records every tick with who did it.
			var ticks []string
			for _, e := range read().History {
				if e.Kind == "checklist" {
					ticks = append(ticks, e.To+" "+e.Comment)
					if e.Actor != "Pia Projektleder (København)" {
						t.Errorf("history entry by %q", e.Actor)
					}
				}
			}
			want := []string{"done Aftaleudkastet er gennemgået af jura", "done Aftalen er journaliseret", "undone Aftalen er journaliseret",
				"done Aftalen er underskrevet af begge parter", "undone Aftalen er underskrevet af begge parter"}
			if strings.Join(ticks, "|") != strings.Join(want, "|") {
				t.Errorf("checklist history\n got %q\nwant %q", ticks, want)
			}
			pl.get(t, taskURL).html(t, http.StatusOK, "afkrydsede tjeklistepunktet", "fjernede afkrydsningen af tjeklistepunktet")
		})

		t.Run("htmx status change refreshes the checklist's version", func(t *testing.T) {
			x := read()
			h := formHeader(pl)
			h["HX-Request"] = "true"
			f := url.Values{"csrf": {pl.csrf(t)}, "status": {"paabegyndt"}, "version": {fmt.Sprint(x.Version)}}
			r := pl.do(t, "POST", taskURL+"/status", []byte(f.Encode()), h)
			r.html(t, http.StatusOK, "Status er gemt.", `<section id="tjekliste" aria-labelledby="tjekliste-titel" hx-swap-oob="true">`)
			if n := bytes.Count(r.body, []byte(`name="version" value="`+fmt.Sprint(x.Version+1)+`"`)); n != 2 {
				t.Errorf("the fragment has %d forms with the new version %d, want 2 (status and checklist)", n, x.Version+1)
			}
		})

		t.Run("republished catalogue keeps ticks on their items", func(t *testing.T) {
			x := read()
			for _, key := range []string{"underskrift", x.key(t, "Aftalen er journaliseret")} {
				var res struct {
					Version int `json:"version"`
				}
				pl.sendJSON(t, "PUT", apiURL+"/checklist/"+key, map[string]any{"done": true, "version": read().Version}, nil).decode(t, http.StatusOK, &res)
			}
			// Version 2: the first and last items swap places, the keyed
			// item and the journal item are reworded, and a link is added.
			src := string(v1)
			src = strings.Replace(src, "      - Aftaleudkastet er gennemgået af jura\n", "      - Aftalen er journaliseret i ESDH\n", 1)
			src = strings.Replace(src, "      - Aftalen er journaliseret\n", "      - Aftaleudkastet er gennemgået af jura\n", 1)
			src = strings.Replace(src, "text: Aftalen er underskrevet af begge parter", "text: Aftalen er underskrevet af kommune og leverandør", 1)
			src = strings.Replace(src, "        url: https://www.kombit.dk/\n", "        url: https://www.kombit.dk/\n      - title: KL\n        url: https://www.kl.dk/\n", 1)
			var res publishResult
			admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", []byte(src), yamlHeader()).decode(t, http.StatusOK, &res)
			if len(res.Changes) != 1 || res.Changes[0].Key != "m-krit" || strings.Join(res.Changes[0].Fields, ",") != "checklist,links" {
				t.Errorf("change summary %+v, want m-krit with checklist and links", res.Changes)
			}
			y := read()
			got := []string{}
			for _, e := range y.Checklist {
				got = append(got, fmt.Sprintf("%s=%v", e.Text, e.Done))
			}
			want := []string{"Aftalen er journaliseret i ESDH=false", "Aftalen er underskrevet af kommune og leverandør=true", "Aftaleudkastet er gennemgået af jura=true"}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("after republishing\n got %q\nwant %q", got, want)
			}
			if len(y.CatalogueLinks) != 2 || y.CatalogueLinks[1].URL != "https://www.kl.dk/" {
				t.Errorf("catalogue links after republishing: %+v", y.CatalogueLinks)
			}
		})

		t.Run("documents", func(t *testing.T) {
			notes := []byte("Referat af møde med leverandøren\n- aftalen gennemgået\n")
			r := uploadForm(t, pl, id, "referat.txt", notes)
			wantRedirect(t, r, taskURL+"?ok=dokument")
			pl.get(t, r.Header.Get("Location")).html(t, http.StatusOK, "Dokumentet er vedhæftet.", "referat.txt", "Pia Projektleder (København)", fmt.Sprintf("%d byte", len(notes)))
			x := read()
			if len(x.Documents) != 1 || x.Documents[0].Size != int64(len(notes)) || x.Documents[0].ContentType != "text/plain; charset=utf-8" {
				t.Fatalf("documents %+v", x.Documents)
			}
			doc := x.Documents[0].ID
			dl := pl.get(t, fmt.Sprintf("%s/documents/%d", taskURL, doc))
			if dl.StatusCode != 200 || !bytes.Equal(dl.body, notes) {
				t.Errorf("download: %d, %d bytes, want the %d uploaded", dl.StatusCode, len(dl.body), len(notes))
			}
			for h, want := range map[string]string{"Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename=referat.txt`,
				"X-Content-Type-Options": "nosniff"} {
				if got := dl.Header.Get(h); got != want {
					t.Errorf("download %s: %q, want %q", h, got, want)
				}
			}

			// Through the API, with a token: binary content comes back byte for byte.
			png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2, 0xff, 0xfe}, 2000)...)
			body, ct := multipartBody("", "skærmbillede æøå.png", png)
			var d struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			}
			pl.do(t, "POST", apiURL+"/documents", body, map[string]string{"Content-Type": ct}).decode(t, http.StatusCreated, &d)
			dl = pl.get(t, fmt.Sprintf("%s/documents/%d", apiURL, d.ID))
			if dl.StatusCode != 200 || !bytes.Equal(dl.body, png) || dl.Header.Get("Content-Type") != "image/png" {
				t.Errorf("API download: %d %s, %d bytes", dl.StatusCode, dl.Header.Get("Content-Type"), len(dl.body))
			}
			if cd := dl.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename*=utf-8''sk%C3%A6rmbillede") {
				t.Errorf("Content-Disposition %q: want the name encoded per RFC 2231", cd)
			}

			// Refused: nothing is added, and the form shows why, naming the file.
			uploadForm(t, pl, id, "virus.exe", []byte("MZ\x90\x00")).html(t, http.StatusUnprocessableEntity,
				"Dokumentet blev ikke vedhæftet", "&#34;virus.exe&#34;: filtypen .exe er ikke tilladt")
			uploadForm(t, pl, id, "kontrakt.pdf", []byte("<html>ikke en pdf</html>")).html(t, http.StatusUnprocessableEntity,
				"&#34;kontrakt.pdf&#34; er ikke en PDF-fil")
			big := bytes.Repeat([]byte("a"), 10<<20+1)
			uploadForm(t, pl, id, "stor.txt", big).html(t, http.StatusRequestEntityTooLarge, "&#34;stor.txt&#34; er for stor", "højst 10 MB")
			huge := bytes.Repeat([]byte("a"), 12<<20)
			uploadForm(t, pl, id, "kæmpe.txt", huge).html(t, http.StatusRequestEntityTooLarge, "for stor", "højst være 10 MB")
			body, ct = multipartBody("", "stor.csv", big)
			pl.do(t, "POST", apiURL+"/documents", body, map[string]string{"Content-Type": ct}).problem(t, http.StatusRequestEntityTooLarge, "file")
			body, ct = multipartBody("", "falsk.docx", []byte("PK\x03\x04 ikke et dokument"))
			p := pl.do(t, "POST", apiURL+"/documents", body, map[string]string{"Content-Type": ct}).problem(t, http.StatusUnprocessableEntity, "file")
			if !strings.Contains(p.Detail, `"falsk.docx"`) {
				t.Errorf("problem %q does not name the file", p.Detail)
			}
			pl.do(t, "POST", apiURL+"/documents", []byte("x"), map[string]string{"Content-Type": "text/plain"}).problem(t, http.StatusUnsupportedMediaType, "file")
			// A body that is not the multipart it claims: a Danish reason, not Go's.
			p = pl.do(t, "POST", apiURL+"/documents", []byte("ikke multipart"), map[string]string{"Content-Type": "multipart/form-data; boundary=x"}).problem(t, http.StatusBadRequest, "file")
			if strings.Contains(p.Detail, "multipart: ") || !strings.Contains(p.Detail, "formularen kunne ikke læses") {
				t.Errorf("broken multipart body: detail %q", p.Detail)
			}
			if n := len(read().Documents); n != 2 {
				t.Errorf("%d documents after refused uploads, want 2", n)
			}

			// A document is only reachable through its own task: the other
			// municipality's lead, who may see task `other`, gets 404.
			frb := newClient(t, base)
			frb.login(t, "pl@frb.dk", testPassword)
			if r := frb.get(t, fmt.Sprintf("/tasks/%d/documents/%d", other, doc)); r.StatusCode != http.StatusNotFound || bytes.Contains(r.body, notes) {
				t.Errorf("document through another task: %d", r.StatusCode)
			}
			if r := frb.get(t, fmt.Sprintf("/tasks/%d/documents/%d", id, doc)); r.StatusCode != http.StatusForbidden {
				t.Errorf("document of another municipality: %d, want 403", r.StatusCode)
			}
			// An observer may download but sees no upload or delete forms.
			obs := newClient(t, base)
			obs.login(t, "obs@kl.dk", testPassword)
			if r := obs.get(t, fmt.Sprintf("/tasks/%d/documents/%d", id, doc)); r.StatusCode != 200 || !bytes.Equal(r.body, notes) {
				t.Errorf("observer download: %d", r.StatusCode)
			}
			page := obs.get(t, taskURL)
			page.html(t, http.StatusOK, "referat.txt", "Klaret: Aftaleudkastet er gennemgået af jura")
			for _, form := range []string{"Gem tjekliste", "Vedhæft</button>", "Tilføj link", "/delete"} {
				if bytes.Contains(page.body, []byte(form)) {
					t.Errorf("observer's task page has %q", form)
				}
			}

			// Delete: soft, in the history, and no longer downloadable.
			r = postTaskForm(t, pl, fmt.Sprintf("%s/documents/%d/delete", taskURL, doc), url.Values{})
			wantRedirect(t, r, taskURL+"?ok=dokument-slettet")
			if r := pl.get(t, fmt.Sprintf("%s/documents/%d", taskURL, doc)); r.StatusCode != http.StatusNotFound {
				t.Errorf("deleted document downloads: %d", r.StatusCode)
			}
			postTaskForm(t, pl, fmt.Sprintf("%s/documents/%d/delete", taskURL, doc), url.Values{}).html(t, http.StatusNotFound, "Dokumentet blev ikke slettet")
			if r := pl.do(t, "DELETE", fmt.Sprintf("%s/documents/%d", apiURL, d.ID), nil, nil); r.StatusCode != http.StatusNoContent {
				t.Errorf("API delete: %d %s", r.StatusCode, r.body)
			}
			pl.do(t, "DELETE", fmt.Sprintf("%s/documents/%d", apiURL, d.ID), nil, nil).problem(t, http.StatusNotFound, "doc")
			y := read()
			var hist []string
			for _, e := range y.History {
				if e.Kind == "document" {
					hist = append(hist, e.To+" "+e.Comment)
				}
			}
			if len(y.Documents) != 0 || strings.Join(hist, "|") != "added referat.txt|added skærmbillede æøå.png|removed referat.txt|removed skærmbillede æøå.png" {
				t.Errorf("after deleting: %d documents, history %q", len(y.Documents), hist)
			}
			pl.get(t, taskURL).html(t, http.StatusOK, "Ingen dokumenter.", "slettede dokumentet")
		})

		t.Run("links", func(t *testing.T) {
			r := postTaskForm(t, pl, taskURL+"/links", url.Values{"title": {"Vores projektside"}, "url": {"javascript:alert(1)"}})
			r.html(t, http.StatusUnprocessableEntity, `id="link-url-fejl"`, "begynder med https://", `value="Vores projektside"`)
			postTaskForm(t, pl, taskURL+"/links", url.Values{"title": {""}, "url": {"https://www.kombit.dk/"}}).html(t, http.StatusUnprocessableEntity, `id="link-title-fejl"`)
			if n := len(read().Links); n != 0 {
				t.Fatalf("%d links after refused forms", n)
			}
			r = postTaskForm(t, pl, taskURL+"/links", url.Values{"title": {"Vores projektside"}, "url": {"https://www.kk.dk/"}})
			wantRedirect(t, r, taskURL+"?ok=link")
			pl.get(t, r.Header.Get("Location")).html(t, http.StatusOK, "Linket er tilføjet.", `<a href="https://www.kk.dk/" rel="noopener noreferrer">Vores projektside</a>`)
			var l struct {
				ID int64 `json:"id"`
			}
			pl.sendJSON(t, "POST", apiURL+"/links", map[string]any{"title": "Mødekalender", "url": "https://kombit.dk/"}, nil).decode(t, http.StatusCreated, &l)
			pl.sendJSON(t, "POST", apiURL+"/links", map[string]any{"title": "x", "url": "ftp://kombit.dk/"}, nil).problem(t, http.StatusUnprocessableEntity, "url")
			x := read()
			if len(x.Links) != 2 || x.Links[1].AddedBy != "Pia Projektleder (København)" {
				t.Fatalf("links %+v", x.Links)
			}
			wantRedirect(t, postTaskForm(t, pl, fmt.Sprintf("%s/links/%d/delete", taskURL, x.Links[0].ID), url.Values{}), taskURL+"?ok=link-fjernet")
			if r := pl.do(t, "DELETE", fmt.Sprintf("%s/links/%d", apiURL, l.ID), nil, nil); r.StatusCode != http.StatusNoContent {
				t.Errorf("API delete link: %d", r.StatusCode)
			}
			// A link of this task cannot be deleted through another task.
			pl.do(t, "DELETE", fmt.Sprintf("/api/v1/tasks/%d/links/%d", findTask(t, p101, "m-obl").ID, l.ID), nil, nil).problem(t, http.StatusNotFound, "link")
			if y := read(); len(y.Links) != 0 {
				t.Errorf("links after deleting: %+v", y.Links)
			}
			pl.get(t, taskURL).html(t, http.StatusOK, "tilføjede linket", "fjernede linket")
		})

		t.Run("institution task page lists the checklist", func(t *testing.T) {
			var skoleA int64
			for _, x := range p101.Tasks {
				if x.Institution == "Skole A" {
					skoleA = x.ID
				}
			}
			var x extras
			pl.getJSON(t, fmt.Sprintf("/api/v1/tasks/%d", skoleA), &x)
			pl.sendJSON(t, "PUT", fmt.Sprintf("/api/v1/tasks/%d/checklist/%s", skoleA, x.Checklist[1].Key), map[string]any{"done": true, "version": x.Version}, nil).
				decode(t, http.StatusOK, &map[string]any{})
			pl.get(t, "/programmes/mini/municipalities/101/tasks/m-inst").html(t, http.StatusOK, "To superbrugere er udpeget", "Hver institution afkrydser",
				`<th scope="col">Tjekliste</th>`, "<td>1 af 2</td>", "<td>0 af 2</td>")
		})
	})
}

// TestCatalogueTaskEditChecklist: a coordinator edits a task's checklist
// and links in the catalogue task form; a bad link is named on its field,
// a good change is previewed as a checklist and links change.
func TestCatalogueTaskEditChecklist(t *testing.T) {
	dbURL := storetest.SQLiteURL(t)
	seedMunicipalities(t, dbURL)
	seedUsers(t, dbURL)
	base := startServer(t, dbURL)
	admin := newClient(t, base)
	admin.token = testAdminToken
	admin.do(t, "POST", "/api/v1/programmes/mini/catalogue", readFile(t, "testdata/mini-v1.yaml"), yamlHeader()).decode(t, http.StatusCreated, &publishResult{})

	k := newClient(t, base)
	k.login(t, "koordinator@kombit.dk", testPassword)
	k.get(t, "/programmes/mini/catalogue/tasks/m-krit").html(t, http.StatusOK, "Tjekliste (valgfri)",
		"Aftaleudkastet er gennemgået af jura\n[underskrift] Aftalen er underskrevet af begge parter\nAftalen er journaliseret</textarea>",
		"KOMBIT | https://www.kombit.dk/</textarea>")
	form := url.Values{"based_on": {"1"}, "action": {"preview"}, "title": {"Indgå databehandleraftale"},
		"description": {"Aftalen skal være underskrevet før konfigurering."}, "theme": {"projektstyring"}, "main_task": {"2"}, "phase": {"2.1"},
		"type": {"kritisk"}, "level": {"kommune"}, "responsible": {"Kommunen"}, "executor": {"Projektleder"}, "milestone": {"golive"},
		"start": {"-30"}, "end": {"-20"}, "unit": {"arbejdsdage"},
		"checklist": {"Aftaleudkastet er gennemgået af jura\r\n[underskrift] Aftalen er underskrevet\r\nAftalen er journaliseret\r\n"},
		"links":     {"KOMBIT | www.kombit.dk"}}
	k.postForm(t, "/programmes/mini/catalogue/tasks/m-krit", form).html(t, http.StatusUnprocessableEntity,
		`id="links-fejl"`, "&#34;www.kombit.dk&#34; er ikke en gyldig adresse", "KOMBIT | www.kombit.dk</textarea>")
	form.Set("links", "KOMBIT | https://www.kombit.dk/\nKL | https://www.kl.dk/")
	k.postForm(t, "/programmes/mini/catalogue/tasks/m-krit", form).html(t, http.StatusOK, "Udgiv version 2", "<strong>Tjekliste:</strong>", "<strong>Links:</strong>")
}

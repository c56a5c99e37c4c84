package cli_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"html"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml/logger"
	"github.com/crewjam/saml/samlidp"
	"github.com/crewjam/saml/xmlenc"

	"github.com/udrul/udrul/internal/store/storetest"
)

// TestSAMLLogin signs in through a real SAML 2.0 identity provider started
// inside the test: crewjam/saml's samlidp (an IdP server with its own
// login form, signed assertions and single logout). udrul runs as the real
// program with --login-config naming two SAML providers; udrul's SP
// metadata, as served, is registered at the IdP the way an IdP's
// administrator would. The browser is an http.Client with a cookie jar
// that follows redirects and posts the forms the IdP hands it (its login
// form, then the SAMLResponse form to udrul's ACS).
func TestSAMLLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		seedMunicipalities(t, dbURL)
		seedUsers(t, dbURL)
		dir := t.TempDir()

		// The IdP, with its own key and certificate.
		idpKey, idpCert := testKeyPair(t, "Testkommunens IdP")
		var idp *samlidp.Server
		ready := make(chan struct{})
		idpSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-ready
			idp.ServeHTTP(w, r)
		}))
		defer idpSrv.Close()
		idpURL, _ := url.Parse(idpSrv.URL)
		var err error
		idp, err = samlidp.New(samlidp.Options{URL: *idpURL, Key: idpKey, Certificate: idpCert, Store: &samlidp.MemoryStore{},
			Logger: logger.Interface(log.New(discard{}, "", 0))})
		if err != nil {
			t.Fatal(err)
		}
		close(ready)
		for name, u := range map[string]string{
			"pia":    `{"name":"pia","password":"pia-hemmelig","email":"pl@kk.dk","common_name":"Pia Projektleder"}`,
			"ukendt": `{"name":"ukendt","password":"ukendt-hemmelig","email":"ukendt@kk.dk"}`,
		} {
			idpPut(t, idpSrv.URL+"/users/"+name, u)
		}

		// udrul's SP key and certificate, and the login configuration.
		spKey, spCert := testKeyPair(t, "udrul")
		writePEM(t, filepath.Join(dir, "sp.key"), "PRIVATE KEY", must(x509.MarshalPKCS8PrivateKey(spKey)))
		writePEM(t, filepath.Join(dir, "sp.crt"), "CERTIFICATE", spCert.Raw)
		// samlidp's login form posts the login request back to it without
		// the HTTP-Redirect binding's signature, so it cannot take signed
		// ones: sign_authn_requests: false (logout requests are signed).
		config := filepath.Join(dir, "login.yaml")
		os.WriteFile(config, []byte(`providers:
  - id: kk-saml
    name: Testkommunens login
    domains: [kk.dk]
    saml:
      idp_metadata_url: `+idpSrv.URL+`/metadata
      sp_key_file: sp.key
      sp_cert_file: sp.crt
      sign_authn_requests: false
  - id: region-saml
    name: Regionens login
    saml:
      idp_metadata_url: `+idpSrv.URL+`/metadata
      sp_key_file: sp.key
      sp_cert_file: sp.crt
  - id: nede-saml
    name: En nedlagt IdP
    saml:
      idp_metadata_url: http://127.0.0.1:1/metadata
      sp_key_file: sp.key
      sp_cert_file: sp.crt
`), 0o600)
		base := startServer(t, dbURL, "--login-config", config)

		// The SP metadata names udrul's endpoints and certificate; the IdP
		// takes it as it is served.
		c := newClient(t, base)
		md := c.get(t, "/auth/saml/kk-saml/metadata")
		if md.StatusCode != http.StatusOK || !strings.Contains(string(md.body), base+"/auth/saml/kk-saml/acs") ||
			!strings.Contains(string(md.body), base+"/auth/saml/kk-saml/slo") ||
			!strings.Contains(string(md.body), base64.StdEncoding.EncodeToString(spCert.Raw)) {
			t.Fatalf("SP metadata: %d\n%.1500s", md.StatusCode, md.body)
		}
		idpPut(t, idpSrv.URL+"/services/udrul", string(md.body))
		c.get(t, "/auth/saml/ingen/metadata").html(t, http.StatusNotFound, "")
		// An IdP that does not answer: the login page says so.
		c.get(t, "/auth/saml/nede-saml/start").html(t, http.StatusBadGateway, "Login via En nedlagt IdP virker ikke lige nu")

		// The login page offers both providers and finds the right one by
		// the e-mail address's domain.
		c.get(t, "/login").html(t, http.StatusOK, "Log ind via Testkommunens login", "Log ind via Regionens login",
			`href="/auth/saml/kk-saml/start?next=%2F"`, `action="/login/udbyder"`)
		if r := c.get(t, "/login/udbyder?email=Pia@KK.dk&next=/konto"); r.StatusCode != http.StatusSeeOther ||
			r.Header.Get("Location") != "/auth/saml/kk-saml/start?next=%2Fkonto" {
			t.Errorf("provider by domain: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		c.get(t, "/login/udbyder?email=nogen@ukendt.dk").html(t, http.StatusOK, "udrul kender ikke en identitetsudbyder for ukendt.dk")
		c.get(t, "/login/udbyder?email=intet").html(t, http.StatusBadRequest, "Skriv din e-mailadresse på arbejdet")

		// Pia logs in at the IdP and lands on the page she asked for.
		pia := oidcBrowser(t, base)
		r := pia.samlLogin(t, "/auth/saml/kk-saml/start?next=/konto", "pia", "pia-hemmelig", nil)
		if r.StatusCode != http.StatusOK || r.Request.URL.Path != "/konto" || !strings.Contains(r.body, "Pia Projektleder") {
			t.Fatalf("SAML login as Pia ended at %s with %d:\n%.800s", r.Request.URL, r.StatusCode, r.body)
		}
		var me struct {
			Email string `json:"email"`
			Role  string `json:"role"`
		}
		pia.getJSON(t, base+"/api/v1/me", &me)
		if me.Email != "pl@kk.dk" || me.Role != "projektleder" {
			t.Errorf("/api/v1/me after SAML login: %+v", me)
		}

		// The IdP encrypts its signed assertion to udrul's key. A browser
		// holding that key (the test) decrypts it and sends it in the clear,
		// without the signature on the response around it: unchanged it is
		// accepted (its own signature holds), changed (to another user's
		// address) or stripped of its signature it is refused.
		clear := oidcBrowser(t, base)
		if r := clear.samlLogin(t, "/auth/saml/kk-saml/start", "pia", "pia-hemmelig", decrypted(t, spKey, func(*etree.Element) {})); r.StatusCode != http.StatusOK || r.Request.URL.Path != "/" {
			t.Errorf("the decrypted, unchanged assertion: %d at %s\n%.500s", r.StatusCode, r.Request.URL, r.body)
		}
		for what, change := range map[string]func(*etree.Element){
			"changed": func(a *etree.Element) {
				for _, e := range a.FindElements("//*") {
					if e.Text() == "pl@kk.dk" {
						e.SetText("admin@kombit.dk")
					}
				}
			},
			"unsigned": func(a *etree.Element) { a.RemoveChild(a.FindElement("./Signature")) },
		} {
			forger := oidcBrowser(t, base)
			r := forger.samlLogin(t, "/auth/saml/kk-saml/start", "pia", "pia-hemmelig", decrypted(t, spKey, change))
			if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.body, "kunne ikke godkendes") {
				t.Errorf("%s assertion: %d at %s\n%.800s", what, r.StatusCode, r.Request.URL, r.body)
			}
			if s := forger.status(t, base+"/api/v1/me"); s != http.StatusUnauthorized {
				t.Errorf("after a %s assertion /api/v1/me answers %d", what, s)
			}
		}
		// A response posted without a login attempt in this browser too.
		if s := oidcBrowser(t, base).do(t, "POST", base+"/auth/saml/kk-saml/acs", url.Values{"SAMLResponse": {"eA=="}, "RelayState": {"x"}}).StatusCode; s != http.StatusBadRequest {
			t.Errorf("ACS without a login attempt: %d, want 400", s)
		}

		// Someone the IdP knows but udrul does not is refused, clearly.
		r = oidcBrowser(t, base).samlLogin(t, "/auth/saml/kk-saml/start", "ukendt", "ukendt-hemmelig", nil)
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "ingen bruger med den e-mailadresse i udrul") {
			t.Errorf("unknown user: %d at %s:\n%.800s", r.StatusCode, r.Request.URL, r.body)
		}

		// Logout ends udrul's session and then Pia's session at the IdP
		// (single logout), and comes back to udrul's login page.
		r = pia.logout(t)
		if r.StatusCode != http.StatusOK || r.Request.URL.Path != "/login" || !strings.Contains(r.body, "Du er logget ud.") {
			t.Errorf("logout ended at %s with %d:\n%.800s", r.Request.URL, r.StatusCode, r.body)
		}
		if s := pia.status(t, base+"/api/v1/me"); s != http.StatusUnauthorized {
			t.Errorf("after logout /api/v1/me answers %d", s)
		}
		// The IdP's LogoutResponse answered udrul's request once; the same
		// response again (replayed, or sent unasked) is not taken as a logout.
		if prev := r.Request.Response; prev == nil || prev.Request.URL.Path != "/auth/saml/kk-saml/slo" {
			t.Errorf("logout did not come back through udrul's /slo")
		} else if again := pia.do(t, "GET", prev.Request.URL.String(), nil); !strings.Contains(again.body, "bekræftede ikke") {
			t.Errorf("a replayed LogoutResponse was taken: %s\n%.500s", again.Request.URL, again.body)
		}
		p := pia.do(t, "GET", base+"/auth/saml/kk-saml/start", nil)
		if !strings.Contains(p.body, `name="password"`) {
			t.Errorf("after single logout the IdP did not ask for the password again: %s\n%.500s", p.Request.URL, p.body)
		}

		// Bound to the other provider, Testkommune's users may not log in
		// through this one, and its users' domain leads to the other one.
		mustRun(t, "orgs", "login", "--db", dbURL, "--login-config", config, "101", "region-saml")
		if out := mustRun(t, "orgs", "login", "--db", dbURL); !strings.Contains(out, "101\t") || !strings.Contains(out, "region-saml") {
			t.Errorf("orgs login list: %q", out)
		}
		if _, err := run(t, "orgs", "login", "--db", dbURL, "--login-config", config, "101", "findes-ikke"); err == nil ||
			!strings.Contains(err.Error(), `der er ingen identitetsudbyder "findes-ikke"`) {
			t.Errorf("binding to an unknown provider: %v", err)
		}
		r = oidcBrowser(t, base).samlLogin(t, "/auth/saml/kk-saml/start", "pia", "pia-hemmelig", nil)
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "logger ind via Regionens login") {
			t.Errorf("login through the wrong provider: %d:\n%.800s", r.StatusCode, r.body)
		}
		if r := c.get(t, "/login/udbyder?email=nogen@kk.dk"); r.Header.Get("Location") != "/auth/saml/kk-saml/start?next=%2F" {
			t.Errorf("the configured domain comes first: %q", r.Header.Get("Location"))
		}
		// The administrator binds and frees organisations on the
		// organisations page; a domain no provider names (kl.dk) then
		// leads to the provider its organisation's users are bound to.
		admin := newClient(t, base)
		admin.login(t, testAdminEmail, testPassword)
		page := admin.get(t, "/admin/organisations")
		page.html(t, http.StatusOK, "Login via identitetsudbyder", "København", "Regionens login", `<option value="region-saml">Regionens login</option>`)
		csrf := csrfInput.FindSubmatch(page.body)
		if csrf == nil {
			t.Fatal("no csrf field on /admin/organisations")
		}
		post := func(org, provider string) response {
			return admin.do(t, "POST", "/admin/organisations/login", []byte(url.Values{"csrf": {string(csrf[1])}, "org": {org}, "provider": {provider}}.Encode()), formHeader(admin))
		}
		if r := post("999", "region-saml"); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), "Der er ingen organisation med koden") {
			t.Errorf("binding an unknown organisation: %d\n%s", r.StatusCode, regexp.MustCompile(`(?s)<h2 id="login".*`).Find(r.body))
		}
		if r := post("101", ""); r.StatusCode != http.StatusSeeOther {
			t.Errorf("freeing København: %d\n%.500s", r.StatusCode, r.body)
		}
		if r := c.get(t, "/login/udbyder?email=nogen@kl.dk"); r.StatusCode != http.StatusOK {
			t.Errorf("kl.dk before any binding: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		bound := post("kl", "region-saml")
		if bound.StatusCode != http.StatusSeeOther {
			t.Errorf("binding KL: %d\n%.500s", bound.StatusCode, bound.body)
		}
		admin.get(t, bound.Header.Get("Location")).html(t, http.StatusOK, "Organisationens login er gemt.", "<td>kl</td>")
		if out := mustRun(t, "orgs", "login", "--db", dbURL); strings.Contains(out, "101\t") || !strings.Contains(out, "kl\t") {
			t.Errorf("after the administrator's changes: %q", out)
		}
		if r := c.get(t, "/login/udbyder?email=nogen@kl.dk"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/auth/saml/region-saml/start?next=%2F" {
			t.Errorf("kl.dk after binding KL: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
	})
}

// decrypted returns a tamper function for samlLogin: it decrypts the
// response's EncryptedAssertion with udrul's key, changes the assertion and
// puts it in the response in the clear, without the Response's signature.
func decrypted(t *testing.T, key *rsa.PrivateKey, change func(*etree.Element)) func(string) string {
	return func(x string) string {
		doc := etree.NewDocument()
		if err := doc.ReadFromString(x); err != nil {
			t.Fatal(err)
		}
		enc := doc.FindElement("//EncryptedAssertion")
		if enc == nil {
			t.Fatalf("the IdP's response has no EncryptedAssertion:\n%.800s", x)
		}
		plain, err := xmlenc.Decrypt(key, enc.FindElement("./EncryptedData"))
		if err != nil {
			t.Fatal(err)
		}
		a := etree.NewDocument()
		if err := a.ReadFromBytes(plain); err != nil {
			t.Fatal(err)
		}
		change(a.Root())
		parent := enc.Parent()
		parent.InsertChildAt(enc.Index(), a.Root())
		parent.RemoveChild(enc)
		// The IdP also signs the Response around the assertion; that
		// signature covers the encrypted form, so it goes, and the
		// assertion's own signature is what must hold.
		if sig := doc.Root().FindElement("./Signature"); sig != nil {
			doc.Root().RemoveChild(sig)
		}
		out, _ := doc.WriteToString()
		return out
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func testKeyPair(t *testing.T, cn string) (*rsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return key, must(x509.ParseCertificate(der))
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func idpPut(t *testing.T, u, body string) {
	t.Helper()
	req, _ := http.NewRequest("PUT", u, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("PUT %s at the IdP: %s", u, resp.Status)
	}
}

var (
	formAction = regexp.MustCompile(`<form[^>]*action="([^"]+)"`)
	formInput  = regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`)
)

// postForm posts the page's (first) form with its hidden values and
// extra, as a browser does.
func (b *browser) postForm(t *testing.T, p page, extra url.Values, header map[string]string) page {
	t.Helper()
	m := formAction.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no form at %s (%d):\n%.800s", p.Request.URL, p.StatusCode, p.body)
	}
	action, _ := p.Request.URL.Parse(html.UnescapeString(m[1]))
	form := url.Values{}
	for _, in := range formInput.FindAllStringSubmatch(p.body, -1) {
		form.Set(in[1], html.UnescapeString(in[2]))
	}
	for k, v := range extra {
		form[k] = v
	}
	req, _ := http.NewRequest("POST", action.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return b.send(t, req)
}

// samlLogin starts at udrul's start URL, fills in the IdP's login form if
// it shows one, and posts the SAMLResponse form to udrul's ACS (changed by
// tamper, if given) as a browser on the IdP's page would: cross-site.
func (b *browser) samlLogin(t *testing.T, start, user, password string, tamper func(string) string) page {
	t.Helper()
	p := b.do(t, "GET", b.udrul(start), nil)
	if strings.Contains(p.body, `name="password"`) {
		p = b.postForm(t, p, url.Values{"user": {user}, "password": {password}}, nil)
	}
	if !strings.Contains(p.body, `name="SAMLResponse"`) {
		t.Fatalf("the IdP sent no SAMLResponse form: %d at %s\n%.800s", p.StatusCode, p.Request.URL, p.body)
	}
	extra := url.Values{}
	if tamper != nil {
		for _, in := range formInput.FindAllStringSubmatch(p.body, -1) {
			if in[1] == "SAMLResponse" {
				x, _ := base64.StdEncoding.DecodeString(html.UnescapeString(in[2]))
				extra.Set("SAMLResponse", base64.StdEncoding.EncodeToString([]byte(tamper(string(x)))))
			}
		}
	}
	idpOrigin := p.Request.URL.Scheme + "://" + p.Request.URL.Host
	return b.postForm(t, p, extra, map[string]string{"Origin": idpOrigin, "Sec-Fetch-Site": "cross-site"})
}

// logout presses the log-out button of udrul's header.
func (b *browser) logout(t *testing.T) page {
	t.Helper()
	p := b.do(t, "GET", b.udrul("/konto"), nil)
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no csrf token on /konto:\n%.500s", p.body)
	}
	req, _ := http.NewRequest("POST", b.udrul("/logout"), strings.NewReader(url.Values{"csrf": {m[1]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.send(t, req)
}

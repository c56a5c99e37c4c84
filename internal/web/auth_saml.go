package web

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/auth"
)

// samlLogin is udrul as a SAML 2.0 service provider of one identity
// provider (crewjam/saml). Signed responses or assertions are required
// (the library refuses unsigned ones), requests are signed with udrul's
// key, and the IdP's metadata is fetched on the first login.
type samlLogin struct {
	id  string
	cfg SAMLConfig

	mu  sync.Mutex
	idp *saml.EntityDescriptor
}

const samlCookie = "udrul_saml" // request id, relay state and next page of a SAML login

func newSAMLLogin(id string, c SAMLConfig) (*samlLogin, error) {
	if c.IDPMetadataURL == "" && len(c.IDPMetadata) == 0 {
		return nil, errors.New("SAML needs the identity provider's metadata (idp_metadata_url or idp_metadata_file)")
	}
	if c.Key == nil || c.Certificate == nil {
		return nil, errors.New("SAML needs udrul's key and certificate (sp_key_file, sp_cert_file)")
	}
	sl := &samlLogin{id: id, cfg: c}
	if len(c.IDPMetadata) > 0 {
		md, err := parseIDPMetadata(c.IDPMetadata)
		if err != nil {
			return nil, fmt.Errorf("the identity provider's metadata: %w", err)
		}
		sl.idp = md
	}
	return sl, nil
}

func (sl *samlLogin) metadata(ctx context.Context) (*saml.EntityDescriptor, error) {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.idp != nil {
		return sl.idp, nil
	}
	u, err := url.Parse(sl.cfg.IDPMetadataURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 10<<20))
	if err != nil {
		return nil, err
	}
	md, err := parseIDPMetadata(b)
	if err != nil {
		return nil, err
	}
	sl.idp = md
	return md, nil
}

// parseIDPMetadata reads an IdP's EntityDescriptor, or the first entity
// with an IDPSSODescriptor in an EntitiesDescriptor (a federation's file).
func parseIDPMetadata(b []byte) (*saml.EntityDescriptor, error) {
	var one saml.EntityDescriptor
	if err := xml.Unmarshal(b, &one); err == nil && len(one.IDPSSODescriptors) > 0 {
		return &one, nil
	}
	var many saml.EntitiesDescriptor
	if err := xml.Unmarshal(b, &many); err != nil {
		return nil, fmt.Errorf("not SAML metadata: %w", err)
	}
	for i := range many.EntityDescriptors {
		if len(many.EntityDescriptors[i].IDPSSODescriptors) > 0 {
			return &many.EntityDescriptors[i], nil
		}
	}
	return nil, errors.New("the metadata names no identity provider (IDPSSODescriptor)")
}

// sp is udrul's service provider for the IdP; idp may be nil (for the
// SP metadata before the IdP's is known).
func (s *Server) sp(sl *samlLogin, idp *saml.EntityDescriptor) *saml.ServiceProvider {
	base, _ := url.Parse(s.baseURL + "/auth/saml/" + sl.id)
	at := func(p string) url.URL { u := *base; u.Path += p; return u }
	sign := dsig.RSASHA256SignatureMethod
	if sl.cfg.UnsignedAuthnRequests {
		sign = ""
	}
	return &saml.ServiceProvider{
		EntityID: sl.cfg.EntityID, Key: sl.cfg.Key, Certificate: sl.cfg.Certificate,
		MetadataURL: at("/metadata"), AcsURL: at("/acs"), SloURL: at("/slo"),
		IDPMetadata: idp, SignatureMethod: sign, LogoutSignatureMethod: dsig.RSASHA256SignatureMethod,
		AuthnNameIDFormat:                saml.UnspecifiedNameIDFormat,
		AssertionConsumerServiceBindings: []string{saml.HTTPPostBinding},
		LogoutBindings:                   []string{saml.HTTPRedirectBinding},
	}
}

func (s *Server) samlProvider(r *http.Request) *loginProvider {
	if p := s.loginProvider(r.PathValue("idp")); p != nil && p.saml != nil {
		return p
	}
	return nil
}

// samlMetadata serves udrul's SP metadata for one IdP: what its
// administrators register (entity id, ACS and SLO URLs, certificate).
func (s *Server) samlMetadata(w http.ResponseWriter, r *http.Request) error {
	lp := s.samlProvider(r)
	if lp == nil {
		return notFoundRoute(r)
	}
	b, err := xml.MarshalIndent(s.sp(lp.saml, nil).Metadata(), "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	w.Header().Set("Content-Disposition", `inline; filename="udrul-`+lp.id+`-metadata.xml"`)
	_, err = w.Write(b)
	return err
}

// setSAMLCookie: the IdP posts the response back from its own site,
// and browsers send a Lax cookie only on top-level GETs from other sites,
// so the login attempt's cookie is SameSite=None where it can be (Secure).
func (s *Server) setSAMLCookie(w http.ResponseWriter, r *http.Request, path, value string, maxAge int) {
	c := &http.Cookie{Name: samlCookie, Value: value, Path: path, MaxAge: maxAge, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode}
	if c.Secure {
		c.SameSite = http.SameSiteNoneMode
	}
	http.SetCookie(w, c)
}

func (s *Server) samlStart(w http.ResponseWriter, r *http.Request) error {
	lp := s.samlProvider(r)
	if lp == nil {
		return notFoundRoute(r)
	}
	md, err := lp.saml.metadata(r.Context())
	if err != nil {
		return s.providerUnavailable(w, r, lp, err)
	}
	sp := s.sp(lp.saml, md)
	sso := sp.GetSSOBindingLocation(saml.HTTPRedirectBinding)
	if sso == "" {
		return s.providerUnavailable(w, r, lp, errors.New("the IdP has no HTTP-Redirect SingleSignOnService"))
	}
	req, err := sp.MakeAuthenticationRequest(sso, saml.HTTPRedirectBinding, saml.HTTPPostBinding)
	if err != nil {
		return err
	}
	relay, _ := auth.NewToken("")
	next := safeNext(r.URL.Query().Get("next"))
	s.setSAMLCookie(w, r, "/auth/saml/"+lp.id, strings.Join([]string{req.ID, relay, url.QueryEscape(next)}, "."), 600)
	u, err := req.Redirect(relay, sp)
	if err != nil {
		return err
	}
	http.Redirect(w, r, u.String(), http.StatusFound)
	return nil
}

// samlACS receives the IdP's signed response (HTTP-POST binding), checks
// it against the request this browser started, and signs the user in.
func (s *Server) samlACS(w http.ResponseWriter, r *http.Request) error {
	lp := s.samlProvider(r)
	if lp == nil {
		return notFoundRoute(r)
	}
	refuse := func(status int, msg string) error { return s.refuseLogin(w, r, status, msg) }
	c, err := r.Cookie(samlCookie)
	s.setSAMLCookie(w, r, "/auth/saml/"+lp.id, "", -1)
	if err != nil {
		return refuse(http.StatusBadRequest, "Loginforsøget var udløbet eller blev startet i en anden browser. Prøv igen.")
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 3 {
		return refuse(http.StatusBadRequest, "Loginforsøget kunne ikke læses. Prøv igen.")
	}
	reqID, relay := parts[0], parts[1]
	next, _ := url.QueryUnescape(parts[2])
	if err := readForm(w, r); err != nil {
		return err
	}
	if !auth.Equal(r.PostForm.Get("RelayState"), relay) {
		return refuse(http.StatusBadRequest, "Loginforsøget passede ikke til denne browser (RelayState). Prøv igen.")
	}
	md, err := lp.saml.metadata(r.Context())
	if err != nil {
		return s.providerUnavailable(w, r, lp, err)
	}
	a, err := parseSAMLResponse(s.sp(lp.saml, md), r, reqID)
	if err != nil {
		detail := err
		var ire *saml.InvalidResponseError
		if errors.As(err, &ire) {
			detail = ire.PrivateErr
		}
		s.log.Warn("SAML response refused", "provider", lp.id, "err", detail)
		return refuse(http.StatusUnauthorized, "Svaret fra "+lp.name+" kunne ikke godkendes (det skal være signeret af identitetsudbyderen og høre til dette loginforsøg). Prøv igen.")
	}
	in := app.ExternalLogin{Provider: lp.id, Method: "saml", Issuer: md.EntityID, EmailVerified: true}
	var nameID, index string
	if a.Subject != nil && a.Subject.NameID != nil {
		nameID = a.Subject.NameID.Value
		if a.Subject.NameID.Format == string(saml.PersistentNameIDFormat) {
			in.Subject = nameID
		}
		if a.Subject.NameID.Format == string(saml.EmailAddressNameIDFormat) {
			in.Email = nameID
		}
	}
	if e := samlEmail(a, lp.saml.cfg.EmailAttribute); e != "" {
		in.Email = e
	}
	for _, st := range a.AuthnStatements {
		if st.SessionIndex != "" {
			index = st.SessionIndex
		}
	}
	if nameID != "" {
		in.Logout = nameID + "\n" + index
	}
	return s.finishExternalLogin(w, r, in, next)
}

// parseSAMLResponse is crewjam's ParseResponse with its panics turned into a
// refusal: a signed assertion without the optional <saml:Issuer> makes it
// dereference nil (GO-2026-6909, no fixed version; docs/security.md), and
// one login attempt must not be able to end in a 500 with a stack trace.
func parseSAMLResponse(sp *saml.ServiceProvider, r *http.Request, reqID string) (a *saml.Assertion, err error) {
	defer func() {
		if p := recover(); p != nil {
			a, err = nil, fmt.Errorf("the SAML response made the parser panic: %v", p)
		}
	}()
	return sp.ParseResponse(r, []string{reqID})
}

// samlEmail is the e-mail address in the assertion's attributes.
func samlEmail(a *saml.Assertion, attr string) string {
	names := []string{attr}
	if attr == "" {
		names = []string{"mail", "email", "urn:oid:0.9.2342.19200300.100.1.3",
			"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"}
	}
	for _, st := range a.AttributeStatements {
		for _, at := range st.Attributes {
			for _, n := range names {
				if (at.Name == n || at.FriendlyName == n) && len(at.Values) > 0 && at.Values[0].Value != "" {
					return at.Values[0].Value
				}
			}
		}
	}
	return ""
}

// samlLogoutURL is a signed LogoutRequest to the IdP's single logout
// service (HTTP-Redirect binding) for the session's NameID and
// SessionIndex; "" if the IdP has no such service.
func (s *Server) samlLogoutURL(w http.ResponseWriter, r *http.Request, lp *loginProvider, data string) (string, error) {
	md, err := lp.saml.metadata(r.Context())
	if err != nil {
		return "", err
	}
	sp := s.sp(lp.saml, md)
	if sp.GetSLOBindingLocation(saml.HTTPRedirectBinding) == "" {
		return "", nil
	}
	nameID, index, _ := strings.Cut(data, "\n")
	relay, _ := auth.NewToken("")
	req, err := sp.MakeLogoutRequest(sp.GetSLOBindingLocation(saml.HTTPRedirectBinding), nameID, saml.WithSessionIndex(index))
	if err != nil {
		return "", err
	}
	u, err := sp.RedirectLogoutRequestURL(req, relay)
	if err != nil {
		return "", err
	}
	// The answer must be to this request: its id and relay state wait in
	// the browser, as a login's do, so a replayed or unsolicited
	// LogoutResponse is refused.
	s.setSAMLCookie(w, r, "/auth/saml/"+lp.id, req.ID+"."+relay, 600)
	return u.String(), nil
}

// samlSLO receives the IdP's answer to udrul's LogoutRequest. udrul's
// session has already ended; a refused or failed answer is said on the
// login page, so the user knows the IdP may still have them logged in.
func (s *Server) samlSLO(w http.ResponseWriter, r *http.Request) error {
	lp := s.samlProvider(r)
	if lp == nil {
		return notFoundRoute(r)
	}
	if r.URL.Query().Get("SAMLResponse") == "" {
		return badRequest("SAMLResponse", "udrul tager kun imod svar på sine egne logout-anmodninger her (SAMLResponse mangler)")
	}
	var id, relay string
	if c, cerr := r.Cookie(samlCookie); cerr == nil {
		id, relay, _ = strings.Cut(c.Value, ".")
	}
	s.setSAMLCookie(w, r, "/auth/saml/"+lp.id, "", -1)
	md, err := lp.saml.metadata(r.Context())
	if err == nil {
		_, err = s.sp(lp.saml, md).ParseLogoutResponse(r, []string{id})
	}
	if err == nil && (relay == "" || r.URL.Query().Get("RelayState") != relay) {
		err = errors.New("the RelayState is not the one udrul sent")
	}
	if err != nil {
		s.log.Warn("SAML logout response refused", "provider", lp.id, "err", err)
		return s.refuseLogin(w, r, http.StatusOK, "Du er logget ud af udrul, men "+lp.name+" bekræftede ikke, at du også er logget ud dér. Luk browseren, hvis du bruger en delt computer.")
	}
	http.Redirect(w, r, "/login?logget-ud", http.StatusSeeOther)
	return nil
}

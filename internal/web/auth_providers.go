package web

import (
	"crypto"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/udrul/udrul/internal/app"
)

// LoginProvider is one identity provider municipal staff can log in
// through: OpenID Connect (Issuer set) or SAML 2.0 (SAML set). Several may
// be configured (udrul serve --login-config); an organisation can be bound
// to one of them (udrul orgs login, /admin/organisations/login), and the
// login page offers the right one by e-mail domain or by choice.
type LoginProvider struct {
	// ID names the provider in the configuration, in organisations'
	// bindings and in URLs: lower-case letters, digits and hyphens.
	ID string
	// Name is the provider's name on the login page, e.g. "Aarhus Kommunes login".
	Name string
	// Domains are e-mail domains whose people log in here (aarhus.dk).
	Domains []string
	OIDC    *OIDCConfig
	SAML    *SAMLConfig
}

// SAMLConfig is a SAML 2.0 identity provider and udrul's service provider
// keys for it.
type SAMLConfig struct {
	// IDPMetadataURL is where the IdP publishes its metadata; fetched on
	// the first login (and again after a failure). Or IDPMetadata: the
	// metadata itself (read from a file).
	IDPMetadataURL string
	IDPMetadata    []byte
	// EntityID is udrul's entity id at this IdP; empty: the SP metadata
	// URL, BASE/auth/saml/ID/metadata.
	EntityID string
	// Key and Certificate sign udrul's requests (AuthnRequest,
	// LogoutRequest) and decrypt encrypted assertions; the certificate is
	// in the SP metadata.
	Key         crypto.Signer
	Certificate *x509.Certificate
	// UnsignedAuthnRequests leaves login requests unsigned (for IdPs that
	// cannot check the HTTP-Redirect binding's signature); logout requests
	// are signed always.
	UnsignedAuthnRequests bool
	// EmailAttribute is the assertion attribute holding the e-mail address;
	// empty: mail, email, urn:oid:0.9.2342.19200300.100.1.3 or the
	// claims URI, else an emailAddress NameID.
	EmailAttribute string
}

var providerID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

type loginProvider struct {
	id, name string
	domains  []string
	oidc     *oidcLogin
	saml     *samlLogin
}

// start is where the login page's button for the provider leads.
func (p *loginProvider) start(next string) string {
	if p.saml != nil {
		return "/auth/saml/" + p.id + "/start?next=" + url.QueryEscape(next)
	}
	return "/auth/oidc/start?idp=" + p.id + "&next=" + url.QueryEscape(next)
}

// WithLoginProviders adds identity providers. Their ids must be unique
// (also against the --oidc-issuer provider, whose id is "oidc").
func WithLoginProviders(ps ...LoginProvider) Option {
	return func(s *Server) error {
		for _, p := range ps {
			if err := s.addLoginProvider(p); err != nil {
				return err
			}
		}
		return nil
	}
}

func (s *Server) addLoginProvider(p LoginProvider) error {
	if !providerID.MatchString(p.ID) {
		return fmt.Errorf("login provider id %q: use lower-case letters, digits and hyphens", p.ID)
	}
	if s.loginProvider(p.ID) != nil {
		return fmt.Errorf("login provider %q is configured twice", p.ID)
	}
	if p.Name == "" {
		p.Name = "din organisations login"
	}
	lp := &loginProvider{id: p.ID, name: p.Name}
	for _, d := range p.Domains {
		lp.domains = append(lp.domains, strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@")))
	}
	switch {
	case (p.OIDC == nil) == (p.SAML == nil):
		return fmt.Errorf("login provider %q: give either OpenID Connect (issuer) or SAML (idp_metadata_url or idp_metadata_file) settings", p.ID)
	case p.OIDC != nil:
		if p.OIDC.Issuer == "" || p.OIDC.ClientID == "" {
			return fmt.Errorf("login provider %q: OpenID Connect needs an issuer and a client id", p.ID)
		}
		lp.oidc = &oidcLogin{cfg: *p.OIDC}
	default:
		sl, err := newSAMLLogin(p.ID, *p.SAML)
		if err != nil {
			return fmt.Errorf("login provider %q: %w", p.ID, err)
		}
		lp.saml = sl
	}
	s.logins = append(s.logins, lp)
	return nil
}

func (s *Server) loginProvider(id string) *loginProvider {
	for _, p := range s.logins {
		if p.id == id {
			return p
		}
	}
	return nil
}

// LoginProviderIDs lists the configured providers' ids.
func (s *Server) LoginProviderIDs() []string {
	var ids []string
	for _, p := range s.logins {
		ids = append(ids, p.id)
	}
	return ids
}

func (s *Server) providerName(id string) string {
	if p := s.loginProvider(id); p != nil {
		return p.name
	}
	return "en anden identitetsudbyder"
}

// loginButton is a provider on the login page.
type loginButton struct{ Name, Href string }

func (s *Server) loginButtons(next string) []loginButton {
	var out []loginButton
	for _, p := range s.logins {
		out = append(out, loginButton{Name: p.name, Href: p.start(next)})
	}
	return out
}

// pageLoginProvider sends someone who gave their e-mail address to their
// organisation's identity provider: the one configured for the address's
// domain, else the one the organisations with users at that domain are
// bound to. Unknown domains get the login page with the choice.
func (s *Server) pageLoginProvider(w http.ResponseWriter, r *http.Request) error {
	email := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("email")))
	next := safeNext(r.URL.Query().Get("next"))
	at := strings.LastIndexByte(email, '@')
	if at < 1 || at == len(email)-1 {
		return s.renderLoginWith(w, r, http.StatusBadRequest, map[string]any{"ProviderEmail": email,
			"ProviderError": "Skriv din e-mailadresse på arbejdet, fx navn@kommune.dk."})
	}
	domain := email[at+1:]
	var found *loginProvider
	for _, p := range s.logins {
		if slices.Contains(p.domains, domain) {
			found = p
			break
		}
	}
	if found == nil {
		ids, err := s.app.LoginProvidersOfDomain(r.Context(), domain)
		if err != nil {
			return err
		}
		if len(ids) == 1 {
			found = s.loginProvider(ids[0])
		}
	}
	if found == nil {
		return s.renderLoginWith(w, r, http.StatusOK, map[string]any{"ProviderEmail": email,
			"ProviderError": "udrul kender ikke en identitetsudbyder for " + domain + ". Vælg din organisations login herunder, eller log ind med e-mail og adgangskode."})
	}
	http.Redirect(w, r, found.start(next), http.StatusSeeOther)
	return nil
}

// providerUnavailable is the login page when a provider cannot be reached
// (discovery, metadata) or is set up wrongly.
func (s *Server) providerUnavailable(w http.ResponseWriter, r *http.Request, lp *loginProvider, err error) error {
	s.log.Error("identity provider unavailable", "provider", lp.id, "err", err)
	return s.refuseLogin(w, r, http.StatusBadGateway,
		"Login via "+lp.name+" virker ikke lige nu (identitetsudbyderen svarer ikke). Prøv igen om lidt, eller log ind med e-mail og adgangskode.")
}

// refuseLogin shows the login page with why an identity provider's login
// did not sign anyone in.
func (s *Server) refuseLogin(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	return s.renderLogin(w, r, status, "", msg)
}

// finishExternalLogin signs in the user a provider vouched for, or shows
// the login page with the refusal.
func (s *Server) finishExternalLogin(w http.ResponseWriter, r *http.Request, in app.ExternalLogin, next string) error {
	in.IP, in.UserAgent, in.NameOf = s.clientIP(r), r.UserAgent(), s.providerName
	session, _, err := s.app.LoginExternal(r.Context(), in)
	if err != nil {
		switch app.ErrorCode(err) {
		case app.CodeForbidden, app.CodeUnauthenticated:
			return s.refuseLogin(w, r, problemOf(err).Status, capitalise(app.ErrorMessage(err))+".")
		}
		return err
	}
	s.startBrowserSession(w, r, session)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	return nil
}

// formLogout ends udrul's session and then the login at the identity
// provider it came through, where the provider supports that (OpenID
// Connect's end_session_endpoint, SAML single logout).
func (s *Server) formLogout(w http.ResponseWriter, r *http.Request) error {
	l, err := s.app.Logout(r.Context(), sessionToken(r))
	if err != nil {
		return err
	}
	s.setCookie(w, r, sessionCookie, "", "/", -1)
	done := "/login?logget-ud"
	if p := s.loginProvider(l.Provider); p != nil && l.Data != "" {
		var u string
		var err error
		if p.oidc != nil {
			u, err = s.oidcLogoutURL(r, p, l.Data)
		} else {
			u, err = s.samlLogoutURL(w, r, p, l.Data)
		}
		if err != nil {
			s.log.Warn("logout at the identity provider", "provider", p.id, "err", err)
		} else if u != "" {
			done = u
		}
	}
	http.Redirect(w, r, done, http.StatusSeeOther)
	return nil
}

// ID and Name are the provider's id and name, for templates.
func (p *loginProvider) ID() string   { return p.id }
func (p *loginProvider) Name() string { return p.name }

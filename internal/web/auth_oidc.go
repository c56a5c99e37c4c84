package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/auth"
)

// OIDCConfig turns on login with OpenID Connect (authorization code flow
// with PKCE, state and nonce). Municipalities have their own identity
// providers; the ID token's subject, or its verified e-mail address on the
// first login, picks the udrul user (app.LoginExternal).
type OIDCConfig struct {
	Issuer       string // the provider's issuer URL
	ClientID     string
	ClientSecret string
	// RedirectURL is where the provider sends the browser back,
	// https://HOST/auth/oidc/callback. Empty: the server's base URL
	// (WithBaseURL) followed by /auth/oidc/callback.
	RedirectURL string
	// Name is the provider's name on the login button, e.g. "Aarhus Kommunes login".
	Name string
}

// WithOIDC turns on OpenID Connect login with one provider (the --oidc-*
// flags; its id is "oidc"). The provider is discovered on the first login
// (and again after a failure), so a provider that is down does not stop
// the server from starting. More providers: WithLoginProviders.
func WithOIDC(c OIDCConfig) Option {
	return func(s *Server) error {
		if c.Issuer == "" {
			return nil
		}
		if c.ClientID == "" {
			return errors.New("OpenID Connect: a client id is required with an issuer")
		}
		return s.addLoginProvider(LoginProvider{ID: "oidc", Name: c.Name, OIDC: &c})
	}
}

type oidcLogin struct {
	cfg OIDCConfig

	mu       sync.Mutex
	provider *oidc.Provider
}

func (o *oidcLogin) discover(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
	if err != nil {
		return nil, err
	}
	o.provider = p
	return p, nil
}

func (s *Server) oauthConfig(lp *loginProvider, p *oidc.Provider) *oauth2.Config {
	c := lp.oidc.cfg
	redirect := c.RedirectURL
	if redirect == "" {
		redirect = s.baseURL + "/auth/oidc/callback" // never from the request's Host (base_url.go)
	}
	return &oauth2.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: redirect,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// oidcProvider is the OpenID Connect provider with the id, or the first
// one when id is empty.
func (s *Server) oidcProvider(id string) *loginProvider {
	for _, p := range s.logins {
		if p.oidc != nil && (id == "" || p.id == id) {
			return p
		}
	}
	return nil
}

func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	lp := s.oidcProvider(r.URL.Query().Get("idp"))
	if lp == nil {
		return notFoundRoute(r)
	}
	p, err := lp.oidc.discover(r.Context())
	if err != nil {
		return s.providerUnavailable(w, r, lp, err)
	}
	state, _ := auth.NewToken("")
	nonce, _ := auth.NewToken("")
	verifier := oauth2.GenerateVerifier()
	next := safeNext(r.URL.Query().Get("next"))
	s.setCookie(w, r, oidcCookie, strings.Join([]string{state, nonce, verifier, url.QueryEscape(next), lp.id}, "."), "/auth/oidc", 600)
	u := s.oauthConfig(lp, p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	if s.oidcProvider("") == nil {
		return notFoundRoute(r)
	}
	refuse := func(status int, msg string) error { return s.refuseLogin(w, r, status, msg) }
	c, err := r.Cookie(oidcCookie)
	s.setCookie(w, r, oidcCookie, "", "/auth/oidc", -1)
	if err != nil {
		return refuse(http.StatusBadRequest, "Loginforsøget var udløbet eller blev startet i en anden browser. Prøv igen.")
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 5 || s.oidcProvider(parts[4]) == nil {
		return refuse(http.StatusBadRequest, "Loginforsøget kunne ikke læses. Prøv igen.")
	}
	state, nonce, verifier, lp := parts[0], parts[1], parts[2], s.oidcProvider(parts[4])
	next, _ := url.QueryUnescape(parts[3])
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return refuse(http.StatusUnauthorized, fmt.Sprintf("Identitetsudbyderen afviste login (%s). Prøv igen, eller kontakt din it-afdeling.", e))
	}
	if q.Get("state") == "" || !auth.Equal(q.Get("state"), state) {
		return refuse(http.StatusBadRequest, "Loginforsøget passede ikke til denne browser (state). Prøv igen.")
	}
	p, err := lp.oidc.discover(r.Context())
	if err != nil {
		return s.providerUnavailable(w, r, lp, err)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	tok, err := s.oauthConfig(lp, p).Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		s.log.Warn("OpenID Connect code exchange failed", "err", err)
		return refuse(http.StatusUnauthorized, "Login via "+lp.name+" mislykkedes (koden kunne ikke indløses). Prøv igen.")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return refuse(http.StatusUnauthorized, "Identitetsudbyderen sendte intet ID-token. Kontakt en administrator.")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: lp.oidc.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		s.log.Warn("OpenID Connect ID token refused", "err", err)
		return refuse(http.StatusUnauthorized, "ID-tokenet fra identitetsudbyderen kunne ikke godkendes. Prøv igen.")
	}
	if !auth.Equal(idt.Nonce, nonce) {
		return refuse(http.StatusUnauthorized, "ID-tokenet passede ikke til dette loginforsøg (nonce). Prøv igen.")
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified *bool  `json:"email_verified"`
	}
	if err := idt.Claims(&claims); err != nil {
		return refuse(http.StatusUnauthorized, "ID-tokenet kunne ikke læses.")
	}
	verified := claims.EmailVerified != nil && *claims.EmailVerified
	if claims.Email == "" {
		// Many providers put the e-mail address only in the userinfo
		// answer; it must be about the same subject as the ID token.
		ui, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			s.log.Warn("OpenID Connect userinfo failed", "err", err)
		} else if ui.Subject == idt.Subject {
			var uc struct {
				EmailVerified *bool `json:"email_verified"`
			}
			ui.Claims(&uc)
			claims.Email, verified = ui.Email, uc.EmailVerified != nil && *uc.EmailVerified
		}
	}
	return s.finishExternalLogin(w, r, app.ExternalLogin{Provider: lp.id, Method: "oidc", Issuer: idt.Issuer, Subject: idt.Subject,
		Email: claims.Email, EmailVerified: verified, Logout: raw}, next)
}

// oidcLogoutURL is the provider's end_session_endpoint (OpenID Connect
// RP-Initiated Logout) with the session's ID token as id_token_hint and
// the login page as post_logout_redirect_uri; "" if the provider has none.
func (s *Server) oidcLogoutURL(r *http.Request, lp *loginProvider, idToken string) (string, error) {
	p, err := lp.oidc.discover(r.Context())
	if err != nil {
		return "", err
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil || meta.EndSession == "" {
		return "", err
	}
	u, err := url.Parse(meta.EndSession)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("id_token_hint", idToken)
	q.Set("client_id", lp.oidc.cfg.ClientID)
	q.Set("post_logout_redirect_uri", s.baseURL+"/login?logget-ud")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

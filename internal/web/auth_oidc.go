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
// first login, picks the udrul user (app.LoginOIDC).
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

// WithOIDC turns on OpenID Connect login. The provider is discovered on the
// first login (and again after a failure), so a provider that is down does
// not stop the server from starting.
func WithOIDC(c OIDCConfig) Option {
	return func(s *Server) error {
		if c.Issuer == "" {
			return nil
		}
		if c.ClientID == "" {
			return errors.New("OpenID Connect: a client id is required with an issuer")
		}
		if c.Name == "" {
			c.Name = "din organisations login"
		}
		s.oidc = &oidcLogin{cfg: c, name: c.Name}
		return nil
	}
}

type oidcLogin struct {
	cfg  OIDCConfig
	name string

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

func (s *Server) oauthConfig(p *oidc.Provider) *oauth2.Config {
	redirect := s.oidc.cfg.RedirectURL
	if redirect == "" {
		redirect = s.baseURL + "/auth/oidc/callback" // never from the request's Host (base_url.go)
	}
	return &oauth2.Config{ClientID: s.oidc.cfg.ClientID, ClientSecret: s.oidc.cfg.ClientSecret, RedirectURL: redirect,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

func (s *Server) oidcUnavailable(w http.ResponseWriter, r *http.Request, err error) error {
	s.log.Error("OpenID Connect provider unavailable", "issuer", s.oidc.cfg.Issuer, "err", err)
	return s.renderLogin(w, r, http.StatusBadGateway, "",
		"Login via "+s.oidc.name+" virker ikke lige nu (identitetsudbyderen svarer ikke). Prøv igen om lidt, eller log ind med e-mail og adgangskode.")
}

func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return notFoundRoute(r)
	}
	p, err := s.oidc.discover(r.Context())
	if err != nil {
		return s.oidcUnavailable(w, r, err)
	}
	state, _ := auth.NewToken("")
	nonce, _ := auth.NewToken("")
	verifier := oauth2.GenerateVerifier()
	next := safeNext(r.URL.Query().Get("next"))
	s.setCookie(w, r, oidcCookie, strings.Join([]string{state, nonce, verifier, url.QueryEscape(next)}, "."), "/auth/oidc", 600)
	u := s.oauthConfig(p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return notFoundRoute(r)
	}
	refuse := func(status int, msg string) error { return s.renderLogin(w, r, status, "", msg) }
	c, err := r.Cookie(oidcCookie)
	s.setCookie(w, r, oidcCookie, "", "/auth/oidc", -1)
	if err != nil {
		return refuse(http.StatusBadRequest, "Loginforsøget var udløbet eller blev startet i en anden browser. Prøv igen.")
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 4 {
		return refuse(http.StatusBadRequest, "Loginforsøget kunne ikke læses. Prøv igen.")
	}
	state, nonce, verifier := parts[0], parts[1], parts[2]
	next, _ := url.QueryUnescape(parts[3])
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return refuse(http.StatusUnauthorized, fmt.Sprintf("Identitetsudbyderen afviste login (%s). Prøv igen, eller kontakt din it-afdeling.", e))
	}
	if q.Get("state") == "" || !auth.Equal(q.Get("state"), state) {
		return refuse(http.StatusBadRequest, "Loginforsøget passede ikke til denne browser (state). Prøv igen.")
	}
	p, err := s.oidc.discover(r.Context())
	if err != nil {
		return s.oidcUnavailable(w, r, err)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	tok, err := s.oauthConfig(p).Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		s.log.Warn("OpenID Connect code exchange failed", "err", err)
		return refuse(http.StatusUnauthorized, "Login via "+s.oidc.name+" mislykkedes (koden kunne ikke indløses). Prøv igen.")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return refuse(http.StatusUnauthorized, "Identitetsudbyderen sendte intet ID-token. Kontakt en administrator.")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: s.oidc.cfg.ClientID}).Verify(ctx, raw)
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
	session, _, err := s.app.LoginOIDC(r.Context(), idt.Issuer, idt.Subject, claims.Email, verified, s.clientIP(r), r.UserAgent())
	if err != nil {
		switch app.ErrorCode(err) {
		case app.CodeForbidden, app.CodeUnauthenticated:
			return refuse(problemOf(err).Status, capitalise(app.ErrorMessage(err))+".")
		}
		return err
	}
	s.startBrowserSession(w, r, session)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	return nil
}

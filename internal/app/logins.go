package app

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/store"
)

// ExternalLogin is what an identity provider (OpenID Connect or SAML)
// vouched for at the end of a login.
type ExternalLogin struct {
	Provider string // the provider's id in the login configuration
	Method   string // oidc or saml
	// Issuer and Subject identify the person at the provider (the ID
	// token's iss and sub; the SAML IdP's entity id and a persistent
	// NameID). An empty Subject (a transient NameID) binds nothing.
	Issuer, Subject string
	Email           string
	EmailVerified   bool
	// Logout is kept with the session for ending it at the provider: the
	// ID token (id_token_hint) or the SAML NameID and SessionIndex.
	Logout        string
	IP, UserAgent string
	// NameOf names a provider on screen, for the refusal of a user whose
	// organisation is bound to another provider.
	NameOf func(provider string) string
}

// ProviderLogout is the identity provider a session came through and what
// it needs to end its own session (empty Provider: a password login).
type ProviderLogout struct {
	Provider string
	Data     string
}

// LoginExternal signs in the user an identity provider vouched for: the
// user already bound to (issuer, subject), or else the user with the
// e-mail address if the provider says it is verified – who is then bound to
// the subject, so later logins follow the subject even if the address
// changes. People the programme has no user for are refused: an identity
// provider proves who someone is, not that they may use udrul. A user whose
// organisation is bound to another provider is refused too.
func (a *UserService) LoginExternal(ctx context.Context, in ExternalLogin) (string, *Identity, error) {
	email := strings.ToLower(strings.TrimSpace(in.Email))
	var u store.User
	bind := false
	err := a.read(ctx, func(tx *store.Tx) error {
		var err error
		if in.Subject != "" {
			u, err = tx.UserByOIDCSubject(ctx, in.Issuer, in.Subject)
		} else {
			err = store.ErrNotFound
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err != nil {
			if email == "" || !in.EmailVerified {
				return forbidden("din identitetsudbyder oplyste ikke en bekræftet e-mailadresse, så udrul kan ikke finde din bruger; kontakt en administrator")
			}
			u, err = tx.UserByEmail(ctx, email)
			if errors.Is(err, store.ErrNotFound) {
				return forbidden("du er logget ind hos din identitetsudbyder som %s, men der er ingen bruger med den e-mailadresse i udrul. Bed din kommunes projektleder eller en administrator hos KOMBIT om at oprette dig", email)
			} else if err != nil {
				return err
			}
			if in.Subject != "" && u.OIDCSubject != "" && (u.OIDCSubject != in.Subject || u.OIDCIssuer != in.Issuer) {
				return forbidden("brugeren %s er knyttet til en anden identitet hos identitetsudbyderen; kontakt en administrator", email)
			}
			bind = in.Subject != "" && u.OIDCSubject == ""
		}
		bound, err := tx.OrganisationLoginOf(ctx, u.Org.ID)
		if err != nil {
			return err
		}
		if bound != "" && bound != in.Provider {
			name := bound
			if in.NameOf != nil {
				name = in.NameOf(bound)
			}
			return forbidden("%s logger ind via %s; vælg den på loginsiden", u.Org.Name, name)
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if !u.Active {
		return "", nil, unauthenticated("din bruger er deaktiveret; kontakt en administrator")
	}
	if bind {
		if err := a.write(ctx, func(tx *store.Tx) error { return tx.SetOIDCSubject(ctx, u.ID, in.Issuer, in.Subject) }); err != nil {
			return "", nil, err
		}
		u.OIDCIssuer, u.OIDCSubject = in.Issuer, in.Subject
	}
	return a.startSession(ctx, u, in.Method, in.IP, in.UserAgent, "", store.SessionLogout{Provider: in.Provider, Data: in.Logout})
}

// OrganisationLogin is an organisation bound to a login provider.
type OrganisationLogin = store.OrganisationLogin

// OrganisationLogins lists the organisations bound to a login provider.
func (a *UserService) OrganisationLogins(ctx context.Context) ([]OrganisationLogin, error) {
	var out []OrganisationLogin
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.OrganisationLogins(ctx)
		return err
	})
	return out, err
}

// BindOrganisationLogin binds the organisation with the code (a
// municipality code, kombit, kl, a supplier or an institution code) to one
// of the configured providers, or frees it (provider ""). by is the
// administrator; nil is the command line (udrul orgs login).
func (a *UserService) BindOrganisationLogin(ctx context.Context, by *Identity, code, provider string, known []string) (model.Organisation, error) {
	if by != nil && !access.Administer(by.Subject) {
		return model.Organisation{}, forbidden("kun administratorer kan vælge en organisations login")
	}
	code, provider = strings.TrimSpace(code), strings.TrimSpace(provider)
	if provider != "" && !slices.Contains(known, provider) {
		return model.Organisation{}, invalidField("provider", "der er ingen identitetsudbyder %q i udruls loginopsætning", provider)
	}
	actor := "udrul orgs login"
	if by != nil {
		actor = by.Actor()
	}
	var o model.Organisation
	err := a.write(ctx, func(tx *store.Tx) error {
		for _, k := range []model.OrgKind{model.OrgMunicipality, model.OrgCentral, model.OrgSupplier, model.OrgInstitution} {
			var err error
			if o, err = tx.OrganisationByCode(ctx, k, code); err == nil {
				return tx.SetOrganisationLogin(ctx, o.ID, provider, actor)
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return invalidField("org", "der er ingen organisation med koden %q", code)
	})
	return o, err
}

// LoginProvidersOfDomain returns the providers that organisations with
// users at the e-mail domain are bound to.
func (a *UserService) LoginProvidersOfDomain(ctx context.Context, domain string) ([]string, error) {
	var out []string
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.LoginProvidersOfDomain(ctx, domain)
		return err
	})
	return out, err
}

package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/app"
	"github.com/udrul/udrul/internal/web"
)

// accessFlags are the server's access settings, shared by serve and demo.
type accessFlags struct {
	secureCookies    bool
	trustedProxies   []string
	oidcIssuer       string
	oidcClientID     string
	oidcSecretFile   string
	oidcRedirectURL  string
	oidcProviderName string
	loginConfig      string
	contact          *web.Contact // the accessibility statement's (contact_flags.go)
}

func addAccessFlags(fs *flag.FlagSet, getenv func(string) string) *accessFlags {
	f := &accessFlags{}
	fs.BoolVar(&f.secureCookies, "secure-cookies", getenv("UDRUL_SECURE_COOKIES") == "true",
		"mark cookies Secure even on plain-HTTP requests (behind a TLS proxy); TLS requests always get Secure cookies")
	if v := getenv("UDRUL_TRUSTED_PROXY"); v != "" {
		f.trustedProxies = strings.Split(v, ",")
	}
	fs.Func("trusted-proxy", "address or CIDR range of a reverse proxy whose X-Forwarded-For gives the client's address (for login throttling); repeat or separate with commas",
		func(v string) error {
			f.trustedProxies = append(f.trustedProxies, strings.Split(v, ",")...)
			return nil
		})
	fs.StringVar(&f.oidcIssuer, "oidc-issuer", getenv("UDRUL_OIDC_ISSUER"), "OpenID Connect issuer URL; empty turns OIDC login off")
	fs.StringVar(&f.oidcClientID, "oidc-client-id", getenv("UDRUL_OIDC_CLIENT_ID"), "OpenID Connect client id")
	fs.StringVar(&f.oidcSecretFile, "oidc-client-secret-file", getenv("UDRUL_OIDC_CLIENT_SECRET_FILE"), "file holding the OpenID Connect client secret")
	fs.StringVar(&f.oidcRedirectURL, "oidc-redirect-url", getenv("UDRUL_OIDC_REDIRECT_URL"),
		"OpenID Connect redirect URL (https://HOST/auth/oidc/callback); empty: --base-url followed by /auth/oidc/callback")
	fs.StringVar(&f.oidcProviderName, "oidc-name", getenv("UDRUL_OIDC_NAME"), "the identity provider's name on the login page")
	fs.StringVar(&f.loginConfig, "login-config", getenv("UDRUL_LOGIN_CONFIG"),
		"YAML file naming the identity providers (OpenID Connect and SAML 2.0) municipal staff log in through (docs/login.md)")
	f.contact = addContactFlags(fs, getenv)
	return f
}

func (f *accessFlags) options() ([]web.Option, error) {
	opts := []web.Option{web.WithSecureCookies(f.secureCookies), web.WithTrustedProxies(f.trustedProxies), web.WithContact(*f.contact)}
	providers, err := readLoginConfig(f.loginConfig)
	if err != nil {
		return nil, err
	}
	opts = append(opts, web.WithLoginProviders(providers...))
	if f.oidcIssuer == "" {
		return opts, nil
	}
	secret := ""
	if f.oidcSecretFile != "" {
		b, err := os.ReadFile(f.oidcSecretFile)
		if err != nil {
			return nil, fmt.Errorf("--oidc-client-secret-file: %w", err)
		}
		secret = strings.TrimSpace(string(b))
	}
	return append(opts, web.WithOIDC(web.OIDCConfig{Issuer: f.oidcIssuer, ClientID: f.oidcClientID, ClientSecret: secret,
		RedirectURL: f.oidcRedirectURL, Name: f.oidcProviderName})), nil
}

// runUser creates a user: the way to the first administrator of a
// database served with `udrul serve`.
func runUser(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger, now func() time.Time) error {
	fs, c := flags("user", getenv, false, "")
	email := fs.String("email", "", "the user's e-mail address (their login)")
	name := fs.String("name", "", "the user's name")
	role := fs.String("role", string(access.Admin), "role: "+roleList())
	org := fs.String("org", "kombit", "organisation code: kombit or kl (central), kmd (supplier), a municipality code, or an institution code")
	pwFile := fs.String("password-file", "", "file holding the password (empty: OpenID Connect login only)")
	tokenFile := fs.String("token-file", "", "file holding an API token to give the user (at least 16 characters)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" || *name == "" {
		return errors.New("user needs --email and --name")
	}
	read := func(path string) (string, error) {
		if path == "" {
			return "", nil
		}
		b, err := os.ReadFile(path)
		return strings.TrimRight(string(b), "\r\n"), err
	}
	pw, err := read(*pwFile)
	if err != nil {
		return err
	}
	tok, err := read(*tokenFile)
	if err != nil {
		return err
	}
	a, db, err := open(ctx, c.db, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := a.EnsureCentralOrganisations(ctx); err != nil {
		return err
	}
	u, err := a.CreateUser(ctx, app.NewUser{Email: *email, Name: *name, Role: access.Role(*role), Org: *org, Password: pw})
	if err != nil {
		return errors.New(app.ErrorMessage(err))
	}
	if tok != "" {
		if err := a.EnsureAPIToken(ctx, u.ID, "udrul user --token-file", tok); err != nil {
			return errors.New(app.ErrorMessage(err))
		}
	}
	fmt.Fprintf(stdout, "created user %s (%s, %s)\n", u.Email, access.Role(u.Role).Label(), u.Org.Name)
	return nil
}

func roleList() string {
	var s []string
	for _, r := range access.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

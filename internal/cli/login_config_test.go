package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// A login file udrul cannot use stops serve at once, naming what is wrong.
func TestLoginConfigRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "udrul.db")
	for name, c := range map[string]struct{ yaml, want string }{
		"unknown key":      {"providers:\n  - id: a\n    nmae: A\n", "field nmae not found"},
		"bad id":           {"providers:\n  - id: Aarhus Kommune\n    oidc: {issuer: https://x, client_id: u}\n", `login provider id "Aarhus Kommune": use lower-case letters`},
		"neither":          {"providers:\n  - id: a\n", `login provider "a": give either OpenID Connect`},
		"twice":            {"providers:\n  - id: a\n    oidc: {issuer: https://x, client_id: u}\n  - id: a\n    oidc: {issuer: https://y, client_id: u}\n", `login provider "a" is configured twice`},
		"no client id":     {"providers:\n  - id: a\n    oidc: {issuer: https://x}\n", `login provider "a": OpenID Connect needs an issuer and a client id`},
		"saml without key": {"providers:\n  - id: s\n    saml: {idp_metadata_url: https://x/metadata}\n", `provider "s" needs sp_key_file`},
		"missing secret":   {"providers:\n  - id: a\n    oidc: {issuer: https://x, client_id: u, client_secret_file: findes-ikke}\n", `provider "a", client_secret_file:`},
	} {
		f := writeFile(t, "login.yaml", c.yaml)
		_, err := run(t, "serve", "--addr", "127.0.0.1:0", "--db", db, "--login-config", f)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

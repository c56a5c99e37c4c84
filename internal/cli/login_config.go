package cli

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/udrul/udrul/internal/web"
)

// loginFile is the login configuration (--login-config, docs/login.md):
// the identity providers municipal staff log in through. Paths
// are relative to the file's directory.
type loginFile struct {
	Providers []struct {
		ID      string   `yaml:"id"`
		Name    string   `yaml:"name"`
		Domains []string `yaml:"domains"`
		OIDC    *struct {
			Issuer           string `yaml:"issuer"`
			ClientID         string `yaml:"client_id"`
			ClientSecretFile string `yaml:"client_secret_file"`
			RedirectURL      string `yaml:"redirect_url"`
		} `yaml:"oidc"`
		SAML *struct {
			IDPMetadataURL  string `yaml:"idp_metadata_url"`
			IDPMetadataFile string `yaml:"idp_metadata_file"`
			EntityID        string `yaml:"entity_id"`
			SPKeyFile       string `yaml:"sp_key_file"`
			SPCertFile      string `yaml:"sp_cert_file"`
			EmailAttribute  string `yaml:"email_attribute"`
			// SignAuthnRequests: false for IdPs that cannot check signed
			// login requests (default true).
			SignAuthnRequests *bool `yaml:"sign_authn_requests"`
		} `yaml:"saml"`
	} `yaml:"providers"`
}

// readLoginConfig reads the login configuration file into providers.
func readLoginConfig(path string) ([]web.LoginProvider, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--login-config: %w", err)
	}
	var f loginFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("--login-config %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	read := func(id, what, p string) ([]byte, error) {
		if p == "" {
			return nil, fmt.Errorf("--login-config %s: provider %q needs %s", path, id, what)
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("--login-config %s: provider %q, %s: %w", path, id, what, err)
		}
		return b, nil
	}
	var out []web.LoginProvider
	for _, p := range f.Providers {
		lp := web.LoginProvider{ID: p.ID, Name: p.Name, Domains: p.Domains}
		if p.OIDC != nil {
			c := web.OIDCConfig{Issuer: p.OIDC.Issuer, ClientID: p.OIDC.ClientID, RedirectURL: p.OIDC.RedirectURL, Name: p.Name}
			if p.OIDC.ClientSecretFile != "" {
				s, err := read(p.ID, "client_secret_file", p.OIDC.ClientSecretFile)
				if err != nil {
					return nil, err
				}
				c.ClientSecret = strings.TrimSpace(string(s))
			}
			lp.OIDC = &c
		}
		if p.SAML != nil {
			c := web.SAMLConfig{IDPMetadataURL: p.SAML.IDPMetadataURL, EntityID: p.SAML.EntityID, EmailAttribute: p.SAML.EmailAttribute,
				UnsignedAuthnRequests: p.SAML.SignAuthnRequests != nil && !*p.SAML.SignAuthnRequests}
			if p.SAML.IDPMetadataFile != "" {
				if c.IDPMetadata, err = read(p.ID, "idp_metadata_file", p.SAML.IDPMetadataFile); err != nil {
					return nil, err
				}
			}
			key, err := read(p.ID, "sp_key_file", p.SAML.SPKeyFile)
			if err != nil {
				return nil, err
			}
			cert, err := read(p.ID, "sp_cert_file", p.SAML.SPCertFile)
			if err != nil {
				return nil, err
			}
			if c.Key, c.Certificate, err = keyPair(key, cert); err != nil {
				return nil, fmt.Errorf("--login-config %s: provider %q: %w", path, p.ID, err)
			}
			lp.SAML = &c
		}
		out = append(out, lp)
	}
	return out, nil
}

// keyPair reads a PEM private key (PKCS #8, PKCS #1 or EC) and certificate.
func keyPair(keyPEM, certPEM []byte) (crypto.Signer, *x509.Certificate, error) {
	kb, _ := pem.Decode(keyPEM)
	cb, _ := pem.Decode(certPEM)
	if kb == nil || cb == nil {
		return nil, nil, errors.New("sp_key_file and sp_cert_file must be PEM files")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("sp_cert_file: %w", err)
	}
	var key any
	if key, err = x509.ParsePKCS8PrivateKey(kb.Bytes); err != nil {
		if key, err = x509.ParsePKCS1PrivateKey(kb.Bytes); err != nil {
			if key, err = x509.ParseECPrivateKey(kb.Bytes); err != nil {
				return nil, nil, errors.New("sp_key_file: not a PKCS #8, PKCS #1 or EC private key")
			}
		}
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, nil, errors.New("sp_key_file: the key cannot sign")
	}
	return signer, cert, nil
}

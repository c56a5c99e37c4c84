package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// OrganisationLogin is an organisation bound to a login provider (by the
// provider's id in the login configuration).
type OrganisationLogin struct {
	OrgID    int64
	OrgKind  string
	OrgCode  string
	OrgName  string
	Provider string
}

// SetOrganisationLogin binds an organisation to a login provider; an empty
// provider removes the binding.
func (t *Tx) SetOrganisationLogin(ctx context.Context, orgID int64, provider, by string) error {
	if provider == "" {
		_, err := t.exec(ctx, "DELETE FROM organisation_logins WHERE organisation_id = ?", orgID)
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO organisation_logins (organisation_id, provider, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (organisation_id) DO UPDATE SET provider = excluded.provider, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		orgID, provider, ts(t.now), by)
	if err != nil {
		return fmt.Errorf("store: bind organisation %d to login %s: %w", orgID, provider, err)
	}
	return nil
}

// OrganisationLoginOf returns the provider an organisation is bound to, or "".
func (t *Tx) OrganisationLoginOf(ctx context.Context, orgID int64) (string, error) {
	var p string
	err := t.queryRow(ctx, "SELECT provider FROM organisation_logins WHERE organisation_id = ?", orgID).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return p, err
}

// OrganisationLogins lists the bound organisations by kind and code.
func (t *Tx) OrganisationLogins(ctx context.Context) ([]OrganisationLogin, error) {
	rows, err := t.query(ctx, `SELECT o.id, o.kind, o.code, o.name, l.provider FROM organisation_logins l
		JOIN organisations o ON o.id = l.organisation_id ORDER BY o.kind, LENGTH(o.code), o.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrganisationLogin
	for rows.Next() {
		var l OrganisationLogin
		if err := rows.Scan(&l.OrgID, &l.OrgKind, &l.OrgCode, &l.OrgName, &l.Provider); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// LoginProvidersOfDomain returns the providers that organisations with
// users whose e-mail addresses end in @domain are bound to (normally one).
func (t *Tx) LoginProvidersOfDomain(ctx context.Context, domain string) ([]string, error) {
	domain = strings.ToLower(strings.TrimSpace(domain))
	if domain == "" || strings.ContainsAny(domain, "%_@\\") {
		return nil, nil
	}
	rows, err := t.query(ctx, `SELECT DISTINCT l.provider FROM organisation_logins l JOIN users u ON u.organisation_id = l.organisation_id
		WHERE u.active AND u.email LIKE ? ORDER BY l.provider`, "%@"+domain)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SessionLogout is what ending a session at its identity provider needs.
type SessionLogout struct {
	Provider string // the provider's id; "" for a password login
	Data     string // the ID token (OpenID Connect) or NameID and SessionIndex (SAML)
}

// SessionLogoutOf returns the provider data of the session with the token
// hash (zero if there is no such session).
func (t *Tx) SessionLogoutOf(ctx context.Context, hash string) (SessionLogout, error) {
	var l SessionLogout
	err := t.queryRow(ctx, "SELECT provider, provider_logout FROM sessions WHERE token_hash = ?", hash).Scan(&l.Provider, &l.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return SessionLogout{}, nil
	}
	return l, err
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/udrul/udrul/internal/model"
)

// ErrDuplicate is returned when a unique value (a user's e-mail) is taken.
var ErrDuplicate = errors.New("duplicate")

// User is a user's row: the domain's user and the password hash, which
// only the sign-in use cases read.
type User struct {
	model.User
	PasswordHash string // argon2id PHC string, "" when the user has no password
}

const userSelect = `SELECT u.id, u.email, u.name, u.role, u.password_hash, u.oidc_issuer, u.oidc_subject, u.active,
	u.created_at, u.updated_at,
	o.id, o.kind, o.category, o.code, o.name, COALESCE(o.parent_id, 0), o.region_code, o.region_name, o.population, o.area_km2
	FROM users u JOIN organisations o ON o.id = u.organisation_id`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	o := &u.Org
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.OIDCIssuer, &u.OIDCSubject, &u.Active,
		timestamp{&u.CreatedAt}, timestamp{&u.UpdatedAt},
		&o.ID, &o.Kind, &o.Category, &o.Code, &o.Name, &o.ParentID, &o.RegionCode, &o.RegionName, &o.Population, &o.AreaKm2)
	u.HasPassword = u.PasswordHash != ""
	return u, err
}

func (t *Tx) users(ctx context.Context, where string, args ...any) ([]User, error) {
	rows, err := t.query(ctx, userSelect+" "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// InsertUser creates u (with u.Org.ID set) and sets u.ID. A taken e-mail
// address is ErrDuplicate.
func (t *Tx) InsertUser(ctx context.Context, u *User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	err := t.queryRow(ctx, `INSERT INTO users (email, name, role, organisation_id, password_hash, oidc_issuer, oidc_subject, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Email, u.Name, u.Role, u.Org.ID, u.PasswordHash, u.OIDCIssuer, u.OIDCSubject, u.Active, ts(t.now), ts(t.now)).Scan(&u.ID)
	if IsUniqueViolation(err) {
		return fmt.Errorf("user %s: %w", u.Email, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("store: insert user %s: %w", u.Email, err)
	}
	u.CreatedAt, u.UpdatedAt = t.now, t.now
	return nil
}

// UpdateUser writes u's e-mail, name, role, organisation and active flag.
func (t *Tx) UpdateUser(ctx context.Context, u User) error {
	res, err := t.exec(ctx, `UPDATE users SET email = ?, name = ?, role = ?, organisation_id = ?, active = ?, updated_at = ? WHERE id = ?`,
		strings.ToLower(strings.TrimSpace(u.Email)), u.Name, u.Role, u.Org.ID, u.Active, ts(t.now), u.ID)
	if IsUniqueViolation(err) {
		return fmt.Errorf("user %s: %w", u.Email, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("store: update user %d: %w", u.ID, err)
	}
	return mustAffect(res, fmt.Sprintf("user %d", u.ID))
}

// SetPasswordHash replaces a user's password hash.
func (t *Tx) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	res, err := t.exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, ts(t.now), userID)
	if err != nil {
		return fmt.Errorf("store: set password of user %d: %w", userID, err)
	}
	return mustAffect(res, fmt.Sprintf("user %d", userID))
}

// SetOIDCSubject binds a user to an identity at an OpenID provider.
func (t *Tx) SetOIDCSubject(ctx context.Context, userID int64, issuer, subject string) error {
	_, err := t.exec(ctx, "UPDATE users SET oidc_issuer = ?, oidc_subject = ?, updated_at = ? WHERE id = ?", issuer, subject, ts(t.now), userID)
	if IsUniqueViolation(err) {
		return fmt.Errorf("oidc subject %s: %w", subject, ErrDuplicate)
	}
	return err
}

func mustAffect(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

// UserByID returns a user, or ErrNotFound.
func (t *Tx) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(t.queryRow(ctx, userSelect+" WHERE u.id = ?", id))
	return u, notFound(err, fmt.Sprintf("user %d", id))
}

// UserByEmail returns the user with the e-mail address (any case), or ErrNotFound.
func (t *Tx) UserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(t.queryRow(ctx, userSelect+" WHERE u.email = ?", strings.ToLower(strings.TrimSpace(email))))
	return u, notFound(err, "user "+email)
}

// UserByOIDCSubject returns the user bound to an identity at a provider, or ErrNotFound.
func (t *Tx) UserByOIDCSubject(ctx context.Context, issuer, subject string) (User, error) {
	if subject == "" {
		return User{}, fmt.Errorf("empty subject: %w", ErrNotFound)
	}
	u, err := scanUser(t.queryRow(ctx, userSelect+" WHERE u.oidc_issuer = ? AND u.oidc_subject = ?", issuer, subject))
	return u, notFound(err, "oidc user "+subject)
}

// Users lists every user, by organisation kind, organisation name and name.
func (t *Tx) Users(ctx context.Context) ([]User, error) {
	return t.users(ctx, `ORDER BY CASE o.kind WHEN 'central' THEN 0 WHEN 'leverandoer' THEN 1 WHEN 'kommune' THEN 2 ELSE 3 END, o.name, u.name, u.id`)
}

// UsersOfOrganisations lists the active users of the given organisations by name.
func (t *Tx) UsersOfOrganisations(ctx context.Context, orgIDs ...int64) ([]User, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(orgIDs))
	for i, id := range orgIDs {
		args[i] = id
	}
	return t.users(ctx, "WHERE u.active AND u.organisation_id IN (?"+strings.Repeat(", ?", len(orgIDs)-1)+") ORDER BY u.name, u.id", args...)
}

// OrganisationByID returns an organisation, or ErrNotFound.
func (t *Tx) OrganisationByID(ctx context.Context, id int64) (model.Organisation, error) {
	var o model.Organisation
	err := scanOrg(t.queryRow(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", id), &o)
	return o, notFound(err, fmt.Sprintf("organisation %d", id))
}

// OrganisationsWithUsers counts users per organisation, for organisations
// that have any.
func (t *Tx) OrganisationsWithUsers(ctx context.Context) (map[int64]int, error) {
	rows, err := t.query(ctx, "SELECT organisation_id, COUNT(*) FROM users GROUP BY organisation_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

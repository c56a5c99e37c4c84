package store

import (
	"context"
	"fmt"
	"time"

	"github.com/udrul/udrul/internal/model"
)

// Session is a signed-in browser. Only the hash of its token is stored.
type Session struct {
	ID         int64
	TokenHash  string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute expiry
	Method     string    // password, oidc or saml
	IP         string
	UserAgent  string
	Logout     SessionLogout // the identity provider the session came through
}

// InsertSession stores a new session and sets s.ID.
func (t *Tx) InsertSession(ctx context.Context, s *Session) error {
	err := t.queryRow(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, method, ip, user_agent, provider, provider_logout)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.TokenHash, s.UserID, ts(s.CreatedAt), ts(s.LastSeenAt), ts(s.ExpiresAt), s.Method, s.IP, s.UserAgent, s.Logout.Provider, s.Logout.Data).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("store: insert session: %w", err)
	}
	return nil
}

// SessionByHash returns the session with the token hash and its user, or ErrNotFound.
func (t *Tx) SessionByHash(ctx context.Context, hash string) (Session, User, error) {
	var s Session
	var u User
	o := &u.Org
	err := t.queryRow(ctx, `SELECT s.id, s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.method, s.ip, s.user_agent,
		u.id, u.email, u.name, u.role, u.password_hash, u.oidc_issuer, u.oidc_subject, u.active, u.created_at, u.updated_at,
		o.id, o.kind, o.category, o.code, o.name, COALESCE(o.parent_id, 0), o.region_code, o.region_name, o.population, o.area_km2
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id
		WHERE s.token_hash = ?`, hash).Scan(
		&s.ID, &s.TokenHash, &s.UserID, timestamp{&s.CreatedAt}, timestamp{&s.LastSeenAt}, timestamp{&s.ExpiresAt}, &s.Method, &s.IP, &s.UserAgent,
		&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.OIDCIssuer, &u.OIDCSubject, &u.Active, timestamp{&u.CreatedAt}, timestamp{&u.UpdatedAt},
		&o.ID, &o.Kind, &o.Category, &o.Code, &o.Name, &o.ParentID, &o.RegionCode, &o.RegionName, &o.Population, &o.AreaKm2)
	u.HasPassword = u.PasswordHash != ""
	return s, u, notFound(err, "session")
}

// TouchSession records that a session was used at t.Now().
func (t *Tx) TouchSession(ctx context.Context, id int64) error {
	_, err := t.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", ts(t.now), id)
	return err
}

// DeleteSession removes a session (logout). Removing one that is gone is not an error.
func (t *Tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := t.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hash)
	return err
}

// DeleteSessionsOfUser signs a user out everywhere.
func (t *Tx) DeleteSessionsOfUser(ctx context.Context, userID int64) error {
	_, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
	return err
}

// DeleteOtherSessions signs a user out of every session but keep.
func (t *Tx) DeleteOtherSessions(ctx context.Context, userID, keep int64) error {
	_, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", userID, keep)
	return err
}

// DeleteStaleSessions removes sessions past their absolute expiry or idle
// since before idleBefore, and returns how many.
func (t *Tx) DeleteStaleSessions(ctx context.Context, idleBefore time.Time) (int64, error) {
	res, err := t.exec(ctx, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?", ts(t.now), ts(idleBefore))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// APIToken is a personal API token. Only the hash of the token is stored.
type APIToken struct {
	model.APIToken
	TokenHash string
}

// API token scopes.
const (
	TokenRead  = "read"  // GET and HEAD only
	TokenWrite = "write" // whatever the user may
)

// InsertAPIToken stores a token and sets tok.ID.
func (t *Tx) InsertAPIToken(ctx context.Context, tok *APIToken) error {
	err := t.queryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, hint, created_at, created_by, scope) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		tok.UserID, tok.Name, tok.TokenHash, tok.Hint, ts(t.now), tok.CreatedBy, tok.Scope).Scan(&tok.ID)
	if IsUniqueViolation(err) {
		return fmt.Errorf("api token: %w", ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("store: insert api token: %w", err)
	}
	tok.CreatedAt = t.now
	return nil
}

// APITokenByHash returns an active (not revoked) token and its user, or ErrNotFound.
func (t *Tx) APITokenByHash(ctx context.Context, hash string) (APIToken, User, error) {
	var tok APIToken
	var u User
	o := &u.Org
	err := t.queryRow(ctx, `SELECT k.id, k.user_id, k.name, k.token_hash, k.hint, k.created_at, k.created_by, k.last_used_at, k.scope,
		u.id, u.email, u.name, u.role, u.password_hash, u.oidc_issuer, u.oidc_subject, u.active, u.created_at, u.updated_at,
		o.id, o.kind, o.category, o.code, o.name, COALESCE(o.parent_id, 0), o.region_code, o.region_name, o.population, o.area_km2
		FROM api_tokens k JOIN users u ON u.id = k.user_id JOIN organisations o ON o.id = u.organisation_id
		WHERE k.token_hash = ? AND k.revoked_at IS NULL`, hash).Scan(
		&tok.ID, &tok.UserID, &tok.Name, &tok.TokenHash, &tok.Hint, timestamp{&tok.CreatedAt}, &tok.CreatedBy, timestamp{&tok.LastUsedAt}, &tok.Scope,
		&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.OIDCIssuer, &u.OIDCSubject, &u.Active, timestamp{&u.CreatedAt}, timestamp{&u.UpdatedAt},
		&o.ID, &o.Kind, &o.Category, &o.Code, &o.Name, &o.ParentID, &o.RegionCode, &o.RegionName, &o.Population, &o.AreaKm2)
	u.HasPassword = u.PasswordHash != ""
	return tok, u, notFound(err, "api token")
}

// APITokens lists a user's tokens, revoked ones included, newest first.
func (t *Tx) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := t.query(ctx, `SELECT id, user_id, name, token_hash, hint, created_at, created_by, last_used_at, revoked_at, scope
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var k APIToken
		if err := rows.Scan(&k.ID, &k.UserID, &k.Name, &k.TokenHash, &k.Hint, timestamp{&k.CreatedAt}, &k.CreatedBy,
			timestamp{&k.LastUsedAt}, timestamp{&k.RevokedAt}, &k.Scope); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes a user's token; ErrNotFound if the user has no
// such active token.
func (t *Tx) RevokeAPIToken(ctx context.Context, userID, tokenID int64) error {
	res, err := t.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", ts(t.now), tokenID, userID)
	if err != nil {
		return err
	}
	return mustAffect(res, fmt.Sprintf("api token %d", tokenID))
}

// RevokeAPITokensOfUser revokes every token of a user.
func (t *Tx) RevokeAPITokensOfUser(ctx context.Context, userID int64) error {
	_, err := t.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", ts(t.now), userID)
	return err
}

// TouchAPIToken records that a token was used at t.Now().
func (t *Tx) TouchAPIToken(ctx context.Context, id int64) error {
	_, err := t.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", ts(t.now), id)
	return err
}

// RecordLoginFailure notes a failed login attempt under key.
func (t *Tx) RecordLoginFailure(ctx context.Context, key string) error {
	_, err := t.exec(ctx, "INSERT INTO login_failures (key, at) VALUES (?, ?)", key, ts(t.now))
	return err
}

// LoginFailures counts the failures under key since since, and returns the
// oldest of them (zero if none).
func (t *Tx) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest time.Time
	err := t.queryRow(ctx, "SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = ? AND at > ?", key, ts(since)).Scan(&n, timestamp{&oldest})
	return n, oldest, err
}

// ClearLoginFailures forgets the failures under key (after a successful login).
func (t *Tx) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := t.exec(ctx, "DELETE FROM login_failures WHERE key = ?", key)
	return err
}

// PruneLoginFailures forgets failures older than before.
func (t *Tx) PruneLoginFailures(ctx context.Context, before time.Time) error {
	_, err := t.exec(ctx, "DELETE FROM login_failures WHERE at <= ?", ts(before))
	return err
}

// TaskScope is what the access policy needs to know about a task instance.
type TaskScope struct {
	MunicipalityID int64
	InstitutionID  int64
	Responsible    string
	DelegateID     int64
	Withdrawn      bool
	AddOnSupplier  string // the supplier of the add-on that brought the task; "" for catalogue tasks
}

// TaskScopeOf returns a task instance's scope, or ErrNotFound.
func (t *Tx) TaskScopeOf(ctx context.Context, id int64) (TaskScope, error) {
	var s TaskScope
	err := t.queryRow(ctx, `SELECT p.organisation_id, COALESCE(i.institution_id, 0), c.responsible, COALESCE(i.delegate_id, 0), i.withdrawn,
		COALESCE(a.supplier, '')
		FROM task_instances i JOIN plans p ON p.id = i.plan_id JOIN catalogue_tasks c ON c.id = i.catalogue_task_id
		LEFT JOIN addons a ON a.id = c.addon_id
		WHERE i.id = ?`, id).Scan(&s.MunicipalityID, &s.InstitutionID, &s.Responsible, &s.DelegateID, &s.Withdrawn, &s.AddOnSupplier)
	return s, notFound(err, fmt.Sprintf("task %d", id))
}

// SetDelegate sets (userID > 0) or clears (0) the person a task instance is
// delegated to.
func (t *Tx) SetDelegate(ctx context.Context, instanceID, userID int64) error {
	var d any
	if userID != 0 {
		d = userID
	}
	res, err := t.exec(ctx, "UPDATE task_instances SET delegate_id = ? WHERE id = ?", d, instanceID)
	if err != nil {
		return fmt.Errorf("store: delegate task %d: %w", instanceID, err)
	}
	return mustAffect(res, fmt.Sprintf("task %d", instanceID))
}

// SetDelegateIf delegates like SetDelegate if the task is still delegated
// to expected (0: to nobody); ErrConflict if someone changed it meanwhile.
func (t *Tx) SetDelegateIf(ctx context.Context, instanceID, userID, expected int64) error {
	var d any
	if userID != 0 {
		d = userID
	}
	res, err := t.exec(ctx, "UPDATE task_instances SET delegate_id = ? WHERE id = ? AND COALESCE(delegate_id, 0) = ?", d, instanceID, expected)
	if err != nil {
		return fmt.Errorf("store: delegate task %d: %w", instanceID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("task %d is no longer delegated to user %d: %w", instanceID, expected, ErrConflict)
	}
	return nil
}

// ClearDelegations removes every delegation to a user (when they are
// deactivated or move to another organisation) and returns the tasks that had one.
func (t *Tx) ClearDelegations(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := t.query(ctx, "SELECT id FROM task_instances WHERE delegate_id = ? ORDER BY id", userID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	_, err = t.exec(ctx, "UPDATE task_instances SET delegate_id = NULL WHERE delegate_id = ?", userID)
	return ids, err
}

// DelegatedTask is a task instance delegated to someone, with where it belongs.
type DelegatedTask struct {
	model.TaskInstance
	ProgrammeKey     string
	ProgrammeName    string
	WarningDays      int
	MunicipalityCode string
	MunicipalityName string
}

// InstancesDelegatedTo lists the live task instances delegated to a user,
// soonest deadline first.
func (t *Tx) InstancesDelegatedTo(ctx context.Context, userID int64) ([]DelegatedTask, error) {
	rows, err := t.query(ctx, `SELECT x.id, pr.key, pr.name, pr.warning_days, m.code, m.name
		FROM task_instances x JOIN plans p ON p.id = x.plan_id JOIN programmes pr ON pr.id = p.programme_id
		JOIN organisations m ON m.id = p.organisation_id
		WHERE x.delegate_id = ? AND NOT x.withdrawn ORDER BY x.end_date, x.id`, userID)
	if err != nil {
		return nil, err
	}
	var out []DelegatedTask
	for rows.Next() {
		var d DelegatedTask
		if err := rows.Scan(&d.ID, &d.ProgrammeKey, &d.ProgrammeName, &d.WarningDays, &d.MunicipalityCode, &d.MunicipalityName); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		x, err := t.Instance(ctx, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].TaskInstance = x
	}
	return out, nil
}

// DelegateOf returns the user a task instance is delegated to (ok false if none).
func (t *Tx) DelegateOf(ctx context.Context, instanceID int64) (User, bool, error) {
	s, err := t.TaskScopeOf(ctx, instanceID)
	if err != nil || s.DelegateID == 0 {
		return User{}, false, err
	}
	u, err := t.UserByID(ctx, s.DelegateID)
	return u, err == nil, err
}

// SetWarningDays changes a programme's warning window (working days before
// a not-started task's end date at which it turns yellow).
func (t *Tx) SetWarningDays(ctx context.Context, programmeID int64, days int) error {
	res, err := t.exec(ctx, "UPDATE programmes SET warning_days = ? WHERE id = ?", days, programmeID)
	if err != nil {
		return fmt.Errorf("store: set warning days: %w", err)
	}
	return mustAffect(res, fmt.Sprintf("programme %d", programmeID))
}

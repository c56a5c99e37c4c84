package app

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/udrul/udrul/internal/access"
	"github.com/udrul/udrul/internal/auth"
	"github.com/udrul/udrul/internal/model"
	"github.com/udrul/udrul/internal/orgs"
	"github.com/udrul/udrul/internal/store"
)

// Session lifetimes. A session ends after IdleTimeout without use or
// AbsoluteTimeout after sign-in, whichever comes first. Use is recorded at
// most every touchEvery, so reading pages does not write on every request.
const (
	IdleTimeout     = 2 * time.Hour
	AbsoluteTimeout = 12 * time.Hour
	touchEvery      = time.Minute
)

// Login throttling: failed attempts are counted in the database (so every
// server instance sees them) per account and per client address within
// ThrottleWindow; at the limit, logins are refused – even with the right
// password – until the oldest failure leaves the window.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxAccountFailures = 5
	MaxIPFailures      = 30
)

// Identity is a signed-in user: who they are and what the policy knows of them.
type Identity struct {
	User    model.User
	Subject access.Subject
	// Method is how this request was authenticated: "session" or "token".
	Method string
	// SessionID is the session's row, 0 for token requests.
	SessionID int64
	// ReadOnly: a read-only API token; the server refuses it every request
	// but GET and HEAD.
	ReadOnly bool
	// system marks udrul acting by itself (System).
	system bool
}

// System is the caller for work udrul does by itself under a name, such as
// the demo's simulated project leads: the policy does not restrict it, and
// histories show the name. A nil *Identity is the same, named "system".
func System(name string) *Identity {
	return &Identity{User: model.User{Name: name}, Method: "system", system: true}
}

// unrestricted reports whether by is udrul itself rather than a person.
func unrestricted(by *Identity) bool { return by == nil || by.system }

// Actor is how the user appears in histories: name and organisation.
func (id *Identity) Actor() string {
	if id.system {
		return id.User.Name
	}
	return fmt.Sprintf("%s (%s)", id.User.Name, id.User.Org.Name)
}

func subjectOf(u model.User) access.Subject {
	s := access.Subject{UserID: u.ID, Role: access.Role(u.Role), OrgID: u.Org.ID, OrgName: u.Org.Name}
	switch u.Org.Kind {
	case model.OrgMunicipality:
		s.MunicipalityID = u.Org.ID
	case model.OrgInstitution:
		s.MunicipalityID = u.Org.ParentID
	}
	return s
}

func identityOf(u store.User, method string) *Identity {
	return &Identity{User: u.User, Subject: subjectOf(u.User), Method: method}
}

func unauthenticated(format string, args ...any) *Error {
	return &Error{Code: CodeUnauthenticated, Message: fmt.Sprintf(format, args...)}
}

func forbidden(format string, args ...any) *Error {
	return &Error{Code: CodeForbidden, Message: fmt.Sprintf(format, args...)}
}

// Forbidden returns a forbidden error with a Danish message, for callers
// that check the policy themselves.
func Forbidden(msg string) error { return forbidden("%s", msg) }

// Unauthenticated returns an unauthenticated error with a Danish message.
func Unauthenticated(msg string) error { return unauthenticated("%s", msg) }

// ReadOnlyToken is the refusal of a change made with a read-only API token.
func ReadOnlyToken() error {
	return forbidden("API-nøglen må kun læse; lav en nøgle, der også må ændre, under Min konto")
}

// NewUser is a user to create. Org is the organisation's code; its kind
// follows from the role (a municipality code for municipal roles, an
// institution code for a tovholder, …).
type NewUser struct {
	Email    string
	Name     string
	Role     access.Role
	Org      string
	Password string // may be empty for users who sign in with OpenID Connect only
}

func cleanEmail(e string) (string, error) {
	e = strings.ToLower(strings.TrimSpace(e))
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || !strings.Contains(e, "@") || len(e) > 254 {
		return "", invalid("%q er ikke en gyldig e-mailadresse", e)
	}
	return e, nil
}

func (a *UserService) orgForRole(ctx context.Context, tx *store.Tx, role access.Role, code string) (model.Organisation, error) {
	if !role.Valid() {
		return model.Organisation{}, invalid("ukendt rolle %q", role)
	}
	code = strings.TrimSpace(code)
	o, err := tx.OrganisationByCode(ctx, role.OrgKind(), code)
	if errors.Is(err, store.ErrNotFound) {
		return o, invalid("rollen %q hører til en organisation af typen %q, og der er ingen med koden %q", role.Label(), role.OrgKind(), code)
	}
	return o, err
}

// CreateUser creates a user.
func (a *UserService) CreateUser(ctx context.Context, nu NewUser) (model.User, error) {
	email, err := cleanEmail(nu.Email)
	if err != nil {
		return model.User{}, err
	}
	name := strings.TrimSpace(nu.Name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return model.User{}, invalid("navnet skal udfyldes (højst 200 tegn)")
	}
	u := store.User{User: model.User{Email: email, Name: name, Role: string(nu.Role), Active: true}}
	if nu.Password != "" {
		if err := auth.CheckNewPassword(nu.Password); err != nil {
			return model.User{}, invalid("%v", err)
		}
		if u.PasswordHash, err = auth.HashPassword(nu.Password); err != nil {
			return model.User{}, err
		}
	}
	err = a.write(ctx, func(tx *store.Tx) error {
		if u.Org, err = a.orgForRole(ctx, tx, nu.Role, nu.Org); err != nil {
			return err
		}
		if err := tx.InsertUser(ctx, &u); errors.Is(err, store.ErrDuplicate) {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf("der findes allerede en bruger med e-mailadressen %s", email)}
		} else if err != nil {
			return err
		}
		return nil
	})
	u.HasPassword = u.PasswordHash != ""
	return u.User, err
}

// UserChange is an administrator's change of a user.
type UserChange struct {
	Name   string
	Email  string
	Role   access.Role
	Org    string // organisation code, see NewUser
	Active bool
}

// UpdateUser changes a user's name, e-mail, role, organisation or active
// flag. A user who is deactivated or moves to another organisation is
// signed out everywhere and loses the delegations they had; a deactivated
// user's API tokens and personal calendar feeds are revoked. Administrators cannot demote or deactivate
// themselves, so the programme always keeps one.
func (a *UserService) UpdateUser(ctx context.Context, by *Identity, id int64, ch UserChange) (model.User, error) {
	var u store.User
	email, err := cleanEmail(ch.Email)
	if err != nil {
		return u.User, err
	}
	name := strings.TrimSpace(ch.Name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return u.User, invalid("navnet skal udfyldes (højst 200 tegn)")
	}
	if by != nil && by.User.ID == id && (!ch.Active || ch.Role != access.Admin) {
		return u.User, invalid("du kan ikke fjerne din egen administratorrolle eller deaktivere dig selv")
	}
	err = a.write(ctx, func(tx *store.Tx) error {
		old, err := tx.UserByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("brugeren findes ikke")
		} else if err != nil {
			return err
		}
		u = old
		u.Name, u.Email, u.Role, u.Active = name, email, string(ch.Role), ch.Active
		if u.Org, err = a.orgForRole(ctx, tx, ch.Role, ch.Org); err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, u); errors.Is(err, store.ErrDuplicate) {
			return &Error{Code: CodeConflict, Message: fmt.Sprintf("der findes allerede en bruger med e-mailadressen %s", email)}
		} else if err != nil {
			return err
		}
		if !u.Active || u.Org.ID != old.Org.ID || u.Role != old.Role {
			if err := tx.DeleteSessionsOfUser(ctx, id); err != nil {
				return err
			}
		}
		if !u.Active {
			if err := tx.RevokeAPITokensOfUser(ctx, id); err != nil {
				return err
			}
			if err := tx.RevokeFeedsOfUser(ctx, id); err != nil {
				return err
			}
		}
		if !u.Active || u.Org.ID != old.Org.ID {
			ids, err := tx.ClearDelegations(ctx, id)
			if err != nil {
				return err
			}
			return appendDelegationEvents(ctx, tx, ids, actorOf(by), "Delegering til "+old.Name+" ophævet (brugeren er ændret)")
		}
		return nil
	})
	return u.User, err
}

func actorOf(by *Identity) string {
	if by == nil {
		return "system"
	}
	return by.Actor()
}

// SetPassword sets a user's password (an administrator's reset), signs
// them out everywhere and revokes their API tokens: a reset is what an
// administrator does when an account may be in the wrong hands, and a
// token acts exactly like its owner.
func (a *UserService) SetPassword(ctx context.Context, id int64, password string) error {
	if err := auth.CheckNewPassword(password); err != nil {
		return invalid("%v", err)
	}
	h, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return a.write(ctx, func(tx *store.Tx) error {
		if err := tx.SetPasswordHash(ctx, id, h); errors.Is(err, store.ErrNotFound) {
			return notFound("brugeren findes ikke")
		} else if err != nil {
			return err
		}
		if err := tx.DeleteSessionsOfUser(ctx, id); err != nil {
			return err
		}
		return tx.RevokeAPITokensOfUser(ctx, id)
	})
}

// ChangeOwnPassword lets a user change their password, knowing the current one.
// Their other sessions end; the current one stays. With revokeTokens their
// API tokens are revoked too; the user chooses, since scripts may run on
// tokens they know are safe.
func (a *UserService) ChangeOwnPassword(ctx context.Context, id *Identity, current, next string, revokeTokens bool) error {
	var u store.User
	if err := a.read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.UserByID(ctx, id.User.ID)
		return err
	}); err != nil {
		return err
	}
	if u.PasswordHash == "" || auth.VerifyPassword(u.PasswordHash, current) != nil {
		return invalid("den nuværende adgangskode er forkert")
	}
	if err := auth.CheckNewPassword(next); err != nil {
		return invalid("%v", err)
	}
	h, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	return a.write(ctx, func(tx *store.Tx) error {
		if err := tx.SetPasswordHash(ctx, id.User.ID, h); err != nil {
			return err
		}
		if revokeTokens {
			if err := tx.RevokeAPITokensOfUser(ctx, id.User.ID); err != nil {
				return err
			}
		}
		return tx.DeleteOtherSessions(ctx, id.User.ID, id.SessionID)
	})
}

// Users lists every user.
func (a *UserService) Users(ctx context.Context) ([]model.User, error) {
	var out []model.User
	err := a.read(ctx, func(tx *store.Tx) error {
		us, err := tx.Users(ctx)
		for _, u := range us {
			out = append(out, u.User)
		}
		return err
	})
	return out, err
}

// User returns one user.
func (a *UserService) User(ctx context.Context, id int64) (model.User, error) {
	var u store.User
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.UserByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("brugeren findes ikke")
		}
		return err
	})
	return u.User, err
}

// OrganisationSummary is an organisation in the administration's list.
type OrganisationSummary struct {
	model.Organisation
	Institutions int
	Users        int
}

// OrganisationList lists central organisations, suppliers and
// municipalities with their number of institutions and users.
func (a *UserService) OrganisationList(ctx context.Context) ([]OrganisationSummary, error) {
	var out []OrganisationSummary
	err := a.read(ctx, func(tx *store.Tx) error {
		users, err := tx.OrganisationsWithUsers(ctx)
		if err != nil {
			return err
		}
		// One query for all ~4,300 institutions rather than one per municipality.
		insts, err := tx.Organisations(ctx, model.OrgInstitution)
		if err != nil {
			return err
		}
		instCount, instUsers := map[int64]int{}, map[int64]int{}
		for _, in := range insts {
			instCount[in.ParentID]++
			instUsers[in.ParentID] += users[in.ID]
		}
		for _, k := range []model.OrgKind{model.OrgCentral, model.OrgSupplier, model.OrgMunicipality} {
			os, err := tx.Organisations(ctx, k)
			if err != nil {
				return err
			}
			for _, o := range os {
				out = append(out, OrganisationSummary{Organisation: o, Users: users[o.ID] + instUsers[o.ID], Institutions: instCount[o.ID]})
			}
		}
		return nil
	})
	return out, err
}

// Login signs a user in with e-mail and password and returns the new
// session's token (for the cookie). ip is the client's address, for
// throttling. Wrong credentials and unknown addresses give the same answer.
func (a *UserService) Login(ctx context.Context, email, password, ip, userAgent string) (string, *Identity, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	acctKey, ipKey := "konto:"+email, "ip:"+ip
	if err := a.checkThrottle(ctx, acctKey, MaxAccountFailures, ipKey, MaxIPFailures); err != nil {
		auth.BurnTime(password)
		return "", nil, err
	}
	var u store.User
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.UserByEmail(ctx, email)
		return err
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", nil, err
	}
	ok := false
	if err == nil && u.PasswordHash != "" {
		ok = auth.VerifyPassword(u.PasswordHash, password) == nil
	} else {
		auth.BurnTime(password)
	}
	if !ok || !u.Active {
		if werr := a.write(ctx, func(tx *store.Tx) error {
			if err := tx.RecordLoginFailure(ctx, acctKey); err != nil {
				return err
			}
			return tx.RecordLoginFailure(ctx, ipKey)
		}); werr != nil {
			return "", nil, werr
		}
		if ok && !u.Active {
			return "", nil, unauthenticated("din bruger er deaktiveret; kontakt en administrator")
		}
		return "", nil, unauthenticated("forkert e-mailadresse eller adgangskode")
	}
	return a.startSession(ctx, u, "password", ip, userAgent, acctKey)
}

func (a *UserService) checkThrottle(ctx context.Context, keysAndLimits ...any) error {
	now := a.now()
	var wait time.Duration
	err := a.read(ctx, func(tx *store.Tx) error {
		for i := 0; i < len(keysAndLimits); i += 2 {
			key, limit := keysAndLimits[i].(string), keysAndLimits[i+1].(int)
			n, oldest, err := tx.LoginFailures(ctx, key, now.Add(-ThrottleWindow))
			if err != nil {
				return err
			}
			if n >= limit {
				wait = max(wait, oldest.Add(ThrottleWindow).Sub(now))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if wait > 0 {
		minutes := int(wait.Round(time.Minute) / time.Minute)
		if minutes < 1 {
			minutes = 1
		}
		return &Error{Code: CodeThrottled, Message: fmt.Sprintf(
			"for mange mislykkede loginforsøg; af hensyn til sikkerheden er login spærret i %d minut%s. Prøv igen derefter", minutes, plural(minutes, "", "ter"))}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (a *UserService) startSession(ctx context.Context, u store.User, method, ip, userAgent, clearKey string, logout ...store.SessionLogout) (string, *Identity, error) {
	token, err := auth.NewToken("udrul_s_")
	if err != nil {
		return "", nil, err
	}
	now := a.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	s := store.Session{TokenHash: auth.HashToken(token), UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(AbsoluteTimeout), Method: method, IP: ip, UserAgent: userAgent}
	if len(logout) > 0 {
		s.Logout = logout[0]
	}
	err = a.write(ctx, func(tx *store.Tx) error {
		if clearKey != "" {
			if err := tx.ClearLoginFailures(ctx, clearKey); err != nil {
				return err
			}
		}
		if err := tx.PruneLoginFailures(ctx, now.Add(-ThrottleWindow)); err != nil {
			return err
		}
		if _, err := tx.DeleteStaleSessions(ctx, now.Add(-IdleTimeout)); err != nil {
			return err
		}
		return tx.InsertSession(ctx, &s)
	})
	if err != nil {
		return "", nil, err
	}
	id := identityOf(u, "session")
	id.SessionID = s.ID
	return token, id, nil
}

// SessionIdentity returns the user of a session token, refusing sessions
// that are unknown, expired, idle too long, or whose user is deactivated.
func (a *UserService) SessionIdentity(ctx context.Context, token string) (*Identity, error) {
	if token == "" {
		return nil, unauthenticated("du er ikke logget ind")
	}
	hash := auth.HashToken(token)
	var s store.Session
	var u store.User
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		s, u, err = tx.SessionByHash(ctx, hash)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, unauthenticated("din session er udløbet; log ind igen")
	} else if err != nil {
		return nil, err
	}
	now := a.now()
	if !u.Active || !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) >= IdleTimeout {
		a.write(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, hash) })
		return nil, unauthenticated("din session er udløbet; log ind igen")
	}
	if now.Sub(s.LastSeenAt) >= touchEvery {
		if err := a.write(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, s.ID) }); err != nil {
			return nil, err
		}
	}
	id := identityOf(u, "session")
	id.SessionID = s.ID
	return id, nil
}

// Logout ends the session with the token and returns the identity
// provider it came through, if any, so that the caller can end the login
// there too.
func (a *UserService) Logout(ctx context.Context, token string) (ProviderLogout, error) {
	var l store.SessionLogout
	if token == "" {
		return ProviderLogout{}, nil
	}
	err := a.write(ctx, func(tx *store.Tx) (err error) {
		hash := auth.HashToken(token)
		if l, err = tx.SessionLogoutOf(ctx, hash); err != nil {
			return err
		}
		return tx.DeleteSession(ctx, hash)
	})
	return ProviderLogout(l), err
}

// TokenIdentity returns the owner of an API token.
func (a *UserService) TokenIdentity(ctx context.Context, token string) (*Identity, error) {
	var k store.APIToken
	var u store.User
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		k, u, err = tx.APITokenByHash(ctx, auth.HashToken(token))
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, unauthenticated("API-nøglen er ukendt eller tilbagekaldt")
	} else if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, unauthenticated("brugeren bag API-nøglen er deaktiveret")
	}
	if now := a.now(); now.Sub(k.LastUsedAt) >= touchEvery {
		if err := a.write(ctx, func(tx *store.Tx) error { return tx.TouchAPIToken(ctx, k.ID) }); err != nil {
			return nil, err
		}
	}
	id := identityOf(u, "token")
	id.ReadOnly = k.Scope == store.TokenRead
	return id, nil
}

// CreateAPIToken makes a new personal API token for a user and returns it;
// it is shown once and only its hash is kept. scope is store.TokenRead (the
// token only reads) or store.TokenWrite.
func (a *UserService) CreateAPIToken(ctx context.Context, userID int64, name, scope string, by *Identity) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "", invalidField("name", "giv nøglen et navn (højst 100 tegn), så du kan kende den igen")
	}
	if scope != store.TokenRead && scope != store.TokenWrite {
		return "", invalidField("scope", "vælg, om nøglen kun må læse eller også må ændre")
	}
	token, err := auth.NewToken("udrul_pat_")
	if err != nil {
		return "", err
	}
	return token, a.insertToken(ctx, userID, name, token, scope, actorOf(by))
}

// EnsureAPIToken makes token an API token of the user unless it already
// is one (the demo's --admin-token).
func (a *UserService) EnsureAPIToken(ctx context.Context, userID int64, name, token string) error {
	if len(token) < 16 {
		return invalid("en API-nøgle skal have mindst 16 tegn")
	}
	err := a.read(ctx, func(tx *store.Tx) error {
		k, _, err := tx.APITokenByHash(ctx, auth.HashToken(token))
		if err == nil && k.UserID != userID {
			return &Error{Code: CodeConflict, Message: "nøglen tilhører en anden bruger"}
		}
		return err
	})
	if err == nil {
		return nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return a.insertToken(ctx, userID, name, token, store.TokenWrite, "system")
}

func (a *UserService) insertToken(ctx context.Context, userID int64, name, token, scope, by string) error {
	k := store.APIToken{APIToken: model.APIToken{UserID: userID, Name: name, Hint: token[len(token)-4:], CreatedBy: by, Scope: scope},
		TokenHash: auth.HashToken(token)}
	return a.write(ctx, func(tx *store.Tx) error {
		if _, err := tx.UserByID(ctx, userID); errors.Is(err, store.ErrNotFound) {
			return notFound("brugeren findes ikke")
		} else if err != nil {
			return err
		}
		if err := tx.InsertAPIToken(ctx, &k); errors.Is(err, store.ErrDuplicate) {
			return &Error{Code: CodeConflict, Message: "nøglen findes allerede (tilbagekaldt eller hos en anden bruger)"}
		} else if err != nil {
			return err
		}
		return nil
	})
}

// APITokens lists a user's API tokens (never the tokens themselves).
func (a *UserService) APITokens(ctx context.Context, userID int64) ([]model.APIToken, error) {
	var out []model.APIToken
	err := a.read(ctx, func(tx *store.Tx) error {
		ks, err := tx.APITokens(ctx, userID)
		for _, k := range ks {
			out = append(out, k.APIToken)
		}
		return err
	})
	return out, err
}

// RevokeAPIToken revokes one of a user's tokens.
func (a *UserService) RevokeAPIToken(ctx context.Context, userID, tokenID int64) error {
	return a.write(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeAPIToken(ctx, userID, tokenID); errors.Is(err, store.ErrNotFound) {
			return notFound("nøglen findes ikke eller er allerede tilbagekaldt")
		} else if err != nil {
			return err
		}
		return nil
	})
}

// SetWarningDays changes a programme's warning window (in working days).
func (a *UserService) SetWarningDays(ctx context.Context, programmeKey string, days int) error {
	if days < 0 || days > 60 {
		return invalid("varslingsperioden skal være mellem 0 og 60 arbejdsdage")
	}
	return a.write(ctx, func(tx *store.Tx) error {
		p, err := a.programme(ctx, tx, programmeKey)
		if err != nil {
			return err
		}
		return tx.SetWarningDays(ctx, p.ID, days)
	})
}

// EnsureCentralOrganisations creates the central organisations
// (orgs.Central) if missing.
func (a *UserService) EnsureCentralOrganisations(ctx context.Context) error {
	return a.write(ctx, func(tx *store.Tx) error {
		for _, c := range orgs.Central {
			if _, err := tx.OrganisationByCode(ctx, c.Kind, c.Code); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			o := c.Model()
			if err := tx.UpsertOrganisation(ctx, &o); err != nil {
				return err
			}
		}
		return nil
	})
}

// IdentityByEmail returns a user's identity without a session, for the
// program acting on a user's behalf (the demo's delegations).
func (a *UserService) IdentityByEmail(ctx context.Context, email string) (*Identity, error) {
	var u store.User
	err := a.read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.UserByEmail(ctx, email)
		if errors.Is(err, store.ErrNotFound) {
			return notFound("der er ingen bruger med e-mailadressen %s", email)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return identityOf(u, "system"), nil
}

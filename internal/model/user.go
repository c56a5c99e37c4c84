package model

import "time"

// User is a person who signs in to udrul, as the rest of the program sees
// them. The password hash stays in the store (store.User), so that it can
// never reach a page or a response.
type User struct {
	ID          int64
	Email       string // lower case
	Name        string
	Role        string // an access.Role
	Org         Organisation
	OIDCIssuer  string
	OIDCSubject string
	Active      bool
	// HasPassword is whether the user signs in with a password (rather
	// than only with the municipality's identity provider).
	HasPassword bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// APIToken is a user's personal API token as the program shows it: its
// name and last four characters, never the token or its hash (those stay in
// the store, store.APIToken).
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Hint       string
	CreatedAt  time.Time
	CreatedBy  string
	LastUsedAt time.Time // zero if never used
	RevokedAt  time.Time // zero if active
	Scope      string    // "read" (GET and HEAD only) or "write" (store.TokenRead, store.TokenWrite)
}

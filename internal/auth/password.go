// Package auth holds udrul's credentials: argon2id password hashes in PHC
// string format, random session and API tokens (stored only as hashes), the
// per-session CSRF token, and the OpenID Connect client.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultParams follow OWASP's Password Storage Cheat Sheet (argon2id,
// m=19 MiB… 46 MiB): 46 MiB, one pass, one lane. On the project's 2-core
// machines a hash takes ~50 ms; stronger settings can be chosen later,
// since every stored hash carries its own parameters and still verifies.
var DefaultParams = Params{Memory: 46 * 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// testParams are argon2id at its smallest memory: a hash costs well under
// a millisecond instead of ~50 ms. Test suites that sign in hundreds of
// times spent most of their processor time hashing (docs/performance.md,
// "Test suite"); what they test is who may sign in, not the hash's cost,
// which internal/auth's own tests check at DefaultParams.
var testParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// UseTestParams makes HashPassword use cheap parameters for the rest of the
// process. It is for a test binary's TestMain or init only, and panics in
// any other binary (testing.Testing), so a server can never store weak
// hashes because of it.
func UseTestParams() {
	if !testing.Testing() {
		panic("auth.UseTestParams called outside a test binary")
	}
	DefaultParams = testParams
}

// MinPasswordLength is the shortest password accepted for a new password.
const MinPasswordLength = 12

// MaxPasswordLength bounds what is hashed, so that a huge password cannot
// be used to make the server work.
const MaxPasswordLength = 256

// ErrMismatch is returned when a password does not match its hash.
var ErrMismatch = errors.New("auth: password does not match")

// CheckNewPassword returns a Danish explanation when p is not acceptable as
// a new password.
func CheckNewPassword(p string) error {
	n := utf8.RuneCountInString(p)
	if n < MinPasswordLength {
		return fmt.Errorf("adgangskoden skal have mindst %d tegn", MinPasswordLength)
	}
	if len(p) > MaxPasswordLength {
		return fmt.Errorf("adgangskoden må højst have %d tegn", MaxPasswordLength)
	}
	if strings.TrimSpace(p) == "" {
		return errors.New("adgangskoden må ikke kun bestå af mellemrum")
	}
	return nil
}

// HashPassword returns password's argon2id hash as a PHC string:
// $argon2id$v=19$m=47104,t=1,p=1$<salt>$<hash> (unpadded standard base64).
func HashPassword(password string) (string, error) {
	return HashPasswordWith(password, DefaultParams)
}

// HashPasswordWith hashes with the given parameters.
func HashPasswordWith(password string, p Params) (string, error) {
	if len(password) > MaxPasswordLength {
		return "", fmt.Errorf("auth: password longer than %d bytes", MaxPasswordLength)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := idKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks password against a PHC string made by HashPassword,
// with the parameters the string names, comparing in constant time. It
// returns ErrMismatch for a wrong password and another error for a string
// it cannot read.
func VerifyPassword(phc, password string) error {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return err
	}
	if len(password) > MaxPasswordLength {
		return ErrMismatch
	}
	got := idKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// NeedsRehash reports whether a hash was made with other parameters than
// DefaultParams.
func NeedsRehash(phc string) bool {
	p, salt, key, err := parsePHC(phc)
	return err != nil || p.Memory != DefaultParams.Memory || p.Time != DefaultParams.Time ||
		p.Threads != DefaultParams.Threads || len(salt) != DefaultParams.SaltLen || len(key) != int(DefaultParams.KeyLen)
}

// argon2Slot lets one argon2id computation run at a time in the process.
// Each takes DefaultParams.Memory (46 MiB): eight logins at once held
// 368 MiB, and a burst of them would decide the server's peak memory
// (docs/performance.md "Load"). Queued, a burst of logins costs latency
// (about 50 ms of CPU each) instead of memory, and the CPU a burst of
// guesses can take is bounded too.
var argon2Slot = make(chan struct{}, 1)

func idKey(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	argon2Slot <- struct{}{}
	defer func() { <-argon2Slot }()
	return argon2.IDKey(password, salt, time, memory, threads, keyLen)
}

// dummyHash is verified against when there is no user, so that an unknown
// e-mail address takes as long as a wrong password. Made on first use, not
// at start-up: every udrul command would otherwise spend a hash (46 MiB,
// most of a second on a loaded machine) before doing anything.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("udrul-dummy-password-for-timing")
	return h
})

// BurnTime does the work of one password verification and discards it.
func BurnTime(password string) { _ = VerifyPassword(dummyHash(), password) }

func parsePHC(phc string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(phc, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("auth: not an argon2id PHC string")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("auth: unsupported argon2 version %q", parts[2])
	}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return p, nil, nil, fmt.Errorf("auth: bad parameter %q", kv)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return p, nil, nil, fmt.Errorf("auth: bad parameter %q", kv)
		}
		switch k {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, fmt.Errorf("auth: bad parameter %q", kv)
			}
			p.Threads = uint8(n)
		default:
			return p, nil, nil, fmt.Errorf("auth: unknown parameter %q", k)
		}
	}
	// Refuse parameters that would let a stored string make the server
	// do unbounded work.
	if p.Memory < 8 || p.Memory > 1<<21 || p.Time < 1 || p.Time > 16 || p.Threads < 1 {
		return p, nil, nil, errors.New("auth: argon2 parameters out of range")
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, errors.New("auth: bad salt")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return p, nil, nil, errors.New("auth: bad hash")
	}
	p.SaltLen, p.KeyLen = len(salt), uint32(len(key))
	return p, salt, key, nil
}

// NewToken returns a new random token with a prefix naming what it is
// ("udrul_s_" for sessions, "udrul_pat_" for API tokens): 32 random bytes,
// base64url.
func NewToken(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken is what the database stores of a token: its SHA-256, hex. The
// tokens are random and long, so a fast hash is enough; a stolen database
// does not hold anything a client could present.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CSRFToken is the synchroniser token for a session: derived from the
// session token, so it is the same for the session's life, needs no storage
// and cannot be computed without the session cookie.
func CSRFToken(sessionToken string) string {
	h := sha256.Sum256([]byte("udrul-csrf\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// Equal compares two secrets in constant time.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

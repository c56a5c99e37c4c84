package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/udrul/udrul/internal/auth"
)

func TestHashAndVerify(t *testing.T) {
	h, err := auth.HashPassword("korrekt hest batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=47104,t=1,p=1$") || strings.Count(h, "$") != 5 {
		t.Errorf("hash %q is not a PHC argon2id string with the default parameters", h)
	}
	if err := auth.VerifyPassword(h, "korrekt hest batteri"); err != nil {
		t.Errorf("right password: %v", err)
	}
	if err := auth.VerifyPassword(h, "korrekt hest batteri "); !errors.Is(err, auth.ErrMismatch) {
		t.Errorf("wrong password: %v, want ErrMismatch", err)
	}
	h2, _ := auth.HashPassword("korrekt hest batteri")
	if h2 == h {
		t.Error("two hashes of one password are equal: salt is not random")
	}
	if auth.NeedsRehash(h) {
		t.Error("fresh hash needs rehash")
	}
}

func TestVerifyUsesStoredParameters(t *testing.T) {
	p := auth.Params{Memory: 64, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32}
	h, err := auth.HashPasswordWith("hemmeligt-kodeord", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, "$m=64,t=2,p=2$") {
		t.Errorf("hash %q does not carry its parameters", h)
	}
	if err := auth.VerifyPassword(h, "hemmeligt-kodeord"); err != nil {
		t.Errorf("verify with stored parameters: %v", err)
	}
	if !auth.NeedsRehash(h) {
		t.Error("weaker hash should need rehash")
	}
}

func TestVerifyRefusesMalformed(t *testing.T) {
	good, _ := auth.HashPasswordWith("x", auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	parts := strings.Split(good, "$")
	for name, phc := range map[string]string{
		"empty":        "",
		"bcrypt":       "$2a$10$abcdefghijklmnopqrstuv",
		"argon2i":      strings.Replace(good, "argon2id", "argon2i", 1),
		"version":      strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":  strings.Replace(good, "m=64", "m=99999999", 1),
		"zero time":    strings.Replace(good, "t=1", "t=0", 1),
		"unknown":      strings.Replace(good, "p=1", "p=1,x=2", 1),
		"bad salt":     strings.Join([]string{"", parts[1], parts[2], parts[3], "!!", parts[5]}, "$"),
		"short hash":   strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"extra fields": good + "$x",
	} {
		err := auth.VerifyPassword(phc, "x")
		if err == nil || errors.Is(err, auth.ErrMismatch) {
			t.Errorf("%s: %v, want a format error", name, err)
		}
	}
}

func TestCheckNewPassword(t *testing.T) {
	for p, ok := range map[string]bool{
		"kort":                   false,
		"            ":           false,
		"tolv tegn ok":           true,
		"æøåæøåæøåæøå":           true, // 12 runes
		strings.Repeat("a", 257): false,
		"udrul-demo-2026!":       true,
		"elleve tgn":             false,
	} {
		if err := auth.CheckNewPassword(p); (err == nil) != ok {
			t.Errorf("CheckNewPassword(%q) = %v, want ok=%v", p, err, ok)
		}
	}
}

func TestTokens(t *testing.T) {
	a, err := auth.NewToken("udrul_pat_")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := auth.NewToken("udrul_pat_")
	if a == b || !strings.HasPrefix(a, "udrul_pat_") || len(a) != len("udrul_pat_")+43 {
		t.Errorf("tokens %q %q", a, b)
	}
	if h := auth.HashToken(a); len(h) != 64 || h == auth.HashToken(b) || h != auth.HashToken(a) {
		t.Errorf("HashToken(%q) = %q", a, h)
	}
	// Stable: a second derivation from the same session token (a separate
	// string, as a later request would carry) gives the same CSRF token.
	if c := auth.CSRFToken(a); c == auth.CSRFToken(b) || c != auth.CSRFToken(strings.Clone(a)) || strings.Contains(c, a) {
		t.Error("CSRF tokens must be per session, stable, and not reveal the session token")
	}
	if !auth.Equal("abc", "abc") || auth.Equal("abc", "abd") || auth.Equal("abc", "ab") {
		t.Error("Equal")
	}
}

// TestUseTestParamsOnlyInTests: the cheap parameters reach HashPassword in
// a test binary. That UseTestParams panics elsewhere is testing.Testing's
// promise; this binary can only check the positive side.
func TestUseTestParamsOnlyInTests(t *testing.T) {
	saved := auth.DefaultParams
	t.Cleanup(func() { auth.DefaultParams = saved })
	auth.UseTestParams()
	h, err := auth.HashPassword("korrekt hest batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q is not made with the test parameters", h)
	}
	if err := auth.VerifyPassword(h, "korrekt hest batteri"); err != nil {
		t.Errorf("right password: %v", err)
	}
}

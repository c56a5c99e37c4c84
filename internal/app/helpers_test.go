package app_test

import (
	"errors"

	"github.com/udrul/udrul/internal/auth"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// The tests sign in and set passwords often; at the production Argon2
// parameters the hashing was most of their processor time
// (docs/performance.md, "Test suite"). An init, not a TestMain, so that
// another file may still own TestMain.
func init() { auth.UseTestParams() }

// Package app holds udrul's use cases: the only place where domain rules meet
// storage. The web layer and the CLI call nothing else.
package app

import (
	"errors"
	"fmt"

	"github.com/udrul/udrul/internal/catalogue"
	"github.com/udrul/udrul/internal/store"
)

// Code classifies an error for callers; the web layer maps it to an HTTP
// status in one table.
type Code string

const (
	CodeInvalid  Code = "invalid"   // the request or file is wrong; fix it and retry
	CodeNotFound Code = "not_found" // a named thing does not exist
	CodeConflict Code = "conflict"  // someone changed the data since it was read
	CodeInternal Code = "internal"

	CodeUnauthenticated Code = "unauthenticated" // not signed in, or the session or token is not valid
	CodeForbidden       Code = "forbidden"       // signed in, but the role or organisation may not do this
	CodeThrottled       Code = "throttled"       // too many failed logins; wait and retry
)

// Error is an error with a code and a message safe to show to users, in Danish.
type Error struct {
	Code     Code
	Message  string
	Problems []catalogue.Problem // file problems, for invalid catalogue files
	Field    string              // the request field at fault, when there is one
	Err      error               // the cause, for logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func invalid(format string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Message: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: the code of an *Error in its chain,
// not_found or conflict for the store's sentinels, else internal.
func ErrorCode(err error) Code {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, store.ErrNotFound):
		return CodeNotFound
	case errors.Is(err, store.ErrConflict):
		return CodeConflict
	}
	return CodeInternal
}

// ErrorMessage returns the user-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	switch ErrorCode(err) {
	case CodeNotFound:
		return "findes ikke"
	case CodeConflict:
		return "data er ændret af en anden i mellemtiden; hent dem igen og prøv igen"
	}
	return "der opstod en intern fejl"
}

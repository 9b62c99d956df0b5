// Package apperr defines the application's error codes and the error type
// that carries a Vietnamese message for users beside the code.
//
// Domain packages return *Error for failures a user can act on; anything
// else is an internal error and is shown as "Lỗi hệ thống".
package apperr

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the web layer.
const (
	EINVALID      = "invalid"      // bad input (400), or failed validation with Fields (422)
	ENOTFOUND     = "not_found"    // 404
	ECONFLICT     = "conflict"     // 409: stale version, duplicate, locked
	EUNAUTHORIZED = "unauthorized" // 401: not logged in, bad credentials
	EFORBIDDEN    = "forbidden"    // 403: logged in but not allowed
	ETHROTTLED    = "throttled"    // 429: too many attempts
	EUNAVAILABLE  = "unavailable"  // 503: a facility this server lacks (PDF without LibreOffice)
	EINTERNAL     = "internal"     // 500
)

// Error is an application error: a code, a message in Vietnamese for the
// user, and optional per-field messages (field name → message).
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Err     error // wrapped cause, never shown to users
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted Vietnamese message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error with per-field messages.
func Invalid(message string, fields map[string]string) *Error {
	return &Error{Code: EINVALID, Message: message, Fields: fields}
}

// Code returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error, and "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Message returns the user-facing message of err: the Vietnamese message of
// an *Error, or the generic "Lỗi hệ thống" for anything else.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Lỗi hệ thống"
}

// FieldsOf returns the per-field messages of err, if any.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Is reports whether err carries the given code.
func Is(err error, code string) bool { return Code(err) == code }

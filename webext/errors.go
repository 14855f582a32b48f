package webext

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
)

// Errors of the API. The errors it returns wrap them, or the root
// package's errors (cookiemonster.ErrNoStore for an unknown storeId,
// cookiemonster.ErrSetClosed, cookiemonster.ErrClosed, a context's error),
// and say which URL, store or field they are about.
var (
	// ErrNoHostPermission: the URL is not covered by the host permissions.
	ErrNoHostPermission = errors.New("webext: no host permission")
	// ErrInvalidDetails: a field of the details is malformed (a URL that
	// does not parse, an unknown sameSite, an expirationDate that is not
	// a number, an inconsistent partitionKey).
	ErrInvalidDetails = errors.New("webext: invalid details")
	// ErrFirstPartyDomainRequired: the set isolates first parties
	// (Config.FirstPartyIsolation) and a call was made without the
	// firstPartyDomain attribute, which then selects the first party.
	// Its text is Firefox's.
	ErrFirstPartyDomainRequired = errors.New("webext: First-Party Isolation is enabled, but the required 'firstPartyDomain' attribute was not set")
	// ErrBadPattern: a host permission is not a match pattern.
	ErrBadPattern = errors.New("webext: bad match pattern")
	// ErrNilAPI: a method was called on a nil *API.
	ErrNilAPI = errors.New("webext: nil *API")
)

// SetError is the error of a cookie the store refused to set. It names the
// cookie, the URL and every reason, by its name and in plain language
// (InclusionStatus.String and Explain). errors.Is matches each of its
// reasons (cookiemonster.ExcludeSecureOnly, ...), and errors.As finds the
// *cookiemonster.StatusError.
type SetError struct {
	// Name is the cookie's name, URL the URL it was set from.
	Name, URL string
	// Status holds the reasons.
	Status cookiemonster.InclusionStatus
}

// Error describes the refusal.
func (e *SetError) Error() string {
	return fmt.Sprintf("webext: failed to set cookie named %q from %s: %s (%s)", e.Name, e.URL, e.Status, e.Status.Explain())
}

// Unwrap returns the status's *cookiemonster.StatusError.
func (e *SetError) Unwrap() error { return e.Status.Err() }

// EntryError is the error of one cookie of an Import.
type EntryError struct {
	// Index is the cookie's position in the list, from 0; Name its name.
	Index int
	Name  string
	// Err is why it was not loaded.
	Err error
}

// Error names the entry and the reason.
func (e *EntryError) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = strings.TrimPrefix(e.Err.Error(), "webext: ")
	}
	return fmt.Sprintf("webext: import: cookie %d (%q): %s", e.Index, e.Name, msg)
}

// Unwrap returns Err.
func (e *EntryError) Unwrap() error { return e.Err }

// ImportError lists the cookies an Import did not load, in the order of
// the list. errors.As finds it, and each *EntryError.
type ImportError struct {
	Entries []*EntryError
}

// Error lists the entries, one a line.
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "webext: import: %d cookies not loaded", len(e.Entries))
	for _, en := range e.Entries {
		b.WriteString("\n\t")
		b.WriteString(strings.TrimPrefix(en.Error(), "webext: import: "))
	}
	return b.String()
}

// Unwrap returns the entries' errors.
func (e *ImportError) Unwrap() []error {
	out := make([]error, len(e.Entries))
	for i, en := range e.Entries {
		out[i] = en
	}
	return out
}

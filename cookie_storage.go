package cookiemonster

import (
	"errors"
	"fmt"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// ErrNotCanonical is wrapped by the errors of [NewCanonicalCookieFromStorage].
var ErrNotCanonical = errors.New("cookiemonster: stored cookie is not canonical")

// isCanonicalForFromStorage reports whether the cookie could have been
// made by this package, as a cookie loaded from storage must: name and value
// the parser could produce, a canonical domain (empty is allowed; a domain
// cookie is not on an IP address), a path starting with '/' that a
// Set-Cookie line can carry, a creation time when there is a last-access
// time, SameSite, Priority and SourceScheme among their defined values, a
// SourcePort in 0..65535 or PortInvalid, the prefix rules, Partitioned only
// with Secure (or a nonce). Size limits and the expiry cap are not checked,
// so that older stores still load; public suffixes need a list, so the
// Monster checks them.
func (c *CanonicalCookie) isCanonicalForFromStorage() bool { return c.storageError() == nil }

// storageError says why the cookie fails isCanonicalForFromStorage.
func (c *CanonicalCookie) storageError() error {
	switch {
	case !validToken(c.Name):
		return fmt.Errorf("%w: name %q", ErrNotCanonical, c.Name)
	case !validValue(c.Value):
		// The value is not quoted: it is a credential.
		return fmt.Errorf("%w: the value of cookie %q holds a character a cookie value may not hold", ErrNotCanonical, c.Name)
	case c.Name == "" && c.Value == "":
		return fmt.Errorf("%w: empty name and value", ErrNotCanonical)
	case !c.LastAccess.IsZero() && c.Creation.IsZero():
		return fmt.Errorf("%w: last access without creation time", ErrNotCanonical)
	case c.Path == "" || c.Path[0] != '/' || hasCTL(c.Path):
		return fmt.Errorf("%w: path %q", ErrNotCanonical, c.Path)
	case !c.SameSite.defined():
		return fmt.Errorf("%w: %v", ErrNotCanonical, c.SameSite)
	case !c.Priority.defined():
		return fmt.Errorf("%w: %v", ErrNotCanonical, c.Priority)
	case !c.SourceScheme.defined():
		return fmt.Errorf("%w: %v", ErrNotCanonical, c.SourceScheme)
	case !validSourcePort(c.SourcePort):
		return fmt.Errorf("%w: source port %d", ErrNotCanonical, c.SourcePort)
	}
	if c.Domain != "" {
		bare := c.DomainWithoutDot()
		d, ok := host.Canonicalize(bare)
		if !ok || d != bare || bare == "" || bare[0] == '.' || (!c.IsHostOnly() && host.IsIP(bare)) {
			return fmt.Errorf("%w: domain %q", ErrNotCanonical, c.Domain)
		}
	}
	_, nonced := c.Partition.Nonce()
	rules := secureRules{
		name:        c.Name,
		value:       c.Value,
		secure:      c.Secure,
		httpOnly:    c.HTTPOnly,
		pathSlash:   c.Path == "/",
		noDomain:    c.Domain != "" && c.IsHostOnly(),
		partitioned: c.IsPartitioned() && !nonced,
	}
	return rules.check().err(c.Name)
}

// storedPort reads a source port kept by a store: -1, the unspecified port
// of Chromium's database and of earlier versions of this package, is
// [PortUnspecified]; a port above 65535 is [PortInvalid], as Chromium reads
// one. Any other value is itself.
func storedPort(p int) int {
	switch {
	case p == -1:
		return PortUnspecified
	case p > 65535:
		return PortInvalid
	}
	return p
}

// NewCanonicalCookieFromStorage returns a copy of c, as loaded from a
// persistent store, after checking that it could have been stored: a valid
// name, value, domain and path, the prefix rules, known enum values. A
// source port of -1 (the unspecified port of Chromium's database and of
// earlier versions of this package) becomes [PortUnspecified], one above
// 65535 [PortInvalid]; any other negative port but PortInvalid is an error,
// as are a [SameSite], [Priority] or [SourceScheme] outside their defined
// values. The error wraps [ErrNotCanonical] and says which field is wrong.
func NewCanonicalCookieFromStorage(c CanonicalCookie) (*CanonicalCookie, error) {
	c.SourcePort = storedPort(c.SourcePort)
	if err := c.storageError(); err != nil {
		return nil, err
	}
	return &c, nil
}

// IsCanonical reports whether the cookie is canonical for storage (as
// [NewCanonicalCookieFromStorage] checks), its name and value together within
// [MaxNameValueSize] and its expiry within creation + 400 days.
func (c *CanonicalCookie) IsCanonical() bool {
	if !c.isCanonicalForFromStorage() || len(c.Name)+len(c.Value) > MaxNameValueSize {
		return false
	}
	return !c.IsPersistent() || !c.Expiry.After(c.Creation.Add(MaxExpiryAge))
}

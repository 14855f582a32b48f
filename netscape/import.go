package netscape

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"

	"github.com/cookiemonster-go/cookiemonster"
)

// Import reads a cookies.txt file from r and stores its cookies in m. It
// is [ImportWithOptions] with zero Options.
func Import(ctx context.Context, m *cookiemonster.Monster, r io.Reader) (n int, err error) {
	return ImportWithOptions(ctx, m, r, Options{})
}

// ImportWithOptions reads r with [ReadWithOptions] and stores every good
// cookie in m, in file order, so a later line replaces an equivalent
// earlier one, as in curl. It returns how many cookies m stored.
//
// Each cookie is set with m.SetCanonicalCookie, as an HTTP response from
// https://domain/ for a Secure cookie and http://domain/ otherwise, with
// cookiemonster.AllInclusiveOptions (HttpOnly allowed, same-site context).
// Before that, an expiry past creation + cookiemonster.MaxExpiryAge is
// moved back to it (the 400-day cap a browser applies; the store refuses
// longer lifetimes), and a cookie already expired at its creation is
// skipped without error: storing it would only delete an equivalent cookie.
//
// The error joins, in line order, the *LineError of every bad line and of
// every cookie m refused (wrapping [ErrRefused] and the
// *cookiemonster.StatusError with the reasons, for example
// cookiemonster.ExcludeOverwriteSecure for a non-Secure cookie that would
// shadow a Secure one), and an I/O error of r. An error of m (a cancelled
// ctx, a closed Monster) stops the import and is returned too.
func ImportWithOptions(ctx context.Context, m *cookiemonster.Monster, r io.Reader, o Options) (n int, err error) {
	entries, errs := read(r, o)
	var lineErrs []error
	var other []error
	for _, e := range errs {
		if _, ok := e.(*LineError); ok {
			lineErrs = append(lineErrs, e)
		} else {
			other = append(other, e)
		}
	}
	for _, e := range entries {
		c := *e.cookie
		if c.IsExpired(c.Creation) {
			continue
		}
		if limit := c.Creation.Add(cookiemonster.MaxExpiryAge); c.Expiry.After(limit) {
			c.Expiry = limit
		}
		res, err := m.SetCanonicalCookie(ctx, &c, sourceURL(&c), cookiemonster.AllInclusiveOptions())
		if err != nil {
			other = append(other, fmt.Errorf("netscape: storing line %d: %w", e.line, err))
			break
		}
		if !res.Status.IsInclude() {
			lineErrs = append(lineErrs, &LineError{Line: e.line, Text: e.text, Err: &refusedError{res.Status}})
			continue
		}
		n++
	}
	slices.SortStableFunc(lineErrs, func(a, b error) int {
		return a.(*LineError).Line - b.(*LineError).Line
	})
	return n, errors.Join(append(lineErrs, other...)...)
}

// refusedError is the reason of a line whose cookie the store refused:
// "cookie refused by the store: ExcludeOverwriteSecure (an insecure origin
// cannot overwrite or shadow an existing Secure cookie)". It matches
// ErrRefused, and each exclusion reason through the store's
// *cookiemonster.StatusError.
type refusedError struct {
	status cookiemonster.InclusionStatus
}

func (e *refusedError) Error() string {
	return ErrRefused.Error() + ": " + e.status.String() + " (" + e.status.Explain() + ")"
}

func (e *refusedError) Unwrap() []error {
	return []error{ErrRefused, e.status.Err()}
}

// sourceURL is the URL an imported cookie is set from: its host over https
// when it is Secure, over http otherwise.
func sourceURL(c *cookiemonster.CanonicalCookie) *url.URL {
	scheme := "http"
	if c.Secure {
		scheme = "https"
	}
	return &url.URL{Scheme: scheme, Host: c.DomainWithoutDot(), Path: "/"}
}

// Export writes every cookie of m (m.AllCookies: sorted, expired ones
// removed) to w with [Write]. Partitioned cookies are left out, as Write
// leaves them out.
func Export(ctx context.Context, m *cookiemonster.Monster, w io.Writer) error {
	cookies, err := m.AllCookies(ctx)
	if err != nil {
		return fmt.Errorf("netscape: export: %w", err)
	}
	return Write(w, cookies)
}

package webext

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// Import loads cookies in the WebExtension shape (a list exported by
// Export, or by an extension such as Cookie-Editor or EditThisCookie) into
// the store storeID ("": the default store), and reports how many it
// stored. Each cookie is set as an extension importing it sets it, with
// cookies.set from http(s)://<domain>/ (https for a Secure cookie) under
// its firstPartyDomain ("" when absent: none), so the host permissions and
// every rule of Set apply, and a cookie keeps its first party, under
// first-party isolation too. One rule of Set does not apply: a cookie with
// both a firstPartyDomain and a partitionKey, which Set refuses as Firefox
// does, is loaded, since a store can hold one (a Transport under
// first-party isolation stores a CHIPS cookie so) and Export lists it. The
// entries' storeId is ignored: a list exported from one store loads into
// another.
//
// A cookie that cannot be loaded does not stop the others: the error is
// an *ImportError listing each, by position, as an *EntryError. An entry
// is refused when Set refuses it, when its domain is empty, when it is
// hostOnly with a domain cookie's leading dot, when it is a session cookie
// with an expirationDate, and when its expirationDate is past (it deletes
// the equivalent cookie and is not stored). An unknown store fails the
// whole call, as does a cancelled ctx, which stops the import where it is.
//
// The cookies are dated a microsecond apart in the order of the list, the
// first at the store's clock, so that cookies with paths of the same length
// come back from Export in the order of the list; expiries are kept to the
// microsecond and capped at 400 days from that date, as the store caps
// every expiry.
func (a *API) Import(ctx context.Context, storeID string, cookies []Cookie) (n int, err error) {
	if a == nil {
		return 0, ErrNilAPI
	}
	if _, _, err := a.store(ctx, storeID); err != nil {
		return 0, err
	}
	var (
		bad  []*EntryError
		next time.Time // creation of the next cookie; zero: the store's now
	)
	for i := range cookies {
		if err := ctx.Err(); err != nil {
			return n, errors.Join(importErr(bad), fmt.Errorf("webext: import stopped at cookie %d: %w", i, err))
		}
		c := &cookies[i]
		stored, err := a.importOne(ctx, storeID, c, next)
		if err != nil {
			bad = append(bad, &EntryError{Index: i, Name: c.Name, Err: err})
			continue
		}
		n++
		if t := stored.Creation.Add(time.Microsecond); t.After(next) {
			next = t
		}
	}
	return n, importErr(bad)
}

// importErr returns the *ImportError of bad, or nil.
func importErr(bad []*EntryError) error {
	if len(bad) == 0 {
		return nil
	}
	return &ImportError{Entries: bad}
}

// importOne sets one imported cookie, created at creation (zero: now).
func (a *API) importOne(ctx context.Context, storeID string, c *Cookie, creation time.Time) (*cookiemonster.CanonicalCookie, error) {
	host := strings.TrimPrefix(c.Domain, ".")
	switch {
	case host == "":
		return nil, fmt.Errorf("%w: domain %q names no host", ErrInvalidDetails, c.Domain)
	case c.HostOnly && host != c.Domain:
		return nil, fmt.Errorf("%w: hostOnly cookie with the domain %q of a domain cookie", ErrInvalidDetails, c.Domain)
	case c.Session && c.ExpirationDate != nil:
		return nil, fmt.Errorf("%w: session cookie with an expirationDate", ErrInvalidDetails)
	}
	scheme := "http"
	if c.Secure {
		scheme = "https"
	}
	d := SetDetails{
		URL:              scheme + "://" + host + "/",
		Name:             c.Name,
		Value:            c.Value,
		Path:             c.Path,
		Secure:           c.Secure,
		HTTPOnly:         c.HTTPOnly,
		SameSite:         c.SameSite,
		ExpirationDate:   c.ExpirationDate,
		StoreID:          storeID,
		FirstPartyDomain: new(c.FirstPartyDomain),
		PartitionKey:     c.PartitionKey,
	}
	if !c.HostOnly {
		d.Domain = c.Domain
	}
	_, stored, err := a.setCookie(ctx, d, creation, true)
	if err != nil {
		return nil, err
	}
	if stored == nil {
		if c.ExpirationDate == nil {
			return nil, errors.New("the store did not keep the cookie")
		}
		return nil, fmt.Errorf("expirationDate %s is past: the cookie deleted its equivalent and was not stored", formatSeconds(*c.ExpirationDate))
	}
	return stored, nil
}

// Export returns every cookie of the store storeID ("": the default store)
// that the host permissions cover, partitioned ones and those of every
// first party included, in the WebExtension shape and the order of GetAll:
// getAll({storeId, partitionKey: {}, firstPartyDomain: null}). Import loads
// it back.
//
// Marshalled by a json.Encoder with SetEscapeHTML(false) and SetIndent("",
// "  "), it is byte for byte what an extension writes with
// JSON.stringify(cookies, null, 2), for a list in the field order of
// Cookie; json.Marshal writes the same JSON with '<', '>' and '&' escaped.
func (a *API) Export(ctx context.Context, storeID string) ([]Cookie, error) {
	if a == nil {
		return nil, ErrNilAPI
	}
	return a.GetAll(ctx, GetAllDetails{StoreID: storeID, PartitionKey: AllPartitions(), FirstPartyDomain: AllFirstParties()})
}

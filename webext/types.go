package webext

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// Cookie is a cookie as the WebExtension cookies API describes it
// (cookies.Cookie). It marshals to the JSON an extension receives, and an
// extension's JSON, as Cookie-Editor or EditThisCookie export it, unmarshals
// into it (unknown fields, such as EditThisCookie's "id", are ignored; a
// null storeId or partitionKey is the zero value).
type Cookie struct {
	// Name and Value are the cookie's name and value.
	Name  string `json:"name"`
	Value string `json:"value"`
	// Domain is the cookie's domain: ".example.com" for a domain cookie,
	// "www.example.com" for a host-only one, IPv6 addresses in brackets.
	Domain string `json:"domain"`
	// HostOnly is true for a cookie without a Domain attribute, sent only
	// to the host that set it.
	HostOnly bool   `json:"hostOnly"`
	Path     string `json:"path"`
	Secure   bool   `json:"secure"`
	HTTPOnly bool   `json:"httpOnly"`
	// SameSite is the cookie's SameSite attribute.
	SameSite SameSiteStatus `json:"sameSite"`
	// Session is true for a cookie without an expiry, which ends with the
	// browser session.
	Session bool `json:"session"`
	// ExpirationDate is the expiry in seconds since the Unix epoch, with
	// microsecond precision; nil (absent in JSON) for a session cookie.
	ExpirationDate *float64 `json:"expirationDate,omitempty"`
	// StoreID is the ID of the cookie store holding the cookie.
	StoreID string `json:"storeId"`
	// FirstPartyDomain is the first-party domain the cookie was set under
	// (Firefox's first-party isolation): the registrable domain of the
	// top-level site, "" for a cookie set without one. It is always
	// present in JSON, as Firefox writes it.
	FirstPartyDomain string `json:"firstPartyDomain"`
	// PartitionKey is the CHIPS partition of a partitioned cookie; nil
	// (absent in JSON) for an unpartitioned one.
	PartitionKey *PartitionKey `json:"partitionKey,omitempty"`
}

// Expiry returns the cookie's expiry as a time, the zero time for a session
// cookie (a nil ExpirationDate) or an ExpirationDate that is not a number.
func (c *Cookie) Expiry() time.Time {
	if c == nil || c.ExpirationDate == nil {
		return time.Time{}
	}
	t, ok := timeFromSeconds(*c.ExpirationDate)
	if !ok {
		return time.Time{}
	}
	return t
}

// ExpirationDate returns t as an expirationDate, in seconds since the Unix
// epoch with microsecond precision; nil for the zero time (a session
// cookie).
func ExpirationDate(t time.Time) *float64 {
	if t.IsZero() {
		return nil
	}
	return new(float64(t.Round(time.Microsecond).UnixMicro()) / 1e6)
}

// maxSeconds is the latest expirationDate that converts to a time as such,
// 9999-12-31T23:59:59Z; a later one is taken as that time, as Chromium
// saturates its time, and capped to 400 days by the store anyway.
const maxSeconds = 253402300799

// timeFromSeconds converts an expirationDate to a time with microsecond
// precision. A date before the epoch is the epoch: it is in the past
// either way, and the zero time would mean a session cookie. NaN and the
// infinities are not dates.
func timeFromSeconds(f float64) (time.Time, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return time.Time{}, false
	}
	f = min(max(f, 0), maxSeconds)
	sec, frac := math.Modf(f)
	us := int64(math.Round(frac * 1e6))
	return time.Unix(int64(sec), us*int64(time.Microsecond)).UTC(), true
}

// CookieStore is a cookie store as cookies.getAllCookieStores lists it.
type CookieStore struct {
	// ID is the store's ID, the storeId of its cookies.
	ID string `json:"id"`
	// TabIDs lists the tabs that use the store: always empty here, since
	// there are no tabs.
	TabIDs []int `json:"tabIds"`
	// Incognito is true for a private store.
	Incognito bool `json:"incognito"`
}

// PartitionKey is the partition of a CHIPS cookie (cookies.CookiePartitionKey).
// Its fields are pointers because the API tells an absent field from an
// empty one: in a query, nil TopLevelSite with nil HasCrossSiteAncestor
// ({} in JSON) selects every partition in GetAll and none elsewhere, ""
// selects the unpartitioned cookies, and a nil HasCrossSiteAncestor beside
// a site selects both values (GetAll) or the value the URL implies (Get,
// Set, Remove). A Cookie's key has both fields set.
type PartitionKey struct {
	// TopLevelSite is the site of the top-level document,
	// "https://example.com". A URL is accepted, and its site taken.
	TopLevelSite *string `json:"topLevelSite,omitempty"`
	// HasCrossSiteAncestor reports whether a frame between the top level
	// and the cookie's frame is cross-site with the top level.
	HasCrossSiteAncestor *bool `json:"hasCrossSiteAncestor,omitempty"`
}

// NewPartitionKey returns the partition key {topLevelSite, hasCrossSiteAncestor}.
func NewPartitionKey(topLevelSite string, hasCrossSiteAncestor bool) *PartitionKey {
	return &PartitionKey{TopLevelSite: new(topLevelSite), HasCrossSiteAncestor: new(hasCrossSiteAncestor)}
}

// AllPartitions returns the partition key {}, which makes GetAll return
// the cookies of every partition, and the unpartitioned ones.
func AllPartitions() *PartitionKey { return &PartitionKey{} }

// SameSiteStatus is a cookie's SameSite attribute (cookies.SameSiteStatus).
type SameSiteStatus string

// SameSite statuses. In SetDetails, "" is SameSiteUnspecified, as an
// absent sameSite is.
const (
	SameSiteNoRestriction SameSiteStatus = "no_restriction"
	SameSiteLax           SameSiteStatus = "lax"
	SameSiteStrict        SameSiteStatus = "strict"
	SameSiteUnspecified   SameSiteStatus = "unspecified"
)

// sameSiteFrom maps a stored SameSite to its status.
func sameSiteFrom(s cookiemonster.SameSite) SameSiteStatus {
	switch s {
	case cookiemonster.SameSiteNone:
		return SameSiteNoRestriction
	case cookiemonster.SameSiteLax:
		return SameSiteLax
	case cookiemonster.SameSiteStrict:
		return SameSiteStrict
	}
	return SameSiteUnspecified
}

// sameSiteTo maps a status to a SameSite; "" is unspecified.
func sameSiteTo(s SameSiteStatus) (cookiemonster.SameSite, bool) {
	switch s {
	case SameSiteNoRestriction:
		return cookiemonster.SameSiteNone, true
	case SameSiteLax:
		return cookiemonster.SameSiteLax, true
	case SameSiteStrict:
		return cookiemonster.SameSiteStrict, true
	case SameSiteUnspecified, "":
		return cookiemonster.SameSiteUnspecified, true
	}
	return cookiemonster.SameSiteUnspecified, false
}

// OnChangedCause says why a cookie changed (cookies.OnChangedCause).
type OnChangedCause string

// Change causes.
const (
	// CauseEvicted: removed by garbage collection (a site over its limits).
	CauseEvicted OnChangedCause = "evicted"
	// CauseExpired: removed because it expired.
	CauseExpired OnChangedCause = "expired"
	// CauseExpiredOverwrite: removed by a set of an equivalent cookie with
	// an expiry in the past.
	CauseExpiredOverwrite OnChangedCause = "expired_overwrite"
	// CauseExplicit: inserted (Removed false), or removed by a remove call.
	CauseExplicit OnChangedCause = "explicit"
	// CauseOverwrite: removed because a set replaced it; the insertion of
	// the new cookie follows, with CauseExplicit.
	CauseOverwrite OnChangedCause = "overwrite"
)

// ChangeInfo is one change, as cookies.onChanged reports it.
type ChangeInfo struct {
	// Removed is true when the cookie was removed, false when inserted.
	Removed bool `json:"removed"`
	// Cookie is the cookie inserted or removed (for an overwrite, the old
	// one), with the ID of its store.
	Cookie Cookie `json:"cookie"`
	// Cause says why.
	Cause OnChangedCause `json:"cause"`
}

// GetDetails are the arguments of cookies.get.
type GetDetails struct {
	// URL is the URL the cookie would be sent to; its query and fragment
	// are ignored. It must be covered by the host permissions.
	URL string `json:"url"`
	// Name is the cookie's name.
	Name string `json:"name"`
	// StoreID names the store; "": the default store.
	StoreID string `json:"storeId,omitempty"`
	// FirstPartyDomain selects the first party whose cookie is returned;
	// nil (absent, or null in JSON): "", the cookies set without one.
	// Under first-party isolation it is required.
	FirstPartyDomain *string `json:"firstPartyDomain,omitempty"`
	// PartitionKey selects a partition; nil: unpartitioned cookies.
	PartitionKey *PartitionKey `json:"partitionKey,omitempty"`
}

// FirstPartyFilter is the firstPartyDomain of cookies.getAll, which tells
// three values apart: absent (the zero value), null (AllFirstParties: every
// first party) and a string (FirstParty: that first party; "" for the
// cookies set without one). In JSON it is null or a string; GetAllDetails
// omits an absent one.
type FirstPartyFilter struct {
	kind   firstPartyKind
	domain string
}

// firstPartyKind is the value a FirstPartyFilter holds.
type firstPartyKind uint8

const (
	firstPartyAbsent firstPartyKind = iota
	firstPartyAll
	firstPartyDomain
)

// FirstParty returns the filter that keeps the cookies set under the
// first-party domain domain, or, for "", those set without one.
func FirstParty(domain string) FirstPartyFilter {
	return FirstPartyFilter{kind: firstPartyDomain, domain: domain}
}

// AllFirstParties returns the filter null, which keeps the cookies of every
// first party, and those set without one.
func AllFirstParties() FirstPartyFilter { return FirstPartyFilter{kind: firstPartyAll} }

// IsZero reports whether f is absent.
func (f FirstPartyFilter) IsZero() bool { return f.kind == firstPartyAbsent }

// IsAll reports whether f is null: every first party.
func (f FirstPartyFilter) IsAll() bool { return f.kind == firstPartyAll }

// Domain returns the first-party domain f keeps, and whether f is one (it
// is not when absent or null).
func (f FirstPartyFilter) Domain() (domain string, ok bool) {
	return f.domain, f.kind == firstPartyDomain
}

// String returns f as JavaScript writes it: "absent", "null", or the
// quoted domain.
func (f FirstPartyFilter) String() string {
	switch f.kind {
	case firstPartyAll:
		return "null"
	case firstPartyDomain:
		return strconv.Quote(f.domain)
	}
	return "absent"
}

// MarshalJSON writes the domain as a JSON string, and null for every first
// party. An absent filter, which JSON cannot hold as a value, is written as
// null too.
func (f FirstPartyFilter) MarshalJSON() ([]byte, error) {
	if f.kind != firstPartyDomain {
		return []byte("null"), nil
	}
	return json.Marshal(f.domain)
}

// UnmarshalJSON reads a JSON string as FirstParty and null as
// AllFirstParties; anything else is an error wrapping ErrInvalidDetails.
func (f *FirstPartyFilter) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*f = AllFirstParties()
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("%w: firstPartyDomain %s is not a string or null", ErrInvalidDetails, data)
	}
	*f = FirstParty(s)
	return nil
}

// GetAllDetails are the filter of cookies.getAll. A nil pointer field does
// not filter; every set field must match.
type GetAllDetails struct {
	// Domain keeps the cookies whose domain is it or a subdomain of it
	// (a leading dot is ignored); "" keeps none.
	Domain *string `json:"domain,omitempty"`
	// Name keeps the cookies of that name.
	Name *string `json:"name,omitempty"`
	// Path keeps the cookies whose path is exactly it.
	Path *string `json:"path,omitempty"`
	// Secure and Session keep the cookies with that Secure attribute, and
	// session (true) or persistent (false) cookies.
	Secure  *bool `json:"secure,omitempty"`
	Session *bool `json:"session,omitempty"`
	// StoreID names the store; "": the default store.
	StoreID string `json:"storeId,omitempty"`
	// URL, when not "", keeps the cookies that would be sent to it
	// (domain, path and Secure; HttpOnly and SameSite do not matter).
	URL string `json:"url,omitempty"`
	// FirstPartyDomain selects first parties: FirstParty(d) (a string in
	// JSON) keeps the cookies set under d, FirstParty("") those set
	// without one; AllFirstParties() (null) keeps every first party's;
	// the zero value (absent) is FirstParty(""), and is an error under
	// first-party isolation.
	FirstPartyDomain FirstPartyFilter `json:"firstPartyDomain,omitzero"`
	// PartitionKey selects partitions: nil, the unpartitioned cookies;
	// {} (AllPartitions), every cookie; {topLevelSite: ""}, the
	// unpartitioned cookies; {topLevelSite}, that site's partitions only;
	// {topLevelSite, hasCrossSiteAncestor}, that partition only.
	PartitionKey *PartitionKey `json:"partitionKey,omitempty"`
}

// SetDetails are the arguments of cookies.set.
type SetDetails struct {
	// URL is the URL the cookie is set from: its host is the default
	// domain, its directory the default path, and its scheme decides
	// whether Secure and partitioned cookies may be set. It must be
	// covered by the host permissions.
	URL string `json:"url"`
	// Name and Value are the cookie's; "" when absent.
	Name  string `json:"name,omitempty"`
	Value string `json:"value,omitempty"`
	// Domain makes a domain cookie for it; "": a host-only cookie.
	Domain string `json:"domain,omitempty"`
	// Path is the cookie's path; "": the default path of URL.
	Path     string `json:"path,omitempty"`
	Secure   bool   `json:"secure,omitempty"`
	HTTPOnly bool   `json:"httpOnly,omitempty"`
	// SameSite is the SameSite attribute; "": unspecified.
	SameSite SameSiteStatus `json:"sameSite,omitempty"`
	// ExpirationDate is the expiry in seconds since the Unix epoch; nil: a
	// session cookie. One in the past deletes the equivalent cookie.
	ExpirationDate *float64 `json:"expirationDate,omitempty"`
	// StoreID names the store; "": the default store.
	StoreID string `json:"storeId,omitempty"`
	// FirstPartyDomain is the first party the cookie is set under; nil
	// (absent, or null in JSON): "", none. Under first-party isolation it
	// is required. A non-empty one cannot go with a PartitionKey.
	FirstPartyDomain *string `json:"firstPartyDomain,omitempty"`
	// PartitionKey partitions the cookie; nil, {} or {topLevelSite: ""}:
	// unpartitioned. Without hasCrossSiteAncestor, the value URL implies
	// is taken.
	PartitionKey *PartitionKey `json:"partitionKey,omitempty"`
}

// RemoveDetails are the arguments of cookies.remove, and its result, the
// details of the cookie removed.
type RemoveDetails struct {
	// URL is the URL the cookie would be sent to. It must be covered by
	// the host permissions.
	URL string `json:"url"`
	// Name is the cookie's name.
	Name string `json:"name"`
	// StoreID names the store; "": the default store.
	StoreID string `json:"storeId"`
	// FirstPartyDomain selects the first party whose cookies are removed;
	// nil (absent, or null in JSON): "", the cookies set without one.
	// Under first-party isolation it is required. In the result, it is
	// the removed cookie's, "" included.
	FirstPartyDomain *string `json:"firstPartyDomain,omitempty"`
	// PartitionKey selects the partition; nil: unpartitioned cookies.
	PartitionKey *PartitionKey `json:"partitionKey,omitempty"`
}

package cookiemonster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// ErrNotSecureContext is returned by [RestrictedHandle.CookieStore] for a
// document that is not a secure context, where a browser has no
// CookieStore API: its origin or an ancestor's is neither https nor http
// on localhost or a loopback address.
var ErrNotSecureContext = errors.New("cookiemonster: the CookieStore API needs a secure context")

// CookieStoreRule is a rule of the CookieStore API that a call broke. Its
// text is the message Chromium rejects the call's promise with; each rule
// is a constant, to match with errors.Is.
type CookieStoreRule string

// The rules of the CookieStore API. Each names the check that failed; a
// cookie the store itself refuses is ErrCookieNotStored.
const (
	// ErrEmptyGetOptions: get with neither a name nor a url.
	ErrEmptyGetOptions CookieStoreRule = "CookieStoreGetOptions must not be empty"
	// ErrURLNotDocument: the url option, resolved against the document's
	// URL, is not that URL (its fragment aside).
	ErrURLNotDocument CookieStoreRule = "URL must match the document URL"
	// ErrNameHasEquals: a name holding '='.
	ErrNameHasEquals CookieStoreRule = "Cookie name cannot contain '='"
	// ErrEmptyNameAndValue: an empty name with an empty value.
	ErrEmptyNameAndValue CookieStoreRule = "Cookie name and value both cannot be empty"
	// ErrNamelessValueHasEquals: an empty name with '=' in the value,
	// which would be read back as another cookie.
	ErrNamelessValueHasEquals CookieStoreRule = "Cookie value cannot contain '=' if the name is empty"
	// ErrHTTPPrefix: a name starting with __Http- (any case), which only
	// an HttpOnly cookie may have.
	ErrHTTPPrefix CookieStoreRule = `Cookies with "__Http-" prefix cannot be set using the CookieStore API.`
	// ErrHostHTTPPrefix: a name starting with __Host-Http- (any case).
	ErrHostHTTPPrefix CookieStoreRule = `Cookies with "__Host-Http-" prefix cannot be set using the CookieStore API.`
	// ErrDomainLeadingDot: a domain starting with '.'.
	ErrDomainLeadingDot CookieStoreRule = `Cookie domain cannot start with "."`
	// ErrHostPrefixDomain: a __Host- cookie (any case) with a domain.
	ErrHostPrefixDomain CookieStoreRule = `Cookies with "__Host-" prefix cannot have a domain`
	// ErrDomainNotHostSuffix: a domain that is neither the document's
	// host nor a registrable domain suffix of it (another site, a suffix
	// off a label boundary, a public suffix, an IP address's parent).
	ErrDomainNotHostSuffix CookieStoreRule = "Cookie domain must domain-match current host"
	// ErrPathNotAbsolute: a path, not empty, that does not start with '/'.
	ErrPathNotAbsolute CookieStoreRule = `Cookie path must start with "/"`
	// ErrHostPrefixPath: a __Host- cookie (any case) whose path is not "/".
	ErrHostPrefixPath CookieStoreRule = `Cookies with "__Host-" prefix cannot have a non-"/" path`
	// ErrExpiresAndMaxAge: a CookieInit with both Expires and MaxAge.
	ErrExpiresAndMaxAge CookieStoreRule = "Cookie expires and maxAge cannot both be specified"
	// ErrInvalidSameSite: a CookieSameSite other than "strict", "lax",
	// "none" or "" (the default).
	ErrInvalidSameSite CookieStoreRule = "The provided value is not a valid enum value of type CookieSameSite."
	// ErrCookieNotStored: the store refused the cookie: its characters,
	// sizes, prefix, path, the SameSite context of the frame, an HttpOnly
	// cookie it would overwrite, the Policy... The CookieStoreError's
	// Cause says which.
	ErrCookieNotStored CookieStoreRule = "Cookie was malformed and could not be stored, due to problem(s) while parsing."
)

// Error returns the rule's message, prefixed with the package's name.
func (r CookieStoreRule) Error() string { return "cookiemonster: cookieStore: " + string(r) }

// CookieStoreError is the rejection of a CookieStore call: the exception
// a browser rejects the call's promise with. It matches its Rule, and its
// Cause when there is one, with errors.Is.
type CookieStoreError struct {
	// Method is the call: "get", "getAll", "set" or "delete".
	Method string
	// Name is the exception's name, "TypeError".
	Name string
	// Rule is the rule the call broke; its text is the exception's
	// message.
	Rule CookieStoreRule
	// Cause, for ErrCookieNotStored, wraps [ErrCookieRejected] and the
	// [*StatusError] of the store's refusal; nil otherwise.
	Cause error
}

// Error returns the call, the exception and its message, and the
// exclusion reasons of a refusal by the store.
func (e *CookieStoreError) Error() string {
	s := "cookiemonster: cookieStore." + e.Method + ": " + e.Name + ": " + string(e.Rule)
	var se *StatusError
	if errors.As(e.Cause, &se) {
		s += " (" + se.Status.String() + ")"
	}
	return s
}

// Unwrap returns the rule and the cause.
func (e *CookieStoreError) Unwrap() []error {
	var out []error
	if e.Rule != "" {
		out = append(out, e.Rule)
	}
	if e.Cause != nil {
		out = append(out, e.Cause)
	}
	return out
}

// Message returns the exception's message as Chromium words it, such as
// "Failed to execute 'set' on 'CookieStore': Cookie name cannot contain '='".
func (e *CookieStoreError) Message() string {
	return "Failed to execute '" + e.Method + "' on 'CookieStore': " + string(e.Rule)
}

// CookieSameSite is the CookieStore API's SameSite value: "strict", "lax"
// or "none". In a [CookieInit], "" is the default, "strict"; in a
// [CookieListItem], "" is a cookie without a SameSite attribute whose
// effective mode is unknown (a deleted one).
type CookieSameSite string

// The CookieSameSite values.
const (
	CookieSameSiteStrict CookieSameSite = "strict"
	CookieSameSiteLax    CookieSameSite = "lax"
	CookieSameSiteNone   CookieSameSite = "none"
)

// sameSite returns the SameSite attribute of a cookie set with s.
func (s CookieSameSite) sameSite() (SameSite, bool) {
	switch s {
	case "", CookieSameSiteStrict:
		return SameSiteStrict, true
	case CookieSameSiteLax:
		return SameSiteLax, true
	case CookieSameSiteNone:
		return SameSiteNone, true
	}
	return SameSiteUnspecified, false
}

// CookieStoreGetOptions are the options of get and getAll
// (CookieStoreGetOptions). get(name) and getAll(name) are the options with
// Name alone.
type CookieStoreGetOptions struct {
	// Name, when not nil, keeps the cookies of that name, its spaces and
	// tabs at the ends removed; nil: any name.
	Name *string
	// URL, when not nil, is resolved against the document's URL and must
	// then be that URL, its fragment aside ([ErrURLNotDocument]); nil:
	// the document's URL.
	URL *string
}

// CookieInit is a cookie to set (CookieInit). set(name, value) is the
// CookieInit with Name and Value alone. Every cookie set is Secure.
type CookieInit struct {
	// Name and Value lose their spaces and tabs at the ends.
	Name, Value string
	// Expires is when the cookie expires, capped at 400 days; zero: a
	// session cookie (null). A past time deletes the cookie.
	Expires time.Time
	// MaxAge, when not nil, is how long the cookie lives from now (maxAge,
	// which Chromium takes in seconds), capped at 400 days; zero or less
	// deletes the cookie. It may not come with Expires
	// ([ErrExpiresAndMaxAge]).
	MaxAge *time.Duration
	// Domain, when not nil, makes a domain cookie for it: the document's
	// host or a registrable domain suffix of it, without a leading dot;
	// nil: a host-only cookie (null).
	Domain *string
	// Path is the cookie's path: nil is "/" (the default); "" is the
	// default path of the document's URL; any other must start with '/',
	// and gets a '/' appended unless it ends with one, as Chromium does.
	Path *string
	// SameSite is the cookie's SameSite; "": "strict".
	SameSite CookieSameSite
	// Partitioned puts the cookie in the frame's partition (CHIPS).
	Partitioned bool
}

// CookieStoreDeleteOptions name the cookie to delete
// (CookieStoreDeleteOptions); delete(name) is the options with Name alone.
// The cookie is deleted by setting an expired cookie of that name, domain,
// path and partition, with SameSite=Strict: a frame that may not set such
// a cookie (a cross-site iframe) may not delete it.
type CookieStoreDeleteOptions struct {
	Name string
	// Domain and Path are as in [CookieInit].
	Domain, Path *string
	// Partitioned deletes the cookie in the frame's partition; false: the
	// unpartitioned one. Chromium's delete(name) deletes the unpartitioned
	// one too (where the standard's would name the partitioned one).
	Partitioned bool
}

// CookieListItem is a cookie as the CookieStore API returns it
// (CookieListItem, with the fields Chromium adds to the name and value).
// Its JSON is the JavaScript object's, domain and expires null when zero.
type CookieListItem struct {
	Name, Value string
	// Domain is the cookie's domain without its leading dot; "" for a
	// host-only cookie (null).
	Domain string
	Path   string
	// Expires is zero for a session cookie (null); in JSON, milliseconds
	// since the Unix epoch.
	Expires time.Time
	Secure  bool
	// SameSite is the cookie's SameSite; a cookie without the attribute
	// has the mode it is judged under ("lax" under today's rules), or ""
	// in a deleted item, where it is left out.
	SameSite    CookieSameSite
	Partitioned bool
}

// MarshalJSON returns the item as the JavaScript object, with every field.
func (c CookieListItem) MarshalJSON() ([]byte, error) { return c.marshal(false) }

// marshal writes the item; a deleted one has no value and no expires.
func (c CookieListItem) marshal(deleted bool) ([]byte, error) {
	m := map[string]any{
		"name":        c.Name,
		"domain":      nil,
		"path":        c.Path,
		"secure":      c.Secure,
		"partitioned": c.Partitioned,
	}
	if c.Domain != "" {
		m["domain"] = c.Domain
	}
	if c.SameSite != "" {
		m["sameSite"] = c.SameSite
	}
	if !deleted {
		m["value"] = c.Value
		m["expires"] = nil
		if !c.Expires.IsZero() {
			m["expires"] = json.RawMessage(strconv.FormatFloat(float64(c.Expires.UnixMicro())/1e3, 'f', -1, 64))
		}
	}
	return json.Marshal(m)
}

// CookieChangeEvent is the change event a document's cookieStore fires
// (CookieChangeEvent): one for each change of a cookie script in the
// document may see.
type CookieChangeEvent struct {
	// Changed holds the cookie set; Deleted the cookie removed (expired,
	// deleted, evicted), whose Value and Expires are not given.
	Changed, Deleted []CookieListItem
}

// MarshalJSON returns the event as {"changed": [...], "deleted": [...]},
// the deleted items without value and expires.
func (e CookieChangeEvent) MarshalJSON() ([]byte, error) {
	changed := make([]json.RawMessage, 0, len(e.Changed))
	for _, c := range e.Changed {
		b, err := c.marshal(false)
		if err != nil {
			return nil, err
		}
		changed = append(changed, b)
	}
	deleted := make([]json.RawMessage, 0, len(e.Deleted))
	for _, c := range e.Deleted {
		b, err := c.marshal(true)
		if err != nil {
			return nil, err
		}
		deleted = append(deleted, b)
	}
	return json.Marshal(map[string]any{"changed": changed, "deleted": deleted})
}

// CookieStore is the CookieStore API (window.cookieStore) of one document,
// served by a [RestrictedHandle], as Chromium 156 serves it: script-visible
// cookies only, written Secure, with Chromium's validation, its order of
// checks and its messages. Each refusal is a [*CookieStoreError] naming the
// [CookieStoreRule]. Where Chromium parts from the standard, it follows
// Chromium: a path not ending in '/' gets one, items carry every field of
// the cookie, delete(name) names the unpartitioned cookie. Service
// workers' CookieStore is not modelled. A CookieStore is safe for
// concurrent use; its zero value returns [ErrUnboundHandle].
type CookieStore struct {
	h   *RestrictedHandle
	doc *url.URL
}

// URL returns a copy of the document's URL, without its fragment.
func (s *CookieStore) URL() *url.URL {
	if s == nil {
		return nil
	}
	return copyURL(s.doc)
}

// bound returns ErrUnboundHandle for a CookieStore not made by a handle.
func (s *CookieStore) bound() error {
	if s == nil || s.h == nil || s.h.m == nil || s.doc == nil {
		return ErrUnboundHandle
	}
	return nil
}

// refuse returns the rejection of method for rule.
func refuse(method string, rule CookieStoreRule) error {
	return &CookieStoreError{Method: method, Name: "TypeError", Rule: rule}
}

// normalizeCookiePart removes the spaces and tabs at the ends of a name or
// value, as the API normalizes them.
func normalizeCookiePart(s string) string { return strings.Trim(s, " \t") }

// Get returns the first cookie getAll would return (the longest path,
// then the oldest), nil when there is none: cookieStore.get. Options with
// neither Name nor URL are refused ([ErrEmptyGetOptions]).
func (s *CookieStore) Get(ctx context.Context, opts CookieStoreGetOptions) (*CookieListItem, error) {
	if err := s.bound(); err != nil {
		return nil, err
	}
	if opts.Name == nil && opts.URL == nil {
		return nil, refuse("get", ErrEmptyGetOptions)
	}
	list, err := s.query(ctx, "get", opts)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// GetAll returns the cookies script in the document may read, in
// document.cookie's order, those named opts.Name when it is set:
// cookieStore.getAll. It returns an empty list, not nil, when there is
// none.
func (s *CookieStore) GetAll(ctx context.Context, opts CookieStoreGetOptions) ([]CookieListItem, error) {
	if err := s.bound(); err != nil {
		return nil, err
	}
	return s.query(ctx, "getAll", opts)
}

// query runs get or getAll (method).
func (s *CookieStore) query(ctx context.Context, method string, opts CookieStoreGetOptions) ([]CookieListItem, error) {
	u := s.doc
	if opts.URL != nil {
		ref, err := url.Parse(*opts.URL)
		if err != nil {
			return nil, refuse(method, ErrURLNotDocument)
		}
		parsed := s.doc.ResolveReference(ref)
		if !sameDocumentURL(parsed, s.doc) {
			return nil, refuse(method, ErrURLNotDocument)
		}
	}
	inc, _, err := s.h.m.Cookies(ctx, u, s.h.options(u, true))
	if err != nil {
		return nil, fmt.Errorf("cookiemonster: cookieStore.%s: %w", method, err)
	}
	out := make([]CookieListItem, 0, len(inc))
	for i := range inc {
		c := &inc[i].Cookie
		if opts.Name != nil && c.Name != normalizeCookiePart(*opts.Name) {
			continue
		}
		out = append(out, listItem(c, inc[i].AccessResult.EffectiveSameSite))
	}
	return out, nil
}

// sameDocumentURL reports whether a and b are one URL, fragments aside:
// scheme, host, port, path and query.
func sameDocumentURL(a, b *url.URL) bool {
	as, ah, ap, aok := frameOriginOf(a)
	bs, bh, bp, bok := frameOriginOf(b)
	return aok && bok && as == bs && ah == bh && ap == bp &&
		urlPath(a) == urlPath(b) && a.RawQuery == b.RawQuery && a.ForceQuery == b.ForceQuery
}

// listItem returns the CookieListItem of c, judged under the effective
// mode eff (EffectiveUndefined: unknown).
func listItem(c *CanonicalCookie, eff EffectiveSameSite) CookieListItem {
	item := CookieListItem{
		Name:        c.Name,
		Value:       c.Value,
		Path:        c.Path,
		Expires:     c.Expiry,
		Secure:      c.Secure,
		Partitioned: c.IsPartitioned(),
	}
	if !c.IsHostOnly() {
		item.Domain = c.DomainWithoutDot()
	}
	switch c.SameSite {
	case SameSiteStrict:
		item.SameSite = CookieSameSiteStrict
	case SameSiteLax:
		item.SameSite = CookieSameSiteLax
	case SameSiteNone:
		item.SameSite = CookieSameSiteNone
	default:
		switch eff {
		case EffectiveNoRestriction:
			item.SameSite = CookieSameSiteNone
		case EffectiveLaxMode, EffectiveLaxModeAllowUnsafe:
			item.SameSite = CookieSameSiteLax
		case EffectiveStrictMode:
			item.SameSite = CookieSameSiteStrict
		}
	}
	return item
}

// Set sets the cookie c: cookieStore.set. The name, value, domain and path
// are checked as Chromium checks them, each refusal a [*CookieStoreError]
// naming its rule; the cookie is then Secure, HttpOnly never, and set with
// the rules of a script write in the frame: a cookie the store refuses
// (see [ErrCookieNotStored]) is a CookieStoreError whose Cause has the
// exclusion reasons.
func (s *CookieStore) Set(ctx context.Context, c CookieInit) error {
	if err := s.bound(); err != nil {
		return err
	}
	return s.set(ctx, "set", c)
}

// Delete deletes the cookie named by opts: cookieStore.delete. Deleting a
// cookie that does not exist succeeds; one that script may not overwrite
// (HttpOnly) or may not set in the frame (a cross-site iframe) is refused
// with [ErrCookieNotStored].
func (s *CookieStore) Delete(ctx context.Context, opts CookieStoreDeleteOptions) error {
	if err := s.bound(); err != nil {
		return err
	}
	value := ""
	if normalizeCookiePart(opts.Name) == "" {
		// A nameless cookie needs a value; any that passes will do.
		value = "deleted"
	}
	return s.set(ctx, "delete", CookieInit{
		Name:        opts.Name,
		Value:       value,
		Expires:     time.Unix(0, 0),
		Domain:      opts.Domain,
		Path:        opts.Path,
		SameSite:    CookieSameSiteStrict,
		Partitioned: opts.Partitioned,
	})
}

// set runs set or delete (method) with c.
func (s *CookieStore) set(ctx context.Context, method string, c CookieInit) error {
	h, m := s.h, s.h.m
	name, value := normalizeCookiePart(c.Name), normalizeCookiePart(c.Value)
	if strings.IndexByte(name, '=') >= 0 {
		return refuse(method, ErrNameHasEquals)
	}
	if name == "" {
		if value == "" {
			return refuse(method, ErrEmptyNameAndValue)
		}
		if strings.IndexByte(value, '=') >= 0 {
			return refuse(method, ErrNamelessValueHasEquals)
		}
	}
	switch {
	case hasPrefixFold(name, "__Host-Http-"):
		return refuse(method, ErrHostHTTPPrefix)
	case hasPrefixFold(name, "__Http-"):
		return refuse(method, ErrHTTPPrefix)
	}
	expires := c.Expires
	if c.MaxAge != nil {
		if !expires.IsZero() {
			return refuse(method, ErrExpiresAndMaxAge)
		}
		expires = m.clock().Add(*c.MaxAge)
		if *c.MaxAge <= 0 {
			expires = time.Unix(0, 0)
		}
	}
	hostPrefix := hasPrefixFold(name, "__Host-")
	domain := ""
	if c.Domain != nil {
		// Chromium checks the prefix first.
		switch d, ok := registrableSuffixOrHost(m.psl, *c.Domain, h.host); {
		case hostPrefix:
			return refuse(method, ErrHostPrefixDomain)
		case strings.HasPrefix(*c.Domain, "."):
			return refuse(method, ErrDomainLeadingDot)
		case !ok:
			return refuse(method, ErrDomainNotHostSuffix)
		default:
			domain = d
		}
	}
	path := "/"
	if c.Path != nil {
		path = *c.Path
		if path != "" {
			if hostPrefix && path != "/" {
				return refuse(method, ErrHostPrefixPath)
			}
			if path[0] != '/' {
				return refuse(method, ErrPathNotAbsolute)
			}
			if !strings.HasSuffix(path, "/") {
				path += "/"
			}
		}
	}
	ss, ok := c.SameSite.sameSite()
	if !ok {
		return refuse(method, ErrInvalidSameSite)
	}
	// Every frame has a partition: its top-level frame has a host.
	var part PartitionKey
	if _, nonced := h.partition.Nonce(); c.Partitioned || nonced {
		part = h.partition
	}
	d := CookieDetails{
		URL:              s.doc,
		Name:             name,
		Value:            value,
		Domain:           domain,
		Path:             path,
		Secure:           true,
		Expiry:           expires,
		SameSite:         ss,
		Partition:        part,
		FirstPartyDomain: h.fpd,
		PublicSuffixList: m.psl,
	}
	st, err := h.setSanitized(ctx, d)
	if err != nil {
		return fmt.Errorf("cookiemonster: cookieStore.%s: %w", method, err)
	}
	if !st.IsInclude() {
		return &CookieStoreError{Method: method, Name: "TypeError", Rule: ErrCookieNotStored,
			Cause: fmt.Errorf("%w: %w", ErrCookieRejected, st.Err())}
	}
	return nil
}

// setSanitized makes the cookie d describes, as [NewSanitizedCookie] does,
// and sets it with the rules of a script write in the frame. As Chromium's
// restricted cookie manager rebuilds a cookie a frame sends, its source
// is the frame's origin: its scheme (an http origin on localhost is a
// non-secure source, Secure cookie or not) and its port. A cookie refused
// at creation is heard by the Observer as [Monster.Set]'s are.
func (h *RestrictedHandle) setSanitized(ctx context.Context, d CookieDetails) (InclusionStatus, error) {
	m := h.m
	c, st := NewSanitizedCookie(d, m.clock())
	if c == nil {
		if m.observingSets() {
			m.observeSet(DoorMonster, d.URL, "", nil, AccessResult{Status: st, EffectiveSameSite: EffectiveUndefined}, false, nil)
		}
		return st, nil
	}
	c.SourceScheme, c.SourcePort = SourceSchemeNonSecure, h.port
	if h.scheme == "https" {
		c.SourceScheme = SourceSchemeSecure
	}
	o := h.options(d.URL, false)
	r := newKeyedURL(d.URL)
	// The creation's only warning, a Secure cookie from a non-secure URL
	// recorded as from a secure one, does not hold: the source is the
	// origin's.
	res, _, err := m.setCanonical(ctx, m.clock(), setRequest{cookie: c, source: d.URL, url: &r, opts: &o})
	return res.Status, err
}

// registrableSuffixOrHost reports whether domain, parsed as a host, is the
// host h or a registrable domain suffix of it (the HTML Standard's "is a
// registrable domain suffix of or is equal to"), and returns it parsed.
func registrableSuffixOrHost(psl PublicSuffixList, domain, h string) (string, bool) {
	d, ok := host.Canonicalize(domain)
	if !ok {
		return "", false
	}
	if d == h {
		return d, true
	}
	if host.IsIP(d) || host.IsIP(h) || !strings.HasSuffix(h, "."+d) {
		return "", false
	}
	if psl.PublicSuffix(d) == d || strings.HasSuffix(psl.PublicSuffix(h), "."+d) {
		return "", false
	}
	return d, true
}

// OnChange calls fn with a change event for each change of a cookie script
// in the document may read: one set (Changed) or removed (Deleted) by any
// access to the store, HTTP included. As in Chromium, a cookie removed by
// the equivalent cookie that replaces it is not reported, and a cookie
// replaced by one that differs in nothing script may read (value, expiry,
// Secure, HttpOnly, SameSite, partition) gives no event at all. fn runs as the Monster's change subscribers do (see
// [ChangeDispatcher]); cancel ends the subscription. The zero CookieStore
// or a nil fn subscribes to nothing.
func (s *CookieStore) OnChange(fn func(CookieChangeEvent)) (cancel func()) {
	if s.bound() != nil || fn == nil {
		return func() {}
	}
	var (
		mu          sync.Mutex
		overwritten *CanonicalCookie
	)
	return s.h.m.Changes().SubscribeURL(s.doc, s.h.partition, func(ch Change) {
		mu.Lock()
		prev := overwritten
		overwritten = nil
		if ch.Cause == CauseOverwrite {
			c := ch.Cookie
			overwritten = &c
		}
		mu.Unlock()
		switch {
		case ch.Cause == CauseOverwrite:
			return
		case ch.Cause == CauseInserted && prev != nil && sameCookieData(prev, &ch.Cookie):
			return
		}
		item, ok := s.visible(&ch)
		if !ok {
			return
		}
		ev := CookieChangeEvent{Changed: []CookieListItem{}, Deleted: []CookieListItem{}}
		if ch.Cause == CauseInserted {
			ev.Changed = append(ev.Changed, item)
		} else {
			ev.Deleted = append(ev.Deleted, item)
		}
		fn(ev)
	})
}

// visible returns the item of the changed cookie when script in the
// document may read it: not HttpOnly, in the script's SameSite context, on
// the document's path, allowed by the Policy.
func (s *CookieStore) visible(ch *Change) (CookieListItem, bool) {
	h, m := s.h, s.h.m
	c := &ch.Cookie
	if c.FirstPartyDomain != h.fpd {
		return CookieListItem{}, false
	}
	o := h.options(s.doc, true)
	active := m.policyActive()
	if active {
		o = *m.withPolicySemantics(&o, c)
	}
	if !c.IncludeForRequestURL(s.doc, o, m.clock()).Status.IsInclude() {
		return CookieListItem{}, false
	}
	if active && m.policy.Decide(policyAccess(copyURL(s.doc), &o, copyCookie(c), false)).Block {
		return CookieListItem{}, false
	}
	eff := EffectiveUndefined
	if ch.Cause == CauseInserted {
		eff = ch.AccessResult.EffectiveSameSite
	}
	return listItem(c, eff), true
}

// sameCookieData reports whether a and b, equivalent cookies, differ in
// nothing script may read: value, expiry, Secure, HttpOnly, SameSite and
// partition. A new priority, source or time is no change to script, as
// Chromium judges it.
func sameCookieData(a, b *CanonicalCookie) bool {
	return a.Value == b.Value && a.Expiry.Equal(b.Expiry) && a.Secure == b.Secure && a.HTTPOnly == b.HTTPOnly &&
		a.SameSite == b.SameSite && a.Partition == b.Partition
}

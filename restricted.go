package cookiemonster

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Errors of a [RestrictedHandle].
var (
	// ErrOriginMismatch: a URL given to a RestrictedHandle is not of the
	// origin the handle is bound to. Nothing is read or written.
	ErrOriginMismatch = errors.New("cookiemonster: URL outside the origin of the restricted handle")
	// ErrInvalidOrigin: the origin a RestrictedHandle is asked for is not
	// an http or https origin with a host, or an ancestor frame has no
	// host.
	ErrInvalidOrigin = errors.New("cookiemonster: not an http or https origin with a host")
	// ErrUnboundHandle: the RestrictedHandle or CookieStore was not made
	// by [Monster.Restricted] (a zero value).
	ErrUnboundHandle = errors.New("cookiemonster: restricted handle not bound to a Monster")
	// ErrCookieRejected: the store refused the cookie a script set; the
	// error also matches the refusal's exclusion reasons with errors.Is
	// (a [*StatusError]), such as [ExcludeOverwriteHTTPOnly].
	ErrCookieRejected = errors.New("cookiemonster: cookie rejected")
)

// FrameContext describes where the frame of a [RestrictedHandle] sits: the
// documents that embed it and what the user granted it. The zero value is
// a top-level document.
type FrameContext struct {
	// Ancestors are the URLs of the documents that embed the frame, from
	// the top-level document down to the frame's parent; empty: the frame
	// is the top-level document. They give the site for cookies (null when
	// a frame up the tree is cross-site with the top), the top-level frame
	// and the partition.
	Ancestors []*url.URL
	// StorageAccess reports that the frame requested Storage Access
	// (document.requestStorageAccess) and holds it: a [Policy] that blocks
	// third-party cookies may then let its unpartitioned cookies through,
	// as [CookieSettings] does when the grant is there (see
	// [Options.StorageAccess]).
	StorageAccess bool
	// Nonce, when not nil, is the nonce of an anonymous (credentialless)
	// iframe or a fenced frame: every cookie it reads or writes is in the
	// nonced partition of its top-level site, which hides the
	// unpartitioned ones.
	Nonce *Nonce
}

// RestrictedHandle is what script in one frame may do with a [Monster], as
// Chromium's RestrictedCookieManager serves document.cookie and the
// CookieStore API to a frame: it is bound to the frame's origin, its site
// for cookies, its top-level frame and its partition, and
//
//   - reads and writes as script does: HttpOnly cookies are neither seen
//     nor overwritten ([ExcludeHTTPOnly], [ExcludeOverwriteHTTPOnly]), the
//     SameSite context is the script's (a cross-site iframe sees no Lax or
//     Strict cookie and cannot set one), and the partitioned cookies seen
//     are those of the frame's partition, with the unpartitioned ones;
//   - carries the frame's top-level URL, third-party-ness and Storage
//     Access into every access, so that the Monster's [Policy] decides as
//     for the frame;
//   - refuses every URL outside its origin with [ErrOriginMismatch],
//     reading nothing.
//
// A RestrictedHandle is safe for concurrent use. Its zero value is not
// bound to a Monster: its methods return [ErrUnboundHandle].
type RestrictedHandle struct {
	m *Monster
	// origin is the bound origin: scheme, canonical host and port.
	scheme, host string
	port         int
	top          *url.URL
	sfc          SiteForCookies
	partition    PartitionKey
	// secureContext: the origin and every ancestor are potentially
	// trustworthy, so that the CookieStore API exists in the frame.
	secureContext bool
	storageAccess bool
	fpd           string
}

// Restricted returns the handle through which script in a frame of origin,
// embedded as frame says, reaches m. Only the scheme, host and port of
// origin count. An origin that is not http or https with a host, or an
// ancestor without a host, is [ErrInvalidOrigin]; a nil origin or ancestor
// is [ErrNilURL].
func (m *Monster) Restricted(origin *url.URL, frame FrameContext) (*RestrictedHandle, error) {
	m.ready()
	if origin == nil {
		return nil, ErrNilURL
	}
	h := &RestrictedHandle{m: m, storageAccess: frame.StorageAccess}
	var ok bool
	if h.scheme, h.host, h.port, ok = frameOriginOf(origin); !ok {
		return nil, fmt.Errorf("%w: %q", ErrInvalidOrigin, origin.Redacted())
	}
	frames := make([]*url.URL, 0, len(frame.Ancestors)+1)
	for _, a := range frame.Ancestors {
		if a == nil {
			return nil, fmt.Errorf("cookiemonster: ancestor frame: %w", ErrNilURL)
		}
		if _, ok := canonicalURLHost(a); !ok {
			return nil, fmt.Errorf("%w: ancestor frame %q", ErrInvalidOrigin, a.Redacted())
		}
		frames = append(frames, copyURL(a))
	}
	self := h.originURL()
	frames = append(frames, self)
	h.top = frames[0]
	h.sfc = SiteForCookiesFromFrames(frames, m.psl)
	h.secureContext = true
	for _, f := range frames {
		fh, _ := canonicalURLHost(f)
		if accessSchemeOf(f, fh) == accessNonCryptographic {
			h.secureContext = false
		}
	}
	if frame.Nonce != nil {
		k, err := NewNoncedPartitionKey(h.top, *frame.Nonce)
		if err != nil {
			return nil, fmt.Errorf("cookiemonster: the frame's nonced partition: %w", err)
		}
		h.partition = k
	} else {
		h.partition = PartitionKeyFor(h.top, h.sfc, self, false, m.psl)
	}
	if m.fpi {
		h.fpd = m.firstPartyOf(h.top)
	}
	return h, nil
}

// frameOriginOf returns the origin of u: its lower-case scheme, which must be
// http or https, its canonical host and its port.
func frameOriginOf(u *url.URL) (scheme, h string, port int, ok bool) {
	scheme = strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", "", 0, false
	}
	h, ok = canonicalURLHost(u)
	if !ok {
		return "", "", 0, false
	}
	port = effectivePort(u)
	if port == PortInvalid {
		return "", "", 0, false
	}
	return scheme, h, port, true
}

// originURL returns the bound origin as a URL with the path "/".
func (h *RestrictedHandle) originURL() *url.URL {
	hostport := h.host
	if def := effectivePort(&url.URL{Scheme: h.scheme}); h.port != def {
		hostport += ":" + strconv.Itoa(h.port)
	}
	return &url.URL{Scheme: h.scheme, Host: hostport, Path: "/"}
}

// Origin returns the serialized origin the handle is bound to, such as
// "https://www.example.com" or "http://localhost:8080"; "" for the zero
// handle.
func (h *RestrictedHandle) Origin() string {
	if h == nil || h.m == nil {
		return ""
	}
	u := h.originURL()
	return u.Scheme + "://" + u.Host
}

// TopFrame returns a copy of the URL of the frame's top-level document
// (the origin itself for a top-level frame); nil for the zero handle.
func (h *RestrictedHandle) TopFrame() *url.URL {
	if h == nil || h.m == nil {
		return nil
	}
	return copyURL(h.top)
}

// SiteForCookies returns the frame's site for cookies: null when a frame
// up the tree is cross-site with the top-level one.
func (h *RestrictedHandle) SiteForCookies() SiteForCookies {
	if h == nil {
		return SiteForCookies{}
	}
	return h.sfc
}

// Partition returns the partition of the frame: its partitioned cookies are
// those of this key.
func (h *RestrictedHandle) Partition() PartitionKey {
	if h == nil {
		return PartitionKey{}
	}
	return h.partition
}

// ThirdParty reports whether the frame is a third-party context: its
// origin is not first-party to its site for cookies.
func (h *RestrictedHandle) ThirdParty() bool {
	if h == nil || h.m == nil {
		return false
	}
	return !h.sfc.IsFirstParty(h.originURL(), h.m.psl)
}

// check returns the error of a call with u: an unbound handle, a nil URL,
// a URL outside the origin.
func (h *RestrictedHandle) check(u *url.URL) error {
	if h == nil || h.m == nil {
		return ErrUnboundHandle
	}
	if u == nil {
		return ErrNilURL
	}
	scheme, hst, port, ok := frameOriginOf(u)
	if !ok || scheme != h.scheme || hst != h.host || port != h.port {
		return fmt.Errorf("%w: %q is not of %s", ErrOriginMismatch, u.Redacted(), h.Origin())
	}
	return nil
}

// options returns the options of a script access to u: a read (get) or a
// write.
func (h *RestrictedHandle) options(u *url.URL, get bool) Options {
	in := SameSiteInput{URLChain: []*url.URL{u}, SiteForCookies: h.sfc, PublicSuffixList: h.m.psl}
	ctx := in.ForScriptSet()
	if get {
		ctx = in.ForScriptGet()
	}
	return Options{
		SameSite:         ctx,
		Partition:        h.partition,
		TopFrame:         h.top,
		ThirdParty:       !h.sfc.IsFirstParty(u, h.m.psl),
		StorageAccess:    h.storageAccess,
		FirstPartyDomain: h.fpd,
	}
}

// DocumentCookie returns what document.cookie returns in a document at u:
// the cookies script may read there, as a Cookie header writes them (""
// when none). u must be of the handle's origin ([ErrOriginMismatch]).
func (h *RestrictedHandle) DocumentCookie(ctx context.Context, u *url.URL) (string, error) {
	if err := h.check(u); err != nil {
		return "", err
	}
	return h.m.CookieHeader(ctx, u, h.options(u, true))
}

// Cookies returns the cookies script in a document at u may read, in
// document.cookie's order, and the others of u's site and the frame's
// partition with the reasons script may not (HttpOnly, SameSite, the
// Policy, ...). u must be of the handle's origin ([ErrOriginMismatch]).
func (h *RestrictedHandle) Cookies(ctx context.Context, u *url.URL) (included, excluded []CookieWithAccessResult, err error) {
	if err := h.check(u); err != nil {
		return nil, nil, err
	}
	o := h.options(u, true)
	o.ReturnExcluded = true
	return h.m.Cookies(ctx, u, o)
}

// SetDocumentCookie does what assigning line to document.cookie does in a
// document at u: line is read as a Set-Cookie line and stored with the
// rules of a script write (no HttpOnly cookie, nor the overwrite of one;
// the script's SameSite context; the frame's partition for a Partitioned
// cookie). A browser ignores a refused cookie silently; here the
// [AccessResult] says why, and the error wraps [ErrCookieRejected] and the
// [*StatusError] of the refusal. u must be of the handle's origin
// ([ErrOriginMismatch]).
func (h *RestrictedHandle) SetDocumentCookie(ctx context.Context, u *url.URL, line string) (AccessResult, error) {
	if err := h.check(u); err != nil {
		return AccessResult{Status: failureToStore()}, err
	}
	res, err := h.m.SetCookieLine(ctx, u, line, h.options(u, false))
	if err != nil {
		return res, err
	}
	if !res.Status.IsInclude() {
		return res, fmt.Errorf("%w by document.cookie: %w", ErrCookieRejected, res.Status.Err())
	}
	return res, nil
}

// failureToStore is the status of an access refused before the store
// judged it.
func failureToStore() InclusionStatus {
	var st InclusionStatus
	st.addExclusion(ExcludeFailureToStore)
	return st
}

// CookieStore returns the CookieStore API of the document at u, a URL of
// the handle's origin ([ErrOriginMismatch]). The API exists only in a
// secure context: u's origin and every ancestor's must be https, or http
// on localhost or a loopback address ([ErrNotSecureContext]).
func (h *RestrictedHandle) CookieStore(u *url.URL) (*CookieStore, error) {
	if err := h.check(u); err != nil {
		return nil, err
	}
	if !h.secureContext {
		return nil, fmt.Errorf("%w: %s", ErrNotSecureContext, h.Origin())
	}
	doc := copyURL(u)
	doc.Fragment, doc.RawFragment = "", ""
	return &CookieStore{h: h, doc: doc}, nil
}

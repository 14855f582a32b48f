package cookiemonster

import (
	"cmp"
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// Errors about partition keys.
var (
	// ErrOpaquePartitionSite: the top-level URL has no host, so it has no
	// site to partition by.
	ErrOpaquePartitionSite = errors.New("cookiemonster: partition key needs a URL with a host")
	// ErrNotSerializable: a nonced (anonymous) or zero partition key has
	// no storage form.
	ErrNotSerializable = errors.New("cookiemonster: partition key is not serializable")
	// ErrBadPartitionKey: a stored partition key does not round-trip.
	ErrBadPartitionKey = errors.New("cookiemonster: malformed stored partition key")
)

// Nonce identifies an anonymous or fenced frame; cookies partitioned by a
// nonced key are never persisted.
type Nonce [16]byte

// PartitionKey is the partition of a CHIPS (Partitioned) cookie: the
// top-level site, whether the frame had a cross-site ancestor, and an
// optional nonce. The zero value means "unpartitioned". PartitionKey is
// comparable and can be a map key.
type PartitionKey struct {
	site              Site
	crossSiteAncestor bool
	hasNonce          bool
	nonce             Nonce
}

// NewPartitionKey returns the key for the top-level document at topLevel
// (site = scheme + eTLD+1, by the default public suffix list), with the
// cross-site-ancestor bit.
func NewPartitionKey(topLevel *url.URL, crossSiteAncestor bool) (PartitionKey, error) {
	return NewPartitionKeyFromSite(SiteOf(topLevel, nil), crossSiteAncestor)
}

// NewPartitionKeyFromSite returns the key for a site computed with [SiteOf],
// for callers with their own public suffix list.
func NewPartitionKeyFromSite(site Site, crossSiteAncestor bool) (PartitionKey, error) {
	if site.IsOpaque() || site.Scheme == "" {
		return PartitionKey{}, ErrOpaquePartitionSite
	}
	return PartitionKey{site: site, crossSiteAncestor: crossSiteAncestor}, nil
}

// NewNoncedPartitionKey returns the key of an anonymous frame at frame with
// the given nonce. A nonced key always has a cross-site ancestor, partitions
// cookies even without the Partitioned attribute, and hides unpartitioned
// cookies.
func NewNoncedPartitionKey(frame *url.URL, nonce Nonce) (PartitionKey, error) {
	k, err := NewPartitionKey(frame, true)
	if err != nil {
		return k, err
	}
	k.hasNonce, k.nonce = true, nonce
	return k, nil
}

// PartitionKeyFor returns the partition key of a request to requestURL made
// from a document whose top frame is topFrame and whose site for cookies is
// sfc, with Chromium's rules for the cross-site-ancestor bit: a main-frame
// navigation is same-site; a null site for cookies is cross-site; otherwise
// the bit is set when the site for cookies is not same-site with the
// request. It returns the zero key when topFrame is nil or has no host.
func PartitionKeyFor(topFrame *url.URL, sfc SiteForCookies, requestURL *url.URL, mainFrameNavigation bool, psl PublicSuffixList) PartitionKey {
	return partitionKeyForSites(SiteOf(topFrame, psl), sfc, SiteOf(requestURL, psl), mainFrameNavigation)
}

// partitionKeyForSites is PartitionKeyFor with the sites of the top frame
// and of the request.
func partitionKeyForSites(site Site, sfc SiteForCookies, reqSite Site, mainFrameNavigation bool) PartitionKey {
	cross := true
	switch {
	case mainFrameNavigation:
		cross = false
	case sfc.IsNull():
		cross = true
	default:
		cross = !sfc.isFirstParty(reqSite, true)
	}
	k, err := NewPartitionKeyFromSite(site, cross)
	if err != nil {
		return PartitionKey{}
	}
	return k
}

// IsPartitioned reports whether k names a partition (it is not zero).
func (k PartitionKey) IsPartitioned() bool { return !k.site.IsOpaque() }

// Site returns the top-level site.
func (k PartitionKey) Site() Site { return k.site }

// CrossSiteAncestor reports the cross-site-ancestor bit.
func (k PartitionKey) CrossSiteAncestor() bool { return k.crossSiteAncestor }

// Nonce returns the nonce and whether there is one.
func (k PartitionKey) Nonce() (Nonce, bool) { return k.nonce, k.hasNonce }

// String describes the key, for example "https://example.com (cross-site)";
// "" for the zero key.
func (k PartitionKey) String() string {
	if !k.IsPartitioned() {
		return ""
	}
	s := k.site.String()
	if k.crossSiteAncestor {
		s += " (cross-site)"
	} else {
		s += " (same-site)"
	}
	if k.hasNonce {
		s += " (nonced)"
	}
	return s
}

// Serialize returns the storage form of k: the top-level site
// ("https://example.com") and the cross-site-ancestor bit. The zero key
// serializes as ("", true). A nonced key cannot be serialized.
func (k PartitionKey) Serialize() (site string, crossSiteAncestor bool, err error) {
	if !k.IsPartitioned() {
		return "", true, nil
	}
	if k.hasNonce {
		return "", false, ErrNotSerializable
	}
	return k.site.String(), k.crossSiteAncestor, nil
}

// PartitionKeyFromStorage parses the storage form made by Serialize,
// strictly: the site must be "scheme://registrable-domain" exactly as
// Serialize writes it under psl (nil: the default list). The empty site is
// the zero key.
func PartitionKeyFromStorage(site string, crossSiteAncestor bool, psl PublicSuffixList) (PartitionKey, error) {
	if site == "" {
		return PartitionKey{}, nil
	}
	scheme, rest, ok := strings.Cut(site, "://")
	if !ok || !isCanonicalScheme(scheme) {
		return PartitionKey{}, ErrBadPartitionKey
	}
	h, ok := host.Canonicalize(rest)
	if !ok {
		return PartitionKey{}, ErrBadPartitionKey
	}
	s := Site{Scheme: normalizeScheme(scheme), Domain: host.Key(psl, h)}
	if s.String() != site {
		return PartitionKey{}, ErrBadPartitionKey
	}
	return PartitionKey{site: s, crossSiteAncestor: crossSiteAncestor}, nil
}

// isCanonicalScheme reports whether s is a URL scheme in its canonical,
// lower-case form: a letter, then letters, digits, '+', '-' or '.'.
func isCanonicalScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case 'a' <= b && b <= 'z':
		case i > 0 && ('0' <= b && b <= '9' || b == '+' || b == '-' || b == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// comparePartitionKeys orders keys by site, then nonce, then the
// cross-site-ancestor bit; the zero key sorts first.
func comparePartitionKeys(a, b PartitionKey) int {
	if c := cmp.Compare(a.site.Domain, b.site.Domain); c != 0 {
		return c
	}
	if c := cmp.Compare(a.site.Scheme, b.site.Scheme); c != 0 {
		return c
	}
	if a.hasNonce != b.hasNonce {
		if a.hasNonce {
			return 1
		}
		return -1
	}
	if c := slices.Compare(a.nonce[:], b.nonce[:]); c != 0 {
		return c
	}
	switch {
	case a.crossSiteAncestor == b.crossSiteAncestor:
		return 0
	case a.crossSiteAncestor:
		return 1
	}
	return -1
}

// PartitionKeyCollection is the set of partitions a read may see: none (the
// zero value), some keys, or all.
type PartitionKeyCollection struct {
	all  bool
	keys []PartitionKey
}

// AllPartitions returns the collection of every partition.
func AllPartitions() PartitionKeyCollection { return PartitionKeyCollection{all: true} }

// PartitionKeys returns the collection of the given partitioned keys; zero
// keys are ignored, and no key gives the empty collection.
func PartitionKeys(keys ...PartitionKey) PartitionKeyCollection {
	var c PartitionKeyCollection
	for _, k := range keys {
		if k.IsPartitioned() && !slices.Contains(c.keys, k) {
			c.keys = append(c.keys, k)
		}
	}
	return c
}

// ContainsAll reports whether the collection holds every partition.
func (c PartitionKeyCollection) ContainsAll() bool { return c.all }

// IsEmpty reports whether the collection holds no partition.
func (c PartitionKeyCollection) IsEmpty() bool { return !c.all && len(c.keys) == 0 }

// Keys returns the listed keys (nil for the empty and the all collections).
func (c PartitionKeyCollection) Keys() []PartitionKey { return slices.Clone(c.keys) }

// Contains reports whether k is in the collection. The zero key is in no
// collection.
func (c PartitionKeyCollection) Contains(k PartitionKey) bool {
	if !k.IsPartitioned() {
		return false
	}
	return c.all || slices.Contains(c.keys, k)
}

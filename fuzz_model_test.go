package cookiemonster

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The reference model: a slow store written straight from the rules of
// chromium-behavior.md (creation §2, set and get §3, SameSite §4), for a
// small universe of hosts, names, paths and attributes that FuzzMonsterModel
// and FuzzFrontEndsAgree draw their operations from. It keeps a flat list of
// cookies and decides every question by scanning it, with no index, no
// eviction (a sequence never reaches a limit) and no policy.

// The universe. Every host's registrable domain and every public suffix the
// hosts have are listed here, so the model needs no public suffix list.
var (
	modelHosts = []string{"example.com", "www.example.com", "a.www.example.com", "example.org", "foo.github.io", "127.0.0.1"}
	// modelSite is each host's eTLD+1 (the IP is its own key).
	modelSite = map[string]string{
		"example.com": "example.com", "www.example.com": "example.com", "a.www.example.com": "example.com",
		"example.org": "example.org", "foo.github.io": "foo.github.io", "127.0.0.1": "127.0.0.1",
	}
	// modelSuffixes are the public suffixes a Domain attribute may name.
	modelSuffixes = map[string]bool{"com": true, "org": true, "io": true, "github.io": true}

	modelPaths  = []string{"/", "/a", "/a/b", "/ab", "/b/c"}
	modelNames  = []string{"a", "b", "", "__Secure-a", "__Host-a"}
	modelValues = []string{"1", "2", "x", "long-value"}
	// modelDomains are Domain attributes, index 0 none; a set also names
	// its own host and site.
	modelDomains = []string{"", "example.com", ".example.com", "www.example.com", "EXAMPLE.COM", "com",
		"github.io", "foo.github.io", "example.org", "127.0.0.1", "a.www.example.com"}
	modelPathAttrs = []string{"", "/", "/a", "/a/", "/b", "a"} // index 0 is none
	modelSameSites = []string{"", "Strict", "Lax", "None", "bogus"}
	// modelAges are Max-Age values; "" is none, "past" an Expires in 1970.
	modelAges = []string{"", "0", "-1", "60", "200", "40000000", "past"}
	// modelAdvances are the clock steps, around the 2-minute window and
	// the Max-Age values above.
	modelAdvances = []time.Duration{time.Second, 59 * time.Second, 60 * time.Second, 61 * time.Second,
		2*time.Minute - time.Millisecond, 2 * time.Minute, 2*time.Minute + time.Millisecond, time.Hour, 401 * 24 * time.Hour}
	modelContexts = []ContextType{ContextCrossSite, ContextLaxMethodUnsafe, ContextLax, ContextStrict}
)

// modelPartitions are the partitions a set or a read may run in; index 0
// is none.
func modelPartitions(tb testing.TB) []PartitionKey {
	tb.Helper()
	keys := []PartitionKey{{}}
	for _, top := range []struct {
		site  string
		cross bool
	}{{"https://example.com", false}, {"https://example.org", false}, {"https://example.com", true}} {
		k, err := NewPartitionKey(mustURL(tb, top.site+"/"), top.cross)
		if err != nil {
			tb.Fatal(err)
		}
		keys = append(keys, k)
	}
	return keys
}

// opBytes hands out the fuzz input one choice at a time; an exhausted input
// gives zeros.
type opBytes struct{ b []byte }

func (r *opBytes) next() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// pick returns an index below n.
func (r *opBytes) pick(n int) int { return int(r.next()) % n }

func (r *opBytes) done() bool { return len(r.b) == 0 }

// modelSet is one Set-Cookie line of the universe, with the request that
// carries it.
type modelSet struct {
	secureURL bool
	host      int
	path      int
	name      int
	value     int
	domain    string // "": no Domain attribute
	pathAttr  string // "": no Path attribute
	secure    bool
	httpOnly  bool
	sameSite  int
	age       int
	part      bool // the Partitioned attribute
	ctx       int  // the SameSite context of the response
	script    bool // a script-like set: HttpOnly cookies may not be set
	partition int  // the partition of the setting context
}

// readSet decodes a modelSet from six bytes. The choices are biased
// towards cookies that are stored: no Domain or Path attribute half the
// time, a same-site context three times in four.
func readSet(r *opBytes) modelSet {
	a, b, c, d, e, g := r.next(), r.next(), r.next(), r.next(), r.next(), r.next()
	s := modelSet{
		secureURL: a&1 == 0, host: int(a>>1) % len(modelHosts), path: int(a>>4) % len(modelPaths),
		name: int(b) % len(modelNames), value: int(b>>3) % len(modelValues),
		secure: d&1 != 0, httpOnly: d&2 != 0, sameSite: int(d>>2) % len(modelSameSites),
		part: e&7 == 0,
		ctx:  int(e>>3) % len(modelContexts), script: e&0x60 == 0x60 && d&2 == 0,
		partition: int(g) % 4,
	}
	if b&0xc0 != 0xc0 {
		s.name %= 3 // no prefix
	}
	if g&4 != 0 {
		s.age = 1 + int(g>>3)%(len(modelAges)-1)
	}
	if c&1 != 0 {
		switch host := modelHosts[s.host]; c >> 1 & 3 {
		case 0:
			s.domain = host
		case 1:
			s.domain = modelSite[host]
		case 2:
			s.domain = "." + strings.ToUpper(modelSite[host])
		default:
			s.domain = modelDomains[1+int(c>>3&15)%(len(modelDomains)-1)]
		}
	}
	if c&0x80 != 0 {
		s.pathAttr = modelPathAttrs[1+int(c>>5&3)%(len(modelPathAttrs)-1)]
	}
	if e&0x80 == 0 {
		s.ctx = 2 + int(e>>3)%2 // Lax or Strict
	}
	return s
}

// secureAccess reports whether the URL may set and read Secure cookies:
// https, or loopback (trustworthy though not cryptographic).
func (s modelSet) secureAccess() bool { return s.secureURL || modelHosts[s.host] == "127.0.0.1" }

// url returns the URL the line comes from.
func (s modelSet) url() string { return modelURL(s.secureURL, s.host, s.path) }

func modelURL(secure bool, host, path int) string {
	scheme := "http"
	if secure {
		scheme = "https"
	}
	return scheme + "://" + modelHosts[host] + modelPaths[path]
}

// line returns the Set-Cookie line.
func (s modelSet) line() string {
	var b strings.Builder
	if n := modelNames[s.name]; n != "" {
		b.WriteString(n)
		b.WriteByte('=')
	}
	b.WriteString(modelValues[s.value])
	if s.domain != "" {
		b.WriteString("; Domain=" + s.domain)
	}
	if s.pathAttr != "" {
		b.WriteString("; Path=" + s.pathAttr)
	}
	if s.secure {
		b.WriteString("; Secure")
	}
	if s.httpOnly {
		b.WriteString("; HttpOnly")
	}
	if s.sameSite != 0 {
		b.WriteString("; SameSite=" + modelSameSites[s.sameSite])
	}
	switch a := modelAges[s.age]; a {
	case "":
	case "past":
		b.WriteString("; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
	default:
		b.WriteString("; Max-Age=" + a)
	}
	if s.part {
		b.WriteString("; Partitioned")
	}
	return b.String()
}

// options returns the options of the set.
func (s modelSet) options(keys []PartitionKey) Options {
	ct := modelContexts[s.ctx]
	return Options{IncludeHTTPOnly: !s.script, SameSite: SameSiteContext{Context: ct, Schemeful: ct}, Partition: keys[s.partition]}
}

// modelCookie is a stored cookie of the model.
type modelCookie struct {
	name, value, domain, path string
	secure, httpOnly          bool
	sameSite                  SameSite
	partition                 int
	creation, expiry          time.Time
}

func (c modelCookie) String() string {
	return fmt.Sprintf("%s=%s dom=%s path=%s sec=%v ho=%v ss=%v part=%d cr=%s exp=%s", c.name, c.value, c.domain, c.path,
		c.secure, c.httpOnly, c.sameSite, c.partition, c.creation.Format(time.RFC3339Nano), c.expiry.Format(time.RFC3339Nano))
}

// hostOnly reports whether the cookie is a host cookie.
func (c modelCookie) hostOnly() bool { return !strings.HasPrefix(c.domain, ".") }

// site is the eTLD+1 its domain belongs to.
func (c modelCookie) site() string { return modelSite[strings.TrimPrefix(c.domain, ".")] }

// domainMatch: a host cookie matches its host only, a domain cookie its
// domain and every subdomain of it.
func (c modelCookie) domainMatch(host string) bool {
	if c.hostOnly() {
		return host == c.domain
	}
	d := c.domain[1:]
	return host == d || strings.HasSuffix(host, c.domain)
}

// onPath is the path-match of RFC 6265 §5.1.4.
func modelOnPath(cookiePath, reqPath string) bool {
	if !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return len(reqPath) == len(cookiePath) || strings.HasSuffix(cookiePath, "/") || reqPath[len(cookiePath)] == '/'
}

// subdomainEither reports whether the dotless domains a and b are equal or
// one is a subdomain of the other.
func subdomainEither(a, b string) bool {
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// refModel is the reference store.
type refModel struct {
	cookies []modelCookie
}

// create applies the creation rules; ok false means the line is refused
// before the store sees it.
func (m *refModel) create(s modelSet, now time.Time) (modelCookie, ExclusionReason, bool) {
	host := modelHosts[s.host]
	c := modelCookie{name: modelNames[s.name], value: modelValues[s.value], secure: s.secure, httpOnly: s.httpOnly,
		creation: now}
	// Domain.
	attr := strings.ToLower(strings.TrimPrefix(s.domain, "."))
	switch {
	case attr == "":
		c.domain = host
	case host == "127.0.0.1" || modelSuffixes[attr] || modelSuffixes[host]:
		if attr != host {
			return c, ExcludeInvalidDomain, false
		}
		c.domain = host
	case modelSite[host] == modelSiteOfDomain(attr) && (host == attr || strings.HasSuffix(host, "."+attr)):
		c.domain = "." + attr
	default:
		return c, ExcludeInvalidDomain, false
	}
	// Path.
	if strings.HasPrefix(s.pathAttr, "/") {
		c.path = s.pathAttr
	} else {
		c.path = modelDefaultPath(modelPaths[s.path])
	}
	// Prefixes: Secure from a cryptographic or loopback URL; __Host- also
	// a Path attribute of exactly "/" and no Domain attribute (for an IP
	// host, one equal to the host).
	secureOK := s.secure && s.secureAccess()
	lower := strings.ToLower(c.name)
	switch {
	case strings.HasPrefix(lower, "__secure-") && !secureOK:
		return c, ExcludeInvalidPrefix, false
	case strings.HasPrefix(lower, "__host-") && (!secureOK || s.pathAttr != "/" || (s.domain != "" && !(host == "127.0.0.1" && attr == host))):
		return c, ExcludeInvalidPrefix, false
	}
	// Partitioned needs Secure from a cryptographic URL; without a key the
	// cookie is unpartitioned.
	if s.part && !secureOK {
		return c, ExcludeInvalidPartitioned, false
	}
	if s.part {
		c.partition = s.partition
	}
	// SameSite: an unknown value is unspecified.
	switch modelSameSites[s.sameSite] {
	case "Strict":
		c.sameSite = SameSiteStrict
	case "Lax":
		c.sameSite = SameSiteLax
	case "None":
		c.sameSite = SameSiteNone
	}
	// Expiry: Max-Age ≤ 0 and the past Expires are already expired; the
	// rest capped at 400 days.
	switch a := modelAges[s.age]; a {
	case "":
	case "past", "0", "-1":
		c.expiry = time.Unix(0, 0) // any instant before creation
	default:
		n, _ := strconv.Atoi(a)
		c.expiry = now.Add(time.Duration(n) * time.Second)
		if limit := now.Add(400 * 24 * time.Hour); c.expiry.After(limit) {
			c.expiry = limit
		}
	}
	return c, 0, true
}

// modelSiteOfDomain is the eTLD+1 of a dotless Domain attribute of the
// universe; "" for one the table does not know (it then matches no host).
func modelSiteOfDomain(d string) string {
	if s, ok := modelSite[d]; ok {
		return s
	}
	for h, s := range modelSite {
		if strings.HasSuffix(h, "."+d) && !modelSuffixes[d] {
			return s
		}
	}
	return ""
}

// modelDefaultPath is the default path of a request path.
func modelDefaultPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// set runs one set and reports whether it was accepted, or a reason it
// was refused for (the store may report more).
func (m *refModel) set(s modelSet, now time.Time) (ExclusionReason, bool) {
	c, why, ok := m.create(s, now)
	if !ok {
		return why, false
	}
	ctx := modelContexts[s.ctx]
	switch {
	case !m.host(c, modelHosts[s.host]):
		return ExcludeDomainMismatch, false
	case c.secure && !s.secureAccess():
		return ExcludeSecureOnly, false
	case c.httpOnly && s.script:
		return ExcludeHTTPOnly, false
	case c.sameSite == SameSiteNone && !c.secure:
		return ExcludeSameSiteNoneInsecure, false
	case c.sameSite == SameSiteStrict && ctx < ContextLax:
		return ExcludeSameSiteStrict, false
	case c.sameSite == SameSiteLax && ctx < ContextLax:
		return ExcludeSameSiteLax, false
	case c.sameSite == SameSiteUnspecified && ctx < ContextLax:
		return ExcludeSameSiteUnspecifiedTreatedAsLax, false
	}
	// Leave Secure Cookies Alone, then the equivalent cookie.
	old := -1
	for i, e := range m.cookies {
		if e.site() != c.site() || e.partition != c.partition {
			continue
		}
		if e.secure && !s.secureAccess() && e.name == c.name &&
			subdomainEither(strings.TrimPrefix(e.domain, "."), strings.TrimPrefix(c.domain, ".")) && modelOnPath(e.path, c.path) {
			return ExcludeOverwriteSecure, false
		}
		if e.name == c.name && e.domain == c.domain && e.path == c.path {
			if s.script && e.httpOnly {
				return ExcludeOverwriteHTTPOnly, false
			}
			old = i
		}
	}
	expired := !c.expiry.IsZero() && !now.Before(c.expiry)
	if old >= 0 {
		if m.cookies[old].value == c.value {
			c.creation = m.cookies[old].creation
		}
		m.cookies = slices.Delete(m.cookies, old, old+1)
	}
	if !expired {
		m.cookies = append(m.cookies, c)
	}
	return 0, true
}

// host reports whether the cookie domain-matches the host it is set from.
func (m *refModel) host(c modelCookie, host string) bool { return c.domainMatch(host) }

// expire removes the cookies expired at now.
func (m *refModel) expire(now time.Time) {
	m.cookies = slices.DeleteFunc(m.cookies, func(c modelCookie) bool {
		return !c.expiry.IsZero() && !now.Before(c.expiry)
	})
}

// modelRead is one request of the universe.
type modelRead struct {
	secureURL bool
	host      int
	path      int
	ctx       int
	script    bool
	partition int
}

// readRead decodes a modelRead from three bytes. Three reads in four go
// to the URL of an earlier set (seen), with another scheme half the time;
// half are in a same-site context.
func readRead(r *opBytes, seen []modelRead) modelRead {
	a, b, c := r.next(), r.next(), r.next()
	q := modelRead{secureURL: a&1 == 0, host: int(a>>1) % len(modelHosts), path: int(a>>4) % len(modelPaths),
		ctx: int(b) % len(modelContexts), script: b&4 != 0, partition: int(b>>3) % 4}
	if b&0x80 == 0 {
		q.ctx = 2 + int(b)%2 // Lax or Strict
	}
	if c&3 != 0 && len(seen) > 0 {
		p := seen[int(c>>2)%len(seen)]
		q.host, q.path = p.host, p.path
		if c&0x80 == 0 {
			q.secureURL = p.secureURL
		}
	}
	return q
}

func (q modelRead) url() string { return modelURL(q.secureURL, q.host, q.path) }

func (q modelRead) options(keys []PartitionKey) Options {
	ct := modelContexts[q.ctx]
	return Options{IncludeHTTPOnly: !q.script, SameSite: SameSiteContext{Context: ct, Schemeful: ct}, Partition: keys[q.partition]}
}

// laxAllowUnsafeAge is how long a cookie without a SameSite attribute is
// sent on a cross-site top-level unsafe request.
const laxAllowUnsafeAge = 2 * time.Minute

// get returns the cookies sent with the request, in header order.
func (m *refModel) get(q modelRead, now time.Time) []modelCookie {
	m.expire(now)
	host, path, ctx := modelHosts[q.host], modelPaths[q.path], modelContexts[q.ctx]
	var out []modelCookie
	for _, c := range m.cookies {
		switch {
		case c.partition != 0 && c.partition != q.partition:
		case !c.domainMatch(host), !modelOnPath(c.path, path):
		case c.secure && !q.secureURL && modelHosts[q.host] != "127.0.0.1":
		case c.httpOnly && q.script:
		case c.sameSite == SameSiteStrict && ctx < ContextStrict:
		case c.sameSite == SameSiteLax && ctx < ContextLax:
		case c.sameSite == SameSiteUnspecified && ctx < ContextLax &&
			!(ctx == ContextLaxMethodUnsafe && now.Sub(c.creation) <= laxAllowUnsafeAge):
		default:
			out = append(out, c)
		}
	}
	sortModel(out)
	return out
}

// sortModel sorts cookies as a Cookie header lists them: longer path
// first, then older first.
func sortModel(cs []modelCookie) {
	slices.SortStableFunc(cs, func(a, b modelCookie) int {
		if len(a.path) != len(b.path) {
			return len(b.path) - len(a.path)
		}
		return a.creation.Compare(b.creation)
	})
}

// header renders cookies as a Cookie header.
func modelHeader(cs []modelCookie) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		if c.name == "" {
			parts[i] = c.value
		} else {
			parts[i] = c.name + "=" + c.value
		}
	}
	return strings.Join(parts, "; ")
}

// modelOf converts a stored cookie of the Monster to the model's form.
func modelOf(c *CanonicalCookie, keys []PartitionKey) modelCookie {
	part := -1
	for i, k := range keys {
		if c.Partition == k {
			part = i
		}
	}
	return modelCookie{name: c.Name, value: c.Value, domain: c.Domain, path: c.Path, secure: c.Secure, httpOnly: c.HTTPOnly,
		sameSite: c.SameSite, partition: part, creation: c.Creation, expiry: c.Expiry}
}

// modelKey orders cookies for comparing two stores' contents.
func modelKey(c modelCookie) string {
	return fmt.Sprintf("%d|%s|%s|%s", c.partition, c.domain, c.path, c.name)
}

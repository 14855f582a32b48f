package cookiemonster

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The security suite, part 1: one row per attack, each with the
// exact refusal reasons the store reports (or the exact cookie stored and
// the exact Cookie header that results), and, for every refused cookie, a
// check that no change event and no Observer "stored" event carries it.
// The ground truth is chromium-behavior.md and DESIGN.md.

// secEnv is a memory-only Monster with an injected clock that records every
// change event and every Observer set event.
type secEnv struct {
	m   *Monster
	clk *fakeClock

	mu      sync.Mutex
	changes []Change
	sets    []SetEvent
}

func newSecEnv(t *testing.T) *secEnv {
	t.Helper()
	e := &secEnv{clk: newFakeClock(t0)}
	m, err := New(Config{Now: e.clk.Now, Observer: Observer{Set: func(ev SetEvent) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.sets = append(e.sets, ev)
	}}})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, m.Close()) })
	e.m = m
	cancel := m.Changes().SubscribeAll(func(ch Change) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.changes = append(e.changes, ch)
	})
	t.Cleanup(cancel)
	return e
}

// marks returns how many changes and set events were recorded so far.
func (e *secEnv) marks() (changes, sets int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.changes), len(e.sets)
}

// changesSince returns the change events after the first n.
func (e *secEnv) changesSince(n int) []Change {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Change(nil), e.changes[n:]...)
}

// setsSince returns the Observer set events after the first n.
func (e *secEnv) setsSince(n int) []SetEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]SetEvent(nil), e.sets[n:]...)
}

// header is the Cookie header of rawURL for a same-site top-level HTTP
// request (HttpOnly included, Strict context): everything a browser tab
// could send.
func (e *secEnv) header(t *testing.T, rawURL string) string {
	t.Helper()
	h, err := e.m.CookieHeader(context.Background(), mustURL(t, rawURL), secRead)
	require.NoError(t, err)
	return h
}

// stored lists every cookie as "domain path name=value", in AllCookies
// order.
func (e *secEnv) stored(t *testing.T) []string {
	t.Helper()
	all, err := e.m.AllCookies(context.Background())
	require.NoError(t, err)
	out := []string{}
	for _, c := range all {
		out = append(out, c.Domain+" "+c.Path+" "+mrPair(c))
	}
	return out
}

var (
	secSet  = HTTPOptions(MakeSameSiteContext(ContextLax), PartitionKey{})
	secRead = HTTPOptions(MakeSameSiteContext(ContextStrict), PartitionKey{})
)

// secRow is one Set-Cookie attack on a fresh store.
type secRow struct {
	name  string
	setup []mrStep // each must be stored
	url   string   // the URL the attacker's line comes from
	line  string
	opts  *Options // nil: an HTTP response in a same-site (Lax) context
	// exclude nil: the line is stored, as stored (its "domain path
	// name=value" entry).
	exclude []ExclusionReason
	stored  string
	// readURL's Cookie header afterwards is exactly header.
	readURL, header string
	bug             string // non-empty: a known bug, the row is skipped
}

// runSecRows runs each row: the line's exact outcome, the store's content,
// the change events, the Observer's event and the Cookie header after.
func runSecRows(t *testing.T, rows []secRow) {
	t.Helper()
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" {
				t.Skip("BUG: " + tc.bug)
			}
			e := newSecEnv(t)
			mrSetup(t, e.m, tc.setup)
			before := e.stored(t)
			e.clk.Advance(time.Second)
			// The victim's URL-scoped subscription: a refused cookie
			// reaches no subscriber, global or scoped.
			var victim []Change
			var victimMu sync.Mutex
			if tc.readURL != "" {
				cancel := e.m.Changes().SubscribeURL(mustURL(t, tc.readURL), PartitionKey{}, func(ch Change) {
					victimMu.Lock()
					defer victimMu.Unlock()
					victim = append(victim, ch)
				})
				defer cancel()
			}
			nChanges, nSets := e.marks()
			o := secSet
			if tc.opts != nil {
				o = *tc.opts
			}
			res, err := e.m.SetCookieLine(context.Background(), mustURL(t, tc.url), tc.line, o)
			require.NoError(t, err)
			sets := e.setsSince(nSets)
			require.Len(t, sets, 1, "one Observer event per attempt")
			changes := e.changesSince(nChanges)
			if tc.exclude != nil {
				assert.Equal(t, tc.exclude, res.Status.Exclusions(), "status %s", res.Status)
				assert.Equal(t, before, e.stored(t), "the store is unchanged")
				assert.Empty(t, changes, "no change event for a refused cookie")
				assert.False(t, sets[0].Stored, "the Observer hears a refusal")
				assert.Equal(t, tc.exclude, sets[0].Result.Status.Exclusions())
				victimMu.Lock()
				assert.Empty(t, victim, "no event at the victim's URL")
				victimMu.Unlock()
			} else {
				require.True(t, res.Status.IsInclude(), "status %s", res.Status)
				after := e.stored(t)
				assert.Contains(t, after, tc.stored)
				assert.Len(t, after, len(before)+1)
				require.Len(t, changes, 1)
				assert.Equal(t, CauseInserted, changes[0].Cause)
				c := changes[0].Cookie
				assert.Equal(t, tc.stored, c.Domain+" "+c.Path+" "+mrPair(&c))
				assert.True(t, sets[0].Stored)
			}
			if tc.readURL != "" {
				assert.Equal(t, tc.header, e.header(t, tc.readURL), "Cookie header of %s", tc.readURL)
			}
		})
	}
}

// ---- 1. supercookies: public suffixes, IP addresses, single labels ----

func TestSecuritySupercookies(t *testing.T) {
	// A Domain attribute outside the host's registrable domain is refused
	// with both reasons (as monster_rules_test.go's InvalidDomain rows); one
	// that cannot name a domain at all (a '%', an IP host's other Domain) with
	// ExcludeInvalidDomain alone.
	badDomain := []ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain}
	invalidDomain := []ExclusionReason{ExcludeInvalidDomain}
	rows := []secRow{
		// ICANN suffixes.
		{name: "Domain=com from example.com", url: "https://www.example.com/", line: "sc=1; Domain=com",
			exclude: badDomain, readURL: "https://other.com/", header: ""},
		{name: "Domain=.com from example.com", url: "https://www.example.com/", line: "sc=1; Domain=.com",
			exclude: badDomain, readURL: "https://other.com/", header: ""},
		{name: "Domain=COM upper case", url: "https://www.example.com/", line: "sc=1; Domain=COM",
			exclude: badDomain, readURL: "https://other.com/", header: ""},
		{name: "Domain=co.uk from example.co.uk", url: "https://www.example.co.uk/", line: "sc=1; Domain=co.uk",
			exclude: badDomain, readURL: "https://victim.co.uk/", header: ""},
		{name: "Domain=uk from example.co.uk", url: "https://www.example.co.uk/", line: "sc=1; Domain=uk",
			exclude: badDomain, readURL: "https://victim.co.uk/", header: ""},
		// Private suffixes.
		{name: "Domain=github.io from a user's page", url: "https://attacker.github.io/", line: "sc=1; Domain=github.io",
			exclude: badDomain, readURL: "https://victim.github.io/", header: ""},
		{name: "Domain=blogspot.com from a blog", url: "https://attacker.blogspot.com/", line: "sc=1; Domain=blogspot.com",
			exclude: badDomain, readURL: "https://victim.blogspot.com/", header: ""},
		{name: "Domain=s3.amazonaws.com from a bucket", url: "https://attacker.s3.amazonaws.com/", line: "sc=1; Domain=s3.amazonaws.com",
			exclude: badDomain, readURL: "https://victim.s3.amazonaws.com/", header: ""},
		{name: "Domain=herokuapp.com from an app", url: "https://attacker.herokuapp.com/", line: "sc=1; Domain=herokuapp.com",
			exclude: badDomain, readURL: "https://victim.herokuapp.com/", header: ""},
		{name: "Domain=amazonaws.com (above the private suffix) from a bucket", url: "https://attacker.s3.amazonaws.com/",
			line: "sc=1; Domain=amazonaws.com", exclude: badDomain, readURL: "https://victim.s3.amazonaws.com/", header: ""},
		{name: "a host cookie on a private suffix's user site stays there", url: "https://attacker.github.io/", line: "sc=1",
			stored: "attacker.github.io / sc=1", readURL: "https://victim.github.io/", header: ""},
		// A host that is itself a public suffix may set only a host cookie.
		{name: "Domain=github.io from github.io is a host cookie", url: "https://github.io/", line: "sc=1; Domain=github.io",
			stored: "github.io / sc=1", readURL: "https://victim.github.io/", header: ""},
		{name: "Domain=com from com is a host cookie", url: "https://com/", line: "sc=1; Domain=com",
			stored: "com / sc=1", readURL: "https://other.com/", header: ""},
		// The wildcard rule *.ck and its exception !www.ck.
		{name: "Domain=foo.ck (wildcard *.ck) from bar.foo.ck", url: "https://bar.foo.ck/", line: "sc=1; Domain=foo.ck",
			exclude: badDomain, readURL: "https://victim.foo.ck/", header: ""},
		{name: "Domain=ck from bar.foo.ck", url: "https://bar.foo.ck/", line: "sc=1; Domain=ck",
			exclude: badDomain, readURL: "https://victim.foo.ck/", header: ""},
		{name: "Domain=www.ck (exception !www.ck) from a.www.ck is a registrable domain", url: "https://a.www.ck/",
			line: "sc=1; Domain=www.ck", stored: ".www.ck / sc=1", readURL: "https://b.www.ck/", header: "sc=1"},
		// IDN suffix: рф is xn--p1ai.
		{name: "Domain=рф (Unicode) from пример.рф", url: "https://xn--e1afmkfd.xn--p1ai/", line: "sc=1; Domain=рф",
			exclude: badDomain, readURL: "https://xn--80ak6aa92e.xn--p1ai/", header: ""},
		{name: "Domain=xn--p1ai (punycode) from пример.рф", url: "https://xn--e1afmkfd.xn--p1ai/", line: "sc=1; Domain=xn--p1ai",
			exclude: badDomain, readURL: "https://xn--80ak6aa92e.xn--p1ai/", header: ""},
		{name: "Domain=.РФ (upper-case Unicode) from пример.рф", url: "https://xn--e1afmkfd.xn--p1ai/", line: "sc=1; Domain=.РФ",
			exclude: badDomain, readURL: "https://xn--80ak6aa92e.xn--p1ai/", header: ""},
		{name: "Domain=пример.рф (Unicode registrable) is stored in punycode", url: "https://www.xn--e1afmkfd.xn--p1ai/",
			line: "sc=1; Domain=пример.рф", stored: ".xn--e1afmkfd.xn--p1ai / sc=1",
			readURL: "https://xn--e1afmkfd.xn--p1ai/", header: "sc=1"},
		{name: "Domain= with a percent-encoded suffix", url: "https://www.example.com/", line: "sc=1; Domain=%63om",
			exclude: invalidDomain, readURL: "https://other.com/", header: ""},
		// IP addresses.
		{name: "Domain=1.2.3.4 from another IP", url: "https://1.2.3.5/", line: "sc=1; Domain=1.2.3.4",
			exclude: invalidDomain, readURL: "https://1.2.3.4/", header: ""},
		{name: "Domain=2.3.4 (a label suffix of the IP) from 1.2.3.4", url: "https://1.2.3.4/", line: "sc=1; Domain=2.3.4",
			exclude: invalidDomain, readURL: "https://1.2.3.4/", header: ""},
		{name: "Domain=4 from 1.2.3.4", url: "https://1.2.3.4/", line: "sc=1; Domain=4",
			exclude: invalidDomain, readURL: "https://1.2.3.4/", header: ""},
		{name: "Domain=1.2.3.4 from 1.2.3.4 is a host cookie", url: "https://1.2.3.4/", line: "sc=1; Domain=1.2.3.4",
			stored: "1.2.3.4 / sc=1", readURL: "https://1.2.3.4/", header: "sc=1"},
		{name: "Domain=.1.2.3.4 from 1.2.3.4 is a host cookie", url: "https://1.2.3.4/", line: "sc=1; Domain=.1.2.3.4",
			stored: "1.2.3.4 / sc=1", readURL: "https://1.2.3.4/", header: "sc=1"},
		{name: "Domain=::1 (no brackets) from [::1]", url: "https://[::1]/", line: "sc=1; Domain=::1",
			exclude: invalidDomain, readURL: "https://[::1]/", header: ""},
		{name: "Domain=[::1] from [::1] is a host cookie", url: "https://[::1]/", line: "sc=1; Domain=[::1]",
			stored: "[::1] / sc=1", readURL: "https://[::1]/", header: "sc=1"},
		{name: "Domain=[::2] from [::1]", url: "https://[::1]/", line: "sc=1; Domain=[::2]",
			exclude: invalidDomain, readURL: "https://[::2]/", header: ""},
		{name: "Domain=1 from [::1]", url: "https://[::1]/", line: "sc=1; Domain=1",
			exclude: invalidDomain, readURL: "https://[::1]/", header: ""},
		{name: "IPv6 zone in the host", url: "https://[fe80::1%25eth0]/", line: "sc=1",
			exclude: []ExclusionReason{ExcludeFailureToStore}, readURL: "https://[fe80::1]/", header: ""},
		// Single-label hosts.
		{name: "Domain=localhost from foo.localhost", url: "http://foo.localhost/", line: "sc=1; Domain=localhost",
			exclude: badDomain, readURL: "http://bar.localhost/", header: ""},
		{name: "Domain=intranet from a.intranet", url: "http://a.intranet/", line: "sc=1; Domain=intranet",
			exclude: badDomain, readURL: "http://b.intranet/", header: ""},
		{name: "Domain=intranet from intranet is a host cookie", url: "http://intranet/", line: "sc=1; Domain=intranet",
			stored: "intranet / sc=1", readURL: "http://b.intranet/", header: ""},
		{name: "Domain=localhost from localhost is a host cookie", url: "http://localhost/", line: "sc=1; Domain=localhost",
			stored: "localhost / sc=1", readURL: "http://foo.localhost/", header: ""},
	}
	runSecRows(t, rows)
}

// ---- 2. __Host-, __Secure-, __Http- prefix bypasses ----

func TestSecurityPrefixBypass(t *testing.T) {
	prefix := []ExclusionReason{ExcludeInvalidPrefix}
	script := ScriptOptions(MakeSameSiteContext(ContextLax), PartitionKey{})
	rows := []secRow{
		{name: "__Host- done right (baseline)", url: "https://www.example.com/", line: "__Host-a=1; Secure; Path=/",
			stored: "www.example.com / __Host-a=1", readURL: "https://www.example.com/", header: "__Host-a=1"},
		{name: "__Host- with Domain", url: "https://www.example.com/", line: "__Host-a=1; Secure; Path=/; Domain=example.com",
			exclude: prefix, readURL: "https://other.example.com/", header: ""},
		{name: "__Host- with Domain equal to the host", url: "https://www.example.com/", line: "__Host-a=1; Secure; Path=/; Domain=www.example.com",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__Host- with Path=/foo", url: "https://www.example.com/foo/", line: "__Host-a=1; Secure; Path=/foo",
			exclude: prefix, readURL: "https://www.example.com/foo/", header: ""},
		{name: "__Host- without Path (default path /)", url: "https://www.example.com/x", line: "__Host-a=1; Secure",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__Host- without Secure", url: "https://www.example.com/", line: "__Host-a=1; Path=/",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__Host- over http", url: "http://www.example.com/", line: "__Host-a=1; Secure; Path=/",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__HOST- upper case with Domain", url: "https://www.example.com/", line: "__HOST-a=1; Secure; Path=/; Domain=example.com",
			exclude: prefix, readURL: "https://other.example.com/", header: ""},
		{name: "__host- lower case without Secure", url: "https://www.example.com/", line: "__host-a=1; Path=/",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__hOsT- mixed case over http", url: "http://www.example.com/", line: "__hOsT-a=1; Secure; Path=/",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "leading blanks before __Host-", url: "https://www.example.com/", line: " \t __Host-a=1; Secure; Path=/; Domain=example.com",
			exclude: prefix, readURL: "https://other.example.com/", header: ""},
		{name: "nameless =__Host-x", url: "https://www.example.com/", line: "=__Host-x; Secure; Path=/",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "nameless __Host-x without '='", url: "https://www.example.com/", line: "__Host-x; Secure; Path=/",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "nameless = __host-x lower case after a blank", url: "https://www.example.com/", line: "= __host-x; Secure; Path=/",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "nameless =__Secure-x", url: "https://www.example.com/", line: "=__Secure-x; Secure",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		// DESIGN.md: from a Set-Cookie line, =a=b is a nameless cookie (not
		// ExcludeAmbiguousSerialization), so only the hidden prefix refuses it.
		{name: "nameless =__Host-a=b hides a prefix", url: "https://www.example.com/", line: "=__Host-a=b; Secure; Path=/",
			exclude: []ExclusionReason{ExcludeInvalidPrefix}, readURL: "https://www.example.com/", header: ""},
		{name: "look-alike Cyrillic о in __Hоst- is just another name", url: "https://www.example.com/",
			line: "__H\u043est-a=1; Domain=example.com", stored: ".example.com / __H\u043est-a=1",
			readURL: "https://other.example.com/", header: "__H\u043est-a=1"},
		{name: "percent-encoded %5F%5FHost- is just another name", url: "https://www.example.com/",
			line: "%5F%5FHost-a=1; Domain=example.com", stored: ".example.com / %5F%5FHost-a=1",
			readURL: "https://other.example.com/", header: "%5F%5FHost-a=1"},
		{name: "prefix in the value only is a normal cookie", url: "http://www.example.com/",
			line: "a=__Host-x; Domain=example.com", stored: ".example.com / a=__Host-x",
			readURL: "http://other.example.com/", header: "a=__Host-x"},
		{name: "prefix not at the start of the name is a normal cookie", url: "http://www.example.com/",
			line: "x__Host-a=1", stored: "www.example.com / x__Host-a=1",
			readURL: "http://www.example.com/", header: "x__Host-a=1"},
		{name: "__Secure- without Secure", url: "https://www.example.com/", line: "__Secure-a=1",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__SECURE- upper case over http", url: "http://www.example.com/", line: "__SECURE-a=1; Secure",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__secure- lower case without Secure", url: "https://www.example.com/", line: "__secure-a=1",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__Http- without HttpOnly", url: "https://www.example.com/", line: "__Http-a=1; Secure",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__HTTP- upper case without Secure", url: "https://www.example.com/", line: "__HTTP-a=1; HttpOnly",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__Http- over http", url: "http://www.example.com/", line: "__Http-a=1; Secure; HttpOnly",
			exclude: prefix, readURL: "https://www.example.com/", header: ""},
		{name: "__Http- from script", url: "https://www.example.com/", line: "__Http-a=1; Secure; HttpOnly", opts: &script,
			exclude: []ExclusionReason{ExcludeHTTPOnly}, readURL: "https://www.example.com/", header: ""},
		{name: "__Host-Http- with Domain", url: "https://www.example.com/", line: "__Host-Http-a=1; Secure; HttpOnly; Path=/; Domain=example.com",
			exclude: prefix, readURL: "https://other.example.com/", header: ""},
		{name: "__Http- done right (baseline)", url: "https://www.example.com/", line: "__Http-a=1; Secure; HttpOnly",
			stored: "www.example.com / __Http-a=1", readURL: "https://www.example.com/", header: "__Http-a=1"},
	}
	runSecRows(t, rows)
}

// ---- 3. Leave Secure Cookies Alone ----

func TestSecurityLeaveSecureCookiesAlone(t *testing.T) {
	overwrite := []ExclusionReason{ExcludeOverwriteSecure}
	host := mrStep{"https://www.example.com/", "a=1; Secure", secSet}
	hostFoo := mrStep{"https://www.example.com/", "a=1; Secure; Path=/foo", secSet}
	dom := mrStep{"https://www.example.com/", "a=1; Secure; Domain=example.com", secSet}
	nameless := mrStep{"https://www.example.com/", "tok; Secure", secSet}
	rows := []struct {
		name    string
		secure  mrStep // set over https first
		url     string // the attack, over http
		line    string
		exclude []ExclusionReason
		probe   string // the https URL whose header is the secure cookie alone
		probe2  string // optional: a second URL under the attack's scope
		want    string // the header of probe (and probe2) afterwards
	}{
		{name: "overwrite: same name, host, path", secure: host, url: "http://www.example.com/", line: "a=2",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "overwrite with Secure from http", secure: host, url: "http://www.example.com/", line: "a=2; Secure",
			exclude: []ExclusionReason{ExcludeSecureOnly, ExcludeOverwriteSecure}, probe: "https://www.example.com/", want: "a=1"},
		{name: "overwrite: HttpOnly variant", secure: host, url: "http://www.example.com/", line: "a=2; HttpOnly",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "overwrite: SameSite=Strict variant", secure: host, url: "http://www.example.com/", line: "a=2; SameSite=Strict",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "overwrite: explicit Path=/", secure: host, url: "http://www.example.com/", line: "a=2; Path=/",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "shadow: longer path /foo", secure: host, url: "http://www.example.com/", line: "a=2; Path=/foo",
			exclude: overwrite, probe: "https://www.example.com/", probe2: "https://www.example.com/foo/x", want: "a=1"},
		{name: "shadow: default path /foo from /foo/page", secure: host, url: "http://www.example.com/foo/page", line: "a=2",
			exclude: overwrite, probe: "https://www.example.com/", probe2: "https://www.example.com/foo/x", want: "a=1"},
		{name: "shadow: /foo/bar under secure /foo", secure: hostFoo, url: "http://www.example.com/", line: "a=2; Path=/foo/bar",
			exclude: overwrite, probe: "https://www.example.com/foo", probe2: "https://www.example.com/foo/bar", want: "a=1"},
		{name: "shadow: domain cookie over a secure host cookie", secure: host, url: "http://www.example.com/", line: "a=2; Domain=example.com",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "shadow: domain cookie from a sibling over a secure host cookie", secure: host, url: "http://evil.example.com/",
			line: "a=2; Domain=example.com", exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "shadow: domain cookie with upper-case Domain", secure: host, url: "http://www.example.com/",
			line: "a=2; Domain=EXAMPLE.COM", exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "shadow: host cookie at the registrable domain under a secure domain cookie", secure: dom,
			url: "http://example.com/", line: "a=2", exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "shadow: host cookie at a subdomain under a secure domain cookie", secure: dom,
			url: "http://sub.www.example.com/", line: "a=2", exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "overwrite: same domain cookie", secure: dom, url: "http://www.example.com/", line: "a=2; Domain=example.com",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "shadow: a deeper domain cookie under a secure domain cookie", secure: dom, url: "http://www.example.com/",
			line: "a=2; Domain=www.example.com", exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "delete: Max-Age=0", secure: host, url: "http://www.example.com/", line: "a=; Max-Age=0",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "delete: Max-Age=-1 on the domain", secure: dom, url: "http://www.example.com/", line: "a=1; Max-Age=-1; Domain=example.com",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "delete: Expires in 1970", secure: host, url: "http://www.example.com/", line: "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
			exclude: overwrite, probe: "https://www.example.com/", want: "a=1"},
		{name: "delete: same value Max-Age=0 with Path=/foo", secure: hostFoo, url: "http://www.example.com/", line: "a=1; Max-Age=0; Path=/foo",
			exclude: overwrite, probe: "https://www.example.com/foo", want: "a=1"},
		{name: "nameless over a secure nameless cookie", secure: nameless, url: "http://www.example.com/", line: "evil",
			exclude: overwrite, probe: "https://www.example.com/", want: "tok"},
		{name: "nameless =evil over a secure nameless cookie", secure: nameless, url: "http://www.example.com/", line: "=evil; Max-Age=0",
			exclude: overwrite, probe: "https://www.example.com/", want: "tok"},
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			e := newSecEnv(t)
			mrSetup(t, e.m, []mrStep{tc.secure})
			before := e.stored(t)
			require.Equal(t, tc.want, e.header(t, tc.probe))
			e.clk.Advance(time.Second)
			nChanges, nSets := e.marks()
			res, err := e.m.SetCookieLine(context.Background(), mustURL(t, tc.url), tc.line, secSet)
			require.NoError(t, err)
			assert.Equal(t, tc.exclude, res.Status.Exclusions(), "status %s", res.Status)
			assert.Empty(t, e.changesSince(nChanges), "no change event")
			sets := e.setsSince(nSets)
			require.Len(t, sets, 1)
			assert.False(t, sets[0].Stored)
			assert.Equal(t, before, e.stored(t), "the Secure cookie is untouched")
			assert.Equal(t, tc.want, e.header(t, tc.probe))
			if tc.probe2 != "" {
				assert.Equal(t, tc.want, e.header(t, tc.probe2))
			}
		})
	}

	// Not attacks: what an http origin may still do next to a Secure cookie.
	allowed := []secRow{
		{name: "a different name", setup: []mrStep{host}, url: "http://www.example.com/", line: "b=2",
			stored: "www.example.com / b=2", readURL: "https://www.example.com/", header: "a=1; b=2"},
		{name: "the name in another case is another name", setup: []mrStep{host}, url: "http://www.example.com/", line: "A=2",
			stored: "www.example.com / A=2", readURL: "https://www.example.com/", header: "a=1; A=2"},
		{name: "a path the secure one is not on", setup: []mrStep{hostFoo}, url: "http://www.example.com/", line: "a=2; Path=/bar",
			stored: "www.example.com /bar a=2", readURL: "https://www.example.com/foo", header: "a=1"},
		{name: "a sibling host cookie", setup: []mrStep{host}, url: "http://other.example.com/", line: "a=2",
			stored: "other.example.com / a=2", readURL: "https://www.example.com/", header: "a=1"},
	}
	t.Run("allowed", func(t *testing.T) { runSecRows(t, allowed) })
}

// TestSecurityLeaveSecureCookiesAloneJar runs the attack through the net/http
// doors: Jar.SetCookies (fields and Raw) and a Transport response from http.
func TestSecurityLeaveSecureCookiesAloneJar(t *testing.T) {
	attacks := []struct {
		name string
		hc   *http.Cookie
	}{
		{"fields overwrite", &http.Cookie{Name: "a", Value: "2"}},
		{"fields shadow on /foo", &http.Cookie{Name: "a", Value: "2", Path: "/foo"}},
		{"fields domain shadow", &http.Cookie{Name: "a", Value: "2", Domain: "example.com"}},
		{"fields delete", &http.Cookie{Name: "a", Value: "", MaxAge: -1}},
		{"raw delete", &http.Cookie{Name: "a", Raw: "a=; Max-Age=0"}},
	}
	for _, tc := range attacks {
		t.Run(tc.name, func(t *testing.T) {
			e := newSecEnv(t)
			mrSetup(t, e.m, []mrStep{{"https://www.example.com/", "a=1; Secure", secSet}})
			nChanges, nSets := e.marks()
			e.m.Jar().SetCookies(mustURL(t, "http://www.example.com/"), []*http.Cookie{tc.hc})
			sets := e.setsSince(nSets)
			require.Len(t, sets, 1)
			assert.Equal(t, DoorJar, sets[0].Door)
			assert.Equal(t, []ExclusionReason{ExcludeOverwriteSecure}, sets[0].Result.Status.Exclusions())
			assert.Empty(t, e.changesSince(nChanges))
			assert.Equal(t, "a=1", e.header(t, "https://www.example.com/foo"))
		})
	}
}

func TestSecurityLeaveSecureCookiesAloneTransport(t *testing.T) {
	e := newSecEnv(t)
	mrSetup(t, e.m, []mrStep{{"https://www.example.com/", "a=1; Secure; Path=/", secSet}})
	lines := []string{"a=2", "a=2; Path=/foo", "a=2; Domain=example.com", "a=; Max-Age=0", "a=2; Secure"}
	fake := &secFake{setCookies: lines}
	client := &http.Client{Transport: e.m.Transport(fake)}
	nChanges, nSets := e.marks()
	resp, err := client.Get("http://www.example.com/")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	sets := e.setsSince(nSets)
	require.Len(t, sets, len(lines))
	for i, ev := range sets {
		want := []ExclusionReason{ExcludeOverwriteSecure}
		if i == len(lines)-1 {
			want = []ExclusionReason{ExcludeSecureOnly, ExcludeOverwriteSecure}
		}
		assert.Equal(t, DoorTransport, ev.Door)
		assert.Equal(t, want, ev.Result.Status.Exclusions(), "%q", lines[i])
		assert.False(t, ev.Stored)
	}
	assert.Empty(t, e.changesSince(nChanges))
	// The http request sent no Cookie header; https still sends the original.
	assert.Equal(t, []string{""}, fake.sent)
	fake.setCookies = nil
	resp, err = client.Get("https://www.example.com/foo")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, []string{"", "a=1"}, fake.sent)
}

// ---- explicit fields (the Set API) ----

func TestSecurityExplicitFields(t *testing.T) {
	u := mustURL(t, "https://www.example.com/")
	rows := []struct {
		name    string
		d       CookieDetails
		exclude []ExclusionReason
		bug     string // non-empty: a known bug, the row is skipped
	}{
		{"__Host- with Domain", CookieDetails{URL: u, Name: "__Host-a", Value: "1", Secure: true, Path: "/", Domain: "example.com"},
			[]ExclusionReason{ExcludeInvalidPrefix}, ""},
		{"__HOST- without Secure", CookieDetails{URL: u, Name: "__HOST-a", Value: "1", Path: "/"},
			[]ExclusionReason{ExcludeInvalidPrefix}, ""},
		{"__Secure- without Secure", CookieDetails{URL: u, Name: "__Secure-a", Value: "1"},
			[]ExclusionReason{ExcludeInvalidPrefix}, ""},
		{"__Http- without HttpOnly", CookieDetails{URL: u, Name: "__Http-a", Value: "1", Secure: true},
			[]ExclusionReason{ExcludeInvalidPrefix}, ""},
		{"nameless value __Host-x", CookieDetails{URL: u, Value: "__Host-x", Secure: true, Path: "/"},
			[]ExclusionReason{ExcludeInvalidPrefix}, ""},
		{"nameless value a=b", CookieDetails{URL: u, Value: "a=b"},
			[]ExclusionReason{ExcludeAmbiguousSerialization}, ""},
		{"CRLF in the value", CookieDetails{URL: u, Name: "a", Value: "1\r\nSet-Cookie: b=2"},
			[]ExclusionReason{ExcludeDisallowedCharacter}, ""},
		{"NUL in the name", CookieDetails{URL: u, Name: "a\x00", Value: "1"},
			[]ExclusionReason{ExcludeDisallowedCharacter}, ""},
		{"';' in the value", CookieDetails{URL: u, Name: "a", Value: "1; Domain=example.com"},
			[]ExclusionReason{ExcludeDisallowedCharacter}, ""},
		{"Domain=com", CookieDetails{URL: u, Name: "a", Value: "1", Domain: "com"},
			[]ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain}, ""},
		{"Domain=github.io", CookieDetails{URL: mustURL(t, "https://attacker.github.io/"), Name: "a", Value: "1", Domain: "github.io"},
			[]ExclusionReason{ExcludeDomainMismatch, ExcludeInvalidDomain}, ""},
		{"Secure over http", CookieDetails{URL: mustURL(t, "http://www.example.com/"), Name: "a", Value: "1", Secure: true},
			[]ExclusionReason{ExcludeSecureOnly}, ""},
		{"file: URL with a host", CookieDetails{URL: mustURL(t, "file://www.example.com/x"), Name: "a", Value: "1"},
			[]ExclusionReason{ExcludeNoncookieableScheme}, ""},
		// CreateSanitizedCookie accepts a host-less file: URL (the cookie's
		// domain is empty), and the store refuses it for the scheme alone.
		{"file: URL without a host", CookieDetails{URL: mustURL(t, "file:///etc/passwd"), Name: "a", Value: "1"},
			[]ExclusionReason{ExcludeNoncookieableScheme}, ""},
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" {
				t.Skip("BUG: " + tc.bug)
			}
			e := newSecEnv(t)
			nChanges, _ := e.marks()
			c, st, err := e.m.Set(context.Background(), tc.d)
			require.NoError(t, err)
			assert.Nil(t, c)
			assert.Equal(t, tc.exclude, st.Exclusions(), "status %s", st)
			assert.Empty(t, e.changesSince(nChanges))
			assert.Equal(t, []string{}, e.stored(t))
		})
	}
}

// ---- 4. CR, LF and NUL injection ----

// secFake is a RoundTripper that records the Cookie headers it is sent
// and answers with setCookies.
type secFake struct {
	mu         sync.Mutex
	sent       []string
	setCookies []string
}

func (f *secFake) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.sent = append(f.sent, strings.Join(req.Header["Cookie"], "\x00JOIN\x00"))
	f.mu.Unlock()
	h := http.Header{}
	if len(f.setCookies) > 0 {
		h["Set-Cookie"] = append([]string(nil), f.setCookies...)
	}
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}

func assertNoCTL(t *testing.T, header string) {
	t.Helper()
	assert.False(t, strings.ContainsAny(header, "\r\n\x00"), "control character in %q", header)
}

func TestSecurityJarFieldInjection(t *testing.T) {
	u := "https://www.example.com/"
	rows := []struct {
		name    string
		hc      *http.Cookie
		exclude []ExclusionReason
		unsafe  bool // refused before parsing: ErrUnsafeCookieFields
	}{
		{"CRLF in the value", &http.Cookie{Name: "a", Value: "1\r\nSet-Cookie: evil=1"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"LF in the value", &http.Cookie{Name: "a", Value: "1\nevil=1"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"CR in the name", &http.Cookie{Name: "a\r", Value: "1"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"NUL in the value", &http.Cookie{Name: "a", Value: "1\x00evil"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"NUL in the name", &http.Cookie{Name: "a\x00b", Value: "1"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"';' in the value", &http.Cookie{Name: "a", Value: "1; Domain=example.com"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"';' in the name", &http.Cookie{Name: "a;evil", Value: "1"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"'=' in the name", &http.Cookie{Name: "evil=1; a", Value: "1"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"CRLF in the path", &http.Cookie{Name: "a", Value: "1", Path: "/\r\nX: y"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"';' in the domain", &http.Cookie{Name: "a", Value: "1", Domain: "example.com; Secure"}, []ExclusionReason{ExcludeFailureToStore}, true},
		{"CRLF in the Raw line", &http.Cookie{Name: "a", Value: "1", Raw: "a=1\r\nSet-Cookie: evil=1"}, []ExclusionReason{ExcludeDisallowedCharacter}, false},
		{"NUL in the Raw line", &http.Cookie{Name: "a", Value: "1", Raw: "a=1\x00; Secure"}, []ExclusionReason{ExcludeDisallowedCharacter}, false},
		{"DEL in the Raw line", &http.Cookie{Name: "a", Value: "1", Raw: "a=1\x7f"}, []ExclusionReason{ExcludeDisallowedCharacter}, false},
	}
	// Prefix bypasses through the Jar's fields: refused as the line is.
	t.Run("prefix fields", func(t *testing.T) {
		for _, hc := range []*http.Cookie{
			{Name: "__Host-a", Value: "1", Secure: true, Path: "/", Domain: "example.com"},
			{Name: "__host-a", Value: "1", Path: "/"},
			{Name: "__Secure-a", Value: "1"},
			{Name: "", Value: "__Host-x", Secure: true, Path: "/"},
		} {
			e := newSecEnv(t)
			_, nSets := e.marks()
			e.m.Jar().SetCookies(mustURL(t, u), []*http.Cookie{hc})
			sets := e.setsSince(nSets)
			require.Len(t, sets, 1)
			assert.Equal(t, []ExclusionReason{ExcludeInvalidPrefix}, sets[0].Result.Status.Exclusions(), "%+v", hc)
			assert.Equal(t, []string{}, e.stored(t))
		}
	})
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			e := newSecEnv(t)
			nChanges, nSets := e.marks()
			jar := e.m.Jar()
			jar.SetCookies(mustURL(t, u), []*http.Cookie{tc.hc})
			sets := e.setsSince(nSets)
			require.Len(t, sets, 1)
			assert.Equal(t, tc.exclude, sets[0].Result.Status.Exclusions())
			assert.False(t, sets[0].Stored)
			if tc.unsafe {
				assert.ErrorIs(t, sets[0].Err, ErrUnsafeCookieFields)
			} else {
				assert.NoError(t, sets[0].Err)
			}
			assert.Empty(t, e.changesSince(nChanges))
			assert.Equal(t, []string{}, e.stored(t))
			assert.Empty(t, jar.Cookies(mustURL(t, u)))
			assert.Equal(t, "", e.header(t, u))

			// The same cookie through NewCanonicalCookieFromHTTP.
			c, st := NewCanonicalCookieFromHTTP(mustURL(t, u), tc.hc, t0, CreateOptions{})
			assert.Nil(t, c)
			assert.Equal(t, []ExclusionReason{ExcludeDisallowedCharacter}, st.Exclusions())
		})
	}
}

func TestSecurityTransportInjection(t *testing.T) {
	t.Run("Set-Cookie headers with control characters", func(t *testing.T) {
		lines := []string{
			"a=1\r\nSet-Cookie: evil=1",
			"b=1\nc=2",
			"d=1\x00; Domain=example.com",
			"e=1; Path=/\r\n",
			"f=1; Domain=example.com\x00.evil.com",
			"g\x01=1",
			"h=1\x7f",
			"\r\n",
		}
		e := newSecEnv(t)
		fake := &secFake{setCookies: lines}
		client := &http.Client{Transport: e.m.Transport(fake)}
		nChanges, nSets := e.marks()
		resp, err := client.Get("https://www.example.com/")
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		sets := e.setsSince(nSets)
		require.Len(t, sets, len(lines))
		for i, ev := range sets {
			assert.Equal(t, DoorTransport, ev.Door)
			assert.Equal(t, lines[i], ev.Line)
			assert.False(t, ev.Stored, "%q", lines[i])
			assert.Equal(t, []ExclusionReason{ExcludeDisallowedCharacter}, ev.Result.Status.Exclusions(), "%q", lines[i])
		}
		assert.Empty(t, e.changesSince(nChanges))
		assert.Equal(t, []string{}, e.stored(t))
		// The next request carries no Cookie header at all.
		resp, err = client.Get("https://www.example.com/")
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, []string{"", ""}, fake.sent)
	})

	t.Run("a control character in the URL path does not reach the cookie", func(t *testing.T) {
		e := newSecEnv(t)
		fake := &secFake{setCookies: []string{"a=1"}}
		client := &http.Client{Transport: e.m.Transport(fake)}
		resp, err := client.Get("https://www.example.com/x%0D%0ASet-Cookie:%20evil=1/page")
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		all, err := e.m.AllCookies(context.Background())
		require.NoError(t, err)
		require.Len(t, all, 1)
		assert.False(t, strings.ContainsAny(all[0].Path, "\r\n\x00"), "path %q", all[0].Path)
		assert.Equal(t, "/x%0D%0ASet-Cookie:%20evil=1", all[0].Path)
		assertNoCTL(t, all[0].String())
	})

	t.Run("a Host header with CRLF gets no cookies and sets none", func(t *testing.T) {
		e := newSecEnv(t)
		mrSetup(t, e.m, []mrStep{{"https://www.example.com/", "a=1", secSet}})
		fake := &secFake{setCookies: []string{"b=1; Domain=example.com"}}
		tr := e.m.Transport(fake)
		req, err := http.NewRequest(http.MethodGet, "https://www.example.com/", nil)
		require.NoError(t, err)
		req.Host = "www.example.com\r\nX-Evil: 1"
		nSets := len(e.setsSince(0))
		resp, err := tr.RoundTrip(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, []string{""}, fake.sent)
		sets := e.setsSince(nSets)
		require.Len(t, sets, 1)
		assert.False(t, sets[0].Stored)
		assert.Equal(t, []ExclusionReason{ExcludeFailureToStore}, sets[0].Result.Status.Exclusions())
		assert.Equal(t, []string{"www.example.com / a=1"}, e.stored(t))
	})

	t.Run("ReplaceCookieHeader drops a caller's header with CRLF", func(t *testing.T) {
		e := newSecEnv(t)
		mrSetup(t, e.m, []mrStep{{"https://www.example.com/", "a=1", secSet}})
		fake := &secFake{}
		tr := e.m.Transport(fake)
		tr.ReplaceCookieHeader = true
		req, err := http.NewRequest(http.MethodGet, "https://www.example.com/", nil)
		require.NoError(t, err)
		req.Header["Cookie"] = []string{"x=1\r\nX-Evil: 1"}
		resp, err := tr.RoundTrip(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, []string{"a=1"}, fake.sent)
		assert.Equal(t, []string{"x=1\r\nX-Evil: 1"}, req.Header["Cookie"], "the caller's request is not modified")
	})

	t.Run("stored cookies never put a control character in the header", func(t *testing.T) {
		e := newSecEnv(t)
		mrSetup(t, e.m, []mrStep{{"https://www.example.com/", "ok=1", secSet}})
		nChanges, _ := e.marks()
		// Every CTL but HTAB (0x00–0x08, 0x0A–0x1F, 0x7F) in the name, in
		// the value, in an attribute, at the end of the line.
		for b := 0; b <= 0x7f; b++ {
			if b == '\t' || (b > 0x1f && b < 0x7f) {
				continue
			}
			c := string(rune(b))
			for _, line := range []string{"n" + c + "x=1", "v=1" + c + "x", "p=1; Path=/" + c, "e=1" + c, c + "f=1"} {
				res, err := e.m.SetCookieLine(context.Background(), mustURL(t, "https://www.example.com/"), line, secSet)
				require.NoError(t, err)
				assert.Equal(t, []ExclusionReason{ExcludeDisallowedCharacter}, res.Status.Exclusions(), "%q", line)
			}
		}
		assert.Empty(t, e.changesSince(nChanges))
		h := e.header(t, "https://www.example.com/")
		assertNoCTL(t, h)
		assert.Equal(t, "ok=1", h)
	})
}

// ---- 5. schemes that may not set or get cookies ----

func TestSecuritySchemes(t *testing.T) {
	nonCookieable := []ExclusionReason{ExcludeNoncookieableScheme}
	// Chromium's CanonicalCookie::Create accepts a host-less URL such as
	// file:///x (cookie_util's NoUrlHost row gives the domain ""; Chromium's
	// CreateSanitizedCookie makes "file:///" cookies, see
	// chromium_sanitized_test.go), so the refusal comes from the store's
	// cookieable-scheme check: ExcludeNoncookieableScheme (a regression
	// test: such lines were refused with ExcludeFailureToStore).
	rows := []secRow{
		{name: "file:", url: "file:///etc/passwd", line: "a=1", exclude: nonCookieable},
		{name: "file: with a host", url: "file://www.example.com/x", line: "a=1; Domain=example.com", exclude: nonCookieable,
			readURL: "http://www.example.com/", header: ""},
		{name: "data:", url: "data:text/html,hi", line: "a=1", exclude: nonCookieable},
		{name: "blob:", url: "blob:https://www.example.com/2c6e6a4f-0f71-4a1e-8a62-3a1a1d1b6f0e", line: "a=1",
			exclude: nonCookieable, readURL: "https://www.example.com/", header: ""},
		{name: "javascript:", url: "javascript:alert(document.cookie)", line: "a=1", exclude: nonCookieable},
		{name: "unknown scheme with a host", url: "chrome-extension://www.example.com/", line: "a=1",
			exclude: nonCookieable, readURL: "https://www.example.com/", header: ""},
		{name: "ftp:", url: "ftp://www.example.com/", line: "a=1",
			exclude: nonCookieable, readURL: "http://www.example.com/", header: ""},
		// ws and wss are cookieable, as http and https.
		{name: "ws: sets as http", url: "ws://www.example.com/", line: "a=1",
			stored: "www.example.com / a=1", readURL: "http://www.example.com/", header: "a=1"},
		{name: "wss: sets a Secure cookie as https", url: "wss://www.example.com/", line: "a=1; Secure",
			stored: "www.example.com / a=1", readURL: "https://www.example.com/", header: "a=1"},
		{name: "ws: may not set Secure", url: "ws://www.example.com/", line: "a=1; Secure",
			exclude: []ExclusionReason{ExcludeSecureOnly}, readURL: "https://www.example.com/", header: ""},
		{name: "wss: __Host- is allowed", url: "wss://www.example.com/", line: "__Host-a=1; Secure; Path=/",
			stored: "www.example.com / __Host-a=1", readURL: "https://www.example.com/", header: "__Host-a=1"},
	}
	runSecRows(t, rows)

	t.Run("host-less scheme URLs store nothing", func(t *testing.T) {
		e := newSecEnv(t)
		for _, u := range []string{"file:///etc/passwd", "data:text/html,hi",
			"blob:https://www.example.com/2c6e6a4f-0f71-4a1e-8a62-3a1a1d1b6f0e", "javascript:alert(document.cookie)"} {
			nChanges, nSets := e.marks()
			res, err := e.m.SetCookieLine(context.Background(), mustURL(t, u), "a=1", secSet)
			require.NoError(t, err)
			assert.False(t, res.Status.IsInclude(), u)
			assert.Empty(t, e.changesSince(nChanges), u)
			sets := e.setsSince(nSets)
			require.Len(t, sets, 1)
			assert.False(t, sets[0].Stored)
		}
		assert.Equal(t, []string{}, e.stored(t))
		assert.Equal(t, "", e.header(t, "https://www.example.com/"))
	})

	t.Run("gets", func(t *testing.T) {
		e := newSecEnv(t)
		mrSetup(t, e.m, []mrStep{
			{"https://www.example.com/", "s=1; Secure", secSet},
			{"https://www.example.com/", "p=1", secSet},
		})
		for _, u := range []string{
			"file://www.example.com/", "file:///", "data:text/html,hi", "blob:https://www.example.com/x",
			"javascript:alert(1)", "chrome-extension://www.example.com/", "ftp://www.example.com/",
		} {
			inc, exc, err := e.m.Cookies(context.Background(), mustURL(t, u), mrExcluded(secRead))
			require.NoError(t, err)
			assert.Empty(t, inc, u)
			assert.Empty(t, exc, u)
			assert.Equal(t, "", e.header(t, u), u)
		}
		assert.Equal(t, "p=1", e.header(t, "ws://www.example.com/"))
		assert.Equal(t, "s=1; p=1", e.header(t, "wss://www.example.com/"))
	})
}

package sqlitestore

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster/internal/vectors"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// roundTripURLs are the URLs FuzzRoundTrip sets its cookies from: every
// kind of host a cookie can have (domain name, IDN, IPv4, IPv6,
// localhost, a multi-label public suffix), default and explicit ports,
// secure and insecure schemes.
var roundTripURLs = []string{
	"https://www.example.com/dir/page",
	"http://home.example.org:8888/cookie-parser?x",
	"http://127.0.0.1/",
	"https://[::1]/a/b",
	"http://localhost/",
	"https://shop.example.co.uk:8443/x/y/z",
	"http://bücher.example/ä/ö",
	"wss://chat.example.net/socket",
}

// maxRoundTripCookies is how many lines of its input FuzzRoundTrip makes
// cookies of; the rest are ignored.
const maxRoundTripCookies = 16

// roundTripSeedLines returns the Set-Cookie lines of the WPT http-state
// vectors of the root package's conformance suite.
func roundTripSeedLines(t testing.TB) []string {
	t.Helper()
	lines, err := vectors.WPTLines("..")
	require.NoError(t, err)
	return lines
}

// fuzzDir returns a new directory that is removed when t ends: in
// /dev/shm when the system has that memory file system, where the fsync
// of each commit costs nothing, so that a fuzzing iteration takes a few
// milliseconds; in t.TempDir otherwise.
func fuzzDir(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "sqlitestore-fuzz-"); err == nil {
			t.Cleanup(func() { _ = os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

// storedTimes returns c with its times as the cookies table keeps them:
// UTC, truncated to the microsecond.
func storedTimes(c cookiemonster.CanonicalCookie) *cookiemonster.CanonicalCookie {
	for _, t := range []*time.Time{&c.Creation, &c.Expiry, &c.LastAccess, &c.LastUpdate} {
		if !t.IsZero() {
			*t = t.UTC().Truncate(time.Microsecond)
		}
	}
	return &c
}

// The bits of FuzzRoundTrip's ops argument, four per cookie from the
// lowest.
const (
	rtPartitionMask = 3      // 0: none, 1: same-site, 2: cross-site, 3: nonced
	rtDelete        = 1 << 2 // delete the cookie after the adds
	rtTouch         = 1 << 3 // update its access time after the adds
)

// The bits of FuzzRoundTrip's run argument.
const (
	rtFlushBetween  = 1 << iota // Flush between the adds and the rest
	rtKeepSessions              // reload keeping the session cookies
	rtLoadKeyFirst              // LoadKey the first cookie's site before Load
	rtAddOverExists             // add over an existing key without a delete first
	rtFirstParty                // give the first cookie a first-party domain
	rtBackend                   // use a store of a Backend, the default one
	rtOtherStore                // with rtBackend: a store other than the default
	rtCrypter                   // encrypt the values
)

// roundTripStore opens the store of path that run asks for (the Store of
// Open, or the default or another store of a Backend), loading the session
// cookies of earlier runs when keep is set, and returns it with the
// function that closes it and the file.
func roundTripStore(t *testing.T, path string, opts *Options, run uint8, keep bool) (*Store, func() error) {
	t.Helper()
	if run&rtBackend == 0 {
		s := openT(t, path, opts, nil)
		s.KeepSessionCookies(keep)
		return s, s.Close
	}
	id := cookiemonster.DefaultStoreID
	if run&rtOtherStore != 0 {
		id = "alice"
	}
	b := openBackendT(t, path, opts, nil)
	return storeT(t, b, id, keep), b.Close
}

// FuzzRoundTrip checks that what a Store writes, a new Store of the file
// loads back, field for field. Each line of lines is a Set-Cookie line,
// set from one of roundTripURLs (the low four bits of which pick the
// first, the high four the step to the next, so that 0 sets every cookie
// from the same URL, where they may overwrite each other) with a creation
// time of creationNs after t0 plus drift for each further cookie. ops picks
// each cookie's partition (unpartitioned, same-site or cross-site under
// top, or nonced) and whether it is deleted or its access time updated
// later; run, how the run goes (see the rt constants).
//
// run also picks the store: the Store of Open or a store of a Backend
// (whose rows are in the cookies table, or in store_cookies), with or
// without a Crypter.
//
// A model of the table follows the operations: an Add of a new unique key
// inserts the cookie; an Add over an existing key is skipped, as the
// INSERT is, unless the old cookie is deleted first, as a Monster does
// when a cookie is overwritten; Delete removes the key; UpdateAccessTime
// sets the LastAccess of the key's row. Cookies the store cannot hold (a
// nonced partition; a first-party domain, in the Store of Open, whose
// cookies table has no column for it) are dropped. The loaded
// cookies must equal the model's, times truncated to the microsecond (the
// table keeps microseconds since 1601), every other field identical; the
// session cookies are there only when the reloading Store keeps them.
//
// An execution opens a database twice and takes milliseconds, more with
// the coverage instrumentation of the SQLite driver, so the default
// minimization of each new input (up to a minute) takes most of a short
// run: fuzz it with a bound such as -fuzzminimizetime=50x.
func FuzzRoundTrip(f *testing.F) {
	lines := roundTripSeedLines(f)
	for i := 0; i < len(lines); i += maxRoundTripCookies {
		chunk := lines[i:min(i+maxRoundTripCookies, len(lines))]
		n := uint64(i / maxRoundTripCookies)
		// Every cookie from the vectors' URL, roundTripURLs[1], or in odd
		// chunks the first, the others from the next URLs in turn.
		f.Add(strings.Join(chunk, "\n"), uint8(1|n%2<<4), n*0x9e3779b97f4a7c15, uint8(n*37), "https://news.example/", int64(n)*int64(time.Hour), uint32(n*1237))
	}
	for _, s := range []string{
		"a=b; Max-Age=3600\na=c; Max-Age=7200",
		"__Host-id=1; Secure; Path=/; Partitioned; SameSite=None\nsid=2; Secure; Partitioned; Domain=example.com",
		"x=1; SameSite=Strict; Priority=High; HttpOnly\ny=2; SameSite=Lax; Priority=Low\nz=3; SameSite=None; Secure",
		"=nameless\nempty=\n__Secure-s=1; Secure; Expires=Wed, 09 Jun 2027 10:18:14 GMT",
	} {
		f.Add(s, uint8(0), uint64(0x5a5a_6b6b), uint8(0xbf), "http://top.example.co.uk:81/", int64(-1), uint32(999))
		f.Add(s, uint8(5), uint64(0x1212_2121), uint8(0x6e), "https://[2001:db8::1]/", int64(123456789), uint32(1))
	}
	f.Fuzz(func(t *testing.T, lines string, which uint8, ops uint64, run uint8, top string, creationNs int64, drift uint32) {
		topURL, err := url.Parse(top)
		if err != nil {
			return
		}
		var keys [4]cookiemonster.PartitionKey
		if keys[1], err = cookiemonster.NewPartitionKey(topURL, false); err != nil {
			return
		}
		if keys[2], err = cookiemonster.NewPartitionKey(topURL, true); err != nil {
			return
		}
		if keys[3], err = cookiemonster.NewNoncedPartitionKey(topURL, cookiemonster.Nonce{1, 2, 3}); err != nil {
			return
		}
		type cookieOps struct {
			c        *cookiemonster.CanonicalCookie
			bits     uint64
			storable bool
		}
		var cookies []cookieOps
		for i, line := range strings.SplitN(lines, "\n", maxRoundTripCookies+1) {
			if i == maxRoundTripCookies {
				break
			}
			u, err := url.Parse(roundTripURLs[(int(which&0xf)+i*int(which>>4))%len(roundTripURLs)])
			require.NoError(t, err)
			bits := ops >> (4 * i) & 0xf
			creation := t0.Add(time.Duration(creationNs)).Add(time.Duration(i) * time.Duration(drift))
			c, st := cookiemonster.NewCanonicalCookie(u, line, creation, cookiemonster.CreateOptions{Partition: keys[bits&rtPartitionMask]})
			if c == nil {
				continue
			}
			require.True(t, st.IsInclude(), "%q: %v", line, st)
			// A store may be handed times finer than the cookie's
			// microseconds.
			c.LastAccess = c.LastAccess.Add(time.Duration(drift % 1000))
			if len(cookies) == 0 && run&rtFirstParty != 0 {
				c.FirstPartyDomain = "news.example"
			}
			_, nonced := c.Partition.Nonce()
			storable := !nonced && (c.FirstPartyDomain == "" || run&rtBackend != 0)
			cookies = append(cookies, cookieOps{c: c, bits: bits, storable: storable})
		}
		if len(cookies) == 0 {
			return
		}

		path := filepath.Join(fuzzDir(t), "Cookies")
		logs := &logSink{}
		opts := &Options{Logf: logs.logf}
		if run&rtCrypter != 0 {
			opts.Crypter = newAESCrypter(t, 7)
		}
		s, closeFile := roundTripStore(t, path, opts, run, false)
		model := make(map[cookiemonster.UniqueKey]cookiemonster.CanonicalCookie)
		for _, co := range cookies {
			k := co.c.UniqueKey()
			if old, ok := model[k]; ok && co.storable && run&rtAddOverExists == 0 {
				s.Delete(&old)
				delete(model, k)
			}
			s.Add(co.c)
			if _, ok := model[k]; !ok && co.storable {
				model[k] = *co.c
			}
		}
		if run&rtFlushBetween != 0 {
			require.NoError(t, s.Flush(context.Background()))
		}
		for i, co := range cookies {
			k := co.c.UniqueKey()
			switch {
			case co.bits&rtDelete != 0:
				s.Delete(co.c)
				if co.storable {
					delete(model, k)
				}
			case co.bits&rtTouch != 0:
				touched := *co.c
				touched.LastAccess = co.c.Creation.Add(time.Duration(i+1) * time.Duration(drift+1))
				s.UpdateAccessTime(&touched)
				if m, ok := model[k]; ok && co.storable {
					m.LastAccess = touched.LastAccess
					model[k] = m
				}
			}
		}
		require.NoError(t, closeFile())

		var want []*cookiemonster.CanonicalCookie
		keep := run&rtKeepSessions != 0
		for _, c := range model {
			if keep || c.IsPersistent() {
				want = append(want, storedTimes(c))
			}
		}
		s, closeFile = roundTripStore(t, path, opts, run, keep)
		var got []*cookiemonster.CanonicalCookie
		if run&rtLoadKeyFirst != 0 {
			key := cookiemonster.StorageKey(cookies[0].c.Domain, nil)
			early, err := s.LoadKey(context.Background(), key)
			require.NoError(t, err)
			var wantEarly []*cookiemonster.CanonicalCookie
			for _, c := range want {
				if cookiemonster.StorageKey(c.Domain, nil) == key {
					wantEarly = append(wantEarly, c)
				}
			}
			require.Equal(t, sorted(wantEarly), sorted(early), "LoadKey(%q)", key)
			got = early
		}
		rest, err := s.Load(context.Background())
		require.NoError(t, err)
		got = append(got, rest...)
		require.NoError(t, closeFile())
		require.Equal(t, sorted(want), sorted(got), "logs: %q", logs.all())
	})
}

package sqlitestore

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// groupFixture writes two eTLD+1 groups: example.com on three hosts and
// other.com, and returns their cookies.
func groupFixture(t *testing.T, path string, opts *Options) (example, other []*cookiemonster.CanonicalCookie) {
	t.Helper()
	s := openT(t, path, opts, nil)
	n := 0
	mk := func(name, domain string) *cookiemonster.CanonicalCookie {
		n++
		created := t0.Add(time.Duration(n) * time.Second)
		return &cookiemonster.CanonicalCookie{Name: name, Value: "val-" + name, Domain: domain, Path: "/", Creation: created,
			LastAccess: created, LastUpdate: created, Expiry: t0.Add(time.Hour), Secure: true}
	}
	example = []*cookiemonster.CanonicalCookie{mk("a", ".example.com"), mk("b", "www.example.com"), mk("c", "a.example.com")}
	other = []*cookiemonster.CanonicalCookie{mk("d", "other.com"), mk("e", ".other.com")}
	for _, c := range append(append([]*cookiemonster.CanonicalCookie{}, example...), other...) {
		s.Add(c)
	}
	require.NoError(t, s.Close())
	return example, other
}

// insertBadRow inserts a row with good values for b.example.com, then the
// overrides (column → value).
func insertBadRow(t *testing.T, db *sql.DB, overrides map[string]any) {
	t.Helper()
	cols := []string{"creation_utc", "host_key", "top_frame_site_key", "name", "value", "encrypted_value", "path",
		"expires_utc", "is_secure", "is_httponly", "last_access_utc", "has_expires", "is_persistent", "priority",
		"samesite", "source_scheme", "source_port", "last_update_utc", "source_type", "has_cross_site_ancestor"}
	vals := map[string]any{"creation_utc": toDB(t0), "host_key": "b.example.com", "top_frame_site_key": "", "name": "bad",
		"value": "v", "encrypted_value": []byte("x")[:0:0], "path": "/", "expires_utc": toDB(t0.Add(time.Hour)),
		"is_secure": 1, "is_httponly": 0, "last_access_utc": toDB(t0), "has_expires": 1, "is_persistent": 1, "priority": 1,
		"samesite": -1, "source_scheme": 2, "source_port": 443, "last_update_utc": toDB(t0), "source_type": 0,
		"has_cross_site_ancestor": 1}
	for k, v := range overrides {
		_, ok := vals[k]
		require.True(t, ok, k)
		vals[k] = v
	}
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = vals[c]
	}
	q := "INSERT INTO cookies (" + strings.Join(cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(cols)-1) + ")"
	_, err := db.Exec(q, args...)
	require.NoError(t, err)
}

func hostRows(t *testing.T, path string, hosts ...string) int {
	db := rawDB(t, path)
	n := 0
	for _, h := range hosts {
		var k int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM cookies WHERE host_key = ?`, h).Scan(&k))
		n += k
	}
	return n
}

// TestCorruptRowDropsItsGroup: one bad row drops (and deletes) every row
// of its eTLD+1 group, with a logged reason; other groups load.
func TestCorruptRowDropsItsGroup(t *testing.T) {
	cases := []struct {
		name      string
		overrides map[string]any
		reason    string
	}{
		{"name with semicolon", map[string]any{"name": "a;b"}, `not canonical: cookiemonster: stored cookie is not canonical: name "a;b"`},
		{"empty path", map[string]any{"path": ""}, `path ""`},
		{"control character in value", map[string]any{"value": "a\x01b"}, `the value of cookie "bad" holds a character a cookie value may not hold`},
		{"uppercase site key", map[string]any{"top_frame_site_key": "https://Top.com"}, `top_frame_site_key "https://Top.com": cookiemonster: malformed stored partition key`},
		{"site key with path", map[string]any{"top_frame_site_key": "https://top.com/x"}, `malformed stored partition key`},
		{"partitioned without Secure", map[string]any{"top_frame_site_key": "https://top.com", "is_secure": 0}, `partitioned cookie without Secure`},
		{"__Host- with a domain", map[string]any{"name": "__Host-x", "host_key": ".example.com"}, `prefix rules`},
		{"encrypted without a Crypter", map[string]any{"value": "", "encrypted_value": []byte{1, 2, 3}}, ErrNoCrypter.Error()},
		{"text in an integer column", map[string]any{"creation_utc": "yesterday"}, "creation_utc holds string, not an integer"},
		{"real in an integer column", map[string]any{"source_port": 1.5}, "source_port holds float64, not an integer"},
		{"samesite 4", map[string]any{"samesite": 4}, "samesite 4: not -1 (unspecified), 0 (none), 1 (lax), 2 (strict) or 3 (extended)"},
		{"samesite -2", map[string]any{"samesite": -2}, "samesite -2: not -1 (unspecified)"},
		{"priority 3", map[string]any{"priority": 3}, "priority 3: not 0 (low), 1 (medium) or 2 (high)"},
		{"priority -1", map[string]any{"priority": -1}, "priority -1: not 0 (low)"},
		{"source_scheme 3", map[string]any{"source_scheme": 3}, "source_scheme 3: not 0 (unset), 1 (non-secure) or 2 (secure)"},
		{"source_scheme -1", map[string]any{"source_scheme": -1}, "source_scheme -1: not 0 (unset)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := dbPath(t)
			_, other := groupFixture(t, path, nil)
			insertBadRow(t, rawDB(t, path), tc.overrides)
			require.Equal(t, 4, hostRows(t, path, ".example.com", "www.example.com", "a.example.com", "b.example.com"))

			logs := &logSink{}
			got := loadAll(t, path, &Options{Logf: logs.logf})
			assert.Equal(t, sorted(other), sorted(got), "only the other group loads")
			assert.Equal(t, 0, hostRows(t, path, ".example.com", "www.example.com", "a.example.com", "b.example.com"), "the whole group was deleted")
			assert.Equal(t, 2, countRows(t, path))
			require.Len(t, logs.all(), 1)
			assert.Contains(t, logs.all()[0], `sqlitestore: dropped all 4 stored cookies of "example.com": row (host_key `)
			assert.Contains(t, logs.all()[0], tc.reason)
			assert.Equal(t, 1, strings.Count(logs.all()[0], "sqlitestore:"), "one prefix")

			logs = &logSink{}
			assert.Equal(t, sorted(other), sorted(loadAll(t, path, &Options{Logf: logs.logf})))
			assert.Empty(t, logs.all())
		})
	}
}

// TestEnumColumns: every value Chromium writes in the samesite, priority
// and source_scheme columns loads; 3, the retired "extended" SameSite
// mode, loads as unspecified.
func TestEnumColumns(t *testing.T) {
	cases := []struct {
		column string
		value  int
		want   func(c *cookiemonster.CanonicalCookie)
	}{
		{"samesite", -1, func(c *cookiemonster.CanonicalCookie) { c.SameSite = cookiemonster.SameSiteUnspecified }},
		{"samesite", 0, func(c *cookiemonster.CanonicalCookie) { c.SameSite = cookiemonster.SameSiteNone }},
		{"samesite", 1, func(c *cookiemonster.CanonicalCookie) { c.SameSite = cookiemonster.SameSiteLax }},
		{"samesite", 2, func(c *cookiemonster.CanonicalCookie) { c.SameSite = cookiemonster.SameSiteStrict }},
		{"samesite", 3, func(c *cookiemonster.CanonicalCookie) { c.SameSite = cookiemonster.SameSiteUnspecified }},
		{"priority", 0, func(c *cookiemonster.CanonicalCookie) { c.Priority = cookiemonster.PriorityLow }},
		{"priority", 1, func(c *cookiemonster.CanonicalCookie) { c.Priority = cookiemonster.PriorityMedium }},
		{"priority", 2, func(c *cookiemonster.CanonicalCookie) { c.Priority = cookiemonster.PriorityHigh }},
		{"source_scheme", 0, func(c *cookiemonster.CanonicalCookie) { c.SourceScheme = cookiemonster.SourceSchemeUnset }},
		{"source_scheme", 1, func(c *cookiemonster.CanonicalCookie) { c.SourceScheme = cookiemonster.SourceSchemeNonSecure }},
		{"source_scheme", 2, func(c *cookiemonster.CanonicalCookie) { c.SourceScheme = cookiemonster.SourceSchemeSecure }},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %d", tc.column, tc.value), func(t *testing.T) {
			path := dbPath(t)
			require.NoError(t, openT(t, path, nil, nil).Close())
			insertBadRow(t, rawDB(t, path), map[string]any{"name": "ok", tc.column: tc.value})
			want := &cookiemonster.CanonicalCookie{Name: "ok", Value: "v", Domain: "b.example.com", Path: "/",
				Creation: t0, Expiry: t0.Add(time.Hour), LastAccess: t0, LastUpdate: t0, Secure: true,
				SameSite: cookiemonster.SameSiteUnspecified, Priority: cookiemonster.PriorityMedium,
				SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443}
			tc.want(want)
			assert.Equal(t, []*cookiemonster.CanonicalCookie{want}, loadAll(t, path, nil))
		})
	}
}

// TestCorruptGroupThroughMonster: a Monster's priority load of a bad
// group gets nothing, and writes to the site work afterwards.
func TestCorruptGroupThroughMonster(t *testing.T) {
	path := dbPath(t)
	_, other := groupFixture(t, path, nil)
	insertBadRow(t, rawDB(t, path), map[string]any{"path": "no-slash"})
	logs := &logSink{}
	s := openT(t, path, &Options{Logf: logs.logf}, nil)
	m, err := cookiemonster.New(cookiemonster.Config{Store: s, Now: func() time.Time { return t0.Add(time.Minute) }})
	require.NoError(t, err)
	ctx := context.Background()
	hdr, err := m.CookieHeader(ctx, mustURL(t, "https://www.example.com/"), cookiemonster.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, "", hdr)
	_, err = m.SetCookieLine(ctx, mustURL(t, "https://www.example.com/"), "b=new; Max-Age=600", cookiemonster.NavigationOptions())
	require.NoError(t, err)
	hdr, err = m.CookieHeader(ctx, mustURL(t, "https://other.com/"), cookiemonster.NavigationOptions())
	require.NoError(t, err)
	assert.Equal(t, "d=val-d; e=val-e", hdr)
	require.NoError(t, m.Flush(ctx), "a dropped group is logged, not an error")
	require.NoError(t, m.Close())
	got := loadAll(t, path, nil)
	assert.Len(t, got, len(other)+1, "the new cookie was written without a unique-index conflict")
	assert.Len(t, logs.all(), 1)
}

// aesCrypter is AES-256-GCM with a random nonce before the ciphertext.
type aesCrypter struct{ aead cipher.AEAD }

func newAESCrypter(t *testing.T, key byte) *aesCrypter {
	k := make([]byte, 32)
	for i := range k {
		k[i] = key
	}
	b, err := aes.NewCipher(k)
	require.NoError(t, err)
	aead, err := cipher.NewGCM(b)
	require.NoError(t, err)
	return &aesCrypter{aead}
}

func (c *aesCrypter) Encrypt(p []byte) ([]byte, error) {
	nonce := make([]byte, c.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return c.aead.Seal(nonce, nonce, p, nil), nil
}

func (c *aesCrypter) Decrypt(ct []byte) ([]byte, error) {
	n := c.aead.NonceSize()
	if len(ct) < n {
		return nil, errors.New("short ciphertext")
	}
	return c.aead.Open(nil, ct[:n], ct[n:], nil)
}

func TestEncryptionRoundTrip(t *testing.T) {
	path := dbPath(t)
	cr := newAESCrypter(t, 7)
	example, other := groupFixture(t, path, &Options{Crypter: cr})

	db := rawDB(t, path)
	rows, err := db.Query(`SELECT host_key, name, value, encrypted_value FROM cookies`)
	require.NoError(t, err)
	n := 0
	for rows.Next() {
		var h, name, value string
		var enc []byte
		require.NoError(t, rows.Scan(&h, &name, &value, &enc))
		assert.Equal(t, "", value, "no plaintext value")
		plain, err := cr.Decrypt(enc)
		require.NoError(t, err)
		sum := sha256.Sum256([]byte(h))
		assert.Equal(t, append(sum[:], "val-"+name...), plain, "Encrypt(SHA-256(host_key) ‖ value)")
		n++
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, 5, n)
	require.NoError(t, db.Close())

	assert.Equal(t, sorted(append(example, other...)), sorted(loadAll(t, path, &Options{Crypter: cr})))

	// Without the Crypter, or with the wrong key, every group is dropped.
	logs := &logSink{}
	assert.Empty(t, loadAll(t, path, &Options{Crypter: newAESCrypter(t, 8), Logf: logs.logf}))
	assert.Len(t, logs.all(), 2)
	assert.Contains(t, logs.all()[0], "decrypting the value: cipher: message authentication failed")
	assert.Equal(t, 0, countRows(t, path))
}

func TestEncryptionHostHashMismatchDropsGroup(t *testing.T) {
	path := dbPath(t)
	cr := newAESCrypter(t, 7)
	_, other := groupFixture(t, path, &Options{Crypter: cr})
	db := rawDB(t, path)
	// A value encrypted for other.com moved to www.example.com: it decrypts
	// but its host hash is wrong.
	var enc []byte
	require.NoError(t, db.QueryRow(`SELECT encrypted_value FROM cookies WHERE host_key = 'other.com'`).Scan(&enc))
	_, err := db.Exec(`UPDATE cookies SET encrypted_value = ? WHERE host_key = 'www.example.com'`, enc)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	logs := &logSink{}
	got := loadAll(t, path, &Options{Crypter: cr, Logf: logs.logf})
	assert.Equal(t, sorted(other), sorted(got))
	require.Len(t, logs.all(), 1)
	assert.Contains(t, logs.all()[0], `dropped all 3 stored cookies of "example.com"`)
	assert.Contains(t, logs.all()[0], ErrHostHash.Error())
	assert.Equal(t, 2, countRows(t, path))
}

func TestEncryptionRejectsValueAndEncryptedTogether(t *testing.T) {
	path := dbPath(t)
	cr := newAESCrypter(t, 7)
	_, other := groupFixture(t, path, &Options{Crypter: cr})
	_, err := rawDB(t, path).Exec(`UPDATE cookies SET value = 'plain' WHERE host_key = '.example.com'`)
	require.NoError(t, err)
	logs := &logSink{}
	assert.Equal(t, sorted(other), sorted(loadAll(t, path, &Options{Crypter: cr, Logf: logs.logf})))
	require.Len(t, logs.all(), 1)
	assert.Contains(t, logs.all()[0], ErrValueAndEncrypted.Error())
}

// TestCrypterReadsPlaintextRows: rows written before encryption was
// turned on still load, as in Chromium.
func TestCrypterReadsPlaintextRows(t *testing.T) {
	path := dbPath(t)
	example, other := groupFixture(t, path, nil)
	assert.Equal(t, sorted(append(example, other...)), sorted(loadAll(t, path, &Options{Crypter: newAESCrypter(t, 1)})))
}

package webext

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// marshalLikeABrowser writes cookies as JSON.stringify(cookies, null, 2)
// does: two-space indentation, and '<', '>' and '&' as themselves
// (json.Marshal would write them as \u003c, \u003e and \u0026, which is the
// same JSON but not the same bytes).
func marshalLikeABrowser(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(v))
	return b.Bytes()
}

// TestRoundTrip decodes a realistic exported list (several sites, host-only
// and domain cookies, session and persistent ones with fractional
// expirationDates, every sameSite, two partitioned cookies), imports it,
// exports it and marshals it: the bytes are the file's. The file is in
// the order Export writes (longest path first, then the list's order)
// and in the field order of Cookie; a list in another field order (as
// Cookie-Editor writes on Chrome) comes back JSON-equal, not byte-identical
// (TestImportOtherShapes).
func TestRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/export.json")
	require.NoError(t, err)
	var list []Cookie
	require.NoError(t, json.Unmarshal(data, &list))
	require.Len(t, list, 9)

	for _, storeID := range []string{"", "default", "incog"} {
		t.Run(storeID, func(t *testing.T) {
			e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
			_, err := e.set.Create(e.ctx, "incog", cookiemonster.StorePrivate)
			require.NoError(t, err)
			n, err := e.api.Import(e.ctx, storeID, list)
			require.NoError(t, err)
			assert.Equal(t, 9, n)
			out, err := e.api.Export(e.ctx, storeID)
			require.NoError(t, err)
			want := data
			if storeID == "incog" {
				want = bytes.ReplaceAll(data, []byte(`"storeId": "default"`), []byte(`"storeId": "incog"`))
			}
			assert.Equal(t, string(want), string(marshalLikeABrowser(t, out)))
			// json.Marshal gives the same JSON.
			plain, err := json.Marshal(out)
			require.NoError(t, err)
			assert.JSONEq(t, string(want), string(plain))

			// Exported again after a reload into another store, the
			// list is unchanged.
			_, err = e.set.Create(e.ctx, "copy", cookiemonster.StorePersistent)
			require.NoError(t, err)
			n, err = e.api.Import(e.ctx, "copy", out)
			require.NoError(t, err)
			assert.Equal(t, 9, n)
			again, err := e.api.Export(e.ctx, "copy")
			require.NoError(t, err)
			for i := range again {
				again[i].StoreID = out[i].StoreID
			}
			assert.Equal(t, out, again)
		})
	}
}

// TestImportOtherShapes imports lists as other extensions write them and
// checks the exact export.
func TestImportOtherShapes(t *testing.T) {
	tests := []struct {
		name, in, out string
	}{
		{"EditThisCookie on Chrome: sorted keys, storeId \"0\", an id",
			`[{"domain":".example.com","expirationDate":1780000000.25,"hostOnly":false,"httpOnly":false,"name":"_ga","path":"/","sameSite":"unspecified","secure":false,"session":false,"storeId":"0","value":"GA1.2.3","id":1},
			  {"domain":"www.example.com","hostOnly":true,"httpOnly":true,"name":"sid","path":"/","sameSite":"no_restriction","secure":true,"session":true,"storeId":"0","value":"abc","id":2}]`,
			`[{"name":"_ga","value":"GA1.2.3","domain":".example.com","hostOnly":false,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":false,"expirationDate":1780000000.25,"storeId":"default","firstPartyDomain":""},
			  {"name":"sid","value":"abc","domain":"www.example.com","hostOnly":true,"path":"/","secure":true,"httpOnly":true,"sameSite":"no_restriction","session":true,"storeId":"default","firstPartyDomain":""}]`},
		{"Cookie-Editor on Firefox: null storeId and partitionKey",
			`[{"name":"lang","value":"fr","domain":"shop.example.org","hostOnly":true,"path":"/","secure":false,"httpOnly":false,"sameSite":"lax","session":false,"firstPartyDomain":"","partitionKey":null,"expirationDate":1780000000,"storeId":null}]`,
			`[{"name":"lang","value":"fr","domain":"shop.example.org","hostOnly":true,"path":"/","secure":false,"httpOnly":false,"sameSite":"lax","session":false,"expirationDate":1780000000,"storeId":"default","firstPartyDomain":""}]`},
		{"a sameSite of null is unspecified; a domain cookie without its dot",
			`[{"name":"a","value":"1","domain":"example.com","hostOnly":false,"path":"/","sameSite":null}]`,
			`[{"name":"a","value":"1","domain":".example.com","hostOnly":false,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":""}]`},
		{"sorted by path, the list's order kept on equal paths",
			`[{"name":"z","value":"1","domain":"a.example","hostOnly":true,"path":"/"},
			  {"name":"deep","value":"2","domain":"a.example","hostOnly":true,"path":"/x/y"},
			  {"name":"a","value":"3","domain":"b.example","hostOnly":true,"path":"/"},
			  {"name":"m","value":"4","domain":"a.example","hostOnly":true,"path":"/"}]`,
			`[{"name":"deep","value":"2","domain":"a.example","hostOnly":true,"path":"/x/y","secure":false,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":""},
			  {"name":"z","value":"1","domain":"a.example","hostOnly":true,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":""},
			  {"name":"a","value":"3","domain":"b.example","hostOnly":true,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":""},
			  {"name":"m","value":"4","domain":"a.example","hostOnly":true,"path":"/","secure":false,"httpOnly":false,"sameSite":"unspecified","session":true,"storeId":"default","firstPartyDomain":""}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var list []Cookie
			require.NoError(t, json.Unmarshal([]byte(tt.in), &list))
			e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
			n, err := e.api.Import(e.ctx, "", list)
			require.NoError(t, err)
			assert.Equal(t, len(list), n)
			out, err := e.api.Export(e.ctx, "")
			require.NoError(t, err)
			assert.JSONEq(t, tt.out, jsonString(t, out))
		})
	}
}

func TestImportErrors(t *testing.T) {
	e := newEnv(t, []string{"*://*.example.com/*"}, cookiemonster.Limits{})
	// An existing cookie that the expired entry deletes.
	_, err := e.api.Set(e.ctx, SetDetails{URL: "https://www.example.com/", Name: "old", Value: "1", ExpirationDate: secs(time.Hour)})
	require.NoError(t, err)
	good := func(name string) Cookie {
		return Cookie{Name: name, Value: "v", Domain: "www.example.com", HostOnly: true, Path: "/", SameSite: SameSiteLax, Session: true}
	}
	with := func(name string, f func(*Cookie)) Cookie { c := good(name); f(&c); return c }
	list := []Cookie{
		good("first"),
		with("nodomain", func(c *Cookie) { c.Domain = "" }),
		with("hostdot", func(c *Cookie) { c.Domain = ".example.com" }),
		with("both", func(c *Cookie) { c.ExpirationDate = secs(time.Hour) }),
		with("samesite", func(c *Cookie) { c.SameSite = "None" }),
		with("old", func(c *Cookie) { c.Session, c.ExpirationDate = false, secs(-time.Hour) }),
		with("__Host-x", func(c *Cookie) { c.Secure, c.Path = true, "/p" }),
		with("elsewhere", func(c *Cookie) { c.Domain = "other.test" }),
		with("part", func(c *Cookie) { c.Secure, c.PartitionKey = true, &PartitionKey{HasCrossSiteAncestor: new(true)} }),
		good("last"),
	}
	n, err := e.api.Import(e.ctx, "", list)
	assert.Equal(t, 2, n)
	assert.EqualError(t, err, `webext: import: 8 cookies not loaded
	cookie 1 ("nodomain"): invalid details: domain "" names no host
	cookie 2 ("hostdot"): invalid details: hostOnly cookie with the domain ".example.com" of a domain cookie
	cookie 3 ("both"): invalid details: session cookie with an expirationDate
	cookie 4 ("samesite"): invalid details: sameSite "None" is not one of "no_restriction", "lax", "strict", "unspecified"
	cookie 5 ("old"): expirationDate 1772362800 is past: the cookie deleted its equivalent and was not stored
	cookie 6 ("__Host-x"): failed to set cookie named "__Host-x" from https://www.example.com/: ExcludeInvalidPrefix (the cookie breaks the rules of its name's prefix (__Secure-, __Host-, __Http-, __Host-Http-), or a nameless cookie's value starts with such a prefix)
	cookie 7 ("elsewhere"): no host permission for cookies at url "http://other.test/": host permissions are "*://*.example.com/*"
	cookie 8 ("part"): invalid details: partitionKey.hasCrossSiteAncestor without partitionKey.topLevelSite`)

	var ie *ImportError
	require.ErrorAs(t, err, &ie)
	indexes := []int{}
	for _, en := range ie.Entries {
		indexes = append(indexes, en.Index)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8}, indexes)
	var entry *EntryError
	require.ErrorAs(t, err, &entry)
	assert.Equal(t, &EntryError{Index: 1, Name: "nodomain", Err: ie.Entries[0].Err}, entry)
	assert.ErrorIs(t, err, ErrInvalidDetails)
	assert.ErrorIs(t, err, ErrNoHostPermission)
	assert.ErrorIs(t, err, cookiemonster.ExcludeInvalidPrefix)
	assert.EqualError(t, ie.Entries[6], `webext: import: cookie 7 ("elsewhere"): no host permission for cookies at url "http://other.test/": host permissions are "*://*.example.com/*"`)

	out, err := e.api.Export(e.ctx, "")
	require.NoError(t, err)
	assert.Equal(t, []Cookie{
		{Name: "first", Value: "v", Domain: "www.example.com", HostOnly: true, Path: "/", SameSite: SameSiteLax, Session: true, StoreID: "default"},
		{Name: "last", Value: "v", Domain: "www.example.com", HostOnly: true, Path: "/", SameSite: SameSiteLax, Session: true, StoreID: "default"},
	}, out)
}

func TestImportWholeCallErrors(t *testing.T) {
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	list := []Cookie{{Name: "a", Value: "1", Domain: "a.example", HostOnly: true, Path: "/"}}

	n, err := e.api.Import(e.ctx, "nope", list)
	assert.Equal(t, 0, n)
	assert.EqualError(t, err, `webext: invalid cookie store id "nope": cookiemonster: no such store`)

	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	n, err = e.api.Import(ctx, "", list)
	assert.Equal(t, 0, n)
	assert.EqualError(t, err, `webext: import stopped at cookie 0: context canceled`)
	assert.ErrorIs(t, err, context.Canceled)

	n, err = e.api.Import(e.ctx, "", nil)
	assert.Equal(t, 0, n)
	assert.NoError(t, err)

	var nilAPI *API
	_, err = nilAPI.Import(e.ctx, "", list)
	assert.ErrorIs(t, err, ErrNilAPI)
	_, err = nilAPI.Export(e.ctx, "")
	assert.ErrorIs(t, err, ErrNilAPI)
}

func TestExportHostPermissions(t *testing.T) {
	data, err := os.ReadFile("testdata/export.json")
	require.NoError(t, err)
	var list []Cookie
	require.NoError(t, json.Unmarshal(data, &list))
	e := newEnv(t, []string{AllURLs}, cookiemonster.Limits{})
	_, err = e.api.Import(e.ctx, "", list)
	require.NoError(t, err)

	tests := []struct {
		perms []string
		names []string
	}{
		{nil, []string{}},
		{[]string{"*://*.example.net/*"}, []string{"remember", "lang"}},
		{[]string{"http://shop.example.org/*"}, []string{"cart_id", "consent"}},
		{[]string{"https://news.example/*", "https://widget.example/*"}, []string{"__Host-chips", "layout"}},
	}
	for _, tt := range tests {
		t.Run(jsonString(t, tt.perms), func(t *testing.T) {
			out, err := e.withPerms(t, tt.perms).Export(e.ctx, "")
			require.NoError(t, err)
			names := []string{}
			for _, c := range out {
				names = append(names, c.Name)
			}
			assert.Equal(t, tt.names, names)
		})
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// threeStores is a Firefox profile with a cookie named sid in its default
// store, in container 2 and in a private window.
func threeStores(t *testing.T) string {
	return firefoxDB(t, `
 ('', 'sid', 'main', '.example.com', '/', 1893456000000, 1765108800000000, 1765108800000000, 1, 1, 1, 2),
 ('^userContextId=2', 'sid', 'work', '.example.com', '/', 1893456000000, 1765108800000000, 1765108800000001, 1, 1, 1, 2),
 ('^privateBrowsingId=1', 'sid', 'private', '.example.com', '/', 1893456000000, 1765108800000000, 1765108800000002, 1, 1, 1, 2)`)
}

// TestLsStores: ls names each cookie's store, and --store keeps one.
func TestLsStores(t *testing.T) {
	path := threeStores(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "" +
			"NAME  VALUE    DOMAIN        PATH  EXPIRES               SECURE  HTTPONLY  SAMESITE  PARTITION  STORE\n" +
			"sid   main     .example.com  /     2030-01-01T00:00:00Z  true    true      Lax       -          firefox-default\n" +
			"sid   work     .example.com  /     2030-01-01T00:00:00Z  true    true      Lax       -          firefox-container-2\n" +
			"sid   private  .example.com  /     2030-01-01T00:00:00Z  true    true      Lax       -          firefox-private\n"},
		{[]string{"--store", "firefox-container-2"}, "" +
			"NAME  VALUE  DOMAIN        PATH  EXPIRES               SECURE  HTTPONLY  SAMESITE  PARTITION  STORE\n" +
			"sid   work   .example.com  /     2030-01-01T00:00:00Z  true    true      Lax       -          firefox-container-2\n"},
	} {
		code, out, errOut := cli(t, append([]string{"ls", path}, tt.args...)...)
		require.Equal(t, exitOK, code, errOut)
		assert.Equal(t, tt.want, out, tt.args)
		assert.Empty(t, errOut)
	}
	code, out, errOut := cli(t, "ls", path, "--store", "firefox-container-9")
	assert.Equal(t, exitFailed, code)
	assert.Empty(t, out)
	assert.Equal(t, "cookiemonster: "+path+`: no store "firefox-container-9" (it has: firefox-container-2, firefox-default, firefox-private)`+"\n", errOut)

	txt := fixture(t, "cookies.txt", cookiesTxt)
	code, _, errOut = cli(t, "ls", txt, "--store", "default", "--name", "sid")
	assert.Equal(t, exitOK, code, errOut)
	code, _, errOut = cli(t, "ls", txt, "--store", "0")
	assert.Equal(t, exitFailed, code)
	assert.Equal(t, "cookiemonster: "+txt+`: no store "0" (it has: default)`+"\n", errOut)
}

// TestOneStore: a command that works on one jar reads the profile's main
// store and says so, or the store --store names; the same-named cookies of
// the other stores never mix in.
func TestOneStore(t *testing.T) {
	path := threeStores(t)
	note := "cookiemonster: " + path + " keeps 3 stores (firefox-container-2, firefox-default, firefox-private); reading firefox-default (--store picks another)\n"
	code, out, errOut := cli(t, "explain", "https://example.com/", "--cookies", path)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "https://example.com/, in a typed or same-site top-level navigation:\n  sent      sid (.example.com/)\n", out)
	assert.Equal(t, note, errOut)

	out2 := filepath.Join(t.TempDir(), "private.txt")
	code, out, errOut = cli(t, "convert", path, out2, "--store", "firefox-private")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "1 cookies written to "+out2+"\n"+
		"note: SameSite not carried (read back as unspecified): 1 cookies\n"+
		"note: creation and last-access times not carried: 1 cookies\n", out)
	assert.Empty(t, errOut)
	b, err := os.ReadFile(out2)
	require.NoError(t, err)
	assert.Contains(t, string(b), "#HttpOnly_.example.com\tTRUE\t/\tTRUE\t1893456000\tsid\tprivate\n")
	assert.NotContains(t, string(b), "\tmain\n")
	assert.NotContains(t, string(b), "\twork\n")
}

// TestWebExtStores: a Firefox profile converts to a WebExtension export
// with every store kept apart (its storeId), which reads back store by
// store; an entry refused is named by its index in the file, whichever
// store it is in.
func TestWebExtStores(t *testing.T) {
	path := threeStores(t)
	dir := t.TempDir()
	exp := filepath.Join(dir, "export.json")
	// A .json output is DevTools JSON, which has no stores: the main
	// store goes there, and stderr says so.
	code, out, errOut := cli(t, "convert", path, exp)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "1 cookies written to "+exp+"\nnote: creation and last-access times not carried: 1 cookies\n", out)
	assert.Equal(t, "cookiemonster: "+path+" keeps 3 stores (firefox-container-2, firefox-default, firefox-private); reading firefox-default (--store picks another)\n", errOut)
	code, out, errOut = cli(t, "convert", path, exp, "--to", "webext")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "3 cookies written to "+exp+"\n", out)
	b, err := os.ReadFile(exp)
	require.NoError(t, err)
	one := func(value, store string) string {
		return `  {
    "name": "sid",
    "value": "` + value + `",
    "domain": ".example.com",
    "hostOnly": false,
    "path": "/",
    "secure": true,
    "httpOnly": true,
    "sameSite": "lax",
    "session": false,
    "expirationDate": 1893456000,
    "storeId": "` + store + `",
    "firstPartyDomain": ""
  }`
	}
	assert.Equal(t, "[\n"+one("main", "firefox-default")+",\n"+one("work", "firefox-container-2")+",\n"+one("private", "firefox-private")+"\n]\n", string(b))

	// Read back as cookies.set would set them: the expiry capped at 400
	// days.
	code, out, errOut = cli(t, "ls", exp, "--store", "firefox-private")
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(out, "\n")
	require.Len(t, lines, 3, out)
	assert.Equal(t, "", lines[2])
	row := strings.Fields(lines[1])
	require.Len(t, row, 10, out)
	expiry, err := time.Parse(time.RFC3339, row[4])
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(400*24*time.Hour), expiry, time.Minute)
	row[4] = "EXPIRY"
	assert.Equal(t, []string{"sid", "private", ".example.com", "/", "EXPIRY", "true", "true", "Lax", "-", "firefox-private"}, row)

	// The same file with a bad third entry, in a store of its own.
	bad := []byte(string(b[:len(b)-3]) + `,
  {"name": "x", "value": "1", "domain": ".example.com", "hostOnly": true, "path": "/", "secure": false,
   "httpOnly": false, "sameSite": "unspecified", "session": true, "storeId": "firefox-container-7"}
]`)
	require.NoError(t, os.WriteFile(exp, bad, 0o600))
	code, _, errOut = cli(t, "ls", exp)
	assert.Equal(t, exitPartial, code)
	assert.Equal(t, "cookiemonster: skipped "+exp+`: webext: import: cookie 3 ("x"): invalid details: hostOnly cookie with the domain ".example.com" of a domain cookie`+"\n", errOut)
}

// TestRmFirefoxRefused: rm does not write to a Firefox profile (only to
// the files and stores cookiemonster writes), and leaves it as it was.
func TestRmFirefoxRefused(t *testing.T) {
	path := threeStores(t)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	code, _, errOut := cli(t, "rm", path, "--name", "sid")
	assert.Equal(t, exitFailed, code)
	assert.Equal(t, "cookiemonster: rm writes cookiemonster and Chrome cookie databases only: sqlitestore: open "+path+`: not a cookie database: it has "moz_cookies" but no meta or cookies table`+"\n", errOut)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

// TestTxtLeavesOut: converting to cookies.txt writes the cookies a line can
// hold and names the one it cannot (a TAB in its value); a nameless cookie
// is shown as such.
func TestTxtLeavesOut(t *testing.T) {
	in := fixture(t, "in.json", `[
 {"name": "ok", "value": "1", "domain": "example.com", "path": "/", "expires": -1, "httpOnly": false, "secure": false, "session": true},
 {"name": "tab", "value": "1", "domain": "example.com", "path": "/a\tb", "expires": -1, "httpOnly": false, "secure": false, "session": true},
 {"name": "", "value": "flag", "domain": "example.com", "path": "/", "expires": -1, "httpOnly": false, "secure": false, "session": true}
]`)
	out := filepath.Join(t.TempDir(), "out.txt")
	code, stdout, errOut := cli(t, "convert", in, out)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "2 cookies written to "+out+"\n"+
		`note: left out: netscape: cookie 1 (domain "example.com", name "tab") cannot be written as a cookies.txt line: control character 0x09 in the path`+"\n"+
		"note: creation and last-access times not carried: 2 cookies\n", stdout)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), "example.com\tFALSE\t/\tFALSE\t0\tok\t1\n")
	assert.Contains(t, string(b), "example.com\tFALSE\t/\tFALSE\t0\t\tflag\n")
	assert.NotContains(t, string(b), "\ttab\t")

	code, stdout, errOut = cli(t, "explain", "http://example.com/", "--cookies", in)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "http://example.com/, in a typed or same-site top-level navigation:\n"+
		"  sent      ok (example.com/)\n  sent      (nameless) (example.com/)\n"+
		"  not sent  tab (example.com/a\tb)\n"+
		"            - Path=\"/a\\tb\" of cookie \"tab\" does not cover /\n", stdout)
}

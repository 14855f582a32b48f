package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFetch: a request to a local server with a cookie file, as curl -b/-c:
// what was sent, each Set-Cookie stored or refused with why, and the file
// written back; a second fetch sends what the first stored.
func TestFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/logout" {
			w.Header().Add("Set-Cookie", "sid=; Path=/; Max-Age=0")
		}
		if r.URL.Path == "/login" {
			w.Header().Add("Set-Cookie", "sid=31d4d96e; Path=/; HttpOnly")
			w.Header().Add("Set-Cookie", "theme=dark; Max-Age=3600")
			w.Header().Add("Set-Cookie", "tracker=1; Domain=other.example")
			w.Header().Add("Set-Cookie", "__Host-x=1; Path=/")
		}
		_, _ = w.Write([]byte(r.Header.Get("Cookie")))
	}))
	defer srv.Close()
	jar := filepath.Join(t.TempDir(), "jar.txt")
	code, out, errOut := cli(t, "fetch", srv.URL+"/login", "-b", jar, "-c", jar)
	require.Equal(t, exitOK, code, errOut)
	host := strings.TrimPrefix(srv.URL, "http://")
	want := strings.ReplaceAll(`> SRV/login: sent no cookie
< stored   sid (from SRV/login)
< stored   theme (from SRV/login)
< refused  tracker (from SRV/login)
            - Domain=other.example is not the host HOST, and a cookie from an IP address can only be for that address
< refused  __Host-x (from SRV/login)
            - "__Host-x" needs Secure, Path=/ and no Domain; this line has no Secure attribute
GET SRV/login: 200 OK
2 cookies written to JAR
note: creation and last-access times not carried: 2 cookies
`, "SRV", srv.URL)
	want = strings.ReplaceAll(strings.ReplaceAll(want, "HOST", strings.Split(host, ":")[0]), "JAR", jar)
	assert.Equal(t, want, out)

	code, out, errOut = cli(t, "fetch", srv.URL+"/account", "-b", jar)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "> "+srv.URL+"/account: sent 2 cookies: sid, theme\nGET "+srv.URL+"/account: 200 OK\n", out)

	// A Set-Cookie that expires on arrival deletes sid: not a refusal.
	code, out, errOut = cli(t, "fetch", srv.URL+"/logout", "-b", jar, "-c", jar)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "> "+srv.URL+"/logout: sent 2 cookies: sid, theme\n"+
		"< expired  sid (from "+srv.URL+"/logout): not stored; deletes the stored cookie it matches, if any\n"+
		"GET "+srv.URL+"/logout: 200 OK\n"+
		"1 cookies written to "+jar+"\n"+
		"note: creation and last-access times not carried: 1 cookies\n", out)
	code, out, errOut = cli(t, "ls", jar)
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(out, "\n")
	require.Len(t, lines, 3, out)
	row := strings.Fields(lines[1])
	require.Len(t, row, 9, out)
	expiry, err := time.Parse(time.RFC3339, row[4])
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Hour), expiry, time.Minute, "theme's Max-Age=3600")
	row[4] = "EXPIRY"
	assert.Equal(t, []string{"theme", "dark", "127.0.0.1", "/", "EXPIRY", "false", "false", "Unspecified", "-"}, row)
}

// TestFetchThenExplain: the cookies a local server sets, kept by fetch in
// a DevTools JSON jar, explained in each context with every reason.
func TestFetchThenExplain(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "strict=1; SameSite=Strict; Path=/")
		w.Header().Add("Set-Cookie", "lax=1; SameSite=Lax; Path=/")
		w.Header().Add("Set-Cookie", "none=1; SameSite=None; Secure; Path=/")
		w.Header().Add("Set-Cookie", "admin=1; Path=/admin")
	}))
	defer srv.Close()
	jar := filepath.Join(t.TempDir(), "jar.json")
	code, _, errOut := cli(t, "fetch", srv.URL+"/", "-c", jar)
	require.Equal(t, exitOK, code, errOut)
	for _, tt := range []struct {
		context string
		want    string
	}{
		{"navigation", "SRV/, in a typed or same-site top-level navigation:\n" +
			"  sent      strict (127.0.0.1/)\n  sent      lax (127.0.0.1/)\n  sent      none (127.0.0.1/)\n" + "  not sent  admin (127.0.0.1/admin)\n" +
			"            - Path=/admin of cookie \"admin\" does not cover /\n"},
		{"link", "SRV/, in a cross-site link (top-level GET navigation from another site):\n" +
			"  sent      lax (127.0.0.1/)\n  sent      none (127.0.0.1/)\n" + "  not sent  admin (127.0.0.1/admin)\n" +
			"            - Path=/admin of cookie \"admin\" does not cover /\n" +
			"  not sent  strict (127.0.0.1/)\n" +
			"            - SameSite=Strict cookie \"strict\" is withheld from a cross-site request\n"},
		{"subresource", "SRV/, in a cross-site subresource (image, fetch) of another site's page:\n" +
			"  sent      none (127.0.0.1/)\n" + "  not sent  admin (127.0.0.1/admin)\n" +
			"            - Path=/admin of cookie \"admin\" does not cover /\n" +
			"            - \"admin\" has no SameSite attribute, so it is treated as SameSite=Lax and withheld from a cross-site request other than a top-level navigation (being less than 2 minutes old, it would go even with an unsafe method such as POST)\n" +
			"  not sent  strict (127.0.0.1/)\n" +
			"            - SameSite=Strict cookie \"strict\" is withheld from a cross-site request\n" +
			"  not sent  lax (127.0.0.1/)\n" +
			"            - SameSite=Lax cookie \"lax\" is withheld from a cross-site request other than a top-level navigation with a safe method (such as GET)\n"},
		{"script", "SRV/, in document.cookie in a same-site page:\n" +
			"  sent      strict (127.0.0.1/)\n  sent      lax (127.0.0.1/)\n  sent      none (127.0.0.1/)\n" + "  not sent  admin (127.0.0.1/admin)\n" +
			"            - Path=/admin of cookie \"admin\" does not cover /\n"},
	} {
		code, out, errOut := cli(t, "explain", srv.URL+"/", "--cookies", jar, "--context", tt.context)
		require.Equal(t, exitOK, code, errOut)
		assert.Equal(t, tt.want, strings.ReplaceAll(out, srv.URL, "SRV"), tt.context)
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cli runs the command line and returns its exit code and outputs.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

const cookiesTxt = "# Netscape HTTP Cookie File\n" +
	".example.com\tTRUE\t/\tTRUE\t1893456000\tsid\tabc\n" +
	"www.example.com\tFALSE\t/admin\tFALSE\t0\ttheme\tdark\n" +
	"#HttpOnly_www.example.com\tFALSE\t/\tFALSE\t1893456000\ttok\tx\n" +
	"other.example\tFALSE\t/\tFALSE\t1893456000\tunrelated\t1\n"

func fixture(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
	return p
}

func TestUsage(t *testing.T) {
	code, out, _ := cli(t)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, out, "explain  URL --cookies FILE")
	code, _, errOut := cli(t, "frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "cookiemonster: unknown command \"frobnicate\" (cookiemonster --help)\n", errOut)
	code, _, errOut = cli(t, "explain", "--help")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "-context string")
}

func TestLs(t *testing.T) {
	path := fixture(t, "cookies.txt", cookiesTxt)
	code, out, errOut := cli(t, "ls", path, "--domain", "example.com")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, ""+
		"NAME   VALUE  DOMAIN           PATH    EXPIRES               SECURE  HTTPONLY  SAMESITE     PARTITION\n"+
		"sid    abc    .example.com     /       2030-01-01T00:00:00Z  true    false     Unspecified  -\n"+
		"theme  dark   www.example.com  /admin  session               false   false     Unspecified  -\n"+
		"tok    x      www.example.com  /       2030-01-01T00:00:00Z  false   true      Unspecified  -\n", out)
	code, out, _ = cli(t, "ls", "--url", "http://www.example.com/", path, "--name", "tok")
	require.Equal(t, exitOK, code)
	assert.Equal(t, ""+
		"NAME  VALUE  DOMAIN           PATH  EXPIRES               SECURE  HTTPONLY  SAMESITE     PARTITION\n"+
		"tok   x      www.example.com  /     2030-01-01T00:00:00Z  false   true      Unspecified  -\n", out)
}

func TestExplain(t *testing.T) {
	path := fixture(t, "cookies.txt", cookiesTxt)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{{
		"navigation", nil,
		"https://www.example.com/admin/x, in a typed or same-site top-level navigation:\n" +
			"  sent      theme (www.example.com/admin)\n" +
			"  sent      sid (.example.com/)\n" +
			"  sent      tok (www.example.com/)\n",
	}, {
		"subresource, http", []string{"--context", "subresource"},
		"http://www.example.com/, in a cross-site subresource (image, fetch) of another site's page:\n" +
			"  not sent  theme (www.example.com/admin)\n" +
			"            - Path=/admin of cookie \"theme\" does not cover /\n" +
			"            - \"theme\" has no SameSite attribute, so it is treated as SameSite=Lax and withheld from a cross-site request other than a top-level navigation (being less than 2 minutes old, it would go even with an unsafe method such as POST)\n" +
			"  not sent  sid (.example.com/)\n" +
			"            - Secure cookie \"sid\" is not sent to http://www.example.com\n" +
			"            - \"sid\" has no SameSite attribute, so it is treated as SameSite=Lax and withheld from a cross-site request other than a top-level navigation (being less than 2 minutes old, it would go even with an unsafe method such as POST)\n" +
			"  not sent  tok (www.example.com/)\n" +
			"            - \"tok\" has no SameSite attribute, so it is treated as SameSite=Lax and withheld from a cross-site request other than a top-level navigation (being less than 2 minutes old, it would go even with an unsafe method such as POST)\n" +
			"            - warning: \"tok\" has no SameSite attribute and this is a cross-site request, where default rules treat it as SameSite=Lax\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			u := "https://www.example.com/admin/x"
			if tc.args != nil {
				u = "http://www.example.com/"
			}
			code, out, errOut := cli(t, append([]string{"explain", u, "--cookies", path}, tc.args...)...)
			require.Equal(t, exitOK, code, errOut)
			assert.Equal(t, tc.want, out)
		})
	}
	code, _, errOut := cli(t, "explain", "https://www.example.com/", "--cookies", path, "--context", "iframe")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--context iframe needs --top")
}

// TestConvert: cookies.txt to JSON to a store and back to cookies.txt,
// every step reading what the last wrote.
func TestConvert(t *testing.T) {
	dir := t.TempDir()
	in := fixture(t, "cookies.txt", cookiesTxt)
	steps := []struct{ from, to string }{
		{in, filepath.Join(dir, "c.json")},
		{filepath.Join(dir, "c.json"), filepath.Join(dir, "c.sqlite")},
		{filepath.Join(dir, "c.sqlite"), filepath.Join(dir, "back.txt")},
	}
	for _, s := range steps {
		code, out, errOut := cli(t, "convert", s.from, s.to)
		require.Equal(t, exitOK, code, errOut)
		assert.True(t, strings.HasPrefix(out, "4 cookies written to "+s.to+"\n"), out)
	}
	_, want, _ := cli(t, "ls", in)
	_, got, _ := cli(t, "ls", filepath.Join(dir, "back.txt"))
	assert.Equal(t, want, got)
}

// TestBadInputs: each bad input is a clear error naming the file and the
// position, and the output is not written.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, file, body, says string
		code                   int
	}{
		{"corrupt JSON", "bad.json", "[\n {\"name\": \"a\", }\n]", "line 2", exitFailed},
		{"a cookies.txt with binary garbage", "bad.txt", "\x00\x01\x02garbage\xff\n", "bad.txt", exitFailed},
		{"a database of another program", "other.sqlite", "SQLite format 3\x00" + strings.Repeat("\x00", 84), "not a Chrome cookies database", exitFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := fixture(t, tc.file, tc.body)
			out := filepath.Join(dir, tc.name+".out.txt")
			code, _, errOut := cli(t, "convert", in, out)
			assert.Equal(t, tc.code, code, errOut)
			assert.Contains(t, errOut, tc.says)
			_, err := os.Stat(out)
			assert.True(t, os.IsNotExist(err), "the output was written")
		})
	}
}

// TestRmAndImport: import a file into a store, remove by domain from the
// store and by name from a file; exactly the others stay.
func TestRmAndImport(t *testing.T) {
	dir := t.TempDir()
	in := fixture(t, "cookies.txt", cookiesTxt)
	store := filepath.Join(dir, "store.sqlite")
	code, out, errOut := cli(t, "import", in, store)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "4 cookies imported into "+store+"\n", out)
	assert.Empty(t, errOut, "no progress bar off a terminal")

	code, out, errOut = cli(t, "rm", store, "--domain", "other.example")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "1 cookies removed from "+store+"\n", out)
	names := func(path string) []string {
		_, out, _ := cli(t, "ls", path)
		var ns []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			ns = append(ns, strings.Fields(l)[0])
		}
		return ns
	}
	assert.ElementsMatch(t, []string{"sid", "theme", "tok"}, names(store))

	code, out, errOut = cli(t, "rm", in, "--name", "theme")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "1 cookies removed from "+in+"\n", out)
	assert.ElementsMatch(t, []string{"sid", "tok", "unrelated"}, names(in))

	code, _, errOut = cli(t, "rm", in)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "say which cookies")
}

func TestCompletion(t *testing.T) {
	code, out, _ := cli(t, "completion", "bash")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `compgen -W "ls convert explain fetch rm import completion"`)
	assert.Contains(t, out, `compgen -W "txt json playwright sqlite webext"`)
	assert.Contains(t, out, "complete -o filenames -F _cookiemonster cookiemonster")
	code, _, _ = cli(t, "completion", "fish")
	assert.Equal(t, exitUsage, code)
}

// TestExplainIframe: in a cross-site iframe under a top-level site, the
// partitioned cookie of that partition is sent, the unpartitioned
// SameSite=None one too, and the Lax one not.
func TestExplainIframe(t *testing.T) {
	path := fixture(t, "c.json", `[
 {"name": "chips", "value": "1", "domain": "widget.example", "path": "/", "expires": 1893456000, "secure": true, "sameSite": "None",
  "partitionKey": {"topLevelSite": "https://top.example", "hasCrossSiteAncestor": true}},
 {"name": "other-partition", "value": "1", "domain": "widget.example", "path": "/", "expires": 1893456000, "secure": true, "sameSite": "None",
  "partitionKey": {"topLevelSite": "https://elsewhere.example", "hasCrossSiteAncestor": true}},
 {"name": "none", "value": "1", "domain": "widget.example", "path": "/", "expires": 1893456000, "secure": true, "sameSite": "None"},
 {"name": "lax", "value": "1", "domain": "widget.example", "path": "/", "expires": 1893456000, "secure": true, "sameSite": "Lax"}
]`)
	code, out, errOut := cli(t, "explain", "https://widget.example/frame", "--cookies", path, "--context", "iframe", "--top", "https://top.example/")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "https://widget.example/frame, in a cross-site iframe under the top-level site --top (partitioned cookies of that partition):\n"+
		"  sent      chips (widget.example/)\n"+
		"  sent      none (widget.example/)\n"+
		"  not sent  lax (widget.example/)\n"+
		"            - SameSite=Lax cookie \"lax\" is withheld from a cross-site request other than a top-level navigation with a safe method (such as GET)\n", out)
}

// TestTruncatedDatabase: a Chrome database cut in half fails as a whole,
// naming the file, and the output is not written.
func TestTruncatedDatabase(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "full.sqlite")
	code, _, errOut := cli(t, "convert", fixture(t, "cookies.txt", cookiesTxt), store)
	require.Equal(t, exitOK, code, errOut)
	b, err := os.ReadFile(store)
	require.NoError(t, err)
	cut := filepath.Join(dir, "cut.sqlite")
	require.NoError(t, os.WriteFile(cut, b[:len(b)/2], 0o600))
	out := filepath.Join(dir, "out.txt")
	code, _, errOut = cli(t, "convert", cut, out)
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, errOut, cut)
	_, err = os.Stat(out)
	assert.True(t, os.IsNotExist(err), "the output was written")
}

// TestWebExtJSON: a WebExtension cookies export is detected and loaded as
// an extension's cookies.set would load it; the entry set refuses is
// reported by position, and the exit code says some were skipped.
func TestWebExtJSON(t *testing.T) {
	exp := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second).UTC()
	path := fixture(t, "export.json", `[
 {"name": "sid", "value": "1", "domain": ".example.com", "hostOnly": false, "path": "/", "secure": true, "httpOnly": true,
  "sameSite": "lax", "session": false, "expirationDate": `+strconv.FormatInt(exp.Unix(), 10)+`, "storeId": "0"},
 {"name": "bad", "value": "1", "domain": ".example.com", "hostOnly": true, "path": "/", "secure": false, "httpOnly": false,
  "sameSite": "unspecified", "session": true, "storeId": "0"}
]`)
	code, out, errOut := cli(t, "ls", path)
	assert.Equal(t, exitPartial, code)
	assert.Equal(t, ""+
		"NAME  VALUE  DOMAIN        PATH  EXPIRES               SECURE  HTTPONLY  SAMESITE  PARTITION  STORE\n"+
		"sid   1      .example.com  /     "+exp.Format(time.RFC3339)+"  true    true      Lax       -          0\n", out)
	assert.Equal(t, "cookiemonster: skipped "+path+`: webext: import: cookie 1 ("bad"): invalid details: hostOnly cookie with the domain ".example.com" of a domain cookie`+"\n", errOut)
}

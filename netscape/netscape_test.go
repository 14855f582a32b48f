package netscape_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/netscape"
)

// t0 is the reading clock of the tests: creation of the first cookie.
var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

const (
	y2030 = 1893456000 // 2030-01-01T00:00:00Z
	y2026 = 1767225600 // 2026-01-01T00:00:00Z
	y9999 = 253402300799
)

// row is what the format carries of a cookie.
type row struct {
	Domain, Path, Name, Value string
	Expiry                    int64 // Unix seconds, 0: session
	Secure, HTTPOnly          bool
}

func rowOf(c *cookiemonster.CanonicalCookie) row {
	r := row{Domain: c.Domain, Path: c.Path, Name: c.Name, Value: c.Value, Secure: c.Secure, HTTPOnly: c.HTTPOnly}
	if c.IsPersistent() {
		r.Expiry = c.Expiry.Unix()
	}
	return r
}

func rows(cs []*cookiemonster.CanonicalCookie) []row {
	out := make([]row, len(cs))
	for i, c := range cs {
		out[i] = rowOf(c)
	}
	return out
}

// lineErrors returns the *LineErrors joined in err, in order, and fails on
// any other error.
func lineErrors(t *testing.T, err error) []*netscape.LineError {
	t.Helper()
	if err == nil {
		return nil
	}
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	out := make([]*netscape.LineError, 0, len(list))
	for _, e := range list {
		le, ok := e.(*netscape.LineError)
		require.Truef(t, ok, "not a *LineError: %T %v", e, e)
		out = append(out, le)
	}
	return out
}

// wantErr is an expected line error: its line and the sentinel it wraps.
type wantErr struct {
	line   int
	reason error
}

func checkLineErrors(t *testing.T, err error, want []wantErr) {
	t.Helper()
	got := lineErrors(t, err)
	gotLines := make([]int, len(got))
	for i, le := range got {
		gotLines[i] = le.Line
	}
	wantLines := make([]int, len(want))
	for i, w := range want {
		wantLines[i] = w.line
	}
	require.Equal(t, wantLines, gotLines, "line numbers of the errors: %v", err)
	for i, w := range want {
		assert.ErrorIsf(t, got[i], w.reason, "line %d", w.line)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func readAt(data []byte) ([]*cookiemonster.CanonicalCookie, error) {
	return netscape.ReadWithOptions(bytes.NewReader(data), netscape.Options{Now: t0})
}

var curlRows = []row{
	{Domain: ".example.com", Path: "/", Name: "sid", Value: "s3cr3t", Expiry: y2030, Secure: true, HTTPOnly: true},
	{Domain: "www.example.com", Path: "/app", Name: "theme", Value: "dark"},
	{Domain: ".example.org", Path: "/", Name: "lang", Value: "en-US", Expiry: y2030},
	{Domain: "example.net", Path: "/", Name: "__Host-id", Value: "h1", Expiry: y2030, Secure: true},
	{Domain: "api.example.com", Path: "/v1", Name: "tok", Value: "", Expiry: y2030, Secure: true, HTTPOnly: true},
	{Domain: "127.0.0.1", Path: "/", Name: "local", Value: "1", Expiry: y2030},
	{Domain: "localhost", Path: "/", Name: "", Value: "bare"},
	{Domain: "www.example.com", Path: "/", Name: "novalue", Value: ""},
}

var curlErrs = []wantErr{
	{10, netscape.ErrTooFewFields},
	{11, netscape.ErrBadExpiry},
	{12, netscape.ErrBadFlag},
	{13, netscape.ErrControlCharacter},
	{14, netscape.ErrNoContent},
	{15, netscape.ErrBadDomain},
	{16, cookiemonster.ErrNotCanonical}, // __Host- with a domain cookie
}

func TestReadCurlStyle(t *testing.T) {
	cookies, err := readAt(readFile(t, "curl_cookies.txt"))
	assert.Equal(t, curlRows, rows(cookies))
	checkLineErrors(t, err, curlErrs)

	// The fields the format does not carry get the documented defaults.
	for i, c := range cookies {
		want := t0.Add(time.Duration(i) * time.Microsecond)
		assert.Equal(t, want, c.Creation, "creation %d", i)
		assert.Equal(t, want, c.LastAccess)
		assert.Equal(t, want, c.LastUpdate)
		assert.Equal(t, cookiemonster.SameSiteUnspecified, c.SameSite)
		assert.Equal(t, cookiemonster.PriorityMedium, c.Priority)
		assert.False(t, c.IsPartitioned())
		assert.Equal(t, cookiemonster.PortUnspecified, c.SourcePort)
		wantScheme := cookiemonster.SourceSchemeNonSecure
		if c.Secure {
			wantScheme = cookiemonster.SourceSchemeSecure
		}
		assert.Equal(t, wantScheme, c.SourceScheme, c.Name)
		_, err := cookiemonster.NewCanonicalCookieFromStorage(*c)
		assert.NoError(t, err, c.Name)
	}
	assert.Equal(t, time.UTC, cookies[0].Expiry.Location())

	// Error texts: the line without its end, and no value in Error().
	les := lineErrors(t, err)
	assert.Equal(t, ".example.com\tTRUE\t/\tFALSE\ttomorrow\tx\ty", les[1].Text)
	assert.Equal(t, `netscape: line 11: bad expiry: field 5 (expiry) is "tomorrow"`, les[1].Error())
	assert.Equal(t, ".example.com\tTRUE\t/\tFALSE\t0\tctl\ta\x01b", les[3].Text)
	assert.NotContains(t, les[3].Error(), "ctl")
	assert.Equal(t, `netscape: line 12: flag is neither TRUE nor FALSE: field 2 (include-subdomains) is "YES"`, les[2].Error())
}

var ytdlpRows = []row{
	{Domain: ".media.example.com", Path: "/", Name: "PREF", Value: "f6=40000000&tz=Europe.Paris", Expiry: y2026, Secure: true},
	{Domain: ".media.example.com", Path: "/", Name: "VISITOR", Value: "Cgt4eDEyMw%3D%3D", Secure: true},
	{Domain: ".media.example.com", Path: "/", Name: "GPS", Value: "1"},
	{Domain: "accounts.example.com", Path: "/", Name: "__Secure-3PSID", Value: "g.a000xyz", Expiry: y2026, Secure: true},
	{Domain: ".media.example.com", Path: "/", Name: "flag-no-dot", Value: "v"},
	{Domain: "media.example.com", Path: "/", Name: "dot-but-false", Value: "v", Expiry: y2026},
	{Domain: ".media.example.com", Path: "/watch", Name: "UPPER", Value: "v", Expiry: y9999},
	{Domain: ".xn--bcher-kva.de", Path: "/", Name: "idn", Value: "v", Expiry: y2026},
	{Domain: ".media.example.com", Path: "/", Name: "ext", Value: "v", Expiry: y2026},
	{Domain: "co.uk", Path: "/", Name: "super", Value: "v", Expiry: y2026},
	{Domain: ".media.example.com", Path: "/", Name: "legacy", Value: "v", Expiry: y2026},
	{Domain: "[::1]", Path: "/", Name: "v6", Value: "1"},
}

var ytdlpErrs = []wantErr{
	{15, cookiemonster.ErrNotCanonical}, // ';' in the value
	{16, netscape.ErrTooFewFields},
	{17, netscape.ErrBadExpiry}, // -5
	{18, netscape.ErrBadPath},
	{20, netscape.ErrControlCharacter}, // a lone CR
}

func TestReadYtdlpStyle(t *testing.T) {
	cookies, err := readAt(readFile(t, "ytdlp_cookies.txt"))
	assert.Equal(t, ytdlpRows, rows(cookies))
	checkLineErrors(t, err, ytdlpErrs)
}

func TestReadBOMAndCRLF(t *testing.T) {
	cookies, err := readAt(readFile(t, "bom_crlf.txt"))
	assert.Equal(t, []row{
		{Domain: ".example.com", Path: "/", Name: "a", Value: "1", Expiry: y2030},
		{Domain: "www.example.com", Path: "/", Name: "b", Value: "2", Secure: true, HTTPOnly: true},
		{Domain: ".example.com", Path: "/", Name: "c", Value: "3"},
	}, rows(cookies))
	checkLineErrors(t, err, []wantErr{{5, netscape.ErrTooFewFields}})
	assert.Equal(t, "bad line", lineErrors(t, err)[0].Text)
	assert.Contains(t, err.Error(), "no TAB")

	// A BOM right before a cookie line.
	cookies, err = readAt([]byte("\ufeffexample.com\tFALSE\t/\tFALSE\t0\ta\t1\n"))
	require.NoError(t, err)
	assert.Equal(t, []row{{Domain: "example.com", Path: "/", Name: "a", Value: "1"}}, rows(cookies))
}

func TestReadUTF16(t *testing.T) {
	text := "# Netscape HTTP Cookie File\r\n.bücher.de\tTRUE\t/\tFALSE\t0\ta\t1\r\nbad\r\n"
	units := utf16.Encode([]rune(text))
	le := []byte{0xFF, 0xFE}
	be := []byte{0xFE, 0xFF}
	for _, u := range units {
		le = append(le, byte(u), byte(u>>8))
		be = append(be, byte(u>>8), byte(u))
	}
	for name, data := range map[string][]byte{"LE": le, "BE": be} {
		t.Run(name, func(t *testing.T) {
			cookies, err := readAt(data)
			assert.Equal(t, []row{{Domain: ".xn--bcher-kva.de", Path: "/", Name: "a", Value: "1"}}, rows(cookies))
			checkLineErrors(t, err, []wantErr{{3, netscape.ErrTooFewFields}})
		})
	}
}

func TestReadLineRules(t *testing.T) {
	tests := []struct {
		name string
		line string
		want *row  // nil: an error
		err  error // the sentinel of the error
	}{
		{"seven fields", "example.com\tFALSE\t/\tFALSE\t0\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v"}, nil},
		{"six fields", "example.com\tFALSE\t/\tFALSE\t0\tn", &row{Domain: "example.com", Path: "/", Name: "n"}, nil},
		{"extra fields", "example.com\tFALSE\t/\tFALSE\t0\tn\tv\tx\ty", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v"}, nil},
		{"empty path", "example.com\tFALSE\t\tFALSE\t0\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v"}, nil},
		{"spaces around fields", "  example.com \t FALSE\t /a \tFALSE\t 5 \t n \t v  ", &row{Domain: "example.com", Path: "/a", Name: "n", Value: "v", Expiry: 5}, nil},
		{"value with spaces and quotes", "example.com\tFALSE\t/\tFALSE\t0\tn\t\"a b\"", &row{Domain: "example.com", Path: "/", Name: "n", Value: `"a b"`}, nil},
		{"nameless with =", "example.com\tFALSE\t/\tFALSE\t0\t\ta=b", &row{Domain: "example.com", Path: "/", Value: "a=b"}, nil},
		{"expiry -1", "example.com\tFALSE\t/\tFALSE\t-1\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v"}, nil},
		{"expiry 0.9", "example.com\tFALSE\t/\tFALSE\t0.9\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v"}, nil},
		{"expiry fraction", "example.com\tFALSE\t/\tFALSE\t1700000000.5\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v", Expiry: 1700000000}, nil},
		{"expiry +", "example.com\tFALSE\t/\tFALSE\t+1700000000\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v", Expiry: 1700000000}, nil},
		{"expiry in the past kept", "example.com\tFALSE\t/\tFALSE\t1\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v", Expiry: 1}, nil},
		{"expiry huge", "example.com\tFALSE\t/\tFALSE\t99999999999999999999999999\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v", Expiry: y9999}, nil},
		{"expiry year 9999", "example.com\tFALSE\t/\tFALSE\t253402300799\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v", Expiry: y9999}, nil},
		{"bare IPv6", "::1\tFALSE\t/\tFALSE\t0\tn\tv", &row{Domain: "[::1]", Path: "/", Name: "n", Value: "v"}, nil},
		{"IPv6 TRUE is host-only", "[::1]\tTRUE\t/\tFALSE\t0\tn\tv", &row{Domain: "[::1]", Path: "/", Name: "n", Value: "v"}, nil},
		{"IPv4 TRUE is host-only", ".10.0.0.1\tTRUE\t/\tFALSE\t0\tn\tv", &row{Domain: "10.0.0.1", Path: "/", Name: "n", Value: "v"}, nil},
		{"localhost TRUE is host-only", ".localhost\tTRUE\t/\tFALSE\t0\tn\tv", &row{Domain: "localhost", Path: "/", Name: "n", Value: "v"}, nil},
		{"httponly prefix any case", "#httponly_example.com\tFALSE\t/\tFALSE\t0\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v", HTTPOnly: true}, nil},
		{"legacy layout", "example.com\tFALSE\tTRUE\t0\tn\tv", &row{Domain: "example.com", Path: "/", Name: "n", Value: "v", Secure: true}, nil},
		{"trailing dot kept", "example.com.\tTRUE\t/\tFALSE\t0\tn\tv", &row{Domain: ".example.com.", Path: "/", Name: "n", Value: "v"}, nil},
		{"UTF-8 value", "example.com\tFALSE\t/\tFALSE\t0\tn\tgrüße", &row{Domain: "example.com", Path: "/", Name: "n", Value: "grüße"}, nil},

		{"comment", "# example.com\tFALSE\t/\tFALSE\t0\tn\tv", nil, nil},
		{"indented comment", "   # just a comment", nil, nil},
		{"five fields", "example.com\tFALSE\t/\tFALSE\t0", nil, netscape.ErrTooFewFields},
		{"spaces not tabs", "example.com FALSE / FALSE 0 n v", nil, netscape.ErrTooFewFields},
		{"bad secure flag", "example.com\tFALSE\t/\tyes\t0\tn\tv", nil, netscape.ErrBadFlag},
		{"numeric flag", "example.com\t1\t/\tFALSE\t0\tn\tv", nil, netscape.ErrBadFlag},
		{"expiry word", "example.com\tFALSE\t/\tFALSE\tnever\tn\tv", nil, netscape.ErrBadExpiry},
		{"expiry exponent", "example.com\tFALSE\t/\tFALSE\t1e9\tn\tv", nil, netscape.ErrBadExpiry},
		{"expiry lone dot", "example.com\tFALSE\t/\tFALSE\t.\tn\tv", nil, netscape.ErrBadExpiry},
		{"expiry negative", "example.com\tFALSE\t/\tFALSE\t-2\tn\tv", nil, netscape.ErrBadExpiry},
		{"NUL in name", "example.com\tFALSE\t/\tFALSE\t0\tn\x00\tv", nil, netscape.ErrControlCharacter},
		{"DEL in value", "example.com\tFALSE\t/\tFALSE\t0\tn\tv\x7f", nil, netscape.ErrControlCharacter},
		{"empty domain", "\tFALSE\t/\tFALSE\t0\tn\tv", nil, netscape.ErrBadDomain},
		{"lone dot domain", ".\tTRUE\t/\tFALSE\t0\tn\tv", nil, netscape.ErrBadDomain},
		{"two dots", "..example.com\tTRUE\t/\tFALSE\t0\tn\tv", nil, netscape.ErrBadDomain},
		{"slash in domain", "example.com/x\tFALSE\t/\tFALSE\t0\tn\tv", nil, netscape.ErrBadDomain},
		{"port in domain", "example.com:8080\tFALSE\t/\tFALSE\t0\tn\tv", nil, netscape.ErrBadDomain},
		{"long domain", strings.Repeat("a", 1021) + ".com\tFALSE\t/\tFALSE\t0\tn\tv", nil, netscape.ErrBadDomain},
		{"long IDN domain", strings.Repeat("äöüß", 400) + ".de\tFALSE\t/\tFALSE\t0\tn\tv", nil, netscape.ErrBadDomain},
		{"relative path", "example.com\tFALSE\tfoo\tFALSE\t0\tn\tv", nil, netscape.ErrBadPath},
		{"semicolon in path", "example.com\tFALSE\t/a;b\tFALSE\t0\tn\tv", nil, netscape.ErrBadPath},
		{"long path", "example.com\tFALSE\t/" + strings.Repeat("p", 1024) + "\tFALSE\t0\tn\tv", nil, netscape.ErrBadPath},
		{"empty name and value (six fields)", "example.com\tFALSE\t/\tFALSE\t0\t", nil, netscape.ErrNoContent},
		{"empty name and spaces", "example.com\tFALSE\t/\tFALSE\t0\t \t  ", nil, netscape.ErrNoContent},
		{"too large", "example.com\tFALSE\t/\tFALSE\t0\tn\t" + strings.Repeat("v", 4096), nil, netscape.ErrTooLarge},
		{"= in name", "example.com\tFALSE\t/\tFALSE\t0\ta=b\tv", nil, cookiemonster.ErrNotCanonical},
		{"__Secure- without secure", "example.com\tFALSE\t/\tFALSE\t0\t__Secure-n\tv", nil, cookiemonster.ErrNotCanonical},
		{"__Host- with a path", "example.com\tFALSE\t/a\tTRUE\t0\t__Host-n\tv", nil, cookiemonster.ErrNotCanonical},
		{"hidden prefix", "example.com\tFALSE\t/\tFALSE\t0\t\t__Host-n=v", nil, cookiemonster.ErrNotCanonical},
		{"Set-Cookie line", "Set-Cookie: a=b; Domain=example.com", nil, netscape.ErrTooFewFields},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cookies, err := readAt([]byte(tt.line + "\n"))
			switch {
			case tt.want != nil:
				require.NoError(t, err)
				assert.Equal(t, []row{*tt.want}, rows(cookies))
			case tt.err == nil:
				require.NoError(t, err)
				assert.Empty(t, cookies)
			default:
				assert.Empty(t, cookies)
				checkLineErrors(t, err, []wantErr{{1, tt.err}})
				assert.Equal(t, tt.line, lineErrors(t, err)[0].Text)
			}
		})
	}
}

func TestReadLongLine(t *testing.T) {
	long := "example.com\tFALSE\t/\tFALSE\t0\tn\t" + strings.Repeat("v", netscape.MaxLineLength)
	for _, tail := range []string{"\n", "\r\n", ""} {
		data := "example.com\tFALSE\t/\tFALSE\t0\ta\t1\n" + long + tail
		if tail != "" {
			data += "example.com\tFALSE\t/\tFALSE\t0\tb\t2\n"
		}
		cookies, err := readAt([]byte(data))
		want := []row{{Domain: "example.com", Path: "/", Name: "a", Value: "1"}}
		if tail != "" {
			want = append(want, row{Domain: "example.com", Path: "/", Name: "b", Value: "2"})
		}
		assert.Equal(t, want, rows(cookies), "tail %q", tail)
		checkLineErrors(t, err, []wantErr{{2, netscape.ErrLineTooLong}})
		assert.Len(t, lineErrors(t, err)[0].Text, netscape.MaxLineLength)
	}
	// The longest line accepted: exactly MaxLineLength bytes, which then
	// fails on the cookie's size, not the line's.
	exact := "example.com\tFALSE\t/\tFALSE\t0\tn\t"
	exact += strings.Repeat("v", netscape.MaxLineLength-len(exact))
	_, err := readAt([]byte(exact + "\r\n"))
	checkLineErrors(t, err, []wantErr{{1, netscape.ErrTooLarge}})
}

func TestReadJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
	}{
		{"[\n  {\"domain\": \".example.com\", \"name\": \"a\"}\n]\n", 1},
		{"\ufeff\n\r\n  {\"cookies\": []}", 3},
	} {
		cookies, err := readAt([]byte(tc.in))
		assert.Empty(t, cookies)
		checkLineErrors(t, err, []wantErr{{tc.line, netscape.ErrJSON}})
	}
	// An IPv6 cookie on the first line is not JSON.
	cookies, err := readAt([]byte("[::1]\tFALSE\t/\tFALSE\t0\ta\t1\n"))
	require.NoError(t, err)
	assert.Len(t, cookies, 1)
}

func TestReadEmptyAndCommentsOnly(t *testing.T) {
	for _, in := range []string{"", "\n", "\r\n\r\n", "# Netscape HTTP Cookie File\n", "\ufeff", "\t \t\n"} {
		cookies, err := readAt([]byte(in))
		assert.NoError(t, err, "%q", in)
		assert.Empty(t, cookies, "%q", in)
	}
}

// errReader fails after its data.
type errReader struct {
	data []byte
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadIOError(t *testing.T) {
	boom := errors.New("boom")
	cookies, err := netscape.Read(&errReader{data: []byte("example.com\tFALSE\t/\tFALSE\t0\ta\t1\nbad\nexample.com\tFALSE\t/\tFALSE\t0\tb"), err: boom})
	assert.Equal(t, []row{{Domain: "example.com", Path: "/", Name: "a", Value: "1"}}, rows(cookies))
	require.ErrorIs(t, err, boom)
	var le *netscape.LineError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 2, le.Line)
	assert.Contains(t, err.Error(), "netscape: reading line 3: boom")
}

func TestReadDefaultClock(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Microsecond)
	cookies, err := netscape.Read(strings.NewReader("a.com\tFALSE\t/\tFALSE\t0\ta\t1\nb.com\tFALSE\t/\tFALSE\t0\tb\t1\n"))
	require.NoError(t, err)
	require.Len(t, cookies, 2)
	assert.False(t, cookies[0].Creation.Before(before))
	assert.Equal(t, cookies[0].Creation.Add(time.Microsecond), cookies[1].Creation)
}

// curlWritten is what Write makes of the cookies of curl_cookies.txt.
const curlWritten = netscape.Header +
	"#HttpOnly_.example.com\tTRUE\t/\tTRUE\t1893456000\tsid\ts3cr3t\n" +
	"www.example.com\tFALSE\t/app\tFALSE\t0\ttheme\tdark\n" +
	".example.org\tTRUE\t/\tFALSE\t1893456000\tlang\ten-US\n" +
	"example.net\tFALSE\t/\tTRUE\t1893456000\t__Host-id\th1\n" +
	"#HttpOnly_api.example.com\tFALSE\t/v1\tTRUE\t1893456000\ttok\t\n" +
	"127.0.0.1\tFALSE\t/\tFALSE\t1893456000\tlocal\t1\n" +
	"localhost\tFALSE\t/\tFALSE\t0\t\tbare\n" +
	"www.example.com\tFALSE\t/\tFALSE\t0\tnovalue\t\n"

func TestRoundTripSamples(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []row
	}{
		{"curl_cookies.txt", curlRows},
		{"ytdlp_cookies.txt", ytdlpRows},
	} {
		t.Run(tc.file, func(t *testing.T) {
			first, _ := readAt(readFile(t, tc.file))
			var buf bytes.Buffer
			require.NoError(t, netscape.Write(&buf, first))
			second, err := readAt(buf.Bytes())
			require.NoError(t, err)
			assert.Equal(t, tc.want, rows(second))
			assert.Equal(t, first, second) // every field, the defaults included
			if tc.file == "curl_cookies.txt" {
				assert.Equal(t, curlWritten, buf.String())
			}
		})
	}
}

func TestWriteThenRead(t *testing.T) {
	created := time.Date(2025, 3, 1, 8, 30, 15, 123456000, time.UTC)
	mk := func(rawURL, line string) *cookiemonster.CanonicalCookie {
		u, err := url.Parse(rawURL)
		require.NoError(t, err)
		c, st := cookiemonster.NewCanonicalCookie(u, line, created, cookiemonster.CreateOptions{})
		require.True(t, st.IsInclude(), "%s: %v", line, st)
		return c
	}
	cookies := []*cookiemonster.CanonicalCookie{
		mk("https://www.example.com/a/b", "sid=1; Domain=example.com; Path=/; Secure; HttpOnly; Max-Age=3600; SameSite=Strict"),
		mk("http://www.example.com/a/b", "pref=x y z; Expires=Wed, 01 Jan 2025 00:00:00 GMT"),
		mk("https://Bücher.DE/", "__Host-k=v; Path=/; Secure; Priority=High"),
		mk("http://127.0.0.1:8080/", "ip=1"),
		mk("http://[::1]/x/", "v6=1; Path=/x"),
		mk("http://www.example.com/", "=nameless"),
		mk("http://www.example.com/", "empty="),
	}
	var buf bytes.Buffer
	require.NoError(t, netscape.Write(&buf, cookies))
	back, err := netscape.ReadWithOptions(&buf, netscape.Options{Now: created})
	require.NoError(t, err)
	require.Len(t, back, len(cookies))
	for i, c := range cookies {
		b := back[i]
		assert.Equal(t, c.Name, b.Name)
		assert.Equal(t, c.Value, b.Value)
		assert.Equal(t, c.Domain, b.Domain)
		assert.Equal(t, c.Path, b.Path)
		assert.Equal(t, c.Secure, b.Secure)
		assert.Equal(t, c.HTTPOnly, b.HTTPOnly)
		assert.Equal(t, c.IsPersistent(), b.IsPersistent())
		assert.Equal(t, c.Expiry.Truncate(time.Second), b.Expiry, c.Name) // whole seconds only
		assert.Equal(t, c.IsHostOnly(), b.IsHostOnly())
	}
	assert.Equal(t, created.Add(time.Hour).Truncate(time.Second), back[0].Expiry)
	assert.Equal(t, ".example.com", back[0].Domain)
	assert.Equal(t, "xn--bcher-kva.de", back[2].Domain)
	assert.Equal(t, "[::1]", back[4].Domain)
}

func TestWriteSkips(t *testing.T) {
	u, _ := url.Parse("https://shop.example.com/")
	pk, err := cookiemonster.NewPartitionKey(&url.URL{Scheme: "https", Host: "news.example.org"}, true)
	require.NoError(t, err)
	parted, st := cookiemonster.NewCanonicalCookie(u, "p=1; Secure; Partitioned", t0, cookiemonster.CreateOptions{Partition: pk})
	require.True(t, st.IsInclude())
	require.True(t, parted.IsPartitioned())
	ok, st := cookiemonster.NewCanonicalCookie(u, "ok=1", t0, cookiemonster.CreateOptions{})
	require.True(t, st.IsInclude())
	// A cookie built by hand may hold a TAB in its value or path (no
	// Set-Cookie line can); cookies.txt cannot carry it.
	tabbed := *ok
	tabbed.Name, tabbed.Value = "t", "a\tb"
	tabPath := *ok
	tabPath.Name, tabPath.Path = "tp", "/a\tb"
	noDomain := *ok
	noDomain.Domain = ""
	old := *ok
	old.Name = "old"
	old.Expiry = time.Date(1601, 1, 1, 0, 0, 0, 1000, time.UTC)
	firstParty := *ok // first-party isolation: no column for it either
	firstParty.Name, firstParty.FirstPartyDomain = "fp", "news.example.org"

	var buf bytes.Buffer
	err = netscape.Write(&buf, []*cookiemonster.CanonicalCookie{parted, &tabbed, nil, ok, &tabPath, &noDomain, &old, &firstParty})
	require.Error(t, err)
	assert.ErrorIs(t, err, netscape.ErrNotRepresentable)
	assert.Len(t, err.(interface{ Unwrap() []error }).Unwrap(), 3)
	assert.Contains(t, err.Error(), `cookie 1 (domain "shop.example.com", name "t")`)
	assert.Contains(t, err.Error(), "in the value")
	assert.Contains(t, err.Error(), "in the path")
	assert.Contains(t, err.Error(), `domain ""`)
	assert.NotContains(t, err.Error(), "a\tb")
	assert.Equal(t, netscape.Header+
		"shop.example.com\tFALSE\t/\tFALSE\t0\tok\t1\n"+
		"shop.example.com\tFALSE\t/\tFALSE\t1\told\t1\n", buf.String())

	// Nothing to write: the header alone.
	buf.Reset()
	require.NoError(t, netscape.Write(&buf, nil))
	assert.Equal(t, netscape.Header, buf.String())
}

// failWriter accepts n bytes, then fails.
type failWriter struct {
	n   int
	err error
}

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	k := w.n
	w.n = 0
	return k, w.err
}

func TestWriteError(t *testing.T) {
	boom := errors.New("disk full")
	cookies, _ := readAt(readFile(t, "curl_cookies.txt"))
	// Fails on the final flush, and (with a large input) in the middle.
	err := netscape.Write(&failWriter{n: 10, err: boom}, cookies)
	require.ErrorIs(t, err, boom)
	assert.Equal(t, "netscape: writing: disk full", err.Error())

	many := make([]*cookiemonster.CanonicalCookie, 0, 2000)
	for range 250 {
		many = append(many, cookies...)
	}
	err = netscape.Write(&failWriter{n: 10, err: boom}, many)
	require.ErrorIs(t, err, boom)
}

// newMonster returns a memory Monster whose clock is t0.
func newMonster(t *testing.T) *cookiemonster.Monster {
	t.Helper()
	m, err := cookiemonster.New(cookiemonster.Config{Now: func() time.Time { return t0 }})
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func TestImportExport(t *testing.T) {
	ctx := context.Background()
	m := newMonster(t)
	n, err := netscape.ImportWithOptions(ctx, m, bytes.NewReader(readFile(t, "curl_cookies.txt")), netscape.Options{Now: t0})
	assert.Equal(t, len(curlRows), n)
	checkLineErrors(t, err, curlErrs)

	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	// Persistent cookies are capped at creation + 400 days.
	capped := func(i int) int64 {
		return t0.Add(time.Duration(i) * time.Microsecond).Add(cookiemonster.MaxExpiryAge).Unix()
	}
	assert.Equal(t, []row{
		{Domain: "www.example.com", Path: "/app", Name: "theme", Value: "dark"},
		{Domain: "api.example.com", Path: "/v1", Name: "tok", Value: "", Expiry: capped(4), Secure: true, HTTPOnly: true},
		{Domain: ".example.com", Path: "/", Name: "sid", Value: "s3cr3t", Expiry: capped(0), Secure: true, HTTPOnly: true},
		{Domain: ".example.org", Path: "/", Name: "lang", Value: "en-US", Expiry: capped(2)},
		{Domain: "example.net", Path: "/", Name: "__Host-id", Value: "h1", Expiry: capped(3), Secure: true},
		{Domain: "127.0.0.1", Path: "/", Name: "local", Value: "1", Expiry: capped(5)},
		{Domain: "localhost", Path: "/", Name: "", Value: "bare"},
		{Domain: "www.example.com", Path: "/", Name: "novalue", Value: ""},
	}, rows(all))

	// The cookies are usable: a request to www.example.com gets them.
	hdr, err := m.CookieHeader(ctx, &url.URL{Scheme: "https", Host: "www.example.com", Path: "/app/x"}, cookiemonster.AllInclusiveOptions())
	require.NoError(t, err)
	assert.Equal(t, "theme=dark; sid=s3cr3t; novalue=", hdr)

	// A partitioned cookie is in the store but not in the export.
	pk, err := cookiemonster.NewPartitionKey(&url.URL{Scheme: "https", Host: "news.example.org"}, true)
	require.NoError(t, err)
	o := cookiemonster.AllInclusiveOptions()
	o.Partition = pk
	res, err := m.SetCookieLine(ctx, &url.URL{Scheme: "https", Host: "widget.example.com", Path: "/"}, "chip=1; Secure; Partitioned; Path=/", o)
	require.NoError(t, err)
	require.True(t, res.Status.IsInclude(), res.Status.String())

	var buf bytes.Buffer
	require.NoError(t, netscape.Export(ctx, m, &buf))
	assert.Equal(t, netscape.Header+
		"www.example.com\tFALSE\t/app\tFALSE\t0\ttheme\tdark\n"+
		"#HttpOnly_api.example.com\tFALSE\t/v1\tTRUE\t1783339200\ttok\t\n"+
		"#HttpOnly_.example.com\tTRUE\t/\tTRUE\t1783339200\tsid\ts3cr3t\n"+
		".example.org\tTRUE\t/\tFALSE\t1783339200\tlang\ten-US\n"+
		"example.net\tFALSE\t/\tTRUE\t1783339200\t__Host-id\th1\n"+
		"127.0.0.1\tFALSE\t/\tFALSE\t1783339200\tlocal\t1\n"+
		"localhost\tFALSE\t/\tFALSE\t0\t\tbare\n"+
		"www.example.com\tFALSE\t/\tFALSE\t0\tnovalue\t\n", buf.String())
	assert.Equal(t, t0.Add(cookiemonster.MaxExpiryAge).Unix(), int64(1783339200))

	// Importing the export into another Monster gives the same cookies.
	m2 := newMonster(t)
	n, err = netscape.ImportWithOptions(ctx, m2, bytes.NewReader(buf.Bytes()), netscape.Options{Now: t0})
	require.NoError(t, err)
	assert.Equal(t, len(curlRows), n)
	all2, err := m2.AllCookies(ctx)
	require.NoError(t, err)
	assert.Equal(t, rows(all), rows(all2))
}

func TestImportRefusedAndExpired(t *testing.T) {
	ctx := context.Background()
	m := newMonster(t)
	in := strings.Join([]string{
		"# Netscape HTTP Cookie File",
		".example.com\tTRUE\t/\tTRUE\t0\ts\tsecure",
		"www.example.com\tFALSE\t/\tFALSE\t0\ts\tplain", // would shadow the Secure cookie from http
		".example.com\tTRUE\t/\tFALSE\t1\told\tgone",    // expired: skipped
		"bad",
		".example.com\tTRUE\t/\tFALSE\t0\tk\tfirst",
		".example.com\tTRUE\t/\tFALSE\t0\tk\tsecond", // replaces the line before
	}, "\n")
	n, err := netscape.ImportWithOptions(ctx, m, strings.NewReader(in), netscape.Options{Now: t0})
	assert.Equal(t, 3, n)
	checkLineErrors(t, err, []wantErr{{3, netscape.ErrRefused}, {5, netscape.ErrTooFewFields}})
	assert.ErrorIs(t, err, cookiemonster.ExcludeOverwriteSecure)
	les := lineErrors(t, err)
	assert.Equal(t, "www.example.com\tFALSE\t/\tFALSE\t0\ts\tplain", les[0].Text)
	assert.Equal(t, "netscape: line 3: cookie refused by the store: ExcludeOverwriteSecure (an insecure origin cannot overwrite or shadow an existing Secure cookie)", les[0].Error())
	var se *cookiemonster.StatusError
	require.ErrorAs(t, les[0], &se)
	assert.Equal(t, []cookiemonster.ExclusionReason{cookiemonster.ExcludeOverwriteSecure}, se.Status.Exclusions())

	all, err := m.AllCookies(ctx)
	require.NoError(t, err)
	assert.Equal(t, []row{
		{Domain: ".example.com", Path: "/", Name: "s", Value: "secure", Secure: true},
		{Domain: ".example.com", Path: "/", Name: "k", Value: "second"},
	}, rows(all))

	// An expired line does not delete the stored cookie it is equivalent to.
	n, err = netscape.ImportWithOptions(ctx, m, strings.NewReader(".example.com\tTRUE\t/\tFALSE\t1\tk\tgone\n"), netscape.Options{Now: t0})
	require.NoError(t, err)
	assert.Zero(t, n)
	all, err = m.AllCookies(ctx)
	require.NoError(t, err)
	assert.Len(t, all, 2)
}

func TestImportDefaultsAndContext(t *testing.T) {
	m, err := cookiemonster.New(cookiemonster.Config{})
	require.NoError(t, err)
	n, err := netscape.Import(context.Background(), m, strings.NewReader("example.com\tFALSE\t/\tFALSE\t0\ta\t1\n"))
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	require.NoError(t, m.Close())
	n, err = netscape.Import(context.Background(), m, strings.NewReader("example.com\tFALSE\t/\tFALSE\t0\tb\t1\nbad\n"))
	assert.Zero(t, n)
	assert.ErrorIs(t, err, cookiemonster.ErrClosed)
	checkLineErrorsOnly(t, err, 2)

	err = netscape.Export(context.Background(), m, &bytes.Buffer{})
	assert.ErrorIs(t, err, cookiemonster.ErrClosed)
}

// checkLineErrorsOnly checks that err joins exactly one *LineError, for
// line, besides other errors.
func checkLineErrorsOnly(t *testing.T, err error, line int) {
	t.Helper()
	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if le, ok := e.(*netscape.LineError); ok {
			lines = append(lines, le.Line)
		}
	}
	assert.Equal(t, []int{line}, lines)
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"curl_cookies.txt", "ytdlp_cookies.txt", "bom_crlf.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(b)
	}
	for _, s := range []string{
		"",
		"\ufeff[::1]\tTRUE\tFALSE\t-1\t\tv",
		"#HttpOnly_.Bücher.de\tTRUE\t/\tTRUE\t1e3\tn",
		"{\"a\":1}",
		"x\tTRUE\t/\tTRUE\t99999999999999999999.99\t__Host-a\tb\r\n\r\n",
		"\xff\xfe.\x00a\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cookies, err := readAt(data)
		les := lineErrors(t, err)
		for i, le := range les {
			require.Positive(t, le.Line)
			require.Error(t, le.Err)
			if i > 0 {
				require.Greater(t, le.Line, les[i-1].Line)
			}
		}
		for i, c := range cookies {
			require.NotNil(t, c)
			_, err := cookiemonster.NewCanonicalCookieFromStorage(*c)
			require.NoErrorf(t, err, "%#v", c)
			require.Equal(t, t0.Add(time.Duration(i)*time.Microsecond), c.Creation)
			if c.IsPersistent() {
				require.LessOrEqual(t, c.Expiry.Unix(), int64(y9999))
				require.Positive(t, c.Expiry.Unix())
			}
		}
		// What Read returns, Write writes, and Read reads back unchanged.
		var buf bytes.Buffer
		require.NoError(t, netscape.Write(&buf, cookies))
		back, err := readAt(buf.Bytes())
		require.NoError(t, err)
		require.Equal(t, cookies, back)
	})
}

package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuickstart checks the whole output, the server's port aside: the
// events, the refusals with their reasons, what the server received and
// the stored cookies.
func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	got := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(out.String(), "127.0.0.1:PORT")
	want := "" +
		"GET http://127.0.0.1:PORT/login (sets 7 cookies, redirects to /account)\n" +
		"event: Inserted sid=31d4d96e407aad42\n" +
		"event: Inserted theme=dark\n" +
		"event: Inserted prefs={\"lang\":\"en\"}\n" +
		"event: Inserted =nameless-flag\n" +
		"refused: tracker=1; SameSite=None\n" +
		"  reasons: ExcludeSameSiteNoneInsecure; WarnSameSiteNoneInsecure\n" +
		"  why: SameSite=None needs Secure; \"tracker\" has no Secure attribute\n" +
		"  why: warning: \"tracker\" is SameSite=None without Secure, which current rules refuse\n" +
		"refused: big=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n" +
		"  reasons: ExcludeNameValuePairExceedsMaxSize\n" +
		"  why: cookie \"big\" has a name and value of 5003 bytes together; the limit is 4096\n" +
		"event: Inserted __Host-csrf=x\n" +
		"the server received: Cookie: sid=31d4d96e407aad42; theme=dark; prefs={\"lang\":\"en\"}; nameless-flag; __Host-csrf=x\n" +
		"\n" +
		"GET /logout (deletes sid)\n" +
		"event: ExpiredOverwrite sid=31d4d96e407aad42\n" +
		"\n" +
		"4 cookies stored\n" +
		"NAME         VALUE          DOMAIN     PATH  EXPIRES  SECURE  HTTPONLY  SAMESITE\n" +
		"theme        dark           127.0.0.1  /     session  false   false     Unspecified\n" +
		"prefs        {\"lang\":\"en\"}  127.0.0.1  /     session  false   false     Unspecified\n" +
		"             nameless-flag  127.0.0.1  /     session  false   false     Unspecified\n" +
		"__Host-csrf  x              127.0.0.1  /     session  true    false     Unspecified\n" +
		""
	assert.Equal(t, want, got)
}

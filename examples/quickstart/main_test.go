package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	text := out.String()
	for _, want := range []string{
		"(Go's resp.Cookies() sees 8 of 9)",
		"tracker=1; SameSite=None",
		"refused: ExcludeSameSiteNoneInsecure",
		"refused: ExcludeNameValuePairExceedsMaxSize",
		"deletes any equal cookie (already expired)",
		`"theme=dark; nameless-value; wide=1; sid=31d4d96e407aad42; quoted=\"a b\"; __Host-csrf=x"`,
		`"theme=dark; nameless-value; wide=1; quoted=\"a b\"; __Host-csrf=x"`,
		`"sid=31d4d96e407aad42; quoted=\"a b\"; __Host-csrf=x"`,
	} {
		assert.Contains(t, text, want)
	}
	// The cross-site subresource gets no cookie: none is SameSite=None.
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "cross-site subresource") {
			assert.True(t, strings.HasSuffix(strings.TrimSpace(line), `""`), line)
		}
	}
}

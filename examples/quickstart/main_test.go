package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	text := out.String()
	for _, want := range []string{
		"event: Inserted sid=31d4d96e407aad42\n",
		"event: Inserted =nameless-flag\n",
		`the server received: Cookie: sid=31d4d96e407aad42; theme=dark; prefs={"lang":"en"}; nameless-flag; __Host-csrf=x` + "\n",
		"event: ExpiredOverwrite sid=31d4d96e407aad42\n",
		"4 cookies stored\n",
	} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, text, "tracker", "SameSite=None without Secure is refused")
	assert.NotContains(t, text, "big=", "a 5000-byte cookie is refused")
}

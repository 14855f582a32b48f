package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

// TestPersistentJar checks the whole output: after a restart the session
// cookie sid is still sent; then that the file holds both cookies.
func TestPersistentJar(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Cookies")
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, path))
	assert.Equal(t, "run 1: GET /login -> welcome\n"+
		"run 1: jar closed, cookies written to Cookies\n"+
		"run 2: GET /account -> Cookie: sid=31d4d96e407aad42; theme=dark\n"+
		"run 2: jar closed, cookies written to Cookies\n", out.String())

	store, err := sqlitestore.Open(path, nil)
	require.NoError(t, err)
	m, err := cookiemonster.New(cookiemonster.Config{Store: store, PersistSessionCookies: true})
	require.NoError(t, err)
	defer m.Close()
	all, err := m.AllCookies(context.Background())
	require.NoError(t, err)
	var names []string
	for _, c := range all {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"sid", "theme"}, names)
}

package main

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "modernc.org/sqlite"
)

// TestFirefoxProfile: a Firefox cookies.sqlite (schema 16) is detected and
// listed, a container's cookie too.
func TestFirefoxProfile(t *testing.T) {
	path := firefoxDB(t, `
 ('', 'sid', 'abc', '.example.com', '/', 1893456000000, 1765108800000000, 1765108800000000, 1, 1, 1, 2),
 ('^userContextId=2', 'work', '1', 'www.example.com', '/', 1893456000000, 1765108800000000, 1765108800000000, 0, 0, 256, 1)`)
	code, out, errOut := cli(t, "ls", path)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, ""+
		"NAME  VALUE  DOMAIN           PATH  EXPIRES               SECURE  HTTPONLY  SAMESITE     PARTITION  STORE\n"+
		"sid   abc    .example.com     /     2030-01-01T00:00:00Z  true    true      Lax          -          firefox-default\n"+
		"work  1      www.example.com  /     2030-01-01T00:00:00Z  false   false     Unspecified  -          firefox-container-2\n", out)
}

// firefoxDB writes a Firefox cookies.sqlite (schema 16) with the rows
// given as SQL values (originAttributes, name, value, host, path, expiry,
// lastAccessed, creationTime, isSecure, isHttpOnly, sameSite, schemeMap).
func firefoxDB(t *testing.T, rows string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cookies.sqlite")
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE moz_cookies(id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '', name TEXT,
 value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER,
 isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0,
 isPartitionedAttributeSet INTEGER DEFAULT 0, CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));
PRAGMA user_version = 16;
INSERT INTO moz_cookies(originAttributes, name, value, host, path, expiry, lastAccessed, creationTime, isSecure, isHttpOnly, sameSite, schemeMap)
 VALUES ` + rows)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	return path
}

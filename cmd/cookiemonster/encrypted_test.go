package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/chromeprofile"
	"github.com/cookiemonster-go/cookiemonster/sqlitestore"
)

// encryptedProfile writes a Chrome Cookies database whose values are
// encrypted as Chrome on the platform encrypts them with the password.
func encryptedProfile(t *testing.T, keys chromeprofile.Keys, prefix string) string {
	t.Helper()
	cr, err := chromeprofile.NewCrypter(keys, prefix)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "Cookies")
	s, err := sqlitestore.Open(path, &sqlitestore.Options{Crypter: cr})
	require.NoError(t, err)
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, name := range []string{"sid", "csrf"} {
		s.Add(&cookiemonster.CanonicalCookie{Name: name, Value: "secret-" + name, Domain: ".example.com", Path: "/",
			Expiry: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Creation: now, LastAccess: now, LastUpdate: now,
			Secure: true, HTTPOnly: true, SameSite: cookiemonster.SameSiteLax, Priority: cookiemonster.PriorityMedium,
			SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443})
		now = now.Add(time.Second)
	}
	require.NoError(t, s.Close())
	return path
}

// TestEncryptedProfile: ls decrypts a Linux v11 and a macOS profile with
// --platform and --password; without the password, or with a wrong one,
// each row is reported by its position and the exit code says so.
// (Linux v10 values, which need no password, are covered by chromeprofile's
// tests.)
func TestEncryptedProfile(t *testing.T) {
	table := "" +
		"NAME  VALUE        DOMAIN        PATH  EXPIRES               SECURE  HTTPONLY  SAMESITE  PARTITION\n" +
		"sid   secret-sid   .example.com  /     2030-01-01T00:00:00Z  true    true      Lax       -\n" +
		"csrf  secret-csrf  .example.com  /     2030-01-01T00:00:00Z  true    true      Lax       -\n"
	for _, tt := range []struct {
		name     string
		keys     chromeprofile.Keys
		prefix   string
		platform string
	}{
		{"linux v11", chromeprofile.Keys{Platform: chromeprofile.Linux, Password: []byte("keyring secret")}, "v11", "linux"},
		{"macos", chromeprofile.Keys{Platform: chromeprofile.MacOS, Password: []byte("keychain secret")}, "v10", "macos"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := encryptedProfile(t, tt.keys, tt.prefix)
			code, out, errOut := cli(t, "ls", path, "--platform", tt.platform, "--password", string(tt.keys.Password))
			require.Equal(t, exitOK, code, errOut)
			assert.Equal(t, table, out)
			assert.Empty(t, errOut)

			code, out, errOut = cli(t, "ls", path, "--platform", tt.platform, "--password", "wrong")
			assert.Equal(t, exitPartial, code)
			assert.Equal(t, "NAME  VALUE  DOMAIN  PATH  EXPIRES  SECURE  HTTPONLY  SAMESITE  PARTITION\n", out)
			assert.Equal(t, ""+
				"cookiemonster: skipped "+path+`: row 1 (.example.com "sid"): chromeprofile: the value does not decrypt: bad padding (a wrong password?)`+"\n"+
				"cookiemonster: skipped "+path+`: row 2 (.example.com "csrf"): chromeprofile: the value does not decrypt: bad padding (a wrong password?)`+"\n", errOut)

			code, _, errOut = cli(t, "ls", path, "--platform", tt.platform)
			assert.Equal(t, exitPartial, code)
			assert.Equal(t, ""+
				"cookiemonster: skipped "+path+`: row 1 (.example.com "sid"): chromeprofile: the value needs the password Chrome keeps outside the profile (Keys.Password)`+"\n"+
				"cookiemonster: skipped "+path+`: row 2 (.example.com "csrf"): chromeprofile: the value needs the password Chrome keeps outside the profile (Keys.Password)`+"\n", errOut)
		})
	}
}

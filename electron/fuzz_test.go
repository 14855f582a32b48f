package electron_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster/electron"
)

// FuzzCookies feeds any input to Set, Get and Remove: none panics, every
// error of Set is a *SetError (the store stays open), and a cookie Set
// accepts without an expiry is found by name.
func FuzzCookies(f *testing.F) {
	f.Add("https://example.com/a", "n", "v", "", "", "", false, 0.0, false, "https://example.com/a", "example.com")
	f.Add("asdf", "", "", ".", "docs", "garbage", true, 1e300, true, "%zz", "")
	f.Add("http://[::1]:8080/", "__Host-x", "a=b", "::1", "/a b", "no_restriction", false, -1.0, true, "http://[::1]/", "[::1]")
	f.Add("file:///tmp/x", "n\x00", "v;v", "exämple.com", "/\\..", "strict", true, 1772370000.5, true, "ws://example.com", ".com")
	f.Fuzz(func(t *testing.T, rawURL, name, value, domain, path, sameSite string, secure bool, exp float64, httpOnly bool, getURL, getDomain string) {
		ctx := context.Background()
		var c electron.Cookies
		d := electron.Details{URL: rawURL, Name: name, Value: value, Domain: domain, Path: path,
			Secure: &secure, HTTPOnly: httpOnly, SameSite: electron.SameSite(sameSite)}
		if exp != 0 {
			d.ExpirationDate = &exp
		}
		err := c.Set(ctx, d)
		var se *electron.SetError
		require.True(t, err == nil || errors.As(err, &se), "%v", err)
		if err == nil && d.ExpirationDate == nil {
			got, err := c.Get(ctx, electron.Filter{Name: &name})
			require.NoError(t, err)
			require.NotEmpty(t, got)
		}
		_, err = c.Get(ctx, electron.Filter{URL: getURL, Domain: &getDomain, Path: &path})
		require.NoError(t, err)
		require.NoError(t, c.Remove(ctx, getURL, name))
	})
}

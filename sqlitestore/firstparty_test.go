package sqlitestore

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// TestFirstPartyDomainNotWritten: a cookie with a first-party domain is not
// written to Chromium's cookies table, which cannot hold it (it would come
// back visible to every first party); the store logs why.
func TestFirstPartyDomainNotWritten(t *testing.T) {
	path := dbPath(t)
	var logs logSink
	s := openT(t, path, &Options{Logf: logs.logf}, nil)
	c := cookiemonster.CanonicalCookie{Name: "id", Value: "1", Domain: "tracker.example", Path: "/",
		Creation: t0, LastAccess: t0, LastUpdate: t0, Expiry: t0.Add(time.Hour), FirstPartyDomain: "site-a.example",
		SourceScheme: cookiemonster.SourceSchemeSecure, SourcePort: 443}
	plain := c
	plain.Name, plain.FirstPartyDomain = "plain", ""
	s.Add(&c)
	s.Add(&plain)
	require.NoError(t, s.Flush(context.Background()))
	require.NoError(t, s.Close())
	got := loadAll(t, path, nil)
	require.Len(t, got, 1)
	assert.Equal(t, "plain", got[0].Name)
	require.Eventually(t, func() bool { return len(logs.all()) == 1 }, 5*time.Second, time.Millisecond)
	assert.Equal(t, []string{`sqlitestore: not storing INSERT of cookie "id" on "tracker.example": it has a first-party domain ("site-a.example"), which the cookies table cannot hold`}, logs.all())
}

package cookiemonster_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// TestErrorsOnePrefix makes each error of the package through a real call
// and checks the sentinel it matches, its exact text, and that it carries
// the package's prefix once.
func TestErrorsOnePrefix(t *testing.T) {
	ctx := context.Background()
	u := &url.URL{Scheme: "https", Host: "www.example.com", Path: "/"}
	closed, err := cm.New(cm.Config{})
	require.NoError(t, err)
	require.NoError(t, closed.Close())
	store := cm.NewMemoryStore(nil)
	require.NoError(t, store.Close())
	var unsafe error
	observed, err := cm.New(cm.Config{Observer: cm.Observer{Set: func(e cm.SetEvent) { unsafe = e.Err }}})
	require.NoError(t, err)
	observed.Jar().SetCookies(u, []*http.Cookie{{Name: "a", Value: "x;y"}})

	cases := []struct {
		name     string
		err      error
		sentinel error
		want     string
	}{
		{"closed", closed.Flush(ctx), cm.ErrClosed, "cookiemonster: monster is closed"},
		{"nil URL", func() error { _, err := closed.CookieHeader(ctx, nil, cm.Options{}); return err }(), cm.ErrNilURL,
			"cookiemonster: nil URL"},
		{"nil cookie", func() error { _, err := observed.DeleteCanonicalCookie(ctx, nil); return err }(), cm.ErrNilCookie,
			"cookiemonster: nil cookie"},
		{"limits", func() error { _, err := cm.New(cm.Config{Limits: cm.Limits{QuotaHigh: -2}}); return err }(), cm.ErrBadLimits,
			"cookiemonster: inconsistent limits: Limits.QuotaHigh is -2, negative"},
		{"deletion info", func() error { _, err := observed.DeleteMatching(ctx, cm.DeletionInfo{}); return err }(), cm.ErrDeletionInfo,
			"cookiemonster: DeletionInfo: a zero DeletionInfo selects every cookie; call DeleteAll to delete them all"},
		{"unsafe http.Cookie", unsafe, cm.ErrUnsafeCookieFields,
			`cookiemonster: http.Cookie fields hold ';', '=' in the name, or a control character: cookie "a"`},
		{"not canonical", func() error {
			_, err := cm.NewCanonicalCookieFromStorage(cm.CanonicalCookie{Name: "a;b", Domain: "example.com", Path: "/"})
			return err
		}(), cm.ErrNotCanonical, `cookiemonster: stored cookie is not canonical: name "a;b"`},
		{"opaque partition site", func() error { _, err := cm.NewPartitionKey(&url.URL{Scheme: "data", Opaque: "x"}, false); return err }(),
			cm.ErrOpaquePartitionSite, "cookiemonster: partition key needs a URL with a host"},
		{"not serializable", func() error {
			pk, err := cm.NewNoncedPartitionKey(u, cm.Nonce{1})
			require.NoError(t, err)
			_, _, err = pk.Serialize()
			return err
		}(), cm.ErrNotSerializable,
			"cookiemonster: partition key is not serializable"},
		{"bad stored partition key", func() error { _, err := cm.PartitionKeyFromStorage("not a site", false, nil); return err }(),
			cm.ErrBadPartitionKey, "cookiemonster: malformed stored partition key"},
		{"store closed", func() error { _, err := store.Load(ctx); return err }(), cm.ErrStoreClosed, "cookiemonster: store is closed"},
		{"cancelled load", func() error {
			gate := make(chan struct{})
			t.Cleanup(func() { close(gate) })
			blocked, err := cm.New(cm.Config{Store: &blockingStore{MemoryStore: cm.NewMemoryStore(nil), gate: gate}})
			require.NoError(t, err)
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err = blocked.AllCookies(cctx)
			return err
		}(), context.Canceled, "cookiemonster: waiting for the store to load: context canceled"},
		{"status", func() error { var st cm.InclusionStatus; _, st = cm.ParseCookie(""); return st.Err() }(), cm.ExcludeNoCookieContent,
			"cookiemonster: cookie excluded: ExcludeNoCookieContent (the cookie line has neither a name nor a value)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Error(t, tc.err)
			assert.ErrorIs(t, tc.err, tc.sentinel)
			assert.Equal(t, tc.want, tc.err.Error())
			assert.Equal(t, 1, strings.Count(tc.err.Error(), "cookiemonster:"), tc.err.Error())
		})
	}
}

// blockingStore loads once its gate is closed.
type blockingStore struct {
	*cm.MemoryStore
	gate chan struct{}
}

func (s *blockingStore) Load(ctx context.Context) ([]*cm.CanonicalCookie, error) {
	<-s.gate
	return s.MemoryStore.Load(ctx)
}

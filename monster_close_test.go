package cookiemonster

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowStore is a PersistentStore whose Load blocks until it is released,
// heeding its context or not.
type slowStore struct {
	heedCtx bool
	release chan struct{}
	closed  atomic.Bool
}

func (s *slowStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	if s.heedCtx {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.release:
			return nil, nil
		}
	}
	<-s.release
	return nil, nil
}
func (s *slowStore) Add(*CanonicalCookie)              {}
func (s *slowStore) UpdateAccessTime(*CanonicalCookie) {}
func (s *slowStore) Delete(*CanonicalCookie)           {}
func (s *slowStore) Flush(context.Context) error       { return nil }
func (s *slowStore) Close() error                      { s.closed.Store(true); return nil }

// TestCloseWhileLoadHangs: Close cancels a load in progress; a store that
// returns from Load when cancelled closes at once, and one whose Load
// hangs still closes, after Config.CloseTimeout, with ErrLoadStuck.
func TestCloseWhileLoadHangs(t *testing.T) {
	cases := []struct {
		name    string
		heedCtx bool
		wantErr error
		atLeast time.Duration
	}{
		{"a Load that heeds its context", true, nil, 0},
		{"a Load that hangs", false, ErrLoadStuck, 100 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := &slowStore{heedCtx: tc.heedCtx, release: make(chan struct{})}
			defer close(st.release)
			m, err := New(Config{Store: st, CloseTimeout: 100 * time.Millisecond})
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			_, err = m.AllCookies(ctx)
			require.ErrorIs(t, err, context.DeadlineExceeded, "the load is in progress")

			start := time.Now()
			err = m.Close()
			took := time.Since(start)
			if tc.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.True(t, errors.Is(err, tc.wantErr))
				assert.Equal(t, "cookiemonster: close: cookiemonster: the store's load did not return within 100ms of being cancelled", err.Error())
			}
			assert.GreaterOrEqual(t, took, tc.atLeast)
			assert.Less(t, took, 2*time.Second, "Close returns within its bound")
			assert.True(t, st.closed.Load(), "the store is closed either way")
			_, err = m.AllCookies(context.Background())
			assert.ErrorIs(t, err, ErrClosed)
		})
	}
}

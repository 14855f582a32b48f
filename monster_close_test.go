package cookiemonster

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// psHeedingStore is a psBlockingStore whose Load also returns when its
// context is done.
type psHeedingStore struct{ *psBlockingStore }

func (s psHeedingStore) Load(ctx context.Context) ([]*CanonicalCookie, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.gate:
		return s.psBlockingStore.Load(ctx)
	}
}

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
			blocking := psNewBlocking()
			defer blocking.release()
			var st PersistentStore = blocking
			if tc.heedCtx {
				st = psHeedingStore{blocking}
			}
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
			assert.ErrorIs(t, blocking.Flush(context.Background()), ErrStoreClosed, "the store is closed either way")
			_, err = m.AllCookies(context.Background())
			assert.ErrorIs(t, err, ErrClosed)
		})
	}
}

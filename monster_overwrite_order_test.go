package cookiemonster_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cm "github.com/cookiemonster-go/cookiemonster"
)

// TestOverwriteOrder checks the Cookie header order after overwrites when
// cookies share a creation time, as the cookies of one response do on a
// coarse clock: a cookie overwritten with the same value keeps its creation
// time and so its place among the cookies created with it, as it does in
// Chromium (recorded: ctx-late-*), where creation times differ; a cookie
// with a new value is created anew and comes last.
func TestOverwriteOrder(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := []struct {
		name  string
		steps [][]string // each step's lines are set at the same instant, a second after the step before
		url   string
		want  string
	}{
		{"the same value keeps its place", [][]string{{"u=1", "l=1", "n=1"}, {"u=1"}}, "/", "u=1; l=1; n=1"},
		{"a new value comes last", [][]string{{"u=1", "l=1", "n=1"}, {"u=2"}}, "/", "l=1; n=1; u=2"},
		{"the same value within one response", [][]string{{"a=1", "b=1", "a=1"}}, "/", "a=1; b=1"},
		{"a new value within one response", [][]string{{"a=1", "b=1", "a=2"}}, "/", "b=1; a=2"},
		{"the same value, older than the others", [][]string{{"a=1"}, {"b=1"}, {"a=1"}}, "/", "a=1; b=1"},
		{"a new value, newer than the others", [][]string{{"a=1"}, {"b=1"}, {"a=2"}}, "/", "b=1; a=2"},
		{"a longer path still comes first", [][]string{{"a=1; Path=/", "b=1; Path=/x"}, {"a=1; Path=/"}}, "/x", "b=1; a=1"},
		{"the same value, other attributes", [][]string{{"a=1", "b=1"}, {"a=1; HttpOnly; Max-Age=60"}}, "/", "a=1; b=1"},
	}
	ctx := context.Background()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			now := t0
			m, err := cm.New(cm.Config{Now: func() time.Time { return now }})
			require.NoError(t, err)
			u := optURL(t, "https://www.example.com/")
			for i, lines := range r.steps {
				now = t0.Add(time.Duration(i) * time.Second)
				for _, line := range lines {
					res, err := m.SetCookieLine(ctx, u, line, cm.NavigationOptions())
					require.NoError(t, err)
					require.True(t, res.Status.IsInclude(), "%s: %v", line, res.Status)
				}
			}
			h, err := m.CookieHeader(ctx, optURL(t, "https://www.example.com"+r.url), cm.NavigationOptions())
			require.NoError(t, err)
			assert.Equal(t, r.want, h)
		})
	}
}

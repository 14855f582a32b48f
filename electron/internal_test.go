package electron

import (
	"context"
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
)

// TestHTTPOnlyOverwriteMatchesTheStore checks that Set refuses to replace an
// HttpOnly cookie with one that is not exactly when, and with the reasons
// and warnings with which, the store refuses a SetCanonicalCookie without
// include_httponly, as Electron makes it.
func TestHTTPOnlyOverwriteMatchesTheStore(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	type line struct{ url, line string }
	tests := []struct {
		name     string
		existing []line
		partOf   string // the top-level site the existing cookies are partitioned by
		d        Details
		refused  bool
	}{
		{"nothing stored", nil, "", Details{URL: "https://example.com/", Name: "n"}, false},
		{"an HttpOnly cookie", []line{{"https://example.com/", "n=1; HttpOnly"}}, "",
			Details{URL: "https://example.com/", Name: "n", Value: "2"}, true},
		{"an HttpOnly cookie of another name", []line{{"https://example.com/", "m=1; HttpOnly"}}, "",
			Details{URL: "https://example.com/", Name: "n", Value: "2"}, false},
		{"an HttpOnly cookie on another path", []line{{"https://example.com/", "n=1; HttpOnly; Path=/a"}}, "",
			Details{URL: "https://example.com/", Name: "n", Value: "2"}, false},
		{"an HttpOnly domain cookie and a host-only one", []line{{"https://www.example.com/", "n=1; HttpOnly; Domain=example.com"}}, "",
			Details{URL: "https://www.example.com/", Name: "n", Value: "2"}, false},
		{"an HttpOnly domain cookie and a domain one", []line{{"https://www.example.com/", "n=1; HttpOnly; Domain=example.com"}}, "",
			Details{URL: "https://example.com/", Name: "n", Value: "2", Domain: "example.com"}, true},
		{"a Secure HttpOnly cookie, from http", []line{{"https://example.com/", "n=1; HttpOnly; Secure"}}, "",
			Details{URL: "http://example.com/", Name: "n", Value: "2"}, true},
		{"an HttpOnly cookie, a Secure one from http", []line{{"https://example.com/", "n=1; HttpOnly"}}, "",
			Details{URL: "http://example.com/", Name: "n", Value: "2", Secure: new(true)}, true},
		{"an HttpOnly cookie, SameSite=None without Secure", []line{{"https://example.com/", "n=1; HttpOnly"}}, "",
			Details{URL: "https://example.com/", Name: "n", Value: "2", SameSite: SameSiteNoRestriction, Secure: new(false)}, true},
		{"an HttpOnly cookie on localhost, Secure", []line{{"http://localhost/", "n=1; HttpOnly"}}, "",
			Details{URL: "http://localhost/", Name: "n", Value: "2", Secure: new(true)}, true},
		{"an HttpOnly cookie, already expired", []line{{"https://example.com/", "n=1; HttpOnly"}}, "",
			Details{URL: "https://example.com/", Name: "n", ExpirationDate: new(0.0)}, true},
		{"a partitioned HttpOnly cookie", []line{{"https://example.com/", "n=1; HttpOnly; Secure; Partitioned; SameSite=None"}}, "https://top.test/",
			Details{URL: "https://example.com/", Name: "n", Value: "2", Secure: new(true), SameSite: SameSiteNoRestriction}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := func() *cookiemonster.Monster {
				m, err := cookiemonster.New(cookiemonster.Config{Now: func() time.Time { return now }})
				require.NoError(t, err)
				var part cookiemonster.PartitionKey
				if tt.partOf != "" {
					top, err := url.Parse(tt.partOf)
					require.NoError(t, err)
					part, err = cookiemonster.NewPartitionKey(top, false)
					require.NoError(t, err)
				}
				o := cookiemonster.HTTPOptions(cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict), part)
				for _, l := range tt.existing {
					u, err := url.Parse(l.url)
					require.NoError(t, err)
					res, err := m.SetCookieLine(ctx, u, l.line, o)
					require.NoError(t, err)
					require.True(t, res.Status.IsInclude(), "%s: %v", l.line, res.Status)
				}
				return m
			}
			details, e := cookieDetails(tt.d)
			require.Nil(t, e)
			nc, st := cookiemonster.NewSanitizedCookie(details, now)
			require.NotNil(t, nc, st.String())

			var got *SetError
			if err := set(ctx, store(), tt.d, details); err != nil {
				require.ErrorAs(t, err, &got)
				if !slices.Contains(got.Exclusions, cookiemonster.ExcludeOverwriteHTTPOnly) {
					got = nil // refused for another reason: not what this test compares
				}
			}

			o := cookiemonster.Options{SameSite: cookiemonster.MakeSameSiteContext(cookiemonster.ContextStrict)}
			res, err := store().SetCanonicalCookie(ctx, nc, details.URL, o)
			require.NoError(t, err)
			require.Equal(t, tt.refused, res.Status.HasExclusion(cookiemonster.ExcludeOverwriteHTTPOnly), res.Status.String())
			if !tt.refused {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, res.Status.Exclusions(), got.Exclusions)
			want := res.Status.Warnings()
			if len(want) == 0 {
				want = nil
			}
			assert.Equal(t, want, got.Warnings)
		})
	}
}

// TestTablesCoverEveryReason checks that every exclusion reason and warning
// of the root package has Electron's description and Chromium's name, as
// Electron's static_assert checks its table.
func TestTablesCoverEveryReason(t *testing.T) {
	n := 0
	for r := cookiemonster.ExclusionReason(0); r < 64; r++ {
		if strings.HasPrefix(r.String(), "ExclusionReason(") {
			continue
		}
		n++
		assert.NotEmpty(t, exclusionTexts[r], "text of %v", r)
		want := "EXCLUDE_" + strings.ToUpper(strings.TrimPrefix(r.String(), "Exclude"))
		assert.Equal(t, strings.ReplaceAll(want, "_", ""), strings.ReplaceAll(exclusionNames[r], "_", ""), "name of %v", r)
	}
	assert.Len(t, exclusionTexts, n)
	assert.Len(t, exclusionNames, n)
	n = 0
	for w := cookiemonster.WarningReason(0); w < 64; w++ {
		if strings.HasPrefix(w.String(), "WarningReason(") {
			continue
		}
		n++
		want := "WARN_" + strings.ToUpper(strings.TrimPrefix(w.String(), "Warn"))
		assert.Equal(t, strings.ReplaceAll(want, "_", ""), strings.ReplaceAll(warningNames[w], "_", ""), "name of %v", w)
	}
	assert.Len(t, warningNames, n)
}

func TestCauses(t *testing.T) {
	tests := []struct {
		cause   cookiemonster.ChangeCause
		want    Cause
		removed bool
	}{
		{cookiemonster.CauseInserted, "explicit", false},
		{cookiemonster.CauseExplicit, "explicit", true},
		{cookiemonster.CauseUnknownDeletion, "unknown", true},
		{cookiemonster.CauseOverwrite, "overwrite", true},
		{cookiemonster.CauseExpired, "expired", true},
		{cookiemonster.CauseEvicted, "evicted", true},
		{cookiemonster.CauseExpiredOverwrite, "expired-overwrite", true},
		{cookiemonster.ChangeCause(200), "unknown", true},
	}
	for _, tt := range tests {
		ch := cookiemonster.Change{Cookie: cookiemonster.CanonicalCookie{Name: "n", Domain: "example.com", Path: "/"}, Cause: tt.cause}
		e := changedEventOf(&ch)
		assert.Equal(t, tt.want, e.Cause, tt.cause.String())
		assert.Equal(t, tt.removed, e.Removed, tt.cause.String())
		assert.Equal(t, "n", e.Cookie.Name)
	}
}

func TestSameSiteNames(t *testing.T) {
	tests := []struct {
		s    cookiemonster.SameSite
		want SameSite
	}{
		{cookiemonster.SameSiteUnspecified, "unspecified"},
		{cookiemonster.SameSiteNone, "no_restriction"},
		{cookiemonster.SameSiteLax, "lax"},
		{cookiemonster.SameSiteStrict, "strict"},
		{cookiemonster.SameSite(9), "unknown"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sameSiteName(tt.s))
		if tt.want != "unknown" {
			back, ok := parseSameSite(tt.want)
			assert.True(t, ok)
			assert.Equal(t, tt.s, back)
		}
	}
	for _, s := range []SameSite{"", "lax"} {
		got, ok := parseSameSite(s)
		assert.True(t, ok)
		assert.Equal(t, cookiemonster.SameSiteLax, got, "%q", s)
	}
	for _, s := range []SameSite{"unknown", "Lax", "none", "garbage"} {
		_, ok := parseSameSite(s)
		assert.False(t, ok, "%q", s)
	}
}

func TestTimes(t *testing.T) {
	tests := []struct {
		name string
		s    *float64
		want time.Time
	}{
		{"omitted", nil, time.Time{}},
		{"zero is the epoch", new(0.0), time.Unix(0, 0).UTC()},
		{"seconds", new(1772370000.0), time.Unix(1772370000, 0).UTC()},
		{"microseconds", new(1772370000.123456), time.UnixMicro(1772370000123456).UTC()},
		{"below a microsecond truncates", new(1.0000009), time.UnixMicro(1000000).UTC()},
		{"negative truncates towards zero", new(-1.0000009), time.UnixMicro(-1000000).UTC()},
		{"NaN is the null time", new(math.NaN()), time.Time{}},
		{"+Inf saturates", new(math.Inf(1)), time.UnixMicro(math.MaxInt64).UTC()},
		{"-Inf saturates", new(math.Inf(-1)), time.UnixMicro(math.MinInt64).UTC()},
		{"beyond int64 saturates", new(1e300), time.UnixMicro(math.MaxInt64).UTC()},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, parseTimeProperty(tt.s), tt.name)
	}

	at := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
	assert.Equal(t, 1772366400.123456, *UnixSeconds(at))
	c := Cookie{ExpirationDate: *UnixSeconds(at)}
	assert.Equal(t, at.Truncate(time.Microsecond), c.Expires())
	assert.True(t, Cookie{Session: true, ExpirationDate: 5}.Expires().IsZero())
}

func TestSetErrorValues(t *testing.T) {
	var nilErr *SetError
	assert.Equal(t, "electron: <nil>", nilErr.Error())
	assert.Nil(t, nilErr.Unwrap())
	var zero SetError
	assert.Equal(t, "electron: ", zero.Error())
	assert.Nil(t, zero.Unwrap())

	e := refusal([]cookiemonster.ExclusionReason{cookiemonster.ExcludeSecureOnly, cookiemonster.ExcludeNotOnPath}, []cookiemonster.WarningReason{cookiemonster.WarnShadowingDomain})
	assert.Equal(t, "Failed to set cookie - "+
		"The cookie was Secure, but the URL was not allowed to access Secure cookies."+
		"The cookie's path attribute did not match the path of the URL attempting access."+
		"EXCLUDE_SECURE_ONLY, EXCLUDE_NOT_ON_PATH, WARN_SHADOWING_DOMAIN, NO_EXEMPTION", e.Message)
	assert.Equal(t, []error{cookiemonster.ExcludeSecureOnly, cookiemonster.ExcludeNotOnPath}, e.Unwrap())

	var b strings.Builder
	writeDebugString(&b, nil, nil)
	assert.Equal(t, "INCLUDE, DO_NOT_WARN, NO_EXEMPTION", b.String())
	assert.Equal(t, "Unknown error", exclusionText(cookiemonster.ExclusionReason(63)))
	assert.Equal(t, "EXCLUDE_UNKNOWN_ERROR", exclusionName(cookiemonster.ExclusionReason(63)))
	assert.Equal(t, "WarningReason(63)", warningName(cookiemonster.WarningReason(63)))
}

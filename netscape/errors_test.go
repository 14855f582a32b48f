package netscape_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/netscape"
)

// TestErrorTexts pins the text of every kind of error the package returns:
// one "netscape:" prefix, then where (the line, byte and field, or the
// cookie), then the reason. Errors of another package keep their own
// prefix after it.
func TestErrorTexts(t *testing.T) {
	boom := errors.New("boom")
	read := func(in string) func(*testing.T) error {
		return func(*testing.T) error {
			_, err := readAt([]byte(in))
			return err
		}
	}
	write := func(edit func(c *cookiemonster.CanonicalCookie)) func(*testing.T) error {
		return func(t *testing.T) error {
			u := &url.URL{Scheme: "https", Host: "shop.example.com", Path: "/"}
			c, st := cookiemonster.NewCanonicalCookie(u, "t=1", t0, cookiemonster.CreateOptions{})
			require.True(t, st.IsInclude())
			edit(c)
			var buf bytes.Buffer
			return netscape.Write(&buf, []*cookiemonster.CanonicalCookie{c})
		}
	}
	closed := func(t *testing.T) *cookiemonster.Monster {
		m := newMonster(t)
		require.NoError(t, m.Close())
		return m
	}
	tests := []struct {
		name string
		run  func(*testing.T) error
		want string
		is   []error // sentinels err must match
		line int     // the line of the *LineError; 0: not a line error
	}{
		{
			name: "too few fields",
			run:  read("example.com\tFALSE\t/\tFALSE\t0"),
			want: "netscape: line 1: too few fields: 5, want 7",
			is:   []error{netscape.ErrTooFewFields}, line: 1,
		},
		{
			name: "too few fields without TAB",
			run:  read("# Netscape HTTP Cookie File\n\nexample.com FALSE / FALSE 0 n v\n"),
			want: "netscape: line 3: too few fields: 1, want 7 separated by TAB (the line has no TAB)",
			is:   []error{netscape.ErrTooFewFields}, line: 3,
		},
		{
			name: "too few fields in the layout without a path",
			run:  read("example.com\tFALSE\tTRUE\t0"),
			want: "netscape: line 1: too few fields: 4, want 7",
			is:   []error{netscape.ErrTooFewFields}, line: 1,
		},
		{
			name: "bad include-subdomains flag",
			run:  read(".example.com\tYES\t/\tFALSE\t0\tn\tv"),
			want: `netscape: line 1: flag is neither TRUE nor FALSE: field 2 (include-subdomains) is "YES"`,
			is:   []error{netscape.ErrBadFlag}, line: 1,
		},
		{
			name: "bad secure flag",
			run:  read("example.com\tFALSE\t/\t1\t0\tn\tv"),
			want: `netscape: line 1: flag is neither TRUE nor FALSE: field 4 (secure) is "1"`,
			is:   []error{netscape.ErrBadFlag}, line: 1,
		},
		{
			name: "bad expiry",
			run:  read("example.com\tFALSE\t/\tFALSE\ttomorrow\tsid\ts3cr3t"),
			want: `netscape: line 1: bad expiry: field 5 (expiry) is "tomorrow"`,
			is:   []error{netscape.ErrBadExpiry}, line: 1,
		},
		{
			name: "bad expiry in the layout without a path",
			run:  read("example.com\tFALSE\tTRUE\t-5\tn\tv"),
			want: `netscape: line 1: bad expiry: field 4 (expiry) is "-5"`,
			is:   []error{netscape.ErrBadExpiry}, line: 1,
		},
		{
			name: "control character in the value",
			run:  read("example.com\tFALSE\t/\tFALSE\t0\tsid\ts3cr3t\x01"),
			want: "netscape: line 1: control character in line: 0x01 at byte 39, field 7 (value)",
			is:   []error{netscape.ErrControlCharacter}, line: 1,
		},
		{
			name: "control character after an indent and the HttpOnly mark",
			run:  read("  #HttpOnly_example.com\tFALSE\t/\tFALSE\t0\tn\x00\tv"),
			want: "netscape: line 1: control character in line: 0x00 at byte 42, field 6 (name)",
			is:   []error{netscape.ErrControlCharacter}, line: 1,
		},
		{
			name: "control character in an extra field",
			run:  read("example.com\tFALSE\tTRUE\t0\tn\tv\tx\ry"),
			want: "netscape: line 1: control character in line: 0x0d at byte 31, field 7 (extra)",
			is:   []error{netscape.ErrControlCharacter}, line: 1,
		},
		{
			name: "empty domain",
			run:  read("\tFALSE\t/\tFALSE\t0\tn\tv"),
			want: `netscape: line 1: bad domain: field 1 (domain) is ""`,
			is:   []error{netscape.ErrBadDomain}, line: 1,
		},
		{
			name: "domain not a host name",
			run:  read("exa mple.com\tFALSE\t/\tFALSE\t0\tn\tv"),
			want: `netscape: line 1: bad domain: field 1 (domain) is "exa mple.com", not a host name`,
			is:   []error{netscape.ErrBadDomain}, line: 1,
		},
		{
			name: "domain too long",
			run:  read(strings.Repeat("äöüß", 400) + ".de\tFALSE\t/\tFALSE\t0\tn\tv"),
			want: "netscape: line 1: bad domain: field 1 (domain) is 1620 bytes long as a canonical host name, limit 1024",
			is:   []error{netscape.ErrBadDomain}, line: 1,
		},
		{
			name: "relative path",
			run:  read("example.com\tFALSE\tfoo\tFALSE\t0\tn\tv"),
			want: `netscape: line 1: bad path: field 3 (path) is "foo", which does not start with '/'`,
			is:   []error{netscape.ErrBadPath}, line: 1,
		},
		{
			name: "semicolon in path",
			run:  read("example.com\tFALSE\t/a;b\tFALSE\t0\tn\tv"),
			want: `netscape: line 1: bad path: field 3 (path) is "/a;b", which holds a ';'`,
			is:   []error{netscape.ErrBadPath}, line: 1,
		},
		{
			name: "path too long",
			run:  read("example.com\tFALSE\t/" + strings.Repeat("p", 1024) + "\tFALSE\t0\tn\tv"),
			want: "netscape: line 1: bad path: field 3 (path) is 1025 bytes long, limit 1024",
			is:   []error{netscape.ErrBadPath}, line: 1,
		},
		{
			name: "no content",
			run:  read("example.com\tFALSE\t/\tFALSE\t0\t\t"),
			want: "netscape: line 1: empty name and value",
			is:   []error{netscape.ErrNoContent}, line: 1,
		},
		{
			name: "name and value too large",
			run:  read("example.com\tFALSE\t/\tFALSE\t0\tn\t" + strings.Repeat("v", 4096)),
			want: "netscape: line 1: name and value too large: 4097 bytes, limit 4096",
			is:   []error{netscape.ErrTooLarge}, line: 1,
		},
		{
			name: "line too long",
			run:  read("# Netscape HTTP Cookie File\n" + strings.Repeat("v", netscape.MaxLineLength+1) + "\n"),
			want: "netscape: line 2: line too long: more than 16384 bytes",
			is:   []error{netscape.ErrLineTooLong}, line: 2,
		},
		{
			name: "JSON",
			run:  read("\n[{\"domain\": \".example.com\"}]\n"),
			want: "netscape: line 2: input looks like JSON, not a cookies.txt file",
			is:   []error{netscape.ErrJSON}, line: 2,
		},
		{
			name: "not canonical: an error of the root package as the cause",
			run:  read("example.com\tFALSE\t/\tFALSE\t0\t__Secure-n\tv"),
			want: "netscape: line 1: " + cookiemonster.ErrNotCanonical.Error() + `: prefix rules of "__Secure-n"`,
			is:   []error{cookiemonster.ErrNotCanonical}, line: 1,
		},
		{
			name: "refused by the store",
			run: func(t *testing.T) error {
				_, err := netscape.ImportWithOptions(context.Background(), newMonster(t), strings.NewReader(
					".example.com\tTRUE\t/\tTRUE\t0\ts\ts3cr3t\n"+
						"# the line below would shadow a Secure cookie from http\n"+
						"\n"+
						"www.example.com\tFALSE\t/\tFALSE\t0\ts\ts3cr3t\n"), netscape.Options{Now: t0})
				return err
			},
			want: "netscape: line 4: cookie refused by the store: ExcludeOverwriteSecure (an insecure origin cannot overwrite or shadow an existing Secure cookie)",
			is:   []error{netscape.ErrRefused, cookiemonster.ExcludeOverwriteSecure}, line: 4,
		},
		{
			name: "reading a line",
			run: func(*testing.T) error {
				_, err := netscape.Read(&errReader{data: []byte("a.com\tFALSE\t/\tFALSE\t0\ta\t1\n"), err: boom})
				return err
			},
			want: "netscape: reading line 2: boom",
			is:   []error{boom},
		},
		{
			name: "reading the start",
			run: func(*testing.T) error {
				_, err := netscape.Read(&errReader{err: boom})
				return err
			},
			want: "netscape: reading: boom",
			is:   []error{boom},
		},
		{
			name: "storing in a closed Monster",
			run: func(t *testing.T) error {
				_, err := netscape.Import(context.Background(), closed(t), strings.NewReader("a.com\tFALSE\t/\tFALSE\t0\ta\t1\n"))
				return err
			},
			want: "netscape: storing line 1: " + cookiemonster.ErrClosed.Error(),
			is:   []error{cookiemonster.ErrClosed},
		},
		{
			name: "exporting a closed Monster",
			run: func(t *testing.T) error {
				return netscape.Export(context.Background(), closed(t), io.Discard)
			},
			want: "netscape: export: " + cookiemonster.ErrClosed.Error(),
			is:   []error{cookiemonster.ErrClosed},
		},
		{
			name: "not representable: a control character",
			run:  write(func(c *cookiemonster.CanonicalCookie) { c.Value = "s3cr3t\t" }),
			want: `netscape: cookie 0 (domain "shop.example.com", name "t") cannot be written as a cookies.txt line: control character 0x09 in the value`,
			is:   []error{netscape.ErrNotRepresentable},
		},
		{
			name: "not representable: a line too long",
			run:  write(func(c *cookiemonster.CanonicalCookie) { c.Value = strings.Repeat("v", netscape.MaxLineLength) }),
			want: `netscape: cookie 0 (domain "shop.example.com", name "t") cannot be written as a cookies.txt line: a line of 16419 bytes, limit 16384`,
			is:   []error{netscape.ErrNotRepresentable},
		},
		{
			name: "writing",
			run: func(t *testing.T) error {
				return netscape.Write(&failWriter{err: boom}, nil)
			},
			want: "netscape: writing: boom",
			is:   []error{boom},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run(t)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.Equal(t, 1, strings.Count(err.Error(), "netscape:"), "one package prefix")
			assert.NotContains(t, err.Error(), "s3cr3t", "no cookie value")
			for _, target := range tt.is {
				assert.ErrorIs(t, err, target)
			}
			var le *netscape.LineError
			if tt.line == 0 {
				assert.False(t, errors.As(err, &le), "not a *LineError")
				return
			}
			require.ErrorAs(t, err, &le)
			assert.Equal(t, tt.line, le.Line)
			assert.Equal(t, tt.want, le.Error())
		})
	}
}

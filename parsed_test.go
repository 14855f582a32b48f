package cookiemonster

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// optStr is an attribute value together with its presence.
type optStr struct {
	V  string
	OK bool
}

func some(v string) optStr { return optStr{V: v, OK: true} }

// cookieSnap is everything a ParsedCookie exposes, in one value that
// assert.Equal and reflect.DeepEqual can compare.
type cookieSnap struct {
	Name, Value                   string
	Path, Domain, Expires, MaxAge optStr
	Secure, HTTPOnly, Partitioned bool
	SameSite                      SameSite
	Priority                      Priority
	Attrs                         []Attribute
}

func snapOf(pc *ParsedCookie) cookieSnap {
	s := cookieSnap{
		Name:        pc.Name(),
		Value:       pc.Value(),
		Secure:      pc.Secure(),
		HTTPOnly:    pc.HTTPOnly(),
		Partitioned: pc.Partitioned(),
		SameSite:    pc.SameSite(),
		Priority:    pc.Priority(),
		Attrs:       pc.Attributes(),
	}
	s.Path.V, s.Path.OK = pc.Path()
	s.Domain.V, s.Domain.OK = pc.Domain()
	s.Expires.V, s.Expires.OK = pc.Expires()
	s.MaxAge.V, s.MaxAge.OK = pc.MaxAge()
	return s
}

// lineSnapOf is snapOf as the cookie's String() line keeps it: no empty
// attributes, the flags
// Secure, HttpOnly and Partitioned are written bare, without the value
// given to them.
func lineSnapOf(pc *ParsedCookie) cookieSnap {
	s := snapOf(pc)
	var kept []Attribute
	for _, a := range s.Attrs {
		if a == (Attribute{}) {
			continue // an empty attribute is not written
		}
		if isFlagAttr(a.Name) {
			a.Value = ""
		}
		kept = append(kept, a)
	}
	s.Attrs = kept
	return s
}

func attrs(nv ...string) []Attribute {
	if len(nv)%2 != 0 {
		panic("attrs: odd number of arguments")
	}
	var out []Attribute
	for i := 0; i < len(nv); i += 2 {
		out = append(out, Attribute{Name: nv[i], Value: nv[i+1]})
	}
	return out
}

// perfLine is the line of Chromium's parsed_cookie perftest: name "A",
// value `"b=`, an unknown attribute `\""`, Secure and SameSite=None.
const perfLine = `A  = "b=;\""  ;secure;;; samesite=none`

type parseCase struct {
	name string
	line string
	want *cookieSnap // nil: the line is rejected
	excl []ExclusionReason
	warn []WarningReason
}

func parseCases() []parseCase {
	rep := strings.Repeat
	cases := []parseCase{
		{name: "simple", line: "a=b", want: &cookieSnap{Name: "a", Value: "b"}},
		{
			name: "name 2048 + value 2048",
			line: rep("n", 2048) + "=" + rep("v", 2048),
			want: &cookieSnap{Name: rep("n", 2048), Value: rep("v", 2048)},
		},
		{
			name: "name 4097 + empty value",
			line: rep("n", 4097) + "=",
			excl: []ExclusionReason{ExcludeNameValuePairExceedsMaxSize},
		},
		{
			name: "name 2049 + value 2048",
			line: rep("n", 2049) + "=" + rep("v", 2048) + "; secure",
			excl: []ExclusionReason{ExcludeNameValuePairExceedsMaxSize},
		},
		{
			name: "size counts trimmed name and value",
			line: "  " + rep("n", 2048) + " \t= \t" + rep("v", 2048) + "\t ",
			want: &cookieSnap{Name: rep("n", 2048), Value: rep("v", 2048)},
		},
		{
			name: "nameless value 4096",
			line: rep("v", 4096),
			want: &cookieSnap{Value: rep("v", 4096)},
		},
		{
			name: "nameless value 4097",
			line: rep("v", 4097),
			excl: []ExclusionReason{ExcludeNameValuePairExceedsMaxSize},
		},
		{
			name: "nameless =value 4097",
			line: "=" + rep("v", 4097),
			excl: []ExclusionReason{ExcludeNameValuePairExceedsMaxSize},
		},
		{
			name: "path of 1024 bytes kept",
			line: "a=b; Path=/" + rep("p", 1023),
			want: &cookieSnap{
				Name: "a", Value: "b",
				Path:  some("/" + rep("p", 1023)),
				Attrs: attrs("Path", "/"+rep("p", 1023)),
			},
		},
		{
			name: "path of 1025 bytes dropped",
			line: "a=b; Path=/" + rep("p", 1024),
			want: &cookieSnap{Name: "a", Value: "b"},
			warn: []WarningReason{WarnAttributeValueExceedsMaxSize},
		},
		{
			name: "oversized path drops only that attribute, earlier path stays",
			line: "a=b; Path=/x; Path=/" + rep("p", 1024) + "; Secure",
			want: &cookieSnap{
				Name: "a", Value: "b", Path: some("/x"), Secure: true,
				Attrs: attrs("Path", "/x", "Secure", ""),
			},
			warn: []WarningReason{WarnAttributeValueExceedsMaxSize},
		},
		{
			name: "oversized unknown attribute dropped",
			line: "a=b; foo=" + rep("x", 1025) + "; bar",
			want: &cookieSnap{Name: "a", Value: "b", Attrs: attrs("bar", "")},
			warn: []WarningReason{WarnAttributeValueExceedsMaxSize},
		},
		{
			name: "long line, many attributes: no line or pair limit",
			line: "a=b" + rep("; x=y", 40) + "; Secure",
			want: &cookieSnap{
				Name: "a", Value: "b", Secure: true,
				Attrs: append(attrs(strings.Split(strings.TrimSuffix(rep("x,y,", 40), ","), ",")...), Attribute{Name: "Secure"}),
			},
		},
		// Chromium 156 refuses a tab inside a name, a value or an
		// attribute; tabs at their edges are trimmed.
		{
			name: "tab inside value refused",
			line: "a=b\tc",
			excl: []ExclusionReason{ExcludeDisallowedCharacter},
		},
		{
			name: "tab inside name refused",
			line: "a\tb=c",
			excl: []ExclusionReason{ExcludeDisallowedCharacter},
		},
		{
			name: "tab inside an attribute value refused",
			line: "a=b; Path=/x\ty",
			excl: []ExclusionReason{ExcludeDisallowedCharacter},
		},
		{
			name: "tab inside an attribute name refused",
			line: "a=b; Pa\tth=/x",
			excl: []ExclusionReason{ExcludeDisallowedCharacter},
		},
		{
			name: "tab inside a nameless value refused",
			line: "b\tc",
			excl: []ExclusionReason{ExcludeDisallowedCharacter},
		},
		{
			name: "leading and trailing SP and HTAB trimmed",
			line: " \t a \t = \t b c \t ; \t Path \t = \t /p \t ",
			want: &cookieSnap{Name: "a", Value: "b c", Path: some("/p"), Attrs: attrs("Path", "/p")},
		},
		{
			name: "=a=b is nameless with value a=b",
			line: "=a=b",
			want: &cookieSnap{Value: "a=b"},
		},
		{name: "abc is nameless", line: "abc", want: &cookieSnap{Value: "abc"}},
		{name: "=abc is nameless", line: "=abc", want: &cookieSnap{Value: "abc"}},
		{name: "  =  abc  is nameless", line: "  =  abc  ; secure", want: &cookieSnap{Value: "abc", Secure: true, Attrs: attrs("secure", "")}},
		{name: "name with empty value", line: "abc=", want: &cookieSnap{Name: "abc"}},
		{name: "value holds =", line: "a==b=c=", want: &cookieSnap{Name: "a", Value: "=b=c="}},
		{name: "empty line", line: "", excl: []ExclusionReason{ExcludeNoCookieContent}},
		{name: "whitespace-only line", line: " \t  \t", excl: []ExclusionReason{ExcludeNoCookieContent}},
		{name: "= alone", line: "=", excl: []ExclusionReason{ExcludeNoCookieContent}},
		{name: "spaced = alone", line: " \t= \t", excl: []ExclusionReason{ExcludeNoCookieContent}},
		{name: "empty pair with attributes", line: "; Secure; Path=/", excl: []ExclusionReason{ExcludeNoCookieContent}},
		{name: "= with attributes", line: " = ; Secure", excl: []ExclusionReason{ExcludeNoCookieContent}},
		{
			name: "last occurrence of each attribute wins",
			line: "a=b; Path=/1; Domain=one.example; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Max-Age=1; SameSite=Strict; Priority=High; " +
				"path=/2; domain=two.example; expires=Thu, 10 Jun 2027 10:18:14 GMT; max-age=2; samesite=Lax; priority=Low",
			want: &cookieSnap{
				Name: "a", Value: "b",
				Path: some("/2"), Domain: some("two.example"),
				Expires: some("Thu, 10 Jun 2027 10:18:14 GMT"), MaxAge: some("2"),
				SameSite: SameSiteLax, Priority: PriorityLow,
				Attrs: attrs(
					"Path", "/1", "Domain", "one.example", "Expires", "Wed, 09 Jun 2027 10:18:14 GMT", "Max-Age", "1",
					"SameSite", "Strict", "Priority", "High",
					"path", "/2", "domain", "two.example", "expires", "Thu, 10 Jun 2027 10:18:14 GMT", "max-age", "2",
					"samesite", "Lax", "priority", "Low",
				),
			},
		},
		{
			name: "empty Domain after a non-empty one wins",
			line: "a=b; Domain=example.com; Domain=",
			want: &cookieSnap{
				Name: "a", Value: "b", Domain: some(""),
				Attrs: attrs("Domain", "example.com", "Domain", ""),
			},
		},
		{
			name: "valueless Domain after a non-empty one wins",
			line: "a=b; Domain=example.com; Domain",
			want: &cookieSnap{
				Name: "a", Value: "b", Domain: some(""),
				Attrs: attrs("Domain", "example.com", "Domain", ""),
			},
		},
		{
			name: "empty Path is present",
			line: "a=b; Path=",
			want: &cookieSnap{Name: "a", Value: "b", Path: some(""), Attrs: attrs("Path", "")},
		},
		{
			name: "attribute names are case-insensitive",
			line: "a=b; PATH=/P; sEcUrE; HTTPONLY; PARTITIONED; SameSite=LAX; priority=HIGH; DoMaIn=x.example; EXPIRES=e; MAX-AGE=9",
			want: &cookieSnap{
				Name: "a", Value: "b", Path: some("/P"), Domain: some("x.example"), Expires: some("e"), MaxAge: some("9"),
				Secure: true, HTTPOnly: true, Partitioned: true, SameSite: SameSiteLax, Priority: PriorityHigh,
				Attrs: attrs("PATH", "/P", "sEcUrE", "", "HTTPONLY", "", "PARTITIONED", "", "SameSite", "LAX",
					"priority", "HIGH", "DoMaIn", "x.example", "EXPIRES", "e", "MAX-AGE", "9"),
			},
		},
		{
			name: "flags with values are still set",
			line: "a=b; secure=false; httponly=no; partitioned=0",
			want: &cookieSnap{
				Name: "a", Value: "b", Secure: true, HTTPOnly: true, Partitioned: true,
				Attrs: attrs("secure", "false", "httponly", "no", "partitioned", "0"),
			},
		},
		{
			name: "attribute names with spaces around =",
			line: "a=b;  Max-Age  =  10 ;HttpOnly ",
			want: &cookieSnap{
				Name: "a", Value: "b", MaxAge: some("10"), HTTPOnly: true,
				Attrs: attrs("Max-Age", "10", "HttpOnly", ""),
			},
		},
		{name: "samesite none", line: "a=b; samesite=none", want: &cookieSnap{Name: "a", Value: "b", SameSite: SameSiteNone, Attrs: attrs("samesite", "none")}},
		{name: "samesite NONE", line: "a=b; SAMESITE=NONE", want: &cookieSnap{Name: "a", Value: "b", SameSite: SameSiteNone, Attrs: attrs("SAMESITE", "NONE")}},
		{name: "samesite lax", line: "a=b; SameSite=lax", want: &cookieSnap{Name: "a", Value: "b", SameSite: SameSiteLax, Attrs: attrs("SameSite", "lax")}},
		{name: "samesite Strict", line: "a=b; SameSite=Strict", want: &cookieSnap{Name: "a", Value: "b", SameSite: SameSiteStrict, Attrs: attrs("SameSite", "Strict")}},
		{name: "samesite sTrIcT", line: "a=b; SameSite=sTrIcT", want: &cookieSnap{Name: "a", Value: "b", SameSite: SameSiteStrict, Attrs: attrs("SameSite", "sTrIcT")}},
		{name: "samesite extended", line: "a=b; SameSite=extended", want: &cookieSnap{Name: "a", Value: "b", Attrs: attrs("SameSite", "extended")}},
		{name: "samesite empty", line: "a=b; SameSite=", want: &cookieSnap{Name: "a", Value: "b", Attrs: attrs("SameSite", "")}},
		{name: "samesite valueless", line: "a=b; SameSite", want: &cookieSnap{Name: "a", Value: "b", Attrs: attrs("SameSite", "")}},
		{name: "samesite with inner space", line: "a=b; SameSite=la x", want: &cookieSnap{Name: "a", Value: "b", Attrs: attrs("SameSite", "la x")}},
		{
			name: "unrecognized samesite after a valid one resets it",
			line: "a=b; SameSite=Strict; SameSite=bogus",
			want: &cookieSnap{Name: "a", Value: "b", Attrs: attrs("SameSite", "Strict", "SameSite", "bogus")},
		},
		{name: "priority low", line: "a=b; Priority=low", want: &cookieSnap{Name: "a", Value: "b", Priority: PriorityLow, Attrs: attrs("Priority", "low")}},
		{name: "priority Medium", line: "a=b; Priority=Medium", want: &cookieSnap{Name: "a", Value: "b", Priority: PriorityMedium, Attrs: attrs("Priority", "Medium")}},
		{name: "priority HIGH", line: "a=b; PRIORITY=HIGH", want: &cookieSnap{Name: "a", Value: "b", Priority: PriorityHigh, Attrs: attrs("PRIORITY", "HIGH")}},
		{name: "priority unknown", line: "a=b; priority=urgent", want: &cookieSnap{Name: "a", Value: "b", Priority: PriorityMedium, Attrs: attrs("priority", "urgent")}},
		{
			name: "unknown priority after high resets to medium",
			line: "a=b; priority=high; priority=",
			want: &cookieSnap{Name: "a", Value: "b", Priority: PriorityMedium, Attrs: attrs("priority", "high", "priority", "")},
		},
		{
			name: "unknown attributes are kept",
			line: "a=b; SameParty; foo=bar; Comment=hi there; Version=1",
			want: &cookieSnap{
				Name: "a", Value: "b",
				Attrs: attrs("SameParty", "", "foo", "bar", "Comment", "hi there", "Version", "1"),
			},
		},
		{
			name: "empty attribute name with a value is kept",
			line: "a=b; =x=y",
			want: &cookieSnap{Name: "a", Value: "b", Attrs: attrs("", "x=y")},
		},
		{
			// Chromium counts every segment but a blank last one.
			name: "empty segments are attributes",
			line: "a=b;;;secure; ;\t; = ;",
			want: &cookieSnap{Name: "a", Value: "b", Secure: true, Attrs: attrs("", "", "", "", "secure", "", "", "", "", "", "", "")},
		},
		{
			name: "DQUOTEs kept",
			line: `a="b c"; Path="/x"`,
			want: &cookieSnap{Name: "a", Value: `"b c"`, Path: some(`"/x"`), Attrs: attrs("Path", `"/x"`)},
		},
		{
			name: "quoted value holding ; is cut at ;",
			line: `a="b;c"`,
			want: &cookieSnap{Name: "a", Value: `"b`, Attrs: attrs(`c"`, "")},
		},
		{
			name: "comma and backslash allowed",
			line: `test=1, baz=qux\; a\b=c,d`,
			want: &cookieSnap{Name: "test", Value: `1, baz=qux\`, Attrs: attrs(`a\b`, "c,d")},
		},
		{
			name: "bytes 0x80-0xFF allowed",
			line: "n\x80\xff=v\xfe\x81; \xc3\xa9t\xe9=\xa0\xbf",
			want: &cookieSnap{Name: "n\x80\xff", Value: "v\xfe\x81", Attrs: attrs("\xc3\xa9t\xe9", "\xa0\xbf")},
		},
		{
			name: "utf-8 value",
			line: "test=1春节回家路·春运完全手册",
			want: &cookieSnap{Name: "test", Value: "1春节回家路·春运完全手册"},
		},
		{
			name: "Chromium perf line",
			line: perfLine,
			want: &cookieSnap{
				Name: "A", Value: `"b=`, Secure: true, SameSite: SameSiteNone,
				Attrs: attrs(`\""`, "", "secure", "", "", "", "", "", "samesite", "none"),
			},
		},
		{
			name: "Chromium parse_big_cookies",
			line: rep("z", 3800) + perfLine,
			want: &cookieSnap{
				Name: rep("z", 3800) + "A", Value: `"b=`, Secure: true, SameSite: SameSiteNone,
				Attrs: attrs(`\""`, "", "secure", "", "", "", "", "", "samesite", "none"),
			},
		},
		{
			name: "typical",
			line: "sid=31d4d96e407aad42; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Secure; HttpOnly; SameSite=Lax",
			want: &cookieSnap{
				Name: "sid", Value: "31d4d96e407aad42", Path: some("/"), Expires: some("Wed, 09 Jun 2027 10:18:14 GMT"),
				Secure: true, HTTPOnly: true, SameSite: SameSiteLax,
				Attrs: attrs("Path", "/", "Expires", "Wed, 09 Jun 2027 10:18:14 GMT", "Secure", "", "HttpOnly", "", "SameSite", "Lax"),
			},
		},
		{
			name: "more than the inline attribute capacity",
			line: "a=b; Path=/; Domain=d; Expires=e; Max-Age=1; Secure; HttpOnly; SameSite=None; Priority=High; Partitioned; x",
			want: &cookieSnap{
				Name: "a", Value: "b", Path: some("/"), Domain: some("d"), Expires: some("e"), MaxAge: some("1"),
				Secure: true, HTTPOnly: true, Partitioned: true, SameSite: SameSiteNone, Priority: PriorityHigh,
				Attrs: attrs("Path", "/", "Domain", "d", "Expires", "e", "Max-Age", "1", "Secure", "", "HttpOnly", "",
					"SameSite", "None", "Priority", "High", "Partitioned", "", "x", ""),
			},
		},
	}
	// Every control character other than HTAB rejects the whole line,
	// wherever it is.
	for _, c := range []struct{ label, ch string }{
		{"CR", "\r"}, {"LF", "\n"}, {"NUL", "\x00"}, {"0x01", "\x01"}, {"0x1F", "\x1f"}, {"DEL", "\x7f"},
	} {
		for _, where := range []struct{ label, line string }{
			{"in name", "a" + c.ch + "b=c"},
			{"in value", "a=b" + c.ch + "c"},
			{"at start", c.ch + "a=b"},
			{"at end", "a=b" + c.ch},
			{"in nameless value", "a" + c.ch + "b"},
			{"in attribute name", "a=b; pa" + c.ch + "th=/"},
			{"in attribute value", "a=b; path=/x" + c.ch + "y"},
			{"in unknown attribute", "a=b; Secure; foo" + c.ch},
			{"in empty segment", "a=b;" + c.ch + ";secure"},
			{"in oversized attribute", "a=b; Path=/" + strings.Repeat("p", 1100) + c.ch},
		} {
			cases = append(cases, parseCase{
				name: c.label + " " + where.label,
				line: where.line,
				excl: []ExclusionReason{ExcludeDisallowedCharacter},
			})
		}
	}
	return cases
}

func TestParseCookie(t *testing.T) {
	for _, tc := range parseCases() {
		t.Run(tc.name, func(t *testing.T) {
			pc, st := ParseCookie(tc.line)
			assert.Equal(t, tc.excl, st.Exclusions(), "exclusions")
			assert.Equal(t, tc.warn, st.Warnings(), "warnings")
			if tc.want == nil {
				assert.Nil(t, pc)
				assert.False(t, st.IsInclude())
				assert.False(t, pc.isValid())
				return
			}
			require.NotNil(t, pc)
			assert.True(t, st.IsInclude())
			assert.True(t, pc.isValid())
			assert.Equal(t, *tc.want, snapOf(pc))
		})
	}
}

func TestParseCookieAttributesIsACopy(t *testing.T) {
	pc, st := ParseCookie("a=b; Path=/p; Secure")
	require.True(t, st.IsInclude())
	got := pc.Attributes()
	got[0].Value = "/changed"
	p, ok := pc.Path()
	assert.True(t, ok)
	assert.Equal(t, "/p", p)
	assert.Equal(t, attrs("Path", "/p", "Secure", ""), pc.Attributes())
}

func TestParsedCookieZeroValue(t *testing.T) {
	var pc ParsedCookie
	assert.False(t, pc.isValid())
	assert.Equal(t, cookieSnap{}, snapOf(&pc))
	var nilPC *ParsedCookie
	assert.False(t, nilPC.isValid())
}

func TestSameSitePriorityString(t *testing.T) {
	assert.Equal(t, "Unspecified", SameSiteUnspecified.String())
	assert.Equal(t, "None", SameSiteNone.String())
	assert.Equal(t, "Lax", SameSiteLax.String())
	assert.Equal(t, "Strict", SameSiteStrict.String())
	assert.Equal(t, "Low", PriorityLow.String())
	assert.Equal(t, "Medium", PriorityMedium.String())
	assert.Equal(t, "High", PriorityHigh.String())
	for _, s := range []SameSite{SameSiteNone, SameSiteLax, SameSiteStrict} {
		assert.Equal(t, s, parseSameSite(s.String()))
		assert.Equal(t, s, parseSameSite(strings.ToUpper(s.String())))
	}
	for _, p := range []Priority{PriorityLow, PriorityMedium, PriorityHigh} {
		assert.Equal(t, p, parsePriority(p.String()))
		assert.Equal(t, p, parsePriority(strings.ToLower(p.String())))
	}
}

// roundTripLines are lines whose String() must parse back to an equal
// cookie.
func roundTripLines() []string {
	lines := []string{
		"a=b",
		"abc",
		"=abc",
		"=a=b",
		"a=",
		"  n  =  v w ; path = /p ; SECURE=false;;; HttpOnly ; x",
		"a=b; Domain=example.com; Domain=",
		"a=b; =x=y; Path=",
		"a=b; SameSite=extended; Priority=urgent; Partitioned",
		"a=b \t; \tComment=x y\t",
		"n\x80\xff=v\xfe\x81; \xc3\xa9t\xe9=\xa0\xbf",
		`a="b c"; Path="/x"`,
	}
	for _, tc := range parseCases() {
		if tc.want != nil {
			lines = append(lines, tc.line)
		}
	}
	return lines
}

func TestParsedCookieStringRoundTrip(t *testing.T) {
	for _, line := range roundTripLines() {
		pc, st := ParseCookie(line)
		require.NotNil(t, pc, "%q: %v", line, st)
		s := pc.String()
		pc2, st2 := ParseCookie(s)
		require.NotNil(t, pc2, "%q -> %q: %v", line, s, st2)
		assert.True(t, st2.IsInclude(), "%q -> %q", line, s)
		assert.Empty(t, st2.Warnings(), "%q -> %q", line, s)
		assert.Equal(t, lineSnapOf(pc), snapOf(pc2), "%q -> %q", line, s)
		// Serializing is stable.
		assert.Equal(t, s, pc2.String())
	}
}

func TestParsedCookieStringExact(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"a=b", "a=b"},
		{"abc", "=abc"},
		{"=a=b; Domain=", "=a=b; Domain"},
		{"  n  =  v w ; path = /p ; SECURE=false;;; HttpOnly ; x", "n=v w; path=/p; SECURE; HttpOnly; x"},
		// Chromium's ParsedCookie writes the flags bare whatever value
		// they were given.
		{"name=value; secure=bar; httponly=baz; Partitioned=1", "name=value; secure; httponly; Partitioned"},
		{perfLine, `A="b=; \""; secure; samesite=none`},
		{"a=b; Path=/" + strings.Repeat("p", 1024) + "; Secure", "a=b; Secure"},
	} {
		pc, st := ParseCookie(tc.line)
		require.NotNil(t, pc, "%q: %v", tc.line, st)
		assert.Equal(t, tc.want, pc.String(), "%q", tc.line)
	}
}

func mustParse(t *testing.T, line string) *ParsedCookie {
	t.Helper()
	pc, st := ParseCookie(line)
	require.NotNil(t, pc, "%q: %v", line, st)
	require.True(t, st.IsInclude())
	return pc
}

func TestParsedCookieSetNameValue(t *testing.T) {
	pc := mustParse(t, "a=b; Secure")
	require.NoError(t, pc.SetName("n m"))
	require.NoError(t, pc.SetValue(`"v=1, \x"`))
	assert.Equal(t, "n m", pc.Name())
	assert.Equal(t, `"v=1, \x"`, pc.Value())
	assert.Equal(t, "n m=\"v=1, \\x\"; Secure", pc.String())
	// A tab inside a name or value is refused, as Chromium 156 does.
	assert.ErrorIs(t, pc.SetName("na\tme"), ExcludeDisallowedCharacter)
	assert.ErrorIs(t, pc.SetValue("val\tue"), ExcludeDisallowedCharacter)

	// Nameless.
	require.NoError(t, pc.SetName(""))
	assert.Equal(t, "", pc.Name())
	require.NoError(t, pc.SetValue("a=b"))
	assert.Equal(t, "=a=b; Secure", pc.String())
	require.NoError(t, pc.SetName("x"))
	require.NoError(t, pc.SetValue(""))
	assert.Equal(t, "x=; Secure", pc.String())
	assert.ErrorIs(t, pc.SetName(""), ExcludeNoCookieContent)
	assert.Equal(t, "x", pc.Name())

	// Sizes.
	require.NoError(t, pc.SetValue(strings.Repeat("v", 4095)))
	assert.ErrorIs(t, pc.SetName("xy"), ExcludeNameValuePairExceedsMaxSize)
	assert.Equal(t, "x", pc.Name())
	assert.ErrorIs(t, pc.SetValue(strings.Repeat("v", 4096)), ExcludeNameValuePairExceedsMaxSize)
	assert.Equal(t, 4095, len(pc.Value()))
	require.NoError(t, pc.SetName(""))
	require.NoError(t, pc.SetValue(strings.Repeat("v", 4096)))
	assert.ErrorIs(t, pc.SetValue(strings.Repeat("v", 4097)), ExcludeNameValuePairExceedsMaxSize)

	// Spaces at the ends are trimmed first, as Chromium's setters do: 4096
	// spaces around a value are fine. An HTAB anywhere, even at an end, is
	// refused: Chromium's setters check the characters before trimming.
	pc = mustParse(t, "a=b")
	require.NoError(t, pc.SetName("  foo bar  "))
	assert.Equal(t, "foo bar", pc.Name())
	require.NoError(t, pc.SetValue(strings.Repeat(" ", 4096)+"v"+strings.Repeat(" ", 4096)))
	assert.Equal(t, "v", pc.Value())
	for _, bad := range []string{"\tx", "x\t", "\t", " \t ", "x\ty"} {
		assert.ErrorIs(t, pc.SetName(bad), ExcludeDisallowedCharacter, "%q", bad)
		assert.ErrorIs(t, pc.SetValue(bad), ExcludeDisallowedCharacter, "%q", bad)
		assert.ErrorIs(t, pc.SetPath(bad), ExcludeDisallowedCharacter, "%q", bad)
	}
	assert.Equal(t, "foo bar=v", pc.String())
	require.NoError(t, pc.SetValue(" "))
	assert.Equal(t, "foo bar=", pc.String())

	// Characters.
	pc = mustParse(t, "a=b")
	for _, bad := range []string{
		"n;", "n=", "=", ";", "a\rb", "a\nb", "a\x00b", "a\x01b", "a\x7fb",
	} {
		assert.ErrorIs(t, pc.SetName(bad), ExcludeDisallowedCharacter, "name %q", bad)
	}
	for _, bad := range []string{
		"v;w", ";", "a\rb", "a\nb", "a\x00b", "a\x01b", "a\x7fb",
	} {
		assert.ErrorIs(t, pc.SetValue(bad), ExcludeDisallowedCharacter, "value %q", bad)
	}
	// The character check comes before the emptiness and size checks.
	assert.ErrorIs(t, pc.SetName(strings.Repeat("n", 5000)+";"), ExcludeDisallowedCharacter)
	assert.Equal(t, cookieSnap{Name: "a", Value: "b"}, snapOf(pc), "failed setters change nothing")
}

func TestParsedCookieSetNameOnZeroValue(t *testing.T) {
	var pc ParsedCookie
	assert.ErrorIs(t, pc.SetName(""), ExcludeNoCookieContent)
	assert.ErrorIs(t, pc.SetValue(""), ExcludeNoCookieContent)
	require.NoError(t, pc.SetName("n"))
	assert.True(t, pc.isValid())
	require.NoError(t, pc.SetValue("v"))
	require.NoError(t, pc.SetPath("/"))
	require.NoError(t, pc.SetDomain("example.com"))
	require.NoError(t, pc.SetExpires("Wed, 09 Jun 2027 10:18:14 GMT"))
	require.NoError(t, pc.SetMaxAge("60"))
	pc.SetSameSite(SameSiteStrict)
	pc.SetPriority(PriorityHigh)
	pc.SetSecure(true)
	pc.SetHTTPOnly(true)
	pc.SetPartitioned(true)
	want := cookieSnap{
		Name: "n", Value: "v", Path: some("/"), Domain: some("example.com"),
		Expires: some("Wed, 09 Jun 2027 10:18:14 GMT"), MaxAge: some("60"),
		Secure: true, HTTPOnly: true, Partitioned: true, SameSite: SameSiteStrict, Priority: PriorityHigh,
		Attrs: attrs("Path", "/", "Domain", "example.com", "Expires", "Wed, 09 Jun 2027 10:18:14 GMT", "Max-Age", "60",
			"SameSite", "Strict", "Priority", "High", "Secure", "", "HttpOnly", "", "Partitioned", ""),
	}
	assert.Equal(t, want, snapOf(&pc))
	assert.Equal(t, "n=v; Path=/; Domain=example.com; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Max-Age=60; "+
		"SameSite=Strict; Priority=High; Secure; HttpOnly; Partitioned", pc.String())
	pc2 := mustParse(t, pc.String())
	assert.Equal(t, want, snapOf(pc2))

	var pc3 ParsedCookie
	pc3.SetSecure(true)
	assert.True(t, pc3.Secure())
	assert.False(t, pc3.isValid(), "attributes alone make no cookie")
}

func TestParsedCookieSetAttributes(t *testing.T) {
	setters := []struct {
		name string
		set  func(*ParsedCookie, string) error
		get  func(*ParsedCookie) (string, bool)
	}{
		{"Path", (*ParsedCookie).SetPath, (*ParsedCookie).Path},
		{"Domain", (*ParsedCookie).SetDomain, (*ParsedCookie).Domain},
		{"Expires", (*ParsedCookie).SetExpires, (*ParsedCookie).Expires},
		{"Max-Age", (*ParsedCookie).SetMaxAge, (*ParsedCookie).MaxAge},
	}
	for _, s := range setters {
		t.Run(s.name, func(t *testing.T) {
			// Added when absent, with the canonical attribute name.
			pc := mustParse(t, "a=b; Secure")
			require.NoError(t, s.set(pc, "x=y z"))
			v, ok := s.get(pc)
			assert.True(t, ok)
			assert.Equal(t, "x=y z", v)
			assert.Equal(t, attrs("Secure", "", s.name, "x=y z"), pc.Attributes())

			// Ends are trimmed; an empty or blank value removes the
			// attribute, and removing an absent one changes nothing.
			require.NoError(t, s.set(pc, "  x=y z   "))
			v, _ = s.get(pc)
			assert.Equal(t, "x=y z", v)
			require.NoError(t, s.set(pc, "     "))
			_, ok = s.get(pc)
			assert.False(t, ok)
			assert.Equal(t, attrs("Secure", ""), pc.Attributes())
			require.NoError(t, s.set(pc, ""))
			assert.Equal(t, "a=b; Secure", pc.String())

			// The last occurrence is replaced, its name kept as written.
			lower := strings.ToLower(s.name)
			pc = mustParse(t, "a=b; "+lower+"=1; x; "+strings.ToUpper(s.name)+"=2; y")
			require.NoError(t, s.set(pc, "3"))
			v, ok = s.get(pc)
			assert.True(t, ok)
			assert.Equal(t, "3", v)
			assert.Equal(t, attrs(lower, "1", "x", "", strings.ToUpper(s.name), "3", "y", ""), pc.Attributes())

			// Size limit: 1024 is fine, 1025 is refused.
			require.NoError(t, s.set(pc, strings.Repeat("v", 1024)))
			v, _ = s.get(pc)
			assert.Len(t, v, 1024)
			assert.ErrorIs(t, s.set(pc, strings.Repeat("v", 1025)), ExcludeAttributeValueExceedsMaxSize)

			// Characters.
			for _, bad := range []string{
				"v;w", ";", "a\rb", "a\nb", "a\x00b", "a\x01b", "a\x1fb", "a\x7fb",
				strings.Repeat("v", 1100) + ";",
			} {
				assert.ErrorIs(t, s.set(pc, bad), ExcludeDisallowedCharacter, "%q", bad)
			}
			v, _ = s.get(pc)
			assert.Len(t, v, 1024, "failed setters change nothing")
			assert.Len(t, pc.Attributes(), 4)
			assert.Equal(t, "a", pc.Name())

			// Refused: an inner HTAB, as Chromium 156 does.
			assert.ErrorIs(t, s.set(pc, "a\tb"), ExcludeDisallowedCharacter)
			// Allowed: inner space, '=', DQUOTE, bytes ≥ 0x80.
			for _, good := range []string{"a b", "a=b", `"q"`, "\x80\xff"} {
				require.NoError(t, s.set(pc, good), "%q", good)
				v, _ = s.get(pc)
				assert.Equal(t, good, v)
			}

			// The result serializes and parses back.
			assert.Equal(t, snapOf(pc), snapOf(mustParse(t, pc.String())))
		})
	}
}

func TestParsedCookieSetSameSite(t *testing.T) {
	pc := mustParse(t, "a=b; SameSite=Strict; Secure; samesite=extended")
	assert.Equal(t, SameSiteUnspecified, pc.SameSite())
	pc.SetSameSite(SameSiteLax)
	assert.Equal(t, SameSiteLax, pc.SameSite())
	assert.Equal(t, attrs("SameSite", "Strict", "Secure", "", "samesite", "Lax"), pc.Attributes())
	pc.SetSameSite(SameSiteNone)
	assert.Equal(t, SameSiteNone, pc.SameSite())
	assert.Equal(t, "a=b; SameSite=Strict; Secure; samesite=None", pc.String())

	// Unspecified removes every SameSite attribute.
	pc.SetSameSite(SameSiteUnspecified)
	assert.Equal(t, SameSiteUnspecified, pc.SameSite())
	assert.Equal(t, attrs("Secure", ""), pc.Attributes())
	assert.True(t, pc.Secure())

	pc.SetSameSite(SameSiteStrict)
	assert.Equal(t, attrs("Secure", "", "SameSite", "Strict"), pc.Attributes())
	assert.Equal(t, snapOf(pc), snapOf(mustParse(t, pc.String())))

	// An unknown value removes the attribute: the cookie reads as
	// unspecified.
	pc.SetSameSite(SameSite(7))
	assert.Equal(t, "a=b; Secure", pc.String())
	assert.Equal(t, SameSiteUnspecified, pc.SameSite())
}

func TestParsedCookieSetPriority(t *testing.T) {
	pc := mustParse(t, "a=b; priority=low; PRIORITY=bogus")
	assert.Equal(t, PriorityMedium, pc.Priority())
	pc.SetPriority(PriorityHigh)
	assert.Equal(t, PriorityHigh, pc.Priority())
	assert.Equal(t, attrs("priority", "low", "PRIORITY", "High"), pc.Attributes())
	pc.SetPriority(PriorityLow)
	assert.Equal(t, PriorityLow, pc.Priority())
	pc.SetPriority(PriorityMedium)
	assert.Equal(t, PriorityMedium, pc.Priority())
	assert.Equal(t, attrs("priority", "low", "PRIORITY", "Medium"), pc.Attributes())

	pc = mustParse(t, "a=b")
	pc.SetPriority(PriorityLow)
	assert.Equal(t, attrs("Priority", "Low"), pc.Attributes())
	assert.Equal(t, snapOf(pc), snapOf(mustParse(t, pc.String())))

	// An unknown value removes the attribute: the cookie reads as medium.
	pc.SetPriority(Priority(9))
	assert.Equal(t, "a=b", pc.String())
	assert.Equal(t, PriorityMedium, pc.Priority())
}

func TestParsedCookieSetFlags(t *testing.T) {
	flags := []struct {
		name string
		set  func(*ParsedCookie, bool)
		get  func(*ParsedCookie) bool
	}{
		{"Secure", (*ParsedCookie).SetSecure, (*ParsedCookie).Secure},
		{"HttpOnly", (*ParsedCookie).SetHTTPOnly, (*ParsedCookie).HTTPOnly},
		{"Partitioned", (*ParsedCookie).SetPartitioned, (*ParsedCookie).Partitioned},
	}
	for _, f := range flags {
		t.Run(f.name, func(t *testing.T) {
			pc := mustParse(t, "a=b; Path=/p")
			assert.False(t, f.get(pc))
			f.set(pc, true)
			assert.True(t, f.get(pc))
			assert.Equal(t, attrs("Path", "/p", f.name, ""), pc.Attributes())
			// Setting twice adds nothing.
			f.set(pc, true)
			assert.Equal(t, attrs("Path", "/p", f.name, ""), pc.Attributes())
			assert.Equal(t, "a=b; Path=/p; "+f.name, pc.String())

			// Removing removes every occurrence, any case, and keeps the
			// other attributes and their effects.
			pc = mustParse(t, "a=b; "+strings.ToLower(f.name)+"=x; Path=/1; "+strings.ToUpper(f.name)+
				"; SameSite=Lax; Priority=High; Path=/2; Domain=d")
			require.True(t, f.get(pc))
			f.set(pc, false)
			assert.False(t, f.get(pc))
			assert.Equal(t, cookieSnap{
				Name: "a", Value: "b", Path: some("/2"), Domain: some("d"),
				SameSite: SameSiteLax, Priority: PriorityHigh,
				Attrs: attrs("Path", "/1", "SameSite", "Lax", "Priority", "High", "Path", "/2", "Domain", "d"),
			}, snapOf(pc))
			// Removing an absent flag changes nothing.
			f.set(pc, false)
			assert.Len(t, pc.Attributes(), 5)
			// Setters keep working after the removal shifted the indexes.
			require.NoError(t, pc.SetPath("/3"))
			assert.Equal(t, attrs("Path", "/1", "SameSite", "Lax", "Priority", "High", "Path", "/3", "Domain", "d"), pc.Attributes())
			assert.Equal(t, snapOf(pc), snapOf(mustParse(t, pc.String())))
		})
	}

	// Removing one flag leaves the others set.
	pc := mustParse(t, "a=b; Secure; HttpOnly; Partitioned")
	pc.SetHTTPOnly(false)
	assert.True(t, pc.Secure())
	assert.False(t, pc.HTTPOnly())
	assert.True(t, pc.Partitioned())
	assert.Equal(t, "a=b; Secure; Partitioned", pc.String())
}

// checkParsed checks the invariants of a cookie returned by ParseCookie.
func checkParsed(t *testing.T, line string, pc *ParsedCookie, st InclusionStatus) {
	t.Helper()
	if pc == nil {
		if st.IsInclude() {
			t.Fatalf("%q: nil cookie with an including status %v", line, st)
		}
		return
	}
	if !st.IsInclude() {
		t.Fatalf("%q: cookie with an excluding status %v", line, st)
	}
	name, value := pc.Name(), pc.Value()
	if name == "" && value == "" {
		t.Fatalf("%q: empty name and value", line)
	}
	if len(name)+len(value) > MaxNameValueSize {
		t.Fatalf("%q: name+value is %d bytes", line, len(name)+len(value))
	}
	if hasCTL(name) || hasCTL(value) {
		t.Fatalf("%q: control character in %q=%q", line, name, value)
	}
	if strings.ContainsAny(name, ";=") || strings.Contains(value, ";") {
		t.Fatalf("%q: separator in %q=%q", line, name, value)
	}
	if trimSpace(name) != name || trimSpace(value) != value {
		t.Fatalf("%q: untrimmed %q=%q", line, name, value)
	}
	for _, a := range pc.Attributes() {
		if hasCTL(a.Name) || hasCTL(a.Value) || strings.ContainsAny(a.Name, ";=") || strings.Contains(a.Value, ";") ||
			trimSpace(a.Name) != a.Name || trimSpace(a.Value) != a.Value || len(a.Value) > MaxAttributeValueSize {
			t.Fatalf("%q: bad attribute %q=%q", line, a.Name, a.Value)
		}
	}
	s := pc.String()
	pc2, st2 := ParseCookie(s)
	if pc2 == nil || !st2.IsInclude() || len(st2.Warnings()) != 0 {
		t.Fatalf("%q: String() = %q parses to %v, %v", line, s, pc2, st2)
	}
	if a, b := lineSnapOf(pc), snapOf(pc2); !reflect.DeepEqual(a, b) {
		t.Fatalf("%q: String() = %q parses to another cookie:\n%+v\n%+v", line, s, a, b)
	}
}

func TestParseCookieConformanceInvariants(t *testing.T) {
	for _, line := range conformanceSeeds(t) {
		pc, st := ParseCookie(line)
		checkParsed(t, line, pc, st)
	}
}

func FuzzParseCookie(f *testing.F) {
	for _, s := range conformanceSeeds(f) {
		f.Add(s)
	}
	for _, tc := range parseCases() {
		f.Add(tc.line)
	}
	for _, s := range roundTripLines() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		pc, st := ParseCookie(line)
		checkParsed(t, line, pc, st)
	})
}

var benchSink any

// BenchmarkParseCookie compares ParseCookie with net/http's ParseSetCookie
// on the same lines; the sub-benchmarks are named so that
// "benchstat -col /impl" puts them side by side, the standard library first.
func BenchmarkParseCookie(b *testing.B) {
	lines := []struct{ name, line string }{
		// net/http.ParseSetCookie rejects this line (its value holds a
		// DQUOTE that is not a matched pair), so its stdlib figure is
		// the cost of a failed parse. Benchmarked anyway, as in Chromium's
		// perftest.
		{"perf", perfLine},
		{"typical", "sid=31d4d96e407aad42; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Secure; HttpOnly; SameSite=Lax"},
	}
	for _, l := range lines {
		b.Run("line="+l.name+"/impl=stdlib", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c, err := http.ParseSetCookie(l.line)
				benchSink = c
				if err != nil {
					benchSink = err
				}
			}
		})
		b.Run("line="+l.name+"/impl=cookiemonster", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				pc, _ := ParseCookie(l.line)
				benchSink = pc
			}
		})
	}
}

// TestBenchmarkLinesNetHTTP documents what net/http makes of the benchmark
// lines.
func TestBenchmarkLinesNetHTTP(t *testing.T) {
	_, err := http.ParseSetCookie(perfLine)
	assert.Error(t, err, "net/http refuses the perf line")
	c, err := http.ParseSetCookie("sid=31d4d96e407aad42; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Secure; HttpOnly; SameSite=Lax")
	require.NoError(t, err)
	assert.Equal(t, "31d4d96e407aad42", c.Value)
}

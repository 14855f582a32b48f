package cookiedate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// conformanceDir is the http-state date vector directory, relative to this
// package directory; ../../testdata/conformance/README.md says where the
// files come from.
const conformanceDir = "../../testdata/conformance/http-state/dates"

// imfFixdate is the IMF-fixdate layout used by the vectors' expected values.
const imfFixdate = "Mon, 02 Jan 2006 15:04:05 GMT"

// vector is one entry of an http-state dates file.
type vector struct {
	Test     string  `json:"test"`
	Expected *string `json:"expected"`
}

// namedVector is a vector together with the file it came from.
type namedVector struct {
	file string
	idx  int
	vector
}

// stripCommentHeader removes the leading lines starting with "//".
func stripCommentHeader(data []byte) []byte {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), len(data)+1)
	header := true
	for sc.Scan() {
		line := sc.Bytes()
		if header && bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("//")) {
			continue
		}
		header = false
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// vectorFiles are the http-state date vector files, with the number of
// vectors in each.
var vectorFiles = []struct {
	name  string
	count int
}{
	{"examples.json", 15},
	{"bsd-examples.json", 55},
}

// loadVectors loads the vectorFiles, in order. A missing, unreadable or
// truncated file fails the test, naming the path.
func loadVectors(t testing.TB) []namedVector {
	t.Helper()
	var all []namedVector
	for _, f := range vectorFiles {
		path := filepath.Join(conformanceDir, f.name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("conformance vector %s: %v", path, err)
		}
		var vs []vector
		if err := json.Unmarshal(stripCommentHeader(data), &vs); err != nil {
			t.Fatalf("conformance vector %s: %v", path, err)
		}
		if len(vs) != f.count {
			t.Fatalf("conformance vector %s: %d vectors, want %d", path, len(vs), f.count)
		}
		for i, v := range vs {
			all = append(all, namedVector{file: f.name, idx: i, vector: v})
		}
	}
	return all
}

// parseExpected parses an IMF-fixdate, ignoring the (possibly wrong)
// weekday name by parsing only the part after the comma.
func parseExpected(t *testing.T, s string) time.Time {
	t.Helper()
	_, rest, ok := strings.Cut(s, ",")
	require.True(t, ok, "expected value %q has no comma", s)
	want, err := time.Parse("02 Jan 2006 15:04:05 GMT", strings.TrimSpace(rest))
	require.NoError(t, err, "expected value %q", s)
	return want
}

func TestConformanceVectors(t *testing.T) {
	ran := 0
	for _, v := range loadVectors(t) {
		t.Run(v.file+"/"+v.Test, func(t *testing.T) {
			got, ok := Parse(v.Test)
			if v.Expected == nil {
				assert.False(t, ok, "%s[%d] %q: want invalid, got %v", v.file, v.idx, v.Test, got)
				return
			}
			want := parseExpected(t, *v.Expected)
			if assert.True(t, ok, "%s[%d] %q: want %v, got invalid", v.file, v.idx, v.Test, want) {
				assert.True(t, want.Equal(got), "%s[%d] %q: want %v, got %v", v.file, v.idx, v.Test, want, got)
				assert.Equal(t, time.UTC, got.Location())
			}
		})
		ran++
	}
	require.Equal(t, 70, ran, "expected 15 examples.json + 55 bsd-examples.json vectors")
}

// edgeCase is one entry of the hand-written edge case table. A zero want
// means Parse must fail.
type edgeCase struct {
	name string
	in   string
	want time.Time
}

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

var edgeCases = []edgeCase{
	// Two-digit year mapping.
	{"year 70 -> 1970", "01 Jan 70 00:00:00", utc(1970, time.January, 1, 0, 0, 0)},
	{"year 99 -> 1999", "31 Dec 99 23:59:59", utc(1999, time.December, 31, 23, 59, 59)},
	{"year 69 -> 2069", "01 Jan 69 00:00:00", utc(2069, time.January, 1, 0, 0, 0)},
	{"year 00 -> 2000", "01 Jan 00 00:00:00", utc(2000, time.January, 1, 0, 0, 0)},
	{"year 000 -> 2000", "01 Jan 000 00:00:00", utc(2000, time.January, 1, 0, 0, 0)},
	{"year 0070 -> 1970", "01 Jan 0070 00:00:00", utc(1970, time.January, 1, 0, 0, 0)},
	{"year 100 rejected", "01 Jan 100 00:00:00", time.Time{}},
	{"single-digit year not a year", "01 Jan 7 00:00:00", time.Time{}},

	// Year bounds.
	{"year 1600 rejected", "31 Dec 1600 23:59:59", time.Time{}},
	{"year 1601 accepted", "01 Jan 1601 00:00:00", utc(1601, time.January, 1, 0, 0, 0)},
	{"year 9999 accepted", "31 Dec 9999 23:59:59", utc(9999, time.December, 31, 23, 59, 59)},
	{"5-digit year not a year", "01 Jan 10000 00:00:00", time.Time{}},
	{"5-digit year skipped, later year used", "01 Jan 20240 00:00:00 2024", utc(2024, time.January, 1, 0, 0, 0)},

	// Time bounds.
	{"23:59:59 valid", "01 Jan 2024 23:59:59", utc(2024, time.January, 1, 23, 59, 59)},
	{"24:00:00 invalid", "01 Jan 2024 24:00:00", time.Time{}},
	{"23:60:00 invalid", "01 Jan 2024 23:60:00", time.Time{}},
	{"23:59:60 invalid", "01 Jan 2024 23:59:60", time.Time{}},
	{"single-digit time fields", "01 Jan 2024 1:2:3", utc(2024, time.January, 1, 1, 2, 3)},
	{"3-digit hour not a time", "01 Jan 2024 001:02:03", time.Time{}},
	{"time with trailing junk", "01 Jan 2024 10:11:12Z", utc(2024, time.January, 1, 10, 11, 12)},
	{"time with trailing digit junk rejected", "01 Jan 2024 10:11:123", time.Time{}},
	{"time missing seconds", "01 Jan 2024 10:11", time.Time{}},
	{"time empty seconds", "01 Jan 2024 10:11:", time.Time{}},

	// Day-of-month and calendar validity.
	{"Feb 29 2024 valid", "29 Feb 2024 12:00:00", utc(2024, time.February, 29, 12, 0, 0)},
	{"Feb 29 2023 invalid", "29 Feb 2023 12:00:00", time.Time{}},
	{"Feb 29 2000 valid", "29 Feb 2000 12:00:00", utc(2000, time.February, 29, 12, 0, 0)},
	{"Feb 29 1900 invalid", "29 Feb 1900 12:00:00", time.Time{}},
	{"Feb 30 invalid", "30 Feb 2024 12:00:00", time.Time{}},
	{"Apr 31 invalid", "31 Apr 2024 12:00:00", time.Time{}},
	{"Apr 30 valid", "30 Apr 2024 12:00:00", utc(2024, time.April, 30, 12, 0, 0)},
	{"Dec 31 valid", "31 Dec 2024 12:00:00", utc(2024, time.December, 31, 12, 0, 0)},
	{"day 0 invalid", "00 Jan 2024 12:00:00", time.Time{}},
	{"day 32 invalid", "32 Jan 2024 12:00:00", time.Time{}},
	{"day with trailing junk", "1st Jan 2024 12:00:00", utc(2024, time.January, 1, 12, 0, 0)},

	// Month prefixes.
	{"Sept accepted", "01 Sept 2024 12:00:00", utc(2024, time.September, 1, 12, 0, 0)},
	{"January accepted", "01 January 2024 12:00:00", utc(2024, time.January, 1, 12, 0, 0)},
	{"upper-case month", "01 DEC 2024 12:00:00", utc(2024, time.December, 1, 12, 0, 0)},
	{"mixed-case month", "01 nOv 2024 12:00:00", utc(2024, time.November, 1, 12, 0, 0)},
	{"two-letter month rejected", "01 Ja 2024 12:00:00", time.Time{}},
	{"unknown month rejected", "01 Foo 2024 12:00:00", time.Time{}},

	// First match wins; later tokens are ignored.
	{"second time token ignored", "01 Jan 2024 10:11:12 13:14:15", utc(2024, time.January, 1, 10, 11, 12)},
	{"invalid first time token wins", "01 Jan 2024 25:00:00 10:11:12", time.Time{}},
	{"second month ignored", "01 Jan Feb 2024 12:00:00", utc(2024, time.January, 1, 12, 0, 0)},
	{"second day is taken as year", "01 02 Jan 12:00:00", utc(2002, time.January, 1, 12, 0, 0)},
	{"second year ignored", "Jan 01 2024 2025 12:00:00", utc(2024, time.January, 1, 12, 0, 0)},

	// Delimiters.
	{"all delimiter classes", "\t01!Jan\"2024#12:00:00$%&'()*+,-./;<=>?@[\\]^_`{|}~", utc(2024, time.January, 1, 12, 0, 0)},
	{"control byte is not a delimiter", "01\x01 Jan 2024 12:00:00", utc(2024, time.January, 1, 12, 0, 0)},
	{"newline is not a delimiter", "01\nJan 2024 12:00:00", time.Time{}},
	{"high bytes are not delimiters", "01 Jan\xff 2024 12:00:00", utc(2024, time.January, 1, 12, 0, 0)},
	{"high byte joins day and month into one token", "01\xffJan 2024 12:00:00", time.Time{}},
	{"invalid UTF-8 junk", "\xc3\x28 01 Jan 2024 12:00:00 \xff\xfe", utc(2024, time.January, 1, 12, 0, 0)},

	// Degenerate inputs.
	{"empty string", "", time.Time{}},
	{"delimiters only", " \t,;-/", time.Time{}},
	{"missing time", "01 Jan 2024", time.Time{}},
	{"missing day", "Jan 2024 12:00:00", time.Time{}},
	{"missing month", "01 2024 12:00:00", time.Time{}},
	{"missing year", "01 Jan 12:00:00", time.Time{}},
}

func TestParseEdgeCases(t *testing.T) {
	for _, tc := range edgeCases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Parse(tc.in)
			if tc.want.IsZero() {
				assert.False(t, ok, "Parse(%q) = %v, want invalid", tc.in, got)
				assert.True(t, got.IsZero(), "Parse(%q) returned non-zero time on failure", tc.in)
				return
			}
			require.True(t, ok, "Parse(%q) = invalid, want %v", tc.in, tc.want)
			assert.True(t, tc.want.Equal(got), "Parse(%q) = %v, want %v", tc.in, got, tc.want)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestParseLongInput(t *testing.T) {
	long := strings.Repeat("x", 1<<20) + " 01 Jan 2024 12:00:00"
	got, ok := Parse(long)
	require.True(t, ok)
	assert.True(t, utc(2024, time.January, 1, 12, 0, 0).Equal(got))

	digits := strings.Repeat("9", 1<<20)
	_, ok = Parse(digits + " " + digits + ":" + digits + ":" + digits)
	assert.False(t, ok)
}

func FuzzParse(f *testing.F) {
	for _, v := range loadVectors(f) {
		f.Add(v.Test)
	}
	for _, tc := range edgeCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Parse(s)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("Parse(%q) failed but returned non-zero time %v", s, got)
			}
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("Parse(%q) = %v, not UTC", s, got)
		}
		if y := got.Year(); y < 1601 || y > 9999 {
			t.Fatalf("Parse(%q) = %v, year %d out of range", s, got, y)
		}
		if got.Nanosecond() != 0 {
			t.Fatalf("Parse(%q) = %v has sub-second part", s, got)
		}
		formatted := got.Format(imfFixdate)
		again, err := time.Parse(imfFixdate, formatted)
		if err != nil {
			t.Fatalf("re-parsing %q (from %q): %v", formatted, s, err)
		}
		if !again.Equal(got) {
			t.Fatalf("round trip of %q: %v != %v", s, again, got)
		}
		// The formatted value is itself a cookie-date.
		if back, ok := Parse(formatted); !ok || !back.Equal(got) {
			t.Fatalf("Parse(%q) = %v, %v; want %v", formatted, back, ok, got)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	const in = "Wed, 09 Jun 2027 10:18:14 GMT"
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := Parse(in); !ok {
			b.Fatal("Parse failed")
		}
	}
}

// TestParseExpiry: a valid date with a year before 1601 is early, not
// invalid; everything else parses as Parse does.
func TestParseExpiry(t *testing.T) {
	cases := []struct {
		in        string
		want      time.Time
		early, ok bool
	}{
		{"Wed, 09 Jun 1600 10:18:14 GMT", time.Time{}, true, true},
		{"01 Jan 1000 00:00:00", time.Time{}, true, true},
		{"Mon, 01 Jan 1601 00:00:00 GMT", time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC), false, true},
		{"Wed, 09 Jun 2021 10:18:14 GMT", time.Date(2021, 6, 9, 10, 18, 14, 0, time.UTC), false, true},
		{"31 Jun 1600 10:18:14", time.Time{}, false, false},
		{"09 Jun 1600 25:18:14", time.Time{}, false, false},
		{"tomorrow", time.Time{}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, early, ok := ParseExpiry(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.early, early)
			assert.Equal(t, tc.ok, ok)
			p, pok := Parse(tc.in)
			assert.Equal(t, tc.ok && !tc.early, pok, "Parse refuses an early date")
			assert.Equal(t, tc.want, p)
		})
	}
}

// TestParseExpiryChromium: where Chromium's reading of an Expires attribute
// parts from the cookie-date algorithm of Parse.
func TestParseExpiryChromium(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		want      time.Time
		early, ok bool
		parseOK   bool // what Parse says of the same input
	}{
		{"five-digit year", "01 Jan 10000 00:00:00", utc(10000, time.January, 1, 0, 0, 0), false, true, false},
		{"year 31841", "Thu, 12-Aug-31841 20:49:07 GMT", utc(31841, time.August, 12, 20, 49, 7), false, true, false},
		{"six-digit year is no year", "01 Jan 100000 00:00:00", time.Time{}, false, false, false},
		{"day with trailing letters is no day", "1st Jan 2024 12:00:00", time.Time{}, false, false, true},
		{"two bytes not all digits are no day", "Jan 1x 2024 12:00:00", time.Time{}, false, false, true},
		{"time with trailing letters is no time", "01 Jan 2024 10:11:12Z", time.Time{}, false, false, true},
		{"a malformed time token leaves the time to a later one", "01 Jan 2024 10:11:12Z 13:14:15",
			utc(2024, time.January, 1, 13, 14, 15), false, true, true},
		{"three-digit hour", "01 Jan 2024 001:02:03", utc(2024, time.January, 1, 1, 2, 3), false, true, false},
		{"a time field of 2^32 or more is no time", "01 Jan 2024 20:61:4294967296 10:11:12",
			utc(2024, time.January, 1, 10, 11, 12), false, true, true},
		{"a time field below 2^32 is a time, out of range", "01 Jan 2024 20:61:4294967295 10:11:12", time.Time{}, false, false, true},
		{"first well-formed time counts even out of range", "01 Jan 2024 25:00:00 10:11:12", time.Time{}, false, false, false},
		{"two time fields", "01 Jan 2024 1:2", time.Time{}, false, false, false},
		{"four time fields", "01 Jan 2024 1:2:3:4", time.Time{}, false, false, true},
		{"empty time field", "01 Jan 2024 1::3", time.Time{}, false, false, false},
		{"a long number before the day is the year", "2024 Jan 01 12:00:00", utc(2024, time.January, 1, 12, 0, 0), false, true, true},
		{"the day comes first", "01 02 Jan 12:00:00", utc(2002, time.January, 1, 12, 0, 0), false, true, true},
		{"the day after the year", "Jan 2024 12:00:00 5", utc(2024, time.January, 5, 12, 0, 0), false, true, true},
		{"leap second", "01 Jan 2024 12:00:60", time.Time{}, false, false, false},
		{"two-digit year 99", "01 Jan 99 00:00:00", utc(1999, time.January, 1, 0, 0, 0), false, true, true},
		{"29 February 1900", "29 Feb 1900 00:00:00", time.Time{}, false, false, false},
		{"before 1601", "15 Apr 1600 21:01:22", time.Time{}, true, true, false},
		{"year 100", "15 Apr 100 21:01:22", time.Time{}, true, true, false},
		{"no month", "01 2024 12:00:00", time.Time{}, false, false, false},
		{"empty", "", time.Time{}, false, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, early, ok := ParseExpiry(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.early, early)
			assert.Equal(t, tc.ok, ok)
			_, pok := Parse(tc.in)
			assert.Equal(t, tc.parseOK, pok, "Parse")
		})
	}
}

func FuzzParseExpiry(f *testing.F) {
	for _, tc := range edgeCases {
		f.Add(tc.in)
	}
	f.Add("Thu, 12-Aug-31841 20:49:07 GMT")
	f.Add("01 Jan 2024 20:61:4294967296 10:11:12")
	f.Fuzz(func(t *testing.T, s string) {
		got, early, ok := ParseExpiry(s)
		switch {
		case !ok || early:
			if !got.IsZero() {
				t.Fatalf("ParseExpiry(%q) = %v, %v, %v: want the zero time", s, got, early, ok)
			}
			if early && !ok {
				t.Fatalf("ParseExpiry(%q): early but not ok", s)
			}
		case got.Location() != time.UTC || got.Nanosecond() != 0 || got.Year() < 1601 || got.Year() > 99999:
			t.Fatalf("ParseExpiry(%q) = %v", s, got)
		}
	})
}

// TestParseHTTPDate: the Date header forms Chromium 156 was recorded to
// take as the server's clock (the combo-date scenarios of the recorder),
// and some it cannot.

// TestParseHTTPDate: the Date header forms Chromium 156 was recorded to
// take as the server's clock (the combo-date scenarios of the recorder),
// and some it cannot.
func TestParseHTTPDate(t *testing.T) {
	y2k := utc(2000, time.January, 1, 0, 0, 0)
	cases := []struct {
		in   string
		want time.Time // zero: not a date
	}{
		{"Sat, 01 Jan 2000 00:00:00 GMT", y2k},
		{"Saturday, 01-Jan-00 00:00:00 GMT", y2k},
		{"Sat Jan  1 00:00:00 2000", y2k},
		{"Mon, 01 Jan 2000 00:00:00 GMT", y2k}, // the weekday is not checked
		{"01 Jan 2000 00:00:00 GMT", y2k},
		{"Sat, 01 Jan 2000 00:00:00 UTC", y2k},
		{"Sat, 01 Jan 2000 00:00:00", y2k},
		{"Sat, 01 Jan 2000 00:00:00 +0100", utc(1999, time.December, 31, 23, 0, 0)},
		{"Sat, 01 Jan 2000 00:00:00 -0130", utc(2000, time.January, 1, 1, 30, 0)},
		{"Sat, 01 Jan 2000 00:00:00 PST", utc(2000, time.January, 1, 8, 0, 0)},
		{"Sat, 01-Jan-2000 00:00:00 GMT", y2k}, // the dashes before the year are no zone
		{"Sat, 01 Jan 2000 00:00:00 GMT, Sat, 01 Jan 2000 00:00:00 GMT", y2k},
		{"Fri, 01 Jan 2100 00:00:00 GMT", utc(2100, time.January, 1, 0, 0, 0)},
		{"garbage", time.Time{}},
		{"", time.Time{}},
		{"Sat, 01 Jan 1600 00:00:00 GMT", utc(1600, time.January, 1, 0, 0, 0)},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseHTTPDate(tc.in)
			assert.Equal(t, !tc.want.IsZero(), ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestParseFixdate: the IMF-fixdate path answers as the token path does,
// for valid dates, impossible ones, every day name, bad digits and
// look-alikes it must leave to the token path.
func TestParseFixdate(t *testing.T) {
	inputs := []string{
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Tue, 29 Feb 2028 23:59:59 GMT",
		"Wed, 29 Feb 2027 00:00:00 GMT", // no such day
		"Thu, 31 Apr 2027 00:00:00 GMT",
		"Fri, 00 Jan 2027 00:00:00 GMT",
		"Sat, 01 Jan 1600 00:00:00 GMT", // early
		"Mon, 01 Jan 0069 00:00:00 GMT", // a year of two digits' worth
		"Mon, 01 Jan 9999 24:00:00 GMT",
		"Mon, 01 Jan 2027 12:60:00 GMT",
		"Mon, 01 Xyz 2027 12:00:00 GMT",
		"Jan, 01 Feb 2027 12:00:00 GMT", // a month where the day name goes
		"mon, 01 Jan 2027 12:00:00 GMT",
		"Mon, 0a Jan 2027 12:00:00 GMT",
		"Mon, 01 Jan 2027 12:00:00 UTC",
		"Mon,  1 Jan 2027 12:00:00 GMT",
		"n|T, 01 Jan 2027 12:00:00 GMT",
	}
	r := rand.New(rand.NewPCG(7, 8))
	const alphabet = "0123456789 :,JanFebMonGMTx"
	for range 20000 {
		b := []byte(inputs[r.IntN(2)])
		for range 1 + r.IntN(3) {
			b[r.IntN(len(b))] = alphabet[r.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	fixed := 0
	for _, s := range inputs {
		t1, e1, ok1, isFixed := parseFixdate(s)
		t2, e2, ok2 := parseExpiryTokens(s)
		if isFixed {
			fixed++
			require.Equal(t, []any{t2, e2, ok2}, []any{t1, e1, ok1}, "%q", s)
		}
		t3, e3, ok3 := ParseExpiry(s)
		require.Equal(t, []any{t2, e2, ok2}, []any{t3, e3, ok3}, "%q", s)
	}
	assert.Greater(t, fixed, 1000, "the fixdate path was taken")
}

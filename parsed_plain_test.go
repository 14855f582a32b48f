package cookiemonster

import (
	"strings"
	"testing"
)

// checkPlain checks that parsePlain, when it takes line, records exactly
// what the general path does, with the same status.
func checkPlain(t *testing.T, line string) {
	t.Helper()
	var general, plain ParsedCookie
	want := general.parseGeneral(line)
	got, ok := plain.parsePlain(line)
	if !ok {
		return
	}
	if !want.IsInclude() {
		t.Fatalf("%q: parsePlain takes a line the general path refuses (%v)", line, want)
	}
	if got != want {
		t.Fatalf("%q: parsePlain status %v, general %v", line, got, want)
	}
	if plain != general {
		t.Fatalf("%q: parsePlain records\n%+v\nthe general path\n%+v", line, plain, general)
	}
}

// plainWordLines are lines that put ';', '=', spaces and control
// characters at every offset of the words parsePlain reads.
func plainWordLines() []string {
	var out []string
	for n := 0; n <= 26; n++ {
		for i := 0; i < n; i++ {
			for _, c := range []byte{';', '=', ' ', '\t', '\r', 0, 0x1f, 0x7f, 0x80, 0xff, ':', '<'} {
				b := []byte(strings.Repeat("a", n))
				b[i] = c
				out = append(out, string(b), "x="+string(b), string(b)+"; secure", "a=b;"+string(b))
			}
		}
	}
	return out
}

// plainEdgeLines are lines at the edges of parsePlain: empty segments,
// recognized names in other cases or near misses, the size limits, HTAB.
func plainEdgeLines() []string {
	long := strings.Repeat("v", MaxAttributeValueSize)
	return []string{
		"",
		" ",
		";",
		"=",
		"a=b;",
		"a=b; ",
		"a=b;;",
		"a=b; ; secure",
		"a=b;=",
		"a=b;=x",
		"a=b; path",
		"a=b; Path=",
		"a=b; Path = /p ; DOMAIN= example.com ;Expires=Wed, 09 Jun 2027 10:18:14 GMT;max-age=10",
		"a=b; MAX-AGE=1; max\rage=2",
		"a=b; Max_Age=1; maxXage=2",
		"a=b; SameSite=LAX; samesite=Strict; SameSite=nonE; SameSite=none1",
		"a=b; priority=HIGH; Priority=low; priority=Medium; priority=hig",
		"a=b; secure=false; HttpOnly=1; Partitioned; partitioneD",
		"a=b; SECURE; HTTPONLY; PARTITIONED; Secur; Securee",
		"a=b; path=" + long,
		"a=b; path=" + long + "v",
		"a=b; path=" + long + "v; path=/ok",
		"a=b; x=" + long + "v; y=\x01",
		// Oversized values under names too short to be recognized, and
		// segments whose '=' bytes and spaces fall in several words.
		"a=b; x=" + long + "v",
		"a=b; x=" + long + "v; secure; =" + long + "v",
		"a=b; path" + strings.Repeat(" ", 17) + "=" + strings.Repeat("=", 17) + "/p; " + strings.Repeat(" ", 9) + "secure" + strings.Repeat(" ", 9),
		strings.Repeat("n", 20) + "=" + strings.Repeat("v=", 20) + ";" + strings.Repeat("x", 15) + "=" + strings.Repeat("=", 30),
		"a=" + strings.Repeat("n", MaxNameValueSize-1),
		"a=" + strings.Repeat("n", MaxNameValueSize),
		" " + strings.Repeat("z", 3800) + perfLine,
		perfLine,
		"nameless",
		"=nameless",
		"=a=b",
		"  a  =  b  ;  secure  ",
		"a=b\t",
		"a=\tb",
		"a=b; secure\t",
		"a=b; se\tcure",
	}
}

func TestParsePlainMatchesGeneral(t *testing.T) {
	var lines []string
	lines = append(lines, plainWordLines()...)
	lines = append(lines, plainEdgeLines()...)
	lines = append(lines, conformanceSeeds(t)...)
	lines = append(lines, roundTripLines()...)
	for _, tc := range parseCases() {
		lines = append(lines, tc.line)
	}
	taken := 0
	for _, line := range lines {
		checkPlain(t, line)
		var pc ParsedCookie
		if _, ok := pc.parsePlain(line); ok {
			taken++
		}
	}
	// Most lines are plain; the others exercise the general path.
	if taken < len(lines)/4 || taken == len(lines) {
		t.Fatalf("parsePlain took %d of %d lines", taken, len(lines))
	}
}

func FuzzParsePlain(f *testing.F) {
	for _, s := range plainEdgeLines() {
		f.Add(s)
	}
	for _, tc := range parseCases() {
		f.Add(tc.line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if uint64(len(line)) > maxLineLen {
			return
		}
		checkPlain(t, line)
	})
}

// wordBytes are the bytes the word tests put around the byte under test:
// the neighbours of the bytes looked for, which a borrow or a carry could
// confuse with them.
var wordBytes = []byte{0, 1, 0x1f, 0x20, 0x21, ':', ';', '<', '=', '>', 'a', 0x7e, 0x7f, 0x80, 0x9f, 0xa0, 0xff}

// eachWord calls fn with words holding every byte value at every position,
// among every pair of wordBytes.
func eachWord(fn func(x uint64, b [8]byte)) {
	for pos := 0; pos < 8; pos++ {
		for v := 0; v < 256; v++ {
			for _, lo := range wordBytes {
				for _, hi := range wordBytes {
					var b [8]byte
					for i := range b {
						switch {
						case i < pos:
							b[i] = lo
						case i > pos:
							b[i] = hi
						default:
							b[i] = byte(v)
						}
					}
					fn(le64(string(b[:])), b)
				}
			}
		}
	}
}

func TestWordMasks(t *testing.T) {
	eachWord(func(x uint64, b [8]byte) {
		var semis, eqs, ctl uint64
		for i, c := range b {
			switch {
			case c == ';':
				semis |= 0x80 << (8 * i)
			case c == '=':
				eqs |= 0x80 << (8 * i)
			case c < 0x20 || c == 0x7f:
				ctl |= 0x80 << (8 * i)
			}
		}
		gs, ge, gc := wordMasks(x)
		if gs != semis || ge != eqs || gc != ctl {
			t.Fatalf("wordMasks(%q) = %#016x, %#016x, %#016x, want %#016x, %#016x, %#016x",
				b[:], gs, ge, gc, semis, eqs, ctl)
		}
	})
}

func TestLastWord(t *testing.T) {
	line := "0123456789abcdefghij"
	for n := 0; n <= len(line); n++ {
		for w := 0; w <= n; w += 8 {
			if n-w >= 8 {
				continue
			}
			want := (line[w:n] + ";aaaaaaa")[:8]
			if got := lastWord(line[:n], w); got != le64(want) {
				t.Fatalf("lastWord(%q, %d) = %#016x, want %q", line[:n], w, got, want)
			}
		}
	}
}

// variants returns w with each of its bytes replaced by every byte value
// in turn, and w with a byte more and a byte less.
func variants(w string) []string {
	out := []string{w + "x", w[1:], w[:len(w)-1]}
	for i := 0; i < len(w); i++ {
		for v := 0; v < 256; v++ {
			b := []byte(w)
			b[i] = byte(v)
			out = append(out, string(b))
		}
	}
	return out
}

// TestApplyFoldsCase checks the word comparisons of apply, parseSameSite
// and parsePriority against strings.EqualFold, which on these strings (one
// byte from an ASCII word) folds ASCII case only.
func TestApplyFoldsCase(t *testing.T) {
	type known struct {
		name string
		has  func(pc *ParsedCookie) bool
	}
	value := func(get func(*ParsedCookie) (string, bool)) func(*ParsedCookie) bool {
		return func(pc *ParsedCookie) bool { _, ok := get(pc); return ok }
	}
	names := []known{
		{"path", value((*ParsedCookie).Path)},
		{"domain", value((*ParsedCookie).Domain)},
		{"expires", value((*ParsedCookie).Expires)},
		{"max-age", value((*ParsedCookie).MaxAge)},
		{"secure", (*ParsedCookie).Secure},
		{"httponly", (*ParsedCookie).HTTPOnly},
		{"partitioned", (*ParsedCookie).Partitioned},
		{"samesite", func(pc *ParsedCookie) bool { return pc.SameSite() == SameSiteLax }},
		{"priority", func(pc *ParsedCookie) bool { return pc.Priority() == PriorityHigh }},
	}
	for _, k := range names {
		for _, name := range variants(k.name) {
			pc := ParsedCookie{line: "lax high"}
			v := span{0, 3}
			if k.name == "priority" {
				v = span{4, 8}
			}
			pc.apply(name, v)
			if got, want := k.has(&pc), strings.EqualFold(name, k.name); got != want {
				t.Fatalf("apply(%q): %s is %v, want %v", name, k.name, got, want)
			}
		}
	}
	checkWords(t, "parseSameSite", parseSameSite, SameSiteUnspecified,
		map[string]SameSite{"none": SameSiteNone, "lax": SameSiteLax, "strict": SameSiteStrict})
	checkWords(t, "parsePriority", parsePriority, PriorityMedium,
		map[string]Priority{"low": PriorityLow, "medium": PriorityMedium, "high": PriorityHigh})
}

// checkWords checks that parse reads every case variant of each word of
// words as its value, and any other variant as def.
func checkWords[T comparable](t *testing.T, fn string, parse func(string) T, def T, words map[string]T) {
	t.Helper()
	for w := range words {
		for _, v := range variants(w) {
			want := def
			for w2, val := range words {
				if strings.EqualFold(v, w2) {
					want = val
				}
			}
			if got := parse(v); got != want {
				t.Fatalf("%s(%q) = %v, want %v", fn, v, got, want)
			}
		}
	}
}

// TestMayStartKnown checks that mayStartKnown lets through every byte that
// can start a recognized attribute name, untrimmed: SP, or its first letter
// in either case.
func TestMayStartKnown(t *testing.T) {
	names := []string{"path", "domain", "expires", "max-age", "secure", "httponly", "samesite", "priority", "partitioned"}
	for b := 0; b < 256; b++ {
		want := b == ' '
		for _, n := range names {
			want = want || strings.EqualFold(string(rune(b)), n[:1]) && b < 0x80
		}
		if want && !mayStartKnown(byte(b)) {
			t.Errorf("mayStartKnown(%q) = false", byte(b))
		}
	}
	if mayStartKnown('\\') || mayStartKnown('x') || mayStartKnown('"') {
		t.Error("mayStartKnown lets through bytes that it is meant to leave out")
	}
}

package cookiemonster

import (
	"math/bits"
	"strconv"
	"strings"
)

// Size limits of RFC 6265bis §5.6, as Chromium applies them.
const (
	// MaxNameValueSize is the largest accepted len(name)+len(value).
	MaxNameValueSize = 4096
	// MaxAttributeValueSize is the largest accepted attribute value; a
	// longer value makes the parser ignore that one attribute.
	MaxAttributeValueSize = 1024
)

// SameSite is a cookie's SameSite attribute.
type SameSite int8

// SameSite values. The zero value is SameSiteUnspecified: no attribute, or
// an unrecognized value.
const (
	SameSiteUnspecified SameSite = iota
	SameSiteNone
	SameSiteLax
	SameSiteStrict
)

// String returns the attribute value as written in a Set-Cookie line
// ("None", "Lax", "Strict"), "Unspecified", or "SameSite(n)" for a value
// outside these.
func (s SameSite) String() string {
	switch s {
	case SameSiteUnspecified:
		return "Unspecified"
	case SameSiteNone:
		return "None"
	case SameSiteLax:
		return "Lax"
	case SameSiteStrict:
		return "Strict"
	}
	return "SameSite(" + strconv.Itoa(int(s)) + ")"
}

// defined reports whether s is one of the SameSite values above.
func (s SameSite) defined() bool { return s >= SameSiteUnspecified && s <= SameSiteStrict }

// parseSameSite maps an attribute value to a SameSite, case-insensitively.
func parseSameSite(v string) SameSite {
	switch len(v) {
	case 3:
		if fold2(v) == le16("la") && v[2]|0x20 == 'x' {
			return SameSiteLax
		}
	case 4:
		if fold4(v) == le32("none") {
			return SameSiteNone
		}
	case 6:
		if fold4(v) == le32("stri") && fold2(v[4:]) == le16("ct") {
			return SameSiteStrict
		}
	}
	return SameSiteUnspecified
}

// Priority is a cookie's Priority attribute, which decides the order of
// eviction. The zero value is [PriorityMedium], the default.
type Priority int8

// Priority values, ordered from the first evicted to the last.
const (
	PriorityLow    Priority = -1
	PriorityMedium Priority = 0
	PriorityHigh   Priority = 1
)

// String returns "Low", "Medium" or "High", or "Priority(n)" for a value
// outside these.
func (p Priority) String() string {
	switch p {
	case PriorityLow:
		return "Low"
	case PriorityMedium:
		return "Medium"
	case PriorityHigh:
		return "High"
	}
	return "Priority(" + strconv.Itoa(int(p)) + ")"
}

// defined reports whether p is one of the priorities above.
func (p Priority) defined() bool { return p >= PriorityLow && p <= PriorityHigh }

// parsePriority maps an attribute value to a Priority, case-insensitively;
// anything unrecognized is PriorityMedium.
func parsePriority(v string) Priority {
	switch len(v) {
	case 3:
		if fold2(v) == le16("lo") && v[2]|0x20 == 'w' {
			return PriorityLow
		}
	case 4:
		if fold4(v) == le32("high") {
			return PriorityHigh
		}
	}
	return PriorityMedium
}

// Attribute is one attribute of a Set-Cookie line, name as written.
type Attribute struct {
	Name, Value string
}

// Recognized attributes whose values are kept, indexes into
// ParsedCookie.known.
const (
	attrPath = iota
	attrDomain
	attrExpires
	attrMaxAge
	numKnownAttrs
)

// Bits of ParsedCookie.bits: one per recognized attribute with a value
// (present), then the flag attributes.
const (
	bitSecure uint8 = 1 << (numKnownAttrs + iota)
	bitHTTPOnly
	bitPartitioned
)

// maxLineLen is the longest line ParseCookie takes: attribute values are
// kept as 32-bit offsets into it.
const maxLineLen = 1<<32 - 1

// span locates a recognized attribute's value in ParsedCookie.text.
type span struct{ off, end uint32 }

// ParsedCookie is one Set-Cookie line split into its name, value and
// attributes, as RFC 6265bis §5.6 does it, with Chromium's size limits. It
// knows nothing of URLs or time: its line ([ParsedCookie.String]), given to
// [NewCanonicalCookie] with a URL and a time, makes a cookie.
//
// The zero value is an empty, invalid cookie; use [ParseCookie] or the
// setters.
type ParsedCookie struct {
	// line is the text the spans index: the name-value pair, then the
	// attributes from attrsOff (a ';' or the end) on.
	line        string
	name, value span
	attrsOff    uint32
	// known holds the value of the last Path, Domain, Expires and
	// Max-Age; bits says which occur at all, and the flags.
	known    [numKnownAttrs]span
	bits     uint8
	sameSite SameSite
	priority Priority
}

// isCTL reports whether b is a control character that a cookie line may not
// hold: 0x00–0x1F other than HTAB, and 0x7F.
func isCTL(b byte) bool { return (b < 0x20 && b != '\t') || b == 0x7f }

func isSpace(b byte) bool { return b == ' ' || b == '\t' }

// trimSpace removes leading and trailing SP and HTAB.
func trimSpace(s string) string {
	i, j := trimBounds(s, 0, len(s))
	return s[i:j]
}

// trimBounds narrows [i, j) of s to exclude leading and trailing SP and HTAB.
func trimBounds(s string, i, j int) (int, int) {
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return i, j
}

// hasCTL reports whether s holds a control character other than HTAB.
func hasCTL(s string) bool {
	for i := 0; i < len(s); i++ {
		if isCTL(s[i]) {
			return true
		}
	}
	return false
}

// Byte classes for scanSegment.
const (
	classPlain = iota
	classSemicolon
	classEquals
	classCTL
	classTab
)

// byteClass maps every byte to its class; it is never written after init.
var byteClass = func() (t [256]uint8) {
	for b := 0; b < 0x20; b++ {
		if b != '\t' {
			t[b] = classCTL
		}
	}
	t[0x7f] = classCTL
	t['\t'] = classTab
	t[';'] = classSemicolon
	t['='] = classEquals
	return t
}()

// scanSegment scans line from i to the next ';' or the end. It returns the
// segment's end, the position of its first '=' (-1 if none), whether it
// holds a control character other than HTAB, and whether it holds an HTAB.
func scanSegment(line string, i int) (end, eq int, ctl, tab bool) {
	eq = -1
	for ; i < len(line); i++ {
		c := byteClass[line[i]]
		if c == classPlain {
			continue
		}
		switch c {
		case classSemicolon:
			return i, eq, ctl, tab
		case classEquals:
			if eq < 0 {
				eq = i
			}
		case classTab:
			tab = true
		default:
			ctl = true
		}
	}
	return i, eq, ctl, tab
}

// innerTab reports whether an HTAB lies inside one of the trimmed spans
// [ns, ne) and [vs, ve) of line: Chromium refuses a tab inside a name, a
// value or an attribute, and trims one at their edges.
func innerTab(line string, ns, ne, vs, ve int) bool {
	return strings.IndexByte(line[ns:ne], '\t') >= 0 || strings.IndexByte(line[vs:ve], '\t') >= 0
}

// attrScanner walks the attributes of a ParsedCookie's text.
type attrScanner struct {
	text string
	pos  int
	// Set by next: the bounds of the attribute's name and value.
	ns, ne, vs, ve int
	// ctl reports a control character; oversized, a dropped attribute.
	ctl, oversized bool
}

// next moves to the next attribute, dropping attributes whose value is over
// 1024 bytes (setting oversized). An empty segment is an attribute with an
// empty name and value, as Chromium counts it ("a=b;;secure" has two),
// unless it is blank and ends the line. It reports
// false at the end of the text or at a control character (setting ctl).
func (a *attrScanner) next() bool {
	text, pos := a.text, a.pos
	for pos < len(text) {
		start := pos + 1
		end, eq, ctl, tab := scanSegment(text, start)
		pos = end
		if ctl {
			a.pos, a.ctl = pos, true
			return false
		}
		var ns, ne, vs, ve int
		if eq >= 0 {
			ns, ne = trimBounds(text, start, eq)
			vs, ve = trimBounds(text, eq+1, end)
		} else {
			ns, ne = trimBounds(text, start, end)
			vs, ve = ne, ne
		}
		if tab && innerTab(text, ns, ne, vs, ve) {
			a.pos, a.ctl = pos, true
			return false
		}
		if ns == ne && vs == ve && eq < 0 && end == len(text) {
			continue // a blank last segment, as in "a=b; "
		}
		if ve-vs > MaxAttributeValueSize {
			a.oversized = true
			continue
		}
		a.pos, a.ns, a.ne, a.vs, a.ve = pos, ns, ne, vs, ve
		return true
	}
	a.pos = pos
	return false
}

func (a *attrScanner) name() string  { return a.text[a.ns:a.ne] }
func (a *attrScanner) value() string { return a.text[a.vs:a.ve] }

// ParseCookie parses one Set-Cookie header value. On success it returns the
// cookie and a status that holds only warnings (an attribute value over 1024
// bytes is dropped with [WarnAttributeValueExceedsMaxSize]). On failure it
// returns nil and the reason: [ExcludeDisallowedCharacter] for a control
// character other than HTAB anywhere in the line, or an HTAB inside a name,
// a value or an attribute (as Chromium 156; one at their edges is trimmed),
// else
// [ExcludeNoCookieContent] for an empty or whitespace-only name and value,
// [ExcludeNameValuePairExceedsMaxSize] when the name and value together exceed
// 4096 bytes (and [ExcludeFailureToStore] for a line over 4 GiB).
//
// A first pair without '=' is a nameless cookie: "abc" has the name "" and
// the value "abc", and so has "=abc"; "=a=b" has the value "a=b".
func ParseCookie(line string) (*ParsedCookie, InclusionStatus) {
	pc := new(ParsedCookie)
	// pc.parse, without a call between.
	st, ok := pc.parsePlain(line)
	if !ok {
		st = pc.parseOther(line)
	}
	if !st.IsInclude() {
		return nil, st
	}
	return pc, st
}

// parse parses line into pc, which must be zero, and returns the status
// ParseCookie describes.
func (pc *ParsedCookie) parse(line string) InclusionStatus {
	if st, ok := pc.parsePlain(line); ok {
		return st
	}
	return pc.parseOther(line)
}

// parseOther is parse for the lines that parsePlain does not take.
func (pc *ParsedCookie) parseOther(line string) InclusionStatus {
	if uint64(len(line)) > maxLineLen {
		var st InclusionStatus
		st.addExclusion(ExcludeFailureToStore)
		return st
	}
	*pc = ParsedCookie{}
	return pc.parseGeneral(line)
}

// parseGeneral is parse for any line up to maxLineLen bytes, byte by byte;
// pc must be zero.
func (pc *ParsedCookie) parseGeneral(line string) InclusionStatus {
	var st InclusionStatus
	end, eq, ctl, tab := scanSegment(line, 0)
	var ns, ne, vs, ve int
	if eq >= 0 {
		ns, ne = trimBounds(line, 0, eq)
		vs, ve = trimBounds(line, eq+1, end)
	} else {
		vs, ve = trimBounds(line, 0, end)
	}
	if tab && innerTab(line, ns, ne, vs, ve) {
		ctl = true
	}
	empty := ns == ne && vs == ve
	if !ctl && !empty && (ne-ns)+(ve-vs) <= MaxNameValueSize {
		*pc = ParsedCookie{
			line:     line,
			name:     span{uint32(ns), uint32(ne)},
			value:    span{uint32(vs), uint32(ve)},
			attrsOff: uint32(end),
		}
		if pc.scanAttrs(&st) {
			return st
		}
		ctl = true
	}
	switch {
	case ctl || hasCTL(line[end:]):
		st.addExclusion(ExcludeDisallowedCharacter)
	case empty:
		st.addExclusion(ExcludeNoCookieContent)
	default:
		st.addExclusion(ExcludeNameValuePairExceedsMaxSize)
	}
	return st
}

// Words of eight equal bytes, for the word-at-a-time scan of parsePlain.
const (
	bytes01 = 0x0101010101010101
	bytes20 = 0x20 * bytes01
	bytes60 = 0x60 * bytes01
	bytes7F = 0x7f * bytes01
	bytes80 = 0x80 * bytes01
	bytesSC = ';' * bytes01
	bytesEq = '=' * bytes01
	// bytesEnd follows the line in its last word: a ';' that ends the
	// last segment, then 'a', which is no byte parsePlain looks for.
	bytesEnd = 'a'*bytes01&^0xff | ';'
)

// wordMasks returns the high bit of each byte of the word x that is a ';'
// (semis) or a '=' (eqs), and no other bit, and a word that is not zero
// when x holds a control character, HTAB among them (ctl). Each byte is
// tested without its high bit, so that no carry crosses bytes, and the
// bytes with the high bit set are then left out.
func wordMasks(x uint64) (semis, eqs, ctl uint64) {
	low := x & bytes7F
	ascii := ^x & bytes80
	// A byte of low plus 0x7F has its high bit set unless it is zero.
	semis = ascii &^ (low ^ bytesSC + bytes7F)
	eqs = ascii &^ (low ^ bytesEq + bytes7F)
	// Plus 0x60, the high bit is set from 0x20 on; plus 1, at 0x7F.
	ctl = ascii & (^(low + bytes60) | (low + bytes01))
	return semis, eqs, ctl
}

// le64 returns the eight bytes of s, which must be that long, as a
// little-endian word: the first byte is the low one.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// lastWord returns the bytes of line from w on, fewer than eight, as le64
// does, followed by bytesEnd.
func lastWord(line string, w int) uint64 {
	n := len(line)
	if n >= 8 {
		// The last eight bytes, shifted so that line[w] is the low byte.
		// A shift by 64 leaves 0.
		shift := uint(8-(n-w)) * 8
		return le64(line[n-8:])>>shift | bytesEnd<<(64-shift)
	}
	x := uint64(bytesEnd)
	for i := n - 1; i >= w; i-- {
		x = x<<8 | uint64(line[i])
	}
	return x
}

// parsePlain is the usual case of parse: a line without control characters
// (HTAB included) whose name-value pair is valid. It reads the line eight
// bytes at a time, finding every ';' and '=' and any control character with
// a few word operations, and records what parse would. Only the ends of the
// segments (each ';', and the end of the line) are visited one by one: the
// first '=' of a segment comes from the word's mask of '=' bytes. It
// reports false, leaving pc partly written, for any other line, which parse
// then takes through the general path.
func (pc *ParsedCookie) parsePlain(line string) (InclusionStatus, bool) {
	var st InclusionStatus
	if uint64(len(line)) > maxLineLen {
		return st, false // its offsets would not fit in a span
	}
	// The current segment's start and first '=' (-1: none yet). The
	// segment that starts at 0 is the name-value pair; every other one
	// starts after a ';'.
	start, eq := 0, -1
	// The last word, read by lastWord, holds the end of the line as a
	// ';' at len(line); it is the only word when len(line) is 0.
	for w := 0; w <= len(line); w += 8 {
		var x uint64
		switch {
		case len(line)-w >= 8:
			x = le64(line[w : w+8])
		case len(line) >= 8:
			// lastWord's usual case, which it is too large to
			// be inlined for.
			shift := uint(8-(len(line)-w)) * 8
			x = le64(line[len(line)-8:])>>shift | bytesEnd<<(64-shift)
		default:
			x = lastWord(line, w)
		}
		// eqs keeps the '=' bytes of the word not yet before a ';'
		// visited.
		semi, eqs, ctl := wordMasks(x)
		if ctl != 0 {
			return st, false
		}
		for ; semi != 0; semi &= semi - 1 {
			// A ';', or the end of the line: the segment
			// line[start:i] ends. Its first '=' is the first
			// one of the word before the ';', unless an earlier
			// word held one.
			before := semi&-semi - 1
			if e := eqs & before; e != 0 && eq < 0 {
				eq = w + bits.TrailingZeros64(e)>>3
			}
			eqs &^= before
			i := w + bits.TrailingZeros64(semi)>>3
			switch {
			case start == 0:
				if !pc.plainPair(line, eq, i) {
					return st, false
				}
			case eq < 0:
				// A flag such as Secure, or a blank segment,
				// whose empty name apply ignores. Most
				// segments are too short to be recognized,
				// even untrimmed.
				if i-start >= minKnownLen && mayStartKnown(line[start]) {
					pc.plainFlag(line, start, i)
				}
			default:
				if pc.plainAttr(line, start, eq, i) {
					st.addWarning(WarnAttributeValueExceedsMaxSize)
				}
			}
			if i == len(line) {
				return st, true
			}
			start, eq = i+1, -1
		}
		if eqs != 0 && eq < 0 {
			eq = w + bits.TrailingZeros64(eqs)>>3
		}
	}
	return st, true // not reached: the last word ends the line
}

// plainFlag records the attribute line[start:end], which has no '=', as
// parse does.
func (pc *ParsedCookie) plainFlag(line string, start, end int) {
	if ns, ne := trimSP(line, start, end); isKnownLen(ne - ns) {
		pc.apply(line[ns:ne], span{uint32(ne), uint32(ne)})
	}
}

// plainAttr records the attribute line[start:end], whose first '=' is at
// eq, as parse does. It reports whether the value is over
// MaxAttributeValueSize bytes, which drops the attribute.
func (pc *ParsedCookie) plainAttr(line string, start, eq, end int) (oversized bool) {
	if end-(eq+1) > MaxAttributeValueSize {
		vs, ve := trimSP(line, eq+1, end)
		if ve-vs > MaxAttributeValueSize {
			return true
		}
	}
	if eq-start < minKnownLen {
		return false
	}
	if ns, ne := trimSP(line, start, eq); isKnownLen(ne - ns) {
		vs, ve := trimSP(line, eq+1, end)
		pc.apply(line[ns:ne], span{uint32(vs), uint32(ve)})
	}
	return false
}

// plainPair records the name-value pair line[:end], whose first '=' is at
// eq (-1: none), as parse does, and reports whether it is valid.
func (pc *ParsedCookie) plainPair(line string, eq, end int) bool {
	var ns, ne, vs, ve int
	if eq >= 0 {
		ns, ne = trimSP(line, 0, eq)
		vs, ve = trimSP(line, eq+1, end)
	} else {
		vs, ve = trimSP(line, 0, end)
	}
	if ns == ne && vs == ve || (ne-ns)+(ve-vs) > MaxNameValueSize {
		return false
	}
	// pc is zero (see parse): only these fields change.
	pc.line = line
	pc.name = span{uint32(ns), uint32(ne)}
	pc.value = span{uint32(vs), uint32(ve)}
	pc.attrsOff = uint32(end)
	return true
}

// trimSP narrows [i, j) of s to exclude leading and trailing SP: parse's
// trimBounds for text without HTAB.
func trimSP(s string, i, j int) (int, int) {
	s = s[:j]
	for i < len(s) && s[i] == ' ' {
		i++
	}
	for len(s) > i && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return i, len(s)
}

// knownLens has bit n set when a recognized attribute name is n bytes long.
const knownLens = 1<<len("path") | 1<<len("secure") | 1<<len("expires") |
	1<<len("samesite") | 1<<len("partitioned")

// minKnownLen is the length of the shortest recognized attribute name.
const minKnownLen = len("path")

// knownFirsts has bit c&63 set for c a SP, or a letter (in lower case)
// that starts a recognized attribute name.
const knownFirsts = 1<<(' '&63) | 1<<('p'&63) | 1<<('d'&63) | 1<<('e'&63) |
	1<<('m'&63) | 1<<('s'&63) | 1<<('h'&63)

// mayStartKnown reports whether an attribute that starts with the byte b
// may have a recognized name, once trimmed. Other bytes share the bits of
// the letters, so that it reports true for more than these; never false
// for one of them, in either case.
func mayStartKnown(b byte) bool { return knownFirsts>>((b|0x20)&63)&1 != 0 }

// isKnownLen reports whether n is the length of a recognized attribute name,
// so that apply need not see the names that cannot be one.
func isKnownLen(n int) bool { return uint(n) < 64 && knownLens>>uint(n)&1 != 0 }

// scanAttrs records the attributes of the line from attrsOff on. It reports
// false when they hold a control character.
func (pc *ParsedCookie) scanAttrs(st *InclusionStatus) bool {
	a := attrScanner{text: pc.line, pos: int(pc.attrsOff)}
	for a.next() {
		pc.apply(a.name(), span{uint32(a.vs), uint32(a.ve)})
	}
	if a.oversized {
		st.addWarning(WarnAttributeValueExceedsMaxSize)
	}
	return !a.ctl
}

// le32 and le16 are le64 for four and two bytes.
func le32(s string) uint64 {
	_ = s[3]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

func le16(s string) uint64 {
	_ = s[1]
	return uint64(s[0]) | uint64(s[1])<<8
}

// fold2, fold4 and fold8 return the first two, four or eight bytes of s as
// le16, le32 and le64 do, with bit 0x20 set in each: the result equals that
// of a lower-case ASCII word exactly when s starts with the word in any
// case, for a word of letters. (Bit 0x20 also makes '-' of 0x0D, which no
// attribute holds.)
func fold2(s string) uint64 { return le16(s) | 0x2020 }
func fold4(s string) uint64 { return le32(s) | 0x20202020 }
func fold8(s string) uint64 { return le64(s) | bytes20 }

// apply records the effect of one attribute. It compares the name a word
// at a time, ignoring ASCII case; words overlap when the length is not a
// sum of word sizes.
func (pc *ParsedCookie) apply(name string, v span) {
	k := -1
	switch len(name) {
	case 4:
		if fold4(name) == le32("path") {
			k = attrPath
		}
	case 6:
		switch a, b := fold4(name), fold2(name[4:]); {
		case a == le32("doma") && b == le16("in"):
			k = attrDomain
		case a == le32("secu") && b == le16("re"):
			pc.bits |= bitSecure
		}
	case 7:
		switch a, b := fold4(name), fold4(name[3:]); {
		case a == le32("expi") && b == le32("ires"):
			k = attrExpires
		case a == le32("max-") && b == le32("-age") && name[3] == '-':
			k = attrMaxAge
		}
	case 8:
		switch fold8(name) {
		case le64("samesite"):
			pc.sameSite = parseSameSite(pc.line[v.off:v.end])
		case le64("httponly"):
			pc.bits |= bitHTTPOnly
		case le64("priority"):
			pc.priority = parsePriority(pc.line[v.off:v.end])
		}
	case 11:
		if fold8(name) == le64("partitio") && fold4(name[7:]) == le32("oned") {
			pc.bits |= bitPartitioned
		}
	}
	if k >= 0 {
		pc.known[k] = v
		pc.bits |= 1 << k
	}
}

// Name returns the cookie's name; "" for a nameless cookie.
func (pc *ParsedCookie) Name() string { return pc.line[pc.name.off:pc.name.end] }

// Value returns the cookie's value, DQUOTEs included.
func (pc *ParsedCookie) Value() string { return pc.line[pc.value.off:pc.value.end] }

func (pc *ParsedCookie) knownValue(k int) (string, bool) {
	if pc.bits&(1<<k) == 0 {
		return "", false
	}
	v := pc.known[k]
	return pc.line[v.off:v.end], true
}

// Path returns the value of the last Path attribute and whether there is one.
func (pc *ParsedCookie) Path() (string, bool) { return pc.knownValue(attrPath) }

// Domain returns the value of the last Domain attribute, possibly empty, and
// whether there is one.
func (pc *ParsedCookie) Domain() (string, bool) { return pc.knownValue(attrDomain) }

// Expires returns the value of the last Expires attribute and whether there
// is one.
func (pc *ParsedCookie) Expires() (string, bool) { return pc.knownValue(attrExpires) }

// MaxAge returns the value of the last Max-Age attribute and whether there
// is one.
func (pc *ParsedCookie) MaxAge() (string, bool) { return pc.knownValue(attrMaxAge) }

// Secure reports whether the Secure attribute is present.
func (pc *ParsedCookie) Secure() bool { return pc.bits&bitSecure != 0 }

// HTTPOnly reports whether the HttpOnly attribute is present.
func (pc *ParsedCookie) HTTPOnly() bool { return pc.bits&bitHTTPOnly != 0 }

// Partitioned reports whether the Partitioned attribute is present.
func (pc *ParsedCookie) Partitioned() bool { return pc.bits&bitPartitioned != 0 }

// SameSite returns the value of the last SameSite attribute, or
// [SameSiteUnspecified] when it is absent or unrecognized.
func (pc *ParsedCookie) SameSite() SameSite { return pc.sameSite }

// Priority returns the value of the last Priority attribute, or
// [PriorityMedium] when it is absent or unrecognized.
func (pc *ParsedCookie) Priority() Priority { return pc.priority }

// Attributes returns every attribute in line order, unknown ones included.
// Empty segments and attributes dropped for their size are not listed.
func (pc *ParsedCookie) Attributes() []Attribute {
	var out []Attribute
	a := attrScanner{text: pc.line, pos: int(pc.attrsOff)}
	for a.next() {
		out = append(out, Attribute{Name: a.name(), Value: a.value()})
	}
	return out
}

// writeAttrs appends "; name=value" for every attribute but the empty ones,
// which mean nothing (and a blank last one would not parse back); the flags
// Secure, HttpOnly and Partitioned are written bare, as Chromium writes them,
// since a value given to them means nothing.
func writeAttrs(b *strings.Builder, attrs []Attribute) {
	for _, a := range attrs {
		if a == (Attribute{}) {
			continue
		}
		b.WriteString("; ")
		b.WriteString(a.Name)
		if a.Value != "" && !isFlagAttr(a.Name) {
			b.WriteByte('=')
			b.WriteString(a.Value)
		}
	}
}

// isFlagAttr reports whether name is Secure, HttpOnly or Partitioned, in
// any case.
func isFlagAttr(name string) bool {
	return strings.EqualFold(name, "secure") || strings.EqualFold(name, "httponly") ||
		strings.EqualFold(name, "partitioned")
}

// String serializes the cookie as a Set-Cookie line that parses back to an
// equal cookie. A nameless cookie is written as "=value" so that a value
// holding '=' keeps its meaning.
func (pc *ParsedCookie) String() string {
	var b strings.Builder
	b.Grow(len(pc.line) + 1)
	b.WriteString(pc.Name())
	b.WriteByte('=')
	b.WriteString(pc.Value())
	writeAttrs(&b, pc.Attributes())
	return b.String()
}

// setAttrs replaces the attributes with attrs, which hold only values that
// the parser could have produced.
func (pc *ParsedCookie) setAttrs(attrs []Attribute) {
	pc.rebuild(pc.Name(), pc.Value(), attrs)
}

// rebuild replaces the whole cookie; every part must be valid.
func (pc *ParsedCookie) rebuild(name, value string, attrs []Attribute) {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('=')
	b.WriteString(value)
	writeAttrs(&b, attrs)
	n, v := uint32(len(name)), uint32(len(value))
	*pc = ParsedCookie{line: b.String(), name: span{0, n}, value: span{n + 1, n + 1 + v}, attrsOff: n + 1 + v}
	var st InclusionStatus
	pc.scanAttrs(&st)
}

// validToken reports whether s can be a cookie name: no control character,
// HTAB included, no ';' or '=', and no whitespace at either end.
func validToken(s string) bool {
	return !strings.ContainsAny(s, ";=") && validValue(s)
}

// validValue reports whether s can be a cookie or attribute value: no
// control character, HTAB included, no ';', no whitespace at either end.
func validValue(s string) bool {
	return !hasCTL(s) && strings.IndexByte(s, ';') < 0 && strings.IndexByte(s, '\t') < 0 && trimSpace(s) == s
}

// setterInput returns s without the spaces at its ends; an HTAB anywhere
// in it refuses it, since Chromium's setters check the characters before
// they trim.
func setterInput(s string) (string, bool) {
	if strings.IndexByte(s, '\t') >= 0 {
		return "", false
	}
	return strings.Trim(s, " "), true
}

// SetName replaces the name, without the spaces at its ends (as the parser
// drops them). It returns [ExcludeDisallowedCharacter] for a name the parser
// could not have produced or one holding an HTAB anywhere,
// [ExcludeNoCookieContent] when both name and value would be empty,
// [ExcludeNameValuePairExceedsMaxSize] when they would exceed 4096 bytes.
func (pc *ParsedCookie) SetName(name string) error {
	name, ok := setterInput(name)
	if !ok {
		return ExcludeDisallowedCharacter
	}
	return pc.setPair(name, pc.Value())
}

// SetValue replaces the value, trimmed and checked as SetName does.
func (pc *ParsedCookie) SetValue(value string) error {
	value, ok := setterInput(value)
	if !ok {
		return ExcludeDisallowedCharacter
	}
	return pc.setPair(pc.Name(), value)
}

func (pc *ParsedCookie) setPair(name, value string) error {
	switch {
	case !validToken(name) || !validValue(value):
		return ExcludeDisallowedCharacter
	case name == "" && value == "":
		return ExcludeNoCookieContent
	case len(name)+len(value) > MaxNameValueSize:
		return ExcludeNameValuePairExceedsMaxSize
	}
	pc.rebuild(name, value, pc.Attributes())
	return nil
}

// setKnown sets the value of a recognized attribute, without the spaces at
// its ends: it replaces the last occurrence, or appends the attribute. An
// empty value removes the attribute, as Chromium does; an HTAB anywhere
// refuses the value.
func (pc *ParsedCookie) setKnown(name, value string) error {
	value, ok := setterInput(value)
	if !ok {
		return ExcludeDisallowedCharacter
	}
	if value == "" {
		pc.removeNamed(name)
		return nil
	}
	if !validValue(value) {
		return ExcludeDisallowedCharacter
	}
	if len(value) > MaxAttributeValueSize {
		return ExcludeAttributeValueExceedsMaxSize
	}
	attrs := pc.Attributes()
	last := -1
	for i, a := range attrs {
		if strings.EqualFold(a.Name, name) {
			last = i
		}
	}
	if last >= 0 {
		attrs[last].Value = value
	} else {
		attrs = append(attrs, Attribute{Name: name, Value: value})
	}
	pc.setAttrs(attrs)
	return nil
}

// SetPath sets the Path attribute, with the parser's checks on the value;
// an empty or blank path removes it, as do the other attribute setters.
func (pc *ParsedCookie) SetPath(path string) error { return pc.setKnown("Path", path) }

// SetDomain sets the Domain attribute, with the parser's checks on the value.
func (pc *ParsedCookie) SetDomain(domain string) error {
	return pc.setKnown("Domain", domain)
}

// SetExpires sets the Expires attribute, with the parser's checks on the
// value.
func (pc *ParsedCookie) SetExpires(expires string) error {
	return pc.setKnown("Expires", expires)
}

// SetMaxAge sets the Max-Age attribute, with the parser's checks on the value.
func (pc *ParsedCookie) SetMaxAge(maxAge string) error {
	return pc.setKnown("Max-Age", maxAge)
}

// SetSameSite sets the [SameSite] attribute; [SameSiteUnspecified], or a
// value outside the defined ones, removes it.
func (pc *ParsedCookie) SetSameSite(s SameSite) {
	if s == SameSiteUnspecified || !s.defined() {
		pc.removeNamed("samesite")
		return
	}
	_ = pc.setKnown("SameSite", s.String())
}

// SetPriority sets the [Priority] attribute. A value outside the defined
// ones removes it, so that the cookie reads as [PriorityMedium].
func (pc *ParsedCookie) SetPriority(p Priority) {
	if !p.defined() {
		pc.removeNamed("priority")
		return
	}
	_ = pc.setKnown("Priority", p.String())
}

// SetSecure adds or removes the Secure attribute.
func (pc *ParsedCookie) SetSecure(on bool) { pc.setFlag("Secure", on, pc.Secure()) }

// SetHTTPOnly adds or removes the HttpOnly attribute.
func (pc *ParsedCookie) SetHTTPOnly(on bool) { pc.setFlag("HttpOnly", on, pc.HTTPOnly()) }

// SetPartitioned adds or removes the Partitioned attribute.
func (pc *ParsedCookie) SetPartitioned(on bool) { pc.setFlag("Partitioned", on, pc.Partitioned()) }

func (pc *ParsedCookie) setFlag(name string, on, present bool) {
	switch {
	case !on:
		pc.removeNamed(name)
	case !present:
		pc.setAttrs(append(pc.Attributes(), Attribute{Name: name}))
	}
}

// removeNamed removes every attribute with the given name (any case).
func (pc *ParsedCookie) removeNamed(name string) {
	attrs := pc.Attributes()
	kept := attrs[:0]
	for _, a := range attrs {
		if !strings.EqualFold(a.Name, name) {
			kept = append(kept, a)
		}
	}
	pc.setAttrs(kept)
}

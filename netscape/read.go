package netscape

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// httpOnlyPrefix marks an HttpOnly cookie in the domain field.
const httpOnlyPrefix = "#HttpOnly_"

// maxUnix is the last second of year 9999, the latest expiry Read keeps.
const maxUnix = 253402300799

// Read parses a cookies.txt file and returns the cookies of every good line,
// in file order. The error joins one *LineError per bad line (nil when every
// line is good), and an I/O error of r if reading stopped early.
//
// It is [ReadWithOptions] with zero Options: creation times start at
// time.Now(), the default public suffix list applies.
func Read(r io.Reader) ([]*cookiemonster.CanonicalCookie, error) {
	return ReadWithOptions(r, Options{})
}

// ReadWithOptions is [Read] with a clock and a public suffix list.
//
// The rules, line by line:
//   - A UTF-8 byte order mark is skipped; input starting with a UTF-16 byte
//     order mark is decoded from UTF-16. Lines end in LF or CRLF.
//   - Blank lines and lines starting with '#' are skipped, except lines
//     starting with "#HttpOnly_" (any case), which are cookies with
//     HttpOnly set. Input whose first non-blank line starts with '{' or
//     '[' is JSON: Read stops there with ErrJSON.
//   - A line has seven TAB-separated fields: domain, include-subdomains,
//     path, secure, expiry, name, value. With six the value is empty;
//     further fields are ignored. A line whose third field is TRUE or FALSE
//     is the old layout without a path, and its path is "/". Spaces around
//     fields are trimmed.
//   - include-subdomains decides, not a leading dot on the domain: TRUE
//     gives a domain cookie (".example.com"), FALSE a host-only one
//     ("example.com"). Domains are lower-cased and IDNs converted to
//     punycode; a bare IPv6 address gets brackets. A domain longer than
//     cookiemonster.MaxAttributeValueSize bytes (once converted) is
//     ErrBadDomain, so every cookie read fits in a line Write can write. See
//     Options.PublicSuffixList for TRUE on a public suffix or IP address.
//   - TRUE and FALSE are matched in any case.
//   - The expiry is Unix seconds; a fraction is truncated. "", "0" and
//     "-1" mean a session cookie (zero Expiry); other negative values are
//     ErrBadExpiry. The expiry is kept as stored (cookies.txt is storage,
//     so the 400-day cap of Set-Cookie does not apply; Import applies it),
//     but capped at the end of year 9999. An expired cookie is returned
//     like any other.
//   - The path defaults to "/" when empty.
//   - Each cookie must pass cookiemonster.NewCanonicalCookieFromStorage
//     (name and value characters, prefix rules, ...), and name and value
//     together may not exceed cookiemonster.MaxNameValueSize bytes.
//
// Each cookie gets Secure and HTTPOnly from the line, SameSite unspecified,
// Priority medium, no partition, SourceScheme Secure for a Secure cookie
// and NonSecure otherwise, SourcePort cookiemonster.PortUnspecified, and the
// creation times described at Options.Now.
func ReadWithOptions(r io.Reader, o Options) ([]*cookiemonster.CanonicalCookie, error) {
	entries, errs := read(r, o)
	out := make([]*cookiemonster.CanonicalCookie, len(entries))
	for i, e := range entries {
		out[i] = e.cookie
	}
	return out, errors.Join(errs...)
}

// entry is a cookie read from a line.
type entry struct {
	line   int
	text   string
	cookie *cookiemonster.CanonicalCookie
}

// read parses every line of r. errs holds the *LineErrors in line order,
// then the I/O error that stopped reading, if any.
func read(r io.Reader, o Options) (entries []entry, errs []error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Microsecond)

	br := bufio.NewReaderSize(r, MaxLineLength+2)
	br, err := skipBOM(br)
	if err != nil {
		return nil, []error{fmt.Errorf("netscape: reading: %w", err)}
	}
	p := lineParser{psl: o.PublicSuffixList}
	seenContent := false
	for lineNo := 1; ; lineNo++ {
		raw, tooLong, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			errs = append(errs, fmt.Errorf("netscape: reading line %d: %w", lineNo, err))
			return entries, errs
		}
		if raw == nil && errors.Is(err, io.EOF) {
			return entries, errs
		}
		text := string(raw)
		if tooLong {
			errs = append(errs, &LineError{Line: lineNo, Text: text, Err: fmt.Errorf("%w: more than %d bytes", ErrLineTooLong, MaxLineLength)})
		} else if strings.Trim(text, " \t") != "" {
			if !seenContent && looksLikeJSON(strings.Trim(text, " ")) {
				errs = append(errs, &LineError{Line: lineNo, Text: text, Err: ErrJSON})
				return entries, errs
			}
			seenContent = true
			c, lerr := p.parse(text)
			switch {
			case lerr != nil:
				errs = append(errs, &LineError{Line: lineNo, Text: text, Err: lerr})
			case c != nil:
				t := now.Add(time.Duration(len(entries)) * time.Microsecond)
				c.Creation, c.LastAccess, c.LastUpdate = t, t, t
				entries = append(entries, entry{line: lineNo, text: text, cookie: c})
			}
		}
		if errors.Is(err, io.EOF) {
			return entries, errs
		}
	}
}

// looksLikeJSON reports whether the first non-blank line of a file starts
// a JSON object or array. "[" followed by a TAB-separated line is a
// cookie for an IPv6 host instead.
func looksLikeJSON(line string) bool {
	t := strings.TrimLeft(line, "\t")
	return t != "" && (t[0] == '{' || (t[0] == '[' && strings.IndexByte(line, '\t') < 0))
}

// skipBOM drops a UTF-8 byte order mark, and decodes input that starts with
// a UTF-16 one (Windows tools write such files) into a UTF-8 reader.
func skipBOM(br *bufio.Reader) (*bufio.Reader, error) {
	b, err := br.Peek(3)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		data, err := io.ReadAll(br)
		if err != nil {
			return nil, err
		}
		return bufio.NewReaderSize(bytes.NewReader(decodeUTF16(data)), MaxLineLength+2), nil
	}
	return br, nil
}

// decodeUTF16 converts data, which starts with a UTF-16 byte order mark,
// to UTF-8 without the mark. A trailing odd byte is dropped.
func decodeUTF16(data []byte) []byte {
	big := data[0] == 0xFE
	units := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		if big {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// readLine returns the next line without its LF or CRLF. A line longer than
// MaxLineLength is consumed to its end and returned truncated with tooLong
// set. At the end of input it returns the last, unterminated line (nil if
// there is none) with io.EOF.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	b, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		line = slices.Clone(b[:MaxLineLength])
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = br.ReadSlice('\n')
		}
		if errors.Is(err, io.EOF) {
			err = nil // the line itself was there; EOF comes on the next call
		}
		return line, true, err
	}
	if len(b) == 0 {
		return nil, false, err
	}
	b = bytes.TrimSuffix(b, []byte{'\n'})
	if err == nil {
		b = bytes.TrimSuffix(b, []byte{'\r'})
	} else if errors.Is(err, io.EOF) {
		// An unterminated last line may still end in CR.
		b = bytes.TrimSuffix(b, []byte{'\r'})
	}
	if len(b) > MaxLineLength {
		return slices.Clone(b[:MaxLineLength]), true, err
	}
	return slices.Clone(b), false, err
}

// lineParser turns lines into cookies.
type lineParser struct {
	psl cookiemonster.PublicSuffixList
}

// fieldNames names the fields of a line, in order.
var fieldNames = [...]string{"domain", "include-subdomains", "path", "secure", "expiry", "name", "value"}

// layout maps the fields of a line, numbered from 0 in the order of
// fieldNames, to their places in the line, for error messages.
type layout struct {
	// noPath is set for the old layout, whose line has no path field.
	noPath bool
}

// field describes field i: "field 4 (secure)", numbered from 1 as the
// line's TAB-separated columns are. In the old layout the fields after the
// missing path come one place earlier.
func (l layout) field(i int) string {
	n := i + 1
	if l.noPath && i > 2 {
		n--
	}
	return fmt.Sprintf("field %d (%s)", n, fieldNames[i])
}

// column describes the column of the line at index k from 0: "field 7
// (value)", or "field 9 (extra)" for a column past the value.
func (l layout) column(k int) string {
	i := k
	if l.noPath && k >= 2 {
		i++
	}
	if i >= len(fieldNames) {
		return fmt.Sprintf("field %d (extra)", k+1)
	}
	return l.field(i)
}

// parse parses one non-blank line without its line end. It returns nil,
// nil for a comment.
func (p *lineParser) parse(text string) (*cookiemonster.CanonicalCookie, error) {
	line := strings.TrimLeft(text, " ")
	offset := len(text) - len(line) // of line in text
	line = strings.TrimRight(line, " ")
	httpOnly := false
	if hasPrefixFold(line, httpOnlyPrefix) {
		httpOnly = true
		line = line[len(httpOnlyPrefix):]
		offset += len(httpOnlyPrefix)
	} else if line[0] == '#' {
		return nil, nil
	}
	f := strings.Split(line, "\t")
	for i := range f {
		f[i] = strings.Trim(f[i], " ")
	}
	var l layout
	if len(f) >= 3 {
		if _, ok := parseFlag(f[2]); ok {
			l.noPath = true
		}
	}
	if i := ctlIndex(line); i >= 0 {
		return nil, fmt.Errorf("%w: 0x%02x at byte %d, %s",
			ErrControlCharacter, line[i], offset+i+1, l.column(strings.Count(line[:i], "\t")))
	}
	n := len(f)
	if l.noPath {
		f = slices.Insert(f, 2, "/")
	}
	if len(f) < 6 {
		if n == 1 {
			return nil, fmt.Errorf("%w: %d, want 7 separated by TAB (the line has no TAB)", ErrTooFewFields, n)
		}
		return nil, fmt.Errorf("%w: %d, want 7", ErrTooFewFields, n)
	}
	includeSub, ok := parseFlag(f[1])
	if !ok {
		return nil, fmt.Errorf("%w: %s is %q", ErrBadFlag, l.field(1), f[1])
	}
	secure, ok := parseFlag(f[3])
	if !ok {
		return nil, fmt.Errorf("%w: %s is %q", ErrBadFlag, l.field(3), f[3])
	}
	domain, why := p.domain(f[0], includeSub)
	if why != "" {
		return nil, fmt.Errorf("%w: %s %s", ErrBadDomain, l.field(0), why)
	}
	path := f[2]
	if path == "" {
		path = "/"
	}
	switch {
	case len(path) > cookiemonster.MaxAttributeValueSize:
		return nil, fmt.Errorf("%w: %s is %d bytes long, limit %d", ErrBadPath, l.field(2), len(path), cookiemonster.MaxAttributeValueSize)
	case path[0] != '/':
		return nil, fmt.Errorf("%w: %s is %q, which does not start with '/'", ErrBadPath, l.field(2), path)
	case strings.IndexByte(path, ';') >= 0:
		return nil, fmt.Errorf("%w: %s is %q, which holds a ';'", ErrBadPath, l.field(2), path)
	}
	expiry, ok := parseExpiry(f[4])
	if !ok {
		return nil, fmt.Errorf("%w: %s is %q", ErrBadExpiry, l.field(4), f[4])
	}
	name, value := f[5], ""
	if len(f) > 6 {
		value = f[6]
	}
	switch {
	case name == "" && value == "":
		return nil, ErrNoContent
	case len(name)+len(value) > cookiemonster.MaxNameValueSize:
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(name)+len(value), cookiemonster.MaxNameValueSize)
	}
	scheme := cookiemonster.SourceSchemeNonSecure
	if secure {
		scheme = cookiemonster.SourceSchemeSecure
	}
	return cookiemonster.NewCanonicalCookieFromStorage(cookiemonster.CanonicalCookie{
		Name:         name,
		Value:        value,
		Domain:       domain,
		Path:         path,
		Expiry:       expiry,
		Secure:       secure,
		HTTPOnly:     httpOnly,
		SameSite:     cookiemonster.SameSiteUnspecified,
		Priority:     cookiemonster.PriorityMedium,
		SourceScheme: scheme,
		SourcePort:   cookiemonster.PortUnspecified,
	})
}

// domain canonicalizes the domain field: ".example.com" for a domain
// cookie, "example.com" for a host-only one. For a bad field it returns
// why, to follow "field 1 (domain)" in an error.
func (p *lineParser) domain(field string, includeSub bool) (d, why string) {
	d = strings.TrimPrefix(field, ".")
	if d == "" || d[0] == '.' {
		return "", fmt.Sprintf("is %q", field)
	}
	if d[0] != '[' && strings.IndexByte(d, ':') >= 0 {
		// A bare IPv6 address, as some exporters write it.
		if a, err := netip.ParseAddr(d); err == nil && a.Is6() {
			d = "[" + d + "]"
		}
	}
	h, ok := host.Canonicalize(d)
	if !ok || h == "" || h[0] == '.' {
		if len(field) > cookiemonster.MaxAttributeValueSize {
			return "", fmt.Sprintf("is not a host name (%d bytes)", len(field))
		}
		return "", fmt.Sprintf("is %q, not a host name", field)
	}
	if len(h) > cookiemonster.MaxAttributeValueSize {
		return "", fmt.Sprintf("is %d bytes long as a canonical host name, limit %d", len(h), cookiemonster.MaxAttributeValueSize)
	}
	if includeSub && !host.IsIP(h) && host.RegistrableDomain(p.psl, h) != "" {
		return "." + h, ""
	}
	return h, ""
}

// parseFlag parses TRUE or FALSE in any case.
func parseFlag(s string) (v, ok bool) {
	switch {
	case strings.EqualFold(s, "TRUE"):
		return true, true
	case strings.EqualFold(s, "FALSE"):
		return false, true
	}
	return false, false
}

// parseExpiry parses the expiry field: an optionally signed decimal number
// of seconds with an optional fraction, which is truncated. "", 0 and -1
// give the zero time (a session cookie); values past year 9999 are capped.
func parseExpiry(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	neg := false
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		s = s[1:]
	}
	var n int64
	digits := 0
	i := 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		digits++
		if n <= maxUnix {
			n = n*10 + int64(s[i]-'0')
		}
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			digits++
		}
	}
	if i != len(s) || digits == 0 {
		return time.Time{}, false
	}
	switch {
	case n == 0, neg && n == 1:
		return time.Time{}, true
	case neg:
		return time.Time{}, false
	case n > maxUnix:
		n = maxUnix
	}
	return time.Unix(n, 0).UTC(), true
}

// ctlIndex returns the index of the first control character other than
// TAB in s, or -1.
func ctlIndex(s string) int {
	for i := 0; i < len(s); i++ {
		if b := s[i]; (b < 0x20 && b != '\t') || b == 0x7f {
			return i
		}
	}
	return -1
}

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

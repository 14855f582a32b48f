package cookiemonster

import (
	"bytes"
	"strings"
)

// pathEscaped reports whether the path canonicalizer percent-escapes b: the
// control characters, space, '"', '#', '<', '>', '?', '^', '`', '{', '|',
// '}', DEL and every byte from 0x80 (each byte of a UTF-8 sequence on its
// own). '%' is kept as it is, so an escape already in the path stays as
// written.
func pathEscaped(b byte) bool {
	return b <= 0x20 || b >= 0x7f || strings.IndexByte("\"#<>?^`{|}", b) >= 0
}

// dotSegment reports whether seg is the path segment "." (1) or ".." (2),
// a dot also written "%2e" or "%2E"; 0 for any other segment.
func dotSegment(seg string) int {
	n := 0
	for seg != "" {
		switch {
		case seg[0] == '.':
			seg = seg[1:]
		case len(seg) >= 3 && seg[0] == '%' && seg[1] == '2' && (seg[2] == 'e' || seg[2] == 'E'):
			seg = seg[3:]
		default:
			return 0
		}
		if n++; n > 2 {
			return 0
		}
	}
	return n
}

// canonicalCookiePath returns the path p, which starts with '/', as
// Chromium's URL path canonicalizer writes it and so as Chromium stores a
// cookie path given as a field: '\' separates segments as '/' does, the "."
// and ".." segments are resolved (".." above the root stays at the root),
// and the bytes of pathEscaped are percent-escaped in upper case. A path
// with nothing to change is returned as it is.
func canonicalCookiePath(p string) string {
	if cookiePathIsCanonical(p) {
		return p
	}
	out := make([]byte, 1, len(p)+16)
	out[0] = '/'
	rest := p[1:]
	for {
		seg, tail, more := rest, "", false
		if i := strings.IndexAny(rest, `/\`); i >= 0 {
			seg, tail, more = rest[:i], rest[i+1:], true
		}
		switch dotSegment(seg) {
		case 1:
			// "." adds nothing: out already ends with '/'.
		case 2:
			if len(out) > 1 {
				out = out[:bytes.LastIndexByte(out[:len(out)-1], '/')+1]
			}
		default:
			for i := 0; i < len(seg); i++ {
				if b := seg[i]; pathEscaped(b) {
					out = append(out, '%', upperHex[b>>4], upperHex[b&0xf])
				} else {
					out = append(out, b)
				}
			}
			if more {
				out = append(out, '/')
			}
		}
		if !more {
			return string(out)
		}
		rest = tail
	}
}

const upperHex = "0123456789ABCDEF"

// cookiePathIsCanonical reports whether canonicalCookiePath would return p
// unchanged: no byte to escape, no '\', no dot segment.
func cookiePathIsCanonical(p string) bool {
	start := 1
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			if dotSegment(p[start:i]) != 0 {
				return false
			}
			start = i + 1
			continue
		}
		if p[i] == '\\' || pathEscaped(p[i]) {
			return false
		}
	}
	return true
}

// intactAttributeValue reports whether s is an attribute value that a
// Set-Cookie line carries unchanged (Chromium's ParseValueString(s) == s):
// no NUL, CR, LF or ';', and no space or HTAB at either end. Other control
// characters are allowed.
func intactAttributeValue(s string) bool {
	return !strings.ContainsAny(s, "\x00\r\n;") && trimSpace(s) == s
}

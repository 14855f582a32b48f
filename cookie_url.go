package cookiemonster

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// canonicalURLHost returns the canonical host of u, IPv6 in brackets. It
// reports false for a nil URL or an invalid or empty host.
func canonicalURLHost(u *url.URL) (string, bool) {
	if u == nil {
		return "", false
	}
	h := u.Hostname()
	if h == "" || h[0] == '.' {
		return "", false // a URL host never starts with a dot
	}
	if strings.IndexByte(h, ':') >= 0 {
		h = "[" + h + "]"
	}
	return host.Canonicalize(h)
}

// accessScheme classifies how secure a URL is for cookie access.
type accessScheme int8

const (
	accessNonCryptographic accessScheme = iota
	accessTrustworthy                   // http to localhost or loopback
	accessCryptographic                 // https, wss
)

func isCryptographicScheme(scheme string) bool {
	return scheme == "https" || scheme == "wss" || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "wss")
}

func accessSchemeOf(u *url.URL, h string) accessScheme {
	if isCryptographicScheme(u.Scheme) {
		return accessCryptographic
	}
	if host.IsLocalhost(h) {
		return accessTrustworthy
	}
	return accessNonCryptographic
}

// urlPath returns the escaped path of u as a browser's URL parser has it
// for an http(s) or ws(s) URL, "/" when empty: a backslash is a '/', and
// the dot segments ("." and "..", also as %2e) are resolved, as in "/a/./b"
// (which is "/a/b"), "/a/../b" ("/b") and "/a/b/.." ("/a/").
func urlPath(u *url.URL) string {
	p := u.EscapedPath()
	if strings.HasPrefix(u.RawPath, "/") && strings.IndexByte(u.RawPath, '\\') >= 0 {
		// Go keeps the path as written in RawPath, and escapes the
		// backslash that a browser reads as a slash.
		if v, err := url.Parse("http://h" + strings.ReplaceAll(u.RawPath, `\`, "/")); err == nil {
			p = v.EscapedPath()
		}
	}
	if p == "" {
		return "/"
	}
	if strings.Contains(p, "/.") || strings.IndexByte(p, '%') >= 0 {
		p = removeDotSegments(p)
	}
	return p
}

// removeDotSegments resolves the "." and ".." segments of the path p, as
// the URL Standard's path parser does: "." is dropped and ".." drops the
// segment before it; either one at the end leaves a trailing slash. A
// segment is a dot when it is "." or "%2e" (any case), two dots when it
// is any spelling of "..".
func removeDotSegments(p string) string {
	if p == "" || p[0] != '/' {
		return p
	}
	segs := strings.Split(p[1:], "/")
	out := segs[:0]
	for i, seg := range segs {
		last := i == len(segs)-1
		switch dotSegment(seg) {
		case 2:
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		case 1:
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, seg)
		}
	}
	return "/" + strings.Join(out, "/")
}

// defaultPath returns the default cookie path for a URL path
// (RFC 6265bis §5.1.4): the path up to, not including, its right-most '/';
// "/" when that is the first character or there is none.
func defaultPath(urlPath string) string {
	i := strings.LastIndexByte(urlPath, '/')
	if i <= 0 {
		return "/"
	}
	return urlPath[:i]
}

// effectivePort returns the port of u, explicit or the scheme's default,
// PortUnspecified for a scheme without a default (and for an explicit port
// 0), PortInvalid for an out-of-range port.
func effectivePort(u *url.URL) int {
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 {
			return PortInvalid
		}
		return n
	}
	switch s := u.Scheme; {
	case s == "http" || s == "ws": // as url.Parse leaves them
		return 80
	case s == "https" || s == "wss":
		return 443
	case strings.EqualFold(s, "http"), strings.EqualFold(s, "ws"):
		return 80
	case strings.EqualFold(s, "https"), strings.EqualFold(s, "wss"):
		return 443
	}
	return PortUnspecified
}

// requestURL is a URL prepared once for deciding many cookies.
type requestURL struct {
	host       string
	path       string
	port       int
	access     accessScheme
	cookieable bool // the scheme takes cookies
	ok         bool // the URL has a valid host
}

func newRequestURL(u *url.URL) requestURL {
	h, ok := canonicalURLHost(u)
	port := PortInvalid
	if ok {
		port = effectivePort(u)
	}
	if port == PortInvalid {
		// No host, or a port no URL can have (Chromium's URL parser
		// refuses the URL): no cookie is set from it or sent to it.
		return requestURL{cookieable: u != nil && isCookieableScheme(u.Scheme)}
	}
	return requestURL{host: h, path: urlPath(u), port: port, access: accessSchemeOf(u, h),
		cookieable: isCookieableScheme(u.Scheme), ok: true}
}

// isCookieableScheme reports whether URLs of scheme take cookies: http,
// https, ws and wss.
func isCookieableScheme(scheme string) bool {
	switch scheme {
	case "http", "https", "ws", "wss": // as url.Parse leaves them
		return true
	}
	for _, s := range [...]string{"http", "https", "ws", "wss"} {
		if strings.EqualFold(scheme, s) {
			return true
		}
	}
	return false
}

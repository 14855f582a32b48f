package cookiemonster

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// ErrContentPattern is wrapped by the errors of [ParseContentPattern].
var ErrContentPattern = errors.New("cookiemonster: invalid content settings pattern")

// ContentPattern is a pattern of Chromium's content settings, which selects
// the URLs a site setting applies to:
//
//   - every URL
//     [*.]example.com         example.com and its subdomains, any scheme and port
//     example.com             that host only, any scheme and port
//     https://a.example       that host over https on port 443
//     https://a.example:8443  that host over https on port 8443
//     http://a.example:*      that host over http on any port
//     https://[*.]example.com example.com and its subdomains over https, port 443
//     *://a.example:*         that host, any scheme and port
//
// As in Chromium, a pattern that names http or https without a port names the
// scheme's default port. The zero value matches every URL.
type ContentPattern struct {
	scheme   string // "": any scheme
	host     string // "": any host
	domain   bool   // host and its subdomains
	port     string // "": any port
	explicit bool   // written as "*" or with every part a wildcard: false
}

// ParseContentPattern parses a pattern in Chromium's syntax (see
// [ContentPattern]). Paths are not supported: a pattern's path, if given,
// must be "/" or "/*".
func ParseContentPattern(s string) (ContentPattern, error) {
	var p ContentPattern
	rest := strings.TrimSpace(s)
	if rest == "" {
		return p, fmt.Errorf("%w: empty", ErrContentPattern)
	}
	if rest == "*" {
		return p, nil
	}
	if scheme, after, ok := strings.Cut(rest, "://"); ok {
		scheme = strings.ToLower(scheme)
		if scheme != "*" {
			if !validScheme(scheme) {
				return p, fmt.Errorf("%w: %q: bad scheme %q", ErrContentPattern, s, scheme)
			}
			if scheme == "file" {
				return p, fmt.Errorf("%w: %q: file patterns are not supported", ErrContentPattern, s)
			}
			p.scheme = scheme
		}
		rest = after
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		if path := rest[i:]; path != "/" && path != "/*" {
			return p, fmt.Errorf("%w: %q: a path other than / is not supported", ErrContentPattern, s)
		}
		rest = rest[:i]
	}
	hostPart, portPart, hasPort := splitPatternPort(rest)
	if hasPort {
		if portPart != "*" {
			n, err := strconv.Atoi(portPart)
			if err != nil || n < 1 || n > 65535 || portPart[0] == '0' {
				return p, fmt.Errorf("%w: %q: bad port %q", ErrContentPattern, s, portPart)
			}
			p.port = portPart
		}
	}
	switch {
	case hostPart == "*":
	case strings.HasPrefix(hostPart, "[*.]"):
		p.domain = true
		hostPart = hostPart[len("[*.]"):]
		fallthrough
	default:
		h, ok := host.Canonicalize(hostPart)
		if !ok || h == "" || strings.HasPrefix(h, ".") || (p.domain && host.IsIP(h)) {
			return p, fmt.Errorf("%w: %q: bad host %q", ErrContentPattern, s, hostPart)
		}
		p.host = h
	}
	p.explicit = p.scheme != "" || p.host != "" || p.port != ""
	return p, nil
}

// splitPatternPort splits "host:port", minding IPv6 literals in brackets.
func splitPatternPort(s string) (h, port string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 || strings.IndexByte(s[i:], ']') >= 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// validScheme reports whether s is a URL scheme: a letter, then letters,
// digits, '+', '-' or '.'.
func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// MatchesAll reports whether p matches every URL.
func (p ContentPattern) MatchesAll() bool { return !p.explicit }

// Matches reports whether p matches u. A nil URL or a URL without a host
// matches only a pattern that matches everything.
func (p ContentPattern) Matches(u *url.URL) bool {
	return p.matchParts(partsOf(u))
}

// urlParts are the parts of a URL that patterns match.
type urlParts struct {
	scheme, host, port string
	ok                 bool // false: no URL, or no valid host
}

// partsOf returns the parts of u that patterns match.
func partsOf(u *url.URL) urlParts {
	h, ok := canonicalURLHost(u)
	if !ok {
		return urlParts{}
	}
	scheme := u.Scheme
	for i := 0; i < len(scheme); i++ {
		if 'A' <= scheme[i] && scheme[i] <= 'Z' {
			scheme = strings.ToLower(scheme)
			break
		}
	}
	return urlParts{scheme: scheme, host: h, port: u.Port(), ok: true}
}

// matchParts reports whether p matches a URL of the parts up.
func (p ContentPattern) matchParts(up urlParts) bool {
	if !p.explicit {
		return true
	}
	return up.ok && p.matches(up.scheme, up.host, up.port)
}

// matches reports whether p matches a URL of the scheme, canonical host and
// port (empty: the scheme's default).
func (p ContentPattern) matches(scheme, h, port string) bool {
	if p.scheme != "" && p.scheme != scheme {
		return false
	}
	if p.host != "" && h != p.host && !(p.domain && strings.HasSuffix(h, p.host) && h[len(h)-len(p.host)-1] == '.') {
		return false
	}
	if p.port != "" {
		if port == "" {
			port = defaultPort(scheme)
		}
		if port != p.port {
			return false
		}
	}
	return true
}

// defaultPort returns the default port of scheme, or "".
func defaultPort(scheme string) string {
	switch scheme {
	case "http", "ws":
		return "80"
	case "https", "wss":
		return "443"
	}
	return ""
}

// String returns p in the syntax ParseContentPattern reads.
func (p ContentPattern) String() string {
	if !p.explicit {
		return "*"
	}
	var b strings.Builder
	if p.scheme != "" {
		b.WriteString(p.scheme)
		b.WriteString("://")
	} else if p.port != "" {
		b.WriteString("*://")
	}
	if p.domain {
		b.WriteString("[*.]")
	}
	if p.host == "" {
		b.WriteString("*")
	} else {
		b.WriteString(p.host)
	}
	if p.port != "" {
		b.WriteString(":")
		b.WriteString(p.port)
	}
	return b.String()
}

// compare orders patterns by precedence as Chromium does: the host first (a
// single host, then domains from the longest, then any host), then the
// scheme (a named scheme before any), then the port (a named port before
// any). It returns a positive number when p takes precedence over q, a
// negative one when q does, and 0 when neither does.
func (p ContentPattern) compare(q ContentPattern) int {
	if c := hostRank(p) - hostRank(q); c != 0 {
		return c
	}
	if c := boolRank(p.scheme != "") - boolRank(q.scheme != ""); c != 0 {
		return c
	}
	return boolRank(p.port != "") - boolRank(q.port != "")
}

// hostRank ranks a pattern's host part: a single host above any domain,
// longer domains above shorter ones, any host lowest.
func hostRank(p ContentPattern) int {
	switch {
	case p.host == "":
		return 0
	case p.domain:
		return 1 + strings.Count(p.host, ".")
	}
	return 1 << 10
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

package webext

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
	"github.com/cookiemonster-go/cookiemonster/internal/host"
)

// AllURLs is the match pattern of every URL, "<all_urls>": the host
// permission of an extension that may use the cookies of every site.
const AllURLs = "<all_urls>"

// allSchemes are the schemes of <all_urls> that a pattern may name.
var allSchemes = []string{"http", "https", "ws", "wss", "ftp", "file"}

// pattern is a parsed match pattern, path left out: host permissions ignore
// it, as both browsers do.
type pattern struct {
	schemes []string
	// anyHost is the host "*"; otherwise host is canonical, and
	// subdomains marks the "*." form.
	anyHost    bool
	host       string
	subdomains bool
	// port is "" for any port.
	port string
}

// parsePattern parses a match pattern: "<all_urls>", or
// <scheme>://<host><path> with the scheme "*" (http, https, ws and wss),
// http, https, ws, wss, ftp or file; the host "*", "*." followed by a host,
// or a host, with an optional port (":8080", ":*") as Chrome allows; a path
// starting with '/', which is ignored.
func parsePattern(s string) (pattern, error) {
	if s == AllURLs {
		return pattern{schemes: allSchemes, anyHost: true}, nil
	}
	bad := func(why string) (pattern, error) {
		return pattern{}, fmt.Errorf("%w %q: %s", ErrBadPattern, s, why)
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return bad(`want <all_urls> or <scheme>://<host><path>`)
	}
	var p pattern
	switch scheme {
	case "*":
		p.schemes = []string{"http", "https", "ws", "wss"}
	case "http", "https", "ws", "wss", "ftp", "file":
		p.schemes = []string{scheme}
	default:
		return bad(fmt.Sprintf("unsupported scheme %q", scheme))
	}
	hostPort, _, ok := strings.Cut(rest, "/")
	if !ok {
		return bad("no path (add \"/*\")")
	}
	h, port, err := splitPatternHost(hostPort)
	if err != nil {
		return bad(err.Error())
	}
	p.port = port
	switch {
	case h == "*":
		p.anyHost = true
	case h == "":
		if scheme != "file" {
			return bad("no host")
		}
	default:
		if after, found := strings.CutPrefix(h, "*."); found {
			p.subdomains = true
			h = after
		}
		if strings.Contains(h, "*") {
			return bad(`a wildcard may only be the whole host or start it as "*."`)
		}
		c, ok := host.Canonicalize(h)
		if !ok {
			return bad(fmt.Sprintf("invalid host %q", h))
		}
		p.host = c
	}
	return p, nil
}

// splitPatternHost splits the host part of a pattern into a host and a
// port ("" for none or "*"; IPv6 hosts stay in brackets).
func splitPatternHost(hp string) (h, port string, err error) {
	h = hp
	if strings.HasPrefix(hp, "[") {
		end := strings.IndexByte(hp, ']')
		if end < 0 {
			return "", "", fmt.Errorf("unclosed '[' in host %q", hp)
		}
		h, port = hp[:end+1], hp[end+1:]
		if port != "" && port[0] != ':' {
			return "", "", fmt.Errorf("invalid host %q", hp)
		}
		port = strings.TrimPrefix(port, ":")
	} else if i := strings.LastIndexByte(hp, ':'); i >= 0 {
		h, port = hp[:i], hp[i+1:]
	}
	switch {
	case port == "*":
		port = ""
	case port != "":
		n, perr := strconv.Atoi(port)
		if perr != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
			return "", "", fmt.Errorf("invalid port %q", port)
		}
	}
	return h, port, nil
}

// urlHost returns the canonical host of u, "" for none (a file URL).
func urlHost(u *url.URL) (string, bool) {
	h := u.Hostname()
	if h == "" {
		return "", true
	}
	if strings.IndexByte(h, ':') >= 0 {
		h = "[" + h + "]"
	}
	return host.Canonicalize(h)
}

// defaultPorts are the ports of URLs without one.
var defaultPorts = map[string]string{"http": "80", "ws": "80", "https": "443", "wss": "443", "ftp": "21"}

// matchesURL reports whether p matches u, path aside.
func (p *pattern) matchesURL(u *url.URL) bool {
	if !slices.Contains(p.schemes, strings.ToLower(u.Scheme)) {
		return false
	}
	h, ok := urlHost(u)
	if !ok || !p.matchesHost(h) {
		return false
	}
	if p.port != "" {
		port := u.Port()
		if port == "" {
			port = defaultPorts[strings.ToLower(u.Scheme)]
		}
		return port == p.port
	}
	return true
}

// matchesHost reports whether the canonical host h is one of p's hosts.
func (p *pattern) matchesHost(h string) bool {
	switch {
	case p.anyHost:
		return true
	case p.subdomains:
		return isSubdomainOrSame(h, p.host)
	}
	return h == p.host
}

// coversCookie reports whether c could be sent to a URL p matches, so that
// an extension with p may see it (as Firefox's MatchPattern.matchesCookie
// decides, with subdomains on label boundaries): a secure scheme for a
// Secure cookie, and a host that domain-matches the cookie, which for a
// domain cookie is any host under its domain.
func (p *pattern) coversCookie(c *cookiemonster.CanonicalCookie) bool {
	secure := slices.Contains(p.schemes, "https") || slices.Contains(p.schemes, "wss")
	insecure := slices.Contains(p.schemes, "http") || slices.Contains(p.schemes, "ws")
	if !secure && (c.Secure || !insecure) {
		return false
	}
	d := c.DomainWithoutDot()
	if p.matchesHost(d) {
		return true
	}
	return !c.IsHostOnly() && !p.anyHost && isSubdomainOrSame(p.host, d)
}

// isSubdomainOrSame reports whether the host a is b or under it.
func isSubdomainOrSame(a, b string) bool {
	return a == b || (len(a) > len(b) && strings.HasSuffix(a, b) && a[len(a)-len(b)-1] == '.')
}

// permissions are the host permissions of an API.
type permissions struct {
	text     []string
	patterns []pattern
	// all is set when a pattern covers every cookie.
	all bool
}

// newPermissions parses the patterns.
func newPermissions(list []string) (permissions, error) {
	ps := permissions{text: slices.Clone(list)}
	for _, s := range list {
		p, err := parsePattern(s)
		if err != nil {
			return permissions{}, err
		}
		if p.anyHost && (slices.Contains(p.schemes, "https") || slices.Contains(p.schemes, "wss")) {
			ps.all = true // it covers every cookie, Secure or not
		}
		ps.patterns = append(ps.patterns, p)
	}
	return ps, nil
}

// allowsURL reports whether a pattern matches u.
func (ps *permissions) allowsURL(u *url.URL) bool {
	for i := range ps.patterns {
		if ps.patterns[i].matchesURL(u) {
			return true
		}
	}
	return false
}

// coversCookie reports whether a pattern covers c.
func (ps *permissions) coversCookie(c *cookiemonster.CanonicalCookie) bool {
	if ps.all {
		return true
	}
	for i := range ps.patterns {
		if ps.patterns[i].coversCookie(c) {
			return true
		}
	}
	return false
}

// errNotAllowed is the error of a URL the permissions do not cover.
func (ps *permissions) errNotAllowed(raw string) error {
	if len(ps.text) == 0 {
		return fmt.Errorf("%w for cookies at url %q: the API has no host permissions", ErrNoHostPermission, raw)
	}
	quoted := make([]string, len(ps.text))
	for i, s := range ps.text {
		quoted[i] = strconv.Quote(s)
	}
	return fmt.Errorf("%w for cookies at url %q: host permissions are %s", ErrNoHostPermission, raw, strings.Join(quoted, ", "))
}

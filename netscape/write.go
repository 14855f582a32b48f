package netscape

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cookiemonster-go/cookiemonster"
)

// Header is the first lines [Write] writes. Its first line is the magic line
// MozillaCookieJar requires.
const Header = "# Netscape HTTP Cookie File\n" +
	"# Written by github.com/cookiemonster-go/cookiemonster/netscape.\n" +
	"# Fields: domain, include-subdomains, path, secure, expiry, name, value.\n" +
	"\n"

// Write writes cookies to w as a cookies.txt file, in the given order: the
// [Header], then one line per cookie, fields separated by TAB, lines ending in
// LF.
//
//   - An HttpOnly cookie's domain is prefixed with "#HttpOnly_".
//   - A domain cookie is written with its leading dot and include-subdomains
//     TRUE, a host-only cookie without a dot and FALSE.
//   - The expiry is in Unix seconds (the fraction is dropped), 0 for a
//     session cookie; a persistent cookie that expired before 1970 is
//     written as 1 so that it stays expired rather than becoming a session
//     cookie. curl and yt-dlp read 0 as a session cookie; Python's plain
//     MozillaCookieJar reads it as an expiry in 1970, so it drops (or, with
//     ignore_expires=True, never sends) the session cookies of the file.
//     Python 3.10+ reads the "#HttpOnly_" prefix; older versions skip those
//     lines as comments.
//   - Partitioned (CHIPS) cookies are skipped: the format has no column for
//     the partition, and writing them unpartitioned would let a reader send
//     them across sites. So are cookies with a first-party domain
//     (first-party isolation), for the same reason. Nil cookies are
//     skipped too.
//   - A cookie that no line can carry, because Read would refuse the line
//     or read another cookie from it (a TAB or other control character in
//     its name, value or path, which Set-Cookie allows for TAB; a space at
//     an edge of a field; an empty domain; a domain or path longer than
//     cookiemonster.MaxAttributeValueSize bytes; a path not starting with
//     '/' or holding a ';', as a default path taken from a URL may; empty
//     name and value; a line longer than MaxLineLength) is skipped, and
//     the error returned joins one error wrapping ErrNotRepresentable per
//     such cookie.
//
// An error of w is returned wrapped (%w); what was written before it may be
// incomplete.
func Write(w io.Writer, cookies []*cookiemonster.CanonicalCookie) error {
	bw := bufio.NewWriter(w)
	_, _ = bw.WriteString(Header)
	var errs []error
	var buf []byte
	for i, c := range cookies {
		if c == nil || c.IsPartitioned() || c.FirstPartyDomain != "" {
			continue
		}
		why := unrepresentable(c)
		if why == "" {
			buf = appendLine(buf[:0], c)
			if len(buf)-1 > MaxLineLength {
				why = fmt.Sprintf("a line of %d bytes, limit %d", len(buf)-1, MaxLineLength)
			}
		}
		if why != "" {
			errs = append(errs, fmt.Errorf("netscape: cookie %d (domain %q, name %q) %w: %s", i, c.Domain, c.Name, ErrNotRepresentable, why))
			continue
		}
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("netscape: writing: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("netscape: writing: %w", err)
	}
	return errors.Join(errs...)
}

// appendLine appends c's line, LF included.
func appendLine(b []byte, c *cookiemonster.CanonicalCookie) []byte {
	if c.HTTPOnly {
		b = append(b, httpOnlyPrefix...)
	}
	b = append(b, c.Domain...)
	b = append(b, '\t')
	b = appendFlag(b, !c.IsHostOnly())
	b = append(b, '\t')
	b = append(b, c.Path...)
	b = append(b, '\t')
	b = appendFlag(b, c.Secure)
	b = append(b, '\t')
	var exp int64
	if c.IsPersistent() {
		exp = max(c.Expiry.Unix(), 1)
	}
	b = strconv.AppendInt(b, exp, 10)
	b = append(b, '\t')
	b = append(b, c.Name...)
	b = append(b, '\t')
	b = append(b, c.Value...)
	return append(b, '\n')
}

func appendFlag(b []byte, v bool) []byte {
	if v {
		return append(b, "TRUE"...)
	}
	return append(b, "FALSE"...)
}

// unrepresentable says why c cannot be written as a line that reads back
// as the same cookie, or returns "".
func unrepresentable(c *cookiemonster.CanonicalCookie) string {
	d := c.DomainWithoutDot()
	switch {
	case d == "" || d[0] == '.' || d[0] == '#':
		return fmt.Sprintf("domain %q", c.Domain)
	case len(d) > cookiemonster.MaxAttributeValueSize:
		return fmt.Sprintf("a domain of %d bytes, limit %d", len(d), cookiemonster.MaxAttributeValueSize)
	case c.Path == "" || c.Path[0] != '/':
		return fmt.Sprintf("path %q", c.Path)
	case len(c.Path) > cookiemonster.MaxAttributeValueSize:
		return fmt.Sprintf("a path of %d bytes, limit %d", len(c.Path), cookiemonster.MaxAttributeValueSize)
	case strings.IndexByte(c.Path, ';') >= 0:
		// Read refuses it: no Path attribute can hold a ';', though a
		// default path taken from a URL may.
		return "a ';' in the path"
	case c.Name == "" && c.Value == "":
		return "empty name and value"
	}
	for _, f := range [...]struct{ what, s string }{
		{"domain", c.Domain}, {"path", c.Path}, {"name", c.Name}, {"value", c.Value},
	} {
		if i := strings.IndexFunc(f.s, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
			return fmt.Sprintf("control character 0x%02x in the %s", f.s[i], f.what)
		}
		if strings.Trim(f.s, " ") != f.s {
			return "space at an edge of the " + f.what
		}
	}
	return ""
}

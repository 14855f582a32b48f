// Package netscape reads and writes cookies in the Netscape cookies.txt
// format, the one curl, wget, Python's http.cookiejar.MozillaCookieJar and
// yt-dlp exchange.
//
// A cookies.txt file holds one cookie per line, seven fields separated by
// TAB:
//
//	domain  include-subdomains  path  secure  expiry  name  value
//
// where include-subdomains and secure are TRUE or FALSE and expiry is a Unix
// time in seconds, 0 for a session cookie. Lines starting with '#' are
// comments, except that a domain written as "#HttpOnly_example.com" marks an
// HttpOnly cookie (a convention of curl and Firefox).
//
// Read is lenient, as curl is: it accepts what the common exporters write
// (a UTF-8 or UTF-16 byte order mark, CRLF line ends, six fields without a
// value, extra trailing fields, "", "0" and "-1" for session cookies,
// fractional expiry seconds, TRUE and FALSE in any case, a leading dot that
// disagrees with the include-subdomains field) and reports each line it
// cannot use as a *LineError with its line number, without giving up on the
// rest of the file. Write produces a file that curl and MozillaCookieJar
// read back.
//
// The format carries only the fields above. SameSite, Priority, partition
// keys, source scheme and port, creation and last-access times are lost on
// the way out and given defaults on the way in (see ReadWithOptions).
//
// Import and Export move cookies between a file and a cookiemonster.Monster.
package netscape

import (
	"errors"
	"fmt"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// Reasons a line is rejected. A *LineError wraps one of them (or an error
// of the cookiemonster package), so callers can tell them apart with
// errors.Is. Like strconv.ErrSyntax, their texts carry no package prefix:
// the error that wraps them starts with "netscape: " and says where, as in
// "netscape: line 3: too few fields: 5, want 7".
var (
	// ErrTooFewFields: the line has fewer than six TAB-separated fields.
	ErrTooFewFields = errors.New("too few fields")
	// ErrBadFlag: the include-subdomains or secure field is neither TRUE
	// nor FALSE.
	ErrBadFlag = errors.New("flag is neither TRUE nor FALSE")
	// ErrBadExpiry: the expiry field is not a number of seconds, or is a
	// negative number other than -1.
	ErrBadExpiry = errors.New("bad expiry")
	// ErrControlCharacter: the line holds a control character other than
	// TAB (a lone CR, NUL, ...), which no cookie may contain.
	ErrControlCharacter = errors.New("control character in line")
	// ErrBadDomain: the domain field is empty, not a valid host name, or
	// longer than cookiemonster.MaxAttributeValueSize bytes.
	ErrBadDomain = errors.New("bad domain")
	// ErrBadPath: the path does not start with '/', holds a ';' or is
	// longer than cookiemonster.MaxAttributeValueSize bytes.
	ErrBadPath = errors.New("bad path")
	// ErrNoContent: both name and value are empty.
	ErrNoContent = errors.New("empty name and value")
	// ErrTooLarge: name and value together exceed
	// cookiemonster.MaxNameValueSize bytes.
	ErrTooLarge = errors.New("name and value too large")
	// ErrLineTooLong: the line is longer than [MaxLineLength] bytes.
	ErrLineTooLong = errors.New("line too long")
	// ErrJSON: the input is JSON (as cookie-export browser extensions
	// write), not cookies.txt. [Read] stops at its first line.
	ErrJSON = errors.New("input looks like JSON, not a cookies.txt file")
	// ErrRefused: [Import]'s Monster refused the cookie; the [LineError] also
	// wraps the *cookiemonster.StatusError that says why, so errors.Is
	// matches each of its cookiemonster.ExclusionReason values.
	ErrRefused = errors.New("cookie refused by the store")
	// ErrNotRepresentable: [Write] cannot put the cookie in a cookies.txt line
	// that reads back the same (a TAB or other control character in a
	// field, an empty domain, ...). Write skips such cookies.
	ErrNotRepresentable = errors.New("cannot be written as a cookies.txt line")
)

// MaxLineLength is the longest line [Read] accepts, in bytes without the line
// end. It leaves room for the largest cookie the store accepts (name and
// value of 4096 bytes, a path of 1024 bytes, a long domain).
const MaxLineLength = 16 << 10

// LineError reports a line of a cookies.txt file that [Read] could not use.
type LineError struct {
	// Line is the 1-based line number.
	Line int
	// Text is the line without its line end (for a line longer than
	// MaxLineLength, its first MaxLineLength bytes). It may hold a cookie
	// value, so Error does not print it.
	Text string
	// Err is the reason: one of this package's Err variables, possibly
	// wrapped with details (the field, the byte offset), or a
	// cookiemonster error.
	Err error
}

// Error returns "netscape: line N: " and the reason, such as
//
//	netscape: line 12: flag is neither TRUE nor FALSE: field 2 (include-subdomains) is "YES"
//
// It leaves out Text, which may hold a secret; the details this package
// adds never quote the value field.
func (e *LineError) Error() string {
	return fmt.Sprintf("netscape: line %d: %v", e.Line, e.Err)
}

// Unwrap returns Err.
func (e *LineError) Unwrap() error { return e.Err }

// Options adjust [ReadWithOptions] and [ImportWithOptions].
type Options struct {
	// Now is the creation time of the first cookie read; the cookie of each
	// later good line is created one microsecond after the one before, so
	// the file's order survives in the store's ordering. LastAccess and
	// LastUpdate equal Creation. Zero: time.Now() when reading starts.
	Now time.Time
	// PublicSuffixList decides whether a domain can take domain cookies:
	// a line marked include-subdomains whose domain is an IP address or has
	// no registrable domain (a public suffix such as "co.uk", "localhost")
	// becomes a host-only cookie, as a Domain attribute naming the host
	// itself does in a browser. Nil: golang.org/x/net/publicsuffix, as the
	// root package uses.
	PublicSuffixList cookiemonster.PublicSuffixList
}

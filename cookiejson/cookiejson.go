// Package cookiejson reads and writes the cookie JSON that browser
// automation exports: Playwright's storageState file and the DevTools
// protocol's Network.Cookie list (what Puppeteer's page.cookies() and
// chromedp return).
//
// Reading reports each entry that cannot be a cookie by its position and
// keeps the rest; a file that is not JSON of the format fails as a whole,
// with the position of the error. Writing writes what the format can
// carry and returns, as notes, what it could not.
package cookiejson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/cookiemonster-go/cookiemonster"
)

// Format is a JSON cookie format.
type Format uint8

const (
	// Unknown: not one of the formats.
	Unknown Format = iota
	// Playwright: an object with a "cookies" array (storageState).
	Playwright
	// CDP: an array of DevTools protocol Network.Cookie objects, or an
	// object with a "cookies" array of them (Network.getCookies' result).
	CDP
)

// String returns the format's name.
func (f Format) String() string {
	switch f {
	case Playwright:
		return "playwright"
	case CDP:
		return "cdp"
	}
	return "unknown"
}

// ErrFormat is wrapped by the error of a file that is not JSON of the
// format.
var ErrFormat = errors.New("cookiejson: not a cookie JSON file")

// EntryError is an entry of the file that could not be read: its index in
// the cookies array, its name when it has one, and why.
type EntryError struct {
	Index int
	Name  string
	Err   error
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("cookie %d (%q): %v", e.Index, e.Name, e.Err)
}

func (e *EntryError) Unwrap() error { return e.Err }

// entry is the union of both formats' cookie objects.
type entry struct {
	Name         *string          `json:"name"`
	Value        *string          `json:"value"`
	Domain       string           `json:"domain"`
	Path         string           `json:"path"`
	Expires      *float64         `json:"expires"`
	HTTPOnly     bool             `json:"httpOnly"`
	Secure       bool             `json:"secure"`
	Session      *bool            `json:"session,omitempty"`
	SameSite     string           `json:"sameSite,omitempty"`
	Priority     string           `json:"priority,omitempty"`
	SourceScheme string           `json:"sourceScheme,omitempty"`
	SourcePort   *int             `json:"sourcePort,omitempty"`
	PartitionKey *json.RawMessage `json:"partitionKey,omitempty"`
}

// Detect tells the format of a file's contents.
func Detect(b []byte) Format {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.HasPrefix(b, []byte("[")):
		return CDP
	case bytes.HasPrefix(b, []byte("{")):
		var probe struct {
			Cookies json.RawMessage `json:"cookies"`
			Origins json.RawMessage `json:"origins"`
		}
		if json.Unmarshal(b, &probe) != nil || probe.Cookies == nil {
			return Unknown
		}
		if probe.Origins != nil {
			return Playwright
		}
		return CDP
	}
	return Unknown
}

// Read reads a file of either format (told by Detect). Neither format
// has creation times: the cookies are dated a microsecond apart in the
// order of the file, the first at now, so that cookies whose paths are
// as long come out of a store in the order of the file. psl parses
// partition keys; nil: the default list.
func Read(r io.Reader, now time.Time, psl cookiemonster.PublicSuffixList) ([]*cookiemonster.CanonicalCookie, []*EntryError, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("cookiejson: %w", err)
	}
	f := Detect(b)
	if f == Unknown {
		return nil, nil, fmt.Errorf("%w: %s", ErrFormat, describeJSONError(b))
	}
	var raw []json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")) {
		err = json.Unmarshal(b, &raw)
	} else {
		var obj struct {
			Cookies []json.RawMessage `json:"cookies"`
		}
		err = json.Unmarshal(b, &obj)
		raw = obj.Cookies
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s", ErrFormat, describeJSONError(b))
	}
	var out []*cookiemonster.CanonicalCookie
	var bad []*EntryError
	for i, m := range raw {
		var e entry
		if err := json.Unmarshal(m, &e); err != nil {
			bad = append(bad, &EntryError{Index: i, Err: err})
			continue
		}
		c, err := e.cookie(f, now.UTC().Truncate(time.Microsecond).Add(time.Duration(i)*time.Microsecond), psl)
		if err != nil {
			name := ""
			if e.Name != nil {
				name = *e.Name
			}
			bad = append(bad, &EntryError{Index: i, Name: name, Err: err})
			continue
		}
		out = append(out, c)
	}
	return out, bad, nil
}

// describeJSONError says where b stops being valid JSON, or that it is
// JSON of another shape.
func describeJSONError(b []byte) string {
	var v any
	err := json.Unmarshal(b, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:se.Offset], []byte("\n"))
		return fmt.Sprintf("line %d, byte %d: %v", line, se.Offset, se)
	}
	if err != nil {
		return err.Error()
	}
	return "JSON, but neither a cookie array nor an object with a \"cookies\" array"
}

// cookie builds the CanonicalCookie of an entry.
func (e *entry) cookie(f Format, now time.Time, psl cookiemonster.PublicSuffixList) (*cookiemonster.CanonicalCookie, error) {
	if e.Name == nil || e.Value == nil {
		return nil, errors.New("no name or no value")
	}
	c := cookiemonster.CanonicalCookie{
		Name: *e.Name, Value: *e.Value, Domain: strings.ToLower(e.Domain), Path: e.Path,
		Creation: now, LastAccess: now, LastUpdate: now,
		Secure: e.Secure, HTTPOnly: e.HTTPOnly, Priority: cookiemonster.PriorityMedium,
		SourcePort: cookiemonster.PortUnspecified,
	}
	if c.Path == "" {
		c.Path = "/"
	}
	session := e.Expires == nil || *e.Expires < 0 || (e.Session != nil && *e.Session)
	if !session {
		sec, frac := math.Modf(*e.Expires)
		if math.IsNaN(*e.Expires) || math.IsInf(*e.Expires, 0) || sec > 1e11 {
			return nil, fmt.Errorf("expires %v: not a time", *e.Expires)
		}
		c.Expiry = time.Unix(int64(sec), int64(frac*1e9)).UTC().Truncate(time.Microsecond)
	}
	switch strings.ToLower(e.SameSite) {
	case "":
		c.SameSite = cookiemonster.SameSiteUnspecified
	case "none", "no_restriction":
		c.SameSite = cookiemonster.SameSiteNone
	case "lax":
		c.SameSite = cookiemonster.SameSiteLax
	case "strict":
		c.SameSite = cookiemonster.SameSiteStrict
	default:
		return nil, fmt.Errorf("sameSite %q: not Strict, Lax or None", e.SameSite)
	}
	switch strings.ToLower(e.Priority) {
	case "", "medium":
	case "low":
		c.Priority = cookiemonster.PriorityLow
	case "high":
		c.Priority = cookiemonster.PriorityHigh
	default:
		return nil, fmt.Errorf("priority %q: not Low, Medium or High", e.Priority)
	}
	switch strings.ToLower(e.SourceScheme) {
	case "", "unset":
	case "nonsecure":
		c.SourceScheme = cookiemonster.SourceSchemeNonSecure
	case "secure":
		c.SourceScheme = cookiemonster.SourceSchemeSecure
	default:
		return nil, fmt.Errorf("sourceScheme %q: not Unset, NonSecure or Secure", e.SourceScheme)
	}
	switch {
	case e.SourcePort == nil || *e.SourcePort == -1 || *e.SourcePort == 0:
		// -1 is the protocol's unspecified port; 0, which no server
		// listens on, is read as unspecified too.
	case *e.SourcePort < 1 || *e.SourcePort > 65535:
		return nil, fmt.Errorf("sourcePort %d: not -1 (unspecified) or a port 1-65535", *e.SourcePort)
	default:
		c.SourcePort = *e.SourcePort
	}
	if e.PartitionKey != nil {
		p, err := partitionOf(*e.PartitionKey, psl)
		if err != nil {
			return nil, err
		}
		c.Partition = p
	}
	return cookiemonster.NewCanonicalCookieFromStorage(c)
}

// partitionOf parses a partitionKey: the DevTools protocol's object
// {topLevelSite, hasCrossSiteAncestor}, or a bare top-level site string
// (Playwright, older DevTools).
func partitionOf(raw json.RawMessage, psl cookiemonster.PublicSuffixList) (cookiemonster.PartitionKey, error) {
	var site string
	cross := true
	var obj struct {
		TopLevelSite         string `json:"topLevelSite"`
		HasCrossSiteAncestor *bool  `json:"hasCrossSiteAncestor"`
	}
	if err := json.Unmarshal(raw, &site); err != nil {
		if err := json.Unmarshal(raw, &obj); err != nil {
			return cookiemonster.PartitionKey{}, fmt.Errorf("partitionKey %s: neither a site nor {topLevelSite, hasCrossSiteAncestor}", raw)
		}
		site = obj.TopLevelSite
		if obj.HasCrossSiteAncestor != nil {
			cross = *obj.HasCrossSiteAncestor
		}
	}
	p, err := cookiemonster.PartitionKeyFromStorage(site, cross, psl)
	if err != nil {
		return cookiemonster.PartitionKey{}, fmt.Errorf("partitionKey %s: %w", raw, err)
	}
	return p, nil
}

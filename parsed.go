package cookiemonster

import (
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
// ("None", "Lax", "Strict"), or "Unspecified".
func (s SameSite) String() string {
	switch s {
	case SameSiteNone:
		return "None"
	case SameSiteLax:
		return "Lax"
	case SameSiteStrict:
		return "Strict"
	}
	return "Unspecified"
}

// parseSameSite maps an attribute value to a SameSite, case-insensitively.
func parseSameSite(v string) SameSite {
	switch {
	case strings.EqualFold(v, "none"):
		return SameSiteNone
	case strings.EqualFold(v, "lax"):
		return SameSiteLax
	case strings.EqualFold(v, "strict"):
		return SameSiteStrict
	}
	return SameSiteUnspecified
}

// Priority is a cookie's Priority attribute, which decides the order of
// eviction. The zero value is PriorityMedium, the default.
type Priority int8

// Priority values, ordered from the first evicted to the last.
const (
	PriorityLow    Priority = -1
	PriorityMedium Priority = 0
	PriorityHigh   Priority = 1
)

// String returns "Low", "Medium" or "High".
func (p Priority) String() string {
	switch p {
	case PriorityLow:
		return "Low"
	case PriorityHigh:
		return "High"
	}
	return "Medium"
}

// parsePriority maps an attribute value to a Priority, case-insensitively;
// anything unrecognized is PriorityMedium.
func parsePriority(v string) Priority {
	switch {
	case strings.EqualFold(v, "low"):
		return PriorityLow
	case strings.EqualFold(v, "high"):
		return PriorityHigh
	}
	return PriorityMedium
}

// Attribute is one attribute of a Set-Cookie line, name as written.
type Attribute struct {
	Name, Value string
}

// Recognized attributes, indexes into ParsedCookie.known.
const (
	attrPath = iota
	attrDomain
	attrExpires
	attrMaxAge
	attrSameSite
	attrPriority
	numKnownAttrs
)

// ParsedCookie is one Set-Cookie line split into its name, value and
// attributes, as RFC 6265bis §5.6 does it, with Chromium's size limits. It
// knows nothing of URLs or time: NewCanonicalCookie turns it into a cookie.
//
// The zero value is an empty, invalid cookie; use ParseCookie or the
// setters.
type ParsedCookie struct {
	name, value string
	attrs       []Attribute
	// known[i] is 1 + the index in attrs of the last occurrence of a
	// recognized attribute, 0 when absent.
	known                         [numKnownAttrs]int16
	secure, httpOnly, partitioned bool
	sameSite                      SameSite
	priority                      Priority
	inline                        [7]Attribute
}

// isCTL reports whether b is a control character that a cookie line may not
// hold: 0x00–0x1F other than HTAB, and 0x7F.
func isCTL(b byte) bool { return (b < 0x20 && b != '\t') || b == 0x7f }

func isSpace(b byte) bool { return b == ' ' || b == '\t' }

// trimSpace removes leading and trailing SP and HTAB.
func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
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

// ParseCookie parses one Set-Cookie header value. On success it returns the
// cookie and a status that holds only warnings (an attribute value over 1024
// bytes is dropped with WarnAttributeValueExceedsMaxSize). On failure it
// returns nil and the reason: ExcludeNoCookieContent for an empty or
// whitespace-only line, ExcludeDisallowedCharacter for a control character
// other than HTAB anywhere in the line, ExcludeNameValuePairExceedsMaxSize
// when the name and value together exceed 4096 bytes.
//
// A first pair without '=' is a nameless cookie: "abc" has the name "" and
// the value "abc", and so has "=abc"; "=a=b" has the value "a=b".
func ParseCookie(line string) (*ParsedCookie, InclusionStatus) {
	var st InclusionStatus
	if hasCTL(line) {
		st.AddExclusion(ExcludeDisallowedCharacter)
		return nil, st
	}
	// The name-value pair runs to the first ';'.
	end := strings.IndexByte(line, ';')
	if end < 0 {
		end = len(line)
	}
	first := line[:end]
	var name, value string
	if eq := strings.IndexByte(first, '='); eq >= 0 {
		name, value = trimSpace(first[:eq]), trimSpace(first[eq+1:])
	} else {
		value = trimSpace(first)
	}
	if name == "" && value == "" {
		st.AddExclusion(ExcludeNoCookieContent)
		return nil, st
	}
	if len(name)+len(value) > MaxNameValueSize {
		st.AddExclusion(ExcludeNameValuePairExceedsMaxSize)
		return nil, st
	}
	pc := &ParsedCookie{name: name, value: value}
	pc.attrs = pc.inline[:0]
	for end < len(line) {
		rest := line[end+1:]
		next := strings.IndexByte(rest, ';')
		if next < 0 {
			next = len(rest)
		}
		seg := rest[:next]
		end += 1 + next
		var an, av string
		if eq := strings.IndexByte(seg, '='); eq >= 0 {
			an, av = trimSpace(seg[:eq]), trimSpace(seg[eq+1:])
		} else {
			an = trimSpace(seg)
		}
		if an == "" && av == "" {
			continue // an empty segment, as in "a=b;;secure"
		}
		if len(av) > MaxAttributeValueSize {
			st.AddWarning(WarnAttributeValueExceedsMaxSize)
			continue
		}
		pc.addAttr(an, av)
	}
	return pc, st
}

// addAttr appends an attribute and records what it sets.
func (pc *ParsedCookie) addAttr(name, value string) {
	if len(pc.attrs) >= 1<<15-1 {
		// The index would overflow; an attribute this far down a line
		// changes nothing a browser would honour either.
		return
	}
	pc.attrs = append(pc.attrs, Attribute{Name: name, Value: value})
	pc.apply(len(pc.attrs)-1, name, value)
}

// apply records the effect of the attribute at index i.
func (pc *ParsedCookie) apply(i int, name, value string) {
	idx := int16(i + 1)
	switch len(name) {
	case 4:
		if strings.EqualFold(name, "path") {
			pc.known[attrPath] = idx
		}
	case 6:
		if strings.EqualFold(name, "domain") {
			pc.known[attrDomain] = idx
		} else if strings.EqualFold(name, "secure") {
			pc.secure = true
		}
	case 7:
		if strings.EqualFold(name, "expires") {
			pc.known[attrExpires] = idx
		} else if strings.EqualFold(name, "max-age") {
			pc.known[attrMaxAge] = idx
		}
	case 8:
		if strings.EqualFold(name, "samesite") {
			pc.known[attrSameSite] = idx
			pc.sameSite = parseSameSite(value)
		} else if strings.EqualFold(name, "httponly") {
			pc.httpOnly = true
		} else if strings.EqualFold(name, "priority") {
			pc.known[attrPriority] = idx
			pc.priority = parsePriority(value)
		}
	case 11:
		if strings.EqualFold(name, "partitioned") {
			pc.partitioned = true
		}
	}
}

// IsValid reports whether the cookie has a name or a value, and a name and
// value that fit the limits.
func (pc *ParsedCookie) IsValid() bool {
	return pc != nil && (pc.name != "" || pc.value != "") && len(pc.name)+len(pc.value) <= MaxNameValueSize
}

// Name returns the cookie's name; "" for a nameless cookie.
func (pc *ParsedCookie) Name() string { return pc.name }

// Value returns the cookie's value, DQUOTEs included.
func (pc *ParsedCookie) Value() string { return pc.value }

func (pc *ParsedCookie) knownValue(k int) (string, bool) {
	if i := pc.known[k]; i > 0 {
		return pc.attrs[i-1].Value, true
	}
	return "", false
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
func (pc *ParsedCookie) Secure() bool { return pc.secure }

// HTTPOnly reports whether the HttpOnly attribute is present.
func (pc *ParsedCookie) HTTPOnly() bool { return pc.httpOnly }

// Partitioned reports whether the Partitioned attribute is present.
func (pc *ParsedCookie) Partitioned() bool { return pc.partitioned }

// SameSite returns the value of the last SameSite attribute, or
// SameSiteUnspecified when it is absent or unrecognized.
func (pc *ParsedCookie) SameSite() SameSite { return pc.sameSite }

// Priority returns the value of the last Priority attribute, or
// PriorityMedium when it is absent or unrecognized.
func (pc *ParsedCookie) Priority() Priority { return pc.priority }

// Attributes returns a copy of every attribute in line order, unknown ones
// included. Empty segments and attributes dropped for their size are not
// listed.
func (pc *ParsedCookie) Attributes() []Attribute {
	return append([]Attribute(nil), pc.attrs...)
}

// String serializes the cookie as a Set-Cookie line that parses back to an
// equal cookie. A nameless cookie is written as "=value" so that a value
// holding '=' keeps its meaning.
func (pc *ParsedCookie) String() string {
	n := len(pc.name) + len(pc.value) + 1
	for _, a := range pc.attrs {
		n += 3 + len(a.Name) + len(a.Value)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(pc.name)
	b.WriteByte('=')
	b.WriteString(pc.value)
	for _, a := range pc.attrs {
		b.WriteString("; ")
		b.WriteString(a.Name)
		if a.Value != "" {
			b.WriteByte('=')
			b.WriteString(a.Value)
		}
	}
	return b.String()
}

// validToken reports whether s can be a cookie name: no control character
// other than HTAB, no ';' or '=', and no whitespace at either end.
func validToken(s string) bool {
	return !strings.ContainsAny(s, ";=") && validValue(s)
}

// validValue reports whether s can be a cookie or attribute value: no
// control character other than HTAB, no ';', no whitespace at either end.
func validValue(s string) bool {
	return !hasCTL(s) && strings.IndexByte(s, ';') < 0 && trimSpace(s) == s
}

// SetName replaces the name. It returns ExcludeDisallowedCharacter for a
// name the parser could not have produced, ExcludeNoCookieContent when both
// name and value would be empty, ExcludeNameValuePairExceedsMaxSize when they
// would exceed 4096 bytes.
func (pc *ParsedCookie) SetName(name string) error {
	return pc.setPair(name, pc.value)
}

// SetValue replaces the value, with the checks of SetName.
func (pc *ParsedCookie) SetValue(value string) error {
	return pc.setPair(pc.name, value)
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
	pc.name, pc.value = name, value
	return nil
}

// setKnown sets the value of a recognized attribute: it replaces the last
// occurrence, or appends the attribute.
func (pc *ParsedCookie) setKnown(k int, name, value string) error {
	if !validValue(value) {
		return ExcludeDisallowedCharacter
	}
	if len(value) > MaxAttributeValueSize {
		return ExcludeAttributeValueExceedsMaxSize
	}
	if i := pc.known[k]; i > 0 {
		pc.attrs[i-1].Value = value
		pc.apply(int(i-1), pc.attrs[i-1].Name, value)
		return nil
	}
	pc.addAttr(name, value)
	return nil
}

// SetPath sets the Path attribute, with the parser's checks on the value.
func (pc *ParsedCookie) SetPath(path string) error { return pc.setKnown(attrPath, "Path", path) }

// SetDomain sets the Domain attribute, with the parser's checks on the value.
func (pc *ParsedCookie) SetDomain(domain string) error {
	return pc.setKnown(attrDomain, "Domain", domain)
}

// SetExpires sets the Expires attribute, with the parser's checks on the
// value.
func (pc *ParsedCookie) SetExpires(expires string) error {
	return pc.setKnown(attrExpires, "Expires", expires)
}

// SetMaxAge sets the Max-Age attribute, with the parser's checks on the value.
func (pc *ParsedCookie) SetMaxAge(maxAge string) error {
	return pc.setKnown(attrMaxAge, "Max-Age", maxAge)
}

// SetSameSite sets the SameSite attribute; SameSiteUnspecified removes it.
func (pc *ParsedCookie) SetSameSite(s SameSite) {
	if s == SameSiteUnspecified {
		pc.removeNamed("samesite")
		return
	}
	_ = pc.setKnown(attrSameSite, "SameSite", s.String())
}

// SetPriority sets the Priority attribute.
func (pc *ParsedCookie) SetPriority(p Priority) {
	_ = pc.setKnown(attrPriority, "Priority", p.String())
}

// SetSecure adds or removes the Secure attribute.
func (pc *ParsedCookie) SetSecure(on bool) { pc.setFlag("Secure", on) }

// SetHTTPOnly adds or removes the HttpOnly attribute.
func (pc *ParsedCookie) SetHTTPOnly(on bool) { pc.setFlag("HttpOnly", on) }

// SetPartitioned adds or removes the Partitioned attribute.
func (pc *ParsedCookie) SetPartitioned(on bool) { pc.setFlag("Partitioned", on) }

func (pc *ParsedCookie) setFlag(name string, on bool) {
	if !on {
		pc.removeNamed(name)
		return
	}
	present := pc.partitioned
	switch name {
	case "Secure":
		present = pc.secure
	case "HttpOnly":
		present = pc.httpOnly
	}
	if !present {
		pc.addAttr(name, "")
	}
}

// removeNamed removes every attribute with the given name (any case) and
// recomputes what the remaining attributes set.
func (pc *ParsedCookie) removeNamed(name string) {
	kept := pc.attrs[:0]
	for _, a := range pc.attrs {
		if !strings.EqualFold(a.Name, name) {
			kept = append(kept, a)
		}
	}
	clear(pc.attrs[len(kept):])
	pc.attrs = kept
	pc.known = [numKnownAttrs]int16{}
	pc.secure, pc.httpOnly, pc.partitioned = false, false, false
	pc.sameSite, pc.priority = SameSiteUnspecified, PriorityMedium
	for i, a := range pc.attrs {
		pc.apply(i, a.Name, a.Value)
	}
}

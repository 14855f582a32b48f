package cookiedate

import "time"

// httpDateLayouts are the three forms of an HTTP-date (RFC 9110 §5.6.7).
var httpDateLayouts = [...]string{
	"Mon, 02 Jan 2006 15:04:05 GMT",  // IMF-fixdate
	"Monday, 02-Jan-06 15:04:05 GMT", // RFC 850
	"Mon Jan _2 15:04:05 2006",       // asctime
}

// zoneNames are the zone names a Date header may end with, and their
// offsets in hours.
var zoneNames = map[string]int{
	"gmt": 0, "ut": 0, "utc": 0, "z": 0,
	"est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}

// ParseHTTPDate parses the value of a Date response header, the server's
// clock, as leniently as Chromium does (it accepts what its general date
// parser makes sense of): an HTTP-date in any of its three forms, or else
// any date that [ParseExpiry] reads, shifted by a zone given after the
// time, as a name (GMT, UTC, UT, Z and the North American zones) or as an
// offset (+0100), and taken as UTC without one. The result is in UTC.
func ParseHTTPDate(s string) (time.Time, bool) {
	for _, layout := range httpDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	t, early, ok := ParseExpiry(s)
	if !ok || early {
		return time.Time{}, false
	}
	return t.Add(-zoneOffset(s)), true
}

// zoneOffset returns the offset of the zone that follows the first time
// token of s, zero when there is none.
func zoneOffset(s string) time.Duration {
	afterTime := false
	for i := 0; i < len(s); {
		for i < len(s) && isDelimiter(s[i]) {
			i++
		}
		start := i
		for i < len(s) && !isDelimiter(s[i]) {
			i++
		}
		if start == i {
			break
		}
		tok := s[start:i]
		if !afterTime {
			if isDigit(tok[0]) {
				_, _, _, afterTime = chromiumTime(tok)
			}
			continue
		}
		if h, ok := zoneNames[lower(tok)]; ok {
			return time.Duration(h) * time.Hour
		}
		if sign := s[start-1]; (sign == '+' || sign == '-') && len(tok) == 4 {
			hhmm, ok := allDigits(tok)
			if ok && hhmm%100 < 60 {
				d := time.Duration(hhmm/100)*time.Hour + time.Duration(hhmm%100)*time.Minute
				if sign == '-' {
					d = -d
				}
				return d
			}
		}
	}
	return 0
}

// lower returns s in ASCII lower case, when it is short enough to be a zone
// name; "" otherwise.
func lower(s string) string {
	if len(s) > 3 {
		return ""
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

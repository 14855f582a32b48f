// Package cookiedate parses the value of the Expires attribute of a
// Set-Cookie header as Chromium 156 does. Like the "cookie-date" algorithm
// of RFC 6265bis §5.1.1 it splits the input into tokens on a wide set of
// delimiter characters and keeps the first token found for each field, but
// it tells the fields apart by the form of each token, and it reads one-
// and five-digit years where the RFC reads none; see [ParseExpiry].
package cookiedate

import (
	"strings"
	"time"
)

// isDelimiter reports whether c is a cookie-date delimiter:
//
//	delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
func isDelimiter(c byte) bool {
	switch {
	case c == 0x09:
		return true
	case c >= 0x20 && c <= 0x2F:
		return true
	case c >= 0x3B && c <= 0x40:
		return true
	case c >= 0x5B && c <= 0x60:
		return true
	case c >= 0x7B && c <= 0x7E:
		return true
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number parses tok, which holds only ASCII digits, as a decimal number no
// larger than maxValue. It reports false for an empty token, any other
// byte, or a larger value.
func number(tok string, maxValue int) (int, bool) {
	if tok == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(tok); i++ {
		if !isDigit(tok[i]) {
			return 0, false
		}
		n = n*10 + int(tok[i]-'0')
		if n > maxValue {
			return 0, false
		}
	}
	return n, true
}

// maxTimeField is the largest value a time field may hold before it is no
// number at all (Chromium reads the fields as 32-bit unsigned integers);
// any value above 59 makes the date invalid later anyway.
const maxTimeField = 1<<32 - 1

// parseTime reads a token of exactly three ':'-separated fields of digits,
// of any length ("003:04:05" is 03:04:05), as hours, minutes and seconds.
// Anything else ("03:04", "03:04:05:06", "03:04:05GMT") is no time.
func parseTime(tok string) (hour, minute, second int, ok bool) {
	h, rest, ok1 := strings.Cut(tok, ":")
	m, sec, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 {
		return 0, 0, 0, false
	}
	var ok3, ok4, ok5 bool
	hour, ok3 = number(h, maxTimeField)
	minute, ok4 = number(m, maxTimeField)
	second, ok5 = number(sec, maxTimeField) // a fourth field leaves a ':' here
	return hour, minute, second, ok3 && ok4 && ok5
}

// monthNames holds the lower-case three-letter month prefixes, January first.
const monthNames = "janfebmaraprmayjunjulaugsepoctnovdec"

// parseMonth matches month = ( "jan" / "feb" / ... / "dec" ) *OCTET,
// comparing the first three octets case-insensitively.
func parseMonth(tok string) (time.Month, bool) {
	if len(tok) < 3 {
		return 0, false
	}
	// ASCII lower-casing: OR-ing 0x20 maps 'A'-'Z' onto 'a'-'z' and maps no
	// other byte onto a lower-case letter, so non-letters never match.
	a, b, c := tok[0]|0x20, tok[1]|0x20, tok[2]|0x20
	for i := 0; i < len(monthNames); i += 3 {
		if monthNames[i] == a && monthNames[i+1] == b && monthNames[i+2] == c {
			return time.Month(i/3 + 1), true
		}
	}
	return 0, false
}

// daysIn returns the number of days in month m of year y (proleptic
// Gregorian calendar).
func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Parse parses s as Chromium 156 reads an Expires attribute and reports
// whether it is a valid date from 1601 on. The result is in UTC; on failure
// the zero time.Time and false are returned.
//
// Parse operates on bytes, never allocates and accepts arbitrary input,
// including invalid UTF-8.
func Parse(s string) (time.Time, bool) {
	t, early, ok := ParseExpiry(s)
	return t, ok && !early
}

// ParseExpiry parses s as Chromium 156 reads an Expires attribute
// (ParseCookieExpirationTime). The input is split into tokens at the
// delimiters of RFC 6265bis §5.1.1, and each token is classified by its
// form, not tried against every field as the RFC's algorithm does:
//
//   - a token that starts with a non-digit is the month when its first
//     three letters name one ("January", "Janxyz"), and no month was seen;
//   - a token that starts with a digit and holds a ':' is the time when it
//     is exactly three fields of digits, of any length, and no time was seen
//     ("03:04:05GMT" and "1:2:3:4" are not times);
//   - any other token that starts with a digit is the day of the month when
//     it has at most two bytes and no day was seen, else the year when it
//     has at most five bytes and no year was seen; either must be all digits
//     ("2nd" is neither, and no longer a candidate for the year).
//
// A year of 0–69 is 2000–2069 and one of 70–99 is 1970–1999, whatever the
// number of digits ("0" is 2000, "02000" is 2000). The date is invalid
// unless all four were found and are in range (day 1–31 and within the
// month, hour 0–23, minute and second 0–59).
//
// A valid date whose year is before 1601 is not ignored but lies before any
// time a cookie store can hold, which early reports (t is then zero). Years
// after 9999, up to 99999, are valid dates.
func ParseExpiry(s string) (t time.Time, early, ok bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool

		hour, minute, second int
		day, year            int
		month                time.Month
	)

	for i := 0; i < len(s); {
		// Skip delimiters.
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

		switch {
		case !isDigit(tok[0]):
			if !foundMonth {
				month, foundMonth = parseMonth(tok)
			}
		case strings.IndexByte(tok, ':') >= 0:
			if !foundTime {
				hour, minute, second, foundTime = parseTime(tok)
			}
		case !foundDay && len(tok) <= 2:
			day, foundDay = number(tok, 99)
		case !foundYear && len(tok) <= 5:
			year, foundYear = number(tok, 99999)
		}
	}

	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return time.Time{}, false, false
	}
	switch {
	case year >= 70 && year <= 99:
		year += 1900
	case year >= 0 && year <= 69:
		year += 2000
	}
	if day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || day > daysIn(month, year) {
		return time.Time{}, false, false
	}
	if year < 1601 {
		return time.Time{}, true, true
	}
	return time.Date(year, month, day, hour, minute, second, 0, time.UTC), false, true
}

// Package cookiedate implements the "cookie-date" parsing algorithm of
// RFC 6265bis §5.1.1 (identical to RFC 6265 §5.1.1), which user agents use
// to interpret the value of the Expires attribute of a Set-Cookie header
// ([Parse]), and Chromium's reading of that attribute ([ParseExpiry]).
//
// The algorithm is deliberately lenient: the input is split into tokens on
// a wide set of delimiter characters, and each token is tried in turn as a
// time, a day of the month, a month name and a year. Only the first token
// that matches each field is used; all other tokens are ignored.
package cookiedate

import "time"

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

// digits parses between minN and maxN decimal digits at the start of tok.
// It returns the value and the number of bytes consumed. It fails if fewer
// than minN digits are present or if more than maxN digits are present in
// a row (the production requires the run to be followed by a non-digit or
// the end of the token).
func digits(tok string, minN, maxN int) (val, n int, ok bool) {
	for n < len(tok) && isDigit(tok[n]) {
		if n == maxN {
			return 0, 0, false
		}
		val = val*10 + int(tok[n]-'0')
		n++
	}
	if n < minN {
		return 0, 0, false
	}
	return val, n, true
}

// parseTime matches
//
//	time       = hms-time [ non-digit *OCTET ]
//	hms-time   = time-field ":" time-field ":" time-field
//	time-field = 1*2DIGIT
func parseTime(tok string) (hour, minute, second int, ok bool) {
	hour, n, ok := digits(tok, 1, 2)
	if !ok || n >= len(tok) || tok[n] != ':' {
		return 0, 0, 0, false
	}
	tok = tok[n+1:]
	minute, n, ok = digits(tok, 1, 2)
	if !ok || n >= len(tok) || tok[n] != ':' {
		return 0, 0, 0, false
	}
	tok = tok[n+1:]
	// digits already guarantees the run is followed by a non-digit or
	// the end of the token, so any trailing junk is accepted.
	second, _, ok = digits(tok, 1, 2)
	if !ok {
		return 0, 0, 0, false
	}
	return hour, minute, second, true
}

// parseDayOfMonth matches day-of-month = 1*2DIGIT [ non-digit *OCTET ].
func parseDayOfMonth(tok string) (int, bool) {
	v, _, ok := digits(tok, 1, 2)
	return v, ok
}

// parseYear matches year = 2*4DIGIT [ non-digit *OCTET ].
func parseYear(tok string) (int, bool) {
	v, _, ok := digits(tok, 2, 4)
	return v, ok
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

// nextToken returns the first token of s, the run of non-delimiters after
// any leading delimiters, and what follows it; tok is "" when s holds no
// more tokens.
func nextToken(s string) (tok, rest string) {
	i := 0
	for i < len(s) && isDelimiter(s[i]) {
		i++
	}
	start := i
	for i < len(s) && !isDelimiter(s[i]) {
		i++
	}
	return s[start:i], s[i:]
}

// Parse parses s with the cookie-date algorithm of RFC 6265bis §5.1.1 and
// reports whether it is a valid cookie-date. The result is in UTC; on
// failure the zero time.Time and false are returned.
//
// Parse operates on bytes, never allocates and accepts arbitrary input,
// including invalid UTF-8.
func Parse(s string) (time.Time, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool

		hour, minute, second int
		day, year            int
		month                time.Month
	)

	for tok, rest := nextToken(s); tok != ""; tok, rest = nextToken(rest) {
		if !foundTime {
			if h, m, sec, ok := parseTime(tok); ok {
				foundTime = true
				hour, minute, second = h, m, sec
				continue
			}
		}
		if !foundDay {
			if d, ok := parseDayOfMonth(tok); ok {
				foundDay = true
				day = d
				continue
			}
		}
		if !foundMonth {
			if m, ok := parseMonth(tok); ok {
				foundMonth = true
				month = m
				continue
			}
		}
		if !foundYear {
			if y, ok := parseYear(tok); ok {
				foundYear = true
				year = y
				continue
			}
		}
	}

	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return time.Time{}, false
	}
	t, early, ok := makeDate(year, month, day, hour, minute, second)
	if early {
		return time.Time{}, false
	}
	return t, ok
}

// makeDate checks and assembles the fields of a cookie-date: a year of two
// digits or fewer is 1970-2069, and the date must exist. A date before 1601
// is early (t is then zero).
func makeDate(year int, month time.Month, day, hour, minute, second int) (t time.Time, early, ok bool) {
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

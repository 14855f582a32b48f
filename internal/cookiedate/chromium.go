package cookiedate

import (
	"strings"
	"time"
)

// ParseExpiry reads s as Chromium reads the value of an Expires attribute.
// It splits s on the delimiters of Parse, but sorts the tokens otherwise:
//
//   - a token that starts with a non-digit can only be the month: the first
//     one whose first three letters name a month, in any case;
//   - a token that starts with a digit and holds a ':' can only be the
//     time: the first one made of exactly three ':'-separated runs of
//     digits, each below 2^32 (so "10:11:12Z" and "1:2" are no time, and a
//     later time token is then still read);
//   - any other token that starts with a digit is the day when no day was
//     found yet and it has at most two bytes, and else the year when no year
//     was found yet and it has at most five bytes; a token of other bytes
//     than digits is neither ("1st" is no day).
//
// A year of two digits or fewer is 1970-2069, and the date must exist. A
// valid date before 1601 is not ignored but lies before any time a cookie
// store can hold, which early reports (t is then zero); a year up to 99999
// is read. The result is in UTC.
func ParseExpiry(s string) (t time.Time, early, ok bool) {
	if t, early, ok, fixed := parseFixdate(s); fixed {
		return t, early, ok
	}
	return parseExpiryTokens(s)
}

// parseFixdate reads s when it is an IMF-fixdate, the form servers write
// ("Sun, 06 Nov 1994 08:49:37 GMT", with one of the seven day names as
// written there), without splitting it into tokens; fixed is false for
// any other s. Its fields are exactly the tokens parseExpiryTokens would
// take (a day name is no month), so the result is the same.
func parseFixdate(s string) (t time.Time, early, ok, fixed bool) {
	if len(s) != len("Sun, 06 Nov 1994 08:49:37 GMT") || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
		s[16] != ' ' || s[19] != ':' || s[22] != ':' || s[25:] != " GMT" || !isDayName(s[:3]) {
		return time.Time{}, false, false, false
	}
	month, isMonth := parseMonth(s[8:11])
	day, d1 := twoDigits(s[5:7])
	y1, y2 := twoDigits(s[12:14])
	y3, y4 := twoDigits(s[14:16])
	hour, h := twoDigits(s[17:19])
	minute, m := twoDigits(s[20:22])
	second, sec := twoDigits(s[23:25])
	if !isMonth || !d1 || !y2 || !y4 || !h || !m || !sec {
		return time.Time{}, false, false, false
	}
	t, early, ok = makeDate(y1*100+y3, month, day, hour, minute, second)
	return t, early, ok, true
}

// isDayName reports whether s is a day name as an IMF-fixdate writes it.
func isDayName(s string) bool {
	switch s {
	case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
		return true
	}
	return false
}

// twoDigits reads two decimal digits.
func twoDigits(s string) (int, bool) {
	if !isDigit(s[0]) || !isDigit(s[1]) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// parseExpiryTokens is ParseExpiry for any s.
func parseExpiryTokens(s string) (t time.Time, early, ok bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool

		hour, minute, second int
		day, year            int
		month                time.Month
	)
	for tok, rest := nextToken(s); tok != ""; tok, rest = nextToken(rest) {
		switch {
		case !isDigit(tok[0]):
			if !foundMonth {
				month, foundMonth = parseMonth(tok)
			}
		case strings.IndexByte(tok, ':') >= 0:
			if !foundTime {
				hour, minute, second, foundTime = chromiumTime(tok)
			}
		case !foundDay && len(tok) <= 2:
			day, foundDay = allDigits(tok)
		case !foundYear && len(tok) <= 5:
			year, foundYear = allDigits(tok)
		}
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return time.Time{}, false, false
	}
	return makeDate(year, month, day, hour, minute, second)
}

// chromiumTime reads a time token: three runs of digits separated by ':',
// each below 2^32. A field above 59 is out of range whatever its value, so
// fields are narrowed to at most 1<<16 (which fits an int everywhere).
func chromiumTime(tok string) (hour, minute, second int, ok bool) {
	var fields [3]int
	for i := range fields {
		field, rest, more := strings.Cut(tok, ":")
		if more != (i < len(fields)-1) {
			return 0, 0, 0, false
		}
		v, ok := digits64(field)
		if !ok || v > 1<<32-1 {
			return 0, 0, 0, false
		}
		fields[i], tok = int(min(v, 1<<16)), rest
	}
	return fields[0], fields[1], fields[2], true
}

// allDigits reads s as a decimal number; it reports false when s is empty
// or holds another byte than a digit. A value above 2^20 saturates there:
// the callers read days, years of at most five digits and zone offsets.
func allDigits(s string) (int, bool) {
	v, ok := digits64(s)
	return int(min(v, 1<<20)), ok
}

// digits64 is allDigits in 64 bits, saturating at 2^32.
func digits64(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		v = min(v*10+int64(s[i]-'0'), 1<<32)
	}
	return v, true
}

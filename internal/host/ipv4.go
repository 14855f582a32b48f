package host

import (
	"strconv"
	"strings"
)

// endsInNumber reports whether the host name s (lower-case ASCII) must be
// read as an IPv4 address, as the URL Standard's host parser and Chromium
// decide: its last label, after one trailing dot is dropped, is all digits or
// a 0x-prefixed hexadecimal number.
func endsInNumber(s string) bool {
	if len(s) > 1 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	last := s[strings.LastIndexByte(s, '.')+1:]
	if last == "" {
		return false
	}
	if c := last[len(last)-1]; c >= 'g' && c <= 'z' && c != 'x' {
		return false // no number ends so, as most top-level domains do
	}
	if strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := ipv4Number(last)
	return ok
}

// ipv4Number parses one part of an IPv4 host: decimal, octal with a
// leading 0, or hexadecimal with a leading 0x ("0x" alone is 0). A value
// that does not fit in 40 bits is reported as 1<<40, too large for any part.
func ipv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var base uint64 = 10
	switch {
	case len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		s, base = s[2:], 16
	case len(s) >= 2 && s[0] == '0':
		s, base = s[1:], 8
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := digitValue(s[i])
		if d >= base {
			return 0, false
		}
		if n < 1<<40 {
			n = n*base + d
		}
	}
	return min(n, 1<<40), true
}

// digitValue returns the value of the hexadecimal digit b, or 99.
func digitValue(b byte) uint64 {
	switch {
	case '0' <= b && b <= '9':
		return uint64(b - '0')
	case 'a' <= b && b <= 'f':
		return uint64(b-'a') + 10
	case 'A' <= b && b <= 'F':
		return uint64(b-'A') + 10
	}
	return 99
}

// parseIPv4 reads s, a host that ends in a number, as an IPv4 address in
// any of the URL Standard's forms ("1.2.3", "0x7f.1", "16843009", "01.02.03.04",
// one trailing dot) and returns it in dotted-decimal form, or false when s
// is not a valid address (then the host is invalid).
func parseIPv4(s string) (string, bool) {
	rest := s
	if len(rest) > 1 && rest[len(rest)-1] == '.' {
		rest = rest[:len(rest)-1]
	}
	var nums [4]uint64
	n := 0
	for {
		part, tail, more := strings.Cut(rest, ".")
		if n == len(nums) {
			return "", false
		}
		v, ok := ipv4Number(part)
		if !ok {
			return "", false
		}
		nums[n] = v
		n++
		if !more {
			break
		}
		rest = tail
	}
	for _, v := range nums[:n-1] {
		if v > 255 {
			return "", false
		}
	}
	last := nums[n-1]
	if last >= 1<<(8*(5-n)) {
		return "", false
	}
	addr := last
	for i, v := range nums[:n-1] {
		addr += v << (8 * (3 - i))
	}
	var buf [15]byte
	out := buf[:0]
	for i := 3; i >= 0; i-- {
		out = strconv.AppendUint(out, addr>>(8*i)&0xff, 10)
		if i > 0 {
			out = append(out, '.')
		}
	}
	if string(out) == s {
		return s, true // already canonical: no copy
	}
	return string(out), true
}

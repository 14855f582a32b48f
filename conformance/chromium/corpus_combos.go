package main

import "fmt"

// combo adds a scenario of category "combo-"+cat, as add does, and returns
// it for adjusting; the pointer is valid until the next scenario is added.
func (b *builder) combo(cat, u string, lines []string, extra ...string) *Scenario {
	b.add("combo-"+cat, u, lines, extra...)
	return &b.list[len(b.list)-1]
}

// combos adds the systematic single-navigation combinations.
func combos(b *builder) {
	comboControls(b)
}

// comboControls puts every control byte, 0x00–0x1F and 0x7F, in every part
// of a line: the name, the value, a nameless value, an attribute's name,
// and the values of Path, Domain and an unknown attribute. CR, LF and NUL
// break the header itself; whatever Chromium makes of them is recorded.
func comboControls(b *builder) {
	const h = "http://www.example.com/dir/page"
	var ctls []string
	for c := 0; c < 0x20; c++ {
		ctls = append(ctls, string(rune(c)))
	}
	ctls = append(ctls, "\x7f")
	for _, c := range ctls {
		for _, l := range []string{
			c + "a=b",
			"a" + c + "b=c",
			"a" + c + "=b",
			"a=" + c + "b",
			"a=b" + c + "c",
			"a=b" + c,
			"b" + c + "c",
			"a=b; Pa" + c + "th=/",
			"a=b; Path=/p" + c + "q",
			"a=b; Domain=exa" + c + "mple.com",
			"a=b; foo=b" + c + "ar",
		} {
			b.combo(fmt.Sprintf("ctl-%02x", c[0]), h, []string{l})
		}
	}
}

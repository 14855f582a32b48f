package golden

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteReadsBack(t *testing.T) {
	f := File{
		Chromium:  "Chrome/156",
		UserAgent: "UA <&>",
		Flags:     []string{"--a", "--b=c"},
		Results: []Result{
			{Scenario: Scenario{ID: "x-001", URL: "http://h/", SetCookie: []string{"a=<b>&c"}, Follow: []string{"http://h/"}},
				Time: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Cookies: []Cookie{{Name: "a", Value: "<b>&c", Expires: -1}},
				Requests: []Request{{URL: "http://h/", Reached: true, Cookie: "a=<b>&c", HasCookie: true}}},
			{Scenario: Scenario{ID: "x-002", Date: "Sat, 01 Jan 2000 00:00:00 GMT", SetCookie: []string{"a=\xff"}},
				Cookies: []Cookie{}, Requests: []Request{}},
		},
	}
	f.Results[1].KeepBytes()
	var b bytes.Buffer
	require.NoError(t, Write(&b, &f))
	assert.Equal(t, 9, strings.Count(b.String(), "\n"), "a line for each field and result, and four for the brackets")
	assert.Contains(t, b.String(), "a=<b>&c", "no HTML escaping")
	var back File
	require.NoError(t, json.Unmarshal(b.Bytes(), &back))
	f.Results[1].SetCookie = []string{"a=\ufffd"} // what a JSON string carries
	assert.Equal(t, f, back)
	assert.Equal(t, []string{"a=\xff"}, back.Results[1].Lines())
	assert.Equal(t, []string{"a=<b>&c"}, back.Results[0].Lines())
}

func TestKeepBytes(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  [][]byte
	}{
		{[]string{"a=b", "c=d"}, nil},
		{[]string{"a=\u00e9"}, nil},
		{[]string{"a=b", "c=\xc3"}, [][]byte{[]byte("a=b"), []byte("c=\xc3")}},
		{nil, nil},
	} {
		s := Scenario{SetCookie: tc.lines, SetCookieBytes: [][]byte{[]byte("stale")}}
		s.KeepBytes()
		assert.Equal(t, tc.want, s.SetCookieBytes)
		assert.Equal(t, tc.lines, s.Lines())
	}
}

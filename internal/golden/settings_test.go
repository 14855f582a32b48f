package golden

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSettingsWithPorts(t *testing.T) {
	s := &Settings{
		Default:         SettingBlock,
		BlockThirdParty: true,
		Exceptions: []Exception{
			{Primary: "https://a.example:PORT", Secondary: "http://b.example:PORT", Setting: SettingAllow},
			{Primary: "[*.]c.example", Setting: SettingSessionOnly},
			{Primary: "https://d.example:443", Secondary: "*", Setting: SettingBlock},
		},
		StorageAccess:         []Grant{{Embedded: "https://a.example:PORT", TopLevel: "https://b.example:PORT"}},
		TopLevelStorageAccess: []Grant{{Embedded: "https://a.example", TopLevel: "https://b.example:PORT"}},
		Legacy:                []string{"[*.]a.example", "http://e.example:PORT"},
	}
	got := s.WithPorts(map[string]int{"http": 8080, "https": 8443})
	assert.Equal(t, &Settings{
		Default:         SettingBlock,
		BlockThirdParty: true,
		Exceptions: []Exception{
			{Primary: "https://a.example:8443", Secondary: "http://b.example:8080", Setting: SettingAllow},
			{Primary: "[*.]c.example", Setting: SettingSessionOnly},
			{Primary: "https://d.example:443", Secondary: "*", Setting: SettingBlock},
		},
		StorageAccess:         []Grant{{Embedded: "https://a.example:8443", TopLevel: "https://b.example:8443"}},
		TopLevelStorageAccess: []Grant{{Embedded: "https://a.example", TopLevel: "https://b.example:8443"}},
		Legacy:                []string{"[*.]a.example", "http://e.example:8080"},
	}, got)
	assert.Equal(t, "https://a.example:PORT", s.Exceptions[0].Primary, "the original is left alone")

	assert.Nil(t, (*Settings)(nil).WithPorts(nil))
	assert.Equal(t, &Settings{Default: SettingAllow}, (&Settings{Default: SettingAllow}).WithPorts(nil), "nil lists stay nil")
}

func TestContentSettingValue(t *testing.T) {
	for in, want := range map[string]int{"": 1, SettingAllow: 1, SettingBlock: 2, SettingSessionOnly: 4} {
		got, err := ContentSettingValue(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := ContentSettingValue("ask")
	assert.Error(t, err)
}

func TestSettingsRoundTrip(t *testing.T) {
	f := &File{Chromium: "Chrome/1", Profile: ProfileSiteSettings, Results: []Result{
		{Scenario: Scenario{ID: "set-001", Category: "set", Settings: &Settings{
			Default:       SettingSessionOnly,
			Exceptions:    []Exception{{Primary: "[*.]a.example", Setting: SettingBlock}},
			StorageAccess: []Grant{{Embedded: "https://a.example:1", TopLevel: "https://b.example:1"}},
			Legacy:        []string{"a.example"},
		}, Steps: []Step{{Kind: StepRequestStorageAccess, Frame: 1}}},
			StepResults:  []StepResult{{Outcome: "resolved"}},
			Cookies:      []Cookie{},
			AfterRestart: []Cookie{},
		},
		{Scenario: Scenario{ID: "set-002", Category: "set", Settings: &Settings{}}, Cookies: []Cookie{},
			AfterRestart: []Cookie{{Name: "a", Value: "1", Domain: "a.example", Path: "/", Expires: 1e9}}},
		{Scenario: Scenario{ID: "set-003", Category: "set", Settings: &Settings{BlockThirdParty: true}}, Cookies: []Cookie{}},
	}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, f))
	assert.Contains(t, buf.String(), `"afterRestart":[]`, "none kept is recorded")
	got, err := Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, f, got)
	assert.NotNil(t, got.Results[0].AfterRestart)
	assert.Nil(t, got.Results[2].AfterRestart, "not recorded")
}

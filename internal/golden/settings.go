package golden

import (
	"fmt"
	"strconv"
	"strings"
)

// ProfileSiteSettings is the profile of the scenarios that carry their own
// cookie settings (Scenario.Settings): each plays in a browser whose
// preferences and permissions are those settings.
const ProfileSiteSettings = "site-settings"

// The cookie content settings, as a scenario's settings name them.
const (
	// SettingAllow allows cookies.
	SettingAllow = "allow"
	// SettingBlock blocks cookies.
	SettingBlock = "block"
	// SettingSessionOnly allows cookies, which the browser deletes when it
	// shuts down.
	SettingSessionOnly = "session-only"
)

// The step kinds of the Storage Access API.
const (
	// StepRequestStorageAccess calls document.requestStorageAccess() in
	// the document in Frame; its outcome is "resolved", or "rejected"
	// and the error's name.
	StepRequestStorageAccess = "request-storage-access"
	// StepHasStorageAccess calls document.hasStorageAccess() in the
	// document in Frame; its outcome is "true" or "false".
	StepHasStorageAccess = "has-storage-access"
)

// Settings are the cookie settings of a browser: Chromium's cookie content
// settings and controls, Storage Access grants, and the legacy cookie
// access setting.
type Settings struct {
	// Default is the default cookie content setting: SettingAllow (also
	// when empty), SettingBlock or SettingSessionOnly.
	Default string `json:"default,omitempty"`
	// BlockThirdParty blocks third-party cookies (Chromium's cookie
	// controls).
	BlockThirdParty bool `json:"blockThirdParty,omitempty"`
	// Exceptions are cookie content settings for pattern pairs.
	Exceptions []Exception `json:"exceptions,omitempty"`
	// StorageAccess are Storage Access grants: the embedded site may
	// request storage access under the top-level site without a prompt.
	StorageAccess []Grant `json:"storageAccess,omitempty"`
	// TopLevelStorageAccess are top-level Storage Access grants: requests
	// of the top-level site to the embedded one may carry cookies.
	TopLevelStorageAccess []Grant `json:"topLevelStorageAccess,omitempty"`
	// Legacy are content-settings patterns whose cookies have legacy
	// access semantics.
	Legacy []string `json:"legacy,omitempty"`
}

// Exception is a cookie content setting for the URLs that match Primary
// (the URL whose cookies are accessed) accessed from a top-level frame
// that matches Secondary ("" or "*": any).
type Exception struct {
	Primary   string `json:"primary"`
	Secondary string `json:"secondary,omitempty"`
	// Setting is SettingAllow, SettingBlock or SettingSessionOnly.
	Setting string `json:"setting"`
}

// Grant is a permission for an embedded origin under a top-level origin,
// such as "https://www.example.org:8443".
type Grant struct {
	Embedded string `json:"embedded"`
	TopLevel string `json:"topLevel"`
}

// ContentSettingValue returns the number Chromium's preferences keep for a
// content setting: 1 allow, 2 block, 4 session only.
func ContentSettingValue(setting string) (int, error) {
	switch setting {
	case SettingAllow, "":
		return 1, nil
	case SettingBlock:
		return 2, nil
	case SettingSessionOnly:
		return 4, nil
	}
	return 0, fmt.Errorf("golden: unknown content setting %q", setting)
}

// PortPlaceholder stands for a server's port in the patterns and origins of
// a scenario's settings before it is recorded: "https://www.example.com:PORT"
// is the https server's origin.
const PortPlaceholder = "PORT"

// WithPorts returns a copy of s whose patterns and origins have the port of
// their scheme in place of PortPlaceholder.
func (s *Settings) WithPorts(ports map[string]int) *Settings {
	if s == nil {
		return nil
	}
	fill := func(p string) string {
		scheme, _, ok := strings.Cut(p, "://")
		if !ok || !strings.Contains(p, ":"+PortPlaceholder) {
			return p
		}
		return strings.Replace(p, ":"+PortPlaceholder, ":"+strconv.Itoa(ports[scheme]), 1)
	}
	out := *s
	out.Exceptions = make([]Exception, len(s.Exceptions))
	for i, e := range s.Exceptions {
		out.Exceptions[i] = Exception{Primary: fill(e.Primary), Secondary: fill(e.Secondary), Setting: e.Setting}
	}
	grants := func(gs []Grant) []Grant {
		if gs == nil {
			return nil
		}
		out := make([]Grant, len(gs))
		for i, g := range gs {
			out[i] = Grant{Embedded: fill(g.Embedded), TopLevel: fill(g.TopLevel)}
		}
		return out
	}
	out.StorageAccess = grants(s.StorageAccess)
	out.TopLevelStorageAccess = grants(s.TopLevelStorageAccess)
	out.Legacy = make([]string, len(s.Legacy))
	for i, p := range s.Legacy {
		out.Legacy[i] = fill(p)
	}
	if s.Exceptions == nil {
		out.Exceptions = nil
	}
	if s.Legacy == nil {
		out.Legacy = nil
	}
	return &out
}

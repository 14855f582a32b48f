package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/cookiemonster-go/cookiemonster/internal/golden"
)

// Settings are a scenario's cookie settings.
type Settings = golden.Settings

// siteSettingsPath is where the results of the scenarios with settings go:
// next to out, "-site-settings" added to its name.
func siteSettingsPath(out string) string {
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + "-" + golden.ProfileSiteSettings + ext
}

// The cookie controls modes of Chromium's profile.cookie_controls_mode
// preference.
const (
	cookieControlsOff             = 0
	cookieControlsBlockThirdParty = 1
)

// settingsPrefs returns the Preferences file of a profile with the
// settings s, whose patterns carry their ports already:
//
//   - profile.cookie_controls_mode: 1 blocks third-party cookies, 0 not;
//   - profile.default_content_setting_values.cookies: the default cookie
//     content setting (1 allow, 2 block, 4 session only);
//   - profile.content_settings.exceptions.cookies: one entry per
//     exception, keyed "primary,secondary";
//   - profile.content_settings.exceptions.legacy_cookie_access: 1 (allow,
//     which is legacy access) for each legacy pattern, any top-level site.
func settingsPrefs(s *Settings) ([]byte, error) {
	mode := cookieControlsOff
	if s.BlockThirdParty {
		mode = cookieControlsBlockThirdParty
	}
	def, err := golden.ContentSettingValue(s.Default)
	if err != nil {
		return nil, err
	}
	type value struct {
		Setting int `json:"setting"`
	}
	exceptions := map[string]map[string]value{}
	add := func(kind, primary, secondary string, setting int) error {
		if secondary == "" {
			secondary = "*"
		}
		key := primary + "," + secondary
		if exceptions[kind] == nil {
			exceptions[kind] = map[string]value{}
		}
		if _, dup := exceptions[kind][key]; dup {
			return fmt.Errorf("two %s exceptions for %q", kind, key)
		}
		exceptions[kind][key] = value{setting}
		return nil
	}
	for _, e := range s.Exceptions {
		v, err := golden.ContentSettingValue(e.Setting)
		if err != nil {
			return nil, err
		}
		if err := add("cookies", e.Primary, e.Secondary, v); err != nil {
			return nil, err
		}
	}
	for _, p := range s.Legacy {
		if err := add("legacy_cookie_access", p, "", 1); err != nil {
			return nil, err
		}
	}
	profile := map[string]any{
		"cookie_controls_mode":           mode,
		"default_content_setting_values": map[string]int{"cookies": def},
	}
	if len(exceptions) > 0 {
		profile["content_settings"] = map[string]any{"exceptions": exceptions}
	}
	return json.Marshal(map[string]any{"profile": profile})
}

// writePrefs writes the Preferences file of the profile in the user data
// directory dir.
func writePrefs(dir string, prefs []byte) error {
	if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "Default", "Preferences"), prefs, 0o644)
}

// The permissions of the Storage Access API, as Browser.setPermission
// names them.
const (
	permStorageAccess         = "storage-access"
	permTopLevelStorageAccess = "top-level-storage-access"
)

// applyDevTools grants the Storage Access permissions of s through the
// DevTools protocol: Browser.setPermission with the top-level origin as
// origin and the embedded one as embeddedOrigin.
func applyDevTools(ctx context.Context, s *Settings) error {
	for _, g := range []struct {
		name   string
		grants []golden.Grant
	}{{permStorageAccess, s.StorageAccess}, {permTopLevelStorageAccess, s.TopLevelStorageAccess}} {
		for _, gr := range g.grants {
			p := browser.SetPermissionParams{
				Permission:     &browser.PermissionDescriptor{Name: g.name},
				Setting:        browser.PermissionSettingGranted,
				Origin:         gr.TopLevel,
				EmbeddedOrigin: gr.Embedded,
			}
			if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, p); err != nil {
				return fmt.Errorf("Browser.setPermission %s: %w", g.name, err)
			}
		}
	}
	return nil
}

// settingsFlags describes, for a golden file's flags, how a scenario's
// settings reach the browser.
var settingsFlags = []string{
	"Default/Preferences: each scenario's settings (profile.cookie_controls_mode, profile.default_content_setting_values.cookies, profile.content_settings.exceptions.cookies and .legacy_cookie_access)",
	"Browser.setPermission: each scenario's Storage Access grants (storage-access, top-level-storage-access; origin: the top-level origin, embeddedOrigin: the embedded one)",
	"after the steps: Browser.close, then a browser on the same user data directory reads the cookies left (afterRestart)",
}

// storageAccessStep plays a step of the Storage Access API in the document
// of st.Frame.
func storageAccessStep(ctx context.Context, st Step) (string, error) {
	k := map[string]string{golden.StepRequestStorageAccess: "rsa", golden.StepHasStorageAccess: "hsa"}[st.Kind]
	return runOp(ctx, inFrame(op{K: k}, st.Frame))
}

// cookiesAfterRestart starts the browser again with the options of the one
// that shut down, on the same user data directory, and returns its cookies.
func cookiesAfterRestart(opts []chromedp.ExecAllocatorOption) ([]Cookie, error) {
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	ctx, cancel := context.WithTimeout(bctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	cookies, err := storedCookies(ctx)
	if err != nil {
		return nil, err
	}
	return cookies, chromedp.Cancel(bctx)
}

module github.com/cookiemonster-go/cookiemonster/conformance/chromium

go 1.26.8

require (
	github.com/chromedp/cdproto v0.160.1
	github.com/chromedp/chromedp v0.23.1
	github.com/cookiemonster-go/cookiemonster v0.0.0
)

require github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect

replace github.com/cookiemonster-go/cookiemonster => ../..

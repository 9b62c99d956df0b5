package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// browserSession drives the app at base through one browser tab, as the
// demo users (password "demo") of the browser tests.
type browserSession struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newSession(t *testing.T, ctx context.Context, base string) *browserSession {
	return &browserSession{t: t, ctx: ctx, base: base}
}

// login signs user in through the login form.
func (b *browserSession) login(user string) {
	b.t.Helper()
	do(b.t, b.ctx, "log in as "+user,
		chromedp.Navigate(b.base+"/dang-nhap"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		chromedp.Click(chromedp.CSS(`form[action="/dang-nhap"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/dang-xuat"]`)),
	)
}

// logout signs the user out with the header's button.
func (b *browserSession) logout() {
	b.t.Helper()
	do(b.t, b.ctx, "log out",
		chromedp.Click(chromedp.CSS(`form[action="/dang-xuat"] button`)),
		chromedp.WaitVisible(chromedp.ID("username")),
	)
}

// noError fails the test when the page shows an error message, of the
// page or of a field.
func (b *browserSession) noError(what string) {
	b.t.Helper()
	if n := get(b.t, b.ctx, what, chromedp.Evaluate[int](`document.querySelectorAll('p.error-msg, p.field-error').length`)); n > 0 {
		msg := get(b.t, b.ctx, what, chromedp.Evaluate[string](
			`Array.from(document.querySelectorAll('p.error-msg, p.field-error')).map(p => p.innerText).join(' | ')`))
		b.t.Fatalf("%s: the page shows an error: %s", what, msg)
	}
}

// text is the trimmed text of the element sel.
func (b *browserSession) text(what string, sel chromedp.CSS) string {
	b.t.Helper()
	return strings.TrimSpace(get(b.t, b.ctx, what, chromedp.Text(sel)))
}

// flash is the page's message.
func (b *browserSession) flash(what string) string {
	b.t.Helper()
	return b.text(what, chromedp.CSS(`p.flash`))
}

// clearFlash removes the last page's messages, so that waiting for one
// (nextMessage) waits for the next page, not the old one.
var clearFlash = chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('p.flash, p.error-msg').forEach(e => e.remove())`)

// nextMessage waits for the message of the next page.
var nextMessage = chromedp.WaitVisible(chromedp.CSS(`p.flash, p.error-msg`))

// field is a form control by its name.
func field(name string) chromedp.CSS { return chromedp.CSS(`[name="` + name + `"]`) }

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}

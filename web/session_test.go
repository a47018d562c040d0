package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestSafeNext keeps the redirect after login on this site, whatever
// browsers would make of the text.
func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct{ next, want string }{
		{"/board", "/board"},
		{"/trips/7?x=1#legs", "/trips/7?x=1#legs"},
		{"/search?q=a//b", "/search?q=a//b"},
		{"/a/b//c", "/a/b//c"},
		// Percent-encoded characters stay in the path; browsers do not
		// decode them while resolving it.
		{"/%09/evil.example", "/%09/evil.example"},
		{"/%2F/evil.example", "/%2F/evil.example"},
		{"/%5Cevil.example", "/%5Cevil.example"},
		{"/Straße", "/Straße"},
		{"", "/"},
		{"board", "/"},
		{" /board", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"\t//evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f", "/"},
		{"/\u0085/evil.example", "/"},
		{"/x\\y", "/"},
		{"https://evil.example", "/"},
		{"http:/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"JavaScript:alert(1)", "/"},
		{"data:text/html,x", "/"},
		{"/\xff/evil.example", "/"},
		{"%2F%2Fevil.example", "/"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.next); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

// FuzzSafeNext: whatever comes in, what goes out is a path of this site,
// also as a browser reads it (dropping tabs and newlines, backslashes as
// slashes).
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/board", "//evil", "/\\evil", "/\t/evil", "/%09/evil", "https://evil", "javascript:x", " /x", "/?next=//x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || u.User != nil || !strings.HasPrefix(got, "/") ||
			strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got)
		if strings.HasPrefix(browser, "//") {
			t.Fatalf("safeNext(%q) = %q, which a browser reads as %q", next, got, browser)
		}
	})
}

package phone

import (
	"errors"
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		raw, region string
		want        string
		mobile      bool
		err         error
	}{
		{"0651 12345", "DE", "+4965112345", false, nil},
		{"06561 6001", "DE", "+4965616001", false, nil},
		{"0171 1234567", "DE", "+491711234567", true, nil},
		{"0171/123 45 67", "", "+491711234567", true, nil},
		{"+49 171 1234567", "DE", "+491711234567", true, nil},
		{"+49 (0) 171 1234567", "DE", "+491711234567", true, nil},
		{"0049 171 1234567", "DE", "+491711234567", true, nil},
		{"tel:+491711234567", "DE", "+491711234567", true, nil},
		{" 0151-23456789 ", "de", "+4915123456789", true, nil},
		{"+352 621 123 456", "DE", "+352621123456", true, nil}, // Luxembourg mobile, next door to Bitburg
		{"+1 415 555 2671", "DE", "+14155552671", true, nil},   // US: fixed line or mobile
		{"", "DE", "", false, ErrEmpty},
		{"   ", "DE", "", false, ErrEmpty},
		{"keine", "DE", "", false, ErrNotANumber},
		{"0800 FAHRDIENST", "DE", "", false, ErrNotANumber},
		{"0171 12345x67", "DE", "", false, ErrNotANumber},
		{"0171", "DE", "", false, ErrInvalid},
		{"12", "DE", "", false, ErrTooShort},
		{"0651 1", "DE", "", false, ErrInvalid},
		{"1", "DE", "", false, ErrTooShort},
		{"0171 1234567 1234567 12", "DE", "", false, ErrTooLong},
		{strings.Repeat("1", 100), "DE", "", false, ErrTooLong},
		{"+999 1234567", "DE", "", false, ErrCountryCode},
		{"0171 1234567", "XX", "", false, ErrDefaultRegion},
		{"0123 456789", "DE", "", false, ErrInvalid},
	}
	for _, tt := range tests {
		got, mobile, err := Normalize(tt.raw, tt.region)
		if !errors.Is(err, tt.err) {
			t.Errorf("Normalize(%q) error = %v, want %v", tt.raw, err, tt.err)
			continue
		}
		if got != tt.want || mobile != tt.mobile {
			t.Errorf("Normalize(%q) = %q, mobile %v; want %q, mobile %v", tt.raw, got, mobile, tt.want, tt.mobile)
		}
		if err != nil && dispatch.ErrorCode(err) != dispatch.CodeInvalid {
			t.Errorf("Normalize(%q) error code %q, want invalid", tt.raw, dispatch.ErrorCode(err))
		}
		if err != nil && strings.Contains(err.Error(), strings.TrimSpace(tt.raw)) && strings.TrimSpace(tt.raw) != "" {
			t.Errorf("error repeats the number: %v", err)
		}
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"+491711234567": "+49*******567",
		"01711234567":   "01******567",
		"12345":         "*****",
		"":              "",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"0651 12345", "+49 (0) 171 1234567", "tel:+1", "0049", "+", "(0)", "\xff1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e164, _, err := Normalize(raw, "DE")
		if err != nil {
			if e164 != "" {
				t.Fatalf("number %q returned with error %v", e164, err)
			}
			if dispatch.ErrorCode(err) != dispatch.CodeInvalid {
				t.Fatalf("error %v has code %q", err, dispatch.ErrorCode(err))
			}
			return
		}
		if !strings.HasPrefix(e164, "+") || len(e164) < 4 || len(e164) > 16 || strings.Trim(e164[1:], "0123456789") != "" {
			t.Fatalf("Normalize(%q) = %q, not E.164", raw, e164)
		}
		// A normalised number normalises to itself.
		again, _, err := Normalize(e164, "DE")
		if err != nil || again != e164 {
			t.Fatalf("Normalize(%q) = %q, %v; not stable", e164, again, err)
		}
	})
}

// TestNormalizeDefault reads a number without a country code as German.
func TestNormalizeDefault(t *testing.T) {
	got, mobile, err := NormalizeDefault("0171 1234567")
	if err != nil || got != "+491711234567" || !mobile {
		t.Errorf("NormalizeDefault = %q, %v, %v; want +491711234567, mobile", got, mobile, err)
	}
}

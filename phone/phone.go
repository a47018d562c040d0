// Package phone normalises the phone numbers of drivers, seniors and
// relatives to E.164, the one form Twilio accepts and the form we compare
// numbers in (an incoming SMS from "+491711234567" must find the driver
// typed in as "0171 1234567").
package phone

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// DefaultRegion is the region a number without a country code belongs to.
const DefaultRegion = "DE"

// maxE164 is the longest E.164 number: "+" and 15 digits.
const maxE164 = 16

// maxInput bounds what we hand to the parser; no phone number, however
// written, is longer.
const maxInput = 64

// The errors of Normalize. They are dispatch errors with code invalid, so
// that the API reports them as a field error, and their messages say what a
// coordinator should fix without repeating the number.
var (
	ErrEmpty         = dispatch.Errorf(dispatch.CodeInvalid, "phone number is empty")
	ErrNotANumber    = dispatch.Errorf(dispatch.CodeInvalid, "phone number contains no digits or characters that are not part of a number")
	ErrTooShort      = dispatch.Errorf(dispatch.CodeInvalid, "phone number is too short")
	ErrTooLong       = dispatch.Errorf(dispatch.CodeInvalid, "phone number is too long")
	ErrCountryCode   = dispatch.Errorf(dispatch.CodeInvalid, "phone number has an unknown country code")
	ErrInvalid       = dispatch.Errorf(dispatch.CodeInvalid, "phone number does not exist in its country's numbering plan")
	ErrDefaultRegion = dispatch.Errorf(dispatch.CodeInvalid, "unknown default region for phone numbers")
)

// NormalizeDefault is Normalize for numbers typed in DefaultRegion: the
// dispatch.PhoneNormalizer that the API, the web pages and the command line
// hand to the records' Validate.
func NormalizeDefault(raw string) (e164 string, mobile bool, err error) {
	return Normalize(raw, DefaultRegion)
}

// Normalize parses a number as people write it ("0651 12345",
// "+49 (0) 171 123 45 67", "0049 171 1234567", "tel:+49...") and returns it
// in E.164. mobile tells whether it can receive SMS: German landlines
// cannot, so a senior's landline is fine for calls but gets no reminder.
// Numbers that may be either (as in the US) count as mobile.
func Normalize(raw, defaultRegion string) (e164 string, mobile bool, err error) {
	s := strings.TrimSpace(raw)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "tel:"), "TEL:")
	s = strings.ReplaceAll(s, "(0)", "") // "+49 (0) 171 ..." is common in Germany
	if s == "" {
		return "", false, ErrEmpty
	}
	if len(s) > maxInput || !utf8.ValidString(s) {
		return "", false, ErrTooLong
	}
	switch digits := countDigits(s); {
	case strings.ContainsFunc(s, unicode.IsLetter):
		// Vanity numbers ("0800-FAHRDIENST") are for calling, not SMS,
		// and a letter is more often a typo in a number field.
		return "", false, ErrNotANumber
	case digits == 0:
		return "", false, ErrNotANumber
	case digits < 3:
		return "", false, ErrTooShort
	}
	if defaultRegion == "" {
		defaultRegion = DefaultRegion
	}
	region := strings.ToUpper(defaultRegion)
	if phonenumbers.GetCountryCodeForRegion(region) == 0 {
		return "", false, ErrDefaultRegion
	}
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return "", false, parseError(err)
	}
	switch phonenumbers.IsPossibleNumberWithReason(num) {
	case phonenumbers.TOO_SHORT:
		return "", false, ErrTooShort
	case phonenumbers.TOO_LONG:
		return "", false, ErrTooLong
	case phonenumbers.INVALID_COUNTRY_CODE:
		return "", false, ErrCountryCode
	}
	if !phonenumbers.IsValidNumber(num) {
		return "", false, ErrInvalid
	}
	switch phonenumbers.GetNumberType(num) {
	case phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE:
		mobile = true
	}
	e164 = phonenumbers.Format(num, phonenumbers.E164)
	if len(e164) > maxE164 {
		return "", false, ErrTooLong
	}
	return e164, mobile, nil
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

func parseError(err error) error {
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return ErrCountryCode
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return ErrTooShort
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return ErrTooLong
	default:
		return ErrNotANumber
	}
}

// Mask hides most of a number for logs and the console sender: enough to
// tell two messages apart, too little to call anyone. "+491711234567"
// becomes "+49*******567".
func Mask(number string) string {
	r := []rune(number)
	if len(r) <= 6 {
		return strings.Repeat("*", len(r))
	}
	head := 3
	if r[0] != '+' {
		head = 2
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-3) + string(r[len(r)-3:])
}

package notify

import (
	"crypto/rand"
	"fmt"
	"math/big"
)

// CodeAlphabet is the alphabet of reply codes. It leaves out 0/O, 1/I/L,
// which people misread on a small screen or mistype, so that a code read
// aloud or copied by hand still matches.
const CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLength is the length of a reply code: short enough to type on an old
// phone, and with 17,112 possible codes (see NewCode) plenty for the few
// offers a driver has open at a time.
const CodeLength = 3

// NewCode returns a random reply code, such as "4K7", that is not in taken.
// A code always has at least one letter and one digit, which is what lets
// ParseReply tell it from a word ("ja gut") or a time ("930"). Codes need to
// be unique only among the open offers of one driver; pass those in taken.
func NewCode(taken map[string]bool) (string, error) {
	for range 1000 {
		code, err := randomCode()
		if err != nil {
			return "", fmt.Errorf("reply code: %w", err)
		}
		if looksLikeCode(code) && !taken[code] {
			return code, nil
		}
	}
	return "", fmt.Errorf("reply code: no free code after 1000 tries (%d taken)", len(taken))
}

func randomCode() (string, error) {
	b := make([]byte, CodeLength)
	max := big.NewInt(int64(len(CodeAlphabet)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b[i] = CodeAlphabet[n.Int64()]
	}
	return string(b), nil
}

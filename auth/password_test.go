package auth

import "testing"

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Fatal("the right password is refused")
	}
	for _, bad := range []string{"", "correct horse batterY", "x"} {
		if CheckPassword(h, bad) {
			t.Fatalf("%q is accepted", bad)
		}
	}
	if CheckPassword("", "anything at all") {
		t.Fatal("an empty hash (invited, no password yet) matches")
	}
	if _, err := HashPassword("short"); err == nil {
		t.Fatal("a short password is hashed")
	}
}

func TestTokensDiffer(t *testing.T) {
	a, _ := NewToken()
	b, _ := NewToken()
	if a == b || len(a) < 40 || len(HashToken(a)) != 32 {
		t.Fatalf("tokens %q %q", a, b)
	}
}

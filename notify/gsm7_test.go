package notify

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGSM7TableHasAll128Septets(t *testing.T) {
	if got := len(gsm7Basic); got != 128 {
		t.Fatalf("basic table has %d entries, want 128", got)
	}
}

func TestEncodeGSM7KnownSeptets(t *testing.T) {
	// Values from the GSM 03.38 / 3GPP TS 23.038 default alphabet.
	tests := []struct {
		in   string
		want []byte
	}{
		{"@", []byte{0x00}},
		{"£$¥", []byte{0x01, 0x02, 0x03}},
		{"\n", []byte{0x0A}},
		{"_", []byte{0x11}},
		{"ß", []byte{0x1E}},
		{"É", []byte{0x1F}},
		{" ", []byte{0x20}},
		{"¤", []byte{0x24}},
		{"0", []byte{0x30}},
		{"¡", []byte{0x40}},
		{"A", []byte{0x41}},
		{"ÄÖÑÜ§", []byte{0x5B, 0x5C, 0x5D, 0x5E, 0x5F}},
		{"¿", []byte{0x60}},
		{"a", []byte{0x61}},
		{"äöñüà", []byte{0x7B, 0x7C, 0x7D, 0x7E, 0x7F}},
		{"€", []byte{0x1B, 0x65}},
		{"[]{}", []byte{0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x28, 0x1B, 0x29}},
		{"\\^~|", []byte{0x1B, 0x2F, 0x1B, 0x14, 0x1B, 0x3D, 0x1B, 0x40}},
	}
	for _, tt := range tests {
		got, err := EncodeGSM7(tt.in)
		if err != nil {
			t.Errorf("EncodeGSM7(%q): %v", tt.in, err)
			continue
		}
		if !bytes.Equal(got, tt.want) {
			t.Errorf("EncodeGSM7(%q) = % x, want % x", tt.in, got, tt.want)
		}
	}
}

func TestEncodeGSM7Rejects(t *testing.T) {
	for _, in := range []string{"`", "ç", "á", "€\u2019", "😀", "\x1b", "\xff"} {
		if _, err := EncodeGSM7(in); err == nil {
			t.Errorf("EncodeGSM7(%q) succeeded, want error", in)
		}
		if IsGSM7(in) {
			t.Errorf("IsGSM7(%q) = true", in)
		}
	}
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want SMSInfo
	}{
		{"empty", "", SMSInfo{GSM7, 0, 0}},
		{"umlauts stay GSM-7", "Grüße aus Köln, Straße", SMSInfo{GSM7, 22, 1}},
		{"160 fits one", strings.Repeat("a", 160), SMSInfo{GSM7, 160, 1}},
		{"161 needs two", strings.Repeat("a", 161), SMSInfo{GSM7, 161, 2}},
		{"306 fits two", strings.Repeat("a", 306), SMSInfo{GSM7, 306, 2}},
		{"307 needs three", strings.Repeat("a", 307), SMSInfo{GSM7, 307, 3}},
		{"euro counts two", strings.Repeat("€", 80), SMSInfo{GSM7, 160, 1}},
		{"euro at 161", strings.Repeat("a", 159) + "€", SMSInfo{GSM7, 161, 2}},
		// 152 septets then an escape pair: the pair may not straddle the boundary.
		{"escape not split", strings.Repeat("a", 152) + "€" + strings.Repeat("a", 152), SMSInfo{GSM7, 306, 3}},
		{"one accent makes UCS-2", "Sárközi", SMSInfo{UCS2, 7, 1}},
		{"70 UCS-2", strings.Repeat("á", 70), SMSInfo{UCS2, 70, 1}},
		{"71 UCS-2", strings.Repeat("á", 71), SMSInfo{UCS2, 71, 2}},
		{"134 UCS-2", strings.Repeat("á", 134), SMSInfo{UCS2, 134, 2}},
		{"135 UCS-2", strings.Repeat("á", 135), SMSInfo{UCS2, 135, 3}},
		{"emoji counts two", strings.Repeat("😀", 35), SMSInfo{UCS2, 70, 1}},
		// 66 units, then a surrogate pair that must not be split.
		{"surrogate not split", strings.Repeat("á", 66) + "😀" + strings.Repeat("á", 66), SMSInfo{UCS2, 134, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Measure(tt.in); got != tt.want {
				t.Errorf("Measure = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestToGSM7(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Müller-Lüdenscheidt, Straße", "Müller-Lüdenscheidt, Straße"},
		{"„Zur Post“ – Café", "\"Zur Post\" - Café"},
		{"Łukasz Wiśniewski", "Lukasz Wisniewski"},
		{"Dvořák", "Dvorak"},
		{"François", "Francois"},
		{"Rua São João", "Rua Sao Joao"},
		{"Hauptstr.\u00a012", "Hauptstr. 12"},
		{"Tel. 06561…", "Tel. 06561..."},
		{"Smile 😀", "Smile ?"},
		{"bad \xff byte", "bad ? byte"},
	}
	for _, tt := range tests {
		got := ToGSM7(tt.in)
		if got != tt.want {
			t.Errorf("ToGSM7(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !IsGSM7(got) {
			t.Errorf("ToGSM7(%q) = %q is not GSM-7", tt.in, got)
		}
	}
}

func FuzzToGSM7(f *testing.F) {
	for _, s := range []string{"Grüße", "Łódź", "😀", "\xff", "€[]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ToGSM7(s)
		if !IsGSM7(got) {
			t.Fatalf("ToGSM7(%q) = %q is not GSM-7", s, got)
		}
		if ToGSM7(got) != got {
			t.Fatalf("ToGSM7 not idempotent on %q", s)
		}
		enc, err := EncodeGSM7(got)
		if err != nil {
			t.Fatal(err)
		}
		if m := Measure(got); got != "" && m.Units != len(enc) {
			t.Fatalf("Measure units %d, encoded %d septets", m.Units, len(enc))
		}
		if !utf8.ValidString(got) {
			t.Fatal("invalid UTF-8")
		}
	})
}

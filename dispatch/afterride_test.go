package dispatch

import (
	"testing"
)

func TestParseEuros(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Cents{"0.30": 30, "0,30": 30, "2": 200, "1.5": 150, " 12.05 ": 1205, "0": 0} {
		if got, err := ParseEuros(in); err != nil || got != want {
			t.Errorf("ParseEuros(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "0.305", "1.", ".5", "abc", "1e3", "1234567"} {
		if _, err := ParseEuros(in); err == nil {
			t.Errorf("ParseEuros(%q) accepted", in)
		}
	}
}

func FuzzParseEuros(f *testing.F) {
	for _, s := range []string{"0.30", "0,3", "12", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseEuros(s)
		if err == nil && (c < 0 || c.String() == "") {
			t.Fatalf("ParseEuros(%q) = %d", s, c)
		}
	})
}

func TestParsePeriod(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from, to, field string
	}{
		{"2026-01-01", "2026-12-31", ""},
		{"2021-01-01", "2025-12-31", ""},
		{"2021-01-01", "2026-01-01", "to"},
		{"2026-02-01", "2026-01-31", "to"},
		{"", "2026-01-31", "from"},
		{"2026-13-01", "2026-01-31", "from"},
		{"2026-01-01", "x", "to"},
	}
	for _, c := range cases {
		_, err := ParsePeriod(c.from, c.to)
		var field string
		if e, ok := err.(*Error); ok && len(e.Fields) > 0 {
			field = e.Fields[0].Field
		}
		if field != c.field {
			t.Errorf("ParsePeriod(%q, %q) = %v, want a problem with %q", c.from, c.to, err, c.field)
		}
	}
	p, _ := ParsePeriod("2025-11-15", "2026-02-01")
	if m := p.Months(); len(m) != 4 || m[0] != "2025-11" || m[3] != "2026-02" {
		t.Errorf("months = %v", m)
	}
}

func TestCentsAndTenths(t *testing.T) {
	t.Parallel()
	if got := Cents(1605).Format(','); got != "16,05" {
		t.Errorf("16,05: %s", got)
	}
	if got := Cents(7).String(); got != "0.07" {
		t.Errorf("0.07: %s", got)
	}
	if got := FormatTenths(335, ','); got != "33,5" {
		t.Errorf("33,5: %s", got)
	}
	if got := FormatHours(4100, '.'); got != "1.1" {
		t.Errorf("4100 s = %s h, want 1.1", got)
	}
	if got := NewStatement(VolunteerMonth{Hectometres: 335, Rides: 3}, Rates{PerKm: 35, PerRide: 150}); got.TotalCents != 1173+450 {
		t.Errorf("statement = %+v", got)
	}
}

func TestParsePurposes(t *testing.T) {
	t.Parallel()
	if p, err := ParsePurposes(""); err != nil || len(p) != 6 {
		t.Errorf("defaults: %v %v", p, err)
	}
	if p, err := ParsePurposes("Arzt, Einkauf ,,Kultur"); err != nil || len(p) != 3 || p[1] != "Einkauf" {
		t.Errorf("list: %v %v", p, err)
	}
	if _, err := ParsePurposes("Arzt,Arzt"); err == nil {
		t.Error("duplicate accepted")
	}
	var fe Fields
	validatePurpose("Kino", nil, &fe)
	if len(fe) != 1 || fe[0].Field != "purpose" {
		t.Errorf("unknown purpose: %v", fe)
	}
}

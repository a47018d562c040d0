package main

import (
	"strings"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The after-the-ride settings: defaults, a list and rates read as cents,
// and a bad value naming its variable.
func TestAfterRideConfig(t *testing.T) {
	c, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Rates != dispatch.DefaultRates || len(c.Purposes) != len(dispatch.DefaultPurposes) {
		t.Errorf("defaults: %+v %v", c.Rates, c.Purposes)
	}
	t.Setenv("FAHRDIENST_TRIP_PURPOSES", "Arzt, Einkauf")
	t.Setenv("FAHRDIENST_KM_RATE", "0,35")
	t.Setenv("FAHRDIENST_RIDE_FLAT", "2.5")
	if c, err = loadConfig(); err != nil || c.Rates.PerKm != 35 || c.Rates.PerRide != 250 || strings.Join(c.Purposes, "|") != "Arzt|Einkauf" {
		t.Errorf("set: %+v %v %v", c.Rates, c.Purposes, err)
	}
	for name, value := range map[string]string{"FAHRDIENST_KM_RATE": "0.305", "FAHRDIENST_RIDE_FLAT": "-1", "FAHRDIENST_TRIP_PURPOSES": "Arzt,Arzt"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, value)
			if _, err := loadConfig(); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%s: %v", name, value, err)
			}
		})
	}
}

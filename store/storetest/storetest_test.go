package storetest_test

import (
	"testing"

	"github.com/fahrdienst/fahrdienst/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// The example's test runs, so that the example shows code that works.
func TestRiderSearch(t *testing.T) { testRiderSearch(t) }

package storetest_test

import (
	"context"
	"testing"

	"github.com/fahrdienst/fahrdienst/dispatch"
	"github.com/fahrdienst/fahrdienst/store"
	"github.com/fahrdienst/fahrdienst/store/storetest"
)

// A package whose tests use storetest hands its TestMain to storetest.Main,
// so that a private PostgreSQL server, when one had to be started, stops
// with the test binary:
//
//	func TestMain(m *testing.M) { storetest.Main(m) }

// testRiderSearch is a test as it is written in a package that uses the
// store (go test runs it through TestRiderSearch). storetest.Pool gives it
// a database of its own, migrated and dropped when the test ends, so it
// runs in parallel with every other test and sees only its own rows.
func testRiderSearch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := store.New(storetest.Pool(t), store.Options{})
	if _, err := st.CreateRider(ctx, dispatch.Actor{Name: "test"}, dispatch.Rider{FirstName: "Erna",
		LastName: "Schmitz", Phone: "+4965611234", Street: "Hauptstraße 7", City: "Bitburg", Lat: 49.968,
		Lon: 6.527, ContactPreference: "call", Language: "de"}); err != nil {
		t.Fatal(err)
	}
	found, err := st.SearchRiders(ctx, dispatch.RiderFilter{Query: "schmitz"})
	if err != nil || len(found) != 1 {
		t.Fatalf("found %v, %v; want Erna alone", found, err)
	}
}

// Example shows how a test gets an isolated store: a pool on its own
// database from storetest.Pool, and store.New on it.
func Example() {
	// See testRiderSearch above; it takes the *testing.T that an example
	// does not have.
}

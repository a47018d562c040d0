package api

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the API's description, embedded so that the binary serves the
// document its handlers are tested against.
//
//go:embed openapi.yaml
var OpenAPI []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/yaml")
	w.Write(OpenAPI)
}

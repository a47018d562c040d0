# Fahrdienst — the two commands are `make run` and `make test`.
GO ?= go
STATICCHECK_VERSION ?= v0.8.2
BENCHTIME ?= 3x
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: run test test-race lint build migrate bench darp-bench static image deb

# The static binary of the image and the package: no cgo, time-zone data compiled in.
STATIC_FLAGS = -trimpath -tags timetzdata -ldflags "-s -w -X main.version=$(VERSION)"

## run: the service with demo data; embedded PostgreSQL unless DATABASE_URL is set; SMS to the console
run: build
	./bin/fahrdienst dev

## test: every test, on TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded PostgreSQL
test:
	$(GO) test -count=1 -timeout 10m ./...

## test-race: every test under the race detector (slower; run before touching concurrency)
test-race:
	$(GO) test -race -count=1 -timeout 20m ./...

## lint: gofmt, go vet, staticcheck (pinned), the package rules of DESIGN.md, and a tidy go.mod
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	$(GO) run ./internal/archlint
	$(GO) mod tidy -diff

## bench: every Go benchmark, BENCHTIME runs each (compare A/B runs with benchstat and -count=6)
bench:
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) -timeout 30m ./...

## build: the fahrdienst binary in ./bin
build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/fahrdienst ./cmd/fahrdienst

## migrate: apply the migrations to DATABASE_URL (or the embedded database)
migrate:
	$(GO) run ./cmd/fahrdienst migrate up

## darp-bench: the dial-a-ride benchmark, 1 second per instance
darp-bench:
	$(GO) run ./cmd/fahrdienst darp bench --time-limit 1s ../shared/darp/cordeau

## static: the static binary (CGO_ENABLED=0, time zones inside) that the image and the package carry
static:
	CGO_ENABLED=0 $(GO) build $(STATIC_FLAGS) -o bin/fahrdienst-static ./cmd/fahrdienst

## image: the OCI image, without a container daemon: bin/image (OCI layout) and bin/fahrdienst-image.tar (docker/podman load)
image: static
	$(GO) run ./internal/imagebuild -binary bin/fahrdienst-static -version $(VERSION) -layout bin/image -tar bin/fahrdienst-image.tar

## deb: the Debian package (binary, hardened systemd unit, /etc/fahrdienst/fahrdienst.env) in bin/
deb: static
	bash packaging/deb/build.sh bin/fahrdienst-static $(VERSION) bin

# Fahrdienst — the two commands are `make run` and `make test`.
GO ?= go
STATICCHECK_VERSION ?= v0.8.2
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: run test lint build migrate bench darp-bench

## run: the service with demo data; embedded PostgreSQL unless DATABASE_URL is set; SMS to the console
run: build
	./bin/fahrdienst dev

## test: every test, on TEST_DATABASE_URL, else 127.0.0.1:5432, else an embedded PostgreSQL
test:
	$(GO) test -count=1 -timeout 10m ./...

## lint: gofmt, go vet, the dependency rule of api and web (no store, pgx, River, twilio-go) and staticcheck (pinned, fetched through the Go module proxy)
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@out=$$($(GO) list -deps ./api ./web | grep -E 'jackc/pgx|riverqueue|twilio-go|fahrdienst/store$$'); if [ -n "$$out" ]; then echo "api and web must not depend on:"; echo "$$out"; exit 1; fi
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

## build: the fahrdienst binary in ./bin
build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/fahrdienst ./cmd/fahrdienst

## migrate: apply the migrations to DATABASE_URL (or the embedded database)
migrate:
	$(GO) run ./cmd/fahrdienst migrate up

## darp-bench: the dial-a-ride benchmark, 1 second per instance
darp-bench:
	$(GO) run ./cmd/fahrdienst darp bench --time-limit 1s ../shared/darp/cordeau

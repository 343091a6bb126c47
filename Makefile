# ShopMicro developer commands. `make run` starts the platform, `make test` runs every test.
SWIFT ?= swift
BIN_DIR = $(shell $(SWIFT) build --show-bin-path)

.PHONY: all build run test bench clean

all: build

build:
	$(SWIFT) build

## Runs backend (:8080), ml-service (:8000) and frontend (:3000) with prefixed logs; Ctrl-C stops all.
run: build
	scripts/run-local.sh "$(BIN_DIR)"

## The whole test suite, against the real tools (promtool, journald, python OTLP receiver).
test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Release-build benchmarks; figures go to bench/results.json and bench/results.md.
bench:
	scripts/bench.sh

clean:
	rm -rf .build

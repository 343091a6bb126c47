# ShopMicro developer commands. `make run` starts the platform, `make test` runs every test.
SWIFT ?= swift
BIN_DIR = $(shell $(SWIFT) build --show-bin-path)
## How deployable binaries are built: the Swift runtime linked in (no toolchain on the host) and no
## exported symbol table (about 4 MB less resident memory per process).
RELEASE_FLAGS = -c release --static-swift-stdlib -Xlinker --no-export-dynamic

.PHONY: all build release run load test faults compose-check bench-compose tools bench clean metrics-snapshot slocheck k8s-generated

all: build

## Debug build of everything, tests included: the same build flags as `make test`, so switching
## between the two never recompiles.
build:
	$(SWIFT) build --build-tests

## Release binaries of every product, as deployments use them.
release:
	$(SWIFT) build $(RELEASE_FLAGS)

## The whole platform locally (`shopmicro up`): PostgreSQL and Redis under .local/, backend (:8080),
## ml-service (:8000), storefront (:3000), Prometheus (:9090) when installed; Ctrl-C stops all.
run: build
	$(BIN_DIR)/shopmicro up --no-build

## Simulated shoppers against the running storefront for 60 s (`shopmicro load --help` for options).
load: build
	$(BIN_DIR)/shopmicro load

## The whole test suite, against the real tools (promtool, journald, python OTLP receiver, the
## deployment validators).
test: build tools
	$(SWIFT) test --skip-build

## Fault drills under load (`shopmicro faults`, about 15 minutes): Redis killed, PostgreSQL restarted and
## hung, ml-service and backend killed, SIGTERM to each service; each drill's orders audited against
## the database and its alert awaited at the receiver. The table goes to bench/faults.md.
faults: build
	$(BIN_DIR)/shopmicro faults --report bench/faults.md --json bench/faults.json

## The Docker quick start on a real Docker engine (scripts/compose_check, about 20 minutes with a cold
## image build): builds the Dockerfile, runs `docker-compose up --build -d` and checks the shop, a
## purchase, every healthcheck and scrape target, the Watchdog at alert-log, an exemplar's trace,
## the containers' hardening, backup and restore, orders across down/up and a clean `down -v`.
## Starts dockerd when none runs; uses the stand-ins of docker/stand-ins/ when no registry answers.
compose-check:
	python3 scripts/compose_check

## compose-check plus the figures of bench/compose.{md,json}: image size, build times, up to
## shop-ready, idle RSS per container, home page req/s in and out of a container.
bench-compose:
	python3 scripts/compose_check --bench bench

## The deployment validators the tests run (kubectl, kubernetes-validate, checkov, ansible) and the API
## fuzzer (schemathesis), pinned, in virtualenvs under .tools/.
tools:
	scripts/install-test-tools.sh
	scripts/install-fuzz-tools.sh

## Release-build benchmarks; figures go to bench/results.{json,md} (telemetry), bench/backend.{json,md},
## bench/ml-service.{json,md}, bench/frontend.{json,md} and bench/compose.{json,md} (Docker).
## SCRATCH_PATH=.build-bench make bench builds into a folder of its own, beside the debug .build.
bench:
	RELEASE_FLAGS="$(RELEASE_FLAGS)" scripts/bench.sh
	RELEASE_FLAGS="$(RELEASE_FLAGS)" scripts/bench-backend.sh
	RELEASE_FLAGS="$(RELEASE_FLAGS)" scripts/bench-ml.sh
	RELEASE_FLAGS="$(RELEASE_FLAGS)" scripts/bench-frontend.sh
	python3 scripts/compose_check --bench bench

## Rewrites alerts/emitted-metrics.txt from the live services (after changing their metrics).
metrics-snapshot: build
	UPDATE_METRICS_SNAPSHOT=1 $(SWIFT) test --skip-build --filter EmittedMetricsSnapshotTests

## SLOs and rules: regenerate, then lint everything (what CI runs).
slocheck: build
	$(BIN_DIR)/slocheck generate
	$(BIN_DIR)/slocheck lint

## Regenerates the kustomize components' generated objects: k8s/monitoring's PrometheusRule and
## dashboards ConfigMap (from alerts/ and dashboards/) and k8s/backup's commands (from ops/).
k8s-generated:
	python3 k8s/build.py

clean:
	rm -rf .build

# One image with the three ShopMicro services and the `shopmicro` command (its `alert-log` webhook
# receiver runs in docker-compose and Kubernetes); docker-compose.yml picks the one to run with
# `command`.
#   docker build --build-arg REVISION=$(git rev-parse HEAD) -t shopmicro .
#   docker run --rm -p 127.0.0.1:3000:3000 -e BACKEND_URL=… -e ML_URL=… shopmicro frontend
# Works with BuildKit and with the legacy builder (docker-compose 1.x builds with it).

# The official images; docker-compose.yml passes the same defaults, and the compose check passes
# local stand-ins where no registry is reachable (docker/stand-ins/README.md).
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# --- build: the Swift toolchain and the C libraries' headers --------------------------------------
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends pkg-config libpq-dev libhiredis-dev libsystemd-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The pinned dependencies first, so a source change does not fetch them again. (Their compiled
# modules cannot be kept the same way: SwiftPM sees every file of an earlier layer as changed, so
# each image build compiles everything; docs: bench/compose.md.)
COPY Package.swift Package.resolved ./
RUN swift package resolve --force-resolved-versions
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
# Deployed the way `make release` builds: Swift runtime linked in, no exported symbol table; then
# without debug information (function names stay, for crash backtraces): 160 -> 105 MB a binary.
ARG PRODUCTS="backend ml-service frontend shopmicro"
RUN for product in $PRODUCTS; do \
      swift build -c release --static-swift-stdlib -Xlinker --no-export-dynamic --product "$product" || exit 1; \
    done \
 && mkdir -p /out \
 && bin="$(swift build -c release --show-bin-path)" \
 && for product in $PRODUCTS; do cp "$bin/$product" /out/ || exit 1; done \
 && strip --strip-debug /out/*

# --- runtime: only the shared libraries the binaries load, and a user without privileges ----------
FROM ${RUNTIME_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 libhiredis0.14 libsystemd0 zlib1g ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin shopmicro
COPY --from=build /out/ /usr/local/bin/
USER 10001:10001
# What shopmicro_build_info{version,revision} reports (empty: the compiled version and "unknown"):
#   docker build --build-arg REVISION=$(git rev-parse HEAD) --build-arg VERSION=1.2.0 -t shopmicro .
ARG VERSION=
ARG REVISION=
LABEL org.opencontainers.image.version="${VERSION}" org.opencontainers.image.revision="${REVISION}"
ENV HOST=0.0.0.0 LOG_OUTPUT=stdout SHOPMICRO_VERSION="${VERSION}" SHOPMICRO_REVISION="${REVISION}"
EXPOSE 3000 8000 8080 9095
# Services stop gracefully on SIGTERM (in-flight requests finish).
STOPSIGNAL SIGTERM
CMD ["frontend"]

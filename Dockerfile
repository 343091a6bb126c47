# syntax=docker/dockerfile:1
# One image with the three ShopMicro services and the `shopmicro` command (its `alert-log` webhook
# receiver runs in docker-compose and Kubernetes); docker-compose.yml picks the one to run with
# `command`.
#   docker build --build-arg REVISION=$(git rev-parse HEAD) -t shopmicro .
#   docker run --rm -p 3000:3000 -e BACKEND_URL=… -e ML_URL=… shopmicro frontend

ARG SWIFT_IMAGE=swift:6.1-bookworm

# --- build: the Swift toolchain and the C libraries' headers --------------------------------------
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends pkg-config libpq-dev libhiredis-dev libsystemd-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so a source change does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
# Deployed the way `make release` builds: Swift runtime linked in, no exported symbol table.
RUN for product in backend ml-service frontend shopmicro; do \
      swift build -c release --static-swift-stdlib -Xlinker --no-export-dynamic --product "$product" || exit 1; \
    done \
 && mkdir -p /out \
 && bin="$(swift build -c release --show-bin-path)" \
 && cp "$bin"/backend "$bin"/ml-service "$bin"/frontend "$bin"/shopmicro /out/

# --- runtime: only the shared libraries the binaries load, and a user without privileges ----------
FROM debian:bookworm-slim AS runtime
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

#!/usr/bin/env bash
# Runs the three services on their default ports with their logs prefixed by service name.
# Unless DATABASE_URL / REDIS_URL are set, it first starts a private PostgreSQL cluster and a
# redis-server whose data lives in .local/ (so orders survive a restart).
# Ctrl-C (or SIGTERM) stops everything and waits until each process has exited.
set -euo pipefail
bin_dir=${1:?usage: run-local.sh BIN_DIR}
state=${SHOPMICRO_STATE_DIR:-$PWD/.local}
pids=()
pg_data=""

stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait || true
    if [ -n "$pg_data" ]; then as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null || true; fi
}
trap stop INT TERM EXIT

# PostgreSQL refuses to run as root: run its binaries as the postgres user then.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -z "${DATABASE_URL:-}" ]; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is missing: apt-get install postgresql" >&2; exit 1; }
    pg_data=$state/postgres
    mkdir -p "$state"
    if [ ! -d "$pg_data" ]; then
        mkdir -p "$pg_data"
        [ "$(id -u)" = 0 ] && chown postgres "$pg_data"
        as_postgres "$pg_bin/initdb" -D "$pg_data" -U shopmicro --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    [ "$(id -u)" = 0 ] && chown postgres "$state"
    as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$state/postgres.log" -w \
        -o "-p 55432 -k $state -c listen_addresses=127.0.0.1" start >/dev/null
    as_postgres "$pg_bin/psql" -h 127.0.0.1 -p 55432 -U shopmicro -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'shopmicro'" | grep -q 1 \
        || as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p 55432 -U shopmicro shopmicro
    export DATABASE_URL=postgresql://shopmicro@127.0.0.1:55432/shopmicro
fi

if [ -z "${REDIS_URL:-}" ]; then
    command -v redis-server >/dev/null || { echo "Redis is missing: apt-get install redis-server" >&2; exit 1; }
    mkdir -p "$state"
    redis-server --port 56379 --bind 127.0.0.1 --dir "$state" --appendonly yes > >(sed -u "s/^/[redis] /") 2>&1 &
    pids+=($!)
    export REDIS_URL=redis://127.0.0.1:56379/0
fi

start() {
    local name=$1 port=$2
    # Process substitution keeps $! the service's own pid (a pipeline would give sed's).
    PORT=$port LOG_OUTPUT=${LOG_OUTPUT:-stdout} "$bin_dir/$name" > >(sed -u "s/^/[$name] /") 2>&1 &
    pids+=($!)
}

start backend 8080
start ml-service 8000
start frontend 3000

for url in http://127.0.0.1:8080 http://127.0.0.1:8000 http://127.0.0.1:3000; do
    for _ in $(seq 1 100); do curl -fsS "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
done
cat <<MSG
ShopMicro is running:
  frontend    http://127.0.0.1:3000   (metrics: /metrics)
  backend     http://127.0.0.1:8080   (API: /api/products, /api/openapi.json)
  ml-service  http://127.0.0.1:8000
Press Ctrl-C to stop.
MSG
wait

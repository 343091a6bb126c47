#!/usr/bin/env bash
# Runs the three services on their default ports with their logs prefixed by service name.
# Ctrl-C (or SIGTERM) stops them all and waits until each has exited.
set -euo pipefail
bin_dir=${1:?usage: run-local.sh BIN_DIR}
pids=()

stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait || true
}
trap stop INT TERM EXIT

start() {
    local name=$1 port=$2
    ( PORT=$port LOG_OUTPUT=${LOG_OUTPUT:-stdout} exec "$bin_dir/$name" ) 2>&1 | sed -u "s/^/[$name] /" &
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
  backend     http://127.0.0.1:8080
  ml-service  http://127.0.0.1:8000
Press Ctrl-C to stop.
MSG
wait

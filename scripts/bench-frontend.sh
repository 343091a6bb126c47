#!/usr/bin/env bash
# Storefront and platform benchmarks (release build). Writes bench/frontend.json and bench/frontend.md:
#  - time from `shopmicro up` to every service ready: cold (new state folder: initdb, migrations,
#    seed) and warm (the same folder again);
#  - home and product page throughput and p50/p90/p99 with wrk, vs GET /healthz of the same
#    frontend process (the baseline: the same server, middlewares and telemetry, no page);
#  - resident memory of each service after a 60 s `shopmicro load` run (and that run's summary).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
flags=${RELEASE_FLAGS:-"-c release --static-swift-stdlib -Xlinker --no-export-dynamic"}
for product in shopmicro backend ml-service frontend; do swift build $flags --product $product >/dev/null; done
bin=$(swift build $flags --show-bin-path)
seconds=${WRK_SECONDS:-10}
load_seconds=${LOAD_SECONDS:-60}
work=$(mktemp -d)
chmod 755 "$work"
ports="--frontend-port 13000 --backend-port 18080 --ml-port 18000 --prometheus-port 19090"
up_pid=""
cleanup() {
    [ -n "$up_pid" ] && kill -INT "$up_pid" 2>/dev/null && wait "$up_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Sets ready_seconds to what `shopmicro up` reports.
start_platform() {
    "$bin/shopmicro" up --no-build --state-dir "$work/state" $ports > "$work/up-$1.log" 2>&1 &
    up_pid=$!
    for _ in $(seq 1 600); do grep -q "ShopMicro is running" "$work/up-$1.log" && break; sleep 0.1; done
    ready_seconds=$(grep -o "ready in [0-9.]* s" "$work/up-$1.log" | grep -o "[0-9.]*") || { cat "$work/up-$1.log" >&2; exit 1; }
}
stop_platform() { kill -INT "$up_pid"; wait "$up_pid" || true; up_pid=""; }

echo "shopmicro up: cold, then warm..." >&2
start_platform cold
cold=$ready_seconds
stop_platform
start_platform warm
warm=$ready_seconds

front=http://127.0.0.1:13000
wrk_run() { wrk -t2 -c16 -d"${seconds}s" -s bench/wrk-latency.lua "$front" -- "$1" 0 16 72; }
wrk -t2 -c16 -d2s -s bench/wrk-latency.lua "$front" -- "/products/%d" 0 16 72 >/dev/null
echo "wrk: /healthz, home, product pages..." >&2
wrk_run /healthz > "$work/healthz.txt"
wrk_run / > "$work/home.txt"
wrk_run "/products/%d" > "$work/product.txt"

echo "shopmicro load for ${load_seconds} s..." >&2
"$bin/shopmicro" load --target "$front" --users 10 --duration "${load_seconds}s" --json 2>/dev/null > "$work/load.json"
rss() { curl -fsS "$1/metrics" | awk '$1 == "process_resident_memory_bytes" {printf "%.1f", $2 / 1048576}'; }
rss_backend=$(rss http://127.0.0.1:18080); rss_ml=$(rss http://127.0.0.1:18000); rss_front=$(rss "$front")

python3 - "$cold" "$warm" "$work" "$rss_backend" "$rss_ml" "$rss_front" "$seconds" "$load_seconds" <<'PY'
import json, sys, datetime, platform, os
cold, warm, work = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
rss = {"backend": float(sys.argv[4]), "ml-service": float(sys.argv[5]), "frontend": float(sys.argv[6])}
seconds, load_seconds = sys.argv[7], int(sys.argv[8])
def wrk(name):
    values = dict(line.split() for line in open(f"{work}/{name}.txt") if len(line.split()) == 2)
    return {k: float(v) for k, v in values.items() if k in ("rps", "errors", "p50", "p90", "p99")}
health, home, product = wrk("healthz"), wrk("home"), wrk("product")
load = json.load(open(f"{work}/load.json"))
result = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    "up_ready_seconds": {"cold": cold, "warm": warm},
    "wrk": {"healthz": health, "home": home, "product": product},
    "home_vs_healthz": round(home["rps"] / health["rps"], 3), "product_vs_healthz": round(product["rps"] / health["rps"], 3),
    "load": load, "rss_mb_after_load": rss,
}
json.dump(result, open("bench/frontend.json", "w"), indent=2); open("bench/frontend.json", "a").write("\n")
ms = lambda us: f"{us / 1000:.1f}"
requests = sum(row["requests"] for row in load["rows"]); errors = sum(row["errors"] for row in load["rows"])
md = f"""| figure | value |
|---|---|
| `shopmicro up` until every service is ready: cold (new state: initdb, migrations, seed) / warm | **{cold:.1f} s** / **{warm:.1f} s** |
| home page (`GET /`, 24 products, categories): req/s, p50 / p90 / p99 ms | **{home['rps']:.0f}** ({result['home_vs_healthz']:.2f}× `/healthz`), {ms(home['p50'])} / {ms(home['p90'])} / {ms(home['p99'])} |
| product page (`GET /products/{{id}}` with 4 recommendations): req/s, p50 / p90 / p99 ms | **{product['rps']:.0f}** ({result['product_vs_healthz']:.2f}× `/healthz`), {ms(product['p50'])} / {ms(product['p90'])} / {ms(product['p99'])} |
| baseline `GET /healthz` of the same frontend: req/s, p99 ms | {health['rps']:.0f}, {ms(health['p99'])} |
| `shopmicro load` {load_seconds} s, 10 shoppers: requests, errors, orders | {requests} ({requests / load_seconds:.0f}/s), {errors}, {load['orders']} |
| resident memory after that load: backend / ml-service / frontend | **{rss['backend']} / {rss['ml-service']} / {rss['frontend']} MB** |

Measured {result['date']} on {result['machine']} with `make bench` (`scripts/bench-frontend.sh`; wrk -t2 -c16, {seconds} s each; release
build with the `make release` flags; PostgreSQL, Redis, the three services, Prometheus and wrk share the cores).
"""
open("bench/frontend.md", "w").write(md)
print(md)
PY

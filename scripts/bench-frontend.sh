#!/usr/bin/env bash
# Storefront and platform benchmarks (release build). Writes bench/frontend.json and bench/frontend.md:
#  - time from `shopmicro up` to every service ready: cold (new state folder: initdb, migrations,
#    seed) and warm (the same folder again);
#  - home and product page throughput and p50/p90/p99 with wrk, vs GET /healthz of the same
#    frontend process (the baseline: the same server, middlewares and telemetry, no page) and vs
#    nginx serving the same pages' HTML as static files, all in the same run;
#  - resident memory of each service after a 60 s `shopmicro load` run (and that run's summary).
# Environment: RELEASE_FLAGS (default: the Makefile's), SCRATCH_PATH (a build folder other than .build),
# WRK_SECONDS (10), LOAD_SECONDS (60).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "nginx is missing (apt-get install nginx-light)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
source scripts/lib/release-flags.sh  # flags: RELEASE_FLAGS, SCRATCH_PATH
for product in shopmicro backend ml-service frontend; do swift build $flags --product $product >/dev/null; done
bin=$(swift build $flags --show-bin-path)
seconds=${WRK_SECONDS:-10}
load_seconds=${LOAD_SECONDS:-60}
work=$(mktemp -d)
chmod 755 "$work"
ports="--frontend-port 23000 --backend-port 28080 --ml-port 28000 --prometheus-port 29090"
up_pid=""
redis_pid=""
nginx_pid=""
uncached_pid=""
cleanup() {
    [ -n "$uncached_pid" ] && kill "$uncached_pid" 2>/dev/null || true
    [ -n "$up_pid" ] && kill -INT "$up_pid" 2>/dev/null && wait "$up_pid" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
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

# The platform's Redis, started here and given to `shopmicro up` as REDIS_URL so that the storefront
# (which inherits up's environment) subscribes to the catalog invalidations and caches pages, as a
# deployment that gives the frontend REDIS_URL does.
redis_port=26379
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export REDIS_URL="redis://127.0.0.1:$redis_port/0"

echo "shopmicro up: cold, then warm..." >&2
start_platform cold
cold=$ready_seconds
stop_platform
start_platform warm
warm=$ready_seconds

front=http://127.0.0.1:23000
wrk_run() { wrk -t2 -c16 -d"${seconds}s" -s bench/wrk-latency.lua "$1" -- "$2" 0 16 72; }
wrk -t2 -c16 -d2s -s bench/wrk-latency.lua "$front" -- "/products/%d" 0 16 72 >/dev/null

# nginx serving the storefront's own HTML (home page for /, one product page for every /products/N).
mkdir -p "$work/www"
curl -fsS "$front/" > "$work/www/index.html"
curl -fsS "$front/products/1" > "$work/www/product.html"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:23080;
        root $work/www;
        default_type "text/html; charset=utf-8";
        location = / { try_files /index.html =404; }
        location /products/ { try_files /product.html =404; }
    }
}
CONF
"$nginx" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fsS http://127.0.0.1:23080/ >/dev/null 2>&1 && break; sleep 0.1; done

echo "wrk: /healthz, home, product pages; nginx with the same HTML..." >&2
wrk_run "$front" /healthz > "$work/healthz.txt"
wrk_run "$front" / > "$work/home.txt"
wrk_run "$front" "/products/%d" > "$work/product.txt"
wrk_run http://127.0.0.1:23080 / > "$work/nginx-home.txt"
wrk_run http://127.0.0.1:23080 "/products/%d" > "$work/nginx-product.txt"
kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""

# A second storefront on the same backend and ml-service without REDIS_URL, so its page cache is off:
# every view loads and renders (what a view costs right after a checkout's invalidation).
env -u REDIS_URL HOST=127.0.0.1 PORT=23001 LOG_OUTPUT=stdout BACKEND_URL=http://127.0.0.1:28080 ML_URL=http://127.0.0.1:28000 \
    "$bin/frontend" > "$work/frontend-uncached.log" 2>&1 &
uncached_pid=$!
for _ in $(seq 1 100); do curl -fsS http://127.0.0.1:23001/readyz >/dev/null 2>&1 && break; sleep 0.1; done
echo "wrk: home and product pages with the page cache off..." >&2
wrk_run http://127.0.0.1:23001 / > "$work/uncached-home.txt"
wrk_run http://127.0.0.1:23001 "/products/%d" > "$work/uncached-product.txt"
kill "$uncached_pid"; wait "$uncached_pid" 2>/dev/null || true; uncached_pid=""

echo "shopmicro load for ${load_seconds} s..." >&2
"$bin/shopmicro" load --target "$front" --users 10 --duration "${load_seconds}s" --json 2>/dev/null > "$work/load.json"
rss() { curl -fsS "$1/metrics" | awk '$1 == "process_resident_memory_bytes" {printf "%.1f", $2 / 1048576}'; }
rss_backend=$(rss http://127.0.0.1:28080); rss_ml=$(rss http://127.0.0.1:28000); rss_front=$(rss "$front")

python3 - "$cold" "$warm" "$work" "$rss_backend" "$rss_ml" "$rss_front" "$seconds" "$load_seconds" <<'PY'
import json, sys, datetime, platform, os
cold, warm, work = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
rss = {"backend": float(sys.argv[4]), "ml-service": float(sys.argv[5]), "frontend": float(sys.argv[6])}
seconds, load_seconds = sys.argv[7], int(sys.argv[8])
def wrk(name):
    values = dict(line.split() for line in open(f"{work}/{name}.txt") if len(line.split()) == 2)
    return {k: float(v) for k, v in values.items() if k in ("rps", "errors", "p50", "p90", "p99")}
health, home, product = wrk("healthz"), wrk("home"), wrk("product")
nginx_home, nginx_product = wrk("nginx-home"), wrk("nginx-product")
uncached_home, uncached_product = wrk("uncached-home"), wrk("uncached-product")
load = json.load(open(f"{work}/load.json"))
result = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    "up_ready_seconds": {"cold": cold, "warm": warm},
    "wrk": {"healthz": health, "home": home, "product": product, "nginx_home": nginx_home, "nginx_product": nginx_product,
            "home_cache_off": uncached_home, "product_cache_off": uncached_product},
    "home_vs_healthz": round(home["rps"] / health["rps"], 3), "product_vs_healthz": round(product["rps"] / health["rps"], 3),
    "home_vs_nginx": round(home["rps"] / nginx_home["rps"], 3), "product_vs_nginx": round(product["rps"] / nginx_product["rps"], 3),
    "healthz_vs_nginx": round(health["rps"] / nginx_home["rps"], 3),
    "home_cache_off_vs_healthz": round(uncached_home["rps"] / health["rps"], 3),
    "product_cache_off_vs_healthz": round(uncached_product["rps"] / health["rps"], 3),
    "goal": "home and product pages >= 0.25x /healthz",
    "load": load, "rss_mb_after_load": rss,
}
json.dump(result, open("bench/frontend.json", "w"), indent=2); open("bench/frontend.json", "a").write("\n")
ms = lambda us: f"{us / 1000:.1f}"
requests = sum(row["requests"] for row in load["rows"]); errors = sum(row["errors"] for row in load["rows"])
md = f"""| figure | value |
|---|---|
| `shopmicro up` until every service is ready: cold (new state: initdb, migrations, seed) / warm | **{cold:.1f} s** / **{warm:.1f} s** |
| home page (`GET /`, 24 products, categories): req/s, p50 / p90 / p99 ms | **{home['rps']:.0f}** ({result['home_vs_healthz']:.2f}× `/healthz`, {result['home_vs_nginx']:.2f}× nginx; goal ≥ 0.25× `/healthz`), {ms(home['p50'])} / {ms(home['p90'])} / {ms(home['p99'])} |
| product page (`GET /products/{{id}}` with 4 recommendations): req/s, p50 / p90 / p99 ms | **{product['rps']:.0f}** ({result['product_vs_healthz']:.2f}× `/healthz`, {result['product_vs_nginx']:.2f}× nginx; goal ≥ 0.25× `/healthz`), {ms(product['p50'])} / {ms(product['p90'])} / {ms(product['p99'])} |
| baseline `GET /healthz` of the same frontend: req/s, p99 ms | {health['rps']:.0f} ({result['healthz_vs_nginx']:.2f}× nginx), {ms(health['p99'])} |
| nginx serving the same HTML as static files: home / product page req/s | {nginx_home['rps']:.0f} / {nginx_product['rps']:.0f} |
| page cache off (a second storefront without REDIS_URL; every view loads and renders): home / product req/s | {uncached_home['rps']:.0f} ({result['home_cache_off_vs_healthz']:.2f}× `/healthz`) / {uncached_product['rps']:.0f} ({result['product_cache_off_vs_healthz']:.2f}× `/healthz`) |
| `shopmicro load` {load_seconds} s, 10 shoppers: requests, errors, orders | {requests} ({requests / load_seconds:.0f}/s), {errors}, {load['orders']} |
| resident memory after that load: backend / ml-service / frontend | **{rss['backend']} / {rss['ml-service']} / {rss['frontend']} MB** |

Measured {result['date']} on {result['machine']} with `make bench` (`scripts/bench-frontend.sh`; wrk -t2 -c16, {seconds} s each; release
build with the `make release` flags; PostgreSQL, Redis, the three services, Prometheus, nginx and wrk share the cores; 72 product ids
at random; the storefront's page cache on: REDIS_URL given, default `PAGE_CACHE_TTL_MS`).
"""
open("bench/frontend.md", "w").write(md)
print(md)
PY

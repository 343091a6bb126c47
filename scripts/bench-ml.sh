#!/usr/bin/env bash
# ml-service benchmarks (release build, private PostgreSQL and Redis behind a real backend). Writes
# bench/ml-service.json and bench/ml-service.md. Figures, with the baseline measured in the same run:
#  - fitting the model on 100,000 synthetic orders over 1,000 products, in process, vs fitting the
#    popularity fallback alone (one counting pass over the same orders);
#  - a full training in the service (reading those orders from the backend over HTTP + fitting), with
#    "read 100,000 orders over HTTP" being the order-history pages alone (the ml-service's
#    `orders_read_ms`: requests, the backend's pages, parsing; not the catalog read), against the goal
#    of 1 s and against the fit of the same training;
#  - the backend alone serving those pages (a client that only receives them), in the JSON form and
#    in the TSV form the ml-service reads;
#  - GET /recommendations paced at about 500 requests/s: p50/p90/p99 latency, vs GET /healthz of the
#    same process at the same pace; and unpaced throughput vs /healthz;
#  - resident memory of the ml-service holding that model vs one holding no model.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk curl psql; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wrk curl postgresql)" >&2; exit 1; }
done
source scripts/lib/release-flags.sh  # flags: RELEASE_FLAGS, SCRATCH_PATH
swift build $flags --product backend >/dev/null
swift build $flags --product ml-service >/dev/null
swift build $flags --product recommender-bench >/dev/null
bin=$(swift build $flags --show-bin-path)
orders=${BENCH_ORDERS:-100000}
products=${BENCH_PRODUCTS:-1000}
rate=${BENCH_RATE:-500}
seconds=${WRK_SECONDS:-10}
source scripts/lib/private-stores.sh
wait_ready() { for _ in $(seq 1 300); do curl -fsS "$1/readyz" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "$1 not ready" >&2; exit 1; }
metric() { curl -fsS "$1/metrics" 2>/dev/null | awk -v name="$2" '$1 == name {print $2}'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

echo "fitting in process ($orders orders, $products products)..." >&2
fit_json=$("$bin/recommender-bench" fit "$orders" "$products")

echo "starting PostgreSQL, Redis and the backend; loading $orders orders..." >&2
start_private_stores 55498 56498 "-c fsync=off"
DATABASE_URL=postgresql://shopmicro@127.0.0.1:55498/shop REDIS_URL=redis://127.0.0.1:56498/0 PORT=18190 HOST=127.0.0.1 \
    LOG_OUTPUT=stdout "$bin/backend" > "$work/backend.log" 2>&1 &
wait_ready http://127.0.0.1:18190
"$bin/recommender-bench" sql "$orders" "$products" | psql -q -h 127.0.0.1 -p 55498 -U shopmicro -d shop -v ON_ERROR_STOP=1 >/dev/null
# What autovacuum leaves behind on a shop whose orders accumulated: statistics and a visibility map
# (the order-history query reads each order's items by index only). Without it the figures are
# those of a table COPYed a second ago, which no running shop has.
psql -q -h 127.0.0.1 -p 55498 -U shopmicro -d shop -c "VACUUM ANALYZE orders, order_items" >/dev/null

echo "training in the service..." >&2
BACKEND_URL=http://127.0.0.1:1 PORT=18192 HOST=127.0.0.1 LOG_OUTPUT=stdout "$bin/ml-service" > "$work/ml-empty.log" 2>&1 &
empty=$!
BACKEND_URL=http://127.0.0.1:18190 PORT=18191 HOST=127.0.0.1 LOG_OUTPUT=stdout "$bin/ml-service" > "$work/ml.log" 2>&1 &
ml=$!
ml_url=http://127.0.0.1:18191
for _ in $(seq 1 1200); do
    [ "$(metric $ml_url shopmicro_model_orders)" = "$orders.0" ] && break
    sleep 0.1
done
[ "$(metric $ml_url shopmicro_model_orders)" = "$orders.0" ] || { echo "the model did not learn $orders orders:" >&2; tail -5 "$work/ml.log" >&2; exit 1; }
trained=$(grep -m1 '"model trained"' "$work/ml.log")
echo "the backend serving the order history in both forms..." >&2
pages_json=$(python3 - "http://127.0.0.1:18190" <<'PY'
import json, sys, time, urllib.request
base = sys.argv[1]
def read_all(accept):
    """Seconds to receive every order-history page (5,000 orders each) in one form; then the orders and bytes."""
    start, after, bodies = time.perf_counter(), 0, []
    while True:
        request = urllib.request.Request(f"{base}/internal/order-history?after={after}&limit=5000", headers={"Accept": accept})
        with urllib.request.urlopen(request) as response:
            bodies.append(response.read())
            link = response.headers.get("Link")
        if not link: break
        after = int(link.split("after=")[1].split("&")[0])
    seconds = time.perf_counter() - start
    orders = sum(body.count(b"\n") - 1 if accept.startswith("text/") else len(json.loads(body)["orders"]) for body in bodies)
    return seconds, orders, sum(map(len, bodies))
result = {}
for name, accept in (("json", "application/json"), ("tsv", "text/tab-separated-values")):
    runs = [read_all(accept) for _ in range(3)]
    result[name] = {"ms": round(sorted(r[0] for r in runs)[1] * 1000, 1), "orders": runs[0][1], "bytes": runs[0][2]}
print(json.dumps(result))
PY
)
train_seconds=$(metric $ml_url shopmicro_model_training_duration_seconds_sum)
sleep 1
model_kb=$(rss_kb $ml)
empty_kb=$(rss_kb $empty)

recommendations="/recommendations?product_id=%d&limit=5"
paced() { wrk -t2 -c10 -d"${seconds}s" -s bench/wrk-latency.lua "$ml_url" -- "$1" "$rate" 10; }
unpaced() { wrk -t2 -c32 -d"${seconds}s" -s bench/wrk-latency.lua "$ml_url" -- "$1" 0 32; }
wrk -t2 -c10 -d2s -s bench/wrk-latency.lua "$ml_url" -- "$recommendations" 0 10 >/dev/null
echo "wrk: /recommendations and /healthz at about $rate requests/s, then unpaced..." >&2
paced "$recommendations" > "$work/paced-rec.txt"
paced /healthz > "$work/paced-health.txt"
unpaced "$recommendations" > "$work/unpaced-rec.txt"
unpaced /healthz > "$work/unpaced-health.txt"
loaded_kb=$(rss_kb $ml)

python3 - "$fit_json" "$trained" "$train_seconds" "$model_kb" "$empty_kb" "$loaded_kb" "$work" "$rate" "$seconds" "$pages_json" <<'PY'
import json, sys, datetime, platform, os
fit = json.loads(sys.argv[1]); trained = json.loads(sys.argv[2]); train_seconds = float(sys.argv[3]); pages = json.loads(sys.argv[10])
model_kb, empty_kb, loaded_kb = (int(x) for x in sys.argv[4:7]); work = sys.argv[7]; rate = int(sys.argv[8]); seconds = sys.argv[9]
def wrk(name):
    values = dict(line.split() for line in open(f"{work}/{name}.txt") if len(line.split()) == 2)
    return {k: float(v) for k, v in values.items() if k in ("rps", "errors", "p50", "p90", "p99")}
if not pages["json"]["orders"] == pages["tsv"]["orders"] == int(trained["orders"]):
    sys.exit(f"the order-history pages held {pages['json']['orders']} (JSON) and {pages['tsv']['orders']} (TSV) orders, the model {trained['orders']}")
paced_rec, paced_health, unpaced_rec, unpaced_health = (wrk(n) for n in ("paced-rec", "paced-health", "unpaced-rec", "unpaced-health"))
result = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    "fit": fit,
    "service_training": {"seconds": round(train_seconds, 3), "fetch_ms": int(trained["fetch_ms"]), "fit_ms": int(trained["fit_ms"]),
                         "orders_read_ms": int(trained["orders_read_ms"]), "orders_read_goal_ms": 1000,
                         "orders_read_vs_fit": round(int(trained["orders_read_ms"]) / max(int(trained["fit_ms"]), 1), 2),
                         "orders": int(trained["orders"]), "products_covered": int(trained["products_covered"]), "items": int(trained["items"])},
    "backend_order_history_pages": pages,
    "paced": {"target_rps": rate, "recommendations": paced_rec, "healthz": paced_health},
    "unpaced": {"recommendations": unpaced_rec, "healthz": unpaced_health,
                "ratio": round(unpaced_rec["rps"] / unpaced_health["rps"], 3)},
    "rss_mb": {"with_model": round(model_kb / 1024, 1), "without_model": round(empty_kb / 1024, 1), "after_load": round(loaded_kb / 1024, 1)},
}
json.dump(result, open("bench/ml-service.json", "w"), indent=2); open("bench/ml-service.json", "a").write("\n")
ms = lambda us: f"{us / 1000:.2f} ms"
p, h, t, r, pg = paced_rec, paced_health, result["service_training"], result["rss_mb"], pages
md = f"""| figure | value | goal |
|---|---|---|
| fit on {fit['orders']:,} orders / {fit['products']:,} products (in process, median of 3) | **{fit['fit_seconds']:.2f} s**, {fit['fit_vs_popularity']:.1f}× the popularity fit ({fit['popularity_fit_seconds']:.3f} s) | report |
| training in the service: read the history and the catalog from the backend + fit | **{t['seconds']:.2f} s** (read {t['fetch_ms']} ms, fit {t['fit_ms']} ms); {t['products_covered']} products covered, {t['items']:,} items | report |
| read {t['orders']:,} orders over HTTP in the service (`/internal/order-history` pages of 5,000, TSV, parsed by hand) | **{t['orders_read_ms']} ms**, {t['orders_read_vs_fit']:.2f}× the fit of the same training | ≤ 1,000 ms |
| the backend serving those pages to a client that only receives them: TSV / JSON | {pg['tsv']['ms']:.0f} ms ({pg['tsv']['bytes'] / 1e6:.1f} MB) / {pg['json']['ms']:.0f} ms ({pg['json']['bytes'] / 1e6:.1f} MB); TSV **{pg['tsv']['ms'] / pg['json']['ms']:.2f}×** JSON | report |
| `GET /recommendations` at {p['rps']:.0f} req/s: p50 / p90 / p99 | **{ms(p['p50'])} / {ms(p['p90'])} / {ms(p['p99'])}** ({p['errors']:.0f} errors) | p99 < 5 ms at 500 req/s |
| `GET /healthz` of the same process at {h['rps']:.0f} req/s: p50 / p90 / p99 | {ms(h['p50'])} / {ms(h['p90'])} / {ms(h['p99'])}; p99 ratio **{p['p99'] / h['p99']:.2f}×** | baseline |
| unpaced throughput `/recommendations` / `/healthz` (32 connections) | **{result['unpaced']['ratio']:.2f}×** ({unpaced_rec['rps']:.0f} vs {unpaced_health['rps']:.0f} req/s) | report |
| ml-service resident memory: with the model / no model / after the load | **{r['with_model']}** / {r['without_model']} / {r['after_load']} MB | report |

Measured {result['date']} on {result['machine']} with `make bench` (`scripts/bench-ml.sh`; wrk {seconds} s per figure; release build
with the `make release` flags; PostgreSQL, Redis, the backend, the ml-service and wrk share the cores).
"""
open("bench/ml-service.md", "w").write(md)
print(md)
PY

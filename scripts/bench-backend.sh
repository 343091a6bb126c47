#!/usr/bin/env bash
# Backend benchmarks (release build, private PostgreSQL and Redis). Writes bench/backend.json and
# bench/backend.md. All figures are ratios against a baseline measured in the same run:
#  - GET /api/products/{id} from the Redis cache vs GET /healthz of the same binary (a static
#    "hello" answer through the same middlewares) and vs nginx serving the same JSON as a file;
#  - the catalog list (GET /api/products?limit=20, cached page) vs the same /healthz;
#  - checkout throughput (wrk: add to cart + POST /api/orders per order) vs pgbench running the
#    same stock/order/item transaction on the same server with the same number of clients;
#  - resident memory of the backend idle and after the load.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk nginx pgbench curl; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$tool is missing (apt-get install wrk nginx-light postgresql curl)" >&2; exit 1; }
done
source scripts/lib/release-flags.sh  # flags: RELEASE_FLAGS, SCRATCH_PATH
swift build $flags --product backend >/dev/null
bin=$(swift build $flags --show-bin-path)
seconds=${WRK_SECONDS:-8}
source scripts/lib/private-stores.sh

echo "starting PostgreSQL, Redis, nginx and the backend..." >&2
start_private_stores 55499 56499

mkdir -p "$work/nginx/www/api/products"
sed "s|NGINX_DIR|$work/nginx|g; s|NGINX_PORT|18091|g" bench/backend/nginx.conf > "$work/nginx/nginx.conf"
/usr/sbin/nginx -c "$work/nginx/nginx.conf" 2>/dev/null &

DATABASE_URL=postgresql://shopmicro@127.0.0.1:55499/shop REDIS_URL=redis://127.0.0.1:56499/0 PORT=18090 HOST=127.0.0.1 \
    LOG_OUTPUT=stdout "$bin/backend" > "$work/backend.log" 2>&1 &
backend=$!
for _ in $(seq 1 200); do curl -fsS http://127.0.0.1:18090/readyz >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS http://127.0.0.1:18090/api/products/1 > "$work/nginx/www/api/products/1"
for _ in $(seq 1 50); do curl -fsS http://127.0.0.1:18091/api/products/1 >/dev/null 2>&1 && break; sleep 0.1; done
sleep 2
idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$backend/status")

rps() { wrk -t2 -c64 -d"${seconds}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
for url in http://127.0.0.1:18090/healthz http://127.0.0.1:18090/api/products/1 "http://127.0.0.1:18090/api/products?limit=20" \
           http://127.0.0.1:18091/api/products/1; do
    wrk -t2 -c64 -d2s "$url" >/dev/null
done
hello=(); product=(); list=(); nginx=()
for round in 1 2 3; do
    echo "wrk round $round..." >&2
    hello+=("$(rps http://127.0.0.1:18090/healthz)")
    product+=("$(rps http://127.0.0.1:18090/api/products/1)")
    list+=("$(rps "http://127.0.0.1:18090/api/products?limit=20")")
    nginx+=("$(rps http://127.0.0.1:18091/api/products/1)")
done

echo "checkout: wrk against the backend, pgbench against PostgreSQL..." >&2
as_postgres "$pg_bin/psql" -h 127.0.0.1 -p 55499 -U shopmicro -d shop -qc "UPDATE products SET stock = 100000000" >/dev/null
clients=8
checkout_out=$(wrk -t$clients -c$clients -d"${seconds}s" -s bench/backend/checkout.lua http://127.0.0.1:18090)
checkouts=$(awk '/checkouts_created/ {print $2}' <<<"$checkout_out")
checkout_rps=$(python3 -c "print(round($checkouts / $seconds, 1))")
cp bench/backend/checkout.pgbench.sql "$work/checkout.sql" && chmod 644 "$work/checkout.sql"
as_postgres "$pg_bin/pgbench" -h 127.0.0.1 -p 55499 -U shopmicro -n -M prepared -c $clients -j 2 -T "$seconds" \
    -f "$work/checkout.sql" shop > "$work/pgbench.out" 2>&1 || { echo "pgbench failed:" >&2; cat "$work/pgbench.out" >&2; exit 1; }
pgbench_tps=$(awk '/^tps/ {print $3; exit}' "$work/pgbench.out")
loaded_kb=$(awk '/VmRSS/ {print $2}' "/proc/$backend/status")
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$backend/status")
orders=$(as_postgres "$pg_bin/psql" -h 127.0.0.1 -p 55499 -U shopmicro -d shop -tAc "SELECT count(*) FROM orders WHERE session_id <> 'pgbench'")

python3 - "$idle_kb" "$loaded_kb" "$peak_kb" "${hello[*]}" "${product[*]}" "${list[*]}" "${nginx[*]}" \
    "$checkout_rps" "$pgbench_tps" "$clients" "$orders" "$seconds" <<'PY'
import json, statistics, sys, datetime, platform, os
idle, loaded, peak = (int(x) for x in sys.argv[1:4])
hello, product, lst, nginx = ([float(x) for x in a.split()] for a in sys.argv[4:8])
checkout, pgbench, clients, orders, seconds = float(sys.argv[8]), float(sys.argv[9]), int(sys.argv[10]), int(sys.argv[11]), sys.argv[12]
med = statistics.median
ratio = lambda a, b: round(med([x / y for x, y in zip(a, b)]), 3)
result = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    "rps": {"healthz": hello, "product_cached": product, "catalog_list": lst, "nginx_static": nginx},
    "product_vs_hello": ratio(product, hello), "product_vs_nginx": ratio(product, nginx), "list_vs_hello": ratio(lst, hello),
    "checkout": {"backend_orders_per_s": checkout, "pgbench_tps": pgbench, "clients": clients,
                 "ratio": round(checkout / pgbench, 3) if pgbench else None, "orders_written": orders},
    "rss_mb": {"idle": round(idle / 1024, 1), "after_load": round(loaded / 1024, 1), "peak": round(peak / 1024, 1)},
}
json.dump(result, open("bench/backend.json", "w"), indent=2); open("bench/backend.json", "a").write("\n")
c = result["checkout"]; r = result["rss_mb"]
md = f"""| figure | value | goal |
|---|---|---|
| `GET /api/products/{{id}}` from cache / `GET /healthz` of the same binary | **{result['product_vs_hello']:.2f}×** ({med(product):.0f} vs {med(hello):.0f} req/s) | ≥ 0.8× |
| `GET /api/products/{{id}}` from cache / nginx serving the same JSON file | **{result['product_vs_nginx']:.2f}×** (nginx {med(nginx):.0f} req/s) | report |
| `GET /api/products?limit=20` (cached page) / `GET /healthz` | **{result['list_vs_hello']:.2f}×** ({med(lst):.0f} req/s) | report |
| checkout (add to cart + `POST /api/orders`) / pgbench running the same transaction, {clients} clients | **{c['ratio']:.2f}×** ({c['backend_orders_per_s']:.0f} orders/s vs {c['pgbench_tps']:.0f} tps) | report |
| backend resident memory: idle / after the load / peak | {r['idle']} / {r['after_load']} / {r['peak']} MB | |

Measured {result['date']} on {result['machine']} with `make bench` (wrk -t2 -c64, {seconds} s, median of 3 alternated rounds;
release build with the `make release` flags; server, data stores and load generator share the cores).
"""
open("bench/backend.md", "w").write(md)
print(md)
PY

#!/usr/bin/env python3
"""Writes the Grafana dashboards in this folder (run it after changing a panel; a test checks the
committed JSON is what this script writes, and `slocheck lint` checks every query against the
metrics the services emit and applies the Grafana dashboard-linter's rules, with the exceptions of
`.lint`).

Every dashboard has a `datasource` variable (any Prometheus) and `job` and `instance` variables as
the linter wants them (multi-select, All = `.+`, reloaded on a time range change; the SLO dashboard
has `slo` instead of `instance`), is not editable (provisioned from code), and every panel has a
unit, a description and `$__rate_interval` in its rates; latency panels show trace exemplars. The
burn-rate panels draw each SLO's burn factor, read from alerts/slo-rules.yml (`slocheck generate`
scales them to each SLO's window).
"""
import json
import os
import re
import sys

import yaml

RATE = "$__rate_interval"
SEL = 'job=~"$job",instance=~"$instance"'
SLO_SEL = 'job=~"$job",slo=~"$slo"'
HERE = os.path.dirname(os.path.abspath(__file__))
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}


def burn_factors():
    """Long window (1h, 6h, 1d, 3d) -> the distinct burn factors of the SLOs, from the generated rules."""
    with open(os.path.join(HERE, "..", "alerts", "slo-rules.yml"), encoding="utf-8") as handle:
        rules = yaml.safe_load(handle)
    factors = {}
    for group in rules["groups"]:
        for rule in group["rules"]:
            match = re.fullmatch(r"slo:burn_rate_threshold:rate(\w+)", rule.get("record", ""))
            if match:
                value = float(re.fullmatch(r"vector\((.+)\)", rule["expr"]).group(1))
                factors.setdefault(match.group(1), set()).add(value)
    return {window: sorted(values) for window, values in factors.items()}


FACTORS = burn_factors()


def panel(title, description, unit, targets, kind="timeseries", width=12, height=8, stack=False, thresholds=None,
          exemplars=False):
    """`exemplars`: the targets ask for the trace exemplars of the histograms they read."""
    spec = {
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}} if kind == "timeseries" else {},
        "targets": [dict({"refId": chr(65 + i), "expr": expr, "legendFormat": legend, "datasource": DATASOURCE},
                         **({"exemplar": True} if exemplars else {})) for i, (expr, legend) in enumerate(targets)],
        "gridPos": {"w": width, "h": height},
    }
    if stack:
        spec["fieldConfig"]["defaults"]["custom"] = {"stacking": {"mode": "normal"}}
    if thresholds:
        spec["fieldConfig"]["defaults"]["thresholds"] = {"mode": "absolute", "steps": thresholds}
    return spec


def variable(name, label, query, regex=None):
    """A query variable as the dashboard-linter wants it: multi-select, All = `.+`, reloaded on a
    time range change, on the templated data source."""
    spec = {"name": name, "label": label, "type": "query", "datasource": DATASOURCE,
            "query": {"query": query, "refId": name}, "includeAll": True, "allValue": ".+", "multi": True,
            "current": {}, "refresh": 2}
    if regex:
        spec["regex"] = regex
    return spec


def dashboard(uid, title, description, panels, jobs=".*", slo=False):
    """`slo`: the SLO series have no instance; an `slo` variable takes the `instance` one's place."""
    x = y = 0
    row_height = 0
    for item in panels:
        grid = item["gridPos"]
        if x + grid["w"] > 24:
            x, y = 0, y + row_height
            row_height = 0
        grid["x"], grid["y"] = x, y
        x += grid["w"]
        row_height = max(row_height, grid["h"])
    for index, item in enumerate(panels):
        item["id"] = index + 1
    last = (variable("slo", "SLO", 'label_values(slo:error_budget:ratio{job=~"$job"}, slo)') if slo else
            variable("instance", "Instance", 'label_values(up{job=~"$job"}, instance)'))
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["shopmicro"],
        "timezone": "browser",
        "schemaVersion": 39,
        "version": 1,
        "editable": False,
        "refresh": "30s",
        "time": {"from": "now-1h", "to": "now"},
        "templating": {"list": [
            {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus", "current": {}},
            variable("job", "Job", "label_values(up, job)", regex=f"/^({jobs})$/"),
            last,
        ]},
        "annotations": {"list": []},
        "panels": panels,
    }


def burn_rate(window, short, severity):
    """The burn rate over `window` per SLO, with each SLO's factor (dashed) and the factors as lines."""
    factors = FACTORS.get(window, [])
    spec = panel(f"Burn rate {window}",
                 f"Error ratio over {window} divided by the error budget (1: the budget lasts exactly the SLO window). "
                 f"Above its burn factor ({' / '.join(f'{f:g}' for f in factors)} here: the SRE workbook's, scaled to each SLO's "
                 f"window), together with the {short} window and enough requests, it {severity}. Dashed: each SLO's factor.",
                 "short",
                 [(f'slo:error_ratio:rate{window}{{{SLO_SEL}}} / on (slo) group_left slo:error_budget:ratio{{{SLO_SEL}}}', "{{slo}}"),
                  (f'slo:burn_rate_threshold:rate{window}{{{SLO_SEL}}}', "{{slo}} threshold")],
                 width=12,
                 thresholds=[{"color": "green", "value": None}] + [{"color": "red", "value": f} for f in factors])
    spec["fieldConfig"]["defaults"]["custom"] = {"thresholdsStyle": {"mode": "line"}}
    spec["fieldConfig"]["overrides"] = [{
        "matcher": {"id": "byRegexp", "options": ".* threshold"},
        "properties": [{"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 10]}},
                       {"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}}],
    }]
    return spec


def red(job_filter=""):
    selector = SEL + job_filter
    return [
        panel("Request rate", "Requests per second per service (HTTP server, all routes).", "reqps",
              [(f'sum by (job) (rate(http_server_request_duration_seconds_count{{{selector}}}[{RATE}]))', "{{job}}")], width=8),
        panel("Error ratio", "Share of requests answered with a 5xx, per service.", "percentunit",
              [(f'(sum by (job) (rate(http_server_request_duration_seconds_count{{{selector},http_response_status_code=~"5.."}}[{RATE}]))'
                f' or 0 * sum by (job) (rate(http_server_request_duration_seconds_count{{{selector}}}[{RATE}])))'
                f' / sum by (job) (rate(http_server_request_duration_seconds_count{{{selector}}}[{RATE}]))', "{{job}}")], width=8),
        panel("Latency p50 / p99", "Request duration percentiles per service, from the contract's histogram; the dots are "
              "exemplars, each a recent request's trace id.", "s",
              [(f'histogram_quantile(0.5, sum by (job, le) (rate(http_server_request_duration_seconds_bucket{{{selector}}}[{RATE}])))', "{{job}} p50"),
               (f'histogram_quantile(0.99, sum by (job, le) (rate(http_server_request_duration_seconds_bucket{{{selector}}}[{RATE}])))', "{{job}} p99")],
              width=8, exemplars=True),
    ]


def routes(job):
    selector = f'{SEL},job="{job}"'
    return [
        panel("Requests by route", f"{job} requests per second by route template and status code.", "reqps",
              [(f'sum by (http_route, http_response_status_code) (rate(http_server_request_duration_seconds_count{{{selector}}}[{RATE}]))',
                "{{http_route}} {{http_response_status_code}}")], stack=True),
        panel("p99 latency by route", f"99th percentile of {job} request durations per route; the dots are exemplars, "
              "each a recent request's trace id.", "s",
              [(f'histogram_quantile(0.99, sum by (http_route, le) (rate(http_server_request_duration_seconds_bucket{{{selector}}}[{RATE}])))',
                "{{http_route}}")], exemplars=True),
        panel("In-flight requests", f"Requests {job} is handling right now.", "short",
              [(f'sum by (instance) (http_server_active_requests{{{selector}}})', "{{instance}}")], width=8),
        panel("Resident memory", f"Resident set size of each {job} process.", "bytes",
              [(f'process_resident_memory_bytes{{{selector}}}', "{{instance}}")], width=8),
        panel("CPU", f"CPU seconds per second used by each {job} process.", "percentunit",
              [(f'rate(process_cpu_seconds_total{{{selector}}}[{RATE}])', "{{instance}}")], width=8),
    ]


def client_calls(job):
    selector = f'{SEL},job="{job}"'
    return [
        panel("Calls to other services", f"Calls {job} makes per second, by peer and status (error = no response).", "reqps",
              [(f'sum by (server_address, http_response_status_code) (rate(http_client_request_duration_seconds_count{{{selector}}}[{RATE}]))',
                "{{server_address}} {{http_response_status_code}}")]),
        panel("Call latency p99", f"99th percentile of {job}'s calls to other services; the dots are exemplars (trace ids).", "s",
              [(f'histogram_quantile(0.99, sum by (server_address, le) (rate(http_client_request_duration_seconds_bucket{{{selector}}}[{RATE}])))',
                "{{server_address}}")], exemplars=True),
    ]


def datastores_own_side():
    """Panels from postgres_exporter (job postgres), redis_exporter (job redis) and the backup's metrics."""
    up = [{"color": "red", "value": None}, {"color": "green", "value": 1}]
    return [
        panel("PostgreSQL up", "postgres_exporter's pg_up: 1 when it reaches PostgreSQL, 0 when it cannot.", "short",
              [(f'pg_up{{{SEL}}}', "{{instance}}")], kind="stat", width=6, thresholds=up),
        panel("PostgreSQL connections vs max_connections", "Server connections in use (every state and database, pg_stat_activity) "
              "against max_connections; ShopMicroPostgresConnectionsNearMax fires above 80%.", "short",
              [(f'sum by (instance) (pg_stat_activity_count{{{SEL}}})', "{{instance}} connections"),
               (f'max by (instance) (pg_settings_max_connections{{{SEL}}})', "{{instance}} max_connections")], width=9),
        panel("PostgreSQL connections by state", "Server connections per state (active, idle, idle in transaction …).", "short",
              [(f'sum by (state) (pg_stat_activity_count{{{SEL}}})', "{{state}}")], stack=True, width=9),
        panel("Redis up", "redis_exporter's redis_up: 1 when it reaches Redis, 0 when it cannot.", "short",
              [(f'redis_up{{{SEL}}}', "{{instance}}")], kind="stat", width=6, thresholds=up),
        panel("Redis memory vs maxmemory", "Memory Redis uses against its maxmemory (0: no limit set); "
              "ShopMicroRedisMemoryNearMax fires above 90% of a set limit.", "bytes",
              [(f'redis_memory_used_bytes{{{SEL}}}', "{{instance}} used"),
               (f'redis_memory_max_bytes{{{SEL}}}', "{{instance}} maxmemory")], width=9),
        panel("Redis clients vs maxclients", "Client connections to Redis against maxclients (past it, connections are refused).", "short",
              [(f'redis_connected_clients{{{SEL}}}', "{{instance}} clients"),
               (f'redis_config_maxclients{{{SEL}}}', "{{instance}} maxclients")], width=9),
        panel("Redis evictions and rejected connections", "Keys evicted to stay under maxmemory (carts lost) and connections "
              "refused at maxclients, per second.", "ops",
              [(f'sum by (instance) (rate(redis_evicted_keys_total{{{SEL}}}[{RATE}]))', "{{instance}} evicted keys"),
               (f'sum by (instance) (rate(redis_rejected_connections_total{{{SEL}}}[{RATE}]))', "{{instance}} rejected connections")]),
        panel("Backup age", "Time since the newest successful ops/shopmicro-backup run (Pushgateway or node_exporter textfile); "
              "ShopMicroBackupMissing fires past 26 hours.", "s",
              [('time() - max(shopmicro_backup_last_success_timestamp_seconds)', "since the last good backup")], kind="stat", width=6,
              thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 90000}, {"color": "red", "value": 93600}]),
        panel("Last backup run", "1 when the last backup run succeeded, 0 when it failed (ShopMicroBackupFailed).", "short",
              [('min(shopmicro_backup_last_run_success)', "last run")], kind="stat", width=6, thresholds=up),
        panel("Backup size", "Size of the dump the newest successful backup run wrote.", "bytes",
              [('max(shopmicro_backup_last_size_bytes)', "dump size")], kind="stat", width=6),
        panel("Backup duration", "How long the last backup run took, successful or not.", "s",
              [('max(shopmicro_backup_last_duration_seconds)', "last run")], kind="stat", width=6),
    ]


dashboards = {
    "overview.json": dashboard("shopmicro-overview", "ShopMicro / Platform overview",
        "Rate, errors and duration of every service, targets up, and the SLOs' error budgets.",
        red() + [
            panel("Targets up", "1 when Prometheus scrapes the service, 0 when it cannot.", "short",
                  [(f'up{{{SEL}}}', "{{job}} {{instance}}")], kind="stat", width=12,
                  thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 1}]),
            panel("Error budget left", "Share of each SLO's error budget not spent yet, over the SLO's own window.", "percentunit",
                  [('1 - slo:error_ratio:window{job=~"$job"} / on (slo) group_left slo:error_budget:ratio{job=~"$job"}', "{{slo}}")],
                  kind="bargauge", width=12,
                  thresholds=[{"color": "red", "value": None}, {"color": "orange", "value": 0.25}, {"color": "green", "value": 0.5}]),
            panel("Orders per minute", "Orders placed, per minute.", "short",
                  [(f'sum(rate(shopmicro_orders_total{{{SEL}}}[{RATE}])) * 60', "orders/min")], width=12),
            panel("Synthetic share of requests", "Share of requests marked X-ShopMicro-Synthetic (load generators, probes) by services "
                  "that trust the mark (SYNTHETIC_TRAFFIC_TRUSTED=true); the SLOs leave them out.", "percentunit",
                  [(f'sum by (job) (rate(shopmicro_synthetic_http_server_request_duration_seconds_count{{{SEL}}}[{RATE}]))'
                    f' / sum by (job) (rate(http_server_request_duration_seconds_count{{{SEL}}}[{RATE}]))', "{{job}}")], width=12),
        ]),
    "backend.json": dashboard("shopmicro-backend", "ShopMicro / Backend",
        "The shop's JSON API: routes, checkout and the business it does.",
        routes("backend") + [
            panel("Orders and revenue", "Orders per minute and revenue in US dollars per minute.", "short",
                  [(f'sum(rate(shopmicro_orders_total{{{SEL}}}[{RATE}])) * 60', "orders/min"),
                   (f'sum(rate(shopmicro_order_value_usd_sum{{{SEL}}}[{RATE}])) * 60', "USD/min")]),
            panel("Checkout failures", "Checkouts refused per minute, by reason.", "short",
                  [(f'sum by (reason) (rate(shopmicro_checkout_failures_total{{{SEL}}}[{RATE}])) * 60', "{{reason}}")]),
            panel("Cart additions", "Units added to carts per minute.", "short",
                  [(f'sum(rate(shopmicro_cart_additions_total{{{SEL}}}[{RATE}])) * 60', "units/min")], width=8),
            panel("Median order value", "Median order value in US dollars.", "currencyUSD",
                  [(f'histogram_quantile(0.5, sum by (le) (rate(shopmicro_order_value_usd_bucket{{{SEL}}}[{RATE}])))', "median")], width=8),
            panel("Dependencies up", "1 when the last readiness check reached the dependency.", "short",
                  [(f'shopmicro_dependency_up{{{SEL},job="backend"}}', "{{instance}} {{dependency}}")], kind="stat", width=8,
                  thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 1}]),
        ], jobs="backend"),
    "frontend.json": dashboard("shopmicro-frontend", "ShopMicro / Storefront",
        "The storefront's pages and its calls to the backend and the ml-service.",
        routes("frontend") + client_calls("frontend") + [
            panel("Page cache hit ratio", "Share of home, category and product page views answered from the page cache "
                  "(counted only while it is on).", "percentunit",
                  [(f'sum by (instance) (rate(cache_requests_total{{{SEL},cache_name="page",result="hit"}}[{RATE}])) '
                    f'/ sum by (instance) (rate(cache_requests_total{{{SEL},cache_name="page"}}[{RATE}]))', "{{instance}}")]),
            panel("Page cache on", "1 while the storefront is subscribed to the backend's catalog invalidations and uses its "
                  "page cache; 0: every page view calls the backend (no REDIS_URL, or Redis unreachable).", "short",
                  [(f'cache_enabled{{{SEL},cache_name="page"}}', "{{instance}}")], kind="stat",
                  thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 1}]),
        ], jobs="frontend"),
    "recommendations.json": dashboard("shopmicro-recommendations", "ShopMicro / Recommendations",
        "The ml-service: strategy mix, the model's age and size, trainings.",
        routes("ml-service") + client_calls("ml-service") + [
            panel("Answers by strategy", "Recommendation answers per second: co-purchase model or popularity fallback.", "reqps",
                  [(f'sum by (strategy) (rate(shopmicro_recommendations_total{{{SEL}}}[{RATE}]))', "{{strategy}}")], stack=True),
            panel("Fallback ratio", "Share of answers from the popularity fallback.", "percentunit",
                  [(f'sum(rate(shopmicro_recommendations_total{{{SEL},strategy="fallback"}}[{RATE}])) / sum(rate(shopmicro_recommendations_total{{{SEL}}}[{RATE}]))', "fallback")]),
            panel("Model age", "Seconds since the model last reflected the backend's order history.", "s",
                  [(f'shopmicro_model_age_seconds{{{SEL}}}', "{{instance}}")], width=8),
            panel("Training duration p90", "90th percentile of the successful trainings of the selected range (reading the history + fitting).", "s",
                  [(f'histogram_quantile(0.9, sum by (le) (increase(shopmicro_model_training_duration_seconds_bucket{{{SEL}}}[$__range])))', "p90")], width=8),
            panel("Training failures", "Failed trainings in the selected range (the old model stays in use).", "short",
                  [(f'sum(increase(shopmicro_model_training_failures_total{{{SEL}}}[$__range]))', "failures")], kind="stat", width=8),
            panel("Model size", "Orders learned from, products with neighbours, and neighbour entries.", "short",
                  [(f'shopmicro_model_orders{{{SEL}}}', "orders {{instance}}"),
                   (f'shopmicro_model_products_covered{{{SEL}}}', "products covered {{instance}}"),
                   (f'shopmicro_model_items{{{SEL}}}', "items {{instance}}")], width=24),
        ], jobs="ml-service"),
    "datastores.json": dashboard("shopmicro-datastores", "ShopMicro / Data stores",
        "PostgreSQL and Redis as the services see them (pools, statement latency, cache results) and from their own side "
        "(postgres_exporter, redis_exporter: connections, memory, evictions), and the backups' freshness.",
        [
            panel("PostgreSQL pool", "Connections in use and idle, pool size, and callers waiting for a connection.", "short",
                  [(f'sum by (state) (db_client_connections_usage{{{SEL},db_system_name="postgresql"}})', "{{state}}"),
                   (f'sum(db_client_connections_max{{{SEL},db_system_name="postgresql"}})', "max"),
                   (f'sum(db_client_connections_pending_requests{{{SEL},db_system_name="postgresql"}})', "waiting")]),
            panel("Statement latency p99", "99th percentile per data store and operation.", "s",
                  [(f'histogram_quantile(0.99, sum by (db_system_name, db_operation_name, le) (rate(db_client_operation_duration_seconds_bucket{{{SEL}}}[{RATE}])))',
                    "{{db_system_name}} {{db_operation_name}}")]),
            panel("Operations per second", "Statements and Redis commands per second.", "ops",
                  [(f'sum by (db_system_name, db_operation_name) (rate(db_client_operation_duration_seconds_count{{{SEL}}}[{RATE}]))',
                    "{{db_system_name}} {{db_operation_name}}")], stack=True),
            panel("Cache results", "Catalog cache lookups per second: hit, miss, error (Redis unreachable).", "ops",
                  [(f'sum by (cache_name, result) (rate(cache_requests_total{{{SEL}}}[{RATE}]))', "{{cache_name}} {{result}}")], stack=True),
            panel("Cache hit ratio", "Share of lookups answered from each cache (catalog_local: the backend's in-process "
                  "layer, in front of the Redis-backed product, catalog_page and categories caches).", "percentunit",
                  [(f'sum by (cache_name) (rate(cache_requests_total{{{SEL},result="hit"}}[{RATE}])) '
                    f'/ sum by (cache_name) (rate(cache_requests_total{{{SEL}}}[{RATE}]))', "{{cache_name}}")]),
            panel("Dependencies up", "1 when each service's last readiness check reached the dependency.", "short",
                  [(f'shopmicro_dependency_up{{{SEL}}}', "{{job}} {{dependency}}")], kind="stat",
                  thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 1}]),
        ] + datastores_own_side(), jobs="backend|postgres|redis"),
    "slos.json": dashboard("shopmicro-slos", "ShopMicro / SLOs and error budgets",
        "Every SLO of alerts/slos: SLI and error budget over each SLO's window, burn rates against their factors, "
        "the requests each SLO counts (real users only), and alert state.",
        [
            panel("SLI over the SLO window", "Share of good events over each SLO's window (1 - error ratio), real users only.", "percentunit",
                  [(f'1 - slo:error_ratio:window{{{SLO_SEL}}}', "{{slo}} ({{window}})")], kind="bargauge"),
            panel("Error budget left", "Share of the error budget not spent yet over each SLO's window (negative: overspent).", "percentunit",
                  [(f'1 - slo:error_ratio:window{{{SLO_SEL}}} / on (slo) group_left slo:error_budget:ratio{{{SLO_SEL}}}', "{{slo}} ({{window}})")],
                  kind="bargauge",
                  thresholds=[{"color": "red", "value": None}, {"color": "orange", "value": 0.25}, {"color": "green", "value": 0.5}]),
            burn_rate("1h", "5m", "pages"),
            burn_rate("6h", "30m", "pages"),
            burn_rate("1d", "2h", "opens a ticket"),
            burn_rate("3d", "6h", "opens a ticket"),
            panel("Requests per hour counted by each SLO", "Real users' requests over the last hour (synthetic ones subtracted). "
                  "A burn-rate alert needs at least the SLO's minimum of requests in its long window (100 unless the spec "
                  "sets shopmicro.io/burn-alert-min-events), so a lone failure at low traffic does not page.", "short",
                  [(f'slo:total_events:rate1h{{{SLO_SEL}}} * 3600', "{{slo}}")], width=12),
            panel("SLO alerts firing", "Burn-rate and absent-data alerts firing now, per SLO (0: none).", "short",
                  [(f'sum by (slo) (ALERTS{{alertstate="firing",{SLO_SEL}}}) or on () vector(0)', "{{slo}}")], kind="stat", width=12,
                  thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}]),
        ], jobs="backend|ml-service|frontend", slo=True),
}

# `build.py --output DIR` writes elsewhere (the test compares that with the committed files).
output = sys.argv[sys.argv.index("--output") + 1] if "--output" in sys.argv else HERE
for name, content in dashboards.items():
    with open(os.path.join(output, name), "w", encoding="utf-8") as out:
        json.dump(content, out, indent=2, sort_keys=True)
        out.write("\n")
print(f"wrote {len(dashboards)} dashboards with {sum(len(d['panels']) for d in dashboards.values())} panels")

"""The promises of the Docker quick start, each checked against the running compose project
through the ports it publishes on 127.0.0.1 (and `docker exec` / `docker-compose exec` for what
only the inside shows). Each returns a short detail, or raises AssertionError."""
import json
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

from shopper import Shopper
from waiting import wait_for

SHOPMICRO_SERVICES = ("backend", "ml-service", "frontend", "alert-log")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def get_json(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def shop_answers(project, timeout=300):
    """The storefront's home page on the published port."""
    def home():
        status, _, page = Shopper(project.ports["SHOP_PORT"]).request("GET", "/")
        return status == 200 and "products" in page
    started = time.monotonic()
    wait_for("the shop's home page", home, timeout)
    return f"{project.url('SHOP_PORT', '/')} answers 200 ({time.monotonic() - started:.1f} s after asking)"


def every_container_healthy(project, timeout=240):
    def states():
        containers = project.containers()
        missing = [c["Name"] for c in containers if "Health" not in c["State"]]
        if missing:
            raise AssertionError(f"no healthcheck: {', '.join(missing)}")
        unhealthy = {c["Name"].lstrip("/"): c["State"]["Health"]["Status"] for c in containers
                     if c["State"]["Health"]["Status"] != "healthy"}
        if unhealthy:
            raise AssertionError(f"not healthy yet: {unhealthy}")
        return len(containers)
    count = wait_for("every container's healthcheck", states, timeout, interval=2)
    return f"{count} containers healthy"


def purchase(project, placed):
    """A purchase through the storefront's pages; the order read back from the compose PostgreSQL.
    The order's id goes into `placed["order_id"]`."""
    order_id = Shopper(project.ports["SHOP_PORT"]).buy(product_id=1, quantity=2, email="compose-check@example.com")
    if not UUID.match(order_id):
        raise AssertionError(f"the order id {order_id!r} is not a UUID")
    row = project.sql("SELECT o.email || ' ' || i.quantity || ' x ' || i.name FROM orders o "
                      f"JOIN order_items i ON i.order_id = o.id WHERE o.id = '{order_id}'")
    if not row.startswith("compose-check@example.com 2 x "):
        raise AssertionError(f"order {order_id} in PostgreSQL: {row!r}")
    placed["order_id"] = order_id
    return f"order {order_id} placed on the storefront is in PostgreSQL: {row}"


def prometheus_targets_up(project, expected_jobs, timeout=120):
    def targets():
        active = get_json(project.url("PROMETHEUS_PORT", "/api/v1/targets?state=active"))["data"]["activeTargets"]
        jobs = {target["labels"]["job"]: target["health"] for target in active}
        missing = set(expected_jobs) - set(jobs)
        down = {job: health for job, health in jobs.items() if health != "up"}
        if missing or down:
            raise AssertionError(f"missing {sorted(missing)}, not up {down}")
        return sorted(jobs)
    jobs = wait_for("every Prometheus target up", targets, timeout, interval=3)
    return f"{len(jobs)} targets up: {', '.join(jobs)}"


def watchdog_reaches_alert_log(project, timeout=180):
    def delivered():
        for line in project.logs("alert-log").splitlines():
            _, _, record = line.partition("| ")
            try:
                entry = json.loads(record)
            except ValueError:
                continue
            if entry.get("alertname") == "ShopMicroWatchdog" and entry.get("receiver") == "watchdog":
                return entry
        return None
    entry = wait_for("ShopMicroWatchdog at alert-log", delivered, timeout, interval=3)
    return f"alert-log logged {entry['message']!r} from receiver {entry['receiver']} (trace {entry.get('trace_id', '-')})"


def exemplar_trace_in_backend(project, timeout=120):
    """metric -> exemplar -> trace: a trace id Prometheus keeps on the storefront's latency
    histogram is a trace the trace backend received, with the backend's spans in it."""
    def exemplar():
        now = time.time()
        query = urllib.parse.urlencode({"query": 'http_server_request_duration_seconds_bucket{job="frontend",http_route="/"}',
                                        "start": now - 600, "end": now})
        series = get_json(project.url("PROMETHEUS_PORT", f"/api/v1/query_exemplars?{query}"))["data"]
        ids = [e["labels"]["trace_id"] for s in series for e in s["exemplars"] if "trace_id" in e["labels"]]
        return ids[-1] if ids else None

    def trace(trace_id):
        try:
            found = get_json(project.url("JAEGER_PORT", f"/api/traces/{trace_id}"))
        except urllib.error.HTTPError as error:
            raise AssertionError(f"trace {trace_id}: {error.code}")
        data = found.get("data") or []
        services = {process["serviceName"] for entry in data for process in entry["processes"].values()}
        return services if "frontend" in services else None

    # A fresh request, so its exemplar is recent.
    Shopper(project.ports["SHOP_PORT"]).request("GET", "/")
    trace_id = wait_for("an exemplar on the storefront's latency histogram", exemplar, timeout, interval=3)
    services = wait_for(f"trace {trace_id} in the trace backend", lambda: trace(trace_id), timeout, interval=2)
    return f"exemplar trace_id {trace_id} -> trace with spans of {', '.join(sorted(services))}"


def hardened(project):
    """Each ShopMicro container: uid 10001, read-only root filesystem, no capabilities (seen from
    inside the container as well as in its configuration)."""
    details = []
    for service in SHOPMICRO_SERVICES:
        container = project.container(service)
        name = container["Name"].lstrip("/")
        host = container["HostConfig"]
        status = subprocess.run(["docker", "exec", name, "cat", "/proc/1/status"], capture_output=True, text=True,
                                check=True).stdout
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        uids = fields["Uid"].split()
        capabilities = {key: int(fields[key].strip(), 16) for key in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")}
        write = subprocess.run(["docker", "exec", name, "sh", "-c", "echo x > /written-by-compose-check"],
                               capture_output=True, text=True)
        problems = []
        if set(uids) != {"10001"}:
            problems.append(f"uids {uids}")
        if any(capabilities.values()):
            problems.append(f"capabilities {capabilities}")
        if write.returncode == 0 or "Read-only file system" not in write.stderr:
            problems.append(f"root filesystem writable ({write.stderr.strip()!r})")
        if not host.get("ReadonlyRootfs") or "ALL" not in (host.get("CapDrop") or []):
            problems.append("configuration lacks read_only or cap_drop ALL")
        if "no-new-privileges:true" not in (host.get("SecurityOpt") or []) or fields["NoNewPrivs"].strip() != "1":
            problems.append("no-new-privileges off")
        if problems:
            raise AssertionError(f"{service}: {'; '.join(problems)}")
        details.append(service)
    return f"{', '.join(details)}: uid 10001, read-only /, no capabilities, no-new-privileges"


def backup_restores(project, order_id):
    """`docker-compose run --rm backup` writes a dump; restored into an empty database it holds the
    order; its outcome reaches Prometheus through the Pushgateway."""
    backup = project.run("run", "--rm", "backup")
    path = backup.stdout.strip().splitlines()[-1] if backup.stdout.strip() else ""
    if not path.startswith("/var/lib/postgresql/backups/"):
        raise AssertionError(f"the backup printed {backup.stdout!r} {backup.stderr[-500:]!r}")
    project.sql("DROP DATABASE IF EXISTS restore_check", database="postgres")
    project.sql("CREATE DATABASE restore_check", database="postgres")
    try:
        project.run("run", "--rm", "-e", "DATABASE_URL=postgresql://shopmicro@postgres:5432/restore_check",
                    "--entrypoint", "bash", "backup", "/opt/shopmicro/shopmicro-restore", path)
        restored = project.sql(f"SELECT count(*) FROM orders WHERE id = '{order_id}'", database="restore_check")
        counts = (project.sql("SELECT count(*) FROM orders"), project.sql("SELECT count(*) FROM orders", database="restore_check"))
    finally:
        project.sql("DROP DATABASE IF EXISTS restore_check", database="postgres")
    if restored != "1" or counts[0] != counts[1]:
        raise AssertionError(f"restored copy: order found {restored}, orders {counts[1]} of {counts[0]}")

    def pushed():
        query = urllib.parse.urlencode({"query": 'shopmicro_backup_last_run_success{job="shopmicro-backup"}'})
        result = get_json(project.url("PROMETHEUS_PORT", f"/api/v1/query?{query}"))["data"]["result"]
        return result and result[0]["value"][1] == "1"
    wait_for("shopmicro_backup_last_run_success 1 in Prometheus", pushed, 60, interval=3)
    return f"{path} restores into an empty database with the order ({counts[0]} orders); last_run_success 1 in Prometheus"


def orders_survive_down_up(project, order_id, services):
    project.run("down", timeout=300)
    started = time.monotonic()
    project.run("up", "-d", *services, timeout=600)
    shop_answers(project)
    ready = time.monotonic() - started
    found = project.sql(f"SELECT count(*) FROM orders WHERE id = '{order_id}'")
    if found != "1":
        raise AssertionError(f"order {order_id} after down and up: {found}")
    return ready, f"order {order_id} still there after `down` and `up` (shop ready {ready:.1f} s after `up`)"


def nothing_left(project):
    project.run("down", "-v", "--remove-orphans", timeout=300)
    left = project.leftovers()
    if any(left.values()):
        raise AssertionError(f"left behind: {left}")
    return "no container, network or volume of the project left"

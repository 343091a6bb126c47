#!/usr/bin/python3
"""Checks docker-compose.yml and the Dockerfile without a Docker engine (none runs in CI).

Usage: compose_check.py REPOSITORY

`docker-compose config` (Debian's docker-compose, a real Compose parser) validates and normalises the
file; this script then checks what the quick start promises: the services, the shop published on
3000, the ShopMicro services (and alert-log, from the same image) as a non-root user on a read-only
filesystem without capabilities, every image pinned, and a multi-stage Dockerfile whose runtime stage
is slim, non-root and ships the `shopmicro` command. The monitoring: Prometheus's mounted
configuration passes `promtool check config`, sends alerts to the compose Alertmanager and scrapes
every job the rules expect at a compose service; Alertmanager's mounted configuration passes
`amtool check-config` and each receiver's webhook is a compose service's port; the exporters get
their passwords from the environment, never from arguments; the backup pushes to the Pushgateway.
Prometheus's command, run by Debian's Prometheus (prometheus_flags.py), sets a retention of its own
(slocheck lint checks it covers the longest SLO window) and turns exemplar storage on. With
OTEL_EXPORTER_OTLP_ENDPOINT and SHOPMICRO_REVISION in the environment, the three services get the
endpoint and the image's build gets the revision, which the Dockerfile's runtime stage passes on.
The storefront's page cache: the frontend gets REDIS_URL naming the compose Redis with the password
that server requires (as the backend does), starts after Redis is healthy, and gets no PostgreSQL
connection or password.
Prints what is wrong and exits 1, or exits 0.
"""
import os
import subprocess
import sys
import tempfile

import yaml

import prometheus_flags

repository = sys.argv[1]
problems = []

normalised = subprocess.run(["docker-compose", "-f", f"{repository}/docker-compose.yml", "config"],
                            capture_output=True, text=True)
if normalised.returncode != 0:
    print(f"docker-compose config failed: {normalised.stderr}")
    sys.exit(1)
compose = yaml.safe_load(normalised.stdout)
services = compose.get("services", {})
expected = {"postgres", "redis", "backend", "ml-service", "frontend", "prometheus", "alertmanager", "alert-log",
            "postgres-exporter", "redis-exporter", "pushgateway", "backup", "grafana", "jaeger"}
if set(services) != expected:
    problems.append(f"services are {sorted(services)}, expected {sorted(expected)}")
# The scrape jobs alerts/ and dashboards/ select on, and the port each one's exporter serves.
expected_jobs = {"backend": None, "ml-service": None, "frontend": None, "postgres": 9187, "redis": 9121,
                 "alertmanager": 9093, "pushgateway": 9091}


def mounted(service, target):
    """The repository file or folder mounted at `target` in a service, or None."""
    for volume in services.get(service, {}).get("volumes", []):
        source, path = (volume.split(":")[:2] if isinstance(volume, str) else (volume.get("source"), volume.get("target")))
        if path == target:
            return source
    return None


def command_words(service):
    command = services.get(service, {}).get("command", [])
    entrypoint = services.get(service, {}).get("entrypoint", [])
    words = (entrypoint if isinstance(entrypoint, list) else entrypoint.split()) + \
        (command if isinstance(command, list) else command.split())
    return [str(word) for word in words]


for name in ("backend", "ml-service", "frontend", "alert-log"):
    service = services.get(name, {})
    if service.get("user", "").split(":")[0] in ("", "0", "root"):
        problems.append(f"{name} runs as root")
    if not service.get("build"):
        problems.append(f"{name} is not built from the repository")
for name, service in services.items():
    if service.get("read_only") is not True and name not in ("postgres", "redis"):
        problems.append(f"{name} has a writable root filesystem")
    if service.get("cap_drop") != ["ALL"] and name not in ("postgres", "redis"):
        problems.append(f"{name} keeps Linux capabilities")
    if "no-new-privileges:true" not in service.get("security_opt", []) and name not in ("postgres", "redis"):
        problems.append(f"{name} allows privilege escalation")
    if service.get("privileged"):
        problems.append(f"{name} is privileged")
    image = service.get("image", "")
    if ":" not in image or image.endswith(":latest"):
        problems.append(f"{name}: image {image or '(none)'} is not pinned to a version")



def published_ports(service):
    """(host address, host port, container port) of each port a service publishes."""
    ports = []
    for port in services.get(service, {}).get("ports", []):
        if isinstance(port, dict):
            ports.append((port.get("host_ip", ""), str(port.get("published")), str(port.get("target"))))
        else:
            parts = str(port).split("/")[0].split(":")
            parts = [""] * (3 - len(parts)) + parts
            ports.append((parts[0], parts[1], parts[2]))
    return ports


if ("127.0.0.1", "3000", "3000") not in published_ports("frontend"):
    problems.append(f"the shop is not published on 127.0.0.1:3000: {published_ports('frontend')}")
for name in services:
    for address, host_port_number, target in published_ports(name):
        if address != "127.0.0.1":
            problems.append(f"{name} publishes {target} on {address or 'every interface'}, not 127.0.0.1 only")
# Every long-running container says when it is healthy (the backup runs once).
for name, service in services.items():
    check = service.get("healthcheck", {})
    if name != "backup" and (not check.get("test") or check.get("disable") or check.get("test") in (["NONE"], "NONE")):
        problems.append(f"{name} has no healthcheck")
if not (mounted("prometheus", "/etc/prometheus/alerts") or "").endswith("/alerts"):
    problems.append("Prometheus does not load the repository's alerts/")
backend_environment = services.get("backend", {}).get("environment", {})
if not backend_environment.get("DATABASE_URL", "").startswith("postgresql://") or "@postgres:" not in backend_environment.get("DATABASE_URL", ""):
    problems.append("the backend does not use the compose PostgreSQL")



def depends_on(service):
    """{dependency: condition} of a service (a list in the file means service_started)."""
    dependencies = services.get(service, {}).get("depends_on", {})
    if isinstance(dependencies, list):
        return {name: "service_started" for name in dependencies}
    return {name: (value or {}).get("condition", "service_started") for name, value in dependencies.items()}


def redis_password_in(url):
    """The password of a redis://[user]:password@host:port/db URL, or None."""
    credentials, _, _ = url.split("://", 1)[-1].rpartition("@")
    return credentials.split(":", 1)[1] if ":" in credentials else None


# The storefront's page cache is on only with REDIS_URL: the Redis the backend publishes its
# invalidations on, with the password the server requires; nothing of PostgreSQL.
redis_password = str(services.get("redis", {}).get("environment", {}).get("REDIS_PASSWORD", ""))
frontend_environment = services.get("frontend", {}).get("environment", {})
for name, environment in [("backend", backend_environment), ("frontend", frontend_environment)]:
    url = str(environment.get("REDIS_URL", ""))
    if not url.startswith("redis://") or url.split("://", 1)[1].split("@")[-1].split("/")[0] != "redis:6379":
        problems.append(f"{name} does not use the compose Redis (REDIS_URL {'set' if url else 'unset'})"
                        + (": the storefront's page cache stays off" if name == "frontend" else ""))
    elif (environment.get("REDIS_PASSWORD") or redis_password_in(url)) != redis_password:
        problems.append(f"{name} does not give Redis the password the server requires")
    if depends_on(name).get("redis") != "service_healthy":
        problems.append(f"{name} does not wait for a healthy Redis (depends_on)")
if any("postgres" in str(value).lower() for key, value in frontend_environment.items()) or \
        any(key.startswith(("DATABASE_", "PG")) for key in frontend_environment):
    problems.append("the frontend gets a PostgreSQL connection or password it does not need")

# alert-log: the ShopMicro image's `shopmicro alert-log` on 9095, where alertmanager.yml's receivers point.
if command_words("alert-log")[:2] != ["shopmicro", "alert-log"] or str(services.get("alert-log", {}).get("environment", {}).get("PORT")) != "9095":
    problems.append(f"alert-log does not run `shopmicro alert-log` on port 9095: {command_words('alert-log')}")


def tool(arguments, text, suffix=".yml"):
    """Runs a checker on `text` written to a temporary file; returns (status, output)."""
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False) as handle:
        handle.write(text)
    try:
        result = subprocess.run(arguments + [handle.name], capture_output=True, text=True)
        return result.returncode, result.stdout + result.stderr
    finally:
        os.unlink(handle.name)


def host_port(address):
    host, _, port = address.rpartition(":")
    return host, int(port) if port.isdigit() else None


# Prometheus: its mounted configuration, checked by promtool, reaching compose services only.
prometheus_source = mounted("prometheus", "/etc/prometheus/prometheus.yml")
if not prometheus_source or not os.path.isfile(prometheus_source):
    problems.append("Prometheus's configuration is not mounted from the repository")
else:
    text = open(prometheus_source, encoding="utf-8").read()
    status, output = tool(["promtool", "check", "config", "--syntax-only"], text)
    if status != 0:
        problems.append(f"promtool check config {prometheus_source}: {output}")
    configuration = yaml.safe_load(text)
    alertmanagers = [target for entry in configuration.get("alerting", {}).get("alertmanagers", [])
                     for static in entry.get("static_configs", []) for target in static.get("targets", [])]
    if alertmanagers != ["alertmanager:9093"]:
        problems.append(f"Prometheus sends alerts to {alertmanagers}, not the compose Alertmanager (alertmanager:9093)")
    jobs = {job["job_name"]: job for job in configuration.get("scrape_configs", [])}
    for job, port in expected_jobs.items():
        if job not in jobs:
            problems.append(f"Prometheus has no scrape job {job}")
            continue
        targets = [target for static in jobs[job].get("static_configs", []) for target in static.get("targets", [])]
        for target in targets:
            host, target_port = host_port(target)
            if host not in services or (port is not None and target_port != port):
                problems.append(f"job {job} scrapes {target}, which is no compose service's {port or ''} port")
        if jobs[job].get("honor_labels", False) is not (job == "pushgateway"):
            problems.append(f"job {job}: honor_labels {jobs[job].get('honor_labels', False)} (only the Pushgateway's keeps the pushed job label)")

# Prometheus's options, as Debian's Prometheus takes them: its own retention (not the default 15d;
# `slocheck lint` checks it is at least the longest SLO window) and exemplar storage.
prometheus_options = [word for word in command_words("prometheus") if word.startswith("--")]
report, started = prometheus_flags.run(prometheus_options)
if not started:
    problems.append(f"Prometheus refuses its command {prometheus_options}: {report['log']}")
else:
    if not any(word.startswith("--storage.tsdb.retention.time=") for word in prometheus_options):
        problems.append(f"Prometheus keeps {report['retention']} (no --storage.tsdb.retention.time)")
    if not report["exemplar_storage"] or report["unknown_features"]:
        problems.append(f"Prometheus runs without exemplar storage (--enable-feature=exemplar-storage; unknown: {report['unknown_features']})")

# Trace export and build info: what the services get when the user sets them.
configured = subprocess.run(["docker-compose", "-f", f"{repository}/docker-compose.yml", "config"], capture_output=True, text=True,
                            env=dict(os.environ, OTEL_EXPORTER_OTLP_ENDPOINT="http://otel-collector.example:4318",
                                     SHOPMICRO_REVISION="0123abc", SHOPMICRO_VERSION="9.8.7"))
configured_services = yaml.safe_load(configured.stdout).get("services", {}) if configured.returncode == 0 else {}
silenced = subprocess.run(["docker-compose", "-f", f"{repository}/docker-compose.yml", "config"], capture_output=True, text=True,
                          env=dict(os.environ, OTEL_EXPORTER_OTLP_ENDPOINT=""))
silenced_services = yaml.safe_load(silenced.stdout).get("services", {}) if silenced.returncode == 0 else {}
for name in ("backend", "ml-service", "frontend"):
    service = configured_services.get(name, {})
    if service.get("environment", {}).get("OTEL_EXPORTER_OTLP_ENDPOINT") != "http://otel-collector.example:4318":
        problems.append(f"{name} does not get OTEL_EXPORTER_OTLP_ENDPOINT from the environment")
    build = service.get("build", {})
    if build.get("args", {}).get("REVISION") != "0123abc" or build.get("args", {}).get("VERSION") != "9.8.7":
        problems.append(f"{name}'s image is not built with SHOPMICRO_REVISION and SHOPMICRO_VERSION as its REVISION and VERSION")
    if services.get(name, {}).get("environment", {}).get("OTEL_EXPORTER_OTLP_ENDPOINT", "") != "http://jaeger:4318":
        problems.append(f"{name} does not export its spans to the compose trace backend (http://jaeger:4318) by default")
    if silenced_services.get(name, {}).get("environment", {}).get("OTEL_EXPORTER_OTLP_ENDPOINT", "x") != "":
        problems.append(f"{name} still exports spans when OTEL_EXPORTER_OTLP_ENDPOINT is set to empty")

# Alertmanager: the repository's configuration, checked by amtool, its webhooks compose services.
alertmanager_source = mounted("alertmanager", "/etc/alertmanager/alertmanager.yml")
if not alertmanager_source or not alertmanager_source.endswith("/alertmanager/alertmanager.yml"):
    problems.append("Alertmanager does not load the repository's alertmanager/alertmanager.yml")
elif os.path.isfile(alertmanager_source):
    text = open(alertmanager_source, encoding="utf-8").read()
    status, output = tool(["amtool", "check-config"], text)
    if status != 0:
        problems.append(f"amtool check-config {alertmanager_source}: {output}")
    for receiver in yaml.safe_load(text).get("receivers", []):
        for webhook in receiver.get("webhook_configs", []):
            host, port = host_port(webhook["url"].split("://", 1)[-1].split("/", 1)[0])
            if host not in services or (host == "alert-log" and port != 9095):
                problems.append(f"receiver {receiver['name']} calls {webhook['url']}, which is no compose service")

# Exporters: passwords from the environment, never in arguments.
for name, secrets in [("postgres-exporter", ["DATA_SOURCE_PASS", "DATA_SOURCE_PASS_FILE"]), ("redis-exporter", ["REDIS_PASSWORD"])]:
    environment = services.get(name, {}).get("environment", {})
    if not any(secret in environment for secret in secrets):
        problems.append(f"{name} gets no password")
    if any("password" in word.lower() or "@" in word for word in command_words(name)):
        problems.append(f"{name} has a password in its command line")
if "DATA_SOURCE_NAME" in services.get("postgres-exporter", {}).get("environment", {}):
    problems.append("postgres-exporter has its password in a connection URL (DATA_SOURCE_NAME): use DATA_SOURCE_USER and _PASS")

# The backup: only on demand, the repository's command, its outcome pushed to the Pushgateway.
backup = services.get("backup", {})
if "backup" not in backup.get("profiles", []):
    problems.append("the backup would run at every `up` (no profile)")
if not (mounted("backup", "/opt/shopmicro") or "").endswith("/ops") or "/opt/shopmicro/shopmicro-backup" not in command_words("backup"):
    problems.append("the backup does not run the repository's ops/shopmicro-backup")
if backup.get("environment", {}).get("BACKUP_PUSHGATEWAY_URL") != "http://pushgateway:9091":
    problems.append("the backup does not push its outcome to the compose Pushgateway")

stages, user, copies, build_arguments, environment, global_arguments = [], None, [], set(), {}, {}
for line in open(f"{repository}/Dockerfile", encoding="utf-8"):
    words = line.split()
    if not words or words[0].startswith("#"):
        continue
    if words[0].upper() == "ARG" and not stages:
        global_arguments.update(word.split("=", 1) for word in words[1:] if "=" in word)
    if words[0].upper() == "FROM":
        image = words[1]
        for name, default in global_arguments.items():
            image = image.replace(f"${{{name}}}", default).replace(f"${name}", default)
        stages.append(image)
        user, build_arguments, environment = None, set(), {}
    elif words[0].upper() == "USER":
        user = words[1]
    elif words[0].upper() == "ARG":
        build_arguments |= {word.split("=")[0] for word in words[1:]}
    elif words[0].upper() == "ENV":
        environment.update(word.split("=", 1) for word in words[1:] if "=" in word)
    if words[0].upper() == "ARG" and words[1].startswith("PRODUCTS="):
        copies += " ".join(words[1:]).split("=", 1)[1].strip('"').split()
# The runtime stage hands its build arguments to the services (shopmicro_build_info).
for variable, argument in [("SHOPMICRO_REVISION", "REVISION"), ("SHOPMICRO_VERSION", "VERSION")]:
    if argument not in build_arguments or environment.get(variable, "").strip('"') not in (f"${argument}", f"${{{argument}}}"):
        problems.append(f"the runtime stage does not set {variable} from the build argument {argument}")
# The base images compose builds with are the Dockerfile's own defaults (one place to change them).
raw_build_arguments = yaml.safe_load(open(f"{repository}/docker-compose.yml", encoding="utf-8"))["x-service"]["build"]["args"]
for name, default in global_arguments.items():
    if str(raw_build_arguments.get(name, "")) != f"${{{name}:-{default}}}":
        problems.append(f"compose builds with {name}={raw_build_arguments.get(name)!r}, the Dockerfile's default is {default}")
if len(stages) < 2:
    problems.append("the Dockerfile is not multi-stage")
elif "slim" not in stages[-1]:
    problems.append(f"the runtime stage is not slim: {stages[-1]}")
if user is None or user.split(":")[0] in ("0", "root"):
    problems.append(f"the runtime stage runs as {user or 'root'}")
if "shopmicro" not in copies:
    problems.append("the image does not ship the shopmicro command (alert-log)")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)

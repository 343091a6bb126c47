"""The figures of bench/compose.{md,json}, measured on the running compose project (make bench-compose):
the image's size, `docker build` cold and after a source-only change, `up` to shop-ready, each
container's idle resident memory, and the storefront's home page req/s through the published port
against the same binary run outside a container in the same minutes."""
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request

from compose import free_port
from waiting import wait_for

ROUNDS = 3  # per target, the targets' order rotating each round
WRK = ["wrk", "-t2", "-c32", "-d10s"]


def timed(command, **options):
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, **options)
    return time.monotonic() - started


def build_arguments(project):
    return [word for variable in ("SWIFT_IMAGE", "RUNTIME_IMAGE") if variable in project.environment
            for word in ("--build-arg", f"{variable}={project.environment[variable]}")]


def build_times(project):
    """Seconds for a cold build (no cache) and for a build after one source file changed."""
    cold = timed(["docker", "build", "--no-cache", *build_arguments(project), "-t", "shopmicro:bench-cold", "."],
                 cwd=project.repository)
    with tempfile.TemporaryDirectory(prefix="shopmicro-context-") as context:
        for item in ("Dockerfile", ".dockerignore", "Package.swift", "Package.resolved", "Sources", "Tests", "Benchmarks"):
            source = os.path.join(project.repository, item)
            (shutil.copytree if os.path.isdir(source) else shutil.copy2)(source, os.path.join(context, item))
        with open(os.path.join(context, "Sources", "frontend", "main.swift"), "a", encoding="utf-8") as main:
            main.write("\n// a source-only change for the build benchmark\n")
        changed = timed(["docker", "build", *build_arguments(project), "-t", "shopmicro:bench-change", "."], cwd=context)
    subprocess.run(["docker", "image", "rm", "shopmicro:bench-cold", "shopmicro:bench-change"], capture_output=True)
    return cold, changed


def idle_rss(project):
    """Resident memory (MB) of each container's processes, read from /proc on the host."""
    memory = {}
    for container in project.containers():
        service = container["Config"]["Labels"]["com.docker.compose.service"]
        pids = subprocess.run(["docker", "top", container["Id"], "-eo", "pid"], capture_output=True, text=True,
                              check=True).stdout.split()[1:]
        total = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/status", encoding="utf-8") as status:
                    total += int(re.search(r"VmRSS:\s+(\d+) kB", status.read()).group(1))
            except (OSError, AttributeError):
                continue
        memory[service] = round(total / 1024, 1)
    return dict(sorted(memory.items()))


def requests_per_second(url):
    output = subprocess.run([*WRK, url], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def ip_of(project, service):
    networks = project.container(service)["NetworkSettings"]["Networks"]
    return next(iter(networks.values()))["IPAddress"]


def home_page_rates(project):
    """Median req/s of the home page: in its container through the published port (Docker's
    userland proxy on 127.0.0.1), in its container at its bridge address (no proxy), and the same
    binary on the host talking to the same backend, ml-service and Redis; alternating rounds."""
    work = tempfile.mkdtemp(prefix="shopmicro-bench-")
    binary = os.path.join(work, "frontend")
    subprocess.run(["docker", "cp", f"{project.container('frontend')['Id']}:/usr/local/bin/frontend", binary], check=True)
    port = free_port(0)
    environment = {
        "PATH": os.environ["PATH"], "HOST": "127.0.0.1", "PORT": str(port), "LOG_OUTPUT": "stdout",
        "BACKEND_URL": f"http://{ip_of(project, 'backend')}:8080", "ML_URL": f"http://{ip_of(project, 'ml-service')}:8000",
        "REDIS_URL": f"redis://:local-example-only@{ip_of(project, 'redis')}:6379/0",
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://{ip_of(project, 'jaeger')}:4318" if "jaeger" in project.services() else "",
    }
    log = open(os.path.join(work, "frontend.log"), "w")
    host = subprocess.Popen([binary], env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for("the host's storefront", lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2).status == 200, 60)
        targets = {"container": project.url("SHOP_PORT", "/"), "container_direct": f"http://{ip_of(project, 'frontend')}:3000/",
                   "host": f"http://127.0.0.1:{port}/"}
        for url in targets.values():  # warm the page caches
            subprocess.run(["wrk", "-t1", "-c4", "-d2s", url], capture_output=True, check=True)
        rates = {name: [] for name in targets}
        for round_number in range(ROUNDS):
            order = list(targets)[round_number % len(targets):] + list(targets)[:round_number % len(targets)]
            for name in order:
                rates[name].append(requests_per_second(targets[name]))
    finally:
        host.terminate()
        host.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)
    return {name: statistics.median(values) for name, values in rates.items()}, rates


def measure(project, services, report, folder):
    figures = dict(report.figures)
    size = subprocess.run(["docker", "image", "inspect", "-f", "{{.Size}}", project.environment.get("SHOPMICRO_IMAGE", "shopmicro:local")],
                          capture_output=True, text=True, check=True).stdout.strip()
    figures["image_size_mb"] = round(int(size) / 1e6, 1)
    time.sleep(30)  # idle: only Prometheus's scrapes and the healthchecks
    figures["idle_rss_mb"] = idle_rss(project)
    medians, rounds = home_page_rates(project)
    figures["home_rps"] = medians
    figures["home_rps_rounds"] = rounds
    figures["home_ratio_container_to_host"] = round(medians["container"] / medians["host"], 2)
    figures["home_ratio_container_direct_to_host"] = round(medians["container_direct"] / medians["host"], 2)
    stopped = time.monotonic()
    project.run("down", timeout=300)
    started = time.monotonic()
    project.run("up", "-d", *services, timeout=600)
    wait_for("the shop", lambda: urllib.request.urlopen(project.url("SHOP_PORT", "/"), timeout=2).status == 200, 300, interval=0.2)
    figures["up_to_shop_ready_seconds"] = round(time.monotonic() - started, 1)
    figures["down_seconds"] = round(started - stopped, 1)
    figures["build_cold_seconds"], figures["build_source_change_seconds"] = (round(value) for value in build_times(project))
    figures["load_average_before_builds"] = os.getloadavg()[0]
    write(folder, figures, project)
    report.note(f"figures written to {folder}/compose.md: {json.dumps({k: v for k, v in figures.items() if k != 'home_rps_rounds'})}")


def write(folder, figures, project):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "compose.json"), "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=2, sort_keys=True)
    images = "stand-ins (docker/stand-ins/)" if "POSTGRES_IMAGE" in project.environment else "official images"
    lines = [
        "# Docker: the image and docker-compose",
        "",
        f"Measured by `make bench-compose` (scripts/compose_check --bench) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},",
        f"Docker engine {engine_version()}, docker-compose 1.29, with {images}; 2 cores shared with the engine.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| image size (`shopmicro:local`) | {figures['image_size_mb']} MB |",
        f"| `docker build`, cold (`--no-cache`) | {figures['build_cold_seconds']} s |",
        f"| `docker build` after a source-only change (resolved packages reused, everything compiled again) | {figures['build_source_change_seconds']} s |",
        f"| `docker-compose up --build -d` in the check (cold image build included) | {figures['build_and_up_seconds']:.0f} s |",
        f"| `docker-compose up -d` (image built) to the shop answering | {figures['up_to_shop_ready_seconds']} s |",
        f"| home page through the published port (container) | {figures['home_rps']['container']:.0f} req/s |",
        f"| home page at the container's bridge address (no proxy) | {figures['home_rps']['container_direct']:.0f} req/s |",
        f"| home page, same binary on the host, same backend | {figures['home_rps']['host']:.0f} req/s |",
        f"| container through the published port / host | **{figures['home_ratio_container_to_host']}x** |",
        f"| container at its bridge address / host | **{figures['home_ratio_container_direct_to_host']}x** |",
        "",
        f"Home page rounds (wrk {' '.join(WRK[1:])}, {ROUNDS} alternating rounds each, medians above): "
        f"container {figures['home_rps_rounds']['container']}, container_direct {figures['home_rps_rounds']['container_direct']}, "
        f"host {figures['home_rps_rounds']['host']}. The published port goes through Docker's userland proxy "
        "(docker-proxy) on 127.0.0.1; the bridge address shows the container itself.",
        "",
        "Idle resident memory per container (MB, all its processes, 30 s after the checks' traffic):",
        "",
        "| container | RSS |",
        "|---|---|",
    ]
    lines += [f"| {service} | {rss} |" for service, rss in figures["idle_rss_mb"].items()]
    with open(os.path.join(folder, "compose.md"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def engine_version():
    return subprocess.run(["docker", "version", "-f", "{{.Server.Version}}"], capture_output=True, text=True).stdout.strip()

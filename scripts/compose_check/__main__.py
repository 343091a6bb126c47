"""make compose-check: the Docker quick start proven on a real Docker engine.

    python3 scripts/compose_check [--bench DIR] [--keep]

Builds the image with the repository's Dockerfile and runs `docker-compose up --build -d` with its
docker-compose.yml, then checks, through the ports compose publishes on 127.0.0.1: the shop answers;
every container's healthcheck turns healthy; a purchase on the storefront lands in the compose
PostgreSQL; every Prometheus target is up; the Watchdog reaches alert-log through Alertmanager; an
exemplar's trace id is a trace in the trace backend; the ShopMicro containers run as uid 10001 with
a read-only root filesystem and no capabilities; `docker-compose run --rm backup` writes a dump that
restores; `down` then `up` keeps the orders; `down -v` leaves nothing behind. Grafana's provisioning
is validated against Grafana's documented format, and checked live where its image can be had.

Where no registry answers, the official images are replaced by the stand-ins of docker/stand-ins/
(README there). Starts dockerd when no engine runs, and stops only what it started. With --bench,
also measures the figures of bench/compose.md (image size, build times, up to shop-ready, idle RSS,
the home page's req/s in and out of a container). Exits 1 when any check fails.
"""
import argparse
import os
import signal
import subprocess
import sys
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checks  # noqa: E402
import images  # noqa: E402
import provisioning  # noqa: E402
from compose import ComposeProject  # noqa: E402
from engine import DockerEngine  # noqa: E402

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = "shopmicro-check"
EXPECTED_JOBS = ("backend", "ml-service", "frontend", "postgres", "redis", "alertmanager", "pushgateway")


class Report:
    """Prints each step as it ends and remembers the failures."""

    def __init__(self):
        self.failures = []
        self.figures = {}

    def step(self, name, action):
        started = time.monotonic()
        try:
            detail = action()
        except AssertionError as error:
            self.failures.append(name)
            print(f"FAIL  {name} ({time.monotonic() - started:.0f} s): {error}", flush=True)
            return None
        print(f"ok    {name} ({time.monotonic() - started:.0f} s): {detail}", flush=True)
        return detail

    def note(self, text):
        print(f"note  {text}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", metavar="DIR", help="also measure the figures and write DIR/compose.{md,json}")
    parser.add_argument("--keep", action="store_true", help="leave the project running at the end (no `down -v`)")
    arguments = parser.parse_args()

    # SIGTERM (a CI timeout, kill) cleans up like Ctrl-C: the project goes down, dockerd stops.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = Report()
    engine = DockerEngine(os.path.join(REPOSITORY, ".build", "compose-check-dockerd.log"))
    os.makedirs(os.path.dirname(engine.log_path), exist_ok=True)
    engine.ensure()
    project = None
    try:
        offline = not images.registry_reachable()
        if not offline:
            variables = {}
            report.note("a registry answers: the official images are used, no stand-in")
        else:
            report.note("no image registry answers: the official images are replaced by the stand-ins of docker/stand-ins/")
            variables = images.stand_ins(REPOSITORY)
        revision = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=REPOSITORY).stdout.strip()
        variables["SHOPMICRO_REVISION"] = revision or "unknown"
        project = ComposeProject(REPOSITORY, PROJECT, variables)
        project.run("down", "-v", "--remove-orphans", timeout=300)  # a previous run's leftovers

        compose = yaml.safe_load(project.run("config").stdout)
        unavailable = list(images.WITHOUT_STAND_IN.values()) if offline else []
        # What `up` starts: every service but those behind a profile (the backup, run on demand).
        services = [name for name, service in compose["services"].items()
                    if name not in unavailable and not service.get("profiles")]
        report.step("Grafana provisioning and trace wiring match the documented formats",
                    lambda: provisioning.checked(REPOSITORY, compose))
        for service in unavailable:
            report.note(f"{service} was not started: its image cannot be had here (no registry, no stand-in)")

        started = time.monotonic()
        project.run("up", "--build", "-d", *services, timeout=3600)
        report.figures["build_and_up_seconds"] = time.monotonic() - started
        report.note(f"docker-compose up --build -d: {report.figures['build_and_up_seconds']:.0f} s ({len(services)} services)")

        if report.step("the shop answers", lambda: checks.shop_answers(project)) is None:
            raise SystemExit(1)
        report.step("every container's healthcheck turns healthy", lambda: checks.every_container_healthy(project))
        placed = {}
        report.step("a purchase through the storefront is in the compose PostgreSQL", lambda: checks.purchase(project, placed))
        order_id = placed.get("order_id")
        report.step("Prometheus shows every scrape target up", lambda: checks.prometheus_targets_up(project, EXPECTED_JOBS))
        report.step("the Watchdog reaches alert-log through Alertmanager", lambda: checks.watchdog_reaches_alert_log(project))
        report.step("metric -> exemplar -> trace in the trace backend", lambda: checks.exemplar_trace_in_backend(project))
        if "grafana" in services:
            report.step("Grafana serves the provisioned data sources and dashboards", lambda: provisioning.grafana_live(project))
        report.step("ShopMicro containers: uid 10001, read-only root, no capabilities", lambda: checks.hardened(project))
        if order_id:
            report.step("docker-compose run --rm backup writes a dump that restores", lambda: checks.backup_restores(project, order_id))
            report.step("docker-compose down, then up, keeps the orders",
                        lambda: checks.orders_survive_down_up(project, order_id, services)[1])
        if arguments.bench:
            import bench  # noqa: E402
            bench.measure(project, services, report, arguments.bench)
        if not arguments.keep:
            report.step("docker-compose down -v leaves nothing behind", lambda: checks.nothing_left(project))
    finally:
        if project is not None:
            if not arguments.keep and report.failures:
                project.run("down", "-v", "--remove-orphans", check=False, timeout=300)
            project.close()
        engine.stop()
    if report.failures:
        print(f"compose check: {len(report.failures)} failed: {', '.join(report.failures)}")
        sys.exit(1)
    print("compose check: every check passed")


if __name__ == "__main__":
    main()

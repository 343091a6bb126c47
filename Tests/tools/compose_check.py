#!/usr/bin/python3
"""Checks docker-compose.yml and the Dockerfile without a Docker engine (none runs in CI).

Usage: compose_check.py REPOSITORY

`docker-compose config` (Debian's docker-compose, a real Compose parser) validates and normalises the
file; this script then checks what the quick start promises: the six services, the shop published
on 3000, the ShopMicro services as a non-root user on a read-only filesystem without capabilities,
and a multi-stage Dockerfile whose runtime stage is slim and non-root. Prints what is wrong and
exits 1, or exits 0.
"""
import subprocess
import sys

import yaml

repository = sys.argv[1]
problems = []

normalised = subprocess.run(["docker-compose", "-f", f"{repository}/docker-compose.yml", "config"],
                            capture_output=True, text=True)
if normalised.returncode != 0:
    print(f"docker-compose config failed: {normalised.stderr}")
    sys.exit(1)
compose = yaml.safe_load(normalised.stdout)
services = compose.get("services", {})
expected = {"postgres", "redis", "backend", "ml-service", "frontend", "prometheus"}
if set(services) != expected:
    problems.append(f"services are {sorted(services)}, expected {sorted(expected)}")

for name in ("backend", "ml-service", "frontend"):
    service = services.get(name, {})
    if service.get("user", "").split(":")[0] in ("", "0", "root"):
        problems.append(f"{name} runs as root")
    if service.get("read_only") is not True:
        problems.append(f"{name} has a writable root filesystem")
    if service.get("cap_drop") != ["ALL"]:
        problems.append(f"{name} keeps Linux capabilities")
    if "no-new-privileges:true" not in service.get("security_opt", []):
        problems.append(f"{name} allows privilege escalation")
    if service.get("privileged"):
        problems.append(f"{name} is privileged")
    if not service.get("build"):
        problems.append(f"{name} is not built from the repository")

published = [str(port.get("published")) for port in services.get("frontend", {}).get("ports", [])]
if "3000" not in published:
    problems.append(f"the shop is not published on 3000: {published}")
volumes = [volume if isinstance(volume, str) else f"{volume.get('source')}:{volume.get('target')}"
           for volume in services.get("prometheus", {}).get("volumes", [])]
if not any(volume.split(":")[0].endswith("/alerts") for volume in volumes):
    problems.append("Prometheus does not load the repository's alerts/")
backend_environment = services.get("backend", {}).get("environment", {})
if not backend_environment.get("DATABASE_URL", "").startswith("postgresql://") or "@postgres:" not in backend_environment.get("DATABASE_URL", ""):
    problems.append("the backend does not use the compose PostgreSQL")

stages, user = [], None
for line in open(f"{repository}/Dockerfile", encoding="utf-8"):
    words = line.split()
    if not words or words[0].startswith("#"):
        continue
    if words[0].upper() == "FROM":
        stages.append(words[1])
        user = None
    elif words[0].upper() == "USER":
        user = words[1]
if len(stages) < 2:
    problems.append("the Dockerfile is not multi-stage")
elif "slim" not in stages[-1]:
    problems.append(f"the runtime stage is not slim: {stages[-1]}")
if user is None or user.split(":")[0] in ("0", "root"):
    problems.append(f"the runtime stage runs as {user or 'root'}")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)

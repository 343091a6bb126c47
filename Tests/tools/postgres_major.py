#!/usr/bin/python3
"""Every place that decides a PostgreSQL major version names the same one.

Usage: postgres_major.py REPOSITORY

The places: docker-compose.yml's PostgreSQL image and its backup's (pg_dump runs in it), the
PostgreSQL stand-in the compose check builds, the k8s StatefulSet and backup CronJob images, and
Ansible's server (postgres_version) and backup client (shopmicro_backup_postgres_version). Prints
each place with its major version; exits 1 naming the places that differ, or when a place is gone.
"""
import glob
import os
import re
import sys

repository = sys.argv[1]


def read(path):
    with open(os.path.join(repository, path), encoding="utf-8") as handle:
        return handle.read()


places = []  # (where, major)


def find(path, pattern, what, expected_count=1):
    found = re.findall(pattern, read(path), flags=re.MULTILINE)
    if len(found) != expected_count:
        places.append((f"{path}: {what}", None))
    for major in found:
        places.append((f"{path}: {what}", major))


find("docker-compose.yml", r"^\s+image: \$\{POSTGRES_IMAGE:-postgres:(\d+)[.-]", "postgres and backup images", 2)
find("docker/stand-ins/postgres/Dockerfile", r"^ARG PG_MAJOR=(\d+)$", "stand-in's PG_MAJOR")
for path in sorted(glob.glob(os.path.join(repository, "k8s", "**", "*.yaml"), recursive=True)):
    relative = os.path.relpath(path, repository)
    for major in re.findall(r"^\s+image: (?:docker\.io/(?:library/)?)?postgres:(\d+)[.-]", read(relative), flags=re.MULTILINE):
        places.append((f"{relative}: image", major))
if not any(where.startswith("k8s/postgres.yaml") for where, _ in places):
    places.append(("k8s/postgres.yaml: image", None))
if not any(where.startswith("k8s/backup/") for where, _ in places):
    places.append(("k8s/backup/cronjob.yaml: image", None))
find("ansible/roles/postgres/defaults/main.yml", r"^postgres_version: (\d+)$", "postgres_version")
find("ansible/roles/shopmicro_backup/defaults/main.yml", r"^shopmicro_backup_postgres_version: (\d+)$",
     "shopmicro_backup_postgres_version")

majors = {major for _, major in places if major is not None}
for where, major in places:
    print(f"{major or 'missing'}\t{where}")
missing = [where for where, major in places if major is None]
if missing:
    print(f"no PostgreSQL version found at: {', '.join(missing)}")
if len(majors) > 1:
    print(f"PostgreSQL major versions differ: {sorted(majors)}")
sys.exit(1 if missing or len(majors) > 1 else 0)

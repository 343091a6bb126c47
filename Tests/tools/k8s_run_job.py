#!/usr/bin/env python3
"""Runs a container of rendered manifests on this machine, the way its pod would run it, for a test
without a cluster (Tests/DeploymentTests):

  k8s_run_job.py RENDERED.yaml TARGET WORKDIR [--entrypoint PATH] [--replace OLD=NEW]... [--arg ARG]...
                 [NAME=VALUE ...]

TARGET is a CronJob's name (its first container), or KIND/NAME/CONTAINER for any workload
(e.g. StatefulSet/postgres/postgres-exporter). Each volume becomes a folder under WORKDIR: ConfigMap
and Secret volumes hold their keys' contents (from the rendered ConfigMap and Secret, with the
volume's mode), the others are empty. Mount paths in the command and in the environment are
rewritten to those folders; NAME=VALUE arguments replace environment values (a host name that only
the cluster resolves). A container without a command runs its image's entrypoint: --entrypoint names
the local program that stands for it; --replace rewrites an image path in the command (the image's
binary → the Debian package's); --arg appends an argument (a local listen address). The command
replaces this process (exec), so its exit status, and its process id, are this script's.
"""
import base64
import os
import re
import sys

import yaml


def pod_and_container(documents, target):
    by_kind = lambda kind: {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}
    if "/" not in target:
        return by_kind("CronJob")[target]["spec"]["jobTemplate"]["spec"]["template"]["spec"], 0
    kind, name, container = target.split("/")
    workload = by_kind(kind)[name]
    spec = workload["spec"]["jobTemplate"]["spec"]["template"]["spec"] if kind == "CronJob" else workload["spec"]["template"]["spec"]
    names = [c["name"] for c in spec["containers"]]
    return spec, names.index(container)


def main(rendered, target, workdir, options):
    documents = [d for d in yaml.safe_load_all(open(rendered)) if d]
    by_kind = lambda kind: {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}
    pod, index = pod_and_container(documents, target)
    container = pod["containers"][index]
    folders = {}
    for volume in pod.get("volumes", []):
        folder = os.path.join(workdir, volume["name"])
        os.makedirs(folder, exist_ok=True)
        folders[volume["name"]] = folder
        if "configMap" in volume:
            data = by_kind("ConfigMap")[volume["configMap"]["name"]]["data"]
            write(folder, {key: value.encode() for key, value in data.items()}, volume["configMap"].get("defaultMode", 0o644), None)
        elif "secret" in volume:
            data = by_kind("Secret")[volume["secret"]["secretName"]]["data"]
            write(folder, {key: base64.b64decode(value) for key, value in data.items()},
                  volume["secret"].get("defaultMode", 0o644), volume["secret"].get("items"))
    mounts = {}
    for mount in container.get("volumeMounts", []):
        # A volume claim template's volume is not in the pod's list: an empty folder too.
        folder = folders.get(mount["name"]) or os.path.join(workdir, mount["name"])
        os.makedirs(folder, exist_ok=True)
        mounts[mount["mountPath"]] = folder
    # One pass, longest mount first, whole path components only: /tmp must not rewrite /tmpfoo or a
    # path already rewritten.
    pattern = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(p) for p in sorted(mounts, key=len, reverse=True)) + r")(?=/|\b|$)")

    def local(text):
        if not mounts:
            return text
        text = pattern.sub(lambda match: mounts[match.group(1)], text)
        for old, new in options["replace"]:
            text = text.replace(old, new)
        return text

    environment = {"PATH": "/usr/bin:/bin"}
    environment.update({v["name"]: local(v["value"]) for v in container.get("env", []) if "value" in v})
    environment.update(options["overrides"])
    command = [local(part) for part in container.get("command", []) + container.get("args", [])]
    if not container.get("command"):
        if not options["entrypoint"]:
            sys.exit(f"{target} runs its image's entrypoint: name the local program with --entrypoint")
        command = [options["entrypoint"]] + command
    command += options["arguments"]
    sys.stdout.flush()
    os.execve(command[0] if command[0].startswith("/") else "/usr/bin/env", command if command[0].startswith("/") else ["env"] + command,
              environment)


def write(folder, data, mode, items):
    """The files of a ConfigMap or Secret volume: every key, or only `items` under their paths."""
    chosen = [(item["key"], item["path"]) for item in items] if items else [(key, key) for key in data]
    for key, path in chosen:
        target = os.path.join(folder, path)
        with open(target, "wb") as handle:
            handle.write(data[key])
        os.chmod(target, mode)


def parse(arguments):
    options = {"entrypoint": None, "replace": [], "arguments": [], "overrides": {}}
    words = iter(arguments)
    for word in words:
        if word == "--entrypoint":
            options["entrypoint"] = next(words)
        elif word == "--replace":
            options["replace"].append(tuple(next(words).split("=", 1)))
        elif word == "--arg":
            options["arguments"].append(next(words))
        else:
            name, value = word.split("=", 1)
            options["overrides"][name] = value
    return options


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], parse(sys.argv[4:]))

#!/usr/bin/env python3
"""Runs the container of a CronJob from rendered manifests on this machine, the way its pod would
run it, for a test without a cluster (Tests/DeploymentTests):

  k8s_run_job.py RENDERED.yaml CRONJOB WORKDIR [NAME=VALUE ...]

Each volume becomes a folder under WORKDIR: ConfigMap and Secret volumes hold their keys' contents
(from the rendered ConfigMap and Secret, with the volume's mode), the others are empty. Mount paths
in the command and in the environment are rewritten to those folders; NAME=VALUE arguments replace
environment values (a host name that only the cluster resolves). Exits with the command's status.
"""
import base64
import os
import re
import subprocess
import sys

import yaml


def main(rendered, cronjob_name, workdir, overrides):
    documents = [d for d in yaml.safe_load_all(open(rendered)) if d]
    by_kind = lambda kind: {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}
    pod = by_kind("CronJob")[cronjob_name]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    folders = {}
    for volume in pod["volumes"]:
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
    mounts = {m["mountPath"]: folders[m["name"]] for m in container["volumeMounts"]}
    # One pass, longest mount first, whole path components only: /tmp must not rewrite /tmpfoo or a
    # path already rewritten.
    pattern = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(p) for p in sorted(mounts, key=len, reverse=True)) + r")(?=/|\b|$)")

    def local(text):
        return pattern.sub(lambda match: mounts[match.group(1)], text)

    environment = {"PATH": "/usr/bin:/bin"}
    environment.update({v["name"]: local(v["value"]) for v in container.get("env", []) if "value" in v})
    environment.update(dict(override.split("=", 1) for override in overrides))
    command = [local(part) for part in container["command"] + container.get("args", [])]
    return subprocess.run(command, env=environment).returncode


def write(folder, data, mode, items):
    """The files of a ConfigMap or Secret volume: every key, or only `items` under their paths."""
    chosen = [(item["key"], item["path"]) for item in items] if items else [(key, key) for key in data]
    for key, path in chosen:
        target = os.path.join(folder, path)
        with open(target, "wb") as handle:
            handle.write(data[key])
        os.chmod(target, mode)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))

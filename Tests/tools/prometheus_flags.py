#!/usr/bin/python3
"""Runs Debian's Prometheus with a deployment's command-line options and reports what it made of
them: the retention it keeps and whether exemplar storage is on.

Usage: prometheus_flags.py OPTION...   (e.g. the words of /etc/default/prometheus's ARGS)

The options are used as they are, except where this machine needs its own: `--storage.tsdb.path`
and `--web.listen-address` are replaced by a temporary folder and a free loopback port, and a
`--config.file` that does not exist here (a container's path) by an empty configuration.
Prints one JSON object {"retention": "5w", "retention_seconds": 3024000, "exemplar_storage": true,
"unknown_features": [], "log": "..."} and exits 0 once Prometheus was ready, 1 when it refused the
options or never became ready. compose_check.py imports `run` from here.
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}


def duration_seconds(text):
    """A Prometheus duration (`35d`, `5w`, `1w2d`) in seconds, or None."""
    parts = re.findall(r"(\d+)(ms|y|w|d|h|m|s)", text or "")
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return None
    return sum(int(number) * UNITS[unit] for number, unit in parts)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(options, timeout=30):
    """Starts Prometheus with `options` (see the module's doc) and returns the report (a dict) and
    whether it became ready."""
    with tempfile.TemporaryDirectory(prefix="prometheus-flags-") as folder:
        port = free_port()
        arguments = []
        for option in options:
            name = option.split("=", 1)[0]
            if name in ("--storage.tsdb.path", "--web.listen-address"):
                continue
            if name == "--config.file" and not os.path.isfile(option.split("=", 1)[-1]):
                continue
            arguments.append(option)
        if not any(option.startswith("--config.file=") for option in arguments):
            empty = os.path.join(folder, "prometheus.yml")
            with open(empty, "w") as handle:
                handle.write("global: {}\n")
            arguments.append(f"--config.file={empty}")
        arguments += [f"--storage.tsdb.path={folder}/data", f"--web.listen-address=127.0.0.1:{port}"]
        log_path = os.path.join(folder, "prometheus.log")
        with open(log_path, "w") as log:
            process = subprocess.Popen(["/usr/bin/prometheus"] + arguments, stdout=log, stderr=subprocess.STDOUT)
        report, ready = {}, False
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2) as response:
                        ready = response.status == 200
                except OSError:
                    ready = False
                if ready:
                    break
                time.sleep(0.2)
            if ready:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/status/runtimeinfo", timeout=5) as response:
                    retention = json.load(response)["data"]["storageRetention"]
                # "35d" comes back as "5w"; a size limit as "5w or 10GiB".
                report["retention"] = retention
                report["retention_seconds"] = duration_seconds(retention.split(" or ")[0])
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        with open(log_path) as handle:
            text = handle.read()
        report["exemplar_storage"] = "exemplar storage enabled" in text.lower()
        report["unknown_features"] = re.findall(r'Unknown option for --enable-feature" option="?([^"\s]+)', text)
        # Why it did not start (a refused option: the message, without the usage text after it).
        report["log"] = "" if ready else text.split("\nusage:")[0][-2000:]
        return report, ready


if __name__ == "__main__":
    found, started = run(sys.argv[1:])
    print(json.dumps(found))
    sys.exit(0 if started else 1)

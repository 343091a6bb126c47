"""Grafana's and the trace backend's side of docker-compose.yml, checked against the products'
documented formats: Grafana's provisioning files (data sources and dashboard providers, as
https://grafana.com/docs/grafana/latest/administration/provisioning/ describes them), the
dashboards they load, the mounts that put them where Grafana reads them, and the OTLP endpoint and
query port the services and Grafana use for the trace backend. Run whether or not the images can be
had; where they can, the live checks in grafana_live() follow."""
import base64
import glob
import json
import os
import urllib.request

import yaml

DATASOURCE_KEYS = {"name", "type", "uid", "access", "url", "orgId", "isDefault", "editable", "user", "database",
                   "basicAuth", "basicAuthUser", "withCredentials", "jsonData", "secureJsonData", "version"}
PROMETHEUS_JSON_KEYS = {"httpMethod", "exemplarTraceIdDestinations", "manageAlerts", "prometheusType",
                        "prometheusVersion", "cacheLevel", "timeInterval", "queryTimeout", "disableRecordingRules",
                        "incrementalQuerying", "customQueryParameters"}
EXEMPLAR_KEYS = {"name", "datasourceUid", "url", "urlDisplayLabel"}
PROVIDER_KEYS = {"name", "orgId", "folder", "folderUid", "type", "disableDeletion", "updateIntervalSeconds",
                 "allowUiUpdates", "options"}
PROVIDER_OPTION_KEYS = {"path", "foldersFromFilesStructure"}
# What each data source type must point at in the compose network.
DATASOURCE_TARGETS = {"prometheus": "http://prometheus:9090", "jaeger": "http://jaeger:16686"}
EXEMPLAR_LABEL = "trace_id"  # the label ShopMicro's histograms put on their exemplars


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def mount_target(service, source, repository):
    """Where the compose service mounts the repository path `source`, or None."""
    for volume in service.get("volumes", []):
        parts = volume.split(":") if isinstance(volume, str) else [volume.get("source"), volume.get("target")]
        if os.path.normpath(os.path.join(repository, parts[0])) == os.path.normpath(os.path.join(repository, source)):
            return parts[1]
    return None


def check_datasources(path, problems):
    document = load(path)
    if document.get("apiVersion") != 1:
        problems.append(f"{path}: apiVersion must be 1")
    datasources = document.get("datasources") or []
    unknown_top = set(document) - {"apiVersion", "datasources", "deleteDatasources", "prune"}
    if unknown_top:
        problems.append(f"{path}: unknown keys {sorted(unknown_top)}")
    uids = {source.get("uid") for source in datasources}
    if sum(1 for source in datasources if source.get("isDefault")) != 1:
        problems.append(f"{path}: exactly one data source must be the default")
    for source in datasources:
        name = source.get("name", "?")
        for required in ("name", "type", "uid", "url"):
            if not source.get(required):
                problems.append(f"{path}: data source {name} has no {required}")
        unknown = set(source) - DATASOURCE_KEYS
        if unknown:
            problems.append(f"{path}: data source {name}: unknown keys {sorted(unknown)}")
        if source.get("access", "proxy") not in ("proxy", "direct"):
            problems.append(f"{path}: data source {name}: access must be proxy or direct")
        target = DATASOURCE_TARGETS.get(source.get("type"))
        if target is None:
            problems.append(f"{path}: data source {name}: type {source.get('type')!r} is not prometheus or jaeger")
        elif source.get("url") != target:
            problems.append(f"{path}: data source {name}: url {source.get('url')} is not the compose service {target}")
        if source.get("type") == "prometheus":
            json_data = source.get("jsonData") or {}
            unknown = set(json_data) - PROMETHEUS_JSON_KEYS
            if unknown:
                problems.append(f"{path}: {name}: unknown jsonData keys {sorted(unknown)}")
            destinations = json_data.get("exemplarTraceIdDestinations") or []
            if not destinations:
                problems.append(f"{path}: {name}: no exemplarTraceIdDestinations: exemplars link nowhere")
            for destination in destinations:
                if set(destination) - EXEMPLAR_KEYS:
                    problems.append(f"{path}: {name}: exemplar destination keys {sorted(destination)}")
                if destination.get("name") != EXEMPLAR_LABEL:
                    problems.append(f"{path}: {name}: exemplar label {destination.get('name')!r}, the services send {EXEMPLAR_LABEL}")
                if destination.get("datasourceUid") not in uids - {source.get("uid")} and not destination.get("url"):
                    problems.append(f"{path}: {name}: exemplars link to {destination.get('datasourceUid')!r}, no provisioned data source")
    return {source.get("type") for source in datasources}


def check_dashboard_provider(path, dashboards_mount, problems):
    document = load(path)
    if document.get("apiVersion") != 1:
        problems.append(f"{path}: apiVersion must be 1")
    providers = document.get("providers") or []
    if not providers:
        problems.append(f"{path}: no providers")
    for provider in providers:
        name = provider.get("name", "?")
        if set(provider) - PROVIDER_KEYS:
            problems.append(f"{path}: provider {name}: unknown keys {sorted(set(provider) - PROVIDER_KEYS)}")
        if provider.get("type") != "file":
            problems.append(f"{path}: provider {name}: type must be file")
        options = provider.get("options") or {}
        if set(options) - PROVIDER_OPTION_KEYS:
            problems.append(f"{path}: provider {name}: unknown options {sorted(set(options) - PROVIDER_OPTION_KEYS)}")
        if options.get("path") != dashboards_mount:
            problems.append(f"{path}: provider {name} reads {options.get('path')}, compose mounts dashboards/ at {dashboards_mount}")


def check_dashboards(repository, problems):
    titles = []
    for path in sorted(glob.glob(os.path.join(repository, "dashboards", "*.json"))):
        with open(path, encoding="utf-8") as handle:
            dashboard = json.load(handle)
        for required in ("uid", "title", "panels", "schemaVersion"):
            if required not in dashboard:
                problems.append(f"{path}: no {required}")
        variables = {v["name"]: v for v in dashboard.get("templating", {}).get("list", [])}
        source = variables.get("datasource", {})
        if source.get("type") != "datasource" or source.get("query") != "prometheus":
            problems.append(f"{path}: no `datasource` variable of type datasource over prometheus")
        titles.append(dashboard.get("title"))
    return titles


def check(repository, compose):
    """Problems found (empty: all good) and a summary of what was checked."""
    problems = []
    services = compose["services"]
    grafana = services.get("grafana", {})
    provisioning = mount_target(grafana, "dashboards/provisioning", repository)
    dashboards_mount = mount_target(grafana, "dashboards", repository)
    if provisioning != "/etc/grafana/provisioning":
        problems.append(f"grafana mounts dashboards/provisioning at {provisioning}, Grafana reads /etc/grafana/provisioning")
    datasource_files = glob.glob(os.path.join(repository, "dashboards/provisioning/datasources/*.yml"))
    provider_files = glob.glob(os.path.join(repository, "dashboards/provisioning/dashboards/*.yml"))
    types = set()
    for path in datasource_files:
        types |= check_datasources(path, problems)
    if types != {"prometheus", "jaeger"}:
        problems.append(f"data sources provisioned: {sorted(types)}, expected prometheus and jaeger")
    for path in provider_files:
        check_dashboard_provider(path, dashboards_mount, problems)
    titles = check_dashboards(repository, problems)
    # The trace backend: the services export to it by default, Grafana reads it, its UI is published.
    for name in ("backend", "ml-service", "frontend"):
        endpoint = services.get(name, {}).get("environment", {}).get("OTEL_EXPORTER_OTLP_ENDPOINT")
        if endpoint != "http://jaeger:4318":
            problems.append(f"{name} exports spans to {endpoint!r}, not the compose trace backend http://jaeger:4318")
    published = [port for port in services.get("jaeger", {}).get("ports", [])
                 if str(port.get("target", "") if isinstance(port, dict) else str(port).split("/")[0].rsplit(":", 1)[-1]) == "16686"]
    if not published:
        problems.append("jaeger's UI (16686) is not published")
    summary = (f"Grafana provisioning valid: {len(datasource_files)} data source file(s) ({', '.join(sorted(types))}, "
               f"exemplars -> jaeger), {len(provider_files)} dashboard provider(s), {len(titles)} dashboards; "
               "the services export to http://jaeger:4318")
    return problems, summary


def checked(repository, compose):
    """check() as a step: its summary, or AssertionError listing the problems."""
    problems, summary = check(repository, compose)
    if problems:
        raise AssertionError("; ".join(problems))
    return summary


def grafana_live(project, password="local-example-only"):
    """With Grafana running: healthy, both data sources answer, every dashboard loaded."""
    token = base64.b64encode(f"admin:{password}".encode()).decode()

    def get(path):
        request = urllib.request.Request(project.url("GRAFANA_PORT", path), headers={"Authorization": f"Basic {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    health = get("/api/health")
    if health.get("database") != "ok":
        raise AssertionError(f"Grafana health: {health}")
    for uid in ("prometheus", "jaeger"):
        answer = get(f"/api/datasources/uid/{uid}/health")
        if answer.get("status") != "OK":
            raise AssertionError(f"data source {uid}: {answer}")
    found = get("/api/search?type=dash-db")
    expected = len(glob.glob(os.path.join(project.repository, "dashboards", "*.json")))
    if len(found) != expected:
        raise AssertionError(f"Grafana lists {len(found)} dashboards, dashboards/ has {expected}")
    return f"Grafana healthy, data sources prometheus and jaeger answer, {len(found)} dashboards loaded"


if __name__ == "__main__":
    # provisioning.py REPOSITORY: the static part alone (the tests plant faults in copies).
    import subprocess
    import sys
    root = sys.argv[1]
    rendered = subprocess.run(["docker-compose", "-f", os.path.join(root, "docker-compose.yml"), "config"],
                              capture_output=True, text=True,
                              env={key: value for key, value in os.environ.items() if key != "OTEL_EXPORTER_OTLP_ENDPOINT"})
    if rendered.returncode != 0:
        print(f"docker-compose config failed: {rendered.stderr}")
        sys.exit(1)
    found, summary = check(root, yaml.safe_load(rendered.stdout))
    print("\n".join(found) if found else summary)
    sys.exit(1 if found else 0)

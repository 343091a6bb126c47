#!/usr/bin/env python3
"""Checks the rendered Kubernetes manifests (`kubectl kustomize`) for what the schemas and checkov
cannot see (Tests/DeploymentTests runs it):

  k8s_check.py policy RENDERED.yaml   security settings (of the workloads and of the pods the
                                      Prometheus Operator makes for an Alertmanager), probes,
                                      autoscaling, secrets as files (the exporters' too), the ingress
                                      paths, the Secret keys each pod can read (exactly those it
                                      needs) and its *_FILE variables (readable files of them), the
                                      storefront's Redis (its page cache: the backend's Redis, the
                                      password as a file), and the network: exactly the allowed connections (with
                                      the tracing component, the services' OTLP export to the
                                      collector too, and the endpoint they are given;
                                      --collector-namespace=NS: the collector runs in NS)
  k8s_check.py crds RENDERED.yaml     ServiceMonitors: one per scrape job, each selecting a Service
                                      with its port, honorLabels for the Pushgateway only; the
                                      PrometheusRule's groups pass `promtool check rules`; the
                                      Alertmanager object's fields, and its configuration Secret
                                      passes `amtool check-config`; the Prometheus patch names its
                                      Service and port, sets a retention and exemplar storage
  k8s_check.py drift REPOSITORY       the generated objects hold exactly their sources: the
                                      PrometheusRule alerts/*.yml's groups, the dashboards ConfigMap
                                      dashboards/*.json, the Alertmanager configuration
                                      alertmanager/alertmanager.yml, the backup ConfigMap
                                      ops/shopmicro-*

Prints one line per failure and exits 1 if there is any, else prints how many checks passed.
"""
import base64
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

# Peers outside the namespace: ("namespace", its name[, pod label, value]).
INGRESS_CONTROLLER = ("namespace", "ingress-nginx")
PROMETHEUS = ("namespace", "monitoring", "app.kubernetes.io/name", "prometheus")
CLUSTER_DNS = ("namespace", "kube-system", "k8s-app", "kube-dns")
# The tracing component's OpenTelemetry collector, and its OTLP/HTTP port.
COLLECTOR = ("namespace", "observability", "app.kubernetes.io/name", "opentelemetry-collector")
OTLP_HTTP_PORT = 4318
OTLP_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT"
# (from, to, port): every connection the platform needs, and nothing else may be allowed.
EXPECTED_CONNECTIONS = {
    (INGRESS_CONTROLLER, "frontend", 3000),
    (INGRESS_CONTROLLER, "backend", 8080),
    ("frontend", "backend", 8080),
    ("frontend", "ml-service", 8000),
    ("ml-service", "backend", 8080),
    ("backend", "postgres", 5432),
    ("backend", "redis", 6379),
    # The storefront's page cache subscribes to the backend's invalidations (catalog:invalidations).
    ("frontend", "redis", 6379),
    (PROMETHEUS, "backend", 9464),
    (PROMETHEUS, "ml-service", 9464),
    (PROMETHEUS, "frontend", 9464),
    (PROMETHEUS, "postgres", 9187),
    (PROMETHEUS, "redis", 9121),
    (PROMETHEUS, "alertmanager", 9093),
    (PROMETHEUS, "pushgateway", 9091),
    ("alertmanager", "alert-log", 9095),
    ("shopmicro-backup", "postgres", 5432),
    ("shopmicro-backup", "pushgateway", 9091),
}
# The keys of the Secrets in the rendering each workload's pods may read, and nothing more: the
# storefront only Redis's password (the one Redis user; its page cache subscribes), the ml-service none.
SECRET_KEYS = {
    "backend": {"POSTGRES_PASSWORD", "REDIS_PASSWORD"},
    "frontend": {"REDIS_PASSWORD"},
    "postgres": {"POSTGRES_PASSWORD"},
    "redis": {"REDIS_PASSWORD"},
    "shopmicro-backup": {"POSTGRES_PASSWORD"},
}
# Alertmanager replicas gossip with each other (a pod with itself is not in the matrix above).
GOSSIP_PORT = 9094
STATELESS = ["backend", "ml-service", "frontend"]
# The scrape jobs of the monitoring component: one ServiceMonitor each, named after its Service.
SCRAPE_JOBS = STATELESS + ["postgres", "redis", "alertmanager", "pushgateway"]
# The AlertmanagerSpec fields this repository may use (prometheus-operator v0.7x API); anything else
# is a typo the operator would silently drop.
ALERTMANAGER_FIELDS = {
    "replicas", "image", "version", "imagePullPolicy", "configSecret", "retention", "logFormat", "logLevel",
    "portName", "automountServiceAccountToken", "podMetadata", "securityContext", "resources",
    "topologySpreadConstraints", "storage", "externalUrl", "routePrefix", "affinity", "tolerations",
    "nodeSelector", "priorityClassName", "serviceAccountName", "alertmanagerConfigSelector",
    "alertmanagerConfigNamespaceSelector", "minReadySeconds", "containers", "web", "clusterGossipInterval",
}
ALERTING_PATCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "k8s", "monitoring",
                              "prometheus-alerting-patch.yaml")


class Checks:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def expect(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)

    def finish(self):
        for failure in self.failures:
            print("FAIL", failure)
        print(f"k8s_check: {self.passed} checks passed, {len(self.failures)} failed")
        sys.exit(1 if self.failures else 0)


def load(path):
    with open(path) as handle:
        return [d for d in yaml.safe_load_all(handle) if d]


def objects(documents, kind):
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}


def workloads(documents):
    found = {}
    for kind in ("Deployment", "StatefulSet", "CronJob"):
        for name, item in objects(documents, kind).items():
            found[name] = item
    return found


def pod_template(workload):
    spec = workload["spec"]
    return spec["jobTemplate"]["spec"]["template"] if workload["kind"] == "CronJob" else spec["template"]


def app_of(workload):
    return pod_template(workload)["metadata"]["labels"]["app.kubernetes.io/name"]


def operator_apps(documents):
    """The app names of pods the Prometheus Operator makes: an Alertmanager's carry
    app.kubernetes.io/name: alertmanager."""
    return ["alertmanager"] if objects(documents, "Alertmanager") else []


def check_alertmanager(checks, documents):
    """The Alertmanager object: what its pods get, since no workload of ours describes them."""
    for name, manager in objects(documents, "Alertmanager").items():
        spec = manager["spec"]
        where = f"Alertmanager {name}"
        checks.expect(set(spec) <= ALERTMANAGER_FIELDS, f"{where}: unknown fields {sorted(set(spec) - ALERTMANAGER_FIELDS)}")
        checks.expect(spec.get("automountServiceAccountToken") is False, f"{where}: automountServiceAccountToken is not false")
        security = spec.get("securityContext", {})
        checks.expect(security.get("runAsNonRoot") is True, f"{where}: pods do not require runAsNonRoot")
        checks.expect(security.get("runAsUser", 0) >= 10000, f"{where}: runAsUser below 10000")
        checks.expect(security.get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{where}: no RuntimeDefault seccomp profile")
        for bound in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                checks.expect(resource in spec.get("resources", {}).get(bound, {}), f"{where}: no {resource} {bound}")
        image = spec.get("image", "")
        checks.expect(":" in image and not image.endswith(":latest"), f"{where}: image tag not pinned")
        checks.expect(image.endswith(":" + spec.get("version", "?")), f"{where}: version {spec.get('version')} is not the image's tag")
        checks.expect(spec.get("replicas", 1) >= 2, f"{where}: a single replica (no high availability)")
        labels = spec.get("podMetadata", {}).get("labels", {})
        checks.expect("app.kubernetes.io/name" not in labels, f"{where}: podMetadata sets the operator's reserved name label")


def check_exporters(checks, documents):
    """The data stores' exporter sidecars: on their metrics port, the password from a Secret file."""
    statefulsets = objects(documents, "StatefulSet")
    for store, container_name, port in [("postgres", "postgres-exporter", 9187), ("redis", "redis-exporter", 9121)]:
        pod = statefulsets.get(store, {}).get("spec", {}).get("template", {}).get("spec", {})
        containers = {c["name"]: c for c in pod.get("containers", [])}
        exporter = containers.get(container_name)
        checks.expect(exporter is not None, f"{store}: no {container_name} sidecar")
        if exporter is None:
            continue
        ports = {p["name"]: p["containerPort"] for p in exporter.get("ports", [])}
        checks.expect(ports == {"metrics": port}, f"{store}/{container_name}: ports {ports}")
        mounts = [m["mountPath"] for m in exporter.get("volumeMounts", [])]
        environment = {v["name"]: v.get("value", "") for v in exporter.get("env", [])}
        command = " ".join(exporter.get("command", []) + exporter.get("args", []))
        password_files = [value for name, value in environment.items() if name.endswith("_FILE")] + \
                         [word.strip("\"'$()") for word in command.split() if "/run/secrets/" in word]
        checks.expect(any(path.startswith(mount) for path in password_files for mount in mounts),
                      f"{store}/{container_name}: the password is not read from a mounted Secret file")
        checks.expect(not any(name in environment for name in ("DATA_SOURCE_NAME", "DATA_SOURCE_PASS", "REDIS_PASSWORD")),
                      f"{store}/{container_name}: a password variable is set in the manifest")
        service_ports = {p["name"]: p["port"] for p in objects(documents, "Service").get(store, {}).get("spec", {}).get("ports", [])}
        checks.expect(service_ports.get("metrics") == port, f"{store}: the Service has no metrics port {port}")


def check_pods(checks, documents):
    for name, workload in workloads(documents).items():
        pod = pod_template(workload)["spec"]
        security = pod.get("securityContext", {})
        checks.expect(pod.get("automountServiceAccountToken") is False, f"{name}: automountServiceAccountToken is not false")
        checks.expect(security.get("runAsNonRoot") is True, f"{name}: pod does not require runAsNonRoot")
        checks.expect(security.get("runAsUser", 0) >= 10000, f"{name}: runAsUser below 10000")
        checks.expect(security.get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{name}: no RuntimeDefault seccomp profile")
        for container in pod.get("initContainers", []) + pod["containers"]:
            where = f"{name}/{container['name']}"
            context = container.get("securityContext", {})
            checks.expect(context.get("allowPrivilegeEscalation") is False, f"{where}: privilege escalation allowed")
            checks.expect(context.get("readOnlyRootFilesystem") is True, f"{where}: root filesystem writable")
            checks.expect(context.get("capabilities", {}).get("drop") == ["ALL"], f"{where}: capabilities not all dropped")
            resources = container.get("resources", {})
            for bound in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    checks.expect(resource in resources.get(bound, {}), f"{where}: no {resource} {bound}")
            for variable in container.get("env", []):
                checks.expect("secretKeyRef" not in variable.get("valueFrom", {}),
                              f"{where}: secret {variable['name']} in the environment (mount it as a file)")
                checks.expect(re.search(r"://[^/@\s]*:[^/@\s]+@", variable.get("value", "")) is None,
                              f"{where}: {variable['name']} holds a password (give it as a file)")
            checks.expect(":latest" not in container["image"] and ":" in container["image"], f"{where}: image tag not pinned")


def secret_files(documents, pod):
    """{volume name: {path in the volume: (Secret key, file mode)}} of the pod's Secret volumes, the
    keys of a Secret in the rendering when the volume lists no items."""
    secrets = objects(documents, "Secret")
    found = {}
    for volume in pod.get("volumes", []):
        source = volume.get("secret")
        if source is None:
            continue
        default_mode = source.get("defaultMode", 0o644)
        if "items" in source:
            found[volume["name"]] = {item["path"]: (item["key"], item.get("mode", default_mode)) for item in source["items"]}
        else:
            secret = secrets.get(source["secretName"], {})
            keys = set(secret.get("data", {})) | set(secret.get("stringData", {}))
            found[volume["name"]] = {key: (key, default_mode) for key in keys}
    return found


def check_secrets(checks, documents):
    """Each workload's pods can read exactly the Secret keys SECRET_KEYS gives them, and each *_FILE
    variable names a file of a mounted Secret volume that the pod's user can read (group-readable
    files need the pod's fsGroup: without it they belong to root)."""
    for name, workload in workloads(documents).items():
        pod = pod_template(workload)["spec"]
        files = secret_files(documents, pod)
        readable = {key for volume in files.values() for key, _ in volume.values()}
        expected = SECRET_KEYS.get(app_of(workload), set())
        checks.expect(readable == expected, f"{name}: its pods can read the Secret keys {sorted(readable)}, "
                                            f"not exactly {sorted(expected)}")
        fs_group = pod.get("securityContext", {}).get("fsGroup")
        for container in pod.get("initContainers", []) + pod["containers"]:
            mounts = {m["mountPath"].rstrip("/"): m["name"] for m in container.get("volumeMounts", []) if m["name"] in files}
            for variable in container.get("env", []):
                if not variable["name"].endswith("_FILE") or "value" not in variable:
                    continue
                where = f"{name}/{container['name']}: {variable['name']}={variable['value']}"
                folder, _, file = variable["value"].rpartition("/")
                entry = files.get(mounts.get(folder), {}).get(file)
                checks.expect(entry is not None, f"{where} is no file of a mounted Secret")
                if entry is not None:
                    mode = entry[1]
                    checks.expect(bool(mode & 0o004) or (fs_group is not None and bool(mode & 0o040)),
                                  f"{where} is not readable by the pod's user (mode {mode:o}, fsGroup {fs_group})")


def check_page_cache(checks, documents):
    """The storefront's page cache is on only with REDIS_URL: the Redis the backend publishes its
    invalidations on, with the password as a file (REDIS_PASSWORD_FILE, checked by check_secrets)."""
    deployments = objects(documents, "Deployment")
    def environment(name):
        containers = deployments.get(name, {}).get("spec", {}).get("template", {}).get("spec", {}).get("containers", [{}])
        return {v["name"]: v.get("value") for v in containers[0].get("env", [])}
    def server(url):
        return (url or "").split("://", 1)[-1].split("@")[-1].split("/", 1)[0]
    frontend, backend = environment("frontend"), environment("backend")
    checks.expect((frontend.get("REDIS_URL") or "").startswith("redis://"),
                  "frontend: no REDIS_URL, so its page cache stays off")
    checks.expect(server(frontend.get("REDIS_URL")) == server(backend.get("REDIS_URL")),
                  f"frontend: REDIS_URL {frontend.get('REDIS_URL')} is not the Redis the backend publishes on ({backend.get('REDIS_URL')})")
    checks.expect("REDIS_PASSWORD_FILE" in frontend, "frontend: no REDIS_PASSWORD_FILE, so Redis refuses its subscription")


def check_services(checks, documents):
    deployments = objects(documents, "Deployment")
    hpas = {h["spec"]["scaleTargetRef"]["name"] for h in objects(documents, "HorizontalPodAutoscaler").values()}
    pdbs = {p["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] for p in objects(documents, "PodDisruptionBudget").values()}
    services = objects(documents, "Service")
    for name in STATELESS:
        deployment = deployments.get(name)
        checks.expect(deployment is not None, f"{name}: no Deployment")
        if deployment is None:
            continue
        spec = deployment["spec"]["template"]["spec"]
        container = spec["containers"][0]
        probes = {kind: container.get(kind, {}).get("httpGet", {}).get("path") for kind in ("startupProbe", "livenessProbe", "readinessProbe")}
        checks.expect(probes == {"startupProbe": "/healthz", "livenessProbe": "/healthz", "readinessProbe": "/readyz"},
                      f"{name}: probes are {probes}")
        checks.expect(spec.get("terminationGracePeriodSeconds", 30) > 25, f"{name}: termination grace shorter than the service's 25 s")
        checks.expect(len(spec.get("topologySpreadConstraints", [])) >= 1, f"{name}: no topology spread")
        checks.expect(name in hpas, f"{name}: no HorizontalPodAutoscaler")
        checks.expect(name in pdbs, f"{name}: no PodDisruptionBudget")
        environment = {v["name"]: v.get("value") for v in container.get("env", [])}
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        checks.expect(environment.get("METRICS_PORT") == str(ports.get("metrics")), f"{name}: METRICS_PORT is not the metrics port")
        checks.expect(environment.get("PORT") == str(ports.get("http")), f"{name}: PORT is not the http port")
        checks.expect(ports.get("metrics") != ports.get("http"), f"{name}: /metrics shares the http port")
        service_ports = {p["name"] for p in services.get(name, {}).get("spec", {}).get("ports", [])}
        checks.expect(service_ports == {"http", "metrics"}, f"{name}: Service ports {service_ports}")


def check_ingress(checks, documents):
    paths = set()
    for ingress in objects(documents, "Ingress").values():
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                service = path["backend"]["service"]
                paths.add((path["path"], path["pathType"], service["name"], service["port"].get("name")))
    checks.expect(paths == {("/", "Prefix", "frontend", "http"), ("/api", "Prefix", "backend", "http")},
                  f"ingress paths are {sorted(paths)}")
    # The manifests cannot show that the ingress controller removes X-ShopMicro-Synthetic from outside
    # requests (ingress-nginx can only do it controller-wide, in its proxy-set-headers ConfigMap; the
    # per-Ingress snippet is CVE-2021-25742), so no service here may trust the mark.
    for name, deployment in objects(documents, "Deployment").items():
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            trusted = [v for v in container.get("env", []) if v.get("name") == "SYNTHETIC_TRAFFIC_TRUSTED" and v.get("value") != "false"]
            checks.expect(not trusted, f"{name}: trusts X-ShopMicro-Synthetic, which outside clients could send to hide from the SLOs")


def selects(selector, labels):
    """A label selector (a NetworkPolicy's podSelector; absent means all) matches the labels:
    its matchLabels and its matchExpressions (In, NotIn, Exists, DoesNotExist)."""
    if selector is None:
        return True
    if not all(labels.get(key) == value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        matched = {"In": key in labels and labels[key] in values, "NotIn": labels.get(key) not in values,
                   "Exists": key in labels, "DoesNotExist": key not in labels}.get(operator)
        if not matched:
            return False
    return True


def peer_matches(peer, other):
    """Whether a policy peer admits `other`: an app name in this namespace, or an outside peer."""
    if isinstance(other, tuple):
        selector = peer.get("namespaceSelector")
        if selector is None or selector.get("matchLabels", {}).get("kubernetes.io/metadata.name") != other[1]:
            return False
        labels = {other[2]: other[3]} if len(other) > 2 else {}
        return selects(peer.get("podSelector"), labels)
    if "namespaceSelector" in peer or "ipBlock" in peer:
        return False
    return selects(peer.get("podSelector"), {"app.kubernetes.io/name": other})


def rule_allows(rules, peer_key, other, port):
    for rule in rules:
        peers = rule.get(peer_key)
        ports = rule.get("ports")
        port_ok = ports is None or any(p.get("port") == port for p in ports)
        peer_ok = peers is None or any(peer_matches(peer, other) for peer in peers)
        if port_ok and peer_ok:
            return True
    return False


def allowed(policies, direction, app, other, port):
    """Traffic in `direction` for pods of `app` is allowed when some policy selecting them allows it;
    pods that no policy of that direction selects would allow everything."""
    relevant = [p for p in policies if direction in p["spec"].get("policyTypes", []) and
                selects(p["spec"]["podSelector"], {"app.kubernetes.io/name": app})]
    if not relevant:
        return True
    key, peer_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
    return any(rule_allows(p["spec"].get(key, []), peer_key, other, port) for p in relevant)


def check_network(checks, documents):
    policies = list(objects(documents, "NetworkPolicy").values())
    default_deny = [p for p in policies if p["spec"]["podSelector"] == {} and
                    set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"} and
                    not p["spec"].get("ingress") and not p["spec"].get("egress")]
    checks.expect(len(default_deny) == 1, "no default-deny policy for every pod and both directions")
    apps = sorted({app_of(w) for w in workloads(documents).values()} | set(operator_apps(documents)))
    ports = sorted({port for _, _, port in EXPECTED_CONNECTIONS} | {22, 443, 53})
    sources = apps + [INGRESS_CONTROLLER, PROMETHEUS, ("namespace", "elsewhere")]
    for source in sources:
        for target in apps:
            for port in ports:
                if source == target:
                    continue
                expected = (source, target, port) in EXPECTED_CONNECTIONS
                # Each side on its own: the target's ingress rules and (inside the namespace) the
                # source's egress rules must each allow exactly the expected connections.
                directions = [("ingress", allowed(policies, "Ingress", target, source, port))]
                if not isinstance(source, tuple):
                    directions.append(("egress", allowed(policies, "Egress", source, target, port)))
                for direction, permitted in directions:
                    checks.expect(permitted == expected, f"network: {source} → {target}:{port} {direction} is "
                                  f"{'allowed' if permitted else 'denied'}")
    if "alertmanager" in apps:
        for direction in ("Ingress", "Egress"):
            checks.expect(allowed(policies, direction, "alertmanager", "alertmanager", GOSSIP_PORT),
                          f"network: Alertmanager replicas cannot gossip ({direction.lower()} :{GOSSIP_PORT})")
    for app in apps:
        checks.expect(allowed(policies, "Egress", app, CLUSTER_DNS, 53), f"network: {app} cannot resolve names")
        checks.expect(not allowed(policies, "Egress", app, ("namespace", "elsewhere"), 443),
                      f"network: {app} may connect out of the namespace")
    # Span export: exactly the services given an OTLP endpoint reach the collector, on its port only.
    exporting = set(otlp_endpoints(documents))
    for app in apps:
        for port in (OTLP_HTTP_PORT, 4317, 443):
            expected = app in exporting and port == OTLP_HTTP_PORT
            permitted = allowed(policies, "Egress", app, COLLECTOR, port)
            checks.expect(permitted == expected, f"network: {app} → collector:{port} egress is {'allowed' if permitted else 'denied'}")
        checks.expect(not allowed(policies, "Egress", app, ("namespace", "elsewhere"), OTLP_HTTP_PORT),
                      f"network: {app} may send to :{OTLP_HTTP_PORT} of any namespace")


def otlp_endpoints(documents):
    """{service: the OTLP endpoint its container is given} for the Deployments that export spans
    (a value, or a key of a ConfigMap in the rendering)."""
    config_maps = objects(documents, "ConfigMap")
    found = {}
    for name, deployment in objects(documents, "Deployment").items():
        for variable in deployment["spec"]["template"]["spec"]["containers"][0].get("env", []):
            if variable["name"] != OTLP_VARIABLE:
                continue
            reference = variable.get("valueFrom", {}).get("configMapKeyRef", {})
            value = variable.get("value") if "value" in variable else \
                config_maps.get(reference.get("name"), {}).get("data", {}).get(reference.get("key"))
            found[app_of(deployment)] = value
    return found


def check_tracing(checks, documents):
    """With the tracing component, all three services get the same endpoint: the collector's
    OTLP/HTTP port in the namespace the NetworkPolicy opens; without it, none does."""
    endpoints = otlp_endpoints(documents)
    if not endpoints:
        return
    checks.expect(set(endpoints) == set(STATELESS), f"tracing: only {sorted(endpoints)} export spans, not all of {STATELESS}")
    for app, endpoint in endpoints.items():
        checks.expect(endpoint is not None, f"tracing: {app}'s {OTLP_VARIABLE} names no ConfigMap key of the rendering")
        address = (endpoint or "").split("://", 1)[-1].split("/", 1)[0]
        host, _, port = address.rpartition(":")
        labels = host.split(".")
        checks.expect((endpoint or "").startswith("http://") or (endpoint or "").startswith("https://"),
                      f"tracing: {app}'s endpoint {endpoint} is not an http(s) URL")
        checks.expect(port == str(OTLP_HTTP_PORT) and len(labels) >= 2 and labels[1] == COLLECTOR[1],
                      f"tracing: {app}'s endpoint {endpoint} is not the collector's :{OTLP_HTTP_PORT} in namespace {COLLECTOR[1]}")


def check_crds(checks, documents):
    services = objects(documents, "Service")
    monitors = objects(documents, "ServiceMonitor")
    checks.expect(set(monitors) == set(SCRAPE_JOBS), f"ServiceMonitors for {sorted(monitors)}, expected {sorted(SCRAPE_JOBS)}")
    for name, monitor in monitors.items():
        selector = monitor["spec"]["selector"]
        matched = [s for s in services.values() if selects(selector, s["metadata"].get("labels", {}))]
        checks.expect(len(matched) == 1, f"ServiceMonitor {name} selects {len(matched)} Services")
        for endpoint in monitor["spec"]["endpoints"]:
            port_names = {p["name"] for s in matched for p in s["spec"]["ports"]}
            checks.expect(endpoint.get("port") in port_names, f"ServiceMonitor {name}: no Service port {endpoint.get('port')}")
            checks.expect(endpoint.get("path") == "/metrics", f"ServiceMonitor {name}: path {endpoint.get('path')}")
            known = {"port", "path", "interval", "scrapeTimeout", "scheme", "honorLabels", "relabelings", "metricRelabelings"}
            checks.expect(set(endpoint) <= known, f"ServiceMonitor {name}: unknown endpoint fields {set(endpoint) - known}")
            # Only the Pushgateway's series keep their own job label (the pushing job's).
            checks.expect(endpoint.get("honorLabels", False) is (name == "pushgateway"),
                          f"ServiceMonitor {name}: honorLabels {endpoint.get('honorLabels', False)}")
    rules = objects(documents, "PrometheusRule")
    checks.expect(len(rules) == 1, f"{len(rules)} PrometheusRules")
    for name, rule in rules.items():
        with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
            yaml.safe_dump({"groups": rule["spec"]["groups"]}, handle)
        result = subprocess.run(["promtool", "check", "rules", handle.name], capture_output=True, text=True)
        os.unlink(handle.name)
        checks.expect(result.returncode == 0, f"PrometheusRule {name}: promtool: {result.stdout}{result.stderr}")
    check_alertmanager_config(checks, documents)
    check_alerting_patch(checks, documents)


def alertmanager_configs(documents):
    """Each Secret holding an Alertmanager configuration (the `alertmanager.yaml` key the operator
    reads): {secret name: configuration text}."""
    found = {}
    for name, secret in objects(documents, "Secret").items():
        if "alertmanager.yaml" in secret.get("data", {}):
            found[name] = base64.b64decode(secret["data"]["alertmanager.yaml"]).decode()
        elif "alertmanager.yaml" in secret.get("stringData", {}):
            found[name] = secret["stringData"]["alertmanager.yaml"]
    return found


def check_alertmanager_config(checks, documents):
    configs = alertmanager_configs(documents)
    for name, manager in objects(documents, "Alertmanager").items():
        secret = manager["spec"].get("configSecret", f"alertmanager-{name}")
        checks.expect(secret in configs, f"Alertmanager {name}: no Secret {secret} with an alertmanager.yaml key")
    for name, text in configs.items():
        with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
            handle.write(text)
        result = subprocess.run(["amtool", "check-config", handle.name], capture_output=True, text=True)
        os.unlink(handle.name)
        checks.expect(result.returncode == 0, f"Secret {name}: amtool check-config: {result.stdout}{result.stderr}")
        # Every webhook the cluster's Alertmanager calls must be reachable from it: the alert-log
        # Service in this namespace, or an address outside the cluster.
        receivers = yaml.safe_load(text).get("receivers", [])
        services = objects(documents, "Service")
        for receiver in receivers:
            for webhook in receiver.get("webhook_configs", []):
                host = webhook["url"].split("://", 1)[-1].split("/", 1)[0].split(":")[0]
                if "." not in host:
                    checks.expect(host in services, f"Secret {name}: receiver {receiver['name']} calls {host}, which is no Service here")


def check_alerting_patch(checks, documents):
    """prometheus-alerting-patch.yaml (for the user's Prometheus object) names the Alertmanager
    Service, its namespace and port; sets a retention of its own (`slocheck lint` checks it covers
    the longest SLO window) and turns exemplar storage on."""
    if not objects(documents, "Alertmanager"):
        return
    patch = load(ALERTING_PATCH)[0]
    retention = str(patch["spec"].get("retention", ""))
    checks.expect(re.fullmatch(r"([0-9]+(ms|y|w|d|h|m|s))+", retention) is not None,
                  f"prometheus-alerting-patch.yaml: retention {retention or '(none: the operator keeps 24h)'} is not a duration")
    checks.expect("exemplar-storage" in patch["spec"].get("enableFeatures", []),
                  "prometheus-alerting-patch.yaml: enableFeatures lacks exemplar-storage")
    services = objects(documents, "Service")
    for target in patch["spec"]["alerting"]["alertmanagers"]:
        service = services.get(target["name"], {})
        ports = {p["name"] for p in service.get("spec", {}).get("ports", [])}
        checks.expect(service.get("metadata", {}).get("namespace") == target.get("namespace") and target.get("port") in ports,
                      f"prometheus-alerting-patch.yaml: no Service {target.get('namespace')}/{target['name']} with port {target.get('port')}")
        selector = service.get("spec", {}).get("selector", {})
        checks.expect(selector.get("app.kubernetes.io/name") == "alertmanager",
                      f"prometheus-alerting-patch.yaml: Service {target['name']} does not select the Alertmanager pods")


def check_drift(checks, repository):
    monitoring = os.path.join(repository, "k8s", "monitoring")
    groups = []
    for path in sorted(glob.glob(os.path.join(repository, "alerts", "*.yml"))):
        groups += load(path)[0]["groups"]
    rule = load(os.path.join(monitoring, "prometheusrule.yaml"))[0]
    checks.expect(rule["spec"]["groups"] == groups,
                  "k8s/monitoring/prometheusrule.yaml differs from alerts/*.yml: run `make k8s-generated`")
    dashboards = {}
    for path in sorted(glob.glob(os.path.join(repository, "dashboards", "*.json"))):
        with open(path) as handle:
            dashboards[os.path.basename(path)] = json.load(handle)
    config_map = load(os.path.join(monitoring, "grafana-dashboards.yaml"))[0]
    shipped = {name: json.loads(text) for name, text in config_map["data"].items()}
    checks.expect(shipped == dashboards,
                  "k8s/monitoring/grafana-dashboards.yaml differs from dashboards/*.json: run `make k8s-generated`")
    checks.expect(config_map["metadata"]["labels"].get("grafana_dashboard") == "1", "dashboards ConfigMap lacks the sidecar label")
    # The same Grafana provisioning as docker-compose: its data sources, with the cluster's addresses.
    sources = {}
    for path in sorted(glob.glob(os.path.join(repository, "dashboards", "provisioning", "datasources", "*.yml"))):
        with open(path) as handle:
            sources[os.path.basename(path)] = yaml.safe_load(handle)
    datasources = load(os.path.join(monitoring, "grafana-datasources.yaml"))[0]
    shipped_sources = {name: yaml.safe_load(text) for name, text in datasources["data"].items()}
    checks.expect(datasources["metadata"]["labels"].get("grafana_datasource") == "1", "data sources ConfigMap lacks the sidecar label")
    checks.expect(set(shipped_sources) == set(sources) and bool(sources),
                  "k8s/monitoring/grafana-datasources.yaml differs from dashboards/provisioning/datasources: run `make k8s-generated`")
    for name, source in sources.items():
        shipped = shipped_sources.get(name, {})
        strip = lambda document: [{key: value for key, value in entry.items() if key != "url"} for entry in document.get("datasources", [])]
        checks.expect(strip(shipped) == strip(source),
                      f"k8s/monitoring/grafana-datasources.yaml {name} differs from its source beyond the URLs: run `make k8s-generated`")
        for entry in shipped.get("datasources", []):
            checks.expect(".svc:" in entry.get("url", ""), f"Grafana data source {entry.get('name')} points at {entry.get('url')}, no cluster Service")
    commands = {}
    for path in sorted(glob.glob(os.path.join(repository, "ops", "shopmicro-*"))):
        with open(path) as handle:
            commands[os.path.basename(path)] = handle.read()
    shipped_commands = load(os.path.join(repository, "k8s", "backup", "backup-commands.yaml"))[0]["data"]
    checks.expect(shipped_commands == commands and len(commands) == 2,
                  "k8s/backup/backup-commands.yaml differs from ops/shopmicro-*: run `make k8s-generated`")
    with open(os.path.join(repository, "alertmanager", "alertmanager.yml")) as handle:
        configuration = handle.read()
    with open(os.path.join(monitoring, "alertmanager-config.yml")) as handle:
        shipped_configuration = handle.read().split("\n", 1)[1]
    checks.expect(shipped_configuration == configuration,
                  "k8s/monitoring/alertmanager-config.yml differs from alertmanager/alertmanager.yml: run `make k8s-generated`")


if __name__ == "__main__":
    command, argument = sys.argv[1], sys.argv[2]
    for option in sys.argv[3:]:
        if option.startswith("--collector-namespace="):
            COLLECTOR = ("namespace", option.split("=", 1)[1]) + COLLECTOR[2:]
        else:
            sys.exit(f"unknown option {option}")
    checks = Checks()
    if command == "policy":
        documents = load(argument)
        check_pods(checks, documents)
        check_alertmanager(checks, documents)
        check_exporters(checks, documents)
        check_services(checks, documents)
        check_secrets(checks, documents)
        check_page_cache(checks, documents)
        check_ingress(checks, documents)
        check_network(checks, documents)
        check_tracing(checks, documents)
    elif command == "crds":
        check_crds(checks, load(argument))
    elif command == "drift":
        check_drift(checks, argument)
    else:
        sys.exit(f"unknown command {command}")
    checks.finish()

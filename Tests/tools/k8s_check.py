#!/usr/bin/env python3
"""Checks the rendered Kubernetes manifests (`kubectl kustomize`) for what the schemas and checkov
cannot see (Tests/DeploymentTests runs it):

  k8s_check.py policy RENDERED.yaml   security settings, probes, autoscaling, secrets as files, the
                                      ingress paths, and the network: exactly the allowed connections
  k8s_check.py crds RENDERED.yaml     ServiceMonitors select a Service with their port; the
                                      PrometheusRule's groups pass `promtool check rules`
  k8s_check.py drift REPOSITORY       the generated objects hold exactly their sources: the
                                      PrometheusRule alerts/*.yml's groups, the dashboards ConfigMap
                                      dashboards/*.json, the backup ConfigMap ops/shopmicro-*

Prints one line per failure and exits 1 if there is any, else prints how many checks passed.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import yaml

# Peers outside the namespace: ("namespace", its name[, pod label, value]).
INGRESS_CONTROLLER = ("namespace", "ingress-nginx")
PROMETHEUS = ("namespace", "monitoring", "app.kubernetes.io/name", "prometheus")
CLUSTER_DNS = ("namespace", "kube-system", "k8s-app", "kube-dns")
# (from, to, port): every connection the platform needs, and nothing else may be allowed.
EXPECTED_CONNECTIONS = {
    (INGRESS_CONTROLLER, "frontend", 3000),
    (INGRESS_CONTROLLER, "backend", 8080),
    ("frontend", "backend", 8080),
    ("frontend", "ml-service", 8000),
    ("ml-service", "backend", 8080),
    ("backend", "postgres", 5432),
    ("backend", "redis", 6379),
    (PROMETHEUS, "backend", 9464),
    (PROMETHEUS, "ml-service", 9464),
    (PROMETHEUS, "frontend", 9464),
    ("shopmicro-backup", "postgres", 5432),
}
STATELESS = ["backend", "ml-service", "frontend"]


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
            checks.expect(":latest" not in container["image"] and ":" in container["image"], f"{where}: image tag not pinned")


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


def selects(selector, labels):
    """A NetworkPolicy peer's podSelector (or an absent one, meaning all) matches the labels."""
    if selector is None:
        return True
    return all(labels.get(key) == value for key, value in selector.get("matchLabels", {}).items())


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
    apps = sorted({app_of(w) for w in workloads(documents).values()})
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
    for app in apps:
        checks.expect(allowed(policies, "Egress", app, CLUSTER_DNS, 53), f"network: {app} cannot resolve names")
        checks.expect(not allowed(policies, "Egress", app, ("namespace", "elsewhere"), 443),
                      f"network: {app} may connect out of the namespace")


def check_crds(checks, documents):
    services = objects(documents, "Service")
    monitors = objects(documents, "ServiceMonitor")
    checks.expect(set(monitors) == set(STATELESS), f"ServiceMonitors for {sorted(monitors)}")
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
    rules = objects(documents, "PrometheusRule")
    checks.expect(len(rules) == 1, f"{len(rules)} PrometheusRules")
    for name, rule in rules.items():
        with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
            yaml.safe_dump({"groups": rule["spec"]["groups"]}, handle)
        result = subprocess.run(["promtool", "check", "rules", handle.name], capture_output=True, text=True)
        os.unlink(handle.name)
        checks.expect(result.returncode == 0, f"PrometheusRule {name}: promtool: {result.stdout}{result.stderr}")


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
    commands = {}
    for path in sorted(glob.glob(os.path.join(repository, "ops", "shopmicro-*"))):
        with open(path) as handle:
            commands[os.path.basename(path)] = handle.read()
    shipped_commands = load(os.path.join(repository, "k8s", "backup", "backup-commands.yaml"))[0]["data"]
    checks.expect(shipped_commands == commands and len(commands) == 2,
                  "k8s/backup/backup-commands.yaml differs from ops/shopmicro-*: run `make k8s-generated`")


if __name__ == "__main__":
    command, argument = sys.argv[1], sys.argv[2]
    checks = Checks()
    if command == "policy":
        documents = load(argument)
        check_pods(checks, documents)
        check_services(checks, documents)
        check_ingress(checks, documents)
        check_network(checks, documents)
    elif command == "crds":
        check_crds(checks, load(argument))
    elif command == "drift":
        check_drift(checks, argument)
    else:
        sys.exit(f"unknown command {command}")
    checks.finish()

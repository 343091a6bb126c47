import Foundation
import TestSupport
import Testing

/// What the monitoring and tracing components add to k8s/, checked beyond the schemas: the
/// Alertmanager's configuration as users swap it, the collector as users move it, the runbook links k8s/build.py writes, and the data stores'
/// exporter sidecars run here the way their pods would run them.
@Suite("Kubernetes monitoring")
struct KubernetesMonitoringTests {
    static let checker = KubernetesManifestTests.checker
    static let runner = Repository.root.appendingPathComponent("Tests/tools/k8s_run_job.py").path

    @Test("the receivers swapped for a pager by a component of the user's own (README's recipe) render and pass amtool; a broken configuration is refused")
    func receiverSwap() async throws {
        let component = """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            secretGenerator:
              - name: alertmanager-shopmicro
                namespace: shopmicro
                behavior: replace
                files: [alertmanager.yaml=alertmanager.yml]
                options: { disableNameSuffixHash: true }

            """
        let pager = try String(contentsOf: Repository.root.appendingPathComponent("alertmanager/alertmanager.yml"), encoding: .utf8)
            .replacingOccurrences(of: "    webhook_configs:\n      - url: http://alert-log:9095/page\n",
                                  with: "    pagerduty_configs:\n      - routing_key: example-routing-key\n")
        #expect(pager.contains("pagerduty_configs"), "the page receiver was not swapped")
        let swap = { (configuration: String) in
            try await KubernetesManifestTests.render(overlay: "  - receivers\n", components: ["receivers": [
                "kustomization.yaml": component, "alertmanager.yml": configuration]])
        }
        let swapped = try await swap(pager)
        let extracted = try await Tool.run("/usr/bin/python3", ["-c", """
            import base64, sys, yaml
            for d in yaml.safe_load_all(open(sys.argv[1])):
                if d and d["kind"] == "Secret" and d["metadata"]["name"] == "alertmanager-shopmicro":
                    sys.stdout.write(base64.b64decode(d["data"]["alertmanager.yaml"]).decode())
            """, swapped.withComponents.path])
        #expect(extracted.output == pager, "the Secret holds the component's configuration: \(extracted.output.prefix(300))")
        let checked = try await Tool.run("/usr/bin/python3", [Self.checker, "crds", swapped.withComponents.path])
        #expect(checked.status == 0 && checked.output.contains(", 0 failed"), "\(checked.output)")

        // A route to a receiver that does not exist: amtool (through k8s_check.py) refuses it.
        let broken = try await swap(pager.replacingOccurrences(of: "receiver: ticket", with: "receiver: tickets"))
        let refused = try await Tool.run("/usr/bin/python3", [Self.checker, "crds", broken.withComponents.path])
        #expect(refused.status != 0 && refused.output.contains("amtool check-config"), "\(refused.output)")
    }

    @Test("a collector elsewhere (README's recipe: a component of the user's own after tracing): the services get its endpoint and reach exactly its namespace on :4318")
    func collectorElsewhere() async throws {
        let component = """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            configMapGenerator:
              - name: shopmicro-tracing
                namespace: shopmicro
                behavior: merge
                literals: [OTEL_EXPORTER_OTLP_ENDPOINT=http://collector.tracing.svc:4318]
            patches:
              - target: { kind: NetworkPolicy, name: otlp-export }
                patch: |
                  - op: replace
                    path: /spec/egress/0/to/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name
                    value: tracing

            """
        let moved = try await KubernetesManifestTests.render(overlay: "  - collector\n", components: ["collector": ["kustomization.yaml": component]])
        let text = try String(contentsOf: moved.withComponents, encoding: .utf8)
        #expect(text.contains("  OTEL_EXPORTER_OTLP_ENDPOINT: http://collector.tracing.svc:4318\n")
                && !text.contains("otel-collector.observability"), "the ConfigMap holds the new endpoint")
        let checked = try await Tool.run("/usr/bin/python3", [Self.checker, "policy", moved.withComponents.path, "--collector-namespace=tracing"])
        #expect(checked.status == 0 && checked.output.contains(", 0 failed"), "\(checked.output)")
        // Checked against the component's own collector, the moved one is refused.
        let refused = try await Tool.run("/usr/bin/python3", [Self.checker, "policy", moved.withComponents.path])
        #expect(refused.status != 0 && refused.output.contains("backend → collector:4318 egress is denied"), "\(refused.output)")
    }

    @Test("k8s/build.py --runbook-base-url (or SHOPMICRO_RUNBOOK_BASE_URL) links every alert to another runbook, anchors kept; without it the rules are alerts/'s")
    func runbookBaseURL() async throws {
        let base = try Self.defaultRunbookBase()
        let cases: [(arguments: [String], environment: [String: String], wanted: String)] = [(["--runbook-base-url", "https://runbooks.example.com/shopmicro"], [:], "https://runbooks.example.com/shopmicro"),
                                                 ([], ["SHOPMICRO_RUNBOOK_BASE_URL": "https://wiki.example.org/ShopMicro/Runbook"], "https://wiki.example.org/ShopMicro/Runbook")]
        for (arguments, environment, wanted) in cases {
            let copy = try KubernetesManifestTests.copyOfSources()
            let generate = try await Tool.run("/usr/bin/env", environment.map { "\($0.key)=\($0.value)" }
                                              + ["python3", copy.appendingPathComponent("k8s/build.py").path] + arguments)
            #expect(generate.status == 0, "\(generate.output)")
            let original = try Self.runbookURLs(Repository.root.appendingPathComponent("k8s/monitoring/prometheusrule.yaml"))
            let relinked = try Self.runbookURLs(copy.appendingPathComponent("k8s/monitoring/prometheusrule.yaml"))
            #expect(original.count >= 20 && relinked.count == original.count, "\(original.count) → \(relinked.count) runbook links")
            for (alert, url) in original {
                #expect(url.hasPrefix(base + "#"), "\(alert): \(url)")
                #expect(relinked[alert] == wanted + url.dropFirst(base.count), "\(alert): \(relinked[alert] ?? "none")")
            }
            // Only the links changed: the committed rule, with the default base, is now drift.
            let drift = try await Tool.run("/usr/bin/python3", [Self.checker, "drift", copy.path])
            #expect(drift.output.contains("prometheusrule.yaml differs") && !drift.output.contains("dashboards.yaml differs"), "\(drift.output)")
        }
    }

    /// The one URL of alerts/runbook-base-url.txt.
    static func defaultRunbookBase() throws -> String {
        try String(contentsOf: Repository.root.appendingPathComponent("alerts/runbook-base-url.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("#") } ?? ""
    }

    /// Each alert's runbook_url in a generated PrometheusRule (alert name → URL).
    static func runbookURLs(_ file: URL) throws -> [String: String] {
        var urls: [String: String] = [:]
        var alert = ""
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- alert: ") { alert = String(trimmed.dropFirst("- alert: ".count)) }
            if trimmed.hasPrefix("runbook_url: ") { urls[alert] = String(trimmed.dropFirst("runbook_url: ".count)) }
        }
        return urls
    }

    @Test("the exporter sidecars, run here with Debian's exporters the way their pods run them, log in with the Secret's passwords: pg_up and redis_up are 1, and 0 with another password")
    func exporterSidecarsRun() async throws {
        let rendered = try await KubernetesManifestTests.render()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("exporters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // The Secret made from the example holds `change-me` for both.
        let postgres = try PostgresServer(password: "change-me")
        let database = PostgresServer.databaseName(of: try await postgres.createDatabase())
        let redis = try RedisServer(password: "change-me")
        let wrongRedis = try RedisServer(password: "another-password")

        let postgresPort = try FreePort.find()
        let postgresExporter = try BackgroundProgram("/usr/bin/python3", [
            Self.runner, rendered.withComponents.path, "StatefulSet/postgres/postgres-exporter", work.appendingPathComponent("postgres").path,
            "--entrypoint", "/usr/bin/prometheus-postgres-exporter", "--arg", "--web.listen-address=127.0.0.1:\(postgresPort)",
            "DATA_SOURCE_URI=127.0.0.1:\(postgres.port)/\(database)?sslmode=disable",
        ], port: postgresPort)
        let exposition = try await postgresExporter.metrics(containing: "pg_up 1")
        #expect(BackgroundProgram.lines(exposition).contains("pg_up 1"), "\(postgresExporter.output().suffix(2000))")

        for (server, expected) in [(redis, "redis_up 1"), (wrongRedis, "redis_up 0")] {
            let port = try FreePort.find()
            let redisExporter = try BackgroundProgram("/usr/bin/python3", [
                Self.runner, rendered.withComponents.path, "StatefulSet/redis/redis-exporter", work.appendingPathComponent("redis-\(port)").path,
                "--replace", "/redis_exporter=/usr/bin/prometheus-redis-exporter",
                "REDIS_ADDR=redis://127.0.0.1:\(server.port)", "REDIS_EXPORTER_WEB_LISTEN_ADDRESS=127.0.0.1:\(port)",
            ], port: port)
            let text = try await redisExporter.metrics(containing: expected)
            #expect(BackgroundProgram.lines(text).contains(expected), "\(redisExporter.output().suffix(2000))")
            // The password reached the exporter's environment only, never its command line.
            let commandLine = (try? String(contentsOfFile: "/proc/\(redisExporter.pid)/cmdline", encoding: .utf8)) ?? ""
            #expect(!commandLine.isEmpty && !commandLine.contains("change-me"), "\(commandLine)")
        }
    }
}

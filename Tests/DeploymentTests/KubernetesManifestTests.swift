import Foundation
import TestSupport
import Testing

/// k8s/ checked offline by the tools its users trust: kustomize (kubectl's), kubernetes-validate's
/// bundled schemas, checkov, promtool, and Tests/tools/k8s_check.py for the platform's own rules.
@Suite("Kubernetes manifests")
struct KubernetesManifestTests {
    static let guideFiles = ["namespace.yaml", "redis.yaml", "postgres.yaml", "backend.yaml", "ml-service.yaml",
                             "frontend.yaml", "ingress.yaml"]
    static let checker = Repository.root.appendingPathComponent("Tests/tools/k8s_check.py").path

    /// A copy of k8s/ with a secrets.env made from the committed example, as a user makes it, and an
    /// overlay beside it that adds the monitoring, backup and tracing components; returns both rendered.
    /// `components` are more components beside the overlay (folder → file name → text), listed after
    /// the repository's by the `overlay` text added to its `components:` list.
    static func render(overlay: String = "", components: [String: [String: String]] = [:]) async throws -> (base: URL, withComponents: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-k8s-\(UUID().uuidString)")
        TestCleanup.atExit { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("k8s")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("k8s"), to: copy)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent("secrets.env"))
        try FileManager.default.copyItem(at: copy.appendingPathComponent("secrets.env.example"), to: copy.appendingPathComponent("secrets.env"))
        let overlayFolder = folder.appendingPathComponent("with-components")
        try FileManager.default.createDirectory(at: overlayFolder, withIntermediateDirectories: true)
        try ("resources: [../k8s]\ncomponents:\n  - ../k8s/monitoring\n  - ../k8s/backup\n  - ../k8s/tracing\n" + overlay)
            .write(to: overlayFolder.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        for (component, files) in components {
            let componentFolder = overlayFolder.appendingPathComponent(component)
            try FileManager.default.createDirectory(at: componentFolder, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(to: componentFolder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }

        var rendered: [URL] = []
        for source in [copy, overlayFolder] {
            let build = try await Repository.runTool("kubectl", ["kustomize", source.path])
            try #require(build.status == 0, "kubectl kustomize \(source.lastPathComponent): \(build.output)")
            let output = folder.appendingPathComponent("\(source.lastPathComponent).rendered.yaml")
            try build.output.write(to: output, atomically: true, encoding: .utf8)
            rendered.append(output)
        }
        return (rendered[0], rendered[1])
    }

    static func validate(_ files: [String]) async throws -> (status: Int32, output: String) {
        try await Repository.runTool("kubernetes-validate", ["--strict", "-k", "1.30.0"] + files)
    }

    @Test("kustomize builds k8s/ and every object, rendered or in the guide's files, validates strictly against Kubernetes 1.30")
    func kustomizeBuildsAndSchemasValidate() async throws {
        let rendered = try await Self.render()
        let text = try String(contentsOf: rendered.base, encoding: .utf8)
        let kinds = text.split(separator: "\n").filter { $0.hasPrefix("kind: ") }
        #expect(kinds.count >= 27, "rendered \(kinds.count) objects")
        #expect(kinds.contains("kind: Secret"), "the secretGenerator made the Secret")
        // The generator's name carries a content hash, and every reference follows it.
        #expect(!text.contains("name: shopmicro-secrets\n") && !text.contains("secretName: shopmicro-secrets\n"))
        #expect(text.contains("secretName: shopmicro-secrets-"))

        let validated = try await Self.validate([rendered.base.path, rendered.withComponents.path]
                                                 + (Self.guideFiles + ["backup/cronjob.yaml", "monitoring/alert-log.yaml", "monitoring/pushgateway.yaml", "tracing/networkpolicy.yaml",
                                                    "ingress-nginx/proxy-headers.yaml"])
                                                     .map { Repository.root.appendingPathComponent("k8s/\($0)").path })
        #expect(validated.status == 0, "\(validated.output)")
        #expect(!validated.output.contains("ERROR"), "\(validated.output)")
        let passed = validated.output.split(separator: "\n").filter { $0.contains(" passed for resource ") }
        // Every object of both renderings but the operator's (no schema here: `k8s_check.py crds`).
        let withComponents = try String(contentsOf: rendered.withComponents, encoding: .utf8)
        let objects = [text, withComponents].map { rendering in
            rendering.split(separator: "\n").filter { $0.hasPrefix("kind: ") }.count
                - rendering.split(separator: "\n").filter { $0 == "apiVersion: monitoring.coreos.com/v1" }.count
        }.reduce(0, +)
        #expect(objects >= 27 + 44, "rendered \(objects) objects with a schema")
        // The tracing component: the three services (and only they) take the endpoint from its ConfigMap.
        #expect(withComponents.components(separatedBy: "- name: OTEL_EXPORTER_OTLP_ENDPOINT\n          valueFrom:\n            configMapKeyRef:\n").count - 1 == 3)
        #expect(!text.contains("OTEL_EXPORTER_OTLP_ENDPOINT"), "k8s/ alone exports no spans")
        #expect(passed.count >= objects, "validated \(passed.count) of \(objects) objects")
        // The ingress controller's header list empties the synthetic mark of every request it passes on.
        let proxyHeaders = try String(contentsOf: Repository.root.appendingPathComponent("k8s/ingress-nginx/proxy-headers.yaml"), encoding: .utf8)
        #expect(proxyHeaders.contains("\ndata:\n  X-ShopMicro-Synthetic: \"\"\n") && proxyHeaders.contains("namespace: ingress-nginx\n"))
    }

    @Test("the schemas refuse an unknown field (strict validation can fail)")
    func strictValidationRefusesUnknownFields() async throws {
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: broken) }
        let backend = try String(contentsOf: Repository.root.appendingPathComponent("k8s/backend.yaml"), encoding: .utf8)
        try backend.replacingOccurrences(of: "readOnlyRootFilesystem: true", with: "readOnlyRootFileSystem: true")
            .write(to: broken, atomically: true, encoding: .utf8)
        let validated = try await Self.validate([broken.path])
        #expect(validated.status != 0)
        #expect(validated.output.contains("readOnlyRootFileSystem"), "\(validated.output)")
    }

    @Test("security, probes, autoscaling, secrets as files (each pod reading only the keys it needs), the storefront's page cache on the backend's Redis, the ingress paths and exactly the allowed connections, with and without the components (the tracing component's span export included)")
    func platformRules() async throws {
        let rendered = try await Self.render()
        for file in [rendered.withComponents, rendered.base] {
            let checked = try await Tool.run("/usr/bin/python3", [Self.checker, "policy", file.path])
            #expect(checked.status == 0, "\(file.lastPathComponent): \(checked.output)")
            #expect(checked.output.contains(", 0 failed"), "\(file.lastPathComponent): \(checked.output)")
        }

        // The checks can fail: without the default deny, or with /metrics published, they do.
        let text = try String(contentsOf: rendered.withComponents, encoding: .utf8)
        let documents = text.components(separatedBy: "\n---\n")
        let withoutDefaultDeny = documents.filter { !$0.contains("name: default-deny-all") }.joined(separator: "\n---\n")
        let publishingMetrics = text.replacingOccurrences(of: "path: /api\n", with: "path: /metrics\n")
        let allowingAll = text.replacingOccurrences(
            of: "    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: backend\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: shopmicro-backup\n",
            with: "    - podSelector: {}\n")
        // alert-log open to every pod, the exporter given its password in the manifest, the
        // Alertmanager's pods with a service-account token.
        let openAlertLog = text.replacingOccurrences(
            of: "  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: alertmanager\n    ports:\n    - port: 9095\n",
            with: "  ingress:\n  - ports:\n    - port: 9095\n")
        let passwordInManifest = text.replacingOccurrences(of: "name: DATA_SOURCE_PASS_FILE\n          value: /run/secrets/shopmicro/POSTGRES_PASSWORD",
                                                           with: "name: DATA_SOURCE_PASS\n          value: change-me")
        let tokenMounted = text.replacingOccurrences(of: "  automountServiceAccountToken: false\n  configSecret:", with: "  automountServiceAccountToken: true\n  configSecret:")
        // The span export opened to every pod, or to every port of the collector; an endpoint in
        // another namespace than the one the policy opens.
        let exportFromEveryPod = text.replacingOccurrences(
            of: "  podSelector:\n    matchExpressions:\n    - key: app.kubernetes.io/name\n      operator: In\n      values:\n      - backend\n      - ml-service\n      - frontend\n",
            with: "  podSelector: {}\n")
        let exportOnEveryPort = text.replacingOccurrences(of: "  egress:\n  - ports:\n    - port: 4318\n      protocol: TCP\n    to:\n", with: "  egress:\n  - to:\n")
        let endpointElsewhere = text.replacingOccurrences(of: "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector.observability.svc:4318",
                                                          with: "OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector.tracing.svc:4318")
        // A service trusting the synthetic mark, which outside clients could then send to hide from the SLOs.
        let syntheticTrusted = text.replacingOccurrences(of: "        - name: LOG_OUTPUT\n          value: stdout\n",
                                                         with: "        - name: LOG_OUTPUT\n          value: stdout\n        - name: SYNTHETIC_TRAFFIC_TRUSTED\n          value: \"true\"\n")
        // The storefront's page cache: off (no REDIS_URL), the storefront able to read PostgreSQL's
        // password too, its password file unreadable (no fsGroup), the password in the URL; Redis open
        // to every pod on 6379, the storefront's egress to Redis missing.
        let pageCacheOff = text.replacingOccurrences(
            of: "          value: \"true\"\n        - name: REDIS_URL\n          value: redis://redis:6379/0\n        - name: REDIS_PASSWORD_FILE\n          value: /run/secrets/shopmicro/REDIS_PASSWORD\n",
            with: "          value: \"true\"\n")
        let frontendReadsEverySecret = text.replacingOccurrences(
            of: "        name: tmp\n      - name: secrets\n        secret:\n          defaultMode: 288\n          items:\n          - key: REDIS_PASSWORD\n            path: REDIS_PASSWORD\n",
            with: "        name: tmp\n      - name: secrets\n        secret:\n          defaultMode: 288\n")
        let passwordFileUnreadable = text.replacingOccurrences(of: "      securityContext:\n        fsGroup: 10001\n        runAsGroup: 10001\n",
                                                               with: "      securityContext:\n        runAsGroup: 10001\n")
        let passwordInURL = text.replacingOccurrences(of: "          value: \"true\"\n        - name: REDIS_URL\n          value: redis://redis:6379/0\n",
                                                      with: "          value: \"true\"\n        - name: REDIS_URL\n          value: redis://:change-me@redis:6379/0\n")
        let redisOpenToAll = text.replacingOccurrences(
            of: "  - from:\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: backend\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: frontend\n    ports:\n    - port: 6379\n",
            with: "  - ports:\n    - port: 6379\n")
        let noEgressToRedis = text.replacingOccurrences(
            of: "          app.kubernetes.io/name: ml-service\n  - ports:\n    - port: 6379\n      protocol: TCP\n    to:\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: redis\n",
            with: "          app.kubernetes.io/name: ml-service\n")
        for mutated in [pageCacheOff, frontendReadsEverySecret, passwordFileUnreadable, passwordInURL, redisOpenToAll, noEgressToRedis] {
            #expect(mutated != text, "a page-cache mutation found nothing to change")
        }
        #expect(syntheticTrusted != text, "the synthetic mutation found nothing to change")
        #expect(openAlertLog != text && passwordInManifest != text && tokenMounted != text, "a mutation found nothing to change")
        #expect(exportFromEveryPod != text && exportOnEveryPort != text && endpointElsewhere != text, "a tracing mutation found nothing to change")
        for (broken, expected) in [(withoutDefaultDeny, "default-deny"), (publishingMetrics, "ingress paths"),
                                   (syntheticTrusted, "trusts X-ShopMicro-Synthetic"),
                                   (allowingAll, "frontend → postgres:5432 ingress is allowed"),
                                   (pageCacheOff, "frontend: no REDIS_URL, so its page cache stays off"),
                                   (frontendReadsEverySecret, "frontend: its pods can read the Secret keys ['POSTGRES_PASSWORD', 'REDIS_PASSWORD']"),
                                   (passwordFileUnreadable, "frontend/frontend: REDIS_PASSWORD_FILE=/run/secrets/shopmicro/REDIS_PASSWORD is not readable"),
                                   (passwordInURL, "frontend/frontend: REDIS_URL holds a password"),
                                   (redisOpenToAll, "ml-service → redis:6379 ingress is allowed"),
                                   (noEgressToRedis, "frontend → redis:6379 egress is denied"),
                                   (openAlertLog, "backend → alert-log:9095 ingress is allowed"),
                                   (passwordInManifest, "postgres/postgres-exporter: a password variable is set"),
                                   (tokenMounted, "Alertmanager shopmicro: automountServiceAccountToken is not false"),
                                   (exportFromEveryPod, "alert-log → collector:4318 egress is allowed"),
                                   (exportOnEveryPort, "backend → collector:4317 egress is allowed"),
                                   (endpointElsewhere, "backend's endpoint http://otel-collector.tracing.svc:4318 is not the collector's :4318 in namespace observability")] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("mutated-\(UUID().uuidString).yaml")
            defer { try? FileManager.default.removeItem(at: file) }
            try broken.write(to: file, atomically: true, encoding: .utf8)
            let refused = try await Tool.run("/usr/bin/python3", [Self.checker, "policy", file.path])
            #expect(refused.status != 0 && refused.output.contains(expected), "expected a failure about \(expected): \(refused.output)")
        }
    }

    @Test("components: a ServiceMonitor per scrape job, the PrometheusRule passes promtool, the Alertmanager's config passes amtool, and the generated objects match alerts/, dashboards/, alertmanager/ and ops/")
    func monitoringComponent() async throws {
        let rendered = try await Self.render()
        let crds = try await Tool.run("/usr/bin/python3", [Self.checker, "crds", rendered.withComponents.path])
        #expect(crds.status == 0, "\(crds.output)")
        #expect(crds.output.contains(", 0 failed"), "\(crds.output)")
        let drift = try await Tool.run("/usr/bin/python3", [Self.checker, "drift", Repository.root.path])
        #expect(drift.status == 0, "\(drift.output)")

        // A changed alert, route or backup command without `make k8s-generated` is drift.
        let copy = try Self.copyOfSources()
        let alerts = copy.appendingPathComponent("alerts/service-alerts.yml")
        try String(contentsOf: alerts, encoding: .utf8).replacingOccurrences(of: "for: 2m", with: "for: 3m")
            .write(to: alerts, atomically: true, encoding: .utf8)
        let backup = copy.appendingPathComponent("ops/shopmicro-backup")
        try (String(contentsOf: backup, encoding: .utf8) + "# changed\n").write(to: backup, atomically: true, encoding: .utf8)
        let routes = copy.appendingPathComponent("alertmanager/alertmanager.yml")
        try String(contentsOf: routes, encoding: .utf8).replacingOccurrences(of: "repeat_interval: 4h", with: "repeat_interval: 5h")
            .write(to: routes, atomically: true, encoding: .utf8)
        let drifted = try await Tool.run("/usr/bin/python3", [Self.checker, "drift", copy.path])
        #expect(drifted.status != 0 && drifted.output.contains("prometheusrule.yaml differs"), "\(drifted.output)")
        #expect(drifted.output.contains("backup-commands.yaml differs"), "\(drifted.output)")
        #expect(drifted.output.contains("alertmanager-config.yml differs"), "\(drifted.output)")
    }

    /// A copy of the folders k8s/build.py reads and writes, in a temporary folder.
    static func copyOfSources() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-drift-\(UUID().uuidString)")
        TestCleanup.atExit { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for folder in ["alerts", "dashboards", "ops", "k8s", "alertmanager"] {
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent(folder), to: copy.appendingPathComponent(folder))
        }
        return copy
    }

    @Test("the backup CronJob's container, run here with its volumes and without curl (as in the PostgreSQL image), dumps a real PostgreSQL with the Secret's password and pushes each run's outcome to a real Pushgateway")
    func backupCronJobRuns() async throws {
        let rendered = try await Self.render()
        // The Secret made from the example holds `change-me`; the server accepts nothing else over TCP.
        let postgres = try PostgresServer(password: "change-me")
        let database = try await postgres.createDatabase()
        _ = try await postgres.psql(database: PostgresServer.databaseName(of: database), "CREATE TABLE orders (id int); INSERT INTO orders VALUES (7)")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cronjob-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let port = try FreePort.find()
        let pushgateway = try BackgroundProgram("/usr/bin/prometheus-pushgateway", ["--web.listen-address=127.0.0.1:\(port)"], port: port)
        #expect(try await eventually { try await HTTP.get(pushgateway.baseURL + "/-/ready").status == .ok })
        // The PostgreSQL image has bash and pg_dump but no curl: the backup pushes with bash alone.
        let tools = work.appendingPathComponent("path-without-curl")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        for tool in try FileManager.default.contentsOfDirectory(atPath: "/usr/bin") where !["curl", "wget"].contains(tool) {
            try FileManager.default.createSymbolicLink(atPath: tools.appendingPathComponent(tool).path, withDestinationPath: "/usr/bin/\(tool)")
        }
        let runner = Repository.root.appendingPathComponent("Tests/tools/k8s_run_job.py").path
        let run = { (databaseURL: String, folder: String) in
            try await Tool.run("/usr/bin/python3", [runner, rendered.withComponents.path, "shopmicro-backup", work.appendingPathComponent(folder).path,
                                                    "DATABASE_URL=\(databaseURL)", "BACKUP_PUSHGATEWAY_URL=\(pushgateway.baseURL)", "PATH=\(tools.path)"])
        }
        let job = try await run(database, "good")
        #expect(job.status == 0, "\(job.output)")
        #expect(!job.output.contains("warning"), "\(job.output)")
        let backups = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("good/backups").path)
        #expect(backups.count == 1 && backups.first?.hasSuffix(".dump") == true, "\(backups)")
        let listing = try await Tool.run(try PostgresServer.binaries.appendingPathComponent("pg_restore").path,
                                         ["--list", work.appendingPathComponent("good/backups/\(backups.first ?? "")").path])
        #expect(listing.status == 0 && listing.output.contains("TABLE DATA public orders"), "\(listing.output)")

        // The outcome, under the job label the backup alerts select on.
        let labels = "{instance=\"127.0.0.1\",job=\"shopmicro-backup\"}"
        let afterSuccess = try await pushgateway.metrics(containing: "shopmicro_backup_last_run_success\(labels) 1")
        let lines = BackgroundProgram.lines(afterSuccess)
        #expect(lines.contains("shopmicro_backup_last_run_success\(labels) 1"), "\(afterSuccess)")
        let lastSuccess = lines.first { $0.hasPrefix("shopmicro_backup_last_success_timestamp_seconds\(labels) ") }
        #expect(lastSuccess != nil && lines.contains { $0.hasPrefix("shopmicro_backup_last_size_bytes\(labels) ") }, "\(afterSuccess)")

        // A failed run (the database is gone) is pushed too, and keeps the last success's time.
        let failed = try await run(postgres.url(database: "no_such_database"), "failed")
        #expect(failed.status != 0, "\(failed.output)")
        let afterFailure = try await pushgateway.metrics(containing: "shopmicro_backup_last_run_success\(labels) 0")
        #expect(BackgroundProgram.lines(afterFailure).contains("shopmicro_backup_last_run_success\(labels) 0"), "\(afterFailure)")
        #expect(lastSuccess.map { BackgroundProgram.lines(afterFailure).contains($0) } == true, "\(afterFailure)")
    }

    @Test("checkov reports no failed check on k8s/ and ansible/, and each check it skips is explained in the README")
    func checkovFindsNothing() async throws {
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("checkov-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: results) }
        let scan = try await Repository.runTool("checkov", ["-d", "k8s", "-d", "ansible", "-o", "cli", "-o", "json",
                                                            "--output-file-path", "console,\(results.path)"])
        #expect(scan.status == 0, "\(scan.output.suffix(3000))")
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: results))
        let reports = (parsed as? [[String: Any]]) ?? [parsed as? [String: Any] ?? [:]]
        let frameworks = Set(reports.compactMap { $0["check_type"] as? String })
        #expect(frameworks == ["kubernetes", "ansible"], "scanned \(frameworks)")
        for report in reports {
            let summary = report["summary"] as? [String: Any] ?? [:]
            #expect(summary["failed"] as? Int == 0, "\(report["check_type"] ?? "?"): \(summary)")
            #expect((summary["passed"] as? Int ?? 0) > 0, "\(report["check_type"] ?? "?"): \(summary)")
        }

        let configuration = try String(contentsOf: Repository.root.appendingPathComponent(".checkov.yaml"), encoding: .utf8)
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let skipped = configuration.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("- CKV") ? String(trimmed.dropFirst(2)) : nil
        }
        #expect(!skipped.isEmpty)
        for check in skipped {
            #expect(readme.contains(check), "\(check) is skipped in .checkov.yaml but not explained in the README")
        }
    }
}

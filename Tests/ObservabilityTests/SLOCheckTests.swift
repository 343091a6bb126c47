import Foundation
import TestSupport
import Testing

@Suite("slocheck: clean on the repository, and each kind of defect reported")
struct SLOCheckTests {
    static let repository = EmittedMetricsSnapshotTests.repository
    static var slocheck: String { ServiceProcess.binaryDirectory.appendingPathComponent("slocheck").path }

    /// A copy of the repository's alerts/ and dashboards/ to break.
    static func copy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slocheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["alerts", "dashboards"] {
            try FileManager.default.copyItem(at: repository.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    static func edit(_ folder: URL, _ path: String, _ change: (String) -> String) throws {
        let url = folder.appendingPathComponent(path)
        try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs `slocheck arguments --format json` in `folder`; the exit status and the findings.
    static func run(_ arguments: [String], in folder: URL) async throws -> (status: Int32, findings: [[String: Any]], output: String) {
        let result = try await Tool.run(slocheck, arguments + ["--repository", folder.path, "--format", "json"])
        let object = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any]
        return (result.status, object?["findings"] as? [[String: Any]] ?? [], result.output)
    }

    @Test("swift run slocheck is clean on the repository, and the generated rules are current")
    func cleanOnRepository() async throws {
        let lint = try await Tool.run(Self.slocheck, ["--repository", Self.repository.path])
        #expect(lint.status == 0, "\(lint.output)")
        #expect(lint.output.contains("clean"))
        let check = try await Tool.run(Self.slocheck, ["generate", "--check", "--repository", Self.repository.path])
        #expect(check.status == 0, "\(check.output)")
    }

    @Test("the committed rules pass promtool check rules and promtool test rules")
    func promtoolPasses() async throws {
        let rules = try RuleFilesTests.ruleFiles()
        let check = try await Tool.run("/usr/bin/promtool", ["check", "rules"] + rules)
        #expect(check.status == 0, "\(check.output)")
        let tests = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("alerts/tests").path)
            .filter { $0.hasSuffix(".test.yml") }.sorted().map { Self.repository.appendingPathComponent("alerts/tests/\($0)").path }
        #expect(tests == ["datastore-alerts", "service-alerts", "slo-rules-low-traffic", "slo-rules-ticket", "slo-rules"].map {
            Self.repository.appendingPathComponent("alerts/tests/\($0).test.yml").path
        })
        #expect(rules.count == 3)
        let test = try await Tool.run("/usr/bin/promtool", ["test", "rules"] + tests)
        #expect(test.status == 0, "\(test.output)")
    }

    static let runbookBase = "https://github.com/shopmicro/shopmicro/blob/main/alerts/RUNBOOK.md"

    @Test("each kind of defect is found, with its file, line and check", arguments: [
        ("dashboards/backend.json", "shopmicro_orders_total", "shopmicro_orderz_total", "metric-not-emitted", "shopmicro_orderz_total"),
        ("dashboards/frontend.json", "http_route, le", "http_path, le", "label-not-emitted", "http_path"),
        ("alerts/service-alerts.yml", "          runbook_url: \(SLOCheckTests.runbookBase)#shopmicroredisdown\n", "", "alert-annotation-missing", "no runbook_url"),
        ("alerts/service-alerts.yml", "runbook_url: \(SLOCheckTests.runbookBase)#shopmicroredisdown", "runbook_url: alerts/RUNBOOK.md#shopmicroredisdown",
         "runbook-url-base", "is not \(SLOCheckTests.runbookBase)#<section>"),
        ("alerts/datastore-alerts.yml", "RUNBOOK.md#shopmicroredisevicting", "RUNBOOK.md#shopmicroredisevictions",
         "runbook-section-missing", "has no section #shopmicroredisevictions"),
        ("alerts/runbook-base-url.txt", "\n\(SLOCheckTests.runbookBase)\n", "\nhttps://wiki.example.com/shopmicro/runbook\n", "runbook-url-base",
         "alert ShopMicroBackupMissing: runbook_url \(SLOCheckTests.runbookBase)#shopmicrobackupmissing is not https://wiki.example.com/shopmicro/runbook#<section>"),
        ("alerts/runbook-base-url.txt", "\n\(SLOCheckTests.runbookBase)\n", "\nhttps://wiki.example.com/shopmicro/runbook\n", "generated-rules-stale", "differs from what the specs generate"),
        ("alerts/service-alerts.yml", "severity: none", "severity: info", "alert-severity", "must be page, ticket or none"),
        ("alerts/datastore-alerts.yml", "redis_evicted_keys_total", "redis_evicted_keyz_total", "metric-not-emitted", "redis_evicted_keyz_total"),
        ("dashboards/datastores.json", "sum by (state) (pg_stat_activity_count", "sum by (status) (pg_stat_activity_count", "label-not-emitted", "status"),
        ("alerts/service-alerts.yml", "          severity: ticket\n        annotations:\n          summary: '{{ $labels.job }} p99", "        annotations:\n          summary: '{{ $labels.job }} p99", "alert-label-missing", "no severity"),
        ("alerts/slos/checkout-latency.yaml", "target: 0.99", "target: 0.9", "slo-page-never-fires", "can never happen"),
        ("alerts/slos/checkout-latency.yaml", "target: 0.99", "target: 1.5", "slo-target", "strictly between 0 and 1"),
        ("alerts/slos/checkout-latency.yaml", "le=\"1.0\"", "le=\"1.0\",bucket=\"x\"", "label-not-emitted", "has no label bucket"),
        ("alerts/slos/checkout-latency.yaml", "le=\"1.0\"", "le=\"1\"", "bucket-not-emitted", "has no bucket le=\"1\""),
        ("alerts/slo-rules.yml", "(14.4 * 0.01)", "(14.4 * 0.02)", "generated-rules-stale", "run `swift run slocheck generate`"),
        ("alerts/RUNBOOK.md", "## ShopMicroModelStale", "## Model stale", "runbook-section-missing", "#shopmicromodelstale"),
        ("alerts/slos/checkout-availability.yaml", "  name: checkout-availability\n",
         "  name: checkout-availability\n  annotations:\n    shopmicro.io/burn-alert-min-events: \"some\"\n", "slo-min-events", "positive whole number"),
        ("alerts/slos/checkout-latency.yaml", "'http_server_request_duration_seconds_count{job=\"backend\",http_request_method=\"POST\",http_route=\"/api/orders\"}'",
         "'shopmicro_orders_total{job=\"backend\"}'", "slo-synthetic-counted", "counts synthetic requests"),
        // The Grafana dashboard-linter's rules, under its names.
        ("dashboards/frontend.json", "\"editable\": false", "\"editable\": true", "template-uneditable-rule", "is editable"),
        ("dashboards/backend.json", "\"allValue\": \".+\",\n        \"current\": {},\n        \"datasource\": {\n          \"type\": \"prometheus\",\n          \"uid\": \"${datasource}\"\n        },\n        \"includeAll\": true,\n        \"label\": \"Job\"",
         "\"current\": {},\n        \"datasource\": {\n          \"type\": \"prometheus\",\n          \"uid\": \"${datasource}\"\n        },\n        \"includeAll\": true,\n        \"label\": \"Job\"",
         "template-job-rule", "job template allValue should be '.+'"),
        ("dashboards/overview.json", "\"label\": \"Data source\"", "\"label\": \"Prometheus\"", "template-datasource-rule", "should be labeled 'Data source'"),
        ("dashboards/recommendations.json", "\"refresh\": 2", "\"refresh\": 1", "template-on-time-change-reload-rule", "On Time Range Change"),
        ("dashboards/datastores.json", "\"unit\": \"ops\"", "\"unit\": \"operations\"", "panel-units-rule", "invalid units defined: 'operations'"),
        ("dashboards/backend.json", #"sum(rate(shopmicro_orders_total{job=~\"$job\",instance=~\"$instance\"}[$__rate_interval]))"#,
         #"sum(rate(shopmicro_orders_total{job=~\"$job\",instance=~\"$instance\"}[5m]))"#, "target-rate-interval-rule", "should use $__rate_interval"),
        ("dashboards/backend.json", #"sum(rate(shopmicro_orders_total{job=~\"$job\",instance=~\"$instance\"}[$__rate_interval]))"#,
         #"sum(shopmicro_orders_total{job=~\"$job\",instance=~\"$instance\"})"#, "target-counter-agg-rule", "shopmicro_orders_total"),
        ("dashboards/backend.json", #"sum(rate(shopmicro_orders_total{job=~\"$job\",instance=~\"$instance\"}[$__rate_interval]))"#,
         #"sum(rate(shopmicro_orders_total{instance=~\"$instance\"}[$__rate_interval]))"#, "target-job-rule", "does not filter on job=~\"$job\""),
        ("dashboards/frontend.json", "\"uid\": \"${datasource}\"\n      },\n      \"description\": \"frontend requests per second", "\"uid\": \"prometheus\"\n      },\n      \"description\": \"frontend requests per second",
         "panel-datasource-rule", "does not use a templated datasource"),
        ("dashboards/slos.json", #"slo:error_ratio:rate1h{job=~\"$job\",slo=~\"$slo\"}"#, #"slo:error_ratio:rate1h{job=~\"$job\"}"#, "target-slo-rule", "slo=~\"$slo\""),
        ("dashboards/.lint", "    reason: The SLO series are summed over every instance of a service; the SLO dashboard has an slo variable instead.\n", "",
         "lint-exclusion-reason", "template-instance-rule gives no reason"),
        ("dashboards/.lint", "  template-instance-rule:", "  template-instance-rulez:", "template-instance-rule", "is missing the instance template"),
    ])
    func defectIsFound(file: String, original: String, replacement: String, check: String, message: String) async throws {
        let folder = try Self.copy()
        try Self.edit(folder, file) { text in
            #expect(text.contains(original), "the fixture text is not in \(file)")
            return text.replacingOccurrences(of: original, with: replacement)
        }
        let result = try await Self.run([], in: folder)
        #expect(result.status == 1, "\(result.output)")
        let matching = result.findings.filter { $0["check"] as? String == check && ($0["message"] as? String ?? "").contains(message) }
        #expect(!matching.isEmpty, "\(result.output)")
    }

    @Test("a broken file is named with its line, exit status 2, no crash")
    func brokenFile() async throws {
        let folder = try Self.copy()
        try Self.edit(folder, "alerts/slos/storefront-latency.yaml") { $0.replacingOccurrences(of: "  service: frontend", with: "  service: [frontend") }
        let result = try await Tool.run(Self.slocheck, ["lint", "--repository", folder.path])
        #expect(result.status == 2)
        #expect(result.output.contains("alerts/slos/storefront-latency.yaml:"), "\(result.output)")
        #expect(result.output.contains("not valid YAML"))
        #expect(!result.output.contains("Fatal error"))
    }

    @Test("a runbook base URL file that is not one absolute URL is named with its line, exit status 2", arguments: [
        ("\(SLOCheckTests.runbookBase)\n", "alerts/RUNBOOK.md\n"),
        ("\(SLOCheckTests.runbookBase)\n", "\(SLOCheckTests.runbookBase)\nhttps://example.com/second\n"),
        ("\(SLOCheckTests.runbookBase)\n", "\(SLOCheckTests.runbookBase)#section\n"),
        ("\(SLOCheckTests.runbookBase)\n", ""),
    ])
    func brokenRunbookBase(original: String, replacement: String) async throws {
        let folder = try Self.copy()
        try Self.edit(folder, "alerts/runbook-base-url.txt") { $0.replacingOccurrences(of: original, with: replacement) }
        for arguments in [["lint"], ["generate", "--check"]] {
            let result = try await Tool.run(Self.slocheck, arguments + ["--repository", folder.path])
            #expect(result.status == 2, "\(arguments) \(result.output)")
            #expect(result.output.contains("alerts/runbook-base-url.txt:"), "\(result.output)")
        }
    }

    @Test("generate --check fails on a stale file and generate repairs it")
    func generateCheck() async throws {
        let folder = try Self.copy()
        try Self.edit(folder, "alerts/slos/recommendations-latency.yaml") { $0.replacingOccurrences(of: "target: 0.99", with: "target: 0.995") }
        #expect(try await Self.run(["generate", "--check"], in: folder).status == 1)
        #expect(try await Tool.run(Self.slocheck, ["generate", "--repository", folder.path]).status == 0)
        #expect(try await Self.run(["generate", "--check"], in: folder).status == 0)
        let rules = try String(contentsOf: folder.appendingPathComponent("alerts/slo-rules.yml"), encoding: .utf8)
        #expect(rules.contains("vector(0.995)"))

        // The generated alerts link to whatever base the one file names.
        try Self.edit(folder, "alerts/runbook-base-url.txt") { $0.replacingOccurrences(of: Self.runbookBase, with: "https://wiki.example.com/rb") }
        #expect(try await Tool.run(Self.slocheck, ["generate", "--repository", folder.path]).status == 0)
        let relinked = try String(contentsOf: folder.appendingPathComponent("alerts/slo-rules.yml"), encoding: .utf8)
        #expect(relinked.components(separatedBy: "runbook_url: https://wiki.example.com/rb#slo-").count - 1 == 8 * 3)
        #expect(!relinked.contains(Self.runbookBase))
    }

    @Test("usage errors exit 2", arguments: [["--no-such-option"], ["budget", "--prometheus", "ftp://example.com"], ["lint", "--format", "xml"]])
    func usageErrors(arguments: [String]) async throws {
        let result = try await Tool.run(Self.slocheck, arguments + ["--repository", Self.repository.path])
        #expect(result.status == 2, "\(result.output)")
        #expect(!result.output.isEmpty)
    }

    @Test("budget against an unreachable Prometheus exits 4 with one line")
    func budgetUnreachable() async throws {
        let result = try await Tool.run(Self.slocheck, ["budget", "--prometheus", "http://127.0.0.1:1", "--repository", Self.repository.path])
        #expect(result.status == 4, "\(result.output)")
        #expect(result.output.contains("cannot reach Prometheus at http://127.0.0.1:1"))
    }
}

/// The rule files Prometheus loads.
enum RuleFilesTests {
    static func ruleFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: SLOCheckTests.repository.appendingPathComponent("alerts").path)
            .filter { $0.hasSuffix(".yml") }.sorted().map { SLOCheckTests.repository.appendingPathComponent("alerts/\($0)").path }
    }
}

@Suite("Grafana dashboards")
struct DashboardTests {
    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: SLOCheckTests.repository.appendingPathComponent("dashboards/\(name)"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func panels(_ dashboard: [String: Any]) -> [[String: Any]] { dashboard["panels"] as? [[String: Any]] ?? [] }

    @Test("the committed dashboards are what dashboards/build.py writes, not editable, each panel with a unit and a description, the variables the linter wants")
    func dashboardsAreBuilt() async throws {
        let repository = SLOCheckTests.repository
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("dashboards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let built = try await Tool.run("/usr/bin/env", ["python3", repository.appendingPathComponent("dashboards/build.py").path, "--output", output.path])
        #expect(built.status == 0, "\(built.output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(names.count == 6)
        for name in names {
            let fresh = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            let committed = try String(contentsOf: repository.appendingPathComponent("dashboards/\(name)"), encoding: .utf8)
            #expect(fresh == committed, "dashboards/\(name) differs from what build.py writes: run python3 dashboards/build.py")
            let dashboard = try Self.load(name)
            #expect(dashboard["editable"] as? Bool == false, "\(name)")
            let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
            #expect(variables.compactMap { $0["name"] as? String } == ["datasource", "job", name == "slos.json" ? "slo" : "instance"], "\(name)")
            for variable in variables where variable["type"] as? String == "query" {
                #expect(variable["allValue"] as? String == ".+" && variable["includeAll"] as? Bool == true && variable["multi"] as? Bool == true
                        && variable["refresh"] as? Int == 2, "\(name) \(variable["name"] ?? "")")
            }
            for panel in Self.panels(dashboard) {
                let title = panel["title"] as? String ?? "?"
                let unit = ((panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any])?["unit"] as? String
                #expect(unit?.isEmpty == false, "\(name) \(title): no unit")
                #expect((panel["description"] as? String)?.isEmpty == false, "\(name) \(title): no description")
            }
        }
    }

    @Test("latency panels ask for trace exemplars on every target that reads a duration histogram")
    func latencyPanelsShowExemplars() throws {
        var latencyTargets = 0
        for name in ["overview.json", "backend.json", "frontend.json", "recommendations.json"] {
            for panel in Self.panels(try Self.load(name)) {
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    let expression = target["expr"] as? String ?? ""
                    guard expression.contains("http_server_request_duration_seconds_bucket") || expression.contains("http_client_request_duration_seconds_bucket") else { continue }
                    latencyTargets += 1
                    #expect(target["exemplar"] as? Bool == true, "\(name) \(panel["title"] ?? ""): \(expression)")
                }
            }
        }
        #expect(latencyTargets == 7)
    }

    @Test("the burn-rate panels draw the burn factors 14.4, 6, 3 and 1 and each SLO's own, filtered by the job and slo variables")
    func burnRatePanelsShowThresholds() throws {
        let panels = Self.panels(try Self.load("slos.json"))
        for (window, factor) in [("1h", 14.4), ("6h", 6.0), ("1d", 3.0), ("3d", 1.0)] {
            let panel = try #require(panels.first { $0["title"] as? String == "Burn rate \(window)" })
            let defaults = (panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any]
            let steps = (defaults?["thresholds"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []
            #expect(steps.compactMap { $0["value"] as? Double } == [factor], "Burn rate \(window): \(steps)")
            #expect((defaults?["custom"] as? [String: Any])?["thresholdsStyle"] as? [String: String] == ["mode": "line"])
            let expressions = (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
            #expect(expressions.contains("slo:burn_rate_threshold:rate\(window){job=~\"$job\",slo=~\"$slo\"}"), "\(expressions)")
            #expect(expressions.allSatisfy { $0.contains("slo=~\"$slo\"") && $0.contains("job=~\"$job\"") }, "\(expressions)")
        }
        #expect(!String(decoding: try Data(contentsOf: SLOCheckTests.repository.appendingPathComponent("dashboards/slos.json")), as: UTF8.self).contains("30d"),
                "the SLO dashboard reads each SLO's own window (slo:error_ratio:window), never a fixed 30d")
    }
}

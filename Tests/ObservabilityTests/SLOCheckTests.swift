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
        #expect(tests == ["datastore-alerts", "service-alerts", "slo-rules"].map {
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
    @Test("the committed dashboards are what dashboards/build.py writes, each with units, descriptions and the variables")
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
            let dashboard = try #require(try JSONSerialization.jsonObject(with: Data(committed.utf8)) as? [String: Any])
            let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(variables == ["datasource", "job", "instance"], "\(name)")
            for panel in dashboard["panels"] as? [[String: Any]] ?? [] {
                let title = panel["title"] as? String ?? "?"
                let unit = ((panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any])?["unit"] as? String
                #expect(unit?.isEmpty == false, "\(name) \(title): no unit")
                #expect((panel["description"] as? String)?.isEmpty == false, "\(name) \(title): no description")
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    let expression = target["expr"] as? String ?? ""
                    #expect(!expression.contains("rate(") || expression.contains("$__rate_interval") || expression.contains("[1h]"),
                            "\(name) \(title): a rate without $__rate_interval")
                }
            }
        }
    }
}

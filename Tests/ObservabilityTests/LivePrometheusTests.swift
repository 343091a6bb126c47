import Foundation
import TestSupport
import Testing

@Suite("A real Prometheus scraping the running stack with the repository's rules")
struct LivePrometheusTests {
    static let repository = SLOCheckTests.repository

    /// `(record name, slo)` of every recording rule in alerts/slo-rules.yml.
    static func recordingRules() throws -> [(name: String, slo: String)] {
        var rules: [(String, String)] = []
        var pending: String?
        for line in try String(contentsOf: repository.appendingPathComponent("alerts/slo-rules.yml"), encoding: .utf8).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("- record: ") { pending = String(text.dropFirst("- record: ".count)) }
            if text.hasPrefix("slo: "), let name = pending {
                rules.append((name, String(text.dropFirst("slo: ".count))))
                pending = nil
            }
        }
        return rules
    }

    /// The expression of each alert in the hand-written rule files (service and data-store alerts).
    static func alertExpressions() throws -> [String: String] {
        var expressions: [String: String] = [:]
        var alert: String?
        let text = try ["alerts/service-alerts.yml", "alerts/datastore-alerts.yml"]
            .map { try String(contentsOf: repository.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        for line in text.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("- alert: ") { alert = String(text.dropFirst("- alert: ".count)) }
            if text.hasPrefix("expr: "), let name = alert {
                var expression = String(text.dropFirst("expr: ".count))
                if expression.hasPrefix("'") { expression = String(expression.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'") }
                expressions[name] = expression
            }
        }
        return expressions
    }

    /// Every panel query of every dashboard, with Grafana's variables filled in.
    static func dashboardQueries() throws -> [(panel: String, expression: String)] {
        var queries: [(String, String)] = []
        let folder = repository.appendingPathComponent("dashboards")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".json") }).sorted() {
            let dashboard = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as? [String: Any]
            for panel in dashboard?["panels"] as? [[String: Any]] ?? [] {
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    guard let expression = target["expr"] as? String else { continue }
                    let filled = expression.replacingOccurrences(of: "$__rate_interval", with: "1m")
                        .replacingOccurrences(of: "$__range", with: "5m")
                        .replacingOccurrences(of: "$job", with: ".*").replacingOccurrences(of: "$instance", with: ".*")
                        .replacingOccurrences(of: "$slo", with: ".*")
                    queries.append(("\(name) \"\(panel["title"] as? String ?? "")\"", filled))
                }
            }
        }
        return queries
    }

    @Test("every target (services, exporters, Pushgateway) is up, every dashboard query and recording rule has data, budget reports every SLO, a backup run clears the backup alerts, and stopping Redis then the ml-service makes their alerts' expressions true")
    func liveStack() async throws {
        // Trusted: the load's shoppers are synthetic (dashboards show their share), a few real
        // shoppers' visits feed the SLIs.
        let shop = try await StorefrontUnderTest(environment: ["SYNTHETIC_TRAFFIC_TRUSTED": "true"])
        let postgresExporter = try await MonitoringDaemon.postgresExporter(
            shop.backend.postgres, database: PostgresServer.databaseName(of: shop.backend.databaseURL))
        let redisExporter = try await MonitoringDaemon.redisExporter(shop.backend.redis)
        let pushgateway = try await MonitoringDaemon.pushgateway()
        let prometheus = try await PrometheusServer(
            targets: ["backend": shop.backend.baseURL, "ml-service": shop.ml.baseURL, "frontend": shop.frontend.baseURL,
                      "postgres": postgresExporter.baseURL, "redis": redisExporter.baseURL, "pushgateway": pushgateway.baseURL],
            ruleFiles: try RuleFilesTests.ruleFiles())
        let alerts = try Self.alertExpressions()
        let backups = FileManager.default.temporaryDirectory.appendingPathComponent("live-backups-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: backups) }
        let backup = try await Tool.run("/usr/bin/env", [
            "DATABASE_URL=\(shop.backend.databaseURL)", Self.repository.appendingPathComponent("ops/shopmicro-backup").path,
            "--dir", backups.path, "--pushgateway", pushgateway.baseURL,
        ])
        #expect(backup.status == 0, "\(backup.output)")
        let load = try await Tool.run(ServiceProcess.binaryDirectory.appendingPathComponent("shopmicro").path, [
            "load", "--target", shop.frontend.baseURL, "--users", "4", "--duration", "15s", "--json",
        ])
        #expect(load.status == 0, "\(load.output)")
        for _ in 0..<3 { try await EmittedMetricsSnapshotTests.shopperJourney(shop) }
        _ = try await HTTP.get(shop.ml.baseURL + "/recommendations?product_id=1")

        let allUp = try await eventually(timeout: .seconds(30)) {
            let targets = try await prometheus.targets()
            return targets.count == 6 && targets.allSatisfy { $0.health == "up" }
        }
        let targets = try await prometheus.targets()
        #expect(allUp, "\(targets)")

        let rules = try Self.recordingRules()
        // Per SLO: bad, total and ratio over 7 windows, the SLO window's ratio and its alias, the
        // objective, the budget and 4 burn factors.
        #expect(rules.count == 8 * 29)
        var missing: [String] = []
        _ = try await eventually(timeout: .seconds(30)) {
            missing = []
            for rule in rules where try await prometheus.query("\(rule.name){slo=\"\(rule.slo)\"}").isEmpty {
                missing.append("\(rule.name){slo=\"\(rule.slo)\"}")
            }
            return missing.isEmpty
        }
        #expect(missing.isEmpty, "recording rules without data: \(missing)")

        // Asked again until all have data: on a loaded machine one scrape of an exporter can miss its
        // 2 s timeout, and its series are stale until the next one.
        var empty: [String] = []
        let queries = try Self.dashboardQueries()
        _ = try await eventually(timeout: .seconds(30)) {
            empty = []
            for (panel, expression) in queries where try await prometheus.query(expression).isEmpty {
                empty.append("\(panel): \(expression)")
            }
            return empty.isEmpty
        }
        #expect(empty.isEmpty, "dashboard queries without data:\n\(empty.joined(separator: "\n"))")

        // The real shoppers' requests have been scraped and recorded for every SLO.
        let realCounted = try await eventually(timeout: .seconds(30)) { try await prometheus.query("slo:total_events:rate5m > 0").count == 8 }
        let counted = try await prometheus.query("slo:total_events:rate5m")
        #expect(realCounted, "\(counted)")
        let budget = try await Tool.run(ServiceProcess.binaryDirectory.appendingPathComponent("slocheck").path, [
            "budget", "--prometheus", prometheus.baseURL, "--repository", Self.repository.path, "--format", "json",
        ])
        let slos = ((try? JSONSerialization.jsonObject(with: Data(budget.output.utf8))) as? [String: Any])?["slos"] as? [[String: Any]] ?? []
        #expect(slos.count == 8, "\(budget.output)")
        // Exit 1 exactly when a budget is spent. Which one is spent depends on the machine: on a loaded
        // CI machine the latency SLOs' few minutes of traffic can be slower than their thresholds.
        let exhausted = slos.contains { ($0["budget_remaining"] as? Double ?? 1) < 0 }
        #expect(budget.status == (exhausted ? 1 : 0), "\(budget.output)")
        for slo in slos {
            #expect(slo["sli"] is Double && slo["budget_remaining"] is Double, "\(slo)")
            #expect((slo["burn_rates"] as? [String: Any])?["5m"] != nil, "\(slo)")
        }

        // The backup just pushed: neither backup alert's expression holds; nothing the exporters watch is
        // wrong. All clear at one moment within 30 s: on a loaded machine one exporter scrape can miss its
        // timeout (up 0 until the next, which the alerts' `for` rides out); a real fault holds throughout.
        let quiet = try ["ShopMicroBackupMissing", "ShopMicroBackupFailed", "ShopMicroPostgresDown", "ShopMicroPostgresConnectionsNearMax",
                         "ShopMicroRedisUnavailable", "ShopMicroRedisMemoryNearMax", "ShopMicroRedisEvicting",
                         "ShopMicroRedisRejectedConnections", "ShopMicroExporterDown"].map { name in
            (name, try #require(alerts[name], "no alert \(name)"))
        }
        var holding: [String] = []
        _ = try await eventually(timeout: .seconds(30)) {
            holding = []
            for (name, expression) in quiet where try await !prometheus.query(expression).isEmpty { holding.append(name) }
            return holding.isEmpty
        }
        #expect(holding.isEmpty, "on a healthy stack these alerts' expressions hold: \(holding)")

        // Faults, one at a time: their alerts' expressions (not waiting for `for`), quiet before, become true.
        #expect(try await eventually(timeout: .seconds(30)) { try await prometheus.query(alerts["ShopMicroRedisDown"]!).isEmpty })
        shop.backend.redis.stop()
        #expect(try await eventually(timeout: .seconds(40)) { try await !prometheus.query(alerts["ShopMicroRedisDown"]!).isEmpty })
        #expect(try await eventually(timeout: .seconds(20)) {
            try await prometheus.query(alerts["ShopMicroRedisUnavailable"]!).contains { ($0["metric"] as? [String: String])?["job"] == "redis" }
        })

        #expect(try await eventually(timeout: .seconds(30)) { try await prometheus.query(alerts["ShopMicroTargetDown"]!).isEmpty })
        #expect(try await shop.ml.stop() == 0)
        #expect(try await eventually(timeout: .seconds(30)) {
            try await prometheus.query(alerts["ShopMicroTargetDown"]!).contains { ($0["metric"] as? [String: String])?["job"] == "ml-service" }
        })
    }
}

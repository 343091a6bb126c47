import Foundation
import TestSupport
import Testing

@Suite("slocheck lint: every deployment's Prometheus keeps the longest SLO window")
struct RetentionLintTests {
    static let compose = """
        services:
          prometheus:
            image: prom/prometheus:v2.53.0
            command:
              - --config.file=/etc/prometheus/prometheus.yml
              - --storage.tsdb.retention.time=RETENTION
        """
    static let ansibleDefaults = "prometheus_scrape_interval: 15s\nprometheus_retention_time: RETENTION\n"
    static let ansibleTemplate = "ARGS=\"--storage.tsdb.retention.time={{ prometheus_retention_time }}\"\n"
    static let kubernetesPatch = "spec:\n  retention: RETENTION\n  alerting:\n    alertmanagers: []\n"

    /// A copy of alerts/ and dashboards/ with the three deployments keeping `compose`, `ansible`, `kubernetes`.
    static func deployments(compose: String, ansible: String, kubernetes: String) throws -> URL {
        let folder = try SLOCheckTests.copy()
        func write(_ path: String, _ text: String) throws {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("docker-compose.yml", Self.compose.replacingOccurrences(of: "RETENTION", with: compose))
        try write("ansible/roles/prometheus/defaults/main.yml", Self.ansibleDefaults.replacingOccurrences(of: "RETENTION", with: ansible))
        try write("ansible/roles/prometheus/templates/prometheus.default.j2", Self.ansibleTemplate)
        try write("k8s/monitoring/prometheus-alerting-patch.yaml", Self.kubernetesPatch.replacingOccurrences(of: "RETENTION", with: kubernetes))
        return folder
    }

    static func retentionFindings(_ folder: URL) async throws -> (status: Int32, findings: [[String: Any]], output: String) {
        let result = try await SLOCheckTests.run([], in: folder)
        return (result.status, result.findings.filter { $0["check"] as? String == "prometheus-retention" }, result.output)
    }

    @Test("31 days everywhere (alerts/prometheus-retention.txt) is clean, and so is 5w or 1y")
    func longEnoughIsClean() async throws {
        for retention in ["31d", "5w", "1y", "30d"] {
            let folder = try Self.deployments(compose: retention, ansible: retention, kubernetes: retention)
            defer { try? FileManager.default.removeItem(at: folder) }
            let result = try await Self.retentionFindings(folder)
            #expect(result.status == 0 && result.findings.isEmpty, "\(retention): \(result.output)")
        }
    }

    @Test("a deployment keeping less than the 30-day window is reported with its file and line", arguments: [
        ("15d", "31d", "31d", "docker-compose.yml", 6),
        ("31d", "29d", "31d", "ansible/roles/prometheus/defaults/main.yml", 2),
        ("31d", "31d", "719h", "k8s/monitoring/prometheus-alerting-patch.yaml", 2),
    ])
    func shortRetentionIsReported(compose: String, ansible: String, kubernetes: String, file: String, line: Int) async throws {
        let folder = try Self.deployments(compose: compose, ansible: ansible, kubernetes: kubernetes)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.retentionFindings(folder)
        #expect(result.status == 1)
        #expect(result.findings.count == 1, "\(result.output)")
        let finding = try #require(result.findings.first)
        #expect(finding["file"] as? String == file && finding["line"] as? Int == line, "\(finding)")
        #expect((finding["message"] as? String ?? "").contains("shorter than the longest SLO window"), "\(finding)")
        #expect((finding["message"] as? String ?? "").contains("set 31d"), "\(finding)")
    }

    @Test("a deployment that sets no retention, or never passes Ansible's, is reported")
    func missingRetentionIsReported() async throws {
        let folder = try Self.deployments(compose: "31d", ansible: "31d", kubernetes: "31d")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SLOCheckTests.edit(folder, "docker-compose.yml") { $0.replacingOccurrences(of: "      - --storage.tsdb.retention.time=31d", with: "") }
        try SLOCheckTests.edit(folder, "k8s/monitoring/prometheus-alerting-patch.yaml") { $0.replacingOccurrences(of: "  retention: 31d\n", with: "") }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("ansible/roles/prometheus/templates/prometheus.default.j2"))
        let result = try await Self.retentionFindings(folder)
        let messages = result.findings.map { "\($0["file"] ?? ""): \($0["message"] ?? "")" }
        #expect(messages.contains { $0.hasPrefix("docker-compose.yml: the prometheus service sets no --storage.tsdb.retention.time") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("k8s/monitoring/prometheus-alerting-patch.yaml: the k8s monitoring component's Prometheus sets no spec.retention") }, "\(messages)")
        #expect(messages.contains { $0.contains("never passes prometheus_retention_time to Prometheus") }, "\(messages)")
    }

    @Test("with only 7-day SLOs, 15 days of retention is enough")
    func shorterWindowsNeedLess() async throws {
        let folder = try Self.deployments(compose: "15d", ansible: "15d", kubernetes: "15d")
        defer { try? FileManager.default.removeItem(at: folder) }
        let slos = folder.appendingPathComponent("alerts/slos")
        for name in try FileManager.default.contentsOfDirectory(atPath: slos.path) {
            try SLOCheckTests.edit(folder, "alerts/slos/\(name)") { $0.replacingOccurrences(of: "duration: 30d", with: "duration: 7d") }
        }
        #expect(try await Tool.run(SLOCheckTests.slocheck, ["generate", "--repository", folder.path]).status == 0)
        let result = try await Self.retentionFindings(folder)
        #expect(result.findings.isEmpty && result.status == 0, "\(result.output)")
    }
}

import Foundation
import TestSupport
import Testing

/// What the monitoring roles installed, run for real: Prometheus's configuration and rules through
/// promtool, its options (retention, exemplar storage) through Prometheus itself, Alertmanager with its templated configuration delivering to the installed alert-log,
/// and node_exporter reading the backup's textfile.
extension AnsibleTests {
    /// promtool accepts the configuration with every rule file of alerts/; the installed rules are
    /// alerts/'s with the runbook base replaced, nothing else; every scrape job and the alerting target.
    static func checkPrometheus(_ run: ServicesRun) async throws {
        let configuration = run.ansible.root.appendingPathComponent("etc/prometheus/prometheus.yml")
        let ruleFiles = try FileManager.default.contentsOfDirectory(atPath: Repository.root.appendingPathComponent("alerts").path)
            .filter { $0.hasSuffix(".yml") }.sorted()
        #expect(ruleFiles.count >= 3, "\(ruleFiles)")
        let check = try await Tool.run("/usr/bin/promtool", ["check", "config", configuration.path])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS: \(ruleFiles.count) rule files found"), "\(check.output)")

        let base = try KubernetesMonitoringTests.defaultRunbookBase()
        var relinked = 0
        for file in ruleFiles {
            let source = try String(contentsOf: Repository.root.appendingPathComponent("alerts/\(file)"), encoding: .utf8)
            let installed = try String(contentsOf: run.ansible.root.appendingPathComponent("etc/prometheus/rules/shopmicro-\(file)"), encoding: .utf8)
            #expect(installed == source.replacingOccurrences(of: base + "#", with: ServicesRun.runbookBaseURL + "#"), "\(file) differs from alerts/")
            #expect(!installed.contains(base), "\(file) still links to \(base)")
            relinked += installed.components(separatedBy: "runbook_url: \(ServicesRun.runbookBaseURL)#").count - 1
        }
        #expect(relinked >= 20, "\(relinked) runbook links to \(ServicesRun.runbookBaseURL)")

        let text = try String(contentsOf: configuration, encoding: .utf8)
        for job in ["prometheus", "alertmanager", "backend", "ml-service", "frontend", "postgres", "redis", "node"] {
            #expect(text.contains("  - job_name: \(job)\n"), "no scrape job \(job)")
        }
        for target in ["\"localhost:9187\"", "\"localhost:9121\"", "\"localhost:9100\"", "\"localhost:9464\""] {
            #expect(text.contains("targets: [\(target)]"), "no target \(target) (each host once)")
        }
        #expect(text.contains("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\"127.0.0.1:9093\"]"), "\(text)")

        // Debian's Prometheus, run with the options the role wrote for prometheus.service (and that
        // configuration), keeps samples 35 days and stores exemplars.
        let options = try run.ansible.environmentFile("etc/default/prometheus")["ARGS"] ?? ""
        #expect(options.contains("--config.file=\(configuration.path) "), "\(options)")
        #expect(options.contains("--storage.tsdb.retention.time=35d") && options.contains("--enable-feature=exemplar-storage"), "\(options)")
        let started = try await Tool.run("/usr/bin/python3", [prometheusFlags] + options.split(separator: " ").map(String.init))
        #expect(started.status == 0, "\(started.output)")
        let report = try JSONSerialization.jsonObject(with: Data(started.output.utf8)) as? [String: Any] ?? [:]
        #expect(report["retention_seconds"] as? Int == 35 * 86_400, "\(report)")
        #expect(report["exemplar_storage"] as? Bool == true && (report["unknown_features"] as? [String])?.isEmpty == true, "\(report)")
    }

    /// Tests/tools/prometheus_flags.py: runs Prometheus with a deployment's options, reports what it keeps.
    static let prometheusFlags = Repository.root.appendingPathComponent("Tests/tools/prometheus_flags.py").path

    /// amtool accepts the templated configuration; Debian's Alertmanager, run with it, delivers the
    /// Watchdog to the installed `shopmicro alert-log`, run with the role's settings.
    static func checkAlertmanagerAndAlertLog(_ run: ServicesRun) async throws {
        let configuration = run.ansible.root.appendingPathComponent("etc/prometheus/alertmanager.yml")
        let check = try await Tool.run("/usr/bin/amtool", ["check-config", configuration.path])
        #expect(check.status == 0 && check.output.contains("3 receivers"), "\(check.output)")
        let text = try String(contentsOf: configuration, encoding: .utf8)
        let alertLog = "http://127.0.0.1:\(run.alertLogPort)"
        #expect(text.contains("- url: \(ServicesRun.pagerURL)\n"), "the page receiver's own URL")
        #expect(text.contains("- url: \(alertLog)/ticket\n") && text.contains("- url: \(alertLog)/watchdog\n"), "\(text)")
        #expect(!text.contains("http://alert-log:9095/"), "a receiver still calls alert-log:9095")
        // Everything but the receivers' addresses is the repository's file.
        let source = try String(contentsOf: Repository.root.appendingPathComponent("alertmanager/alertmanager.yml"), encoding: .utf8)
        let expected = source.replacingOccurrences(of: "http://alert-log:9095/page", with: ServicesRun.pagerURL)
            .replacingOccurrences(of: "http://alert-log:9095/", with: alertLog + "/")
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n") == expected)
        let options = try run.ansible.environmentFile("etc/default/prometheus-alertmanager")["ARGS"] ?? ""
        #expect(options.contains("--config.file=\(configuration.path) "), "\(options)")

        var settings = try run.ansible.environmentFile("etc/shopmicro-alert-log/alert-log.env")
        #expect(settings["PORT"] == String(run.alertLogPort) && settings["HOST"] == "127.0.0.1" && settings["LOG_OUTPUT"] == "journald")
        settings["LOG_OUTPUT"] = "stdout"
        settings["PATH"] = "/usr/bin:/bin"
        let receiver = try BackgroundProgram(run.ansible.root.appendingPathComponent("opt/shopmicro/bin/shopmicro").path, ["alert-log"],
                                             environment: settings, port: run.alertLogPort)
        #expect(try await eventually { try await HTTP.get(receiver.baseURL + "/readyz").status == .ok }, "\(receiver.output())")

        let port = try FreePort.find()
        let storage = run.ansible.folder.appendingPathComponent("alertmanager-data")
        let alertmanager = try BackgroundProgram("/usr/bin/prometheus-alertmanager", [
            "--config.file=\(configuration.path)", "--storage.path=\(storage.path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
        ], port: port)
        #expect(try await eventually { try await HTTP.get(alertmanager.baseURL + "/-/ready").status == .ok }, "\(alertmanager.output())")
        let alert = #"[{"labels": {"alertname": "ShopMicroWatchdog", "severity": "none"}, "annotations": {"summary": "Ansible role test"}}]"#
        let posted = try await HTTP.send(.POST, alertmanager.baseURL + "/api/v2/alerts", headers: [("Content-Type", "application/json")],
                                         body: Array(alert.utf8))
        #expect(posted.status == .ok, "\(posted.text)")
        let delivered = try await eventually(timeout: .seconds(30)) {
            receiver.output().split(separator: "\n").contains { $0.contains("FIRING ShopMicroWatchdog") && $0.contains("\"watchdog\"") }
        }
        #expect(delivered, "alert-log: \(receiver.output().suffix(2000))\nalertmanager: \(alertmanager.output().suffix(2000))")
    }

    /// The backup run wrote its outcome where node_exporter's textfile collector reads it, and
    /// Debian's node_exporter, run with the role's folder, exports it.
    static func checkBackupReport(_ run: ServicesRun) async throws {
        let folder = run.ansible.root.appendingPathComponent("var/lib/prometheus/node-exporter")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
        #expect(((attributes[.posixPermissions] as? Int) ?? 0) & 0o1777 == 0o1775, "the textfile folder's mode")
        #expect(attributes[.groupOwnerAccountName] as? String == "smtest-backup", "the textfile folder's group")
        let report = try String(contentsOf: folder.appendingPathComponent("shopmicro_backup.prom"), encoding: .utf8)
        let lines = BackgroundProgram.lines(report)
        #expect(lines.contains("shopmicro_backup_last_run_success 1"), "\(report)")
        #expect(lines.contains { $0.hasPrefix("shopmicro_backup_last_success_timestamp_seconds ") }, "\(report)")

        let options = try run.ansible.environmentFile("etc/default/prometheus-node-exporter")["ARGS"] ?? ""
        #expect(options.contains("--collector.textfile.directory=\(folder.path)"), "\(options)")
        let port = try FreePort.find()
        let exporter = try BackgroundProgram("/usr/bin/prometheus-node-exporter", [
            "--collector.disable-defaults", "--collector.textfile", "--collector.textfile.directory=\(folder.path)",
            "--web.listen-address=127.0.0.1:\(port)",
        ], port: port)
        let exposition = try await exporter.metrics(containing: "shopmicro_backup_last_run_success 1")
        #expect(BackgroundProgram.lines(exposition).contains("shopmicro_backup_last_run_success 1"), "\(exporter.output())")
        #expect(BackgroundProgram.lines(exposition).contains("node_textfile_scrape_error 0"), "\(exposition)")
    }
}

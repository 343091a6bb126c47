import Foundation
import TestSupport
import Testing

/// ansible/ checked by ansible-lint and ansible-playbook, and its roles that need no running systemd
/// applied for real to this machine (every path under a temporary folder), twice; what they install
/// is then run: the backend, the storefront with its page cache on, the backup (reporting through node_exporter's textfile collector),
/// Alertmanager with alert-log, Prometheus's configuration.
/// Serialized: two playbooks at once could both want the apt cache refreshed and collide on its lock.
@Suite("Ansible roles", .serialized)
struct AnsibleTests {
    static let ansible = Repository.root.appendingPathComponent("ansible")

    @Test("ansible-lint (production profile) reports nothing and the playbook passes --syntax-check")
    func lintAndSyntax() async throws {
        let lint = try await Repository.runTool("ansible-lint", ["--offline", "--profile", "production", "--nocolor"], in: Self.ansible)
        #expect(lint.status == 0, "\(lint.output)")
        #expect(lint.output.contains("0 failure(s), 0 warning(s)"), "\(lint.output)")
        let syntax = try await Repository.runTool("ansible-playbook", ["-i", "inventory/example", "site.yml", "--syntax-check"],
                                                  in: Self.ansible)
        #expect(syntax.status == 0, "\(syntax.output)")
        #expect(!syntax.output.contains("WARNING"), "\(syntax.output)")
    }

    @Test("the services, backup, node_exporter, alert-log, Alertmanager and Prometheus roles applied twice: installed, hardened, working (traces exported to the configured collector, the revision reported, the storefront's page cache on with only Redis's password, Prometheus keeping 35 days with exemplars), and the second run changes nothing; without a collector the settings name none")
    func rolesApplyIdempotently() async throws {
        let run = try await ServicesRun()
        defer { AnsibleRun.removeUsers(["smtest-app", "smtest-backup", "smtest-alerts"]) }
        // A host set up by an earlier version: one secrets file for every service, which the role removes.
        let config = run.ansible.root.appendingPathComponent("etc/shopmicro")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "DATABASE_PASSWORD=old\nREDIS_PASSWORD=old\n".write(to: config.appendingPathComponent("secrets.env"), atomically: true, encoding: .utf8)
        let first = try await run.ansible.apply()
        #expect(first.status == 0, "\(first.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(first.output) ?? 0 > 10, "the first run installs everything")
        let second = try await run.ansible.apply()
        #expect(second.status == 0, "\(second.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(second.output) == 0, "second run: \(AnsibleRun.recap(second.output))")

        // Files, owners and modes: the secrets readable by root only, the settings by the service.
        for (path, mode, owner) in [("etc/shopmicro/backend.secrets.env", 0o600, "root"), ("etc/shopmicro/frontend.secrets.env", 0o600, "root"),
                                    ("etc/shopmicro/backend.env", 0o640, "root"),
                                    ("etc/shopmicro-backup/backup-secrets.env", 0o600, "root"),
                                    ("opt/shopmicro/bin/backend", 0o755, "root"), ("opt/shopmicro/bin/shopmicro-backup", 0o755, "root")] {
            let attributes = try FileManager.default.attributesOfItem(atPath: run.ansible.root.appendingPathComponent(path).path)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(path) mode")
            #expect((attributes[.ownerAccountName] as? String) == owner, "\(path) owner")
        }
        let backendSettings = try run.ansible.environmentFile("etc/shopmicro/backend.env")
        #expect(backendSettings["LOG_OUTPUT"] == "journald")
        #expect(backendSettings["METRICS_PORT"] == "9464")
        #expect(try run.ansible.environmentFile("etc/shopmicro/frontend.env")["ML_URL"] == "http://127.0.0.1:8000")
        // Trace export and build info: every service gets the collector and the deployed checkout's commit.
        let revision = try await Tool.run("/usr/bin/git", ["-C", Repository.root.path, "rev-parse", "HEAD"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(revision.count == 40, "git rev-parse HEAD: \(revision)")
        for service in ["backend", "ml-service", "frontend"] {
            let settings = try run.ansible.environmentFile("etc/shopmicro/\(service).env")
            #expect(settings["OTEL_EXPORTER_OTLP_ENDPOINT"] == run.traces.endpoint, "\(service): \(settings)")
            #expect(settings["SHOPMICRO_REVISION"] == revision && settings["SHOPMICRO_VERSION"] == nil, "\(service): \(settings)")
        }

        // The units: systemd finds nothing wrong, and their exposure is in systemd's "OK" range.
        let units = ["shopmicro-backend.service", "shopmicro-ml-service.service", "shopmicro-frontend.service",
                     "shopmicro-backup.service", "shopmicro-backup.timer", "shopmicro-alert-log.service"]
        for unit in units {
            let path = run.ansible.root.appendingPathComponent("etc/systemd/system/\(unit)").path
            let verify = try await Tool.run("/usr/bin/systemd-analyze", ["verify", "--man=no", path])
            #expect(verify.status == 0 && verify.output.isEmpty, "\(unit): \(verify.output)")
            if unit.hasSuffix(".service") {
                let security = try await Tool.run("/usr/bin/systemd-analyze", ["security", "--offline=yes", "--threshold=20", path])
                #expect(security.status == 0, "\(unit): \(security.output.split(separator: "\n").last ?? "")")
            }
        }

        try await Self.checkPrometheus(run)
        try await Self.checkAlertmanagerAndAlertLog(run)

        try Self.checkSecretFiles(run)

        // The backend starts with exactly the settings and vault secrets the role wrote (only the
        // ports and the log output differ here), against servers that require those passwords.
        var environment = backendSettings.merging(try run.ansible.environmentFile("etc/shopmicro/backend.secrets.env")) { _, new in new }
        environment["METRICS_PORT"] = String(try FreePort.find())
        environment["LOG_OUTPUT"] = "stdout"
        environment.removeValue(forKey: "PORT")
        environment.removeValue(forKey: "HOST")
        let backend = try await ServiceProcess("backend", environment: environment)
        #expect(try await HTTP.get(backend.baseURL + "/readyz").json()["status"] as? String == "ready")
        let traceID = "5d0e2f4a6b8c0d1e3f5a7b9c1d3e5f70"
        #expect(try await HTTP.get(backend.baseURL + "/api/products/1", headers: [("traceparent", "00-\(traceID)-00f067aa0ba902b7-01")]).status == .ok)
        // It exports its spans to the collector the role named, and reports the revision it was given.
        let spans = try await run.traces.waitForSpans(traceID: traceID, count: 1)
        #expect(spans.contains { $0["service"] as? String == "backend" }, "\(spans)")
        let metrics = try await HTTP.get("http://127.0.0.1:\(environment["METRICS_PORT"] ?? "")/metrics").text
        #expect(metrics.split(separator: "\n").contains { $0.hasPrefix("shopmicro_build_info{") && $0.contains(",revision=\"\(revision)\"}") },
                "\(metrics.split(separator: "\n").filter { $0.contains("build_info") })")
        try await Self.checkStorefrontPageCache(run, backend: backend)

        // What the timer runs: the installed command with the role's settings writes a backup.
        var backup = try run.ansible.environmentFile("etc/shopmicro-backup/backup.env")
        backup.merge(try run.ansible.environmentFile("etc/shopmicro-backup/backup-secrets.env")) { _, new in new }
        backup["PATH"] = "/usr/bin:/bin"
        let command = run.ansible.root.appendingPathComponent("opt/shopmicro/bin/shopmicro-backup").path
        let calls = run.ansible.folder.appendingPathComponent("backup-syscalls.txt").path
        let made = try await Tool.run("/usr/bin/env", ["-i"] + backup.map { "\($0.key)=\($0.value)" }
                                      + ["/usr/bin/strace", "-f", "-qq", "-C", "-o", calls, command])
        #expect(made.status == 0, "\(made.output)")
        let backups = try FileManager.default.contentsOfDirectory(atPath: run.ansible.root.appendingPathComponent("var/backups/shopmicro").path)
        #expect(backups.count == 1 && backups.first?.hasSuffix(".dump") == true, "\(backups)")
        try await Self.checkBackupReport(run)
        // Under the unit's system-call filter the backup (bash, pg_dump) would have run the same.
        let filter = try await Tool.run("/usr/bin/python3", [SystemCallFilterTests.checker.path,
                                                             run.ansible.root.appendingPathComponent("etc/systemd/system/shopmicro-backup.service").path, calls])
        #expect(filter.status == 0, "\(filter.output)")

        // No collector (the default, an empty shopmicro_otlp_endpoint): the settings name none, so the
        // services export nothing; only the settings files change (one task, its three items).
        let withoutTraces = try await run.ansible.apply(overrides: #"{"shopmicro_otlp_endpoint": ""}"#)
        #expect(withoutTraces.status == 0, "\(withoutTraces.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(withoutTraces.output) == 1, "\(AnsibleRun.recap(withoutTraces.output))")
        #expect(withoutTraces.output.components(separatedBy: "changed: [localhost] => (item=").count - 1 == 3, "\(withoutTraces.output.suffix(4000))")
        for service in ["backend", "ml-service", "frontend"] {
            let settings = try run.ansible.environmentFile("etc/shopmicro/\(service).env")
            #expect(settings["OTEL_EXPORTER_OTLP_ENDPOINT"] == nil && settings["SHOPMICRO_REVISION"] == revision, "\(service): \(settings)")
        }
    }
}

/// The services, backup, node_exporter, alert-log, Alertmanager and Prometheus roles
/// (Tests/tools/ansible/localhost.yml) set up for this machine: a private PostgreSQL and Redis with
/// passwords, every path under the run's root, the receivers and the runbook base set as a user sets
/// them.
struct ServicesRun {
    let ansible: AnsibleRun
    let postgres: PostgresServer
    let redis: RedisServer
    /// Where the installed alert-log listens, and Alertmanager's receivers call it.
    let alertLogPort: Int
    /// The OpenTelemetry collector the services are configured to export to (`shopmicro_otlp_endpoint`).
    let traces: OTLPReceiver
    static let pagerURL = "https://pager.example.com/hooks/shopmicro-page"
    static let runbookBaseURL = "https://runbooks.example.com/shopmicro"

    init() async throws {
        ansible = try AnsibleRun(playbook: "localhost.yml")
        let databasePassword = "db-\(UUID().uuidString)"
        let redisPassword = "redis-\(UUID().uuidString)"
        postgres = try PostgresServer(password: databasePassword)
        redis = try RedisServer(password: redisPassword)
        let databaseURL = try await postgres.createDatabase()
        let root = ansible.root.path
        let repository = Repository.root.path
        alertLogPort = try FreePort.find()
        traces = try OTLPReceiver()
        for folder in ["etc/systemd/system", "etc/default", "var/lib/prometheus"] {
            try FileManager.default.createDirectory(at: ansible.root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try ansible.writeSettings("""
        shopmicro_database_address: 127.0.0.1
        shopmicro_redis_address: 127.0.0.1
        shopmicro_services_user: smtest-app
        shopmicro_services_install_dir: \(root)/opt/shopmicro
        shopmicro_services_config_dir: \(root)/etc/shopmicro
        shopmicro_services_unit_dir: \(root)/etc/systemd/system
        shopmicro_services_binaries_source: \(ServiceProcess.binaryDirectory.path)
        shopmicro_services_database_url: \(databaseURL)
        shopmicro_services_redis_url: redis://127.0.0.1:\(redis.port)/0
        shopmicro_otlp_endpoint: \(traces.endpoint)
        shopmicro_backup_user: smtest-backup
        shopmicro_backup_dir: \(root)/var/backups/shopmicro
        shopmicro_backup_install_dir: \(root)/opt/shopmicro
        shopmicro_backup_config_dir: \(root)/etc/shopmicro-backup
        shopmicro_backup_unit_dir: \(root)/etc/systemd/system
        shopmicro_backup_scripts_source: \(repository)/ops
        shopmicro_backup_database_url: \(databaseURL)
        shopmicro_backup_textfile_dir: \(root)/var/lib/prometheus/node-exporter
        node_exporter_defaults_file: \(root)/etc/default/prometheus-node-exporter
        node_exporter_textfile_dir: \(root)/var/lib/prometheus/node-exporter
        shopmicro_alert_log_user: smtest-alerts
        shopmicro_alert_log_install_dir: \(root)/opt/shopmicro
        shopmicro_alert_log_config_dir: \(root)/etc/shopmicro-alert-log
        shopmicro_alert_log_unit_dir: \(root)/etc/systemd/system
        shopmicro_alert_log_binary_source: \(ServiceProcess.binaryDirectory.path)
        shopmicro_alert_log_port: \(alertLogPort)
        alertmanager_config_dir: \(root)/etc/prometheus
        alertmanager_defaults_file: \(root)/etc/default/prometheus-alertmanager
        alertmanager_config_source: \(repository)/alertmanager/alertmanager.yml
        alertmanager_alert_log_url: http://127.0.0.1:\(alertLogPort)
        alertmanager_receiver_urls: { page: "\(Self.pagerURL)" }
        prometheus_config_dir: \(root)/etc/prometheus
        prometheus_defaults_file: \(root)/etc/default/prometheus
        prometheus_storage_path: \(root)/var/lib/prometheus/metrics2
        prometheus_rules_source: \(repository)/alerts
        prometheus_runbook_base_url: \(Self.runbookBaseURL)
        """)
        try await ansible.writeSecrets(["shopmicro_database_password": databasePassword, "shopmicro_redis_password": redisPassword])
    }
}

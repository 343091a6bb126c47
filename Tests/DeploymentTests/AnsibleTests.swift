import Foundation
import TestSupport
import Testing

/// ansible/ checked by ansible-lint and ansible-playbook, and its roles that need no running systemd
/// applied for real to this machine (every path under a temporary folder), twice.
@Suite("Ansible roles")
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

    @Test("the services, backup and Prometheus roles applied twice: installed, hardened, working, and the second run changes nothing")
    func rolesApplyIdempotently() async throws {
        let run = try await AnsibleRun()
        defer { run.removeUsers() }
        let first = try await run.apply()
        #expect(first.status == 0, "\(first.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(first.output) ?? 0 > 10, "the first run installs everything")
        let second = try await run.apply()
        #expect(second.status == 0, "\(second.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(second.output) == 0, "second run: \(AnsibleRun.recap(second.output))")

        // Files, owners and modes: the secrets readable by root only, the settings by the service.
        for (path, mode, owner) in [("etc/shopmicro/secrets.env", 0o600, "root"), ("etc/shopmicro/backend.env", 0o640, "root"),
                                    ("etc/shopmicro-backup/backup-secrets.env", 0o600, "root"),
                                    ("opt/shopmicro/bin/backend", 0o755, "root"), ("opt/shopmicro/bin/shopmicro-backup", 0o755, "root")] {
            let attributes = try FileManager.default.attributesOfItem(atPath: run.root.appendingPathComponent(path).path)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(path) mode")
            #expect((attributes[.ownerAccountName] as? String) == owner, "\(path) owner")
        }
        let backendSettings = try run.environmentFile("etc/shopmicro/backend.env")
        #expect(backendSettings["LOG_OUTPUT"] == "journald")
        #expect(backendSettings["METRICS_PORT"] == "9464")
        #expect(try run.environmentFile("etc/shopmicro/frontend.env")["ML_URL"] == "http://127.0.0.1:8000")

        // The units: systemd finds nothing wrong, and their exposure is in systemd's "OK" range.
        let units = ["shopmicro-backend.service", "shopmicro-ml-service.service", "shopmicro-frontend.service",
                     "shopmicro-backup.service", "shopmicro-backup.timer"]
        for unit in units {
            let path = run.root.appendingPathComponent("etc/systemd/system/\(unit)").path
            let verify = try await Tool.run("/usr/bin/systemd-analyze", ["verify", "--man=no", path])
            #expect(verify.status == 0 && verify.output.isEmpty, "\(unit): \(verify.output)")
            if unit.hasSuffix(".service") {
                let security = try await Tool.run("/usr/bin/systemd-analyze", ["security", "--offline=yes", "--threshold=20", path])
                #expect(security.status == 0, "\(unit): \(security.output.split(separator: "\n").last ?? "")")
            }
        }

        // Prometheus: its configuration and the installed rules pass promtool; the rules are alerts/'s.
        let configuration = run.root.appendingPathComponent("etc/prometheus/prometheus.yml").path
        let check = try await Tool.run("/usr/bin/promtool", ["check", "config", configuration])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS: 2 rule files found"), "\(check.output)")
        let shipped = try Data(contentsOf: run.root.appendingPathComponent("etc/prometheus/rules/shopmicro-slo-rules.yml"))
        #expect(shipped == (try Data(contentsOf: Repository.root.appendingPathComponent("alerts/slo-rules.yml"))))

        // The backend starts with exactly the settings and vault secrets the role wrote (only the
        // ports and the log output differ here), against servers that require those passwords.
        var environment = backendSettings.merging(try run.environmentFile("etc/shopmicro/secrets.env")) { _, new in new }
        environment["METRICS_PORT"] = String(try FreePort.find())
        environment["LOG_OUTPUT"] = "stdout"
        environment.removeValue(forKey: "PORT")
        environment.removeValue(forKey: "HOST")
        let backend = try await ServiceProcess("backend", environment: environment)
        #expect(try await HTTP.get(backend.baseURL + "/readyz").json()["status"] as? String == "ready")
        #expect(try await HTTP.get(backend.baseURL + "/api/products/1").status == .ok)

        // What the timer runs: the installed command with the role's settings writes a backup.
        var backup = try run.environmentFile("etc/shopmicro-backup/backup.env")
        backup.merge(try run.environmentFile("etc/shopmicro-backup/backup-secrets.env")) { _, new in new }
        backup["PATH"] = "/usr/bin:/bin"
        let command = run.root.appendingPathComponent("opt/shopmicro/bin/shopmicro-backup").path
        let calls = run.folder.appendingPathComponent("backup-syscalls.txt").path
        let made = try await Tool.run("/usr/bin/env", ["-i"] + backup.map { "\($0.key)=\($0.value)" }
                                      + ["/usr/bin/strace", "-f", "-qq", "-C", "-o", calls, command])
        #expect(made.status == 0, "\(made.output)")
        let backups = try FileManager.default.contentsOfDirectory(atPath: run.root.appendingPathComponent("var/backups/shopmicro").path)
        #expect(backups.count == 1 && backups.first?.hasSuffix(".dump") == true, "\(backups)")
        // Under the unit's system-call filter the backup (bash, pg_dump) would have run the same.
        let filter = try await Tool.run("/usr/bin/python3", [SystemCallFilterTests.checker.path,
                                                             run.root.appendingPathComponent("etc/systemd/system/shopmicro-backup.service").path, calls])
        #expect(filter.status == 0, "\(filter.output)")
    }
}

/// One application of Tests/tools/ansible/localhost.yml to this machine: private PostgreSQL and
/// Redis with passwords, the secrets in an ansible-vault file, every path under `root`.
final class AnsibleRun: @unchecked Sendable {
    let folder: URL
    let root: URL
    let postgres: PostgresServer
    let redis: RedisServer
    static let users = ["smtest-app", "smtest-backup"]

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-ansible-\(UUID().uuidString.prefix(8))")
        root = folder.appendingPathComponent("root")
        TestCleanup.atExit { [folder] in try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc/systemd/system"), withIntermediateDirectories: true)
        let databasePassword = "db-\(UUID().uuidString)"
        let redisPassword = "redis-\(UUID().uuidString)"
        postgres = try PostgresServer(password: databasePassword)
        redis = try RedisServer(password: redisPassword)
        let databaseURL = try await postgres.createDatabase()

        try """
        all:
          children:
            shopmicro_app:
              hosts:
                localhost:
                  ansible_connection: local
                  ansible_python_interpreter: /usr/bin/python3
        """.write(to: folder.appendingPathComponent("inventory.yml"), atomically: true, encoding: .utf8)
        let repository = Repository.root.path
        try """
        shopmicro_database_address: 127.0.0.1
        shopmicro_redis_address: 127.0.0.1
        shopmicro_services_user: smtest-app
        shopmicro_services_install_dir: \(root.path)/opt/shopmicro
        shopmicro_services_config_dir: \(root.path)/etc/shopmicro
        shopmicro_services_unit_dir: \(root.path)/etc/systemd/system
        shopmicro_services_binaries_source: \(ServiceProcess.binaryDirectory.path)
        shopmicro_services_database_url: \(databaseURL)
        shopmicro_services_redis_url: redis://127.0.0.1:\(redis.port)/0
        shopmicro_backup_user: smtest-backup
        shopmicro_backup_dir: \(root.path)/var/backups/shopmicro
        shopmicro_backup_install_dir: \(root.path)/opt/shopmicro
        shopmicro_backup_config_dir: \(root.path)/etc/shopmicro-backup
        shopmicro_backup_unit_dir: \(root.path)/etc/systemd/system
        shopmicro_backup_scripts_source: \(repository)/ops
        shopmicro_backup_database_url: \(databaseURL)
        prometheus_config_dir: \(root.path)/etc/prometheus
        prometheus_rules_source: \(repository)/alerts
        """.write(to: folder.appendingPathComponent("settings.yml"), atomically: true, encoding: .utf8)

        // The secrets as users keep them: an ansible-vault encrypted file.
        try "test-vault-password-\(UUID().uuidString)\n".write(to: folder.appendingPathComponent("vault-password"), atomically: true, encoding: .utf8)
        let vault = folder.appendingPathComponent("vault.yml")
        try "shopmicro_database_password: \"\(databasePassword)\"\nshopmicro_redis_password: \"\(redisPassword)\"\n"
            .write(to: vault, atomically: true, encoding: .utf8)
        let encrypted = try await Repository.runTool("ansible-vault", ["encrypt", "--vault-password-file", folder.appendingPathComponent("vault-password").path,
                                                                        vault.path])
        try #require(encrypted.status == 0, "\(encrypted.output)")
        try #require(try String(contentsOf: vault, encoding: .utf8).hasPrefix("$ANSIBLE_VAULT;"))
    }

    /// Runs the playbook; returns its status and output.
    func apply() async throws -> (status: Int32, output: String) {
        try await Repository.runTool("ansible-playbook", [
            "-i", folder.appendingPathComponent("inventory.yml").path,
            "-e", "@" + folder.appendingPathComponent("settings.yml").path,
            "-e", "@" + folder.appendingPathComponent("vault.yml").path,
            "--vault-password-file", folder.appendingPathComponent("vault-password").path,
            Repository.root.appendingPathComponent("Tests/tools/ansible/localhost.yml").path,
        ], environment: ["ANSIBLE_ROLES_PATH": Repository.root.appendingPathComponent("ansible/roles").path,
                         "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCAL_TEMP": folder.appendingPathComponent("tmp").path])
    }

    /// A systemd `EnvironmentFile` as systemd reads it: `KEY=value` or `KEY="quoted \" value"`.
    func environmentFile(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8).split(separator: "\n") {
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
                    .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            values[String(line[..<equals])] = value
        }
        return values
    }

    /// The `changed=N` of the play recap.
    static func changedCount(_ output: String) -> Int? {
        guard let range = recap(output).range(of: #"changed=(\d+)"#, options: .regularExpression) else { return nil }
        return Int(recap(output)[range].dropFirst("changed=".count))
    }

    static func recap(_ output: String) -> String {
        output.split(separator: "\n").last { $0.hasPrefix("localhost") && $0.contains("ok=") }.map(String.init) ?? "no recap"
    }

    /// The system users the roles created for this test.
    func removeUsers() {
        for user in Self.users {
            _ = try? Tool.runBlocking("/usr/sbin/userdel", [user])
            _ = try? Tool.runBlocking("/usr/sbin/groupdel", [user])
        }
    }
}

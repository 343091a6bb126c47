import Foundation
import TestSupport
import Testing

/// ansible/ checked by ansible-lint and ansible-playbook, and its roles that need no running systemd
/// applied for real to this machine (every path under a temporary folder), twice.
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

    @Test("the services, backup and Prometheus roles applied twice: installed, hardened, working, and the second run changes nothing")
    func rolesApplyIdempotently() async throws {
        let run = try await ServicesRun()
        defer { AnsibleRun.removeUsers(["smtest-app", "smtest-backup"]) }
        let first = try await run.ansible.apply()
        #expect(first.status == 0, "\(first.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(first.output) ?? 0 > 10, "the first run installs everything")
        let second = try await run.ansible.apply()
        #expect(second.status == 0, "\(second.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(second.output) == 0, "second run: \(AnsibleRun.recap(second.output))")

        // Files, owners and modes: the secrets readable by root only, the settings by the service.
        for (path, mode, owner) in [("etc/shopmicro/secrets.env", 0o600, "root"), ("etc/shopmicro/backend.env", 0o640, "root"),
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

        // The units: systemd finds nothing wrong, and their exposure is in systemd's "OK" range.
        let units = ["shopmicro-backend.service", "shopmicro-ml-service.service", "shopmicro-frontend.service",
                     "shopmicro-backup.service", "shopmicro-backup.timer"]
        for unit in units {
            let path = run.ansible.root.appendingPathComponent("etc/systemd/system/\(unit)").path
            let verify = try await Tool.run("/usr/bin/systemd-analyze", ["verify", "--man=no", path])
            #expect(verify.status == 0 && verify.output.isEmpty, "\(unit): \(verify.output)")
            if unit.hasSuffix(".service") {
                let security = try await Tool.run("/usr/bin/systemd-analyze", ["security", "--offline=yes", "--threshold=20", path])
                #expect(security.status == 0, "\(unit): \(security.output.split(separator: "\n").last ?? "")")
            }
        }

        // Prometheus: its configuration and the installed rules pass promtool; the rules are alerts/'s.
        let configuration = run.ansible.root.appendingPathComponent("etc/prometheus/prometheus.yml").path
        let check = try await Tool.run("/usr/bin/promtool", ["check", "config", configuration])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS: 2 rule files found"), "\(check.output)")
        let shipped = try Data(contentsOf: run.ansible.root.appendingPathComponent("etc/prometheus/rules/shopmicro-slo-rules.yml"))
        #expect(shipped == (try Data(contentsOf: Repository.root.appendingPathComponent("alerts/slo-rules.yml"))))

        // The backend starts with exactly the settings and vault secrets the role wrote (only the
        // ports and the log output differ here), against servers that require those passwords.
        var environment = backendSettings.merging(try run.ansible.environmentFile("etc/shopmicro/secrets.env")) { _, new in new }
        environment["METRICS_PORT"] = String(try FreePort.find())
        environment["LOG_OUTPUT"] = "stdout"
        environment.removeValue(forKey: "PORT")
        environment.removeValue(forKey: "HOST")
        let backend = try await ServiceProcess("backend", environment: environment)
        #expect(try await HTTP.get(backend.baseURL + "/readyz").json()["status"] as? String == "ready")
        #expect(try await HTTP.get(backend.baseURL + "/api/products/1").status == .ok)

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
        // Under the unit's system-call filter the backup (bash, pg_dump) would have run the same.
        let filter = try await Tool.run("/usr/bin/python3", [SystemCallFilterTests.checker.path,
                                                             run.ansible.root.appendingPathComponent("etc/systemd/system/shopmicro-backup.service").path, calls])
        #expect(filter.status == 0, "\(filter.output)")
    }
}

extension AnsibleTests {
    @Test("the PostgreSQL and Redis roles on real servers: role and database made once, the vault password logs in and rotates, Redis requires it")
    func datastoreRoles() async throws {
        let postgres = try PostgresServer(password: "superuser-\(UUID().uuidString)")
        let ansible = try AnsibleRun(playbook: "datastores.yml")
        let configuration = ansible.root.appendingPathComponent("etc/postgresql")
        try FileManager.default.createDirectory(at: configuration.appendingPathComponent("conf.d"), withIntermediateDirectories: true)
        try "local all all peer\n".write(to: configuration.appendingPathComponent("pg_hba.conf"), atomically: true, encoding: .utf8)
        try ansible.writeSettings("""
        postgres_config_dir: \(configuration.path)
        postgres_manage_systemd: false
        postgres_manage_database: true
        postgres_port: \(postgres.port)
        postgres_socket_directory: \(postgres.directory.path)
        postgres_admin_user: shopmicro
        postgres_user: shopmicro_app
        postgres_database: shopmicro_app
        shopmicro_app_addresses: [10.1.2.3]
        redis_config_path: \(ansible.root.path)/redis.conf
        redis_manage_systemd: false
        """)
        let firstPassword = "first-\(UUID().uuidString)"
        let redisPassword = "redis-\(UUID().uuidString)"
        try await ansible.writeSecrets(["shopmicro_database_password": firstPassword, "shopmicro_redis_password": redisPassword])

        let first = try await ansible.apply()
        #expect(first.status == 0, "\(first.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(first.output) ?? 0 >= 6, "\(AnsibleRun.recap(first.output))")
        let second = try await ansible.apply()
        #expect(second.status == 0, "\(second.output.suffix(4000))")
        #expect(AnsibleRun.changedCount(second.output) == 0, "second run: \(AnsibleRun.recap(second.output))")

        let login = { (password: String) in
            try await Tool.run(try PostgresServer.binaries.appendingPathComponent("psql").path, [
                "-d", "postgresql://shopmicro_app:\(password)@127.0.0.1:\(postgres.port)/shopmicro_app", "-At", "-c",
                "SELECT current_user || ' ' || current_database() || ' ' || rolsuper FROM pg_roles WHERE rolname = current_user",
            ])
        }
        let loggedIn = try await login(firstPassword)
        #expect(loggedIn.status == 0 && loggedIn.output.hasPrefix("shopmicro_app shopmicro_app false"), "\(loggedIn.output)")
        let hba = try String(contentsOf: configuration.appendingPathComponent("pg_hba.conf"), encoding: .utf8)
        #expect(hba.contains("host shopmicro_app shopmicro_app 10.1.2.3/32 scram-sha-256"), "\(hba)")
        #expect(hba.hasPrefix("local all all peer\n"), "the role keeps what it does not manage")

        // A new password in the vault is set at the next run, and only then.
        let secondPassword = "second-\(UUID().uuidString)"
        try await ansible.writeSecrets(["shopmicro_database_password": secondPassword, "shopmicro_redis_password": redisPassword])
        let rotated = try await ansible.apply()
        #expect(rotated.status == 0 && AnsibleRun.changedCount(rotated.output) == 2, "\(AnsibleRun.recap(rotated.output))")
        #expect(try await login(secondPassword).status == 0)
        #expect(try await login(firstPassword).status != 0)

        // The Redis configuration runs in a real redis-server (on a free port) and requires the password.
        let port = try FreePort.find()
        let data = ansible.folder.appendingPathComponent("redis-data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let server = try ChildProcess.spawn("/usr/bin/redis-server", [
            ansible.root.path + "/redis.conf", "--port", String(port), "--bind", "127.0.0.1", "--dir", data.path,
            "--pidfile", data.appendingPathComponent("redis.pid").path, "--daemonize", "no",
        ], stdout: data.appendingPathComponent("log").path, stderr: data.appendingPathComponent("log").path)
        defer { kill(server, SIGKILL); _ = ChildProcess.wait(server) }
        let cli = { (arguments: [String]) in try await Tool.run("/usr/bin/redis-cli", ["-p", String(port)] + arguments) }
        #expect(try await eventually { try await cli(["--no-auth-warning", "-a", redisPassword, "ping"]).output.contains("PONG") })
        #expect(try await cli(["ping"]).output.contains("NOAUTH"))
        let appendOnly = try await cli(["--no-auth-warning", "-a", redisPassword, "config", "get", "appendonly"])
        #expect(appendOnly.output.contains("yes"), "\(appendOnly.output)")
    }
}

/// The services, backup and Prometheus roles (Tests/tools/ansible/localhost.yml) set up for this
/// machine: a private PostgreSQL and Redis with passwords, every path under the run's root.
struct ServicesRun {
    let ansible: AnsibleRun
    let postgres: PostgresServer
    let redis: RedisServer

    init() async throws {
        ansible = try AnsibleRun(playbook: "localhost.yml")
        let databasePassword = "db-\(UUID().uuidString)"
        let redisPassword = "redis-\(UUID().uuidString)"
        postgres = try PostgresServer(password: databasePassword)
        redis = try RedisServer(password: redisPassword)
        let databaseURL = try await postgres.createDatabase()
        let root = ansible.root.path
        let repository = Repository.root.path
        try FileManager.default.createDirectory(at: ansible.root.appendingPathComponent("etc/systemd/system"), withIntermediateDirectories: true)
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
        shopmicro_backup_user: smtest-backup
        shopmicro_backup_dir: \(root)/var/backups/shopmicro
        shopmicro_backup_install_dir: \(root)/opt/shopmicro
        shopmicro_backup_config_dir: \(root)/etc/shopmicro-backup
        shopmicro_backup_unit_dir: \(root)/etc/systemd/system
        shopmicro_backup_scripts_source: \(repository)/ops
        shopmicro_backup_database_url: \(databaseURL)
        prometheus_config_dir: \(root)/etc/prometheus
        prometheus_rules_source: \(repository)/alerts
        """)
        try await ansible.writeSecrets(["shopmicro_database_password": databasePassword, "shopmicro_redis_password": redisPassword])
    }
}

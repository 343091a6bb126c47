import Foundation
import TestSupport
import Testing

extension AnsibleTests {
    @Test("the PostgreSQL and Redis roles and their exporters on real servers: roles and database made once, the vault password logs in and rotates, Redis requires it, the exporters connect (postgres_exporter as a pg_monitor-only role without a password)")
    func datastoreRoles() async throws {
        let postgres = try PostgresServer(password: "superuser-\(UUID().uuidString)")
        let ansible = try AnsibleRun(playbook: "datastores.yml")
        let port = try FreePort.find()
        let exporterPorts = (postgres: try FreePort.find(), redis: try FreePort.find())
        try FileManager.default.createDirectory(at: ansible.root.appendingPathComponent("etc/default"), withIntermediateDirectories: true)
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
        postgres_exporter_defaults_file: \(ansible.root.path)/etc/default/prometheus-postgres-exporter
        postgres_exporter_manage_database: true
        postgres_exporter_socket_directory: \(postgres.directory.path)
        postgres_exporter_port: \(postgres.port)
        postgres_exporter_admin_user: shopmicro
        postgres_exporter_listen_address: 127.0.0.1:\(exporterPorts.postgres)
        redis_exporter_defaults_file: \(ansible.root.path)/etc/default/prometheus-redis-exporter
        redis_exporter_redis_address: redis://127.0.0.1:\(port)
        redis_exporter_listen_address: 127.0.0.1:\(exporterPorts.redis)
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

        try await Self.checkExporters(ansible, postgres: postgres, ports: exporterPorts)
    }

    /// postgres_exporter's role has pg_monitor and nothing more; both exporters, run by Debian's
    /// binaries with exactly the files the roles wrote, reach their servers.
    static func checkExporters(_ ansible: AnsibleRun, postgres: PostgresServer, ports: (postgres: Int, redis: Int)) async throws {
        let role = try await postgres.psql(database: "postgres", """
            SELECT rolsuper || ' ' || rolcreaterole || ' ' || rolcreatedb || ' ' || (rolpassword IS NULL) || ' '
                || pg_has_role('prometheus', 'pg_monitor', 'USAGE') || ' ' || has_database_privilege('prometheus', 'shopmicro_app', 'CREATE')
            FROM pg_authid WHERE rolname = 'prometheus'
            """)
        #expect(role == "false false false true true false", "superuser, createrole, createdb, no password, pg_monitor, create: \(role)")

        let postgresSettings = try ansible.environmentFile("etc/default/prometheus-postgres-exporter")
        let dataSource = postgresSettings["DATA_SOURCE_NAME"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) } ?? ""
        #expect(dataSource.hasPrefix("user=prometheus host=\(postgres.directory.path) ") && !dataSource.contains("password"), "\(dataSource)")
        let postgresExporter = try BackgroundProgram("/usr/bin/prometheus-postgres-exporter", (postgresSettings["ARGS"] ?? "").split(separator: " ").map(String.init),
                                                     environment: ["DATA_SOURCE_NAME": dataSource], port: ports.postgres)
        let postgresMetrics = try await postgresExporter.metrics(containing: "pg_up 1")
        #expect(BackgroundProgram.lines(postgresMetrics).contains("pg_up 1"), "\(postgresExporter.output().suffix(2000))")

        let redisFile = ansible.root.appendingPathComponent("etc/default/prometheus-redis-exporter")
        let attributes = try FileManager.default.attributesOfItem(atPath: redisFile.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600 && (attributes[.ownerAccountName] as? String) == "root", "the password file's mode")
        var redisSettings = try ansible.environmentFile("etc/default/prometheus-redis-exporter")
        let arguments = (redisSettings.removeValue(forKey: "ARGS") ?? "").split(separator: " ").map(String.init)
        #expect(!arguments.joined().contains(redisSettings["REDIS_PASSWORD"] ?? "?"), "the password is in the arguments")
        let redisExporter = try BackgroundProgram("/usr/bin/prometheus-redis-exporter", arguments, environment: redisSettings, port: ports.redis)
        let redisMetrics = try await redisExporter.metrics(containing: "redis_up 1")
        #expect(BackgroundProgram.lines(redisMetrics).contains("redis_up 1"), "\(redisExporter.output().suffix(2000))")
    }
}

import Foundation
import TestSupport
import Testing

@Suite("ops/shopmicro-backup and ops/shopmicro-restore against a real PostgreSQL")
struct BackupRestoreTests {
    static let ops = LocalPlatformTests.repository.appendingPathComponent("ops")

    static func run(_ tool: String, _ arguments: [String], databaseURL: String) async throws -> (status: Int32, output: String) {
        try await Tool.run("/usr/bin/env", ["DATABASE_URL=\(databaseURL)", ops.appendingPathComponent(tool).path] + arguments)
    }

    /// Every order with its total and its items, in a stable order.
    static func orders(_ backend: BackendUnderTest, database: String) async throws -> String {
        try await backend.postgres.psql(database: database, """
            SELECT o.id, o.total_cents, o.email, string_agg(i.product_id || 'x' || i.quantity, ',' ORDER BY i.product_id)
            FROM orders o JOIN order_items i ON i.order_id = o.id GROUP BY o.id ORDER BY o.id
            """)
    }

    @Test("orders placed through the API are identical after backup, losing the database, and restore into an empty one; retention keeps the newest")
    func backupAndRestore() async throws {
        let backend = try await BackendUnderTest()
        for product in [1, 2, 3] {
            let session = BackendUnderTest.newSession()
            #expect(try await backend.addToCart(session: session, productID: product, quantity: product).status == .created)
            #expect(try await backend.checkout(session: session, key: UUID().uuidString).status == .created)
        }
        let original = PostgresServer.databaseName(of: backend.databaseURL)
        let before = try await Self.orders(backend, database: original)
        #expect(before.split(separator: "\n").count == 3)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backups-\(UUID().uuidString)")
        var paths: [String] = []
        for _ in 0..<3 {
            let backup = try await Self.run("shopmicro-backup", ["--dir", folder.path, "--keep", "2"], databaseURL: backend.databaseURL)
            #expect(backup.status == 0, "\(backup.output)")
            paths.append(backup.output.trimmingCharacters(in: .whitespacesAndNewlines))
            try await Task.sleep(for: .milliseconds(1100))  // names have one-second resolution
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(kept == paths.suffix(2).map { URL(fileURLWithPath: $0).lastPathComponent }, "\(kept)")

        // The database is lost: the backend stops, the database is dropped.
        #expect(try await backend.process.stop() == 0)
        try await backend.postgres.psql(database: "postgres", "DROP DATABASE \"\(original)\"")
        let empty = try await backend.postgres.createDatabase()
        let restored = try await Self.run("shopmicro-restore", [paths.last!], databaseURL: empty)
        #expect(restored.status == 0, "\(restored.output)")
        #expect(try await Self.orders(backend, database: PostgresServer.databaseName(of: empty)) == before)

        // Restoring over data is refused.
        let again = try await Self.run("shopmicro-restore", [paths.last!], databaseURL: empty)
        #expect(again.status == 1)
        #expect(again.output.contains("not empty"))
        #expect(try await Self.orders(backend, database: PostgresServer.databaseName(of: empty)) == before)
    }

    /// The value of `name`'s sample in a Prometheus text exposition (the first line of that name
    /// whose labels contain `labels`), nil when there is none.
    static func sample(_ name: String, in exposition: String, labels: String = "") -> Double? {
        for line in exposition.split(separator: "\n") where !line.hasPrefix("#") {
            let series = line.split(separator: " ").first.map(String.init) ?? ""
            guard series == name || series.hasPrefix(name + "{"), labels.isEmpty || series.contains(labels) else { continue }
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    /// The backup metrics of one exposition, by short name (`last_run_success` …).
    static func backupMetrics(_ exposition: String, labels: String = "") -> [String: Double] {
        var values: [String: Double] = [:]
        for name in ["last_run_timestamp_seconds", "last_success_timestamp_seconds", "last_run_success", "last_duration_seconds", "last_size_bytes"] {
            values[name] = sample("shopmicro_backup_" + name, in: exposition, labels: labels)
        }
        return values
    }

    /// `promtool check metrics` on a textfile: its exit status and findings.
    static func promtoolCheck(_ file: URL) async throws -> (status: Int32, output: String) {
        try await Tool.run("/usr/bin/promtool", ["check", "metrics"], stdin: Array(try Data(contentsOf: file)))
    }

    @Test("a good run records success, time, duration and size in the textfile (promtool-clean, renamed into place) and the Pushgateway; a failing run records success 0, keeps the last success, exits 1")
    func backupRunsAreObservable() async throws {
        let postgres = try PostgresServer.shared()
        let database = try await postgres.createDatabase()
        let pushgateway = try await MonitoringDaemon.pushgateway()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-metrics-\(UUID().uuidString)")
        let textfiles = folder.appendingPathComponent("textfile")
        let textfile = textfiles.appendingPathComponent("shopmicro_backup.prom")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--dir", folder.appendingPathComponent("dumps").path, "--textfile-dir", textfiles.path, "--pushgateway", pushgateway.baseURL]

        let before = Date().timeIntervalSince1970.rounded(.down)
        let good = try await Self.run("shopmicro-backup", arguments, databaseURL: database)
        let after = Date().timeIntervalSince1970.rounded(.up)
        #expect(good.status == 0, "\(good.output)")
        let dump = try #require(good.output.split(separator: "\n").last.map(String.init))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: dump)[.size] as? Int)
        #expect(try FileManager.default.contentsOfDirectory(atPath: textfiles.path) == ["shopmicro_backup.prom"])
        let check = try await Self.promtoolCheck(textfile)
        #expect(check.status == 0, "\(check.output)")
        let first = Self.backupMetrics(try String(contentsOf: textfile, encoding: .utf8))
        #expect(first["last_run_success"] == 1)
        #expect(first["last_size_bytes"] == Double(size))
        #expect(first["last_success_timestamp_seconds"] == first["last_run_timestamp_seconds"])
        #expect((before...after).contains(first["last_run_timestamp_seconds"] ?? 0), "\(first) not in \(before)...\(after)")
        #expect((0..<60).contains(first["last_duration_seconds"] ?? -1), "\(first)")
        var gateway = Self.backupMetrics(try await pushgateway.metrics(), labels: #"instance="127.0.0.1""#)
        #expect(gateway == first, "the Pushgateway has \(gateway), the textfile \(first)")
        // Grouped by job and the database's host, as the Pushgateway's scrape (honor_labels) keeps them.
        let exposition = try await pushgateway.metrics()
        let success = exposition.split(separator: "\n").first { $0.hasPrefix("shopmicro_backup_last_run_success{") } ?? ""
        #expect(success.contains(#"job="shopmicro-backup""#) && success.contains(#"instance="127.0.0.1""#), "\(exposition)")

        // The same database host, unreachable now: the dump fails.
        try await Task.sleep(for: .milliseconds(1100))  // a later timestamp
        let closed = try FreePort.find()
        let failed = try await Self.run("shopmicro-backup", arguments, databaseURL: "postgresql://shopmicro@127.0.0.1:\(closed)/none")
        #expect(failed.status == 1, "\(failed.output)")
        #expect(failed.output.contains("the backup failed"), "\(failed.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("dumps").path) == [URL(fileURLWithPath: dump).lastPathComponent])
        #expect(try FileManager.default.contentsOfDirectory(atPath: textfiles.path) == ["shopmicro_backup.prom"])
        let recheck = try await Self.promtoolCheck(textfile)
        #expect(recheck.status == 0, "\(recheck.output)")
        let second = Self.backupMetrics(try String(contentsOf: textfile, encoding: .utf8))
        #expect(second["last_run_success"] == 0)
        #expect((second["last_run_timestamp_seconds"] ?? 0) > (first["last_run_timestamp_seconds"] ?? .infinity), "\(second)")
        #expect(second["last_success_timestamp_seconds"] == first["last_success_timestamp_seconds"])
        #expect(second["last_size_bytes"] == first["last_size_bytes"])
        gateway = Self.backupMetrics(try await pushgateway.metrics(), labels: #"instance="127.0.0.1""#)
        #expect(gateway == second, "the Pushgateway has \(gateway), the textfile \(second)")
    }

    @Test("a first run that fails writes success 0 and no last success; the alert ShopMicroBackupMissing then has nothing to read")
    func firstRunFails() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-first-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let closed = try FreePort.find()
        let failed = try await Self.run("shopmicro-backup", ["--dir", folder.appendingPathComponent("dumps").path, "--textfile-dir", folder.path],
                                        databaseURL: "postgresql://shopmicro@127.0.0.1:\(closed)/none")
        #expect(failed.status == 1, "\(failed.output)")
        let textfile = folder.appendingPathComponent("shopmicro_backup.prom")
        let metrics = Self.backupMetrics(try String(contentsOf: textfile, encoding: .utf8))
        #expect(metrics["last_run_success"] == 0)
        #expect(metrics["last_run_timestamp_seconds"] != nil && metrics["last_duration_seconds"] != nil)
        #expect(metrics["last_success_timestamp_seconds"] == nil && metrics["last_size_bytes"] == nil, "\(metrics)")
        #expect(try await Self.promtoolCheck(textfile).status == 0)
    }

    @Test("without curl (the PostgreSQL image has none) the run pushes over bash's /dev/tcp; an unreachable Pushgateway is a warning, not a failed backup")
    func pushWithoutCurl() async throws {
        let postgres = try PostgresServer.shared()
        let database = try await postgres.createDatabase()
        let pushgateway = try await MonitoringDaemon.pushgateway()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-nocurl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A PATH with every tool of /usr/bin and PostgreSQL's pg_dump, but no curl.
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: "/usr/bin") where name != "curl" {
            try? FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent(name).path, withDestinationPath: "/usr/bin/\(name)")
        }
        try? FileManager.default.removeItem(at: bin.appendingPathComponent("pg_dump"))
        try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("pg_dump").path,
                                                   withDestinationPath: try PostgresServer.binaries.appendingPathComponent("pg_dump").path)
        func backup(_ gateway: String) async throws -> (status: Int32, output: String) {
            try await Tool.run("/usr/bin/env", ["PATH=\(bin.path)", "DATABASE_URL=\(database)", "/usr/bin/bash",
                                                Self.ops.appendingPathComponent("shopmicro-backup").path,
                                                "--dir", folder.appendingPathComponent("dumps").path, "--pushgateway", gateway])
        }
        let run = try await backup(pushgateway.baseURL + "/")
        #expect(run.status == 0, "\(run.output)")
        #expect(!run.output.contains("warning"), "\(run.output)")
        let gateway = Self.backupMetrics(try await pushgateway.metrics(), labels: #"job="shopmicro-backup""#)
        #expect(gateway["last_run_success"] == 1, "\(gateway)")
        #expect((gateway["last_size_bytes"] ?? 0) > 0, "\(gateway)")

        let unreachable = try await backup("http://127.0.0.1:\(try FreePort.find())")
        #expect(unreachable.status == 0, "\(unreachable.output)")
        #expect(unreachable.output.contains("warning: could not push the run's metrics"), "\(unreachable.output)")
    }

    @Test("bad arguments get one line and a usage exit code")
    func badArguments() async throws {
        let url = "postgresql://nobody@127.0.0.1:1/none"
        #expect(try await Self.run("shopmicro-backup", ["--keep", "zero"], databaseURL: url).status == 2)
        let scheme = try await Self.run("shopmicro-backup", ["--pushgateway", "pushgateway:9091"], databaseURL: url)
        #expect(scheme.status == 2)
        #expect(scheme.output.contains("--pushgateway must be an http(s):// URL"), "\(scheme.output)")
        let missing = try await Self.run("shopmicro-restore", ["/nonexistent.dump"], databaseURL: url)
        #expect(missing.status == 2)
        #expect(missing.output.contains("cannot read /nonexistent.dump"))
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString).dump")
        try "not a dump".write(to: garbage, atomically: true, encoding: .utf8)
        #expect(try await Self.run("shopmicro-restore", [garbage.path], databaseURL: url).status == 2)
    }
}

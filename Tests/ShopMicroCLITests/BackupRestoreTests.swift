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

    @Test("bad arguments get one line and a usage exit code")
    func badArguments() async throws {
        let url = "postgresql://nobody@127.0.0.1:1/none"
        #expect(try await Self.run("shopmicro-backup", ["--keep", "zero"], databaseURL: url).status == 2)
        let missing = try await Self.run("shopmicro-restore", ["/nonexistent.dump"], databaseURL: url)
        #expect(missing.status == 2)
        #expect(missing.output.contains("cannot read /nonexistent.dump"))
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString).dump")
        try "not a dump".write(to: garbage, atomically: true, encoding: .utf8)
        #expect(try await Self.run("shopmicro-restore", [garbage.path], databaseURL: url).status == 2)
    }
}

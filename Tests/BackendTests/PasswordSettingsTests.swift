import Foundation
import TestSupport
import Testing

/// Passwords given apart from the URLs, as Kubernetes Secrets and systemd credentials give them.
@Suite("Database and Redis passwords from variables and files")
struct PasswordSettingsTests {
    /// Writes `contents` to a new file readable only by its owner; returns its path.
    static func secretFile(_ contents: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-secret-\(UUID().uuidString)")
        try Data(contents.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: url.path)
        TestCleanup.atExit { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    @Test("DATABASE_PASSWORD_FILE and REDIS_PASSWORD_FILE log in to servers that require passwords")
    func passwordsFromFiles() async throws {
        let postgres = try PostgresServer(password: "pg:secret/with@characters")
        let redis = try RedisServer(password: "redis:secret/with@characters")
        let environment = [
            "REDIS_URL": "redis://127.0.0.1:\(redis.port)/0",
            "DATABASE_PASSWORD_FILE": try Self.secretFile((postgres.password ?? "") + "\n"),
            "REDIS_PASSWORD_FILE": try Self.secretFile(redis.password ?? ""),
        ]
        let backend = try await BackendUnderTest(postgres: postgres, redis: redis, environment: environment)
        #expect(try await backend.send(.GET, "/readyz").json()["status"] as? String == "ready")
        let session = BackendUnderTest.newSession()
        #expect(try await backend.addToCart(session: session, productID: 1, quantity: 1).status == .created)
        #expect(!backend.process.stdout().contains("secret/with"), "no log line shows a password")

        let withoutPassword = try await ServiceProcess("backend", environment: [
            "DATABASE_URL": backend.databaseURL, "REDIS_URL": environment["REDIS_URL"] ?? "",
            "DATABASE_STARTUP_TIMEOUT_SECONDS": "0",
        ], waitUntilHealthy: false)
        #expect(try await withoutPassword.waitForExit() != 0, "PostgreSQL refuses a backend without the password")
    }

    @Test("REDIS_PASSWORD wins over a wrong password in REDIS_URL; without any, Redis refuses and readiness says degraded")
    func redisPasswordVariableWinsOverURL() async throws {
        let redis = try RedisServer(password: "another-secret")
        let backend = try await BackendUnderTest(redis: redis, environment: [
            "REDIS_URL": "redis://:wrong@127.0.0.1:\(redis.port)/0", "REDIS_PASSWORD": redis.password ?? "",
        ])
        let session = BackendUnderTest.newSession()
        #expect(try await backend.addToCart(session: session, productID: 1, quantity: 1).status == .created)

        let unauthenticated = try await ServiceProcess("backend", environment: [
            "DATABASE_URL": backend.databaseURL, "REDIS_URL": "redis://127.0.0.1:\(redis.port)/0",
        ])
        #expect(try await HTTP.get(unauthenticated.baseURL + "/readyz").json()["status"] as? String == "degraded")
    }

    @Test("a secret given twice, or from a missing or empty file, stops the backend naming the variable, never the value",
          arguments: [
              (["REDIS_PASSWORD": "value-one", "REDIS_PASSWORD_FILE": "/etc/hostname"], "REDIS_PASSWORD_FILE"),
              (["DATABASE_PASSWORD_FILE": "/nonexistent/secret"], "DATABASE_PASSWORD_FILE"),
              (["DATABASE_PASSWORD_FILE": "/dev/null"], "DATABASE_PASSWORD_FILE"),
          ])
    func badSecretSettings(environment: [String: String], variable: String) async throws {
        let service = try await ServiceProcess("backend", environment: environment, waitUntilHealthy: false)
        #expect(try await service.waitForExit() == 2)
        #expect(service.stderr().contains(variable), "stderr: \(service.stderr())")
        #expect(!service.stderr().contains("value-one"))
    }
}

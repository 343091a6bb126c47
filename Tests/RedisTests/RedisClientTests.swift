import Redis
import TestSupport
import Testing

@Suite("Redis client against a real redis-server")
struct RedisClientTests {
    @Test("REDIS_URL forms", arguments: [
        ("redis://127.0.0.1:6380/2", RedisConfiguration(host: "127.0.0.1", port: 6380, database: 2)),
        ("redis://cache", RedisConfiguration(host: "cache", port: 6379)),
        ("redis://:s3cret@cache:7000/0", RedisConfiguration(host: "cache", port: 7000, password: "s3cret")),
        ("redis://app:p%40ss@cache:7000", RedisConfiguration(host: "cache", port: 7000, username: "app", password: "p@ss")),
    ])
    func parsesURLs(url: String, expected: RedisConfiguration) throws {
        #expect(try RedisConfiguration(url: url) == expected)
    }

    @Test("bad REDIS_URLs are refused with a reason", arguments: [
        "http://cache:6379", "redis://", "redis://cache:port", "redis://cache:6379/99", "redis://cache:70000",
    ])
    func refusesBadURLs(url: String) {
        #expect(throws: RedisURLError.self) { try RedisConfiguration(url: url) }
    }

    @Test("commands and pipelines round-trip values, including binary-unsafe looking text")
    func commands() async throws {
        let server = try RedisServer()
        let client = RedisClient(configuration: try RedisConfiguration(url: server.url))
        defer { Task { await client.shutdown() } }
        let text = "quote \" space \r\n nul \u{0} 日本語"
        try await client.command("SET", "k", text)
        try await client.command("SET", "empty", "")
        #expect(try await client.command("GET", "empty").string == "")
        #expect(try await client.command("GET", "k").string == text)
        #expect(try await client.command("GET", "missing") == .null)
        let replies = try await client.pipeline([["HSET", "h", "a", "1", "b", "2"], ["HINCRBY", "h", "a", "5"], ["HGETALL", "h"]])
        #expect(replies[1].integer == 6)
        #expect(replies[2].pairs == ["a": "6", "b": "2"])
        await #expect(throws: RedisError.self) { try await client.command("HGETALL", "k") }  // WRONGTYPE
        #expect(await client.ping())
    }

    @Test("a password-protected server needs the URL's password")
    func authentication() async throws {
        let server = try RedisServer(password: "test-only-password")
        let good = RedisClient(configuration: try RedisConfiguration(url: server.url))
        let bad = RedisClient(configuration: try RedisConfiguration(url: "redis://:wrong@127.0.0.1:\(server.port)/0"))
        defer { Task { await good.shutdown(); await bad.shutdown() } }
        #expect(await good.ping())
        #expect(await bad.ping() == false)
    }

    @Test("with the server down calls fail fast as unavailable; when it is back the client recovers")
    func outageAndRecovery() async throws {
        let server = try RedisServer()
        let client = RedisClient(configuration: try RedisConfiguration(url: server.url))
        defer { Task { await client.shutdown() } }
        try await client.command("SET", "k", "v")
        server.stop()
        for _ in 0..<3 {
            do {
                try await client.command("GET", "k")
                Issue.record("GET should fail while the server is down")
            } catch {
                guard case .unavailable = error else { throw error }
            }
        }
        try server.start()
        var recovered = false
        for _ in 0..<40 where !recovered {  // the back-off after a failed connect is 250 ms
            recovered = await client.ping()
            if !recovered { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(recovered)
        #expect(try await client.command("GET", "k") == .null)  // a fresh server without persistence
    }
}

import Foundation
import NIOHTTP1

/// A real backend process on its own database and, by default, its own redis-server.
public final class BackendUnderTest: @unchecked Sendable {
    public let postgres: PostgresServer
    public let redis: RedisServer
    public let databaseURL: String
    public let process: ServiceProcess

    public init(postgres: PostgresServer? = nil, redis: RedisServer? = nil, environment: [String: String] = [:],
                port: Int? = nil) async throws {
        self.postgres = try postgres ?? PostgresServer.shared()
        self.redis = try redis ?? RedisServer()
        databaseURL = try await self.postgres.createDatabase()
        process = try await ServiceProcess("backend", environment: [
            "DATABASE_URL": databaseURL, "REDIS_URL": self.redis.url, "DATABASE_STATEMENT_TIMEOUT_MS": "2000",
        ].merging(environment) { _, new in new }, port: port)
    }

    public var baseURL: String { process.baseURL }

    /// Runs SQL on this backend's database (assertions and fixtures).
    @discardableResult
    public func sql(_ query: String) async throws -> String {
        try await postgres.psql(database: PostgresServer.databaseName(of: databaseURL), query)
    }

    public func count(_ table: String) async throws -> Int {
        Int(try await sql("SELECT count(*) FROM \(table)")) ?? -1
    }

    public func stock(of productID: Int) async throws -> Int {
        Int(try await sql("SELECT stock FROM products WHERE id = \(productID)")) ?? -1
    }

    /// Sends a request; `json` is serialised as the body with `Content-Type: application/json`.
    public func send(_ method: HTTPMethod, _ path: String, session: String? = nil, headers: [(String, String)] = [],
              json: Any? = nil) async throws -> HTTP.Reply {
        var allHeaders = headers
        if let session { allHeaders.append(("X-Session-ID", session)) }
        var body: [UInt8]?
        if let json {
            allHeaders.append(("Content-Type", "application/json"))
            body = Array(try JSONSerialization.data(withJSONObject: json))
        }
        return try await HTTP.send(method, baseURL + path, headers: allHeaders, body: body)
    }

    public func addToCart(session: String, productID: Int, quantity: Int) async throws -> HTTP.Reply {
        try await send(.POST, "/api/cart/items", session: session, json: ["product_id": productID, "quantity": quantity])
    }

    public func checkout(session: String, key: String) async throws -> HTTP.Reply {
        try await send(.POST, "/api/orders", session: session, headers: [("Idempotency-Key", key)], json: Self.checkoutBody)
    }

    public static var checkoutBody: [String: Any] { [
        "email": "ada@example.com",
        "shipping_address": ["name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London",
                             "postal_code": "SW1Y 4JH", "country": "GB"],
    ] }

    public static func newSession() -> String { "test-" + UUID().uuidString.lowercased() }

    /// The value of one sample of the backend's `/metrics`, 0 when absent.
    public func metric(_ series: String) async throws -> Double {
        try await process.metric(series)
    }
}

extension HTTP.Reply {
    /// Asserts nothing; returns the contract's error body parts, or nil when the body is not one.
    public var errorBody: (code: String, message: String, traceID: String)? {
        guard let error = (try? json())?["error"] as? [String: Any],
              let code = error["code"] as? String, let message = error["message"] as? String,
              let traceID = error["trace_id"] as? String else { return nil }
        return (code, message, traceID)
    }
}

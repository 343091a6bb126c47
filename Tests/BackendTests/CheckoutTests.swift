import Foundation
import TestSupport
import Testing

@Suite("Backend checkout on real PostgreSQL and Redis")
struct CheckoutTests {
    @Test("checkout writes the order, decrements stock, empties the cart; the same key replays it")
    func checkoutIsIdempotent() async throws {
        let backend = try await BackendUnderTest()
        let session = BackendUnderTest.newSession()
        let stock = try await backend.stock(of: 10)
        _ = try await backend.addToCart(session: session, productID: 10, quantity: 2)
        _ = try await backend.addToCart(session: session, productID: 11, quantity: 1)
        let key = UUID().uuidString

        let created = try await backend.checkout(session: session, key: key)
        #expect(created.status == .created)
        let order = try created.json()
        let id = try #require(order["id"] as? String)
        #expect((order["items"] as? [Any])?.count == 2)
        #expect(try await backend.stock(of: 10) == stock - 2)
        #expect(try await backend.send(.GET, "/api/cart", session: session).json()["item_count"] as? Int == 0)

        let replay = try await backend.checkout(session: session, key: key)
        #expect(replay.status == .ok)
        #expect(replay.headers["Idempotent-Replayed"].first == "true")
        #expect(try replay.json()["id"] as? String == id)
        #expect(try await backend.count("orders") == 1)
        #expect(try await backend.stock(of: 10) == stock - 2)

        let fetched = try await backend.send(.GET, "/api/orders/\(id)").json()
        #expect(fetched["total_cents"] as? Int == order["total_cents"] as? Int)
        let history = try await backend.send(.GET, "/internal/order-history").json()
        let entry = try #require((history["orders"] as? [[String: Any]])?.first)
        #expect(entry["product_ids"] as? [Int] == [10, 11])
        #expect(try await backend.metric("shopmicro_orders_total") == 1)

        let stranger = try await backend.checkout(session: BackendUnderTest.newSession(), key: key)
        #expect(stranger.status == .conflict)
        #expect(stranger.errorBody?.code == "idempotency_key_reused")
    }

    @Test("checking out more than the stock is a 409 that writes nothing")
    func insufficientStockWritesNothing() async throws {
        let backend = try await BackendUnderTest()
        try await backend.sql("UPDATE products SET stock = 3 WHERE id = 20")
        let session = BackendUnderTest.newSession()
        _ = try await backend.addToCart(session: session, productID: 21, quantity: 1)
        _ = try await backend.addToCart(session: session, productID: 20, quantity: 5)
        let stockOf21 = try await backend.stock(of: 21)
        let reply = try await backend.checkout(session: session, key: UUID().uuidString)
        #expect(reply.status == .conflict)
        #expect(reply.errorBody?.code == "insufficient_stock")
        #expect(try await backend.stock(of: 20) == 3)
        #expect(try await backend.stock(of: 21) == stockOf21)  // the line that fit was rolled back too
        #expect(try await backend.count("orders") == 0)
        #expect(try await backend.count("order_items") == 0)
        #expect(try await backend.send(.GET, "/api/cart", session: session).json()["item_count"] as? Int == 6)
    }

    @Test("50 concurrent checkouts of a product with stock 10 make exactly 10 orders and stock 0")
    func concurrentCheckoutsNeverOversell() async throws {
        let backend = try await BackendUnderTest()
        try await backend.sql("UPDATE products SET stock = 10 WHERE id = 30")
        let sessions = (0..<50).map { _ in BackendUnderTest.newSession() }
        for session in sessions {
            #expect(try await backend.addToCart(session: session, productID: 30, quantity: 1).status == .created)
        }
        let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
            for session in sessions {
                group.addTask { try await backend.checkout(session: session, key: UUID().uuidString).status.code }
            }
            return try await group.reduce(into: [UInt]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 10)
        #expect(statuses.filter { $0 == 409 }.count == 40)
        #expect(try await backend.stock(of: 30) == 0)
        #expect(try await backend.count("orders") == 10)
        #expect(try await backend.sql("SELECT coalesce(sum(quantity), 0) FROM order_items WHERE product_id = 30") == "10")
    }

    @Test("two backends starting together on an empty database migrate and seed it once")
    func concurrentStartMigratesOnce() async throws {
        let postgres = try PostgresServer.shared()
        let url = try await postgres.createDatabase()
        let redis = try RedisServer()
        async let first = ServiceProcess("backend", environment: ["DATABASE_URL": url, "REDIS_URL": redis.url])
        async let second = ServiceProcess("backend", environment: ["DATABASE_URL": url, "REDIS_URL": redis.url])
        let backends = try await [first, second]
        for backend in backends {
            #expect(try await HTTP.get(backend.baseURL + "/readyz").status == .ok)
        }
        let database = PostgresServer.databaseName(of: url)
        #expect(try await postgres.psql(database: database, "SELECT count(*) FROM schema_migrations") == "2")
        #expect(try await postgres.psql(database: database, "SELECT count(*) FROM products") == "72")
    }
}

import Foundation
import TestSupport
import Testing

@Suite("Backend under Redis and PostgreSQL outages")
struct OutageTests {
    @Test("Redis down: catalog still served from PostgreSQL, readiness degraded, carts 503; Redis back: normal")
    func redisOutage() async throws {
        let backend = try await BackendUnderTest()
        let session = BackendUnderTest.newSession()
        #expect(try await backend.addToCart(session: session, productID: 1, quantity: 1).status == .created)
        backend.redis.stop()

        #expect(try await backend.send(.GET, "/api/products/2").status == .ok)
        #expect(try await backend.send(.GET, "/api/products?category=books").json()["total"] as? Int == 9)
        #expect(try await backend.send(.GET, "/api/categories").status == .ok)
        let ready = try await backend.send(.GET, "/readyz")
        #expect(ready.status == .ok)
        #expect(try ready.json()["status"] as? String == "degraded")
        let cart = try await backend.send(.GET, "/api/cart", session: session)
        #expect(cart.status == .serviceUnavailable)
        #expect(cart.errorBody?.code == "cart_unavailable")
        #expect(try await backend.metric(#"cache_requests_total{cache_name="product",result="error"}"#) >= 1)

        try backend.redis.start()
        #expect(try await eventually { try await backend.send(.GET, "/api/cart", session: session).status == .ok })
        #expect(try await backend.send(.GET, "/readyz").json()["status"] as? String == "ready")
    }

    @Test("PostgreSQL down: fast 503s and not ready; back: recovered, and no order lost or written twice")
    func postgresOutage() async throws {
        let postgres = try PostgresServer()  // private: this test stops it
        let backend = try await BackendUnderTest(postgres: postgres)
        let session = BackendUnderTest.newSession()
        _ = try await backend.addToCart(session: session, productID: 40, quantity: 1)
        #expect(try await backend.checkout(session: session, key: "before-outage").status == .created)

        _ = try await backend.addToCart(session: session, productID: 41, quantity: 2)
        try await postgres.stop()
        let started = ContinuousClock.now
        let product = try await backend.send(.GET, "/api/products?q=lamp")
        #expect(product.status == .serviceUnavailable)
        #expect(product.errorBody?.code == "database_unavailable")
        #expect(ContinuousClock.now - started < .seconds(10), "a request with the database down must fail fast")
        #expect(try await backend.send(.GET, "/readyz").status == .serviceUnavailable)
        let during = try await backend.checkout(session: session, key: "during-outage")
        #expect(during.status == .serviceUnavailable)

        try await postgres.start()
        #expect(try await eventually { try await backend.send(.GET, "/readyz").status == .ok })
        let retried = try await backend.checkout(session: session, key: "during-outage")
        #expect(retried.status == .created)
        #expect(try await backend.checkout(session: session, key: "during-outage").status == .ok)
        let orders = try await backend.sql("SELECT idempotency_key FROM orders ORDER BY sequence")
        #expect(orders == "before-outage\nduring-outage")
        #expect(try await backend.sql("SELECT count(*) FROM order_items WHERE product_id = 41") == "1")
    }
}

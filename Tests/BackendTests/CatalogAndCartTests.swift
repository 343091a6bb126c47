import Foundation
import TestSupport
import Testing

@Suite("Backend catalog and cart on real PostgreSQL and Redis")
struct CatalogAndCartTests {
    @Test("the seeded catalog lists, filters, searches and pages")
    func catalogQueries() async throws {
        let backend = try await BackendUnderTest()
        let all = try await backend.send(.GET, "/api/products?limit=100").json()
        #expect(all["total"] as? Int == 72)
        #expect((all["products"] as? [Any])?.count == 72)

        let categories = try #require(try await backend.send(.GET, "/api/categories").json()["categories"] as? [[String: Any]])
        #expect(categories.count == 8)
        #expect(categories.allSatisfy { $0["product_count"] as? Int == 9 })

        let kitchen = try await backend.send(.GET, "/api/products?category=kitchen&limit=5&offset=5").json()
        #expect(kitchen["total"] as? Int == 9)
        let page = try #require(kitchen["products"] as? [[String: Any]])
        #expect(page.count == 4)
        #expect(page.allSatisfy { $0["category"] as? String == "kitchen" })

        let search = try await backend.send(.GET, "/api/products?q=KNIFE").json()
        let found = search["products"] as? [[String: Any]] ?? []
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { product in
            ["name", "description"].contains { ((product[$0] as? String) ?? "").lowercased().contains("knife") }
        })
        #expect(found.contains { ($0["name"] as? String)?.contains("Chef's Knife") == true })

        // `%` is a literal percent sign, not a LIKE wildcard matching everything.
        let percent = Int(try await backend.sql("SELECT count(*) FROM products WHERE strpos(name || description, '%') > 0"))
        let wildcard = try await backend.send(.GET, "/api/products?q=%25").json()
        #expect(wildcard["total"] as? Int == percent)
        #expect(percent != 72)
    }

    @Test("a product read goes through the Redis cache and reflects stock changes after checkout")
    func productCacheIsInvalidatedByCheckout() async throws {
        let backend = try await BackendUnderTest()
        let first = try await backend.send(.GET, "/api/products/3").json()
        let second = try await backend.send(.GET, "/api/products/3").json()
        #expect(first["stock"] as? Int == second["stock"] as? Int)
        #expect(try await backend.metric(#"cache_requests_total{cache_name="product",result="hit"}"#) >= 1)
        let stock = try #require(first["stock"] as? Int)

        let session = BackendUnderTest.newSession()
        #expect(try await backend.addToCart(session: session, productID: 3, quantity: 2).status == .created)
        #expect(try await backend.checkout(session: session, key: UUID().uuidString).status == .created)
        #expect(try await backend.send(.GET, "/api/products/3").json()["stock"] as? Int == stock - 2)
        let list = try await backend.send(.GET, "/api/products?limit=3").json()["products"] as? [[String: Any]]
        #expect(list?.first { $0["id"] as? Int == 3 }?["stock"] as? Int == stock - 2)
    }

    @Test("a replica's in-process cache learns of another replica's checkout through Redis pub/sub")
    func localCachesAreInvalidatedAcrossReplicas() async throws {
        let first = try await BackendUnderTest()
        let second = try await ServiceProcess("backend", environment: ["DATABASE_URL": first.databaseURL, "REDIS_URL": first.redis.url])
        let stock = try #require(try await HTTP.get(second.baseURL + "/api/products/4").json()["stock"] as? Int)
        _ = try await HTTP.get(second.baseURL + "/api/products/4")  // now in the second replica's memory
        let session = BackendUnderTest.newSession()
        _ = try await first.addToCart(session: session, productID: 4, quantity: 3)
        #expect(try await first.checkout(session: session, key: UUID().uuidString).status == .created)
        // Well within the in-process cache's 60 s lifetime: only the pub/sub message can explain it.
        var seen = stock
        let deadline = ContinuousClock.now + .seconds(10)
        while seen == stock, ContinuousClock.now < deadline {
            seen = try await HTTP.get(second.baseURL + "/api/products/4").json()["stock"] as? Int ?? stock
            if seen == stock { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(seen == stock - 3)
    }

    @Test("a cart adds, accumulates, updates and removes lines, priced from the catalog")
    func cartLifecycle() async throws {
        let backend = try await BackendUnderTest()
        let session = BackendUnderTest.newSession()
        #expect(try await backend.addToCart(session: session, productID: 1, quantity: 2).status == .created)
        let cart = try await backend.addToCart(session: session, productID: 1, quantity: 1).json()
        let line = try #require((cart["items"] as? [[String: Any]])?.first)
        #expect(line["quantity"] as? Int == 3)
        let price = try #require(line["unit_price_cents"] as? Int)
        #expect(cart["total_cents"] as? Int == 3 * price)

        let updated = try await backend.send(.PUT, "/api/cart/items/1", session: session, json: ["quantity": 5]).json()
        #expect(updated["item_count"] as? Int == 5)
        #expect(try await backend.send(.DELETE, "/api/cart/items/1", session: session).status == .ok)
        let empty = try await backend.send(.GET, "/api/cart", session: session).json()
        #expect((empty["items"] as? [Any])?.isEmpty == true)
        #expect(try await backend.send(.DELETE, "/api/cart/items/1", session: session).status == .notFound)

        let other = try await backend.send(.GET, "/api/cart", session: BackendUnderTest.newSession()).json()
        #expect(other["item_count"] as? Int == 0)
        #expect(try await backend.metric("shopmicro_cart_additions_total") == 3)
    }
}

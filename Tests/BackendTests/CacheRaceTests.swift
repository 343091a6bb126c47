import Foundation
import TestSupport
import Testing

@Suite("The Redis cache never keeps a body loaded before an invalidation")
struct CacheRaceTests {
    /// Two replicas on one database and Redis; the reader reaches PostgreSQL through a proxy that holds
    /// its answers back. The reader's product read misses the cache and loads the product (PostgreSQL
    /// answers with the stock as it is), the writer's checkout commits and invalidates while that answer
    /// is held, and only then does the reader get it and finish its read. Before the Redis write was a
    /// compare-and-set on the key's generation, that read stored the old body, and every replica served
    /// the old stock until the TTL.
    @Test("a product loaded before a checkout's invalidation is not written to Redis after it")
    func productLoadedBeforeInvalidationIsNotCached() async throws {
        let productID = 9
        let race = try await Self.readRacingCheckout(of: productID, path: "/api/products/\(productID)",
                                                     heldSQL: "FROM products WHERE id = $1")
        #expect(try race.answer.json()["stock"] as? Int == race.stock, "the read began before the checkout")

        let cached = try await race.writer.redis.cli("GET", "product:\(productID)")
        #expect(cached.isEmpty || cached.contains(#""stock":\#(race.stock - 2)"#), "Redis holds the old body: \(cached)")
        #expect(try await race.writer.send(.GET, "/api/products/\(productID)").json()["stock"] as? Int == race.stock - 2)
        let third = try await ServiceProcess("backend", environment: ["DATABASE_URL": race.writer.databaseURL, "REDIS_URL": race.writer.redis.url])
        #expect(try await HTTP.get(third.baseURL + "/api/products/\(productID)").json()["stock"] as? Int == race.stock - 2)
    }

    /// The same race for the batched read (`GET /api/products?ids=…`), which loads the products that
    /// neither cache holds in one query and stores them with one compare-and-set each.
    @Test("products loaded by a batched read before a checkout's invalidation are not written to Redis after it")
    func batchLoadedBeforeInvalidationIsNotCached() async throws {
        let (bought, other) = (11, 12)
        let race = try await Self.readRacingCheckout(of: bought, path: "/api/products?ids=\(other),\(bought)",
                                                     heldSQL: "FROM products WHERE id = ANY($1")
        let products = try #require(try race.answer.json()["products"] as? [[String: Any]])
        #expect(products.compactMap { $0["id"] as? Int } == [bought, other])
        #expect(products.first?["stock"] as? Int == race.stock, "the read began before the checkout")

        let cached = try await race.writer.redis.cli("GET", "product:\(bought)")
        #expect(cached.isEmpty || cached.contains(#""stock":\#(race.stock - 2)"#), "Redis holds the old body: \(cached)")
        // The product the checkout did not touch was stored.
        #expect(try await race.writer.redis.cli("EXISTS", "product:\(other)") == "1")
        let third = try await ServiceProcess("backend", environment: ["DATABASE_URL": race.writer.databaseURL, "REDIS_URL": race.writer.redis.url])
        let fresh = try await HTTP.get(third.baseURL + "/api/products?ids=\(bought)").json()["products"] as? [[String: Any]]
        #expect(fresh?.first?["stock"] as? Int == race.stock - 2)
    }

    /// Runs the race: a reader replica starts `GET path`, whose load of `productID` is the statement
    /// with `heldSQL`; once PostgreSQL has answered it (the answer held by the proxy), the writer replica
    /// checks out 2 units of that product; then the reader gets its answer. Returns the writer, the
    /// read's reply (200) and the product's stock before the checkout.
    private static func readRacingCheckout(of productID: Int, path: String, heldSQL: String) async throws
        -> (writer: BackendUnderTest, answer: HTTP.Reply, stock: Int) {
        let writer = try await BackendUnderTest()
        let proxy = try PausingProxy(targetPort: writer.postgres.port)
        defer { proxy.stop() }
        let proxiedURL = writer.databaseURL.replacingOccurrences(of: ":\(writer.postgres.port)/", with: ":\(proxy.port)/")
        let reader = try await ServiceProcess("backend", environment: ["DATABASE_URL": proxiedURL, "REDIS_URL": writer.redis.url])
        let stock = try await writer.stock(of: productID)
        let sku = try await writer.sql("SELECT sku FROM products WHERE id = \(productID)")

        // The reader's first such read prepares its statement; the answer to its execution is held.
        proxy.hold(afterClientSends: heldSQL)
        let read = Task { try await HTTP.get(reader.baseURL + path) }
        // The row is in the held bytes: PostgreSQL has answered the read, before the checkout.
        try #require(try await eventually { proxy.heldBytes.containsSequence(Array(sku.utf8)) },
                     "PostgreSQL's answer to the read never came")

        let session = BackendUnderTest.newSession()
        #expect(try await writer.addToCart(session: session, productID: productID, quantity: 2).status == .created)
        #expect(try await writer.checkout(session: session, key: UUID().uuidString).status == .created)

        proxy.release()
        let answer = try await read.value
        #expect(answer.status == .ok)
        return (writer, answer, stock)
    }
}

import Foundation
import TestSupport
import Testing

/// The storefront's page cache (REDIS_URL set): pages are reused, yet every shopper gets their own
/// CSRF token and the request's trace id, and stock is fresh after a checkout wherever it happened.
@Suite("Storefront page cache")
struct PageCacheTests {
    static let traceID = "0af7651916cd43dd8448eb211c80319c"

    @Test("cached pages carry each shopper's CSRF token and trace id, show fresh stock after checkouts here and elsewhere, and only changed products' pages are dropped")
    func cachedPagesStayCorrect() async throws {
        // A password on Redis: the storefront's subscriber authenticates like the backend does.
        let redis = try RedisServer(password: "cache-test-pw")
        let backend = try await BackendUnderTest(redis: redis)
        let ml = try await ServiceProcess("ml-service", environment: ["BACKEND_URL": backend.baseURL])
        let frontend = try await ServiceProcess("frontend", environment: [
            "BACKEND_URL": backend.baseURL, "ML_URL": ml.baseURL, "REDIS_URL": redis.url,
            // Long enough that only an invalidation can refresh a page during the test.
            "PAGE_CACHE_TTL_MS": "300000",
        ])
        // The backend's subscriber and the storefront's.
        #expect(try await eventually { try Self.subscribers(redis) == 2 })
        // Operators see it on: the gauge and a log line naming the cache.
        #expect(try await eventually { try await frontend.metric(#"cache_enabled{cache_name="page"}"#) == 1 })
        #expect(frontend.stdout().contains(#""message":"cache on: its invalidation channel is subscribed""#))

        let ada = Shopper(baseURL: frontend.baseURL)
        let first = try await ada.get("/products/1")
        #expect(first.status == .ok)
        #expect(first.main.contains("max=\"85\""))
        // The miss that rendered the page filled its holes for this shopper too.
        #expect(Shopper.hiddenValue("csrf_token", in: first.text) == ada.cookies["sm_csrf"])
        // Changed behind the backend's back (no invalidation): the cached page still shows 85, so it is cached.
        _ = try await backend.sql("UPDATE products SET stock = 80 WHERE id = 1")
        let cached = try await ada.get("/products/1", headers: [("traceparent", "00-\(Self.traceID)-00f067aa0ba902b7-01")])
        #expect(cached.main.contains("max=\"85\""))
        #expect(cached.main.contains("<h1>Chef&#39;s Knife, 20 cm</h1>"))
        #expect(cached.text.contains("<code class=\"trace-id\">\(Self.traceID)</code>"))
        // One miss (the first view), one hit (this one), counted under the cache's name.
        #expect(try await frontend.metric(#"cache_requests_total{cache_name="page",result="miss"}"#) == 1)
        #expect(try await frontend.metric(#"cache_requests_total{cache_name="page",result="hit"}"#) == 1)

        // Each shopper's own token, the one in their cookie; a new shopper gets cookies with it.
        let adaToken = try #require(Shopper.hiddenValue("csrf_token", in: cached.text))
        #expect(adaToken == ada.cookies["sm_csrf"])
        let grace = Shopper(baseURL: frontend.baseURL)
        let other = try await grace.get("/products/1")
        #expect(other.headers["Set-Cookie"].contains { $0.hasPrefix("sm_csrf=") })
        let graceToken = try #require(Shopper.hiddenValue("csrf_token", in: other.text))
        #expect(graceToken == grace.cookies["sm_csrf"])
        #expect(graceToken != adaToken)
        #expect(!other.text.contains(adaToken))

        // A checkout through this storefront: the very next page shows the new stock (80 - 2).
        _ = try await ada.post("/cart/items", form: [("csrf_token", adaToken), ("product_id", "1"), ("quantity", "2")])
        let form = try await ada.get("/checkout")
        let key = try #require(Shopper.hiddenValue("idempotency_key", in: form.text))
        let placed = try await ada.post("/checkout", form: [
            ("csrf_token", adaToken), ("idempotency_key", key), ("email", "ada@example.com"), ("name", "Ada Lovelace"),
            ("line1", "12 St James's Square"), ("line2", ""), ("city", "London"), ("postal_code", "SW1Y 4JH"), ("country", "gb"),
        ])
        #expect(placed.status == .seeOther)
        #expect(try await ada.get("/products/1").main.contains("max=\"78\""))
        #expect(try await ada.get("/products/1").main.contains("max=\"78\""))  // cached again

        // A checkout elsewhere (another storefront replica, or the API): the invalidation reaches this one.
        let session = BackendUnderTest.newSession()
        #expect(try await backend.addToCart(session: session, productID: 1, quantity: 3).status == .created)
        #expect(try await backend.checkout(session: session, key: UUID().uuidString).status == .created)
        #expect(try await backend.stock(of: 1) == 75)
        #expect(try await eventually { try await ada.get("/products/1").main.contains("max=\"75\"") })

        // Category pages are cached too, and escape as before; an invalidation drops only the pages
        // that show a changed product: the kitchen page (product 1), not the garden page.
        #expect(try await ada.get("/?category=kitchen").main.contains("Chef&#39;s Knife, 20 cm"))
        #expect(try await ada.get("/?category=garden").main.contains("Bypass Pruning Shears"))
        _ = try await backend.sql("UPDATE products SET name = 'Knife <b>renamed</b>' WHERE id = 1")
        _ = try await backend.sql("UPDATE products SET name = 'Shears renamed' WHERE sku = 'GAR-PRUNING-SHEARS'")
        #expect(try await ada.get("/?category=kitchen").main.contains("Chef&#39;s Knife, 20 cm"))
        #expect(try await ada.get("/?category=garden").main.contains("Bypass Pruning Shears"))
        let another = BackendUnderTest.newSession()
        #expect(try await backend.addToCart(session: another, productID: 1, quantity: 1).status == .created)
        #expect(try await backend.checkout(session: another, key: UUID().uuidString).status == .created)
        #expect(try await eventually {
            try await ada.get("/?category=kitchen").main.contains("Knife &lt;b&gt;renamed&lt;/b&gt;")
        })
        #expect(try await ada.get("/products/1").main.contains("max=\"74\""))
        #expect(try await ada.get("/?category=garden").main.contains("Bypass Pruning Shears"))

        // Without the invalidation channel the cache is off: a change behind the backend's back shows at once.
        redis.stop()
        _ = try await backend.sql("UPDATE products SET stock = 70 WHERE id = 1")
        #expect(try await eventually { try await ada.get("/?category=garden").main.contains("Shears renamed") })
        #expect(try await eventually { try await ada.get("/products/1").main.contains("max=\"70\"") })
        #expect(try await frontend.metric(#"cache_enabled{cache_name="page"}"#) == 0)
        #expect(frontend.stdout().contains(#""message":"cache off until its invalidation channel is subscribed again""#))
    }

    /// How many clients subscribe to the backend's invalidation channel.
    static func subscribers(_ redis: RedisServer) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        process.arguments = ["-p", String(redis.port), "--no-auth-warning"] + (redis.password.map { ["-a", $0] } ?? [])
            + ["PUBSUB", "NUMSUB", "catalog:invalidations"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        return lines.count == 2 ? Int(lines[1].trimmingCharacters(in: .whitespaces)) ?? 0 : 0
    }
}

import Foundation
import TestSupport
import Testing

@Suite("Storefront against the real backend and ml-service")
struct StorefrontTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let traceparent = "00-\(traceID)-00f067aa0ba902b7-01"

    @Test("home, search, product, cart, checkout with validation, confirmation; a double submit places one order")
    func shopperJourney() async throws {
        let shop = try await StorefrontUnderTest()
        let shopper = shop.shopper()

        let home = try await shopper.get("/")
        #expect(home.status == .ok)
        #expect(home.headers["Content-Type"].first == "text/html; charset=utf-8")
        #expect(home.main.contains("Kitchen &amp; Dining"))
        #expect(home.main.contains("72 products"))
        let cookie = try #require(home.headers["Set-Cookie"].first { $0.hasPrefix("sm_session=") })
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))

        let search = try await shopper.get("/?q=whetstone")
        #expect(search.main.contains("Whetstone Set, 1000/6000 Grit"))
        #expect(!search.main.contains("French Press"))

        let product = try await shopper.get("/products/1")
        #expect(product.status == .ok)
        #expect(product.main.contains("<h1>Chef&#39;s Knife, 20 cm</h1>"))
        #expect(product.main.contains("$79.99"))
        #expect(product.main.contains("You may also like"))  // the fallback: no orders yet
        let csrf = try #require(Shopper.hiddenValue("csrf_token", in: product.text))

        let added = try await shopper.post("/cart/items", form: [("csrf_token", csrf), ("product_id", "1"), ("quantity", "2")])
        #expect(added.status == .seeOther)
        #expect(added.location == "/cart")
        let cart = try await shopper.get("/cart")
        #expect(cart.main.contains("Chef&#39;s Knife, 20 cm"))
        #expect(cart.main.contains("$159.98"))

        let updated = try await shopper.post("/cart/items/1", form: [("csrf_token", csrf), ("quantity", "3")])
        #expect(updated.status == .seeOther)
        #expect(try await shopper.get("/cart").main.contains("$239.97"))

        let form = try await shopper.get("/checkout")
        #expect(form.status == .ok)
        let key = try #require(Shopper.hiddenValue("idempotency_key", in: form.text))
        let invalid = try await shopper.post("/checkout", form: [
            ("csrf_token", csrf), ("idempotency_key", key), ("email", "not-an-email"), ("name", "<script>alert(1)</script>"),
            ("line1", ""), ("city", "Springfield"), ("postal_code", "12345"), ("country", "USA"),
        ])
        #expect(invalid.status.code == 422)
        #expect(invalid.main.contains("Enter an email address like name@example.com."))
        #expect(invalid.main.contains("Enter your address."))
        #expect(invalid.main.contains("Enter the two-letter country code"))
        #expect(invalid.main.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!invalid.text.contains("<script>alert"))
        #expect(try await shop.backend.count("orders") == 0)

        let valid: [(String, String)] = [
            ("csrf_token", csrf), ("idempotency_key", key), ("email", "ada@example.com"), ("name", "Ada Lovelace"),
            ("line1", "12 St James's Square"), ("line2", ""), ("city", "London"), ("postal_code", "SW1Y 4JH"), ("country", "gb"),
        ]
        let placed = try await shopper.post("/checkout", form: valid)
        #expect(placed.status == .seeOther)
        let location = try #require(placed.location)
        #expect(location.hasPrefix("/orders/"))
        let confirmation = try await shopper.get(location)
        #expect(confirmation.status == .ok)
        #expect(confirmation.main.contains("Thank you for your order"))
        #expect(confirmation.main.contains(String(location.dropFirst("/orders/".count))))
        #expect(confirmation.main.contains("3 × Chef&#39;s Knife, 20 cm"))
        #expect(confirmation.main.contains("St James&#39;s Square"))
        #expect(try await shop.backend.count("orders") == 1)

        // The same form sent again (a double click, a reload): the cart is empty now, so back to it; no second order.
        let again = try await shopper.post("/checkout", form: valid)
        #expect(again.status == .seeOther)
        #expect(try await shop.backend.count("orders") == 1)
        #expect(try await shopper.get("/cart").main.contains("Your cart is empty"))
    }

    @Test("bad input gets the right status, escaped output, and changes nothing")
    func badInput() async throws {
        let shop = try await StorefrontUnderTest()
        let shopper = shop.shopper()
        let page = try await shopper.get("/products/2")
        let csrf = try #require(Shopper.hiddenValue("csrf_token", in: page.text))
        let stranger = shop.shopper()

        let cases: [(String, () async throws -> HTTP.Reply, UInt)] = [
            ("forged CSRF token", { try await shopper.post("/cart/items", form: [("csrf_token", String(repeating: "0", count: 32)), ("product_id", "2"), ("quantity", "1")]) }, 403),
            ("missing CSRF token", { try await shopper.post("/cart/items", form: [("product_id", "2"), ("quantity", "1")]) }, 403),
            ("missing cookie", { try await stranger.post("/cart/items", form: [("csrf_token", csrf), ("product_id", "2"), ("quantity", "1")]) }, 403),
            ("huge form field", { try await shopper.post("/checkout", form: [("csrf_token", csrf), ("name", String(repeating: "x", count: 100_000))]) }, 413),
            ("JSON instead of a form", { try await shopper.send(.POST, "/cart/items", headers: [("Content-Type", "application/json")], body: Array("{}".utf8)) }, 415),
            ("quantity 0", { try await shopper.post("/cart/items", form: [("csrf_token", csrf), ("product_id", "2"), ("quantity", "0")]) }, 400),
            ("quantity 100", { try await shopper.post("/cart/items", form: [("csrf_token", csrf), ("product_id", "2"), ("quantity", "100")]) }, 400),
            ("quantity abc", { try await shopper.post("/cart/items", form: [("csrf_token", csrf), ("product_id", "2"), ("quantity", "abc")]) }, 400),
            ("unknown product added", { try await shopper.post("/cart/items", form: [("csrf_token", csrf), ("product_id", "999999"), ("quantity", "1")]) }, 404),
            ("unknown product page", { try await shopper.get("/products/999999") }, 404),
            ("non-numeric product page", { try await shopper.get("/products/%3Cscript%3E") }, 404),
            ("unknown order", { try await shopper.get("/orders/00000000-0000-4000-8000-000000000000") }, 404),
            ("malformed order id", { try await shopper.get("/orders/1%27%20OR%201=1") }, 404),
            ("unknown page", { try await shopper.get("/wp-admin") }, 404),
            ("unknown category", { try await shopper.get("/?category=%3Cb%3E") }, 404),
            ("page 0", { try await shopper.get("/?page=0") }, 400),
            ("broken percent-encoding", { try await shopper.send(.POST, "/cart/items", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("csrf_token=%zz".utf8)) }, 400),
        ]
        for (name, send, status) in cases {
            let reply = try await send()
            #expect(reply.status.code == status, "\(name): \(reply.status)")
            #expect(reply.headers["Content-Type"].first == "text/html; charset=utf-8", "\(name)")
            #expect(reply.main.contains("trace-id"), "\(name): the error page shows the trace id")
            #expect(!reply.text.contains("<script>") && !reply.text.contains("<b>"), "\(name): unescaped input")
        }
        let search = try await shopper.get("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        #expect(search.status == .ok)
        #expect(search.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!search.text.contains("<script>alert"))
        #expect(try await shopper.get("/cart").main.contains("Your cart is empty"))
        #expect(try await shop.backend.count("orders") == 0)
        #expect(shop.frontend.isRunning)
    }

    @Test("the product page renders without recommendations when the ml-service is down")
    func productPageWithoutMLService() async throws {
        let shop = try await StorefrontUnderTest()
        #expect(try await shop.shopper().get("/products/3").main.contains("You may also like"))
        #expect(try await shop.ml.stop() == 0)
        let page = try await shop.shopper().get("/products/3")
        #expect(page.status == .ok)
        #expect(page.main.contains("Whetstone Set"))
        #expect(!page.main.contains("You may also like"))
    }

    @Test("the product page shows the recommended products in the ml-service's order, escaped, read from the backend in one call; the grids' markup")
    func recommendationsInOneCall() async throws {
        let shop = try await StorefrontUnderTest()
        // Two orders of products 1 and 60 (the model's minimum support): once the ml-service has learned
        // them, 60 comes first for product 1, before the popular products that fill the rest (a ranking
        // that is not in id order).
        for _ in 1...2 {
            let session = BackendUnderTest.newSession()
            #expect(try await shop.backend.addToCart(session: session, productID: 1, quantity: 1).status == .created)
            #expect(try await shop.backend.addToCart(session: session, productID: 60, quantity: 1).status == .created)
            #expect(try await shop.backend.checkout(session: session, key: UUID().uuidString).status == .created)
        }
        func ranking() async throws -> [Int] {
            (try await HTTP.get(shop.ml.baseURL + "/recommendations?product_id=1&limit=4").json()["recommendations"]
                as? [[String: Any]])?.compactMap { $0["product_id"] as? Int } ?? []
        }
        try #require(try await eventually { try await ranking().first == 60 })
        let ranked = try await ranking()
        #expect(ranked.count == 4)
        #expect(ranked != ranked.sorted(), "the test needs a ranking that is not in id order: \(ranked)")
        let renamed = try #require(ranked.last)
        try await shop.backend.sql("UPDATE products SET name = 'Tongs <b>&</b> \"more\" it''s' WHERE id = \(renamed)")
        let product = try await shop.backend.send(.GET, "/api/products/\(renamed)").json()
        let (image, cents, category) = (try #require(product["image_path"] as? String), try #require(product["price_cents"] as? Int),
                                        try #require(product["category"] as? String))
        let escaped = "Tongs &lt;b&gt;&amp;&lt;/b&gt; &quot;more&quot; it&#39;s"
        func card(heading: String) -> String {
            #"<li class="card"><a href="/products/\#(renamed)"><img src="\#(image)" alt="\#(escaped)" width="240" height="180">"#
                + #"<\#(heading)>\#(escaped)</\#(heading)></a><p class="price">$\#(cents / 100).\#(String(format: "%02d", cents % 100))</p></li>"#
        }

        // One page view with a trace of its own: the backend's access lines of that trace are its calls
        // (the ml-service retrains every second in this set-up and reads the catalog too).
        let viewTrace = (0..<32).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
        let page = try await shop.shopper().get("/products/1", headers: [("traceparent", "00-\(viewTrace)-00f067aa0ba902b7-01")])
        #expect(page.status == .ok)
        let section = try #require(page.main.components(separatedBy: "class=\"recommendations\"").last)
        let shown = section.components(separatedBy: "href=\"/products/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(shown == ranked)
        #expect(section.contains(card(heading: "h3") + "\n"), "\(section)")
        #expect(!page.text.contains("<b>&"))
        // The product and its four recommended products: two backend requests, not five.
        func calls() -> [Substring] {
            shop.backend.process.stdout().split(separator: "\n").filter { $0.contains(#""logger":"access""#) && $0.contains(viewTrace) }
        }
        #expect(try await eventually { calls().count >= 2 })
        try await Task.sleep(for: .milliseconds(300))  // the access log is written in batches
        #expect(calls().count == 2, "\(calls())")
        #expect(calls().allSatisfy { $0.contains(#""http_route":"/api/products"#) })
        // The home page's grid shows the product the same way, under an h2.
        let home = try await shop.shopper().get("/?category=\(category)")
        #expect(home.main.contains(card(heading: "h2") + "\n"), "\(home.main)")
    }

    @Test("with the backend down the shopper gets a friendly 503 page showing the trace id")
    func backendDown() async throws {
        let shop = try await StorefrontUnderTest()
        #expect(try await shop.backend.process.stop() == 0)
        for path in ["/", "/products/1", "/cart"] {
            let page = try await shop.shopper().get(path, headers: [("traceparent", Self.traceparent)])
            #expect(page.status == .serviceUnavailable, "\(path)")
            #expect(page.main.contains("The shop is taking a break"), "\(path)")
            #expect(page.main.contains(Self.traceID), "\(path)")
        }
        #expect(try await HTTP.get(shop.frontend.baseURL + "/readyz").status == .serviceUnavailable)
    }

    @Test("static assets and product pictures are cached by the browser")
    func staticAssets() async throws {
        let shop = try await StorefrontUnderTest()
        let shopper = shop.shopper()
        for path in ["/static/app.css", "/static/app.js", "/static/products/kit-chef-knife-20.svg"] {
            let first = try await shopper.get(path)
            #expect(first.status == .ok, "\(path)")
            #expect(first.headers["Cache-Control"].first == "public, max-age=86400", "\(path)")
            let etag = try #require(first.headers["ETag"].first)
            #expect(try await shopper.get(path, headers: [("If-None-Match", etag)]).status == .notModified, "\(path)")
        }
        let svg = try await shopper.get("/static/products/kit-chef-knife-20.svg")
        #expect(svg.headers["Content-Type"].first == "image/svg+xml")
        #expect(svg.text.hasPrefix("<svg") && svg.text.contains("CHEF KNIFE 20"))
        // Every product's image path is served.
        let page = try await HTTP.get(shop.backend.baseURL + "/api/products?limit=100").json()
        for product in try #require(page["products"] as? [[String: Any]]) {
            let path = try #require(product["image_path"] as? String)
            #expect(try await shopper.get(path).status == .ok, "\(path)")
        }
        #expect(try await shopper.get("/static/products/..%2Fetc%2Fpasswd.svg").status == .notFound)
    }

    @Test("one product page view is one trace across frontend, backend and ml-service, with the right parents")
    func oneTraceAcrossServices() async throws {
        let receiver = try OTLPReceiver()
        let shop = try await StorefrontUnderTest(environment: [
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "100",
        ])
        let page = try await shop.shopper().get("/products/1", headers: [("traceparent", Self.traceparent)])
        #expect(page.status == .ok)
        #expect(page.main.contains("You may also like"))

        // frontend server span; its client spans to the backend (the product, then the recommended
        // products in one call) and to the ml-service; the backend's and the ml-service's server spans under those.
        func of(_ service: String, kind: Int, in spans: [[String: Any]]) -> [[String: Any]] {
            spans.filter { $0["service"] as? String == service && $0["kind"] as? Int == kind }
        }
        #expect(try await eventually {
            let spans = receiver.spans(traceID: Self.traceID)
            return of("frontend", kind: 2, in: spans).count == 1 && of("frontend", kind: 3, in: spans).count == 3
                && of("backend", kind: 2, in: spans).count == 2 && of("ml-service", kind: 2, in: spans).count == 1
        })
        let spans = receiver.spans(traceID: Self.traceID)
        func of(_ service: String, kind: Int) -> [[String: Any]] {
            spans.filter { $0["service"] as? String == service && $0["kind"] as? Int == kind }
        }
        let server = try #require(of("frontend", kind: 2).first)
        #expect(server["parent_span_id"] as? String == "00f067aa0ba902b7")
        let clients = of("frontend", kind: 3)
        #expect(clients.allSatisfy { $0["parent_span_id"] as? String == server["span_id"] as? String })
        let clientIDs = Set(clients.compactMap { $0["span_id"] as? String })
        let backendServers = of("backend", kind: 2)
        let mlServers = of("ml-service", kind: 2)
        #expect(backendServers.count == 2)  // the product, and the four recommended products in one call
        #expect(Set(backendServers.compactMap { $0["name"] as? String }) == ["GET /api/products/{id}", "GET /api/products"])
        #expect(mlServers.count == 1)
        for remote in backendServers + mlServers {
            #expect(clientIDs.contains(remote["parent_span_id"] as? String ?? ""), "\(remote)")
        }
        // And the logs of all three services carry the trace id.
        for process in [shop.frontend, shop.backend.process, shop.ml] {
            #expect(try await eventually {
                process.logRecords().contains { $0?["trace_id"] as? String == Self.traceID }
            }, "\(process.name)")
        }
    }
}

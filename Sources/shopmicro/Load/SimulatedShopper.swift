import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SplitMix
import Telemetry

/// One simulated shopper: its own cookies (so its own cart), picking weighted tasks until the deadline.
struct SimulatedShopper {
    let base: String
    let client: HTTPClient
    let catalog: ShopCatalog
    let statistics: LoadStatistics
    let pacer: Pacer
    /// Seeded per shopper, so a run's choices repeat.
    var random: SplitMix64
    private var cookies: [String: String] = [:]
    private var cartHasItems = false

    /// Task weights of the OpenTelemetry demo's load generator.
    enum Task: CaseIterable {
        case browse, viewProduct, addToCart, checkout
        var weight: Int {
            switch self {
            case .browse: 10
            case .viewProduct: 5
            case .addToCart: 2
            case .checkout: 1
            }
        }
    }

    /// Set by the fault drills: what the shopper was told about each checkout. With it, a checkout that
    /// failed without an answer is sent again with the same idempotency key (as a person presses the
    /// button again) until the shop answers or `retryWindow` after the load stopped.
    var ledger: CheckoutLedger?
    var retryWindow: Duration = .zero

    init(base: String, client: HTTPClient, catalog: ShopCatalog, statistics: LoadStatistics, pacer: Pacer, seed: UInt64) {
        self.base = base
        self.client = client
        self.catalog = catalog
        self.statistics = statistics
        self.pacer = pacer
        self.random = SplitMix64(state: seed)
    }

    /// Shops, one weighted task after another, while `keepGoing()` says so.
    mutating func shop(while keepGoing: @Sendable () -> Bool) async {
        let total = Task.allCases.reduce(0) { $0 + $1.weight }
        while keepGoing() {
            var pick = Int.random(in: 0..<total, using: &random)
            let task = Task.allCases.first { pick -= $0.weight; return pick < 0 }!
            switch task {
            case .browse: await browse()
            case .viewProduct: _ = await productPage()
            case .addToCart: await addToCart()
            case .checkout: await checkout(while: keepGoing)
            }
        }
    }

    private mutating func browse() async {
        let roll = Int.random(in: 0..<3, using: &random)
        let path = roll == 0 || catalog.categories.isEmpty ? "/"
            : roll == 1 ? "/?category=\(catalog.categories.randomElement(using: &random)!)"
            : "/?q=\(ShopCatalog.searchTerms.randomElement(using: &random)!)"
        _ = await request(.browse, .GET, path, expect: [200])
    }

    /// A product page (which shows the ml-service's recommendations); its id and the CSRF token of
    /// its add-to-cart form, nil when it has none (sold out) or failed.
    private mutating func productPage() async -> (id: Int, csrf: String)? {
        let id = catalog.productIDs.randomElement(using: &random)!
        guard let page = await request(.product, .GET, "/products/\(id)", expect: [200]) else { return nil }
        return ShopCatalog.matches(of: #"name="csrf_token" value="([0-9a-f]+)""#, in: page).first.map { (id, $0) }
    }

    /// Opens product pages until one can be bought (three tries: some may be sold out), and adds it.
    private mutating func addToCart() async {
        var product: (id: Int, csrf: String)?
        for _ in 0..<3 where product == nil { product = await productPage() }
        guard let (id, csrf) = product else { return }
        let form = "csrf_token=\(csrf)&product_id=\(id)&quantity=\(Int.random(in: 1...2, using: &random))"
        // 409: the cart is at its limits (99 units of a product, 50 products): the shop's answer, not an error.
        var location: String?
        if await request(.addToCart, .POST, "/cart/items", form: form, expect: [303], refusedStatus: 409, location: &location) != nil {
            cartHasItems = true
        }
    }

    private mutating func checkout(while keepGoing: @Sendable () -> Bool) async {
        if !cartHasItems { await addToCart() }
        guard cartHasItems, await request(.viewCart, .GET, "/cart", expect: [200]) != nil,
              let page = await request(.checkout, .GET, "/checkout", expect: [200]) else { return }
        guard let csrf = ShopCatalog.matches(of: #"name="csrf_token" value="([0-9a-f]+)""#, in: page).first,
              let key = ShopCatalog.matches(of: #"name="idempotency_key" value="([0-9a-f]+)""#, in: page).first else { return }
        let form = "csrf_token=\(csrf)&idempotency_key=\(key)&email=load%40example.com&name=Load+Tester&line1=1+Main+St"
            + "&line2=&city=Springfield&postal_code=12345&country=US"
        ledger?.begin(key: key)
        var stoppedAt: ContinuousClock.Instant?
        var pause = Duration.milliseconds(250)
        while true {
            ledger?.submitting(key: key)
            let reply = await send(.checkout, .POST, "/checkout", form: form, expect: [303], refusedStatus: 422)
            if reply.outcome == .ok, let location = reply.location, location.hasPrefix("/orders/") {
                ledger?.submitted(key: key, answer: .placed(orderID: String(location.dropFirst("/orders/".count))))
                cartHasItems = false
                statistics.recordOrder()
                _ = await request(.confirmation, .GET, location, expect: [200])
                return
            }
            if reply.outcome != .error {
                // Refused (sold out) or sent back to an empty cart: no order. The shopper starts afresh.
                ledger?.submitted(key: key, answer: .refused)
                cookies = [:]
                cartHasItems = false
                return
            }
            ledger?.submitted(key: key, answer: .unknown)
            if !keepGoing() { stoppedAt = stoppedAt ?? .now }
            guard ledger != nil, stoppedAt.map({ ContinuousClock.now - $0 < retryWindow }) ?? true else { return }
            try? await _Concurrency.Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(2))
        }
    }

    private mutating func request(_ step: JourneyStep, _ method: HTTPMethod, _ path: String, form: String? = nil,
                                  expect: Set<Int>) async -> String? {
        await send(step, method, path, form: form, expect: expect, refusedStatus: nil).body
    }

    private mutating func request(_ step: JourneyStep, _ method: HTTPMethod, _ path: String, form: String? = nil,
                                  expect: Set<Int>, refusedStatus: Int?, location: inout String?) async -> String? {
        let reply = await send(step, method, path, form: form, expect: expect, refusedStatus: refusedStatus)
        location = reply.location
        return reply.body
    }

    /// One request's result as the shopper saw it.
    private struct Reply {
        let outcome: LoadStatistics.Outcome
        /// The body, when the status was expected.
        let body: String?
        let location: String?
    }

    /// Sends one request as this shopper and records it.
    private mutating func send(_ step: JourneyStep, _ method: HTTPMethod, _ path: String, form: String? = nil,
                               expect: Set<Int>, refusedStatus: Int?) async -> Reply {
        await pacer.wait()
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: SyntheticTraffic.headerName, value: SyntheticTraffic.headerValue)
        request.headers.add(name: "User-Agent", value: "shopmicro-load")
        if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let start = ContinuousClock.now
        do {
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .seconds(30))
            } catch let error as HTTPClientError where error == .remoteConnectionClosed && method == .GET {
                // A kept-alive connection the server closed as the request went out (it is stopping):
                // a browser sends such a GET again on a new connection, once.
                response = try await client.execute(request, timeout: .seconds(30))
            }
            let body = String(buffer: try await response.body.collect(upTo: 8 << 20))
            let elapsed = ContinuousClock.now - start
            for header in response.headers["Set-Cookie"] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            }
            let status = Int(response.status.code)
            let outcome: LoadStatistics.Outcome = expect.contains(status) ? .ok : status == refusedStatus ? .refused : .error
            statistics.record(step, microseconds: Self.microseconds(elapsed), outcome: outcome, errorKind: "http_\(status)")
            return Reply(outcome: outcome, body: outcome == .ok ? body : nil, location: response.headers["Location"].first)
        } catch {
            statistics.record(step, microseconds: Self.microseconds(ContinuousClock.now - start), outcome: .error,
                              errorKind: LoadError.kind(of: error))
            return Reply(outcome: .error, body: nil, location: nil)
        }
    }

    private static func microseconds(_ duration: Duration) -> UInt64 {
        UInt64(max(0, duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000))
    }
}

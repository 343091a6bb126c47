import Foundation
import TestSupport
import Testing

/// The backend's `/internal/order-history` in its two forms: JSON (the default) and the compact
/// `text/tab-separated-values` the ml-service trains from.
@Suite("order history: JSON and TSV pages of the real backend")
struct OrderHistoryFormatTests {
    /// One order as either form carries it.
    struct Entry: Equatable, CustomStringConvertible {
        let sequence: Int
        let orderID: String
        let createdAt: String
        let productIDs: [Int]
        var description: String { "\(sequence) \(orderID) \(createdAt) \(productIDs)" }
    }

    @Test("both forms hold the same orders for the same pages, with the same next page")
    func bothFormsHoldTheSameOrders() async throws {
        let backend = try await Self.sharedBackend()
        var jsonOrders: [Entry] = [], tsvOrders: [Entry] = []
        var after = 0
        var pages = 0
        while true {
            let path = "/internal/order-history?after=\(after)&limit=4"
            let json = try await backend.send(.GET, path)
            let tsv = try await backend.send(.GET, path, headers: [("Accept", "text/tab-separated-values")])
            #expect(json.status == .ok && tsv.status == .ok)
            #expect(json.headers["Content-Type"].first == "application/json; charset=utf-8")
            #expect(tsv.headers["Content-Type"].first == "text/tab-separated-values; charset=utf-8")
            #expect(json.headers["Vary"].first == "Accept" && tsv.headers["Vary"].first == "Accept")
            let (jsonPage, nextAfter) = try Self.parseJSON(json)
            let tsvPage = try Self.parseTSV(tsv)
            #expect(jsonPage == tsvPage, "page after \(after)")
            #expect(json.headers["Link"] == tsv.headers["Link"])
            pages += 1
            guard let nextAfter else {
                #expect(json.headers["Link"].isEmpty)
                jsonOrders += jsonPage; tsvOrders += tsvPage
                break
            }
            #expect(nextAfter == jsonPage.last?.sequence)
            #expect(json.headers["Link"].first == "</internal/order-history?after=\(nextAfter)&limit=4>; rel=\"next\"")
            jsonOrders += jsonPage; tsvOrders += tsvPage
            after = nextAfter
        }
        // 11 orders in pages of 4: 4 + 4 + 3, oldest first, each once.
        #expect(pages == 3)
        #expect(jsonOrders.count == 11 && jsonOrders == tsvOrders)
        #expect(jsonOrders.map(\.sequence) == jsonOrders.map(\.sequence).sorted() && Set(jsonOrders.map(\.sequence)).count == 11)
        #expect(jsonOrders.contains { $0.productIDs.isEmpty })
        #expect(jsonOrders.contains { $0.productIDs.count == 3 })
        #expect(jsonOrders.allSatisfy { $0.productIDs == $0.productIDs.sorted() && $0.orderID.count == 36 && $0.createdAt.hasSuffix("Z") })
        // A page past the end: the header row alone, and an empty JSON page.
        let end = "/internal/order-history?after=\(jsonOrders.last!.sequence)"
        #expect(try await backend.send(.GET, end, headers: [("Accept", "text/tab-separated-values")]).text
                == "sequence\torder_id\tcreated_at\tproduct_ids\n")
        #expect(try await backend.send(.GET, end).text == #"{"next_after":null,"orders":[]}"#)
    }

    @Test("Accept picks the form; absent, malformed or naming neither form means JSON", arguments: [
        (nil, "application/json"), ("application/json", "application/json"), ("*/*", "application/json"),
        ("text/tab-separated-values", "text/tab-separated-values"), ("TEXT/Tab-Separated-Values", "text/tab-separated-values"),
        ("text/*", "text/tab-separated-values"),
        ("application/json;q=0.5, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        ("text/tab-separated-values;q=0.5, application/json", "application/json"),
        ("application/json, text/tab-separated-values", "application/json"),
        ("text/tab-separated-values, application/json;q=0", "text/tab-separated-values"),
        ("text/tab-separated-values;q=0, */*", "application/json"),
        ("text/html", "application/json"), ("image/png;q=1", "application/json"),
        ("text/tab-separated-values;q=abc", "application/json"), ("text/tab-separated-values;q=2", "application/json"),
        ("text/tab-separated-values;q", "application/json"), (";;;", "application/json"), (",,,", "application/json"),
        ("garbage", "application/json"), ("/", "application/json"), ("text/", "application/json"),
        ("*/tab-separated-values", "application/json"), ("text/tab separated", "application/json"),
        ("text/tab-separated-values , garbage;;", "text/tab-separated-values"),
    ] as [(String?, String)])
    func acceptNegotiation(accept: String?, expected: String) async throws {
        let backend = try await Self.sharedBackend()
        let reply = try await backend.send(.GET, "/internal/order-history?limit=2",
                                           headers: accept.map { [("Accept", $0)] } ?? [])
        #expect(reply.status == .ok, "\(accept ?? "none"): \(reply.text)")
        #expect(reply.headers["Content-Type"].first == expected + "; charset=utf-8", "\(accept ?? "none")")
        let page = expected == "application/json" ? try Self.parseJSON(reply).orders : try Self.parseTSV(reply)
        #expect(page.count == 2)
    }

    @Test("bad paging gets a 400 with the JSON error body in either form", arguments: [
        "limit=0", "limit=5001", "limit=-1", "limit=abc", "limit=", "limit=1.5", "limit=99999999999999999999",
        "after=-1", "after=abc", "after=", "after=1e3",
    ])
    func badPaging(query: String) async throws {
        let backend = try await Self.sharedBackend()
        for accept in ["application/json", "text/tab-separated-values"] {
            let reply = try await backend.send(.GET, "/internal/order-history?" + query, headers: [("Accept", accept)])
            #expect(reply.status == .badRequest, "\(query), \(accept): \(reply.text)")
            #expect(reply.headers["Content-Type"].first?.hasPrefix("application/json") == true)
            let error = try #require(reply.errorBody, "\(query): \(reply.text)")
            #expect(error.code == "invalid_parameter")
            #expect(error.message.contains(query.hasPrefix("limit") ? "limit" : "after"))
            #expect(error.traceID.count == 32)
        }
        #expect(try await backend.send(.GET, "/internal/order-history?limit=5000").status == .ok)
    }

    static func parseJSON(_ reply: HTTP.Reply) throws -> (orders: [Entry], nextAfter: Int?) {
        let body = try reply.json()
        guard let orders = body["orders"] as? [[String: Any]], body.keys.contains("next_after") else { throw Failure("not a page: \(reply.text)") }
        let entries = try orders.map { order in
            guard let sequence = order["sequence"] as? Int, let id = order["order_id"] as? String,
                  let createdAt = order["created_at"] as? String, let products = order["product_ids"] as? [Int] else {
                throw Failure("not an order: \(order)")
            }
            return Entry(sequence: sequence, orderID: id, createdAt: createdAt, productIDs: products)
        }
        return (entries, body["next_after"] as? Int)
    }

    static func parseTSV(_ reply: HTTP.Reply) throws -> [Entry] {
        let lines = reply.text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "sequence\torder_id\tcreated_at\tproduct_ids", lines.last == "" else { throw Failure("not a TSV page: \(reply.text)") }
        return try lines.dropFirst().dropLast().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let sequence = Int(fields[0]) else { throw Failure("bad line \(line)") }
            let products = try fields[3].split(separator: ",").map { id in
                guard let value = Int(id) else { throw Failure("bad id in \(line)") }
                return value
            }
            return Entry(sequence: sequence, orderID: String(fields[1]), createdAt: String(fields[2]), productIDs: products)
        }
    }

    /// One backend holding 11 orders (one without items, some with three), shared by these tests.
    static func sharedBackend() async throws -> BackendUnderTest {
        try await SharedBackend.instance.get()
    }

    actor SharedBackend {
        static let instance = SharedBackend()
        private var backend: BackendUnderTest?

        func get() async throws -> BackendUnderTest {
            if let backend { return backend }
            let started = try await BackendUnderTest()
            try await started.sql("""
                INSERT INTO orders (idempotency_key, session_id, email, ship_name, ship_line1, ship_city, ship_postal_code,
                                    ship_country, total_cents, currency, created_at)
                SELECT 'history-' || n, 'test-history', 'a@example.com', 'A', 'Street 1', 'City', '12345', 'DE', 0, 'EUR',
                       timestamptz '2026-01-02 03:04:05.678+00' + n * interval '1 minute'
                FROM generate_series(1, 11) AS n;
                INSERT INTO order_items (order_id, product_id, name, quantity, unit_price_cents)
                SELECT o.id, p.id, p.name, 1, 0 FROM orders o JOIN products p
                  ON p.id IN (o.sequence % 70 + 1, (o.sequence * 7) % 70 + 1, CASE WHEN o.sequence % 3 = 0 THEN 72 END)
                WHERE o.sequence <> 5;
                """)
            backend = started
            let pid = started.process.pid
            TestCleanup.atExit { kill(pid, SIGKILL) }
            return started
        }
    }
}

import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// One malformed request and the status it must get.
struct BadRequestCase: CustomTestStringConvertible, Sendable {
    let name: String
    let method: HTTPMethod
    let path: String
    var session: String? = "bad-input-session"
    var headers: [(String, String)] = []
    var body: [UInt8]? = nil
    var contentType: String? = "application/json"
    let status: UInt

    var testDescription: String { "\(name) → \(status)" }

    static func json(_ text: String) -> [UInt8] { Array(text.utf8) }
}

@Suite("Backend bad input: the right 4xx with a JSON error body, and nothing changes")
struct BadInputTests {
    static let injection = "'; DROP TABLE products; --"
    static let validAddress = #"{"name":"A","line1":"B","city":"C","postal_code":"1","country":"DE"}"#

    static let cases: [BadRequestCase] = [
        .init(name: "malformed JSON", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id": 1,"#), status: 400),
        .init(name: "JSON array body", method: .POST, path: "/api/cart/items", body: BadRequestCase.json("[1,2]"), status: 400),
        .init(name: "wrong type", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":"1","quantity":1}"#), status: 400),
        .init(name: "missing field", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1}"#), status: 400),
        .init(name: "unknown field", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1,"quantity":1,"price_cents":1}"#), status: 400),
        .init(name: "zero quantity", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1,"quantity":0}"#), status: 400),
        .init(name: "negative quantity", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1,"quantity":-3}"#), status: 400),
        .init(name: "absurd quantity", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1,"quantity":1000000000000}"#), status: 400),
        .init(name: "fractional quantity", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1,"quantity":1.5}"#), status: 400),
        .init(name: "huge number", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1e999,"quantity":1}"#), status: 400),
        .init(name: "unknown product in body", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":999999,"quantity":1}"#), status: 404),
        .init(name: "negative product in body", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":-1,"quantity":1}"#), status: 400),
        .init(name: "body over 1 MiB", method: .POST, path: "/api/cart/items",
              body: BadRequestCase.json(#"{"product_id":1,"quantity":1,"pad":""# + String(repeating: "x", count: 1 << 20) + #""}"#), status: 413),
        .init(name: "wrong content type", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1,"quantity":1}"#),
              contentType: "text/plain", status: 415),
        .init(name: "no content type", method: .POST, path: "/api/cart/items", body: BadRequestCase.json(#"{"product_id":1,"quantity":1}"#),
              contentType: nil, status: 415),
        .init(name: "missing X-Session-ID", method: .GET, path: "/api/cart", session: nil, status: 400),
        .init(name: "injection in X-Session-ID", method: .GET, path: "/api/cart", session: injection, status: 400),
        .init(name: "short X-Session-ID", method: .GET, path: "/api/cart", session: "abc", status: 400),
        .init(name: "unknown product id", method: .GET, path: "/api/products/999999", status: 404),
        .init(name: "non-numeric product id", method: .GET, path: "/api/products/abc", status: 400),
        .init(name: "negative product id", method: .GET, path: "/api/products/-1", status: 400),
        .init(name: "injection as product id", method: .GET, path: "/api/products/1%3B%20DROP%20TABLE%20products", status: 400),
        .init(name: "overflowing product id", method: .GET, path: "/api/products/99999999999999999999999", status: 400),
        .init(name: "non-numeric limit", method: .GET, path: "/api/products?limit=ten", status: 400),
        .init(name: "zero limit", method: .GET, path: "/api/products?limit=0", status: 400),
        .init(name: "huge limit", method: .GET, path: "/api/products?limit=100000", status: 400),
        .init(name: "negative offset", method: .GET, path: "/api/products?offset=-1", status: 400),
        .init(name: "overlong search", method: .GET, path: "/api/products?q=" + String(repeating: "a", count: 101), status: 400),
        .init(name: "PUT of a line not in the cart", method: .PUT, path: "/api/cart/items/5", body: BadRequestCase.json(#"{"quantity":2}"#), status: 404),
        .init(name: "PUT with non-numeric id", method: .PUT, path: "/api/cart/items/five", body: BadRequestCase.json(#"{"quantity":2}"#), status: 400),
        .init(name: "PUT with zero quantity", method: .PUT, path: "/api/cart/items/5", body: BadRequestCase.json(#"{"quantity":0}"#), status: 400),
        .init(name: "DELETE of a line not in the cart", method: .DELETE, path: "/api/cart/items/5", status: 404),
        .init(name: "non-UUID order id", method: .GET, path: "/api/orders/42", status: 400),
        .init(name: "full-width digits in order id", method: .GET, path: "/api/orders/" + "１２３４５６７８-1234-1234-1234-123456789012"
              .addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!, status: 400),
        .init(name: "injection as order id", method: .GET, path: "/api/orders/'%20OR%201=1--", status: 400),
        .init(name: "unknown order id", method: .GET, path: "/api/orders/6f1c2d3e-0000-4000-8000-000000000000", status: 404),
        .init(name: "checkout without Idempotency-Key", method: .POST, path: "/api/orders",
              body: BadRequestCase.json(#"{"email":"a@b.co","shipping_address":\#(validAddress)}"#), status: 400),
        .init(name: "checkout without X-Session-ID", method: .POST, path: "/api/orders", session: nil, headers: [("Idempotency-Key", "k-1")],
              body: BadRequestCase.json(#"{"email":"a@b.co","shipping_address":\#(validAddress)}"#), status: 400),
        .init(name: "checkout with invalid email", method: .POST, path: "/api/orders", headers: [("Idempotency-Key", "k-2")],
              body: BadRequestCase.json(#"{"email":"\#(injection)","shipping_address":\#(validAddress)}"#), status: 400),
        .init(name: "checkout with bad country", method: .POST, path: "/api/orders", headers: [("Idempotency-Key", "k-3")],
              body: BadRequestCase.json(#"{"email":"a@b.co","shipping_address":{"name":"A","line1":"B","city":"C","postal_code":"1","country":"Germany"}}"#), status: 400),
        .init(name: "checkout with unknown address field", method: .POST, path: "/api/orders", headers: [("Idempotency-Key", "k-4")],
              body: BadRequestCase.json(#"{"email":"a@b.co","shipping_address":{"name":"A","line1":"B","city":"C","postal_code":"1","country":"DE","floor":3}}"#), status: 400),
        .init(name: "checkout of an empty cart, injection in every text field", method: .POST, path: "/api/orders",
              headers: [("Idempotency-Key", injection)],
              body: BadRequestCase.json(#"{"email":"x@example.com","shipping_address":{"name":"\#(injection)","line1":"\#(injection)","city":"\#(injection)","postal_code":"1","country":"DE"}}"#),
              status: 400),
        .init(name: "empty-named field set to null", method: .POST, path: "/api/cart/items",
              body: BadRequestCase.json(#"{"product_id":1,"quantity":1,"":null}"#), status: 400),
        .init(name: "unknown field set to null", method: .PUT, path: "/api/cart/items/5",
              body: BadRequestCase.json(#"{"quantity":2,"note":null}"#), status: 400),
        .init(name: "checkout with an unknown address field set to null", method: .POST, path: "/api/orders", headers: [("Idempotency-Key", "k-5")],
              body: BadRequestCase.json(#"{"email":"a@b.co","shipping_address":{"name":"A","line1":"B","city":"C","postal_code":"1","country":"DE","floor":null}}"#), status: 400),
        .init(name: "checkout with a name of spaces only", method: .POST, path: "/api/orders", headers: [("Idempotency-Key", "k-6")],
              body: BadRequestCase.json(#"{"email":"a@b.co","shipping_address":{"name":"  ","line1":"B","city":"C","postal_code":"1","country":"DE"}}"#), status: 400),
        .init(name: "control character in category", method: .GET, path: "/api/products?category=a%01b", status: 400),
        .init(name: "search of 101 code points in 51 characters", method: .GET,
              path: "/api/products?q=" + String(repeating: "e%CC%81", count: 50) + "e", status: 400),
        .init(name: "empty ids", method: .GET, path: "/api/products?ids=", status: 400),
        .init(name: "non-numeric id in ids", method: .GET, path: "/api/products?ids=1,abc", status: 400),
        .init(name: "zero id in ids", method: .GET, path: "/api/products?ids=0", status: 400),
        .init(name: "negative id in ids", method: .GET, path: "/api/products?ids=3,-1", status: 400),
        .init(name: "plus sign in ids", method: .GET, path: "/api/products?ids=%2B1", status: 400),
        .init(name: "space in ids", method: .GET, path: "/api/products?ids=1,%202", status: 400),
        .init(name: "empty entry in ids", method: .GET, path: "/api/products?ids=1,,2", status: 400),
        .init(name: "trailing comma in ids", method: .GET, path: "/api/products?ids=1,2,", status: 400),
        .init(name: "overflowing id in ids", method: .GET, path: "/api/products?ids=1,99999999999999999999999", status: 400),
        .init(name: "51 ids", method: .GET, path: "/api/products?ids=" + (1...51).map(String.init).joined(separator: ","), status: 400),
        .init(name: "injection in ids", method: .GET, path: "/api/products?ids=1%3B%20DROP%20TABLE%20products", status: 400),
        .init(name: "TRACE on a documented path", method: .TRACE, path: "/api/products", status: 405),
        .init(name: "PATCH on a cart line", method: .PATCH, path: "/api/cart/items/5", body: BadRequestCase.json(#"{"quantity":2}"#), status: 405),
        .init(name: "unknown route", method: .GET, path: "/api/nothing-here", status: 404),
    ]

    @Test("every malformed request gets its 4xx with the error body, and the database is unchanged")
    func malformedRequests() async throws {
        let backend = try await BackendUnderTest()
        let stockBefore = try await backend.sql("SELECT sum(stock) FROM products")
        for testCase in Self.cases {
            var headers = testCase.headers
            if let session = testCase.session { headers.append(("X-Session-ID", session)) }
            if testCase.body != nil, let type = testCase.contentType { headers.append(("Content-Type", type)) }
            let reply = try await HTTP.send(testCase.method, backend.baseURL + testCase.path, headers: headers, body: testCase.body)
            #expect(reply.status.code == testCase.status, "\(testCase.name): \(reply.status) \(reply.text.prefix(200))")
            let error = reply.errorBody
            #expect(error != nil, "\(testCase.name): not a JSON error body: \(reply.text.prefix(200))")
            #expect(error?.traceID.count == 32, "\(testCase.name): trace id")
            #expect(error?.message.isEmpty == false, "\(testCase.name): message")
        }
        #expect(try await backend.count("products") == 72)
        #expect(try await backend.count("categories") == 8)
        #expect(try await backend.count("orders") == 0)
        #expect(try await backend.sql("SELECT sum(stock) FROM products") == stockBefore)
        #expect(try await HTTP.get(backend.baseURL + "/metrics").text.contains("status_code=\"500\"") == false)
    }

    @Test("a field the body's type does not declare is refused by name, even when its value is null")
    func undeclaredNullFieldIsNamed() async throws {
        let backend = try await BackendUnderTest()
        let session = BackendUnderTest.newSession()
        for (body, field) in [(#"{"product_id":1,"quantity":1,"":null}"#, #""""#), (#"{"product_id":1,"quantity":1,"gift":null}"#, #""gift""#)] {
            let reply = try await HTTP.send(.POST, backend.baseURL + "/api/cart/items",
                                            headers: [("X-Session-ID", session), ("Content-Type", "application/json")],
                                            body: Array(body.utf8))
            #expect(reply.status == .badRequest, "\(body): \(reply.text)")
            #expect(reply.errorBody?.message == "unknown field \(field)", "\(body): \(reply.text)")
        }
        // A declared optional field may still be null.
        let add = try await backend.addToCart(session: session, productID: 1, quantity: 1)
        #expect(add.status == .created)
        var checkout = BackendUnderTest.checkoutBody
        checkout["shipping_address"] = (checkout["shipping_address"] as! [String: Any]).merging(["line2": NSNull()]) { $1 }
        let order = try await backend.send(.POST, "/api/orders", session: session, headers: [("Idempotency-Key", UUID().uuidString)],
                                           json: checkout)
        #expect(order.status == .created, "\(order.text)")
        #expect(try await backend.send(.GET, "/api/cart", session: session).json()["item_count"] as? Int == 0)
    }

    @Test("a method the document does not give a path is 405 with the allowed ones in Allow")
    func undocumentedMethodIs405() async throws {
        let backend = try await BackendUnderTest()
        for (method, path, allow) in [(HTTPMethod.TRACE, "/api/products", "GET"), (.DELETE, "/api/orders/42", "GET"),
                                      (.OPTIONS, "/api/cart/items/7", "PUT, DELETE"), (.GET, "/api/cart/items", "POST")] {
            let reply = try await HTTP.send(method, backend.baseURL + path)
            #expect(reply.status == .methodNotAllowed, "\(method) \(path): \(reply.status)")
            #expect(reply.headers["Allow"].first == allow, "\(method) \(path): \(reply.headers)")
            #expect(reply.errorBody?.code == "method_not_allowed")
        }
        #expect(try await HTTP.send(.DELETE, backend.baseURL + "/api/nothing-here").status == .notFound)
    }

    @Test("injection strings in query parameters are plain search text", arguments: [
        "/api/products?q=%27%20OR%201%3D1%20--", "/api/products?category=%27%3B%20DROP%20TABLE%20products%3B%20--",
        "/api/products?q=%5C", "/api/products?q=_",
    ])
    func injectionInQueryIsData(path: String) async throws {
        let backend = try await BackendUnderTest()
        let reply = try await HTTP.get(backend.baseURL + path)
        #expect(reply.status == .ok)
        #expect(try reply.json()["total"] as? Int == 0)
        #expect(try await backend.count("products") == 72)
    }
}

import ShopAPI
import FoundationEssentials
import NIOCore
import NIOHTTP1
import ServiceHTTPClient
import ServiceKit

/// The backend's JSON API as the storefront uses it; every call is a client span of the page's trace.
struct ShopBackend: Sendable {
    let http: ServiceHTTPClient

    func categories() async throws -> [Category] {
        try await call(CategoryList.self, .GET, "/api/categories").categories
    }

    func products(category: String?, search: String?, limit: Int, offset: Int) async throws -> ShopAPI.ProductPage {
        var query = ["limit=\(limit)", "offset=\(offset)"]
        if let category { query.append("category=\(Self.percentEncoded(category))") }
        if let search { query.append("q=\(Self.percentEncoded(search))") }
        return try await call(ShopAPI.ProductPage.self, .GET, "/api/products?" + query.joined(separator: "&"))
    }

    func product(_ id: Int) async throws -> Product {
        try await call(Product.self, .GET, "/api/products/\(id)")
    }

    /// The products with these ids, in one call, ordered by id; ids of no product are left out, and so
    /// are ids past the first `ProductPage.maxIDs`.
    func products(ids: [Int]) async throws -> [Product] {
        guard !ids.isEmpty else { return [] }
        let list = ids.prefix(ShopAPI.ProductPage.maxIDs).map(String.init).joined(separator: ",")
        return try await call(ShopAPI.ProductPage.self, .GET, "/api/products?ids=\(list)&limit=\(ShopAPI.ProductPage.maxIDs)").products
    }

    func cart(session: String) async throws -> CartView {
        try await call(CartView.self, .GET, "/api/cart", session: session)
    }

    func addToCart(session: String, productID: Int, quantity: Int) async throws {
        _ = try await call(CartView.self, .POST, "/api/cart/items", session: session,
                           body: ["product_id": productID, "quantity": quantity])
    }

    func setQuantity(session: String, productID: Int, quantity: Int) async throws {
        _ = try await call(CartView.self, .PUT, "/api/cart/items/\(productID)", session: session, body: ["quantity": quantity])
    }

    func removeFromCart(session: String, productID: Int) async throws {
        _ = try await call(CartView.self, .DELETE, "/api/cart/items/\(productID)", session: session)
    }

    func checkout(session: String, idempotencyKey: String, body: CheckoutRequest) async throws -> Order {
        try await call(Order.self, .POST, "/api/orders", session: session, idempotencyKey: idempotencyKey, body: body)
    }

    func order(_ id: String) async throws -> Order {
        try await call(Order.self, .GET, "/api/orders/\(id)")
    }

    private func call<Answer: Decodable>(
        _ type: Answer.Type, _ method: HTTPMethod, _ path: String, session: String? = nil,
        idempotencyKey: String? = nil, body: (some Encodable)? = Optional<[String: Int]>.none
    ) async throws -> Answer {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let session { headers.add(name: "X-Session-ID", value: session) }
        if let idempotencyKey { headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        var buffer: ByteBuffer?
        if let body {
            headers.add(name: "Content-Type", value: "application/json")
            buffer = ByteBuffer(bytes: try JSONBody.encoded(body))
        }
        let response: ServiceResponse
        do {
            response = try await http.send(method, path: path, headers: headers, body: buffer)
        } catch {
            throw StoreError.unavailable("\(error)")
        }
        let bytes = Data(response.body.readableBytesView)
        switch response.status.code {
        case 200..<300:
            do {
                return try JSONBody.decoder.decode(Answer.self, from: bytes)
            } catch {
                throw StoreError.unavailable("unreadable answer from the backend for \(path): \(error)")
            }
        case 404:
            throw StoreError.notFound((try? JSONBody.decoder.decode(APIErrorBody.self, from: bytes))?.error.message ?? "not found")
        case 400..<500:
            let detail = (try? JSONBody.decoder.decode(APIErrorBody.self, from: bytes))?.error
            throw StoreError.rejected(status: Int(response.status.code), code: detail?.code ?? "rejected",
                                      message: detail?.message ?? "the request was refused")
        default:
            throw StoreError.unavailable("backend answered \(response.status.code) for \(path)")
        }
    }

    /// Percent-encodes a query value (everything but unreserved characters).
    static func percentEncoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

import ShopAPI
import Hummingbird
import ServiceKit

/// `GET /api/products` (a page of the catalog, or the products named by `ids`), `GET /api/products/{id}`,
/// `GET /api/categories`.
struct CatalogRoutes: Sendable {
    let store: ProductStore
    let cache: CatalogCache

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/products") { request, _ in
            let query = ProductQuery(
                category: try Self.text(request, "category", maxLength: 50),
                search: try Self.text(request, "q", maxLength: 100),
                ids: try Self.ids(request),
                limit: try RequestInput.integer(request, "limit", default: 20, in: 1...100),
                offset: try RequestInput.integer(request, "offset", default: 0, in: 0...100_000))
            if let ids = query.ids, query.category == nil, query.search == nil {
                // Only an id list (the storefront's recommended products): each product from its own cache entry.
                let bodies = try await cache.products(ids: ids) { try await store.products(ids: $0) }
                return JSONBody.response(encoded: Self.page(bodies, limit: query.limit, offset: query.offset))
            }
            return JSONBody.response(encoded: try await cache.page(query) { try await store.page(query) })
        }
        router.get("/api/products/:id") { _, context in
            let id = try RequestInput.positiveID(context, "id", label: "product id")
            guard let body = try await cache.product(id: id, load: { try await store.product(id: id) }) else {
                throw APIError.notFound("product \(id) does not exist", code: "product_not_found")
            }
            return JSONBody.response(encoded: body)
        }
        router.get("/api/categories") { _, _ in
            JSONBody.response(encoded: try await cache.categories { try await store.categories() })
        }
    }

    /// The `ids` query parameter, nil when absent: 1 to `ProductPage.maxIDs` positive decimal integers
    /// separated by commas (repeats count toward the limit), returned without repeats.
    private static func ids(_ request: Request) throws -> [Int]? {
        guard let raw = request.uri.queryParameters["ids"] else { return nil }
        let invalid = APIError.badRequest("query parameter ids must be 1 to \(ProductPage.maxIDs) positive integers separated by commas",
                                          code: "invalid_parameter")
        let parts = raw.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= ProductPage.maxIDs else { throw invalid }
        var ids: [Int] = []
        var seen = Set<Int>()
        for part in parts {
            guard !part.isEmpty, part.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  let id = Int(part), id > 0 else { throw invalid }
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    /// The body of a `ProductPage` of the products whose encoded bodies are `bodies`: by id, paged.
    private static func page(_ bodies: [Int: ByteBuffer], limit: Int, offset: Int) -> ByteBuffer {
        var body = ByteBuffer(string: #"{"products":["#)
        for (index, entry) in bodies.sorted(by: { $0.key < $1.key }).dropFirst(offset).prefix(limit).enumerated() {
            if index > 0 { body.writeString(",") }
            var product = entry.value
            body.writeBuffer(&product)
        }
        body.writeString(#"],"total":\#(bodies.count)}"#)
        return body
    }

    /// A text query parameter whose length counts Unicode scalars, as the document's `maxLength` does.
    private static func text(_ request: Request, _ name: String, maxLength: Int) throws -> String? {
        let value = try RequestInput.text(request, name, maxLength: maxLength)
        guard (value?.unicodeScalars.count ?? 0) <= maxLength else {
            throw APIError.badRequest("query parameter \(name) must be at most \(maxLength) printable characters",
                                      code: "invalid_parameter")
        }
        return value
    }
}

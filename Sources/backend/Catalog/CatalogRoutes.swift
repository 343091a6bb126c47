import ShopAPI
import Hummingbird
import ServiceKit

/// `GET /api/products`, `GET /api/products/{id}`, `GET /api/categories`.
struct CatalogRoutes: Sendable {
    let store: ProductStore
    let cache: CatalogCache

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/products") { request, _ in
            let query = ProductQuery(
                category: try Self.text(request, "category", maxLength: 50),
                search: try Self.text(request, "q", maxLength: 100),
                limit: try RequestInput.integer(request, "limit", default: 20, in: 1...100),
                offset: try RequestInput.integer(request, "offset", default: 0, in: 0...100_000))
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

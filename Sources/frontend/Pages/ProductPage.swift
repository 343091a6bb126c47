import ShopAPI
import Hummingbird
import Logging

/// `GET /products/{id}`: the product, an add-to-cart form, and up to four recommendations (their
/// products read in one backend call). When the ml-service is slow or down, or the backend cannot
/// give the recommended products, the page renders without them (and is not cached). The rendered
/// page is cached (`PageCache`) until stock changes anywhere or its short TTL ends.
struct ProductPage: Sendable {
    let backend: ShopBackend
    let recommendations: RecommendationsClient
    let renderer: PageRenderer
    let cache: PageCache
    static let recommendationCount = 4

    struct Model {
        let layout = Layout.withHoles()
        let id: Int
        let name: String
        let description: String
        let imagePath: String
        let price: String
        let inStock: Bool
        let maxQuantity: Int
        let csrfToken: String
        let recommendations: ProductGrid
        let hasRecommendations: Bool
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/products/:id") { request, context in
            let session = ShopperSession(request)
            guard let id = context.parameters.get("id").flatMap({ Int($0) }), id > 0 else {
                throw PageError.notFound("There is no such product.")
            }
            let key = "product|\(id)"
            if let cached = cache.lookup(key) { return renderer.page(cached, session: session) }
            let generation = cache.generation
            async let suggested = recommendations.productIDs(for: id, limit: Self.recommendationCount, logger: context.logger)
            let product = try await backend.product(id)
            let suggestedIDs = await suggested.map { Array($0.prefix(Self.recommendationCount)) }
            let suggestions = await products(suggestedIDs ?? [], logger: context.logger)
            let model = Model(
                id: product.id, name: product.name, description: product.description, imagePath: product.imagePath,
                price: Money.format(cents: product.priceCents, currency: product.currency),
                inStock: product.stock > 0, maxQuantity: min(product.stock, 99), csrfToken: RenderedPage.Hole.csrfToken.marker,
                recommendations: ProductGrid(suggestions.map(ProductCard.init), headingLevel: 3),
                hasRecommendations: !suggestions.isEmpty)
            let rendered = renderer.rendered("product", model)
            if suggestions.count == suggestedIDs?.count {
                cache.store(key, rendered, showing: [product.id] + suggestions.map(\.id), generation: generation)
            }
            return renderer.page(rendered, session: session)
        }
    }

    /// The recommended products in the ml-service's order, from one backend call; those the backend
    /// does not have are left out, and all of them when it cannot answer.
    private func products(_ ids: [Int], logger: Logger) async -> [Product] {
        guard !ids.isEmpty else { return [] }
        do {
            let found = Dictionary(try await backend.products(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return ids.compactMap { found[$0] }
        } catch {
            logger.warning("recommended products unavailable", metadata: ["error": "\(error)"])
            return []
        }
    }
}

extension ProductPage.Model: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "id": id
        case "name": self.name
        case "description": description
        case "imagePath": imagePath
        case "price": price
        case "inStock": inStock
        case "maxQuantity": maxQuantity
        case "csrfToken": csrfToken
        case "recommendations": recommendations
        case "hasRecommendations": hasRecommendations
        default: nil
        }
    }
}

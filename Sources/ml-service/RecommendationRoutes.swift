import Hummingbird
import Recommender
import ServiceKit

/// `GET /recommendations?product_id=ID[&product_id=ID…]&limit=N`: products to show beside the
/// asked-about ones, from the current model, or from the popularity fallback for unknown products.
struct RecommendationRoutes: Sendable {
    let store: ModelStore
    let metrics: RecommenderMetrics

    /// The most products one request may ask about.
    static let maxProductIDs = 50
    static let defaultLimit = 5
    static let maxLimit = 20

    struct Answer: Encodable {
        struct Item: Encodable {
            let productId: Int
            let score: Double
        }
        let recommendations: [Item]
        let strategy: String
        /// `none` until the first training has succeeded.
        let modelVersion: String
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/recommendations") { request, _ in
            let asked = try Self.productIDs(request)
            let limit = try RequestInput.integer(request, "limit", default: Self.defaultLimit, in: 1...Self.maxLimit)
            let model = store.current
            let (products, strategy) = model?.engine.recommend(asked, limit: limit) ?? ([], .fallback)
            metrics.recordServed(strategy)
            return try JSONBody.response(Answer(
                recommendations: products.map { Answer.Item(productId: $0.productID, score: ($0.score * 1e6).rounded() / 1e6) },
                strategy: strategy.rawValue,
                modelVersion: model?.version ?? "none"))
        }
    }

    /// The `product_id` parameters: at least one, each a positive integer, at most `maxProductIDs`.
    static func productIDs(_ request: Request) throws -> [Int] {
        let raw = request.uri.queryParameters[values: "product_id"]
        guard !raw.isEmpty else {
            throw APIError.badRequest("query parameter product_id is required", code: "invalid_parameter")
        }
        guard raw.count <= maxProductIDs else {
            throw APIError.badRequest("at most \(maxProductIDs) product_id parameters are allowed", code: "invalid_parameter")
        }
        return try raw.map { value in
            guard let id = Int(value), id > 0 else {
                throw APIError.badRequest("query parameter product_id must be a positive integer", code: "invalid_parameter")
            }
            return id
        }
    }
}

/// What the ml-service answers with: the co-purchase model's products first, filled up to the
/// limit from the popularity fallback. Immutable once built, so requests read it without locks.
public struct RecommendationEngine: Sendable {
    /// Where an answer came from.
    public enum Strategy: String, Sendable, CaseIterable {
        /// At least the first product comes from co-purchases.
        case model
        /// Popularity only: an unknown or never-co-bought product, or no orders yet.
        case fallback
    }

    public let model: CoPurchaseModel
    public let fallback: PopularityFallback

    public init(model: CoPurchaseModel, fallback: PopularityFallback) {
        self.model = model
        self.fallback = fallback
    }

    /// Learns both parts from `orders` (product ids per order, oldest first) and `categories`.
    public init(orders: [[Int]], categories: [Int: String], minimumSupport: Int = 2, neighbourCount: Int = 20) {
        self.init(model: CoPurchaseModel(orders: orders, minimumSupport: minimumSupport, neighbourCount: neighbourCount),
                  fallback: PopularityFallback(orders: orders, categories: categories))
    }

    /// Up to `limit` products for shoppers looking at `productIDs`, never one of them, best first.
    public func recommend(_ productIDs: [Int], limit: Int) -> (products: [ScoredProduct], strategy: Strategy) {
        let learned = model.recommendations(for: productIDs, limit: limit)
        let filler = fallback.recommendations(for: productIDs, limit: limit - learned.count,
                                              excluding: Set(learned.map(\.productID)))
        return (learned + filler, learned.isEmpty ? .fallback : .model)
    }
}

/// Recommendations without co-purchase evidence: the most bought products of the asked-about
/// products' categories, then the most bought overall (cold start, unknown products).
public struct PopularityFallback: Sendable {
    /// Every known product with its share of orders, best first.
    let overall: [ScoredProduct]
    let byCategory: [String: [ScoredProduct]]
    let categoryOf: [Int: String]

    /// Learns from `orders` (product ids per order) and `categories` (product id → category);
    /// products never bought still appear, after the bought ones, so a new shop has suggestions.
    public init(orders: [[Int]], categories: [Int: String]) {
        var purchases: [Int: Int] = [:]
        for order in orders {
            for item in Set(order) { purchases[item, default: 0] += 1 }
        }
        let orderCount = Double(max(orders.count, 1))
        let ranked = Set(categories.keys).union(purchases.keys)
            .map { ScoredProduct(productID: $0, score: Double(purchases[$0] ?? 0) / orderCount) }
            .sorted(by: ScoredProduct.ranking)
        overall = ranked
        byCategory = Dictionary(grouping: ranked.filter { categories[$0.productID] != nil }, by: { categories[$0.productID]! })
        categoryOf = categories
    }

    /// Up to `limit` products, never one of `productIDs` nor one in `excluding`; the score is the
    /// share of orders that hold the product.
    public func recommendations(for productIDs: [Int], limit: Int, excluding: Set<Int> = []) -> [ScoredProduct] {
        var skip = Set(productIDs).union(excluding)
        var result: [ScoredProduct] = []
        var categories: [String] = []
        for category in productIDs.compactMap({ categoryOf[$0] }) where !categories.contains(category) {
            categories.append(category)
        }
        for candidate in categories.lazy.flatMap({ self.byCategory[$0] ?? [] }) + overall {
            guard result.count < limit else { break }
            if skip.insert(candidate.productID).inserted { result.append(candidate) }
        }
        return result
    }
}

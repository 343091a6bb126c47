/// Recommendations without co-purchase evidence: the most bought products of the asked-about
/// products' categories, then the most bought overall (cold start, unknown products).
public struct PopularityFallback: Sendable {
    let overall: [Int]
    let byCategory: [String: [Int]]
    let categoryOf: [Int: String]

    /// Learns from `orders` (product ids per order) and `categories` (product id → category);
    /// products never bought still appear, after the bought ones, so a new shop has suggestions.
    public init(orders: [[Int]], categories: [Int: String]) {
        var purchases: [Int: Int] = [:]
        for order in orders {
            for item in Set(order) { purchases[item, default: 0] += 1 }
        }
        let ranked = Set(categories.keys).union(purchases.keys).sorted {
            let (a, b) = (purchases[$0] ?? 0, purchases[$1] ?? 0)
            return a != b ? a > b : $0 < $1
        }
        overall = ranked
        byCategory = Dictionary(grouping: ranked.filter { categories[$0] != nil }, by: { categories[$0]! })
        categoryOf = categories
    }

    /// Up to `limit` products, never one of `productIDs` nor one in `excluding`.
    public func recommendations(for productIDs: [Int], limit: Int, excluding: Set<Int> = []) -> [Int] {
        var skip = Set(productIDs).union(excluding)
        var result: [Int] = []
        let categories = productIDs.compactMap { categoryOf[$0] }
        for candidate in categories.flatMap({ byCategory[$0] ?? [] }) + overall where result.count < limit {
            if skip.insert(candidate).inserted { result.append(candidate) }
        }
        return result
    }
}

/// Item-to-item recommendations learned from which products are bought in the same orders.
///
/// Similarity is the cosine of co-purchase counts, `c(i,j) / sqrt(n(i) · n(j))`, kept only for pairs
/// seen together in at least `minimumSupport` orders: unlike raw co-occurrence counts it does not
/// simply favour best-sellers. Each product keeps its `neighbourCount` most similar products, so a
/// request costs O(k) per asked-about product. Products the model knows nothing about are answered
/// from `PopularityFallback`.
public struct CoPurchaseModel: Sendable {
    /// Most similar products by product, best first.
    let neighbours: [Int: [ScoredProduct]]
    /// Orders the model was trained on.
    public let orderCount: Int

    /// Products with at least one neighbour.
    public var coveredProducts: Int { neighbours.count }
    /// Neighbour entries kept in all.
    public var itemCount: Int { neighbours.values.reduce(0) { $0 + $1.count } }

    /// Learns from `orders`, each the distinct product ids of one order.
    public init(orders: [[Int]], minimumSupport: Int = 2, neighbourCount: Int = 20) {
        var purchases: [Int: Int] = [:]
        var together: [Pair: Int] = [:]
        for order in orders {
            let items = Array(Set(order)).sorted()
            for item in items { purchases[item, default: 0] += 1 }
            guard items.count > 1 else { continue }
            for (index, first) in items.enumerated() {
                for second in items[(index + 1)...] { together[Pair(first, second), default: 0] += 1 }
            }
        }
        var candidates: [Int: [ScoredProduct]] = [:]
        for (pair, count) in together where count >= minimumSupport {
            let similarity = Double(count) / (Double(purchases[pair.first]!) * Double(purchases[pair.second]!)).squareRoot()
            candidates[pair.first, default: []].append(ScoredProduct(productID: pair.second, score: similarity))
            candidates[pair.second, default: []].append(ScoredProduct(productID: pair.first, score: similarity))
        }
        neighbours = candidates.mapValues { list in
            Array(list.sorted(by: ScoredProduct.ranking).prefix(neighbourCount))
        }
        orderCount = orders.count
    }

    /// Products similar to `productIDs` (scores summed over them), never one of `productIDs`, best first.
    public func recommendations(for productIDs: [Int], limit: Int) -> [ScoredProduct] {
        let asked = Set(productIDs)
        var scores: [Int: Double] = [:]
        for product in asked {
            for neighbour in neighbours[product] ?? [] where !asked.contains(neighbour.productID) {
                scores[neighbour.productID, default: 0] += neighbour.score
            }
        }
        return scores.map { ScoredProduct(productID: $0.key, score: $0.value) }
            .sorted(by: ScoredProduct.ranking)
            .prefix(limit).map { $0 }
    }

    private struct Pair: Hashable {
        let first: Int
        let second: Int
        init(_ first: Int, _ second: Int) {
            self.first = first
            self.second = second
        }
    }
}

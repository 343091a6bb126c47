import SplitMix

/// A seeded generator of order histories with real structure: products in categories with
/// skewed popularity, bundles of products bought together, and shoppers with category affinities.
/// The offline evaluation and the training benchmark use it; the same seed gives the same orders.
public struct SyntheticOrders: Sendable {
    /// The generator the orders are drawn from.
    public typealias Generator = SplitMix64

    /// Product id → category name (`c0`, `c1`, …); product ids run from 1 to `products`.
    public let categories: [Int: String]
    /// Orders in time order, each the product ids bought together.
    public let orders: [[Int]]

    public init(seed: UInt64, products: Int = 1_000, categoryCount: Int = 20, shoppers: Int = 2_000, orderCount: Int = 20_000) {
        var random = Generator(state: seed)
        let perCategory = products / categoryCount
        var categories: [Int: String] = [:]
        var members: [[Int]] = Array(repeating: [], count: categoryCount)
        for product in 1...products {
            let category = (product - 1) / perCategory % categoryCount
            categories[product] = "c\(category)"
            members[category].append(product)
        }
        // Bundles: 2-3 products of one category that are bought together.
        var bundles: [[Int]] = Array(repeating: [], count: categoryCount)
        var bundleOf: [[[Int]]] = Array(repeating: [], count: categoryCount)
        for category in 0..<categoryCount {
            let shuffled = members[category].shuffled(using: &random)
            var index = 0
            while index + 3 <= shuffled.count / 2 {
                let size = Int.random(in: 2...3, using: &random)
                bundleOf[category].append(Array(shuffled[index..<(index + size)]))
                index += size
            }
            bundles[category] = bundleOf[category].flatMap { $0 }
        }
        // Skewed popularity within a category: weight 1/rank.
        func popular(_ category: Int) -> Int {
            let list = members[category]
            let total = (1...list.count).reduce(0.0) { $0 + 1 / Double($1) }
            var pick = Double.random(in: 0..<total, using: &random)
            for (rank, product) in list.enumerated() {
                pick -= 1 / Double(rank + 1)
                if pick < 0 { return product }
            }
            return list.last!
        }
        let affinities = (0..<shoppers).map { _ in
            (Int.random(in: 0..<categoryCount, using: &random), Int.random(in: 0..<categoryCount, using: &random))
        }
        var orders: [[Int]] = []
        for _ in 0..<orderCount {
            let shopper = affinities[Int.random(in: 0..<shoppers, using: &random)]
            let roll = Double.random(in: 0..<1, using: &random)
            let category = roll < 0.5 ? shopper.0 : roll < 0.85 ? shopper.1 : Int.random(in: 0..<categoryCount, using: &random)
            var items = Set<Int>()
            if Double.random(in: 0..<1, using: &random) < 0.6, let bundle = bundleOf[category].randomElement(using: &random) {
                items.formUnion(bundle)
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) { items.insert(popular(category)) }
            if items.isEmpty { items.insert(popular(category)) }
            orders.append(items.sorted())
        }
        self.categories = categories
        self.orders = orders
    }
}

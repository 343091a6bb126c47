import Recommender
import RecommenderFixtures
import Testing

@Suite("Recommender offline evaluation")
struct OfflineEvaluationTests {
    /// Hit rate at 5 on held-out orders: for each later order with at least two products, hide one
    /// and ask with the others; a hit is the hidden product among the five recommendations.
    static func hitRate(_ test: [[Int]], seed: UInt64, recommend: ([Int]) -> [Int]) -> Double {
        var random = SyntheticOrders.Generator(state: seed)
        var hits = 0
        var trials = 0
        for order in test where order.count >= 2 {
            let hidden = order.randomElement(using: &random)!
            let asked = order.filter { $0 != hidden }
            trials += 1
            if recommend(asked).prefix(5).contains(hidden) { hits += 1 }
        }
        return Double(hits) / Double(max(trials, 1))
    }

    @Test("the co-purchase model beats the popularity baseline at least 2x on hit rate@5, split by time")
    func modelBeatsPopularity() {
        let data = SyntheticOrders(seed: 20_261_126)
        let split = data.orders.count * 4 / 5
        let train = Array(data.orders[..<split])
        let test = Array(data.orders[split...])
        let engine = RecommendationEngine(orders: train, categories: data.categories)
        let baseline = PopularityFallback(orders: train, categories: [:])  // overall best-sellers only

        let modelRate = Self.hitRate(test, seed: 7) { engine.recommend($0, limit: 5).products.map(\.productID) }
        let baselineRate = Self.hitRate(test, seed: 7) { baseline.recommendations(for: $0, limit: 5).map(\.productID) }
        // The stronger baseline: best-sellers of the asked-about products' categories (the fallback alone).
        let categoryRate = Self.hitRate(test, seed: 7) {
            engine.fallback.recommendations(for: $0, limit: 5).map(\.productID)
        }
        print("hit rate@5: model \(modelRate), popularity \(baselineRate), category popularity \(categoryRate)")
        #expect(baselineRate > 0 && categoryRate > 0)
        #expect(modelRate >= 2 * baselineRate, "model \(modelRate) vs popularity \(baselineRate)")
        #expect(modelRate >= 2 * categoryRate, "model \(modelRate) vs category popularity \(categoryRate)")
    }

    @Test("recommendations never include the asked-about products and respect the limit")
    func neverRecommendsTheQuestion() {
        let model = CoPurchaseModel(orders: [[1, 2, 3], [1, 2], [1, 2, 4], [2, 3], [2, 3], [1, 3]], minimumSupport: 2)
        let forOne = model.recommendations(for: [1], limit: 5).map(\.productID)
        #expect(forOne == [2, 3])
        #expect(model.recommendations(for: [1, 2], limit: 5).map(\.productID) == [3])
        #expect(model.recommendations(for: [1], limit: 1).count == 1)
        #expect(model.recommendations(for: [4], limit: 5).isEmpty)  // seen together only once: below support
        #expect(model.recommendations(for: [99], limit: 5).isEmpty)
    }

    @Test("the fallback answers cold starts with the category's best-sellers, then overall")
    func fallbackByCategoryThenOverall() {
        let categories = [1: "a", 2: "a", 3: "a", 4: "b", 5: "b"]
        let fallback = PopularityFallback(orders: [[4], [4], [4], [2], [2], [3]], categories: categories)
        func ids(_ asked: [Int], limit: Int, excluding: Set<Int> = []) -> [Int] {
            fallback.recommendations(for: asked, limit: limit, excluding: excluding).map(\.productID)
        }
        #expect(ids([1], limit: 3) == [2, 3, 4])
        #expect(ids([], limit: 2) == [4, 2])
        #expect(ids([99], limit: 2) == [4, 2])
        #expect(ids([4], limit: 5, excluding: [2]) == [5, 3, 1])
        #expect(fallback.recommendations(for: [], limit: 1) == [ScoredProduct(productID: 4, score: 0.5)])
    }

    @Test("the engine fills the model's answer from the fallback and says which strategy answered")
    func engineFillsFromFallback() {
        let engine = RecommendationEngine(orders: [[1, 2], [1, 2], [3], [3], [3]], categories: [1: "a", 2: "a", 3: "b", 4: "a"])
        let known = engine.recommend([1], limit: 3)
        #expect(known.strategy == .model)
        #expect(known.products.map(\.productID) == [2, 4, 3])  // 2 co-bought; then category "a", then overall
        let unknown = engine.recommend([4], limit: 2)
        #expect(unknown.strategy == .fallback)
        #expect(unknown.products.map(\.productID) == [1, 2])  // category "a" best-sellers first
        #expect(RecommendationEngine(orders: [], categories: [:]).recommend([1], limit: 5).products.isEmpty)
    }
}

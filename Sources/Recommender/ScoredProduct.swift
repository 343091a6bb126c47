/// A recommended product and its score: higher is better; scores compare only within one strategy
/// (co-purchase similarity for the model, share of orders holding the product for the fallback).
public struct ScoredProduct: Sendable, Equatable {
    public let productID: Int
    public let score: Double

    public init(productID: Int, score: Double) {
        self.productID = productID
        self.score = score
    }

    /// Best first; equal scores by ascending product id, so answers are deterministic.
    static func ranking(_ a: ScoredProduct, _ b: ScoredProduct) -> Bool {
        a.score != b.score ? a.score > b.score : a.productID < b.productID
    }
}

import FoundationEssentials
import Logging
import ServiceHTTPClient
import ServiceKit

/// The ml-service as the product page uses it: a short timeout, and no recommendations (never an
/// error page) when it is slow or down.
struct RecommendationsClient: Sendable {
    let http: ServiceHTTPClient
    let timeout: Duration

    private struct Answer: Decodable {
        struct Item: Decodable {
            let productId: Int
        }
        let recommendations: [Item]
    }

    /// Product ids to show beside `productID`; nil when the ml-service cannot answer.
    func productIDs(for productID: Int, limit: Int, logger: Logger) async -> [Int]? {
        do {
            let response = try await http.send(path: "/recommendations?product_id=\(productID)&limit=\(limit)", timeout: timeout)
            guard response.status == .ok else {
                logger.warning("recommendations unavailable", metadata: ["status": "\(response.status.code)"])
                return nil
            }
            return try JSONBody.decoder.decode(Answer.self, from: Data(response.body.readableBytesView)).recommendations.map(\.productId)
        } catch {
            logger.warning("recommendations unavailable", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
